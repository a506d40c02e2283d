"""Read the gazetteer index: exact and fuzzy name lookup, ids, admin units, countries, demonyms."""

from __future__ import annotations

import fcntl
import logging
import math
import re
import sqlite3
import subprocess
import sys
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from anyascii import anyascii

from frontline import settings
from frontline.errors import ConfigError
from frontline.gazetteer import sources
from frontline.gazetteer.index import (
    FULL_FORM,
    INDEX_FILENAME,
    INDEX_VERSION,
    MAIN_NAME,
    key_hash,
    sources_digest,
)
from frontline.gazetteer.normalize import (
    SKELETON_PREFIX,
    NameKey,
    name_key,
    skeleton_from_key,
    strip_direction,
    strip_feature_word,
)
from frontline.model import Place

log = logging.getLogger(__name__)

_PLACE_COLUMNS = "pid, gid, name, lat, lon, fclass, fcode, country, admin1, admin2, population, score, alts"
_JOINED_COLUMNS = ", ".join("p." + c.strip() for c in _PLACE_COLUMNS.split(","))
# A place matched only through a GeoNames alternate name (a historical or foreign form) ranks as
# if it were about three times smaller: "Augusta" is Augusta before it is Augsburg.
_ALTERNATE_PENALTY = 0.5
_PREFER_BONUS = math.log10(100)
_ADMIN_CODES = frozenset({"ADM1", "ADM2", "ADM3", "ADM4", "ADM5", "ADMD"})
_COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR", "PCLH"})


def default_index_path() -> Path:
    """Return where the index lives by default: the `cache_dir` setting."""
    return settings.get_path("cache_dir") / INDEX_FILENAME


def _plain(name: str) -> str:
    """Return a name lower-cased with only its letters and digits: as written, no spelling folded."""
    return re.sub(r"[^a-z0-9]+", "", anyascii(name).lower())


def _hint_rank(hint: str | None, fclass: str, fcode: str) -> int:
    """Return 0 when a place fits the type word the name came with, 1 when it fits less, 2 otherwise."""
    if hint is None:
        return 0
    if hint == "admin":
        return 0 if fcode == "ADM1" else 1 if fcode in _ADMIN_CODES else 2
    if hint == "district":
        return 0 if fcode in ("ADM2", "ADM3", "PPLX") else 1 if fclass in ("A", "P") else 2
    if hint == "populated":
        return 0 if fclass == "P" and fcode != "PPLX" else 1 if fclass == "P" else 2
    if hint == "region":
        return 0 if fclass == "L" or fcode in ("RGN", "AREA") else 1 if fclass == "A" else 2
    return 0


