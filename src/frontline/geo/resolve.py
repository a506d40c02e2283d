"""Rank gazetteer candidates for each mention using the whole document as context.

A candidate's score adds a prior (population, feature type, exact name, the hint the words
around the mention give) to what the document says: its country focus, the provinces or states
it names ("Deir ez-Zor Province", "Alexandria, Louisiana"), and how close the candidate lies to
the likely readings of the other names. The context is recomputed over a few rounds so that
unambiguous names steer the ambiguous ones. Every choice carries its confidence and a reason.
A name the caller gives (or a street) that no gazetteer holds, or whose only reading is a far-off
hamlet, stands in at the nearest place the text names, marked `local` with a low score.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Protocol

from frontline.geo.distance import EARTH_RADIUS_KM, haversine_km
from frontline.geo.types import Mention, Toponym
from frontline.model import Place

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
# Features too large to be a point: they take no part in proximity, only in country focus.
WIDE_CODES = frozenset({"CONT", "RGN", "OCN", "SEA", "GULF", "PEN", "DSRT"})
ADMIN1_CODES = frozenset({"ADM1", "ADM1H"})
ADMIN2_CODES = frozenset({"ADM2", "ADM3", "ADM2H"})
# How much a feature type raises a candidate before any context: capitals and big units are
# what a bare name most often means in news.
FEATURE_PRIOR: dict[str, float] = {
    "PCLI": 0.9, "PCLD": 0.6, "PCLF": 0.6, "PCLS": 0.6, "PCLIX": 0.5, "PCL": 0.6, "TERR": 0.4,
    "ADM1": 0.55, "ADM1H": 0.2, "ADM2": 0.0, "ADM3": 0.05,
    "PPLC": 0.6, "PPLA": 0.3, "PPLA2": 0.15, "PPLA3": 0.05, "PPLA4": 0.0, "PPL": 0.0,
    "CONT": 0.9, "OCN": 0.9, "SEA": 0.7, "GULF": 0.7, "PEN": 0.7, "DSRT": 0.5, "RGN": 0.4, "STM": 0.2, "LK": 0.1, "AIRB": 0.2, "AIRP": 0.1,
}  # fmt: skip
HINT_MATCH = 1.0
HINT_CLASH = -1.0
COUNTRY_FOCUS = 0.5
COUNTRY_HINT = 1.0
FOCUS_FLOOR = 0.05  # a country no other name points at is this much less likely, not impossible
COMMA_ADMIN = 1.2  # "Alexandria, Louisiana": the strongest cue a news text gives
PROXIMITY = 1.5
PROXIMITY_KM = 80.0
ADM2_REACH_KM = 60.0  # how far from its middle a county or district is taken to reach
EXACT_NAME = 0.15
POP_WEIGHT = 0.12  # per order of magnitude of population
FUZZY_PENALTY = -0.4
CURATED_REGION = 1.2  # a region or sea the supplements list is one the news names, not a hamlet's namesake
SEAT_NAMESAKE = 0.5  # how much a province yields to the city it is named after
FAME_LOG = 7.0  # log10 population at which a place stops depending on the text's country focus ...
FAME_SPAN = 3.0  # ... fading in from 10k people (full dependence) ...
FAME_FLOOR = 0.6  # ... but never below this share
ROUNDS = 6
SHARPNESS = 2.0  # how firmly a score gap becomes a probability gap
INITIAL_SHARPNESS = 0.5
TEXT_FLOOR = 0.35  # share of a name's support that does not fade with distance in the text
TEXT_SCALE = 500.0  # characters


class Gazetteer(Protocol):
    """The part of the gazetteer resolution needs."""

    def lookup(self, name: str, *, country: str | None = None, limit: int = 25) -> list[Place]: ...

    def fuzzy(self, name: str, *, country: str | None = None, limit: int = 10) -> list[tuple[Place, float]]: ...

    def demonym(self, word: str) -> Place | None: ...

    def country(self, iso2_or_name: str) -> Place | None: ...

    def admin1(self, country: str, code_or_name: str) -> Place | None: ...


@functools.cache
def abbreviations() -> dict[str, tuple[str, str]]:
    """Return the curated place abbreviations: "W.Va." -> ("US", "West Virginia"), "U.K." -> ("GB", "")."""
    text = resources.files("frontline.geo").joinpath("data/abbreviations.tsv").read_text(encoding="utf-8")
    table: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        table[parts[0].replace(" ", "")] = (parts[1], parts[2] if len(parts) > 2 else "")
    return table


# Endings that turn a people's or residents' word into its place: "Latvian" -> "Latvia",
# "Dagestani" -> "Dagestan", "Ohioans" -> "Ohio", "Abkhaz" -> "Abkhazia".
_DEMONYM_STEMS: tuple[tuple[str, str], ...] = (
    ("ians", "ia"), ("ian", "ia"), ("ans", ""), ("ns", ""), ("n", ""), ("an", ""), ("is", ""), ("i", ""), ("ese", ""),
    ("ish", ""), ("s", ""), ("", "ia"), ("", "a"),
)  # fmt: skip


@functools.cache
def region_demonyms() -> dict[str, str]:
    """Return the curated words for places below or beyond countries: "english" -> "England"."""
    text = resources.files("frontline.geo").joinpath("data/demonyms.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, name = line.split("\t")[:2]
            table[word.strip().lower()] = name.strip()
    return table


def demonym_places(word: str, gazetteer: Gazetteer) -> list[Place]:
    """Return the country or region a people's word points at ("Syrian" -> Syria), if any."""
    lowered = word.strip().lower()
    named = region_demonyms().get(lowered) or region_demonyms().get(lowered[:-1] if lowered.endswith("s") else "")
    if named == "-":
        return []  # a people or faith, not a place
    if named:
        found = [p for p in gazetteer.lookup(named, limit=5) if is_area(p)]
        if found:
            return found[:1]
    place = gazetteer.demonym(word)
    if place is None and word.endswith("s"):
        place = gazetteer.demonym(word[:-1])
    if place is not None:
        return [place]
    for ending, repl in _DEMONYM_STEMS:
        if not word.endswith(ending) or len(word) - len(ending) < 3:
            continue
        stem = (word[: len(word) - len(ending)] if ending else word) + repl
        found = [p for p in gazetteer.lookup(stem, limit=5) if is_area(p)]
        if found:
            return found
    return []


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer entry that a mention may mean, with its context-free prior."""

    place: Place
    prior: float
    notes: tuple[str, ...]
    fuzzy: bool = False


def is_country(place: Place) -> bool:
    """Return True for a country-level entry."""
    return place.feature_code in COUNTRY_CODES


def is_admin1(place: Place) -> bool:
    """Return True for a first-level administrative division (state, province, governorate)."""
    return place.feature_code in ADMIN1_CODES


def is_area(place: Place) -> bool:
    """Return True for any administrative area (country, province, district)."""
    return place.feature_class == "A" or place.feature_code in WIDE_CODES


def _fmt_pop(pop: int) -> str:
    if pop >= 1_000_000:
        return f"{pop / 1_000_000:.1f}M"
    if pop >= 1000:
        return f"{pop // 1000}k"
    return str(pop)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _key(name: str) -> str:
    """Return the name's matching key, so "the city of Paris" and "Paris" count as one name."""
    from frontline.gazetteer import normalize_name

    return normalize_name(name) or _norm(name)


