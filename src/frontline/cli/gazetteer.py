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
@click.option("--without", "without", multiple=True, help="Leave out a shipped supplement (e.g. syria-ucdp.yaml).")
@_INDEX
def build(force: bool, without: tuple[str, ...], index: Path | None) -> None:
    """Build the gazetteer index (done once; also happens on first use).

    \b
    Examples:
      frontline gazetteer build
      frontline gazetteer build --force --index /tmp/gazetteer.sqlite
      frontline gazetteer build --force --index /tmp/no-ucdp.sqlite --without syria-ucdp.yaml
    """
    import time

    from frontline.gazetteer import build_index, default_index_path, open_gazetteer

    target = index or default_index_path()
    if target.exists() and not force:
        gaz = open_gazetteer(target, build=True)
        click.echo(f"gazetteer index at {target} is up to date (use --force to rebuild)")
        _print_stats(gaz.stats())
        return
    started = time.perf_counter()
    build_index(target, progress=True, exclude=without)
    click.echo(f"built in {time.perf_counter() - started:.1f} s")
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
    from frontline.gazetteer.index import (
        import_alternate_names,
        is_alternate_names_file,
    )

    target = index or default_index_path()
    open_gazetteer(target, build=True)  # a dump extends a built index
    if is_alternate_names_file(dump):
        count = import_alternate_names(dump, target)
        click.echo(f"added {count} alternate names from {dump} to {target}")
        return
    count = import_geonames(dump, target)
    click.echo(f"imported {count} rows from {dump} into {target}")


@gazetteer.command("import-places")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["ucdp", "acled", "csv"]), default=None,
              help="File kind (detected from the header when left out).")  # fmt: skip
@_INDEX
def import_places_cmd(path: Path, kind: str | None, index: Path | None) -> None:
    """Add the places of a UCDP GED CSV, an ACLED export or a name,latitude,longitude,country,admin1 CSV.

    Only rows placed at the place itself are read (UCDP where_prec 1, ACLED geo_precision 1);
    names are cleaned ("Kafr Nabl town" -> Kafr Nabl); places the index knows are skipped. Each
    place keeps its source.

    \b
    Examples:
      frontline gazetteer import-places ged191.csv
      frontline gazetteer import-places my-acled-export.csv --kind acled
      frontline gazetteer import-places villages.csv --index /data/gazetteer.sqlite
    """
    from frontline.gazetteer import default_index_path, open_gazetteer
    from frontline.gazetteer.imports import read_places
    from frontline.gazetteer.index import import_places

    target = index or default_index_path()
    open_gazetteer(target, build=True)
    places = read_places(path, kind)
    added, known = import_places(places, target)
    click.echo(f"read {len(places)} places from {path}: added {added}, already known {known}, into {target}")


@gazetteer.command("ucdp-supplement")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option("--country", default="SY", show_default=True, help="ISO2 code of the theatre's country.")
@click.option("--theatre", default="syria-ucdp", show_default=True, help="Theatre name of the supplement.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Supplement file to write [default: the package's supplements/<theatre>.yaml].")  # fmt: skip
def ucdp_supplement_cmd(path: Path | None, country: str, theatre: str, out: Path | None) -> None:
    """Write a theatre supplement from a UCDP GED CSV: its villages GeoNames lacks, and its spellings.

    \b
    Example (rebuilds the shipped Syria supplement):
      frontline gazetteer ucdp-supplement ../shared/corpora/events/ucdp/ucdp_ged191_syria.csv
    """
    from importlib import resources

    from frontline import settings
    from frontline.gazetteer.imports import (
        UCDP_CITATION,
        cities500_rows,
        draft_supplement,
        read_ucdp,
        supplement_yaml,
    )

    path = path or settings.get_path("shared") / "corpora" / "events" / "ucdp" / "ucdp_ged191_syria.csv"
    places = [p for p in read_ucdp(path) if p.country == country.upper()]
    draft = draft_supplement(places, cities500_rows(country.upper()))
    source = f"ucdp:{path.name}"
    text = supplement_yaml(draft, theatre=theatre, country=country.upper(), source=source, citation=UCDP_CITATION,
                           command=f"frontline gazetteer ucdp-supplement {path.name} --country {country.upper()} --theatre {theatre}")  # fmt: skip
    target = out or Path(str(resources.files("frontline.gazetteer").joinpath("data", "supplements", f"{theatre}.yaml")))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(
        f"{len(places)} UCDP places: {draft.known} known to GeoNames, {len(draft.geonames_aliases)} new spellings "
        f"of GeoNames places, {len(draft.places)} new places; wrote {target} ({len(text) / 1000:.0f} kB)"
    )


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
