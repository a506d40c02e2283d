"""Place an event whose own place the gazetteer lacks at the finest unit the text around it gives.

"seized Samlin in northern Dar'a countryside", "clashes in Hantutin near Al-Bab", "shelling on
Sandaf in Idleb countryside": the village is unknown, but the text names a town it is near or a
province it lies in. The event keeps the village's name as written, is located at that unit with
ACLED's geo_precision (2 near a town or in a town's countryside, 3 a province or wider), and says
that the place itself is unknown, so that a later import can place it.
"""

from __future__ import annotations

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
