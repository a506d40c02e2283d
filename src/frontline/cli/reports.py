"""Commands over reports and events: extract, ingest, events, export, documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from frontline import settings
from frontline.cli.options import day, db_option
from frontline.errors import InputError
from frontline.model import Event

FORMATS = ("table", "json", "csv", "geojson")


def _emit(events: list[Event], fmt: str, document: object = None) -> None:
    from frontline.model import Document
    from frontline.outputs import formats

    if fmt == "table":
        click.echo(formats.table(events))
    elif fmt == "json":
        click.echo(formats.to_json(document if isinstance(document, Document) else None, events))
    elif fmt == "csv":
        click.echo(formats.to_csv(events), nl=False)
    elif fmt == "geojson":
        click.echo(formats.to_geojson(events))


@click.command()
@click.argument("source")
@click.option("--published", default=None, metavar="DATE", help="Publication date (YYYY-MM-DD); overrides the source's.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def extract(source: str, published: str | None, fmt: str) -> None:
    """Extract events from one report (file, URL or - for stdin) without storing anything.

    \b
    Examples:
      frontline extract report.txt --published 2017-10-07
      frontline extract https://example.org/article.html --format json
      cat report.txt | frontline extract - --format geojson
    """
    from frontline.events.extract import extract as extract_events
    from frontline.ingest.sources import read_source

    items = list(read_source(source, published=day(published)))
    errors = [i.error for i in items if i.error]
    docs = [i.document for i in items if i.document is not None]
    if not docs:
        raise InputError(errors[0] if errors else f"{source}: no report found")
    for error in errors:
        click.echo(f"error: {error}", err=True)
    for doc in docs:
        events = extract_events(doc)
        if not events and fmt == "table":
            click.echo(f"no events found in {source}")
            continue
        _emit(events, fmt, doc)
    if errors:
        sys.exit(InputError.exit_code)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--published", default=None, metavar="DATE", help="Publication date for every report read (YYYY-MM-DD).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar [default: when more than 5 inputs on a terminal].")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Extract on a local Dask cluster with this many worker processes.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Extract on an existing Dask cluster (tcp://host:8786).")
def ingest(sources: tuple[str, ...], db: str | None, published: str | None, progress: bool | None,
           workers: int, scheduler: str | None) -> None:
    """Read reports (files, folders, URLs, .jsonl, feeds), extract their events and store them.

    A report already stored (same content hash) is skipped. Bad inputs are reported one line each;
    the others are still stored. Exit code 2 when any input failed.

    \b
    Examples:
      frontline ingest examples/
      frontline ingest reports.jsonl --db sqlite:///syria.db
      frontline ingest https://example.org/feed.xml --db postgresql://analyst@localhost/frontline
      frontline ingest archive/ --workers 2
    """
    from tqdm import tqdm

    from frontline.ingest.run import ingest as run_ingest
    from frontline.ingest.sources import expand
    from frontline.store import open_store

    when = day(published)
    store = open_store(db)
    inputs = expand(list(sources))
    show = progress if progress is not None else (len(inputs) > 5 and sys.stderr.isatty())
    with tqdm(total=len(inputs), unit="report", disable=not show, file=sys.stderr) as bar:
        summary = run_ingest(inputs, store, published=when, on_progress=bar.update, workers=workers, scheduler=scheduler)
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(InputError.exit_code)


@click.command()
@db_option
@click.option("--since", default=None, metavar="DATE")
@click.option("--until", default=None, metavar="DATE")
@click.option("--place", default=None, help="Place name (substring).")
@click.option("--actor", default=None, help="Actor name (substring, any role).")
@click.option("--type", "event_type", default=None, help="Event type or sub-event type (substring).")
@click.option("--claim", "claim_status", default=None, help="Claim status: reported, claimed, accused, denied ...")
@click.option("--limit", default=None, type=int)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def events(db: str | None, since: str | None, until: str | None, place: str | None, actor: str | None,
           event_type: str | None, claim_status: str | None, limit: int | None, fmt: str) -> None:
    """List stored events.

    \b
    Examples:
      frontline events --place Mayadin
      frontline events --since 2017-10-01 --actor ISIS --format json
    """
    from frontline.store import EventFilter, open_store

    store = open_store(db)
    found = store.events(
        EventFilter(
            since=day(since), until=day(until), place=place, actor=actor,
            event_type=event_type, claim_status=claim_status, limit=limit,
        )
    )
    _emit(found, fmt)


EXPORT_FORMATS = ("acled-csv", "geojson", "plover-json", "json", "html")


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="acled-csv", show_default=True)
@click.option("--since", default=None, metavar="DATE")
@click.option("--until", default=None, metavar="DATE")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write [default: stdout].")
def export(db: str | None, fmt: str, since: str | None, until: str | None, output: Path | None) -> None:
    """Export stored events: ACLED-style CSV, GeoJSON, PLOVER JSON, or a standalone HTML map.

    \b
    Examples:
      frontline export --format acled-csv -o events.csv
      frontline export --format geojson --since 2017-10-01 -o events.geojson
      frontline export --format html -o map.html
    """
    from frontline.outputs.export import export_events
    from frontline.store import EventFilter, open_store

    store = open_store(db)
    text = export_events(store, fmt, EventFilter(since=day(since), until=day(until)))
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@click.command()
@db_option
@click.option("--search", default=None, help="Text to look for in titles and bodies.")
@click.option("--limit", default=50, show_default=True, type=int)
def documents(db: str | None, search: str | None, limit: int) -> None:
    """List stored reports (id, date, publisher, title).

    \b
    Example:
      frontline documents --search Qaryatayn
    """
    from frontline.store import open_store

    store = open_store(db)
    for doc in store.documents(limit=limit, query=search):
        published = doc.published.isoformat() if doc.published else "----------"
        click.echo(f"{doc.id[:12]}  {published}  {(doc.publisher or '-')[:24]:24}  {(doc.title or '')[:80]}")


@click.command("settings")
def show_settings() -> None:
    """List every setting with its environment variable, current value and meaning."""
    for s in settings.SETTINGS:
        click.echo(f"{s.env:32} {settings.get(s.name)!r:32} {s.help}")


@click.command("seed")
@click.option("--gold", "gold_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Gold file [default: SHARED/seed/gold.json].")
@click.option("--max-false-positives", default=2, show_default=True, type=int)
@click.option("--gate/--no-gate", default=False, help="Exit 1 when a required event is missed or there are too many false positives.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/eval-seed.json"), show_default=True)
def eval_seed(gold_path: Path | None, max_false_positives: int, gate: bool, out: Path) -> None:
    """Score the extractor on the seed report against its hand-coded gold.

    \b
    Example:
      frontline eval seed --gate
    """
    import json

    from frontline.eval.seed_run import run_seed

    report = run_seed(gold_path or settings.get_path("shared") / "seed" / "gold.json")
    for line in report.lines():
        click.echo(line)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report.as_dict(), indent=2), encoding="utf-8")
    summary = report.score.summary()
    failed = bool(summary["required_missed"]) or summary["false_positives"] > max_false_positives
    click.echo(("FAIL" if failed else "PASS") + f": {summary['required_found']}/{summary['required']} required events, "
               f"{summary['false_positives']} false positives (max {max_false_positives})")
    if gate and failed:
        sys.exit(1)


COMMANDS = [extract, ingest, events, export, documents, show_settings]
EVAL_COMMANDS = [eval_seed]