class Gazetteer:
    """A read-only view of one index file; cheap to open, safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise ConfigError(f"no gazetteer index at {self.path}: run `frontline gazetteer build`")
        try:
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            version = self._con.execute("SELECT v FROM meta WHERE k='version'").fetchone()
            admin = self._con.execute(
                "SELECT code, name FROM admin WHERE length(code) - length(replace(code, '.', '')) = 1"
            ).fetchall()
            countries = self._con.execute("SELECT iso2, iso3, pid FROM countries").fetchall()
            blob = self._con.execute("SELECT v FROM keyhash").fetchone()
            # The index is read-mostly and small: let SQLite map it rather than copy pages.
            self._con.execute("PRAGMA mmap_size = 268435456")
        except sqlite3.DatabaseError as exc:
            raise ConfigError(
                f"gazetteer index at {self.path} cannot be read ({exc}): run `frontline gazetteer build --force`"
            ) from exc
        if version is None or version[0] != INDEX_VERSION:
            raise ConfigError(
                f"gazetteer index at {self.path} is version {version[0] if version else '?'}, "
                f"this frontline reads {INDEX_VERSION}: run `frontline gazetteer build --force`"
            )
        self._lock = threading.Lock()
        # Sorted 64-bit hashes of every key: a membership test without SQLite (about 5 MB).
        self._hashes = array("Q")
        if blob is not None:
            self._hashes.frombytes(blob[0])
        self._admin1_names: dict[str, str] = dict(admin)
        self._iso2: dict[str, int] = {iso2: pid for iso2, _, pid in countries}
        self._iso3: dict[str, str] = {iso3: iso2 for iso2, iso3, _ in countries if iso3}
        self._lookup: Callable[[str, str | None, int, str | None], tuple[Place, ...]] = lru_cache(maxsize=65536)(
            self._lookup_uncached
        )
        self._place: Callable[[int], Place | None] = lru_cache(maxsize=65536)(self._place_uncached)
        self._admin2_name: Callable[[str], str | None] = lru_cache(maxsize=8192)(self._admin2_uncached)

    def meta(self, key: str) -> str | None:
        """Return one metadata value of the index (version, digest, theatres, dumps, places)."""
        rows = self._query("SELECT v FROM meta WHERE k = ?", (key,))
        return str(rows[0][0]) if rows else None

    @property
    def stale(self) -> bool:
        """Whether the index was built from other shipped data or code than this installation's."""
        digest = self.meta("digest")
        return digest not in ("custom", sources_digest())

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # A worker process (Dask, multiprocessing) reopens the same file instead of copying it.
        return (_reopen, (str(self.path),))

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r})"

    # -- rows to places -------------------------------------------------------------------------

    def _query(self, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def _admin2_uncached(self, code: str) -> str | None:
        row = self._query("SELECT name FROM admin WHERE code = ?", (code,))
        return str(row[0][0]) if row else None

    def _to_place(self, row: tuple[Any, ...]) -> Place:
        pid, gid, name, lat, lon, fclass, fcode, country, a1, a2, population, _score, alts = row
        code1 = f"{country}.{a1}" if a1 else None
        return Place(
            gazetteer_id=gid or f"geonames:{pid}",
            name=name,
            latitude=lat,
            longitude=lon,
            feature_class=fclass,
            feature_code=fcode,
            country=country,
            admin1=self._admin1_names.get(code1) if code1 else None,
            admin2=self._admin2_name(f"{code1}.{a2}") if code1 and a2 else None,
            admin1_code=code1,
            geonameid=pid if pid > 0 else None,
            population=population,
            alternate_names=tuple(alts.split("\x1f")) if alts else (),
        )

    def _place_uncached(self, pid: int) -> Place | None:
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places WHERE pid = ?", (pid,))
        return self._to_place(rows[0]) if rows else None

    # -- lookups --------------------------------------------------------------------------------

    def _ranked(self, nk: NameKey, country: str | None, prefer: str | None, name: str = "") -> list[tuple[Any, ...]]:
        """Return the place rows matching a name key, best first."""
        keys = (nk.key, nk.full) if nk.full != nk.key else (nk.key,)
        if not any(self._has_key(k) for k in keys):
            return []
        marks = ",".join("?" * len(keys))
        sql = (
            f"SELECT k.key, k.full, {_JOINED_COLUMNS} FROM keys k JOIN places p ON p.pid = k.pid "
            f"WHERE k.key IN ({marks})"
        )
        params: tuple[object, ...] = keys
        if country:
            sql += " AND p.country = ?"
            params = (*keys, country)
        best: dict[int, tuple[tuple[int, int, int, float], tuple[Any, ...]]] = {}
        for key, flags, *place in self._query(sql, params):
            exact = 0 if (flags & FULL_FORM and key == nk.full) else 1
            # place: pid, gid, name, lat, lon, fclass, fcode, country, a1, a2, population, score, alts
            score = place[11] - (0.0 if flags & MAIN_NAME else _ALTERNATE_PENALTY)
            if prefer and place[7] == prefer:
                score += _PREFER_BONUS
            # An alternate that matches only once spelling is folded ("Adraa", an old name of Dar'a,
            # for "Adra") comes after places that bear the name as written.
            folded = 0 if flags & MAIN_NAME or _plain(name) in {_plain(a) for a in place[12].split("\x1f")} else 1
            rank = (_hint_rank(nk.hint, place[5], place[6]), exact, folded, -score)
            pid = place[0]
            if pid not in best or rank < best[pid][0]:
                best[pid] = (rank, tuple(place))
        return [row for _, row in sorted(best.values(), key=lambda rp: (rp[0], rp[1][0]))]

    def _variants(self, nk: NameKey, country: str | None, prefer: str | None) -> list[tuple[Any, ...]]:
        """Return the place rows whose vowel-folded skeleton equals the name's, best first."""
        skeleton = skeleton_from_key(nk.key)
        if not skeleton or not self._has_key(SKELETON_PREFIX + skeleton):
            return []
        sql = f"SELECT k.full, {_JOINED_COLUMNS} FROM keys k JOIN places p ON p.pid = k.pid WHERE k.key = ?"
        params: tuple[object, ...] = (SKELETON_PREFIX + skeleton,)
        if country:
            sql += " AND p.country = ?"
            params = (*params, country)
        best: dict[int, tuple[tuple[int, float], tuple[Any, ...]]] = {}
        for flags, *place in self._query(sql, params):
            score = place[11] - (0.0 if flags & MAIN_NAME else _ALTERNATE_PENALTY)
            if prefer and place[7] == prefer:
                score += _PREFER_BONUS
            rank = (_hint_rank(nk.hint, place[5], place[6]), -score)
            if place[0] not in best or rank < best[place[0]][0]:
                best[place[0]] = (rank, tuple(place))
        return [row for _, row in sorted(best.values(), key=lambda rp: (rp[0], rp[1][0]))]

    def _lookup_uncached(self, name: str, country: str | None, limit: int, prefer: str | None) -> tuple[Place, ...]:
        nk = name_key(name)
        if not nk.key:
            return ()
        rows = self._ranked(nk, country, prefer, name) or self._variants(nk, country, prefer)
        if not rows:
            feature = strip_feature_word(name)
            if feature is not None:
                base, codes = feature
                return tuple(p for p in self._lookup(base, country, 1000, prefer) if p.feature_code in codes)[:limit]
            rest = strip_direction(name)
            if rest is None:
                return ()
            if name.split(None, 1)[0].lower() == "rural" and nk.hint is None:
                rest += " countryside"  # "rural Idlib" is the province around the city
            return self._lookup(rest, country, limit, prefer)
        return tuple(self._to_place(row) for row in rows[:limit])

    def lookup(
        self, name: str, *, country: str | None = None, limit: int = 25, prefer: str | None = None
    ) -> list[Place]:
        """Return the places whose normalised name equals that of `name`, best first; [] when none.

        A type word in the name ("Deir ez-Zor Province", "Deir ez-Zor city") puts places of that
        kind first; then names written the same way in full; then importance (population, kind).
        `country` keeps only that country's places; `prefer` (ISO2, e.g. the theatre's country)
        ranks them as if 100 times more populous, without dropping the others.
        """
        up = lambda c: c.upper() if c else None  # noqa: E731
        return list(self._lookup(name, up(country), limit, up(prefer)))

    def _has_key(self, key: str) -> bool:
        h = key_hash(key)
        i = bisect_left(self._hashes, h)
        return i < len(self._hashes) and self._hashes[i] == h

    def is_name(self, name: str) -> bool:
        """Return whether any place has the normalised name of `name` (no database access)."""
        key = name_key(name).key
        return bool(key) and self._has_key(key)

    def fuzzy(self, name: str, *, country: str | None = None, limit: int = 10) -> list[tuple[Place, float]]:
        """Return places whose keys are close to `name`'s (similarity 0-1), best first.

        Candidates share the first three letters of the key, so a typo there is not recovered.
        """
        from rapidfuzz import fuzz, process

        nk = name_key(name)
        if len(nk.key) < 3:
            return []
        prefix = nk.key[:3]
        sql = "SELECT DISTINCT key FROM keys WHERE key >= ? AND key < ?"
        cands = [str(r[0]) for r in self._query(sql, (prefix, prefix + "\x7f"))]
        hits = process.extract(nk.key, cands, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=75)
        out: dict[str, tuple[Place, float]] = {}
        for key, score, _ in hits:
            for place in self._lookup(key, country.upper() if country else None, 5, None):
                sim = round(score / 100.0, 4)
                if place.gazetteer_id not in out or out[place.gazetteer_id][1] < sim:
                    out[place.gazetteer_id] = (place, sim)
        ranked = sorted(out.values(), key=lambda ps: (-ps[1], -ps[0].population))
        return ranked[:limit]

    def get(self, gazetteer_id: str) -> Place | None:
        """Return the place with this gazetteer id ("geonames:173480", "syria:euphrates")."""
        prefix, _, rest = gazetteer_id.partition(":")
        if prefix == "geonames":
            return self.by_geonameid(int(rest)) if rest.isdigit() else None
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places WHERE gid = ?", (gazetteer_id,))
        return self._to_place(rows[0]) if rows else None

    def by_geonameid(self, geonameid: int) -> Place | None:
        """Return the place with this GeoNames id, or None."""
        return self._place(int(geonameid)) if int(geonameid) > 0 else None

    def admin1(self, country: str, code_or_name: str) -> Place | None:
        """Return a country's first-order admin unit by code ("07", "SY.07") or name ("Deir ez-Zor")."""
        cc = country.upper()
        code = code_or_name if code_or_name.startswith(cc + ".") else f"{cc}.{code_or_name}"
        rows = self._query("SELECT pid FROM admin WHERE code = ?", (code,))
        if rows:
            return self._place(int(str(rows[0][0])))
        for place in self.lookup(code_or_name, country=cc):
            if place.feature_code == "ADM1":
                return place
        return None

    def country(self, iso2_or_name: str) -> Place | None:
        """Return a country by ISO2 ("SY"), ISO3 ("SYR") or name ("Syria", "Syrian Arab Republic")."""
        text = iso2_or_name.strip()
        upper = text.upper()
        if len(text) == 2 and upper in self._iso2 and text.isupper():
            return self._place(self._iso2[upper])
        if len(text) == 3 and text.isupper() and upper in self._iso3:
            return self._place(self._iso2[self._iso3[upper]])
        for place in self.lookup(text):
            if place.feature_code in _COUNTRY_CODES:
                return place
        return None

    def demonym(self, word: str) -> Place | None:
        """Return the country a demonym names ("Syrian" -> Syria); None for peoples without one ("Kurdish")."""
        table = sources.demonym_table()
        w = word.strip().lower()
        iso = table.get(w)
        if iso is None and w.endswith("s"):
            iso = table.get(w[:-1])  # "Syrians", "Iraqis"
        if iso is None or iso not in self._iso2:
            return None
        return self._place(self._iso2[iso])

    def provenance(self, gazetteer_id: str) -> str | None:
        """Return where a place came from ("geonames:cities500", "ucdp:ucdp_ged191_syria.csv", ...), or None."""
        prefix, _, rest = gazetteer_id.partition(":")
        if prefix == "geonames" and rest.isdigit():
            rows = self._query("SELECT source FROM places WHERE pid = ?", (int(rest),))
        else:
            rows = self._query("SELECT source FROM places WHERE gid = ?", (gazetteer_id,))
        return str(rows[0][0]) if rows else None

    def stats(self) -> dict[str, str]:
        """Return the index's metadata and row counts."""
        meta = {str(k): str(v) for k, v in self._query("SELECT k, v FROM meta", ())}
        meta["keys"] = str(self._query("SELECT count(*) FROM keys", ())[0][0])
        meta["bytes"] = str(self.path.stat().st_size)
        return meta


def _build_in_child(target: Path, *, force: bool = False) -> None:
    """Build the index in a child process so the caller keeps none of the build's memory."""
    lock_path = target.with_name(target.name + ".lock")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = lock_path.open("w")
    except OSError as exc:
        raise ConfigError(
            f"cannot write the gazetteer index at {target} ({exc.strerror}): "
            "set FRONTLINE_CACHE_DIR to a writable folder"
        ) from exc
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be building the same file
        if target.exists() and not (force and _needs_rebuild(target)):
            return
        log.warning("building the gazetteer index at %s (once; about half a minute)", target)
        done = subprocess.run([sys.executable, "-m", "frontline.gazetteer", str(target)], check=False)
        if done.returncode != 0 or not target.exists():
            raise ConfigError(
                f"building the gazetteer index at {target} failed (exit {done.returncode}): "
                "run `frontline gazetteer build` to see why"
            )


def _needs_rebuild(path: Path) -> bool:
    """Whether the index at `path` is unreadable, of another version, or built from other data."""
    try:
        return Gazetteer(path).stale
    except ConfigError:
        return True


def _reopen(path: str) -> Gazetteer:
    return open_gazetteer(Path(path), build=False)


@cache
def _open(path: Path) -> Gazetteer:
    return Gazetteer(path)


@cache
def _ready(target: Path, build: bool) -> Gazetteer:
    """Open (building or rebuilding if allowed) the index at `target`; once per process and path."""
    if not target.exists():
        if not build:
            raise ConfigError(f"no gazetteer index at {target}: run `frontline gazetteer build`")
        _build_in_child(target)
    try:
        gaz = _open(target)
    except ConfigError:
        if not build:
            raise
        log.warning("gazetteer index %s cannot be read by this version: rebuilding", target)
        _build_in_child(target, force=True)
        return _open(target)
    if build and gaz.stale:
        if gaz.meta("dumps"):
            log.warning("gazetteer index %s predates this version's data; rebuild it and re-import dumps", target)
        else:
            log.warning("gazetteer index %s predates this version's data: rebuilding", target)
            _build_in_child(target, force=True)
            _open.cache_clear()
            gaz = _open(target)
    return gaz


def open_gazetteer(path: Path | None = None, *, build: bool = True) -> Gazetteer:
    """Return the gazetteer at `path` (default: the cache dir), building it first if it is missing.

    One Gazetteer per path and process; the index is checked against this installation's data
    once. With `build=False` a missing index is a ConfigError.
    """
    return _ready_as_given(Path(path) if path is not None else default_index_path(), build)


@cache
def _ready_as_given(path: Path, build: bool) -> Gazetteer:
    return _ready(path.expanduser().resolve(), build)


def forget(path: Path) -> None:
    """Drop the cached Gazetteer objects (after the file at `path` changed)."""
    _ready_as_given.cache_clear()
    _ready.cache_clear()
    _open.cache_clear()
