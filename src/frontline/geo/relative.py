"""Read how war reporting places an event relative to a named place.

"10 km west of X", "within 10 km (6.2 miles) of the city", "the western edge of X", "between X and
Y", "the east bank of the Euphrates", "eastern Homs Province", "X, 45 km to the south", and the
monitors' "Hama northern countryside", "the countryside of Hama and Idlib", "Homs desert": each
becomes a Location with a point (shifted where the text gives a distance and a direction), an
ACLED geo_precision (1 town, 2 near a town or part of a district, 3 province or larger) and a finer
radius of uncertainty in km.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from frontline.geo.distance import BEARINGS, destination, haversine_km, midpoint
from frontline.geo.types import Toponym
from frontline.model import Location, Place

log = logging.getLogger(__name__)

_DIR = (
    r"north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|north|south|east|west"
)
_UNIT = r"km|kms|kilometers|kilometres|kilometer|kilometre|miles|mile|mi|meters|metres|m"
_NUM = r"\d+(?:[.,]\d+)?"
_APPROX = r"(?:(?:about|some|around|nearly|approximately|roughly|almost|only|just|at least|up to|less than|more than)\s+)?"
_PAREN = r"(?:\s*\([^)]{0,30}\))?"
_THE_PLACE = r"(?:the\s+(?:(?:city|town|village|provincial capital|capital)\s+of\s+)?)?"
# "the countryside of Hama and Idlib": the second name shares the first one's relation.
_NAME = r"(?-i:(?:al-|Al-|the\s+)?[A-Z][\w'’\-]*(?:\s+(?:al-|Al-)?[A-Z][\w'’\-]*){0,2})"  # capitalised, whatever the flags
_COORDINATED = rf"(?:both\s+)?(?:{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+and\s+)?"
_ANAPHOR = re.compile(r"\bthe\s+(city|town|village|provincial capital)\b", re.IGNORECASE)

# Matched against the sentence text just before a toponym (anchored at its end).
_OFFSET_BEFORE = re.compile(
    rf"{_APPROX}(?P<num>{_NUM})[\s-]*(?P<unit>{_UNIT}){_PAREN}\s+(?:to the\s+)?(?P<dir>{_DIR})(?:ern)?\s+(?:of|from)\s+{_THE_PLACE}$",
    re.IGNORECASE,
)
_WITHIN_BEFORE = re.compile(
    rf"\b(?P<rel>within|less than|under|about|some|around|nearly|approximately)?\s*(?P<num>{_NUM})[\s-]*(?P<unit>{_UNIT}){_PAREN}\s+(?:of|from|outside)\s+{_THE_PLACE}$",
    re.IGNORECASE,
)
_EDGE_BEFORE = re.compile(
    rf"\b(?:the\s+)?(?P<dir>{_DIR})(?P<ern>ern)?\s+(?P<part>edge|edges|outskirts|side|part|parts|suburbs|neighbou?rhoods?|districts?|countrysides?|desert|bank|entrance|gates?|approaches|flank)\s+of\s+{_COORDINATED}{_THE_PLACE}$",
    re.IGNORECASE,
)
_PART_BEFORE = re.compile(
    rf"\b(?:the\s+)?(?P<part>outskirts|edge|edges|suburbs|countrysides?|desert|vicinity|environs|surroundings|center|centre|heart|bank|banks|entrance|gates?|approaches)\s+of\s+{_COORDINATED}{_THE_PLACE}$",
    re.IGNORECASE,
)
_NEAR_BEFORE = re.compile(
    r"\b(?P<rel>near|nearby|outside|around|close to|next to|north of|south of|east of|west of|"
    r"northeast of|northwest of|southeast of|southwest of|north-east of|north-west of|south-east of|"
    r"south-west of)\s+(?:the\s+(?:city|town|village)\s+of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_DIRECTIONAL_ADJ_BEFORE = re.compile(rf"\b(?P<dir>{_DIR})(?P<ern>ern)?\s+(?:rural\s+)?$", re.IGNORECASE)
_RURAL_BEFORE = re.compile(r"\b(?:rural|the countryside of|countryside of)\s+$", re.IGNORECASE)
# The way Syrian monitors write it, after the name: "Hama countryside", "Hama northern countryside",
# "Deir Ezzor desert", "Idlib's southern countryside", "Homs and Hama countrysides".
_PART_AFTER = re.compile(
    rf"^(?:['’]s)?(?:(?:\s*,\s*|\s+and\s+){_NAME})*\s+(?:(?P<dir>{_DIR})(?P<ern>ern)?\s+)?(?P<part>countrysides?|desert|outskirts|suburbs|environs)\b",
    re.IGNORECASE,
)
_RURAL_PARTS = frozenset({"countryside", "countrysides", "desert"})
# Seats of first-level units: their "countryside" is the rural province, not the town's edge.
SEAT_CODES = frozenset({"PPLA", "PPLC"})
# How far out the rural part of a province or a desert lies from the seat it is named after:
# Syrian governorates reach 50-150 km from their seats, their steppe and desert parts further.
PROVINCE_COUNTRYSIDE_KM = 30.0
PROVINCE_DESERT_KM = 60.0
_ALONG_BEFORE = re.compile(r"\b(?P<rel>along|across|on|crossing|cross)\s+(?:the\s+)?$", re.IGNORECASE)
_APPOSITIVE_AFTER = re.compile(
    rf"^,?\s+{_APPROX}(?P<num>{_NUM})[\s-]*(?P<unit>{_UNIT}){_PAREN}\s+(?:to the\s+)?(?P<dir>{_DIR})(?:ern)?\b(?!\s+(?:of|from)\b)",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:city|town|village|towns|cities|villages)\s+of\s+)?$", re.IGNORECASE)
_AND = re.compile(r"^\s*(?:city|town)?\s*and\s+(?:the\s+)?$", re.IGNORECASE)

UNIT_KM = {"km": 1.0, "kms": 1.0, "kilometer": 1.0, "kilometre": 1.0, "kilometers": 1.0, "kilometres": 1.0,
           "mile": 1.609344, "miles": 1.609344, "mi": 1.609344, "m": 0.001, "meters": 0.001, "metres": 0.001}  # fmt: skip


def _bearing(word: str) -> float:
    return BEARINGS[word.lower().replace("-", "").replace(" ", "")]


def _km(num: str, unit: str) -> float:
    return float(num.replace(",", ".")) * UNIT_KM[unit.lower()]


def base_precision(place: Place) -> int:
    """Return the ACLED geo_precision of naming `place` itself."""
    if place.feature_class == "A" and place.feature_code not in ("ADM3", "ADM4", "ADM5"):
        return 3 if place.feature_code in ("ADM1", "ADM1H") or place.feature_code.startswith("PCL") else 2
    if place.feature_class in ("H", "L", "T") or place.feature_code in ("CONT", "RGN"):
        # A river or a mountain is a part of a region; "the Badia" or "the Jazira" is a region.
        return 2 if place.feature_class in ("H", "T") else 3
    return 1


def _radius_km(place: Place) -> float:
    """Return a rough radius of the place itself: how far its name reaches from its point."""
    if place.feature_code.startswith("PCL"):
        return 300.0
    if place.feature_code in ("ADM1", "ADM1H"):
        return 75.0
    if place.feature_class == "A":
        return 25.0
    if place.feature_class == "H":
        return 100.0
    pop = place.population
    if pop >= 1_000_000:
        return 12.0
    if pop >= 100_000:
        return 5.0
    if pop >= 10_000:
        return 2.0
    return 1.0


def _plain(t: Toponym, place: Place) -> Location:
    return Location(
        place=place,
        geo_precision=base_precision(place),
        latitude=place.latitude,
        longitude=place.longitude,
        mention=t.text,
        precision_km=_radius_km(place),
    )


CITY_PARTS_POPULATION = 1_000_000


def _seat_area(place: Place, after: str) -> bool:
    """Return True for a province seat named without "city" after it ("south of Hama", not "south of Hama city")."""
    return place.feature_code in SEAT_CODES and not re.match(r"\s+(?:city|town)\b", after, re.IGNORECASE)


def _rural(t: Toponym, place: Place, part: str, direction: str | None, mention: str) -> Location:
    """Return the Location of "the (northern) countryside / desert of X" or "X (northern) countryside"."""
    desert = part == "desert"
    province = place.feature_code in SEAT_CODES or place.feature_code in ("ADM1", "ADM1H")
    if province:
        # "Hama countryside" means rural Hama governorate: a province-level place.
        reach = PROVINCE_DESERT_KM if desert else PROVINCE_COUNTRYSIDE_KM
        precision = 3
    else:
        r = _radius_km(place)
        reach = max(10.0, 3 * r) if desert else 3 * r
        precision = max(2, base_precision(place))
    word = "countryside" if part == "countrysides" else part
    if direction:
        lat, lon = destination(place.latitude, place.longitude, _bearing(direction), reach)
        rel = f"{direction.lower()}ern {word} of"
        return Location(place, precision, lat, lon, mention, rel, reach, reach)
    return Location(place, precision, place.latitude, place.longitude, mention, f"{word} of", None, 2 * reach)


def _relative(t: Toponym, place: Place, before: str, after: str) -> Location:
    """Return the Location a toponym gives with the words just before and after it."""
    m = _OFFSET_BEFORE.search(before)
    if m:
        d = _km(m["num"], m["unit"])
        lat, lon = destination(place.latitude, place.longitude, _bearing(m["dir"]), d)
        rel = f"{m['num']} {m['unit']} {m['dir'].lower()} of"
        return Location(place, 2, lat, lon, m.group(0) + t.text, rel, d, max(2.0, 0.25 * d))
    m = _WITHIN_BEFORE.search(before)
    if m:
        d = _km(m["num"], m["unit"])
        word = (m["rel"] or "").lower()
        rel = f"{word + ' ' if word else ''}{m['num']} {m['unit']} of"
        return Location(place, 2, place.latitude, place.longitude, (m.group(0) + t.text).strip(), rel, d, d)
    m = _EDGE_BEFORE.search(before)
    if m and m["part"].lower() in _RURAL_PARTS:
        return _rural(t, place, m["part"].lower(), m["dir"], (m.group(0) + t.text).strip())
    if m:
        part = m["part"].lower()
        r = _radius_km(place)
        far = part in ("countryside", "suburbs", "bank")
        shift = r * (3.0 if far else 1.0) if place.feature_class == "P" else r * 0.5
        lat, lon = destination(place.latitude, place.longitude, _bearing(m["dir"]), shift)
        precision = base_precision(place) if place.feature_class != "P" else (2 if far else 1)
        rel = f"{m['dir'].lower()}{m['ern'] or ''} {part} of"
        return Location(place, precision, lat, lon, (m.group(0) + t.text).strip(), rel, shift, max(r, 1.0))
    m = _PART_BEFORE.search(before)
    if m and m["part"].lower() in _RURAL_PARTS:
        return _rural(t, place, m["part"].lower(), None, (m.group(0) + t.text).strip())
    if m:
        part = m["part"].lower()
        r = _radius_km(place)
        far = part in ("countryside", "vicinity", "environs", "surroundings", "bank", "banks")
        precision = max(base_precision(place), 2 if far else 1)
        return Location(place, precision, place.latitude, place.longitude, (m.group(0) + t.text).strip(),
                        f"{part} of", None, r * (3.0 if far else 1.5))  # fmt: skip
    m = _NEAR_BEFORE.search(before)
    if m:
        rel = m["rel"].lower()
        r = _radius_km(place)
        if (
            " of" in rel
            and rel.split()[0].replace("-", "") in BEARINGS
            and _seat_area(place, after)
            and place.population < CITY_PARTS_POPULATION
        ):
            # "shelling south of Hama": a province seat's surroundings out that way are its countryside.
            return _rural(t, place, "countryside", rel.split()[0], (m.group(0) + t.text).strip())
        if " of" in rel and rel.split()[0].replace("-", "") in BEARINGS:
            # A direction with no distance: somewhere out that way, a town's reach or so.
            shift = max(5.0, 2 * r)
            lat, lon = destination(place.latitude, place.longitude, _bearing(rel.split()[0]), shift)
            return Location(place, 2, lat, lon, (m.group(0) + t.text).strip(), rel, None, shift * 2)
        return Location(place, max(2, base_precision(place)), place.latitude, place.longitude,
                        (m.group(0) + t.text).strip(), rel, None, max(5.0, 3 * r))  # fmt: skip
    m = _DIRECTIONAL_ADJ_BEFORE.search(before)
    if m and _seat_area(place, after) and place.population < CITY_PARTS_POPULATION:
        # "western Daraa", "eastern rural Hama": the seat's province out that way (but "eastern
        # Aleppo" and "southern Damascus" are parts of those cities).
        return _rural(t, place, "countryside", m["dir"], (m.group(0) + t.text).strip())
    if m and place.feature_class == "A":
        rel = m["dir"].lower() + (m["ern"] or "")
        return Location(place, base_precision(place), place.latitude, place.longitude,
                        m.group(0) + t.text, rel, None, _radius_km(place))  # fmt: skip
    m = _PART_AFTER.search(after)
    if m and m["part"].lower() in _RURAL_PARTS:
        return _rural(t, place, m["part"].lower(), m["dir"], (t.text + m.group(0)).strip())
    if m and place.feature_class == "P":
        # "Homs outskirts", "Aleppo suburbs": near the town.
        return Location(place, 2, place.latitude, place.longitude, (t.text + m.group(0)).strip(),
                        f"{m['part'].lower()} of", None, max(5.0, 3 * _radius_km(place)))  # fmt: skip
    if _RURAL_BEFORE.search(before):
        if place.feature_code in SEAT_CODES:
            return _rural(t, place, "countryside", None, t.text)
        return Location(place, max(2, base_precision(place)), place.latitude, place.longitude, t.text,
                        "countryside of", None, 3 * _radius_km(place))  # fmt: skip
    m = _ALONG_BEFORE.search(before)
    if m and place.feature_class == "H":
        rel = m["rel"].lower()
        return Location(place, 2, place.latitude, place.longitude, t.text, rel, None, _radius_km(place))
    m = _APPOSITIVE_AFTER.search(after)
    if m:
        # "Mayadin, 45 km to the south": where the place lies, not a shift away from it.
        d = _km(m["num"], m["unit"])
        rel = f"{m['num']} {m['unit']} to the {m['dir'].lower()}"
        return Location(place, base_precision(place), place.latitude, place.longitude,
                        t.text + m.group(0), rel, d, _radius_km(place))  # fmt: skip
    return _plain(t, place)


def _between(sentence: str, spans: Sequence[tuple[int, int, Toponym]]) -> dict[int, Location]:
    """Return Locations for 'between X and Y', keyed by the index of X (Y is consumed)."""
    found: dict[int, Location] = {}
    for k in range(len(spans) - 1):
        (s1, e1, a), (s2, _, b) = spans[k], spans[k + 1]
        if a.place is None or b.place is None:
            continue
        if not _BETWEEN.search(sentence[max(0, s1 - 40) : s1]) or not _AND.match(sentence[e1:s2]):
            continue
        lat, lon = midpoint(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude)
        half = haversine_km(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude) / 2
        # The nearer-named place carries the Location; a point between two towns is "near" both.
        found[k] = Location(a.place, 2, lat, lon, sentence[max(0, s1 - 8) : spans[k + 1][1]].strip(),
                            f"between {a.text} and {b.text}", None, max(2.0, half))  # fmt: skip
    return found


def _antecedent(toponyms: Sequence[Toponym], before: int, kind: str) -> Toponym | None:
    """Return the last resolved populated place named before offset `before` ("the city")."""
    for t in sorted(toponyms, key=lambda t: t.start, reverse=True):
        if t.start >= before or t.place is None:
            continue
        if kind in ("city", "town", "village", "provincial capital") and t.place.feature_class == "P":
            return t
    return None


def relative_location(sentence: str, toponyms: Sequence[Toponym], sent_offset: int = 0) -> list[Location]:
    """Return a Location for each relative expression or plain toponym in `sentence`.

    `toponyms` carry offsets in the document whose text at `sent_offset` is `sentence`; those
    outside the sentence are used only as antecedents of "the city" / "the town".
    """
    end_offset = sent_offset + len(sentence)
    inside = [
        (t.start - sent_offset, t.end - sent_offset, t)
        for t in sorted(toponyms, key=lambda t: t.start)
        if t.start >= sent_offset and t.end <= end_offset
    ]
    out: list[tuple[int, Location]] = []
    between = _between(sentence, inside)
    skip: set[int] = {k + 1 for k in between}
    for k, (s, e, t) in enumerate(inside):
        if k in skip or t.place is None:
            continue
        if k in between:
            out.append((s, between[k]))
            s2, e2, second = inside[k + 1]
            after = _APPOSITIVE_AFTER.search(sentence[e2 : e2 + 60])
            if after and second.place is not None:
                # "between X and Y, 45 km to the south": the offset also says where Y lies.
                out.append((s2, _relative(second, second.place, "", sentence[e2 : e2 + 60])))
            continue
        out.append((s, _relative(t, t.place, sentence[max(0, s - 80) : s], sentence[e : e + 60])))
    # "within 10 km of the city": the city is the last town named before this sentence.
    for m in _ANAPHOR.finditer(sentence):
        if any(s <= m.start() < e for s, e, _ in inside):
            continue
        if re.match(r"\s+of\s+[A-Z]", sentence[m.end() : m.end() + 4]):
            continue  # "the city of Mayadin" names the place itself
        ante = _antecedent(toponyms, sent_offset + m.start(), m.group(1).lower())
        if ante is None or ante.place is None:
            continue
        proxy = Toponym(sent_offset + m.start(), sent_offset + m.end(), m.group(0), ante.place, ante.score,
                        f"refers to {ante.text}", "anaphor")  # fmt: skip
        loc = _relative(proxy, ante.place, sentence[max(0, m.start() - 80) : m.start()], sentence[m.end() : m.end() + 60])
        out.append((m.start(), loc))
    out.sort(key=lambda x: x[0])
    return [loc for _, loc in out]
