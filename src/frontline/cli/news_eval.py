"""`frontline eval news`: events and control on real reporting, tuned and held-out halves side by side."""

from __future__ import annotations

import json
from pathlib import Path

import click

from frontline import settings
from frontline.cli.options import eval_cache_url


@click.command("news")
@click.option("--gold", "gold", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of events-*.jsonl and control-*.csv gold [default: the gold shipped in the package].")
@click.option("--cache", "cache", default=None, metavar="URL",
              help="Store caching extracted events between runs [default: <cache_dir>/eval-news.db].")
@click.option("--fresh", is_flag=True, help="Drop the cached extraction first (after the extractor changed).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out/eval-news.json"), show_default=True)
def eval_news_command(gold: Path | None, cache: str | None, fresh: bool, out: Path) -> None:
    """Score events (sub-type, sides, place within 25 km, date) and control on the real dev reports.

    The reports are read from <shared>/corpora/news/dev; the gold holds facts only (url, offsets,
    labels). Figures come for the tuned and the held-out half side by side.

    \b
    Example:
      frontline eval news --fresh --out out/eval-news.json
    """
    from frontline.eval.news import default_gold_dir, format_report, run_news_eval

    cache_url = eval_cache_url(cache, "eval-news.db", fresh=fresh)
    result = run_news_eval(settings.get_path("shared"), gold or default_gold_dir(), cache_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    details = out.with_name(out.stem + "-tuned-details.jsonl")
    details.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in result.events.details), encoding="utf-8")
    click.echo(format_report(result))
    click.echo(f"written to {out}; the tuned half report by report to {details}")


EVAL_COMMANDS = [eval_news_command]
