"""Score extracted events against the seed report's hand-coded gold (shared/seed/gold.json).

The rules are the gold file's own "scoring" section: an extracted event matches a gold event when
its sub-event type is in the gold list, its location is within 25 km of the gold place (for a
province: inside it) and its dates overlap; unmatched extractions that do not repeat a matched one
are false positives.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from frontline.errors import DataError
from frontline.geo.distance import haversine_km
from frontline.model import Event

MATCH_KM = 25.0


@dataclass(frozen=True, slots=True)
class GoldPlace:
    name: str
    geonameid: int | None
    latitude: float | None
    longitude: float | None
    admin1_code: str | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    required: bool
    sub_event_types: tuple[str, ...]
    actor1: str | None
    actor2: str | None
    places: tuple[GoldPlace, ...]
    start: date
    end: date
    claim_status: str | None  # reported | claimed | accused | None (any)
    text: str


@dataclass(slots=True)
class GoldResult:
    gold: GoldEvent
    matched: list[Event] = field(default_factory=list)

    @property
    def actors_right(self) -> bool:
        return any(e.actor1 == self.gold.actor1 and (self.gold.actor2 is None or e.actor2 == self.gold.actor2) for e in self.matched)

    @property
    def claim_right(self) -> bool:
        return self.gold.claim_status is None or any(e.claim.status == self.gold.claim_status for e in self.matched)


@dataclass(slots=True)
class SeedScore:
    results: list[GoldResult]
    false_positives: list[Event]
    extracted: int

    @property
    def required_missed(self) -> list[str]:
        return [r.gold.id for r in self.results if r.gold.required and not r.matched]

    def summary(self) -> dict[str, Any]:
        required = [r for r in self.results if r.gold.required]
        return {
            "extracted": self.extracted,
            "required": len(required),
            "required_found": sum(1 for r in required if r.matched),
            "required_missed": self.required_missed,
            "optional_found": sum(1 for r in self.results if not r.gold.required and r.matched),
            "actors_right": sum(1 for r in required if r.matched and r.actors_right),
            "claim_status_right": sum(1 for r in required if r.matched and r.claim_right),
            "false_positives": len(self.false_positives),
        }


def load_gold(path: Path) -> tuple[dict[str, Any], list[GoldEvent]]:
    """Read gold.json: the document block and the gold events."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"cannot read seed gold {path}: {exc}") from exc
    try:
        places = {
            name: GoldPlace(name, p.get("geonameid"), p.get("lat"), p.get("lon"), p.get("admin1_code"))
            for name, p in data["places"].items()
        }
        gold = []
        for raw in data["events"]:
            if "date" in raw:
                start = end = date.fromisoformat(raw["date"])
            else:
                start, end = (date.fromisoformat(d) for d in raw["date_range"])
            names = [raw["place"], *raw.get("place_alternatives", [])]
            gold.append(
                GoldEvent(
                    id=raw["id"],
                    required=bool(raw.get("required")),
                    sub_event_types=tuple(raw["sub_event_type"]),
                    actor1=raw.get("actor1"),
                    actor2=raw.get("actor2"),
                    places=tuple(places[n] for n in names if n in places),
                    start=start,
                    end=end,
                    claim_status=_gold_status(raw.get("claim", {}).get("status", "")),
                    text=raw.get("text", ""),
                )
            )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise DataError(f"seed gold {path} is malformed ({exc.__class__.__name__}: {exc}): fix the file") from exc
    return data, gold


def _gold_status(text: str) -> str | None:
    low = text.lower()
    if low.startswith("accusation") or "accus" in low:
        return "accused"
    if low.startswith("claimed"):
        return "claimed"
    if low.startswith("reported"):
        return "reported"
    return None


def _place_ok(event: Event, place: GoldPlace) -> bool:
    loc = event.location
    if loc is None:
        return False
    if place.admin1_code:
        return loc.place.admin1_code == place.admin1_code or loc.place.geonameid == place.geonameid
    if place.latitude is None or place.longitude is None:
        return False
    return haversine_km(loc.latitude, loc.longitude, place.latitude, place.longitude) <= MATCH_KM


def matches(event: Event, gold: GoldEvent) -> bool:
    """Return whether an extracted event matches a gold event under the gold file's rules."""
    if event.sub_event_type not in gold.sub_event_types:
        return False
    if event.date_start is None or event.date_end is None:
        return False
    if event.date_start > gold.end or gold.start > event.date_end:
        return False
    return any(_place_ok(event, p) for p in gold.places)


def score(events: Sequence[Event], gold: Sequence[GoldEvent]) -> SeedScore:
    """Match extracted events to gold events and count misses and false positives."""
    results = [GoldResult(g) for g in gold]
    unmatched: list[Event] = []
    matched_events: list[Event] = []
    for event in events:
        hit = False
        for result in results:
            if matches(event, result.gold):
                result.matched.append(event)
                hit = True
        (matched_events if hit else unmatched).append(event)
    false_positives = [e for e in unmatched if not any(_repeats(e, m) for m in matched_events)]
    return SeedScore(results=results, false_positives=false_positives, extracted=len(events))


def _repeats(event: Event, matched: Event) -> bool:
    """Return whether an unmatched extraction repeats a matched one (same act, actors and time)."""
    if (event.sub_event_type, event.actor1, event.actor2) != (matched.sub_event_type, matched.actor1, matched.actor2):
        return False
    if None in (event.date_start, event.date_end, matched.date_start, matched.date_end):
        return True
    return not (event.date_start > matched.date_end or matched.date_start > event.date_end)  # type: ignore[operator]
