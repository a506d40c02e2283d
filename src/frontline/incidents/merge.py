"""Merge events from different reports that describe the same act into incidents.

Two events describe the same act when they belong to the same sub-type family, their actors
are compatible once grouped into sides, their places lie within a radius set by their precision
and their date ranges overlap. The merge is a view: events are never changed or dropped, an
incident only lists their ids, and `keep_apart` undoes any merge an analyst disagrees with.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from frontline.control.sides import Sides, normalise_name
from frontline.geo.distance import haversine_km
from frontline.model import Event, Incident, Location

SINGLE_SOURCE = "single source"
ONE_SIDE = "one side"
INDEPENDENT = "independent"
BOTH_SIDES = "both sides"
CORROBORATION_LEVELS: tuple[str, ...] = (SINGLE_SOURCE, ONE_SIDE, INDEPENDENT, BOTH_SIDES)

# Sub-types whose actor order carries meaning (who gained) are never matched with actors swapped.
_ORDERED = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
        "Headquarters or base established",
    }
)
_TERRITORY = _ORDERED - {"Headquarters or base established"}


@dataclass(frozen=True, slots=True)
class MergeParams:
    """Distance and date tolerances for treating two events as one act."""

    radius_km: tuple[float, float, float] = (10.0, 25.0, 100.0)  # by ACLED geo-precision 1, 2, 3
    date_slack_days: int = 1  # reports a day apart on the same act (time zones, "overnight")


def family(event: Event) -> str:
    """Return the group of sub-types one act may be coded as by different coders."""
    if event.sub_event_type in _TERRITORY or event.event_type == "Battles":
        return "Battles"
    if event.event_type == "Strategic developments":
        return event.sub_event_type
    return event.event_type


def _radius(loc: Location, params: MergeParams) -> float:
    index = min(max(loc.geo_precision, 1), 3) - 1
    return max(params.radius_km[index], loc.precision_km or 0.0)


def _same_area(a: Location, b: Location) -> bool:
    pa, pb = a.place, b.place
    if pa.country != pb.country:
        return False
    if pa.admin1_code and pb.admin1_code:
        return pa.admin1_code == pb.admin1_code
    return bool(pa.admin1 and pb.admin1 and normalise_name(pa.admin1) == normalise_name(pb.admin1))


def places_match(a: Location | None, b: Location | None, params: MergeParams = MergeParams()) -> bool:
    """Return whether two locations can be the same site, given their precision."""
    if a is None or b is None:
        return a is None and b is None
    if a.place.gazetteer_id == b.place.gazetteer_id:
        return True
    if a.geo_precision >= 3 or b.geo_precision >= 3:
        # A province-level report matches any place inside the province.
        if _same_area(a, b):
            return True
    limit = max(_radius(a, params), _radius(b, params))
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) <= limit


def _span(event: Event) -> tuple[date, date] | None:
    start = event.date_start or event.date_end
    end = event.date_end or event.date_start
    if start is None or end is None:
        return None
    return start, max(start, end)


def dates_overlap(a: Event, b: Event, slack_days: int = 1) -> bool:
    """Return whether two events' date ranges overlap, allowing `slack_days` either side."""
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return False
    slack = timedelta(days=slack_days)
    return sa[0] - slack <= sb[1] and sb[0] - slack <= sa[1]


def _compatible(x: str | None, y: str | None) -> bool:
    return x is None or y is None or x == y


class _Matcher:
    def __init__(self, sides: Sides, params: MergeParams) -> None:
        self.sides = sides
        self.params = params
        self.actor_sides: dict[str, tuple[str | None, str | None]] = {}

    def sides_of(self, event: Event) -> tuple[str | None, str | None]:
        found = self.actor_sides.get(event.id)
        if found is None:
            on = event.date_start
            found = (self.sides.side(event.actor1, on), self.sides.side(event.actor2, on))
            self.actor_sides[event.id] = found
        return found

    def actors_match(self, a: Event, b: Event) -> bool:
        a1, a2 = self.sides_of(a)
        b1, b2 = self.sides_of(b)
        if _compatible(a1, b1) and _compatible(a2, b2):
            return True
        symmetric = a.sub_event_type not in _ORDERED and b.sub_event_type not in _ORDERED
        return symmetric and _compatible(a1, b2) and _compatible(a2, b1)

    def same_act(self, a: Event, b: Event) -> bool:
        return (
            family(a) == family(b)
            and dates_overlap(a, b, self.params.date_slack_days)
            and self.actors_match(a, b)
            and places_match(a.location, b.location, self.params)
        )


def _source_of(event: Event, publishers: Mapping[str, str | None]) -> str:
    return event.claim.source or publishers.get(event.document_id) or f"document:{event.document_id}"


def _affiliation(event: Event, sides: Sides, publishers: Mapping[str, str | None]) -> str | None:
    claim = event.claim
    on = event.date_start
    if claim.speaker_affiliation:
        return sides.side(claim.speaker_affiliation, on)
    if claim.source:
        return sides.outlet_side(claim.source, on)
    return sides.outlet_side(publishers.get(event.document_id), on)


