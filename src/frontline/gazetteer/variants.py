"""Measure the name keys on real spellings: do they join one place written twice, and keep places apart?

The test set comes from the data: UCDP GED names each village the way its coders wrote it, GeoNames
the way its sources did. A UCDP place (where_prec 1) and a GeoNames place of the same country within
`same_km` whose spellings are close (similarity of their plain forms >= `close`) are one place
written twice; so are two UCDP names at one point. Places more than `apart_km` apart are different
places. Recall is the share of same-place pairs whose keys are equal; a false merge is a pair of
different places, spelled differently, that one key joins (two villages both called "Tal Abyad"
are namesakes, not merges, and are left out).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from frontline.gazetteer.imports import ImportedPlace, cities500_rows, read_ucdp
from frontline.gazetteer.normalize import normalize_name


def plain(name: str) -> str:
    """Return the name as written, lower-cased, with nothing but letters and digits: no variant rules."""
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "", anyascii(name).lower())


@dataclass(frozen=True, slots=True)
class NamedPoint:
    name: str
    latitude: float
    longitude: float
    origin: str  # "ucdp" or "geonames"


@dataclass(frozen=True, slots=True)
class VariantReport:
    """Recall of same-place spellings and false merges of different places under one key function."""

    same_place_pairs: int
    joined: int
    recall: float
    merged_pairs: int  # pairs of differently spelled names of different points that share a key
    false_merges: int  # ... that are more than apart_km apart
    false_merge_rate: float  # false_merges / merged_pairs
    names: int
    missed: tuple[tuple[str, str], ...] = ()
    merged_apart: tuple[tuple[str, str, float], ...] = ()
    checks: dict[str, bool] = field(default_factory=dict)


# Pairs that must never share a key, whatever the data: different real places a few letters apart.
NEVER_MERGE: tuple[tuple[str, str], ...] = (
    ("Adra", "Dar'a"), ("Adra", "Daraa"), ("Adra", "Deraa"), ("Tal Abyad", "Tal Ahmar"), ("Homs", "Hama"),
    ("Salma", "Salamiyah"), ("Qusayr", "Qasr"), ("Hama", "Hamah Sharqi"), ("Idlib", "Adlib"),
)  # fmt: skip
# ... and pairs that must: the spellings of one place.
ALWAYS_MERGE: tuple[tuple[str, str], ...] = (
    ("Qodsayya", "Qudsaya"), ("Ein Elfijeh", "'Ayn al Fijah"), ("Deir ez-Zor", "Dayr az Zawr"),
    ("Tal Abyad", "Tell Abiad"), ("Kafr Nabl", "Kfar Nabl"), ("Ain Issa", "Ayn Issa"), ("Salamiyah", "Salamiyeh"),
    ("Djibouti", "Jibouti"), ("Qamishli", "Kamishli"), ("Maarat al-Numan", "Ma'arrat an-Nu'man"),
)  # fmt: skip


def build_points(ucdp_csv: Path, country: str = "SY") -> tuple[list[NamedPoint], list[ImportedPlace]]:
    """Return every named point of the test set: UCDP's names and aliases, GeoNames' names and alternates."""
    ucdp = [p for p in read_ucdp(ucdp_csv) if p.country == country]
    points = [NamedPoint(n, p.latitude, p.longitude, "ucdp") for p in ucdp for n in (p.name, *p.aliases)]
    for _gid, name, alts, lat, lon in cities500_rows(country):
        points += [NamedPoint(n, lat, lon, "geonames") for n in (name, *alts)]
    return points, ucdp


def same_place_pairs(points: Sequence[NamedPoint], *, same_km: float = 3.0, close: float = 70.0) -> list[tuple[str, str]]:
    """Return pairs of differently written names of one place (see the module docstring)."""
    from rapidfuzz import fuzz

    from frontline.geo.distance import haversine_km

    pairs: set[tuple[str, str]] = set()
    ucdp = [p for p in points if p.origin == "ucdp"]
    cells: dict[tuple[int, int], list[NamedPoint]] = defaultdict(list)
    for p in points:
        cells[(int(p.latitude * 20), int(p.longitude * 20))].append(p)
    for u in ucdp:
        ci, cj = int(u.latitude * 20), int(u.longitude * 20)
        for di, dj in itertools.product((-1, 0, 1), repeat=2):
            for g in cells.get((ci + di, cj + dj), ()):
                if g is u or plain(g.name) == plain(u.name) or not plain(g.name) or not plain(u.name):
                    continue
                same_point = g.origin == "ucdp" and (g.latitude, g.longitude) == (u.latitude, u.longitude)
                if not same_point and haversine_km(u.latitude, u.longitude, g.latitude, g.longitude) > same_km:
                    continue
                if fuzz.ratio(plain(u.name), plain(g.name)) >= close:
                    a, b = sorted((u.name, g.name))
                    pairs.add((a, b))
    return sorted(pairs)


def evaluate_variants(
    points: Sequence[NamedPoint],
    key: Callable[[str], str] = normalize_name,
    *,
    same_km: float = 3.0,
    apart_km: float = 10.0,
    close: float = 70.0,
    sample: int = 25,
) -> VariantReport:
    """Score a key function on the named points: recall of same-place pairs, rate of false merges."""
    from frontline.geo.distance import haversine_km

    pairs = same_place_pairs(points, same_km=same_km, close=close)
    missed = [(a, b) for a, b in pairs if key(a) != key(b)]
    groups: dict[str, list[NamedPoint]] = defaultdict(list)
    for p in points:
        k = key(p.name)
        if k:
            groups[k].append(p)
    merged = false = 0
    apart: list[tuple[str, str, float]] = []
    for members in groups.values():
        spellings: dict[str, list[NamedPoint]] = defaultdict(list)
        for p in members:
            spellings[plain(p.name)].append(p)
        for (_, xs), (_, ys) in itertools.combinations(sorted(spellings.items()), 2):
            merged += 1
            # Different places only if no point of one spelling lies near a point of the other.
            d = min(haversine_km(x.latitude, x.longitude, y.latitude, y.longitude) for x in xs for y in ys)
            if d > apart_km:
                false += 1
                apart.append((xs[0].name, ys[0].name, round(d, 1)))
    checks = {f"{a} != {b}": key(a) != key(b) for a, b in NEVER_MERGE}
    checks |= {f"{a} == {b}": key(a) == key(b) for a, b in ALWAYS_MERGE}
    return VariantReport(
        same_place_pairs=len(pairs),
        joined=len(pairs) - len(missed),
        recall=round((len(pairs) - len(missed)) / len(pairs), 4) if pairs else 0.0,
        merged_pairs=merged,
        false_merges=false,
        false_merge_rate=round(false / merged, 4) if merged else 0.0,
        names=len({p.name for p in points}),
        missed=tuple(missed[:sample]),
        merged_apart=tuple(sorted(apart, key=lambda x: -x[2])[:sample]),
        checks=checks,
    )