def _hint_score(hint: str, place: Place) -> float:
    if not hint:
        return 0.0
    if hint in ("admin", "region"):
        # "Province", "governorate", "state": a first-level unit, a district only at a pinch.
        if place.feature_code in ADMIN1_CODES:
            return HINT_MATCH
        return HINT_MATCH / 2 if place.feature_class == "A" else HINT_CLASH
    if hint == "district":
        if place.feature_code in ADMIN2_CODES:
            return HINT_MATCH
        return HINT_MATCH / 2 if place.feature_class == "A" else HINT_CLASH
    if hint in ("city", "populated"):
        return HINT_MATCH / 2 if place.feature_class == "P" else HINT_CLASH
    if hint == "water":
        return HINT_MATCH if place.feature_class == "H" else HINT_CLASH
    return 0.0


def candidates(
    mention: Mention, gazetteer: Gazetteer, *, limit: int = 25, country_hint: str | None = None
) -> list[Candidate]:
    """Return the scored candidates of one mention, before document context."""
    if mention.kind == "demonym":
        return [Candidate(p, 1.0, ("demonym",)) for p in demonym_places(mention.query, gazetteer)]
    if mention.kind == "street":
        return []  # no gazetteer holds streets: the local stand-in places them
    abbreviation = abbreviations().get(mention.query.replace(" ", ""))
    if abbreviation is not None:
        cc, division = abbreviation
        place = gazetteer.admin1(cc, division) if division else gazetteer.country(cc)
        if place is not None:
            return [Candidate(place, 2.0, ("abbreviation",))]
    places = gazetteer.lookup(mention.query, limit=limit)
    fuzzy = partial = False
    if not places and mention.kind == "gold":
        places = _head_places(mention.query, gazetteer, limit)
        partial = bool(places)
    if not places and len(mention.query) >= 5:
        # A near-miss spelling is trusted only inside the country the text is about, or when very close.
        if country_hint:
            places = [p for p, s in gazetteer.fuzzy(mention.query, country=country_hint.upper(), limit=5) if s >= 0.88]
        elif len(mention.query) >= 6:
            places = [p for p, s in gazetteer.fuzzy(mention.query, limit=5) if s >= 93.0]
        fuzzy = bool(places)
    query = _norm(mention.query)
    # A province or district named like its seat ("Aleppo", "Mayadin"): the bare name most often means the town.
    # "Kansas City" is not the town "Kansas" means, even though the two share a matching key.
    seats = {p.admin1_code for p in places if p.feature_code in ("PPLA", "PPLC") and p.admin1_code
             and not _norm(p.name).endswith(" city")} if not mention.hint else set()
    # A state named like the country's capital ("Washington") yields to the capital as well.
    capitals = {p.country for p in places if p.feature_code == "PPLC"} if not mention.hint else set()
    # A city listed under its country's name ("Mexico" for Mexico City) yields to the country.
    named_countries = {p.country for p in places if is_country(p)} if not mention.hint else set()
    # A district named after a town of its province ("Mayadin" for Mayadin District) yields to the town.
    towns = {(p.country, p.admin1_code) for p in places if p.feature_class == "P"} if not mention.hint else set()
    out: list[Candidate] = []
    for place in places:
        notes: list[str] = []
        prior = POP_WEIGHT * math.log10(place.population + 1)
        if place.population:
            notes.append(f"pop {_fmt_pop(place.population)}")
        feature = FEATURE_PRIOR.get(place.feature_code, 0.0)
        prior += feature
        if feature:
            notes.append(place.feature_code)
        if place.feature_code in ADMIN1_CODES and (place.admin1_code in seats or place.country in capitals):
            prior -= SEAT_NAMESAKE
        if place.feature_code in ADMIN2_CODES and (place.country, place.admin1_code) in towns:
            prior -= SEAT_NAMESAKE
        if _norm(place.name) == query:
            prior += EXACT_NAME
        elif place.feature_class == "P" and place.country in named_countries:
            prior -= SEAT_NAMESAKE
        if place.feature_code in WIDE_CODES and not place.gazetteer_id.startswith("geonames:"):
            prior += CURATED_REGION
            notes.append("curated region")
        hint = _hint_score(mention.hint, place)
        if hint:
            prior += hint
            notes.append(f"'{mention.hint}' hint {'fits' if hint > 0 else 'clashes'}")
        if fuzzy:
            prior += FUZZY_PENALTY
            notes.append("fuzzy name")
        if partial:
            notes.append(PARTIAL_NOTE)
        out.append(Candidate(place, prior, tuple(notes), fuzzy))
    return out


