"""Compute per-place control timelines from events in one pass: observe, group by place, sort, fold.

Each place's observations are folded in date order through a small state machine whose states
are ControlState segments (holder, status, since, until, confidence, evidence). The map is a pure
function of the events: nothing is stored, and the same events always give the same map.
"""

from __future__ import annotations

import bisect
import functools
import logging
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from frontline.control.observe import (
    ADMISSION,
    BESIEGE,
    CONTEST,
    ENTER,
    GAIN,
    INDEPENDENT,
    PARTISAN,
    SILENCE,
    UNCONFIRMED,
    WITHDRAW,
    Observation,
    Weights,
    observe,
)
from frontline.control.sides import Sides, normalise_name
from frontline.model import ControlState, Event, Place

log = logging.getLogger(__name__)

ASSESSED = "assessed"
CLAIMED = "claimed"
CONTESTED = "contested"
BESIEGED = "besieged"

_REGION_WORDS = frozenset({"province", "governorate", "muhafazat", "region", "countryside", "district"})


@dataclass(frozen=True, slots=True)
class ControlParams:
    """How evidence is weighed and how fast it goes stale."""

    weights: Weights = field(default_factory=Weights)
    conflict_window_days: int = 3  # claims by both sides this close together make a place contested
    contest_ttl_days: int = 10  # a contested place with no new fighting reverts to its holder
    siege_ttl_days: int = 90
    half_life_days: float = 45.0  # confidence halves after this long without new evidence
    silence_weight: float = 0.15


@dataclass(frozen=True, slots=True)
class Change:
    """A change of holder at a place: the first day of the new holder's run of states."""

    place: Place
    day: date
    previous: str | None
    holder: str
    evidence: tuple[str, ...]


class _Seg:
    """A mutable state while folding; frozen into a ControlState at the end."""

    __slots__ = (
        "holder", "status", "since", "until", "confidence", "evidence", "last", "challenger",
        "prev_holder", "base_status", "pressure", "base_evidence",
    )

    def __init__(
        self,
        holder: str,
        status: str,
        since: date,
        confidence: float,
        evidence: list[str],
        prev_holder: str | None,
        challenger: str | None = None,
        base_status: str = ASSESSED,
    ) -> None:
        self.holder = holder
        self.status = status
        self.since = since
        self.until: date | None = None
        self.confidence = confidence
        self.evidence = evidence
        self.last = since
        self.challenger = challenger
        self.prev_holder = prev_holder
        self.base_status = base_status
        self.pressure = since
        self.base_evidence: list[str] | None = None  # what supports the holder, while contested

    def add(self, event_id: str, day: date, weight: float) -> None:
        if event_id not in self.evidence:
            self.evidence.append(event_id)
        self.confidence = 1.0 - (1.0 - self.confidence) * (1.0 - weight)
        if day > self.last:
            self.last = day


def decay(confidence: float, last: date, when: date, half_life_days: float) -> float:
    """Return a confidence reduced for the days between the last evidence and `when`."""
    days = (when - last).days
    if days <= 0 or half_life_days <= 0:
        return confidence
    return confidence * 0.5 ** (days / half_life_days)