def corroboration(documents: int, affiliations: Iterable[str | None], parties: Iterable[str | None] = ()) -> str:
    """Return the corroboration level of an act reported by `documents` reports with these source sides.

    `parties` are the sides of the act's actors: sources from both of them make "both sides";
    any source outside them (an independent outlet or a third party) makes "independent";
    sources all from one side make "one side". Without parties, two different sides count as both.
    """
    if documents <= 1:
        return SINGLE_SOURCE
    sources = list(affiliations)
    involved = {p for p in parties if p is not None}
    partisan = {a for a in sources if a is not None}
    if len(involved) == 2 and involved <= partisan:
        return BOTH_SIDES
    if not involved and len(partisan) >= 2:
        return BOTH_SIDES
    if any(a is None or (involved and a not in involved) for a in sources):
        return INDEPENDENT
    return ONE_SIDE


def _most_common(values: Sequence[str | None]) -> str | None:
    known = [v for v in values if v]
    if not known:
        return None
    counts = Counter(known)
    best = max(counts.values())
    return next(v for v in known if counts[v] == best)  # ties go to the most precise event


def build_incident(
    members: Sequence[Event],
    sides: Sides,
    publishers: Mapping[str, str | None] | None = None,
) -> Incident:
    """Return the merged view of events already judged to describe one act."""
    pubs = publishers or {}
    # The most precisely located, most confident report speaks first.
    ranked = sorted(members, key=lambda e: (e.location.geo_precision if e.location else 9, -e.confidence, e.id))
    sources: list[str] = []
    affiliations: list[str | None] = []
    for event in ranked:
        source = _source_of(event, pubs)
        if source not in sources:
            sources.append(source)
            affiliations.append(_affiliation(event, sides, pubs))
    spans = [s for s in (_span(e) for e in members) if s is not None]
    start: date | None = None
    end: date | None = None
    if spans:
        start, end = max(s[0] for s in spans), min(s[1] for s in spans)
        if start > end:  # only overlapping with slack: report the union instead
            start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    on = start
    actor1 = _most_common([e.actor1 for e in ranked])
    actor2 = _most_common([e.actor2 for e in ranked])
    parties = (sides.side(actor1, on), sides.side(actor2, on))
    ids = tuple(sorted(e.id for e in members))
    digest = hashlib.sha256("|".join(ids).encode("utf-8")).hexdigest()[:16]
    event_ids = tuple(e.id for e in sorted(members, key=lambda e: (e.date_start or date.min, e.id)))
    sub = _most_common([e.sub_event_type for e in ranked]) or ranked[0].sub_event_type
    etype = next(e.event_type for e in ranked if e.sub_event_type == sub)
    return Incident(
        id=f"inc-{digest}",
        event_ids=event_ids,
        event_type=etype,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        location=ranked[0].location,
        date_start=start,
        date_end=end,
        sources=tuple(sources),
        affiliations=tuple(a or INDEPENDENT for a in affiliations),
        corroboration=corroboration(len({e.document_id for e in members}), affiliations, parties),
    )


def merge_incidents(
    events: Iterable[Event],
    *,
    sides: Sides | None = None,
    publishers: Mapping[str, str | None] | None = None,
    keep_apart: Iterable[tuple[str, str]] = (),
    params: MergeParams = MergeParams(),
) -> list[Incident]:
    """Group events that describe the same act into incidents, in date order.

    An event joins an incident only when it matches every event already in it (no chaining of
    near misses across a front). `publishers` maps document ids to outlet names, used for events
    whose text attributes them to no one; `keep_apart` lists event id pairs never to merge.
    """
    resolver = sides if sides is not None else Sides.for_theatre()
    matcher = _Matcher(resolver, params)
    apart: set[frozenset[str]] = {frozenset(pair) for pair in keep_apart}
    ordered = sorted(events, key=lambda e: (_span(e) or (date.max, date.max), e.id))
    clusters: list[list[Event]] = []
    open_clusters: dict[str, list[int]] = {}
    cluster_end: list[date] = []
    slack = timedelta(days=params.date_slack_days)
    for event in ordered:
        span = _span(event)
        fam = family(event)
        joined = -1
        if span is not None:
            candidates = open_clusters.setdefault(fam, [])
            # Clusters that ended before this event started (with slack) can take no more members.
            candidates[:] = [i for i in candidates if cluster_end[i] + slack >= span[0]]
            for i in candidates:
                members = clusters[i]
                if any(frozenset((event.id, m.id)) in apart for m in members):
                    continue
                if all(matcher.same_act(event, m) for m in members):
                    joined = i
                    break
        if joined >= 0:
            clusters[joined].append(event)
            if span is not None and span[1] > cluster_end[joined]:
                cluster_end[joined] = span[1]
            continue
        clusters.append([event])
        cluster_end.append(span[1] if span is not None else date.min)
        if span is not None:
            open_clusters.setdefault(fam, []).append(len(clusters) - 1)
    incidents = [build_incident(members, resolver, publishers) for members in clusters]
    incidents.sort(key=lambda i: (i.date_start or date.max, i.id))
    return incidents