_FILLER = frozenset({"of", "the", "and", "for", "de", "in", "at", "on"})


def _head_places(query: str, gazetteer: Gazetteer, limit: int) -> list[Place]:
    """Return the places of the longest run of words inside a name the gazetteer lacks.

    A given place name such as "Colorado State University" or "Dubai World Cup" is located by
    the place it is named after; runs further left win ties since English names put the place first.
    """
    words = query.split()
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if run[0].lower() in _FILLER or run[-1].lower() in _FILLER or not run[0][:1].isupper():
                continue
            phrase = " ".join(run)
            if size == 1 and len(phrase) < 2:
                continue
            abbreviation = abbreviations().get(phrase.replace(" ", ""))
            if abbreviation is not None:
                cc, division = abbreviation
                place = gazetteer.admin1(cc, division) if division else gazetteer.country(cc)
                if place is not None:
                    return [place]
            found = gazetteer.lookup(phrase, limit=limit)
            if found:
                return found
    return []


def _comma_links(text: str, mentions: Sequence[Mention]) -> dict[int, int]:
    """Map mention i to mention i+1 when the text reads "i, i+1" ("Alexandria, La." / "Homs, Syria")."""
    links: dict[int, int] = {}
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap = text[a.end : b.start] if text else ""
        if gap in (", ", ",", " (", "("):
            links[i] = i + 1
    return links