class _Folder:
    """Fold one place's observations into segments."""

    def __init__(self, params: ControlParams) -> None:
        self.p = params
        self.segs: list[_Seg] = []

    def open(self, seg: _Seg) -> None:
        cur = self.segs[-1] if self.segs else None
        if cur is not None and seg.status in (CONTESTED, BESIEGED) and cur.holder == seg.holder:
            seg.base_evidence = cur.base_evidence if cur.base_evidence is not None else list(cur.evidence)
        if cur is not None:
            if cur.since >= seg.since:
                self.segs.pop()  # a same-day state is replaced, not kept as a zero-length span
                prev = self.segs[-1] if self.segs else None
                if prev is not None and prev.holder == seg.holder and prev.status == seg.status:
                    # The replaced state interrupted nothing: the earlier one simply goes on.
                    prev.until = None
                    for event_id in seg.evidence:
                        if event_id not in prev.evidence:
                            prev.evidence.append(event_id)
                    prev.confidence = max(prev.confidence, seg.confidence)
                    prev.last = max(prev.last, seg.last)
                    return
            else:
                cur.until = seg.since - timedelta(days=1)
        self.segs.append(seg)

    def expire(self, day: date) -> None:
        cur = self.segs[-1] if self.segs else None
        if cur is None or cur.status not in (CONTESTED, BESIEGED):
            return
        ttl = self.p.contest_ttl_days if cur.status == CONTESTED else self.p.siege_ttl_days
        end = cur.pressure + timedelta(days=ttl)
        if day > end:
            support = cur.base_evidence if cur.base_evidence is not None else cur.evidence
            seg = _Seg(cur.holder, cur.base_status, end + timedelta(days=1), cur.confidence,
                       list(support), cur.prev_holder)
            seg.last = cur.last
            self.open(seg)

    def apply(self, ob: Observation) -> None:
        segs = self.segs
        if segs and segs[-1].status in (CONTESTED, BESIEGED):
            self.expire(ob.day)
        if ob.region:
            self.region(ob)
        elif ob.kind == GAIN:
            self.gain(ob)
        elif ob.kind == ENTER:
            self.enter(ob)
        elif ob.kind == BESIEGE:
            self.besiege(ob)
        elif ob.kind == CONTEST:
            self.contest(ob)
        elif ob.kind == SILENCE:
            self.silence(ob)
        elif ob.kind == WITHDRAW:
            self.withdraw(ob)

    def region(self, ob: Observation) -> None:
        """Apply an area-wide gain: it reinforces a known state, or flips it when the state's evidence is weaker."""
        segs = self.segs
        if not segs or ob.side is None:
            return  # an area-wide claim moves places already known, it does not start them
        cur = segs[-1]
        if cur.holder == ob.side:
            cur.add(ob.event_id, ob.day, ob.weight)
            if cur.status == CLAIMED and ob.source_class not in (PARTISAN, UNCONFIRMED):
                cur.status = ASSESSED
            return
        # An area-wide claim does not outweigh fresher evidence about the place itself.
        if ob.weight > decay(cur.confidence, cur.last, ob.day, self.p.half_life_days):
            status = CLAIMED if ob.source_class in (PARTISAN, UNCONFIRMED) else ASSESSED
            self.open(_Seg(ob.side, status, ob.day, ob.weight, [ob.event_id], cur.holder))

    def gain(self, ob: Observation) -> None:
        side = ob.side
        if side is None:
            return
        status = CLAIMED if ob.source_class in (PARTISAN, UNCONFIRMED) else ASSESSED
        cur = self.segs[-1] if self.segs else None
        if cur is None:
            self.open(_Seg(side, status, ob.day, ob.weight, [ob.event_id], ob.against))
            return
        if cur.holder == side:
            if cur.status in (CONTESTED, BESIEGED):
                # The holder beat back the pressure (or broke the siege).
                kept = ASSESSED if ASSESSED in (status, cur.base_status) else CLAIMED
                # Its evidence: what supported the holder, the pressure it withstood, and this report.
                support = list(dict.fromkeys((cur.base_evidence or []) + cur.evidence))
                seg = _Seg(side, kept, ob.day, cur.confidence, support, cur.prev_holder)
                seg.add(ob.event_id, ob.day, ob.weight)
                self.open(seg)
                return
            cur.add(ob.event_id, ob.day, ob.weight)
            if cur.status == CLAIMED and status == ASSESSED:
                # Confirmation by an independent or opposing outlet upgrades the claim in place:
                # the change happened when claimed, it is now assessed.
                cur.status = ASSESSED
            return
        current = decay(cur.confidence, cur.last, ob.day, self.p.half_life_days)
        window = self.p.conflict_window_days
        if status == CLAIMED:
            if cur.status == CLAIMED and (ob.day - cur.since).days <= window:
                # Both sides claim the place within days: contested, the earlier holder keeps it.
                holder = cur.prev_holder if cur.prev_holder is not None else cur.holder
                challenger = side if holder != side else cur.holder
                cur.holder, cur.challenger = holder, challenger
                cur.status, cur.base_status = CONTESTED, CLAIMED
                cur.add(ob.event_id, ob.day, 0.0)
                cur.pressure = ob.day
                return
            if cur.status == ASSESSED and (ob.day - cur.last).days <= window and current > ob.weight:
                seg = _Seg(cur.holder, CONTESTED, ob.day, cur.confidence, [ob.event_id], cur.prev_holder,
                           challenger=side, base_status=ASSESSED)
                self.open(seg)
                return
        self.open(_Seg(side, status, ob.day, ob.weight, [ob.event_id], cur.holder))

    def enter(self, ob: Observation) -> None:
        side = ob.side
        cur = self.segs[-1] if self.segs else None
        if cur is None:
            if ob.against is None or side is None:
                return
            base = ASSESSED if ob.source_class in (INDEPENDENT, ADMISSION) else CLAIMED
            self.open(_Seg(ob.against, CONTESTED, ob.day, ob.weight * 0.5, [ob.event_id], None,
                           challenger=side, base_status=base))
            return
        if cur.holder == side or (cur.status == CONTESTED and cur.challenger == side):
            cur.add(ob.event_id, ob.day, 0.0)
            cur.pressure = ob.day
            return
        base = cur.status if cur.status in (ASSESSED, CLAIMED) else cur.base_status
        self.open(_Seg(cur.holder, CONTESTED, ob.day, cur.confidence, [ob.event_id], cur.prev_holder,
                       challenger=side, base_status=base))

    def besiege(self, ob: Observation) -> None:
        side = ob.side
        cur = self.segs[-1] if self.segs else None
        besieged = ob.against or (cur.holder if cur is not None else None)
        if side is None or besieged is None or besieged == side:
            return
        if cur is not None and cur.holder == besieged:
            if cur.status == BESIEGED and cur.challenger == side:
                cur.add(ob.event_id, ob.day, 0.0)
                cur.pressure = ob.day
                return
            base = cur.status if cur.status in (ASSESSED, CLAIMED) else cur.base_status
            self.open(_Seg(besieged, BESIEGED, ob.day, cur.confidence, [ob.event_id], cur.prev_holder,
                           challenger=side, base_status=base))
            return
        base = ASSESSED if ob.source_class in (INDEPENDENT, ADMISSION) else CLAIMED
        prev = cur.holder if cur is not None else None
        self.open(_Seg(besieged, BESIEGED, ob.day, ob.weight, [ob.event_id], prev,
                       challenger=side, base_status=base))

    def contest(self, ob: Observation) -> None:
        cur = self.segs[-1] if self.segs else None
        if cur is None:
            if ob.against is not None and ob.side is not None:
                # Fighting in a place nobody has reported on yet: the side attacked is there.
                self.open(_Seg(ob.against, CONTESTED, ob.day, ob.weight * 0.5, [ob.event_id], None,
                               challenger=ob.side, base_status=CLAIMED))
            return
        if cur.holder not in (ob.side, ob.against):
            return
        other = ob.against if cur.holder == ob.side else ob.side
        if other is None:
            return
        if cur.status in (CONTESTED, BESIEGED):
            cur.add(ob.event_id, ob.day, 0.0)
            if cur.challenger == other:
                cur.pressure = ob.day
            return
        self.open(_Seg(cur.holder, CONTESTED, ob.day, cur.confidence, [ob.event_id], cur.prev_holder,
                       challenger=other, base_status=cur.status))

    def withdraw(self, ob: Observation) -> None:
        cur = self.segs[-1] if self.segs else None
        if cur is not None and cur.holder == ob.against and cur.challenger is not None:
            # The holder left a place it was fighting for or besieged in: the side pressing it takes it.
            self.gain(ob._replace(kind=GAIN, side=cur.challenger))

    def silence(self, ob: Observation) -> None:
        cur = self.segs[-1] if self.segs else None
        if cur is not None and ob.side is not None and cur.holder != ob.side and cur.prev_holder == ob.side:
            # A side saying nothing about a place it is reported to have lost: weak support.
            cur.add(ob.event_id, ob.day, self.p.silence_weight)


