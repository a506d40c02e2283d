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
@click.option("--failures", type=int, default=5, show_default=True,
              help="Failed rows to print (and 4x as many to write) for each cause.")
def eval_ucdp(path: Path | None, limit: int | None, out_dir: Path, failures: int) -> None:
    """Score actors and dates read from UCDP GED Syria headlines against the rows' sides and dates.

    The main figure is "actors and date right" (one event with both sides and an overlapping date),
    over all rows and over rows whose headlines name both sides (the most a headline-only reader
    can get). Each failed row is put down to its first cause: no usable headline, a side the pack
    cannot map, no event read, an actor read that stands for neither side, a side missing, or the
    date.

    \b
    Example:
      frontline eval ucdp --limit 1000
    """
    rows = coder.spread(coder.read_ucdp(path or coder.corpus_path(coder.UCDP_RELATIVE)), limit)
    result = coder.score_ucdp(rows)
    s = result.summary()
    pct = coder.percent
    names = s["headline_names"]
    click.echo(f"UCDP GED rows: {s['rows']} (sides mapped to pack actors: {pct(s['sides_mapped'])})")
    click.echo(f"actors and date right: {pct(s['both_right'])} of all rows; "
               f"{pct(s['both_right_when_named'])} of the {pct(names['both'])} whose headlines name both sides")
    click.echo(f"headlines name both sides: {pct(names['both'])}, one side: {pct(names['one'])}, "
               f"neither: {pct(names['neither'])} (both: the ceiling for reading actors from headlines)")
    click.echo(f"coverage (rows with an event): {pct(s['coverage'])}; one side right: {pct(s['one_side_right'])}")
    click.echo(f"actors right: {pct(s['actors_right'])} ({pct(s['actors_right_when_named'])} when both named)   "
               f"date right: {pct(s['date_right'])}   day-exact date: {pct(s['date_exact'])}")
    click.echo(f"over covered rows: actors {pct(s['actors_right_when_covered'])}, "
               f"date {pct(s['date_right_when_covered'])}, both {pct(s['both_right_when_covered'])}")
    for name, part in s["by_violence_type"].items():
        click.echo(f"  {name:12} rows {part['rows']:6}  actors {pct(part['actors_right'])}  date {pct(part['date_right'])}")
    click.echo("causes (share of rows)      " + "  ".join(f"{k:>7}" for k in ("all", *coder.NAMING)))
    tables = [s["causes"], *(s["causes_by_naming"][k] for k in coder.NAMING)]
    click.echo(f"  {'rows':25}" + "  ".join(f"{t['rows']:>7}" for t in tables))
    for cause in coder.UCDP_CAUSES:
        click.echo(f"  {cause:25}" + "  ".join(f"{pct(t[cause]):>7}" for t in tables))
    samples = result.failures(4 * failures)
    for cause, outcomes in samples.items():
        for o in outcomes[:failures]:
            got = "; ".join(f"{e.actor1} vs {e.actor2} {e.date_start}..{e.date_end}" for e in o.events[:2]) or "no event"
            headline = o.row.headlines[0][0][:80] if o.row.headlines else "-"
            click.echo(f"  x {cause}: {o.row.side_a} / {o.row.side_b} {o.row.date_start}: got {got} | {headline}")
    payload = {
        "summary": s,
        "failures": {cause: [_ucdp_row(o) for o in outcomes] for cause, outcomes in samples.items()},
        "rows": [_ucdp_row(o) for o in result.outcomes],
    }
    click.echo(f"wrote {_write(out_dir, 'ucdp', payload)}")


def _ucdp_row(o: coder.UcdpOutcome) -> dict[str, Any]:
    return {"id": o.row.id, "side_a": o.row.side_a, "side_b": o.row.side_b, "date_start": o.row.date_start,
            "date_end": o.row.date_end, "headlines": [h for h, _ in o.row.headlines], "naming": o.naming,
            "cause": o.cause, "actors_right": o.actors_right, "date_right": o.date_right,
            "events": [[e.sub_event_type, e.actor1, e.actor2, e.date_start, e.date_end] for e in o.events]}


@click.command("petrarch")
@_PATH
@_LIMIT
@_OUT
def eval_petrarch(path: Path | None, limit: int | None, out_dir: Path) -> None:
    """Score CAMEO root and quad-class agreement on the PETRARCH-2 validation sentences.

    Each sentence's act is read by the PLOVER lexicon coder (the extractor's event where it finds
    violence or nothing) and mapped to its CAMEO root. Agreement is reported over all sentences
    with gold events and over those whose gold root is one the coder can emit (CAMEO 01, public
    statements, has no PLOVER type).

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

    The PLOVER coder reads each sentence's act from its parse against a lexicon written from the
    PLOVER codebook, on the dependency path between the marked source and target (and again on
    the plain sentence); the extractor's ASSAULT stands where the lexicon names nothing else.

    \b
    Example:
      frontline eval plover --limit 200
    """
    rows = coder.spread(coder.read_plover(path or coder.corpus_path(coder.PLOVER_RELATIVE)), limit)
    result = coder.score_plover(rows)
    s = result.summary()
    pct = coder.percent
    click.echo(f"PLV rows: {s['rows']}; PLOVER coder (lexicon + extractor, marked source/target): "
               f"{pct(s['combined_accuracy'])}; plain sentences: {pct(s['plain_accuracy'])}; "
               f"published reference {pct(s['reference_accuracy'])}")
    click.echo(f"lexicon alone: {pct(s['lexicon_accuracy'])}; extractor alone: {pct(s['extractor_accuracy'])} "
               f"(codes {pct(s['extractor_coverage'])} of rows); {s['seconds']} s with parsing")
    click.echo(f"  {'gold':10} {'n':>5}  {'marked':>7}  {'plain':>7}")
    for gold, part in s["per_gold_type"].items():
        click.echo(f"  {gold:10} {part['n']:5}  {pct(part['combined_accuracy']):>7}  {pct(part['plain_accuracy']):>7}")
    click.echo("most frequent confusions (gold->ours): " + ", ".join(f"{k} {v}" for k, v in s["confusions"][:8]))
    payload = {"summary": s, "rows": [
        {"uid": o.row.uid, "gold": o.row.gold, "combined": o.combined, "plain": o.plain, "lexicon": o.lexicon,
         "extractor": o.extractor, "trigger": o.trigger} for o in result.outcomes]}
    click.echo(f"wrote {_write(out_dir, 'plover', payload)}")


EVAL_COMMANDS = [eval_ucdp, eval_petrarch, eval_plover]