def _softmax(scores: "np.ndarray", starts: "np.ndarray", sharpness: float) -> "np.ndarray":
    """Return per-group softmax probabilities of `scores`; groups are contiguous and begin at `starts`."""
    import numpy as np

    sizes = np.diff(np.r_[starts, len(scores)])
    top = np.repeat(np.maximum.reduceat(scores, starts), sizes)
    z = np.exp(sharpness * (scores - top))
    return z / np.repeat(np.add.reduceat(z, starts), sizes)


@dataclass(frozen=True, slots=True)
class _Name:
    """One distinct name of the document (all its mentions share one reading)."""

    key: str
    mentions: tuple[int, ...]
    candidates: tuple[Candidate, ...]
    weight: float  # how much this name counts as context for the others
    container: int | None  # index of the name it is written against ("X, State"), if any
    positions: tuple[int, ...] = ()  # character offsets of its mentions


def _names(mentions: Sequence[Mention], cands: Sequence[list[Candidate]], links: dict[int, int]) -> list[_Name]:
    keys: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        # "Mayadin" and "Mayadin city" are one name; "Homs Province" and "Homs" are two places.
        hint = "demonym" if m.kind == "demonym" else {"populated": "", "city": "", "region": "admin"}.get(m.hint, m.hint)
        # ... but "Kansas City" is a name of its own, not Kansas with a type word: a capital C says so.
        own_word = bool(re.search(r"\s(?:City|Town|CITY|TOWN)$", m.query))
        key = (_norm(m.query) if own_word else _key(m.query)) + "|" + hint
        if i in links:
            key += "|" + _key(mentions[links[i]].query)
        keys[key].append(i)
    index_of_mention: dict[int, int] = {}
    raw: list[tuple[str, list[int]]] = list(keys.items())
    for n, (_, idx) in enumerate(raw):
        for i in idx:
            index_of_mention[i] = n
    names: list[_Name] = []
    for key, idx in raw:
        # The mention with a type word ("Mayadin city") gives the name's candidates their hint.
        i0 = next((i for i in idx if mentions[i].hint), idx[0])
        container = next((index_of_mention[links[i]] for i in idx if i in links), None)
        weight = max(mentions[i].weight for i in idx)
        positions = tuple(mentions[i].start for i in idx)
        names.append(_Name(key, tuple(idx), tuple(cands[i0]), weight, container, positions))
    return names