def _state(place: Place, seg: _Seg, confidence: float | None = None) -> ControlState:
    conf = seg.confidence if confidence is None else confidence
    return ControlState(place, seg.holder, seg.status, seg.since, seg.until, round(conf, 3),
                        tuple(seg.evidence), seg.challenger)


class Timelines(Mapping[str, tuple[ControlState, ...]]):
    """Per-place states in date order, built from the folded spans the first time a place is read.

    Building states lazily keeps computing a map proportional to the events, and reading it
    proportional to what is asked (a snapshot reads one state per place, not every span).
    """

    __slots__ = ("_places", "_spans", "_built")

    def __init__(self, places: Mapping[str, Place], spans: Mapping[str, list[_Seg]]) -> None:
        self._places = places
        self._spans = spans
        self._built: dict[str, tuple[ControlState, ...]] = {}

    def __getitem__(self, key: str) -> tuple[ControlState, ...]:
        built = self._built.get(key)
        if built is None:
            place = self._places[key]
            built = tuple(_state(place, seg) for seg in self._spans[key])
            self._built[key] = built
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def spans(self, key: str) -> list[_Seg]:
        return self._spans.get(key, [])


@dataclass(frozen=True, slots=True)
class ControlMap:
    """Control timelines for every place with evidence; query by date, place or name."""

    places: Mapping[str, Place]
    timelines: Timelines
    half_life_days: float = 45.0
    _names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.timelines)

    def state(self, key: str, when: date) -> ControlState | None:
        """Return the state of one place (gazetteer id) on a day, its confidence decayed to that day."""
        spans = self.timelines.spans(key)
        if not spans:
            return None
        i = bisect.bisect_right([s.since for s in spans], when) - 1
        if i < 0:
            return None
        seg = spans[i]
        conf = decay(seg.confidence, min(seg.last, when), when, self.half_life_days)
        return _state(self.places[key], seg, conf)

    def at(self, when: date) -> list[ControlState]:
        """Return the state of every place on a day (places without evidence by then are left out)."""
        out = []
        for key in self.timelines:
            state = self.state(key, when)
            if state is not None:
                out.append(state)
        return out

    def latest(self) -> list[ControlState]:
        """Return the last known state of every place."""
        return [_state(self.places[key], self.timelines.spans(key)[-1]) for key in self.timelines]

    def find(self, name: str) -> list[Place]:
        """Return the places with evidence whose name or alternate name matches `name`."""
        if name in self.places:
            return [self.places[name]]
        if not self._names and self.places:
            self._names.update(_name_index(self.places))
        norm = normalise_name(name)
        keys = self._names.get(norm, ())
        if not keys and norm:
            # "Raqqa" for "Ar Raqqah": the closest spellings, when no name matches exactly.
            found = process.extract(norm, list(self._names), scorer=fuzz.ratio, score_cutoff=88, limit=3)
            keys = tuple(dict.fromkeys(k for match in found for k in self._names[match[0]]))
        return [self.places[k] for k in keys]

    def timeline(self, key: str) -> tuple[ControlState, ...]:
        """Return the states of one place (gazetteer id) in date order."""
        return self.timelines.get(key, ())

    def changes(self, key: str) -> list[Change]:
        """Return the holder changes at a place: a new holder's first day and the evidence for it."""
        out: list[Change] = []
        previous: str | None = None
        place = self.places.get(key)
        for seg in self.timelines.spans(key):
            if place is not None and seg.holder != previous:
                out.append(Change(place, seg.since, previous, seg.holder, tuple(seg.evidence)))
                previous = seg.holder
        return out


