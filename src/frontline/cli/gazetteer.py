"""`frontline gazetteer`: build the place index, import GeoNames dumps, search names."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from frontline.errors import NotFoundError
from frontline.model import Place

_INDEX = click.option(
    "--index",
    "index",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Index file (default: gazetteer-v1.sqlite in the cache_dir setting).",
)


@click.group("gazetteer")
def gazetteer() -> None:
    """Build, extend and search the place gazetteer (GeoNames + theatre supplements)."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if an index exists.")
@_INDEX
def build(force: bool, index: Path | None) -> None:
    """Build the gazetteer index (done once; also happens on first use).

    \b
    Examples:
      frontline gazetteer build
      frontline gazetteer build --force --index /tmp/gazetteer.sqlite
    """
    from frontline.gazetteer import build_index, default_index_path, open_gazetteer

    target = index or default_index_path()
    if target.exists() and not force:
        gaz = open_gazetteer(target, build=True)
        click.echo(f"gazetteer index at {target} is up to date (use --force to rebuild)")
        _print_stats(gaz.stats())
        return
    build_index(target, progress=True)
    from frontline.gazetteer.store import forget

    forget(target)
    _print_stats(open_gazetteer(target, build=False).stats())


def _print_stats(stats: dict[str, str]) -> None:
    size_mb = int(stats.get("bytes", "0")) / 1e6
    click.echo(
        f"places: {stats.get('places')}  keys: {stats.get('keys')}  size: {size_mb:.1f} MB  "
        f"theatres: {stats.get('theatres') or '-'}  dumps: {stats.get('dumps') or '-'}"
    )


@gazetteer.command("import")
@click.argument("dump", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@_INDEX
def import_cmd(dump: Path, index: Path | None) -> None:
    """Add a GeoNames dump (allCountries.zip, a country file such as SY.zip, or its .txt).

    Rows replace places with the same geonameid; admin units get GeoNames' own coordinates.

    \b
    Examples:
      frontline gazetteer import ~/Downloads/SY.zip
      frontline gazetteer import allCountries.zip --index /data/gazetteer.sqlite
    """
    from frontline.gazetteer import default_index_path, import_geonames, open_gazetteer

    target = index or default_index_path()
    open_gazetteer(target, build=True)  # a dump extends a built index
    count = import_geonames(dump, target)
    click.echo(f"imported {count} rows from {dump} into {target}")


@gazetteer.command("search")
@click.argument("name")
@click.option("--country", default=None, help="ISO2 country code to restrict to, e.g. SY.")
@click.option("--limit", default=10, show_default=True, help="Most places to show.")
@click.option("--fuzzy", is_flag=True, help="Also show close spellings (rapidfuzz) when nothing matches exactly.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_INDEX
def search(name: str, country: str | None, limit: int, fuzzy: bool, fmt: str, index: Path | None) -> None:
    """Look a place name up, best match first.

    \b
    Examples:
      frontline gazetteer search Mayadin
      frontline gazetteer search "Deir ez-Zor Province" --format json
      frontline gazetteer search Damascus --country SY
      frontline gazetteer search Qaryatyn --fuzzy
    """
    from frontline.gazetteer import open_gazetteer

    gaz = open_gazetteer(index, build=index is None)  # only the default index is built on demand
    hits: list[tuple[Place, float]] = [(p, 1.0) for p in gaz.lookup(name, country=country, limit=limit)]
    if not hits and fuzzy:
        hits = gaz.fuzzy(name, country=country, limit=limit)
    if not hits:
        hint = "" if fuzzy else ": try --fuzzy"
        raise NotFoundError(f"no place named {name!r} in the gazetteer{hint}")
    if fmt == "json":
        out = [dict(dataclasses.asdict(p), similarity=s) for p, s in hits]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'id':<18} {'name':<28} {'code':<5} {'cc':<2} {'admin1':<20} {'lat':>9} {'lon':>10} {'pop':>10}")
    for p, sim in hits:
        mark = "" if sim >= 1.0 else f"  ~{sim:.2f}"
        click.echo(
            f"{p.gazetteer_id:<18} {p.name[:28]:<28} {p.feature_code:<5} {p.country:<2} {(p.admin1 or '')[:20]:<20} "
            f"{p.latitude:>9.4f} {p.longitude:>10.4f} {p.population:>10}{mark}"
        )


@gazetteer.command("bench")
@click.option("--lookups", default=10_000, show_default=True, help="Distinct names to look up.")
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Also write the figures here (JSON)."
)
@_INDEX
def bench(lookups: int, out: Path | None, index: Path | None) -> None:
    """Measure cold open, lookup time, memory and index size.

    \b
    Examples:
      frontline gazetteer bench
      frontline gazetteer bench --lookups 20000 --out bench/gazetteer.json
    """
    from frontline.gazetteer.bench import run_bench

    result = run_bench(index, lookups=lookups)
    text = result.to_json()
    click.echo(text)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")


COMMANDS = [gazetteer]
