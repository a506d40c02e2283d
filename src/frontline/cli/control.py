"""`frontline control | timeline | incidents` and `frontline eval control`: thin shells over control and incidents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from frontline import settings
from frontline.cli.options import day, db_option, eval_cache_url
from frontline.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from frontline.control import Sides
    from frontline.model import Event


def _load(db: str | None, **filters: Any) -> tuple[list["Event"], dict[str, str | None]]:
    """Return the stored events matching `filters` and each document's outlet name."""
    from frontline.store import open_store

    store = open_store(db)
    try:
        return store.events(**filters), store.publishers()
    finally:
        store.close()


def _publisher_sides(publishers: dict[str, str | None], sides: "Sides") -> dict[str, str | None]:
    return {doc: sides.outlet_side(name) for doc, name in publishers.items()}


@click.command("control")
@db_option
@click.option("--at", "at", default=None, metavar="DATE",
              help="Day to show (YYYY-MM-DD); later reports about earlier days count [default: latest state].")
@click.option("--place", default=None, metavar="NAME", help="Only this place (name or alternate name).")
@click.option("--region", default=None, metavar="ADMIN1", help="Only places in this first-level division (name or code).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "geojson"]), default="table", show_default=True)
def control_command(db: str | None, at: str | None, place: str | None, region: str | None, fmt: str) -> None:
    """Show who holds each place, how firmly and on what evidence, computed from the stored events.

    \b
    Examples:
      frontline control --at 2017-10-10 --region "Deir ez-Zor"
      frontline control --place Mayadin --format json
      frontline control --at 2017-10-31 --format geojson > control.geojson
    """
    from frontline.control import Sides, compute_control
    from frontline.control.export import (
        select_states,
        state_to_dict,
        states_table,
        states_to_geojson,
    )

    when = day(at)
    # All evidence counts, also that dated after `at`: a later confirmation says what held on the day.
    found, publishers = _load(db)
    sides = Sides.for_theatre()
    cmap = compute_control(found, sides=sides, publisher_sides=_publisher_sides(publishers, sides))
    states = select_states(cmap, at=when, place=place, region=region)
    if place and not states:
        raise NotFoundError(f"no control evidence for {place!r}: check the name with `frontline events --place {place}`")
    if fmt == "json":
        click.echo(json.dumps([state_to_dict(s) for s in states], ensure_ascii=False, indent=2))
    elif fmt == "geojson":
        click.echo(json.dumps(states_to_geojson(states), ensure_ascii=False))
    else:
        click.echo(states_table(states) if states else "no places with control evidence")


@click.command("timeline")
@click.argument("place")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def timeline_command(place: str, db: str | None, fmt: str) -> None:
    """Show the control timeline of one place: each holder and status, from when to when, with evidence.

    \b
    Example:
      frontline timeline Mayadin
    """
    from frontline.control import Sides, compute_control
    from frontline.control.export import states_table, timeline_entry

    found, publishers = _load(db)
    sides = Sides.for_theatre()
    cmap = compute_control(found, sides=sides, publisher_sides=_publisher_sides(publishers, sides))
    places = cmap.find(place) or [p for p in cmap.places.values() if place.lower() in p.name.lower()]
    if not places:
        raise NotFoundError(f"no control evidence for {place!r}: check the name with `frontline events --place {place}`")
    if fmt == "json":
        out = [
            {"place": p.name, "gazetteer_id": p.gazetteer_id,
             "states": [timeline_entry(s) for s in cmap.timeline(p.gazetteer_id)]}
            for p in places
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    by_id = {e.id: e for e in found}
    for p in places:
        click.echo(f"{p.name} ({p.gazetteer_id}, {p.admin1 or p.country})")
        states = cmap.timeline(p.gazetteer_id)
        click.echo(states_table(states, with_until=True))
        for s in states:
            click.echo(f"\n{s.since.isoformat()} {s.holder}, {s.status}:")
            for event_id in s.evidence:
                e = by_id.get(event_id)
                if e is None:
                    continue
                when = e.date_start.isoformat() if e.date_start else "?"
                source = e.claim.source or publishers.get(e.document_id) or "unattributed"
                click.echo(f"  {event_id[:12]} {when} {e.sub_event_type} [{e.claim.status}; {source}] {e.text[:110]}")


@click.command("incidents")
@db_option
@click.option("--since", default=None, metavar="DATE", help="Only events ending on or after this day.")
@click.option("--until", default=None, metavar="DATE", help="Only events starting on or before this day.")
@click.option("--place", default=None, metavar="NAME", help="Only events at places whose name contains NAME.")
@click.option("--actor", default=None, metavar="NAME", help="Only events involving this actor.")
@click.option("--type", "event_type", default=None, metavar="TYPE", help="Only this event type or sub-event type.")
@click.option("--corroboration", type=click.Choice(["single source", "one side", "independent", "both sides"]),
              default=None, help="Only incidents with this corroboration level.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def incidents_command(
    db: str | None, since: str | None, until: str | None, place: str | None, actor: str | None,
    event_type: str | None, corroboration: str | None, fmt: str,
) -> None:
    """Merge stored events that report the same act into incidents, with sources and corroboration.

    \b
    Example:
      frontline incidents --place Mayadin --since 2017-10-01
    """
    from frontline.control import Sides
    from frontline.control.export import incident_to_dict, table
    from frontline.incidents import merge_incidents

    found, publishers = _load(db, since=day(since), until=day(until), place=place, actor=actor,
                              event_type=event_type)
    incidents = merge_incidents(found, sides=Sides.for_theatre(), publishers=publishers)
    if corroboration:
        incidents = [i for i in incidents if i.corroboration == corroboration]
    if fmt == "json":
        click.echo(json.dumps([incident_to_dict(i) for i in incidents], ensure_ascii=False, indent=2))
        return
    if not incidents:
        click.echo("no incidents: no stored events match")
        return
    rows = [
        [
            i.date_start.isoformat() if i.date_start else "",
            i.sub_event_type,
            i.actor1 or "",
            i.actor2 or "",
            i.location.place.name if i.location else "",
            str(len(i.event_ids)),
            i.corroboration,
            "; ".join(i.sources)[:60],
        ]
        for i in incidents
    ]
    click.echo(table(rows, ["date", "sub-event", "actor1", "actor2", "place", "events", "corroboration", "sources"]))


@click.command("control")
@click.option("--gold", "gold", type=click.Path(path_type=Path), default=None,
              help="Control record CSV [default: <shared>/corpora/news/control_gold_2017q4_dev.csv].")
@click.option("--cache", "cache", default=None, metavar="URL",
              help="Store caching extracted events between runs [default: <cache_dir>/eval-control.db].")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("out/eval-control.json"), show_default=True)
@click.option("--margin", "margin", type=int, default=10, show_default=True, help="Days of articles read either side of the record.")
@click.option("--tolerance-km", type=float, default=20.0, show_default=True, help="How far a place may lie from a record row.")
@click.option("--lag", "lag", type=int, default=3, show_default=True, help="Days after the record date the holder is checked.")
@click.option("--window", "window", type=int, default=7, show_default=True, help="Days either side an event may support a row.")
@click.option("--rows/--no-rows", "show_rows", default=True, help="Print one line per capture row.")
@click.option("--fresh", is_flag=True, help="Drop the cached extraction first (after the extractor changed).")
def eval_control_command(
    gold: Path | None, cache: str | None, out: Path, margin: int, tolerance_km: float, lag: int, window: int,
    show_rows: bool, fresh: bool,
) -> None:
    """Score control timelines built from the 2017 news corpora against a dated control record.

    \b
    Example:
      frontline eval control --gold ../shared/corpora/news/control_gold_2017q4_dev.csv
    """
    from frontline.eval.control import run_control_eval, write_report

    shared = settings.get_path("shared")
    gold_path = gold or shared / "corpora" / "news" / "control_gold_2017q4_dev.csv"
    if not gold_path.exists():
        raise InputError(f"no control record at {gold_path}: pass --gold PATH or set FRONTLINE_SHARED")
    cache_url = eval_cache_url(cache, "eval-control.db", fresh=fresh)
    score = run_control_eval(gold_path, shared, cache_url, margin_days=margin, tolerance_km=tolerance_km,
                             window_days=window, lag_days=lag)
    write_report(score, out, {"gold": str(gold_path)})
    if show_rows:
        for r in score.rows:
            mark = ("-" if not r.mentioned else "named") if not r.covered else ("ok" if r.holder_right else "WRONG")
            click.echo(
                f"{r.id:>3} {r.day} {r.place[:28]:<28} want {r.expected:<26} {mark:<5} "
                f"got {r.holder or '':<26} {r.status or '':<10} change {r.change_day or '':<10} "
                f"err {'' if r.error_days is None else r.error_days}"
            )
    acc = "n/a" if score.holder_accuracy is None else f"{score.holder_accuracy:.1%}"
    med = "n/a" if score.median_change_error_days is None else f"{score.median_change_error_days:.1f}"
    click.echo(
        f"articles {score.documents}, events {score.events}, places {score.places}\n"
        f"capture rows {score.capture_rows}, named by some article {score.mentioned}, "
        f"covered by an extracted event {score.covered} ({score.coverage:.1%})\n"
        f"holder right {lag} days after: {score.holder_right}/{score.covered} ({acc})\n"
        f"change found for {score.changes_found} covered rows; median date error {med} days\n"
        f"written to {out}"
    )


COMMANDS = [control_command, timeline_command, incidents_command]
EVAL_COMMANDS = [eval_control_command]
