"""`frontline eval ucdp | petrarch | plover`: thin shells over frontline.eval.coder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from frontline.eval import coder

_LIMIT = click.option("--limit", type=int, default=None,
                      help="Score only N items, evenly spaced over the file (a quick, still deterministic run).")
_OUT = click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
                    show_default=True, help="Folder for the eval-<name>.json file.")
_PATH = click.argument("path", required=False, type=click.Path(path_type=Path, dir_okay=False))


def _write(out_dir: Path, name: str, payload: dict[str, Any]) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"eval-{name}.json"
    target.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    return target


@click.command("ucdp")
@_PATH
@_LIMIT
@_OUT
@click.option("--failures", type=int, default=10, show_default=True, help="Rows with wrong actors to print.")
def eval_ucdp(path: Path | None, limit: int | None, out_dir: Path, failures: int) -> None:
    """Score actors and dates read from UCDP GED Syria headlines against the rows' sides and dates.

    \b
    Example:
      frontline eval ucdp --limit 1000
    """
    rows = coder.spread(coder.read_ucdp(path or coder.corpus_path(coder.UCDP_RELATIVE)), limit)
    result = coder.score_ucdp(rows)
    s = result.summary()
    click.echo(f"UCDP GED rows: {s['rows']} (sides mapped to pack actors: {coder.percent(s['sides_mapped'])})")
    click.echo(f"coverage (rows with an event): {coder.percent(s['coverage'])}")
    click.echo(f"headlines naming both sides (ceiling for actors): {coder.percent(s['both_sides_named'])}; "
               f"actors right on those: {coder.percent(s['actors_right_when_named'])}; "
               f"one side right: {coder.percent(s['one_side_right'])}")
    click.echo(f"actors right: {coder.percent(s['actors_right'])}   date right: {coder.percent(s['date_right'])}   "
               f"both: {coder.percent(s['both_right'])}   day-exact date: {coder.percent(s['date_exact'])}")
    click.echo(f"over covered rows: actors {coder.percent(s['actors_right_when_covered'])}, "
               f"date {coder.percent(s['date_right_when_covered'])}, both {coder.percent(s['both_right_when_covered'])}")
    for name, part in s["by_violence_type"].items():
        click.echo(f"  {name:12} rows {part['rows']:6}  actors {coder.percent(part['actors_right'])}  date {coder.percent(part['date_right'])}")
    wrong = [o for o in result.outcomes if o.events and not o.actors_right][:failures]
    for o in wrong:
        e = o.events[0]
        click.echo(f"  x {o.row.side_a} / {o.row.side_b}: got {e.actor1} vs {e.actor2} ({e.sub_event_type}) | {o.row.headlines[0][0][:90]}")
    payload = {"summary": s, "rows": [
        {"id": o.row.id, "side_a": o.row.side_a, "side_b": o.row.side_b, "date_start": o.row.date_start,
         "date_end": o.row.date_end, "headlines": [h for h, _ in o.row.headlines], "actors_right": o.actors_right,
         "date_right": o.date_right, "events": [[e.sub_event_type, e.actor1, e.actor2, e.date_start, e.date_end] for e in o.events]}
        for o in result.outcomes]}
    click.echo(f"wrote {_write(out_dir, 'ucdp', payload)}")


@click.command("petrarch")
@_PATH
@_LIMIT
@_OUT
def eval_petrarch(path: Path | None, limit: int | None, out_dir: Path) -> None:
    """Score CAMEO root and quad-class agreement on the PETRARCH-2 validation sentences.

    The coder codes conflict acts only (ACLED's sub-event types), so agreement is reported over all
    sentences with gold events and over those whose gold root is one the coder can emit.

    \b
    Example:
      frontline eval petrarch
    """
    sentences = coder.spread(coder.read_petrarch(path or coder.corpus_path(coder.PETRARCH_RELATIVE)), limit)
    result = coder.score_petrarch(sentences)
    s = result.summary()
    for key, title in (("all_gold_events", "all sentences with gold events"), ("coder_domain", "gold root in the coder's domain")):
        part = s[key]
        click.echo(f"{title}: n={part['n']}, coded {part['coded']}, CAMEO root agreement {coder.percent(part['root_agreement'])}, "
                   f"quad-class agreement {coder.percent(part['quad_agreement'])} "
                   f"(when coded: {coder.percent(part['root_agreement_when_coded'])} / {coder.percent(part['quad_agreement_when_coded'])})")
    click.echo(f"no-event sentences: {s['no_event_sentences']}, with an event from us: {s['events_on_no_event_sentences']}")
    payload = {"summary": s, "sentences": [
        {"id": o.sentence.id, "gold": list(o.sentence.codes), "predicted_root": o.predicted, "text": o.sentence.text}
        for o in result.outcomes]}
    click.echo(f"wrote {_write(out_dir, 'petrarch', payload)}")


@click.command("plover")
@_PATH
@_LIMIT
@_OUT
def eval_plover(path: Path | None, limit: int | None, out_dir: Path) -> None:
    """Score PLOVER root-code accuracy on PLV_test (published reference 0.835).

    The extractor's event type gives the PLOVER type; where it finds no event the CASE snippet
    classifier's sub-event type does ("combined").

    \b
    Example:
      frontline eval plover --limit 200
    """
    rows = coder.spread(coder.read_plover(path or coder.corpus_path(coder.PLOVER_RELATIVE)), limit)
    result = coder.score_plover(rows)
    s = result.summary()
    click.echo(f"PLV rows: {s['rows']}; extractor alone: accuracy {coder.percent(s['extractor_accuracy'])} "
               f"(codes {coder.percent(s['extractor_coverage'])} of rows); combined: {coder.percent(s['combined_accuracy'])}; "
               f"published reference {coder.percent(s['reference_accuracy'])}")
    for gold, part in s["per_gold_type"].items():
        click.echo(f"  {gold:10} n={part['n']:4}  {coder.percent(part['combined_accuracy'])}")
    payload = {"summary": s, "rows": [
        {"uid": o.row.uid, "gold": o.row.gold, "extractor": o.extractor, "combined": o.combined} for o in result.outcomes]}
    click.echo(f"wrote {_write(out_dir, 'plover', payload)}")


EVAL_COMMANDS = [eval_ucdp, eval_petrarch, eval_plover]