def _region_keys(place: Place) -> list[tuple[str, str, str]]:
    keys: list[tuple[str, str, str]] = []
    if place.feature_code == "ADM2" and place.admin2:
        keys.append(("adm2", place.country, _region_name(place.admin2)))
        return keys
    if place.admin1_code:
        keys.append(("code", place.country, place.admin1_code))
    keys.append(("name", place.country, _region_name(place.admin1 or place.name)))
    return keys


def _member_keys(place: Place) -> list[tuple[str, str, str]]:
    keys: list[tuple[str, str, str]] = []
    if place.admin1_code:
        keys.append(("code", place.country, place.admin1_code))
    if place.admin1:
        keys.append(("name", place.country, _region_name(place.admin1)))
    if place.admin2:
        keys.append(("adm2", place.country, _region_name(place.admin2)))
    return keys


@functools.lru_cache(maxsize=4096)
def _region_name(name: str) -> str:
    return " ".join(w for w in normalise_name(name).split() if w not in _REGION_WORDS)


def _namesakes(region: Place, pool: set[str], by_base: Mapping[str, list[str]], places: Mapping[str, Place]) -> list[str]:
    """Return the towns inside a division that bear its name ("Mayadin" in "Mayadin District")."""
    base = _region_name(region.name)
    return sorted(k for k in by_base.get(base, ()) if k in pool and places[k].feature_class == "P")


