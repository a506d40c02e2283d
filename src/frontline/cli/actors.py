"""`frontline actors find | show | check | outlets` and `frontline eval actors`: thin shells over frontline.actors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from frontline import settings
from frontline.cli.options import day
from frontline.errors import InputError

if TYPE_CHECKING:
    from frontline.actors import ActorPack


def _pack(path: Path | None, theatre: str | None) -> ActorPack:
    from frontline.actors import load_pack, load_pack_file

    return load_pack_file(path) if path else load_pack(theatre)


pack_option = click.option("--pack", "pack_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                           help="An actor pack file to use instead of the shipped one.")
theatre_option = click.option("--theatre", default=None, help="Shipped pack to use [default: the `theatre` setting].")


@click.group("actors")
def actors() -> None:
    """Find actors in text, look them up, and check actor packs."""


@actors.command("find")
@click.argument("source", default="-")
@click.option("--outlet", default=None, help="Outlet the text comes from; decides what loaded words mean.")
@click.option("--date", "on", default=None, metavar="DATE", help="Date of the text (YYYY-MM-DD), for alliances.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pack_option
@theatre_option
def find_command(source: str, outlet: str | None, on: str | None, fmt: str, pack_path: Path | None,
                 theatre: str | None) -> None:
    """List the actors a text file (or - for stdin) mentions.

    \b
    Example:
      echo "The army killed terrorists." | frontline actors find - --outlet SANA
    """
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read {source}: not UTF-8 text (byte {exc.start})") from exc
    pack = _pack(pack_path, theatre)
    mentions = pack.find(text, outlet=outlet, on=day(on))
    if fmt == "json":
        click.echo(json.dumps([{"start": m.start, "end": m.end, "text": m.text, "actor": m.actor, "via": m.via}
                               for m in mentions], indent=2, ensure_ascii=False))
        return
    for m in mentions:
        click.echo(f"{m.start:>6}-{m.end:<6} {m.via:<10} {m.text!r:40} -> {m.actor}")


@actors.command("show")
@click.argument("name")
@click.option("--date", "on", default=None, metavar="DATE", help="Date for ACLED name, side and allies.")
@pack_option
@theatre_option
def show_command(name: str, on: str | None, pack_path: Path | None, theatre: str | None) -> None:
    """Show an actor (by name or alias) or an outlet: codes, parent, side and allies.

    \b
    Examples:
      frontline actors show Hezbollah --date 2017-10-06
      frontline actors show "Syrian Arab News Agency"
    """
    pack = _pack(pack_path, theatre)
    when = day(on)
    canonical = pack.canonical(name)
    if canonical is None:
        outlet = pack.outlet(name)
        if outlet is None:
            pack.actor(name)  # raises NotFoundError with its message
            return
        click.echo(f"outlet       {outlet.name} ({outlet.kind})")
        click.echo(f"speaks for   {outlet.affiliation or 'nobody (independent)'}")
        if outlet.leaning:
            click.echo(f"leans to     {outlet.leaning}")
        if outlet.note:
            click.echo(f"note         {outlet.note}")
        return
    actor = pack.actor(canonical)
    from frontline.events.taxonomy import INTER_CODES

    click.echo(f"actor        {actor.name} ({actor.kind})")
    click.echo(f"ACLED        {actor.acled_name_on(when)}; inter {actor.inter} {INTER_CODES[actor.inter]}")
    click.echo(f"PLOVER       {actor.plover_sector}")
    click.echo(f"lineage      {' < '.join(pack.lineage(actor.name))}")
    click.echo(f"side         {pack.side(actor.name, when)}")
    click.echo(f"allies       {', '.join(sorted(pack.allies(actor.name, when))) or '-'}")
    if actor.note:
        click.echo(f"note         {actor.note}")


@actors.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def check_command(path: Path) -> None:
    """Validate an actor pack file against the schema and its own references.

    \b
    Example:
      frontline actors check my-theatre.yaml
    """
    from frontline.actors import load_pack_file

    pack = load_pack_file(path)
    click.echo(f"ok: {path}: theatre {pack.theatre}, {len(pack.actors)} actors, {len(pack.outlets)} outlets, "
               f"{len(pack.coalitions)} coalitions, {len(pack.context_terms)} context terms")


@click.command("actors")
@click.option("--ucdp-limit", type=int, default=None, help="Read only the first N UCDP events.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/eval-actors.json"),
              show_default=True)
@theatre_option
def eval_actors(ucdp_limit: int | None, out: Path, theatre: str | None) -> None:
    """Score the actor pack: seed gold actors, UCDP headlines, FA-KES outlets and matching speed.

    \b
    Example:
      frontline eval actors
    """
    from frontline.actors import evaluate, load_pack

    shared = settings.get_path("shared")
    pack = load_pack(theatre)
    seed = evaluate.seed_actors(pack, shared / "seed/gold.json", shared / "seed/syria-daily-2017-10-07.txt")
    click.echo(f"seed: {seed.aliases_resolved}/{seed.aliases} gold aliases resolve; actors found "
               f"{len(seed.found_actors)} (missed {list(seed.missed_actors)}, extra {list(seed.extra_actors)}); "
               f"ACLED names {seed.acled_names_agree}/{seed.acled_names_checked}")
    for line in seed.unresolved:
        click.echo(f"  unresolved: {line}")
    ucdp = evaluate.ucdp_headlines(pack, shared / "corpora/events/ucdp/ucdp_ged191_syria.csv", limit=ucdp_limit)
    click.echo(f"ucdp: {ucdp.events} events; side names mapped {ucdp.side_names_mapped}/{ucdp.side_names}; "
               f"headlines with an actor {ucdp.headlines_with_actor}; mentions consistent with UCDP sides "
               f"{ucdp.mentions_consistent}/{ucdp.mentions_checked} (one-sentence headlines "
               f"{ucdp.short_mentions_consistent}/{ucdp.short_mentions_checked})")
    click.echo(f"  unmapped side names: {list(ucdp.unmapped_side_names)}")
    fakes_path = shared / "corpora/news/fakes/FA-KES-Dataset.csv"
    outlets = evaluate.fakes_outlets(pack, fakes_path)
    click.echo(f"fa-kes: {outlets.articles} articles; {len(outlets.sources_resolved)}/{outlets.sources} source labels "
               f"resolve to outlets (unresolved {list(outlets.sources_unresolved)}); {outlets.mentions} mentions, "
               f"{outlets.pejorative_mentions} via pejoratives, {outlets.pejorative_resolved_by_outlet} resolved "
               "only because the outlet is known")
    timing = evaluate.speed(pack, evaluate.fakes_texts(fakes_path))
    click.echo(f"speed: {timing.texts} texts, {timing.characters} characters, {timing.mentions} mentions in "
               f"{timing.seconds:.3f} s = {timing.ms_per_1000_chars:.4f} ms per 1,000 characters")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"seed": evaluate.as_dict(seed), "ucdp": evaluate.as_dict(ucdp),
                               "fakes": evaluate.as_dict(outlets), "speed": evaluate.as_dict(timing)},
                              indent=2, ensure_ascii=False), encoding="utf-8")
    click.echo(f"wrote {out}")


COMMANDS = [actors]
EVAL_COMMANDS = [eval_actors]
