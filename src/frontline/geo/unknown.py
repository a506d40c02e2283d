"""Place an event whose own place the gazetteer lacks at the finest unit the text around it gives.

"seized Samlin in northern Dar'a countryside", "clashes in Hantutin near Al-Bab", "shelling on
Sandaf in Idleb countryside": the village is unknown, but the text names a town it is near or a
province it lies in. The event keeps the village's name as written, is located at that unit with
ACLED's geo_precision (2 near a town or in a town's countryside, 3 a province or wider), and says
that the place itself is unknown, so that a later import can place it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from frontline.geo.types import Toponym
from frontline.model import Place


@dataclass(frozen=True, slots=True)
class UnknownPlaceLocation:
    """Where an event at a place the gazetteer lacks is put, and from what."""

    name: str  # the place as written ("Samlin")
    latitude: float
    longitude: float
    geo_precision: int  # ACLED: 2 near a town or in part of a district, 3 a province, region or country
    unit: Place  # the known place the point comes from (Dar'a governorate, al-Bab)
    relation: str | None  # the relative words read with it ("northern countryside of", "near")
    mention: str  # the words that name the unit ("northern Dar'a countryside")
    place_known: bool = False  # always False: the named place itself is not in the gazetteer


def _context_toponyms(text: str, country: str | None) -> list[Toponym]:
    """Recognise and resolve the places of `text` with the gazetteer alone (no spaCy parse)."""
    from frontline.geo.parse import gazetteer
    from frontline.geo.recognize import gazetteer_mentions
    from frontline.geo.resolve import resolve

    gaz = gazetteer()
    return resolve(gazetteer_mentions(text, gaz), gaz, text=text, country_hint=country)


def locate_unknown(
    name: str,
    text: str,
    toponyms: Sequence[Toponym] | None = None,
    *,
    start: int | None = None,
    country: str | None = None,
    gazetteer: Any = None,
) -> UnknownPlaceLocation | None:
    """Return where to put an event at `name`, a place the gazetteer lacks, from the text around it.

    `text` is the sentence (or headline) that names the place; `toponyms` are its resolved places
    with offsets into `text` (the geoparser's output; recognised from the gazetteer alone when
    None); `start` is the offset of `name` in `text` (found by search when None); `country` (ISO2)
    is the theatre, used when the text names no unit at all and to keep units abroad out.
    The finest unit wins: a town or site the text puts the place near (geo_precision 2), then a
    town's countryside or a district (2), then a province, region or the country (3); among
    equals, the one named closest to the place. None when the text gives no unit and no country.
    """
    from frontline.geo.relative import relative_location

    if start is None:
        found = text.find(name)
        start = max(found, 0)
    end = start + len(name)
    if toponyms is None:
        toponyms = _context_toponyms(text, country)
    home = (country or "").upper()
    units = [
        t for t in toponyms
        if t.place is not None and not (t.start < end and start < t.end) and t.kind != "dateline"
        and (not home or not t.place.country or t.place.country == home)
    ]  # fmt: skip
    located = relative_location(text, units, 0) if units else []
    if located:
        def position(loc: Any) -> int:
            at = text.find(loc.mention) if loc.mention else -1
            return abs(at - start) if at >= 0 else len(text)

        best = min(located, key=lambda loc: (loc.geo_precision, position(loc)))
        return UnknownPlaceLocation(
            name=name,
            latitude=best.latitude,
            longitude=best.longitude,
            geo_precision=max(2, best.geo_precision),
            unit=best.place,
            relation=best.relation,
            mention=best.mention,
        )
    if not home:
        return None
    if gazetteer is None:
        from frontline.geo.parse import gazetteer as shared

        gazetteer = shared()
    place = gazetteer.country(home)
    if place is None:
        return None
    return UnknownPlaceLocation(name, place.latitude, place.longitude, 3, place, None, place.name)


# Words that introduce a settlement by name ("the village of Samlin", "the towns of A and B").
_SETTLEMENT_OF = re.compile(
    r"\b(?:village|villages|town|towns|hamlet|hamlets|hill|hills|farms?|neighbou?rhood|district|area|settlement|"
    r"settlements|locality)\s+of\s+$",
    re.I,
)
# Words after a name that put it inside or near a known unit ("Samlin in northern Dar'a countryside").
_LOCATED_AFTER = re.compile(
    r"^\s*(?:village|town|hamlet)?\s*,?\s*(?:in|near|outside|on the outskirts of|east of|west of|north of|south of|"
    r"(?:north|south|east|west)(?:-?(?:east|west))? of)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?",
    re.I,
)
# Names before a settlement word, alone or listed: "Tatara village", "the Mirkan and Sino villages".
_SETTLEMENT_AFTER = re.compile(
    r"^(?:\s*(?:,|and)\s*(?:the\s+)?[A-Z][\w'’\-]+(?:[ \-][A-Z][\w'’\-]+)*)*\s+(?:villages?|towns?|hamlets?)\b"
)
_PARTICLE = r"(?:al|el|as|ash|ad|ar|az|at|an|bin|ibn)(?![\w'’])"
_NAME_WORD = r"[A-Z][\w'’\-]+"
_CAPITALISED_RUN = re.compile(
    rf"(?:{_NAME_WORD}|(?:al|el|as|ash|ad|ar|az|at|an)-)(?:[ \-](?:{_NAME_WORD}|{_PARTICLE}))*"
)
# The next name of a list: "A, B and C".
_NEXT_IN_LIST = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+)(?:the\s+)?(?=[A-Z])")
_NER_PLACES = frozenset({"GPE", "LOC", "FAC"})
UNKNOWN_SETTLEMENT = "unknown: named as a settlement"
UNKNOWN_IN_UNIT = "unknown: placed in or near a known unit"


def unknown_place_mentions(
    doc: Any, text: str, toponyms: Sequence[Toponym], taken: Sequence[tuple[int, int]] = ()
) -> list[Toponym]:
    """Return names a report uses for places the gazetteer does not hold, with place None.

    A name counts when the parser tags it a place, when a settlement word introduces it ("the
    village of X"), or when it stands right before a known unit it lies in or near ("X in northern
    Dar'a countryside", "X near Al-Bab"). Names overlapping a known place or an actor are not places.
    """
    busy = [(t.start, t.end) for t in toponyms] + list(taken)

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in busy)

    def widens(start: int, end: int) -> bool:
        """Return whether [start, end) holds a shorter place match whole and overlaps nothing else.

        "the village of Ma'ar Shoreen": the gazetteer matched "Ma'ar" alone (a namesake abroad),
        but the settlement word says the whole run is the name.
        """
        inside = [(a, b) for a, b in busy if start <= a and b <= end and (a, b) != (start, end)]
        return bool(inside) and not any(a < end and start < b for a, b in busy if (a, b) not in inside) \
            and not any(a < end and start < b for a, b in taken)

    found: dict[tuple[int, int], Toponym] = {}
    for ent in doc.ents:
        if ent.label_ in _NER_PLACES and free(ent.start_char, ent.end_char) and ent.text[:1].isupper():
            found[(ent.start_char, ent.end_char)] = Toponym(ent.start_char, ent.end_char, ent.text, None, 0.0,
                                                            f"unknown: tagged {ent.label_}", "unknown")
    known_starts = sorted(t.start for t in toponyms if t.place is not None)
    for m in _CAPITALISED_RUN.finditer(text):
        start, end = m.span()
        before = text[max(0, start - 30) : start]
        after = text[end : end + 60]
        if (start, end) in found:
            continue
        reason = None
        if not free(start, end):
            if _SETTLEMENT_OF.search(before) and widens(start, end):
                found[(start, end)] = Toponym(start, end, m.group(0), None, 0.0, UNKNOWN_SETTLEMENT, "unknown")
            continue
        if _SETTLEMENT_OF.search(before) or _SETTLEMENT_AFTER.match(after):
            reason = UNKNOWN_SETTLEMENT
        else:
            located = _LOCATED_AFTER.match(after)
            if located and any(k == end + located.end() for k in known_starts):
                reason = UNKNOWN_IN_UNIT
        if reason is not None:
            found[(start, end)] = Toponym(start, end, m.group(0), None, 0.0, reason, "unknown")
    # A name listed after a settlement is a settlement too: "the villages of A, B and C".
    for top in sorted(found.values(), key=lambda t: t.start):
        if top.reason != UNKNOWN_SETTLEMENT:
            continue
        end = top.end
        while (glue := _NEXT_IN_LIST.match(text[end : end + 40])) is not None:
            name = _CAPITALISED_RUN.match(text, end + glue.end())
            if name is None or not free(*name.span()):
                break
            found.setdefault(name.span(), Toponym(name.start(), name.end(), name.group(0), None, 0.0,
                                                  UNKNOWN_SETTLEMENT, "unknown"))
            end = name.end()
    return sorted(found.values(), key=lambda t: t.start)