def _base_index(places: Mapping[str, Place]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for key, place in places.items():
        if place.feature_class != "P":
            continue
        for base in {_region_name(n) for n in (place.name, *place.alternate_names)}:
            if base:
                index[base].append(key)
    return index


def _in_direction(place: Place, centre: Place, direction: str | None) -> bool:
    if direction is None:
        return True
    if direction == "east":
        return place.longitude > centre.longitude
    if direction == "west":
        return place.longitude < centre.longitude
    if direction == "north":
        return place.latitude > centre.latitude
    return place.latitude < centre.latitude


def _name_index(places: Mapping[str, Place]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for key, place in places.items():
        for name in {place.name, *place.alternate_names}:
            norm = normalise_name(name)
            if norm and key not in index[norm]:
                index[norm].append(key)
    return {k: tuple(v) for k, v in index.items()}


_order = operator.attrgetter("day", "weight")


def control_from_observations(observations: Iterable[Observation], params: ControlParams = ControlParams()) -> ControlMap:
    """Fold observations into a ControlMap (the part of compute_control after weighing)."""
    by_place: dict[str, list[Observation]] = defaultdict(list)
    places: dict[str, Place] = {}
    regional: list[Observation] = []
    silences: list[Observation] = []
    for ob in observations:
        if ob.kind == SILENCE:
            silences.append(ob)
        elif ob.region:
            regional.append(ob)
        elif ob.place is not None:
            key = ob.place.gazetteer_id
            by_place[key].append(ob)
            places[key] = ob.place
    if regional:
        # A region observation never starts a state, so places first reported after it can skip it.
        first_day = {key: min(ob.day for ob in obs) for key, obs in by_place.items()}
        members: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for key, place in places.items():
            for mk in _member_keys(place):
                members[mk].append(key)
        by_base: dict[str, list[str]] | None = None
        for ob in regional:
            region = ob.place
            if region is None or region.feature_code.startswith("PCL"):
                continue
            targets: set[str] = set()
            for rk in _region_keys(region):
                targets.update(members.get(rk, ()))
            if ob.bare:
                # A district's town may lack the district in its record: look across the province.
                pool = set(targets)
                for mk in _member_keys(region):
                    if mk[0] != "adm2":
                        pool.update(members.get(mk, ()))
                if by_base is None:
                    by_base = _base_index(places)
                towns = _namesakes(region, pool, by_base, places)
                if towns:
                    for key in towns:
                        by_place[key].append(ob._replace(place=places[key], region=False, direction=None))
                    continue
                if ob.kind != GAIN:
                    continue
                ob = ob._replace(weight=ob.weight * params.weights.region_factor)
            for key in targets:
                if ob.day < first_day[key] or key == region.gazetteer_id:
                    continue
                if _in_direction(places[key], region, ob.direction):
                    by_place[key].append(ob)
    names = _name_index(places) if silences else {}
    for ob in silences:
        for name in ob.silent_on:
            for key in names.get(normalise_name(name), ()):
                by_place[key].append(ob)

    spans: dict[str, list[_Seg]] = {}
    for key, obs in by_place.items():
        # Within a day the stronger evidence is applied last, so it decides the state.
        obs.sort(key=_order)
        folder = _Folder(params)
        for ob in obs:
            folder.apply(ob)
        folder.expire(date.max)  # a contest or siege nobody reports on again ends after its ttl
        if folder.segs:
            spans[key] = folder.segs
    kept = {k: places[k] for k in spans}
    return ControlMap(kept, Timelines(kept, spans), params.half_life_days)


def compute_control(
    events: Iterable[Event],
    *,
    sides: Sides | None = None,
    params: ControlParams = ControlParams(),
    publisher_sides: Mapping[str, str | None] | None = None,
) -> ControlMap:
    """Return the control map the events support.

    `sides` groups actors into coalitions (default: the configured theatre's actor pack);
    `publisher_sides` maps a document id to the side its outlet speaks for, used when an
    event's text attributes it to no one.
    """
    resolver = sides if sides is not None else Sides.for_theatre()
    observations = observe(events, resolver, params.weights, publisher_sides)
    result = control_from_observations(observations, params)
    log.debug("control: %d observations -> %d places", len(observations), len(result))
    return result