def resolve(
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    *,
    text: str = "",
    country_hint: str | None = None,
    rounds: int | None = None,
) -> list[Toponym]:
    """Resolve every mention of one document together and return one Toponym per mention.

    Each distinct name gets one reading. A reading is supported by the readings of the other
    names that lie near it or inside the same province/state, and by those in the same
    country, each weighted by how likely that other reading currently is; three rounds let
    unambiguous names pull the ambiguous ones into place.
    """
    import numpy as np

    cand_cache: dict[tuple[str, str, str], list[Candidate]] = {}
    cands: list[list[Candidate]] = []
    for m in mentions:
        key = (m.query, m.kind, m.hint)
        if key not in cand_cache:
            cand_cache[key] = candidates(m, gazetteer, country_hint=country_hint)
        cands.append(cand_cache[key])
    links = _comma_links(text, mentions)
    names = _names(mentions, cands, links)
    # Only names with candidates take part; containers are renumbered among those.
    active = [n for n, name in enumerate(names) if name.candidates]
    compact = {n: k for k, n in enumerate(active)}
    taking = []
    for n in active:
        name = names[n]
        container = compact.get(name.container) if name.container is not None else None
        taking.append(_Name(name.key, name.mentions, name.candidates, name.weight, container, name.positions))
    flat: list[Candidate] = []
    owner: list[int] = []
    for k, name in enumerate(taking):
        for c in name.candidates:
            flat.append(c)
            owner.append(k)
    results: dict[int, tuple[Candidate, float, list[str]]] = {}
    if flat:
        picked = _collective(taking, flat, np.array(owner), country_hint, rounds or ROUNDS)
        results = {active[k]: v for k, v in picked.items()}
    out: list[Toponym] = []
    name_of = {i: n for n, name in enumerate(names) for i in name.mentions}
    for i, m in enumerate(mentions):
        found = results.get(name_of[i])
        if found is None:
            out.append(Toponym(m.start, m.end, m.text, None, 0.0, "no gazetteer entry", m.kind))
            continue
        pick, prob, notes = found
        reason = "; ".join(dict.fromkeys(notes)) or "only candidate"
        out.append(Toponym(m.start, m.end, m.text, pick.place, round(m.weight * prob, 3), reason, m.kind))
    return _local_backoff(mentions, out)


STRAY_POP = 5_000  # towns smaller than this ...
STRAY_KM = 300.0  # ... this far from every other place named are read as a local namesake's stand-in
# The note a reading found through a run of words inside the name carries; the local stand-in reads it
# back from the reason, since a Toponym keeps no other trace of how its place was found.
PARTIAL_NOTE = "part of the name"
LOCAL_SCORE = 0.1  # a place borrowed from a neighbouring name is a guess at the area, not a match


def _local_backoff(mentions: Sequence[Mention], toponyms: list[Toponym]) -> list[Toponym]:
    """Place a given span the gazetteer lacks at the nearest place the text names around it.

    A span a caller asserts is a place ("Royal Street", "the Bywater") but no gazetteer holds is most
    likely a street, venue or quarter of the town the text is about: the closest resolved mention that
    is a town or a district stands in for it, marked as such and with a low score.
    """
    anchors = [t for t in toponyms if t.place is not None and t.kind != "local" and not is_country(t.place)
               and t.place.feature_code not in WIDE_CODES and PARTIAL_NOTE not in t.reason]
    # Names the caller gave are better anchors than words the gazetteer happened to match.
    given = [t for t in anchors if t.kind == "gold"]
    anchors = given or anchors
    if not anchors:
        return toponyms
    out: list[Toponym] = []
    for m, t in zip(mentions, toponyms):
        if m.kind not in ("gold", "street") or (t.place is not None and not _stray(t, anchors)):
            out.append(t)
            continue
        others = [a for a in anchors if a.place != t.place]
        if not others:
            out.append(t)
            continue
        near = min(others, key=lambda a: (abs(a.start - m.start), a.start))
        lacking = "no gazetteer entry" if t.place is None else f"only a far-off small namesake ({t.place.name}, {t.place.country})"
        reason = f"{lacking}; placed at {near.place.name if near.place else ''}, the nearest place named"
        out.append(Toponym(t.start, t.end, t.text, near.place, LOCAL_SCORE, reason, "local"))
    return out


def _stray(t: Toponym, anchors: Sequence[Toponym]) -> bool:
    """Return True for a small town far from every other place the text names: likely a namesake of a
    hamlet the gazetteer lacks, not a trip across the world."""
    p = t.place
    if p is None:
        return False
    partial = PARTIAL_NOTE in t.reason
    if not partial and (p.feature_class != "P" or p.population >= STRAY_POP):
        return False
    others = [a.place for a in anchors if a.place is not None and a.place != p]
    if not others:
        return False
    return min(haversine_km(p.latitude, p.longitude, o.latitude, o.longitude) for o in others) > STRAY_KM


def _collective(
    names: Sequence[_Name], flat: Sequence[Candidate], owner: "np.ndarray", country_hint: str | None, rounds: int
) -> dict[int, tuple[Candidate, float, list[str]]]:
    """Score every candidate of every name against the others' likely readings; return each name's best."""
    import numpy as np

    n_names = len(names)
    places = [c.place for c in flat]
    prior = np.array([c.prior for c in flat])
    lat = np.radians(np.array([p.latitude for p in places]))
    lon = np.radians(np.array([p.longitude for p in places]))
    area = np.array([is_area(p) for p in places])
    country_level = np.array([is_country(p) for p in places])
    adm1 = np.array([p.feature_code in ADMIN1_CODES for p in places])
    adm2 = np.array([p.feature_code in ADMIN2_CODES for p in places])
    _, country_id = np.unique([p.country or "?" for p in places], return_inverse=True)
    has_country = np.array([bool(p.country) for p in places])
    _, code_id = np.unique([p.admin1_code or "" for p in places], return_inverse=True)
    has_code = np.array([p.admin1_code is not None for p in places])
    _, gid_id = np.unique([p.gazetteer_id for p in places], return_inverse=True)
    # Pairwise great-circle distances (km) between every candidate of every name.
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    hav = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(hav, 0.0, 1.0)))
    close = np.exp(-dist / PROXIMITY_KM)
    # Areas are not points: a province "is near" what lies inside it, and countries only vote by country.
    # Counties and districts are small enough to count as points.
    broad = area & ~adm2
    close[broad[:, None] | broad[None, :]] = 0.0
    same_code = (code_id[:, None] == code_id[None, :]) & has_code[:, None] & has_code[None, :]
    holds = same_code & (adm1 | adm2)[:, None] & (adm1[:, None] | ~adm1[None, :])  # holds[x, y]: x contains y
    # Towns carry no district codes: a county or district holds only what lies close to its middle.
    holds &= ~adm2[:, None] | ((dist <= ADM2_REACH_KM) & ~broad[None, :])  # nor does it hold a region
    close[holds | holds.T] = 1.0
    close[country_level, :] = 0.0
    close[:, country_level] = 0.0
    # One entry named twice is no evidence for itself.
    close[gid_id[:, None] == gid_id[None, :]] = 0.0
    same_country = (country_id[:, None] == country_id[None, :]) & has_country[:, None]
    weights = np.array([name.weight for name in names])
    # Names written close together describe each other more than names paragraphs apart.
    pos = np.array([p for name in names for p in name.positions], dtype=float)
    pos_owner = np.array([n for n, name in enumerate(names) for _ in name.positions])
    pos_starts = np.flatnonzero(np.r_[True, pos_owner[1:] != pos_owner[:-1]])
    pair = np.abs(pos[:, None] - pos[None, :])
    gaps = np.minimum.reduceat(np.minimum.reduceat(pair, pos_starts, axis=0), pos_starts, axis=1)
    nearness = (TEXT_FLOOR + (1.0 - TEXT_FLOOR) * np.exp(-gaps / TEXT_SCALE)) * weights[None, :]
    own = owner[:, None] == np.arange(n_names)[None, :]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    hint = np.array([p.country == (country_hint or "").upper() for p in places]) if country_hint else np.zeros(len(flat), bool)
    # A country, or a city the whole world writes about, is named in any country's news: the
    # text's focus on another country says little against it.
    pop_log = np.log10(np.array([p.population for p in places], dtype=float) + 1.0)
    parochial = np.clip((FAME_LOG - pop_log) / FAME_SPAN, FAME_FLOOR, 1.0)
    # A region or sea spans countries: the one it is filed under is no evidence against it.
    parochial[np.array([p.feature_code in WIDE_CODES for p in places])] = 0.0
    # Comma containers: "Alexandria, Louisiana" ties name n to the reading of its container.
    container_of = np.array([names[n].container if names[n].container is not None else -1 for n in owner])
    linked = container_of[:, None] == owner[None, :]
    inside = (country_level[None, :] & same_country) | holds.T
    contained = (linked & inside).astype(float)
    score = prior.copy()
    # The first round weighs every reading nearly alike, so that a cluster of small places can find
    # each other before the big namesakes' priors take over.
    prob = _softmax(score, starts, INITIAL_SHARPNESS)
    spatial = np.zeros(len(flat))
    national = np.zeros(len(flat))
    comma = np.zeros(len(flat))
    for _ in range(max(1, rounds)):
        # Best support each candidate gets from each other name, weighted by that reading's probability.
        support = close * prob[None, :]
        per_name = np.maximum.reduceat(support, starts, axis=1)
        per_name[own] = 0.0
        spatial = (per_name * nearness[owner]).sum(axis=1)
        mass = np.add.reduceat(same_country * prob[None, :], starts, axis=1)
        mass[own] = 0.0
        others = (weights[None, :] * (~own)).sum(axis=1)
        national = np.divide((mass * weights[None, :]).sum(axis=1), others, out=np.zeros(len(flat)), where=others > 0)
        comma = (contained * prob[None, :]).sum(axis=1)
        score = (
            prior
            + PROXIMITY * (1.0 - np.exp(-spatial))
            + COUNTRY_FOCUS * parochial * np.where((others > 0) & has_country, np.log((national + FOCUS_FLOOR) / (1.0 + FOCUS_FLOOR)), 0.0)
            + COUNTRY_HINT * hint
            + COMMA_ADMIN * comma
        )
        prob = _softmax(score, starts, SHARPNESS)
    results: dict[int, tuple[Candidate, float, list[str]]] = {}
    for n, s in enumerate(starts):
        e = starts[n + 1] if n + 1 < len(starts) else len(flat)
        best = int(s) + int(np.argmax(score[s:e]))
        cand = flat[best]
        notes = list(cand.notes)
        if hint[best]:
            notes.append(f"in {cand.place.country} as hinted")
        if national[best] >= 0.3:
            notes.append(f"country focus {cand.place.country}")
        if spatial[best] >= 0.3:
            helped = close[best] * prob
            for y in np.argsort(-helped)[:3].tolist():
                if helped[y] <= 0.2 or owner[y] == owner[best]:
                    continue
                other = flat[y].place
                if holds[y, best]:
                    notes.append(f"admin hint {other.admin1_code}")
                else:
                    notes.append(f"near {other.name}")
        if comma[best] >= 0.3:
            y = int(np.argmax(contained[best] * prob))
            notes.append(f"in {flat[y].place.name}")
        results[int(owner[best])] = (cand, float(prob[best]), notes)
    return results
