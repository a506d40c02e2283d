"""Merge the mentions of one act within a report into one event."""

from __future__ import annotations

from frontline.model import Event, replace


def merge_mentions(events: list[Event], *, restating: frozenset[str] = frozenset()) -> list[Event]:
    """Merge events of one report that tell the same act twice (same sub-event, actors, place, dates).

    An event in `restating` ("the attack", "during the fighting") is a later mention of the last act
    of its type told before it: it adds its place and toll to that act and is not an act of its own.
    """
    kept: list[Event] = []
    for event in events:
        if event.id in restating:
            earlier = [i for i, k in enumerate(kept) if k.event_type == event.event_type and k.sentence_start < event.sentence_start]
            if earlier:
                kept[earlier[-1]] = _absorb(kept[earlier[-1]], event)
                continue
        for i, other in enumerate(kept):
            if _same_act(event, other):
                kept[i] = _combine(other, event)
                break
        else:
            kept.append(event)
    return kept


def _same_act(a: Event, b: Event) -> bool:
    if (a.sub_event_type, a.actor1) != (b.sub_event_type, b.actor1):
        return False
    # "SDF seize al-Omar oil field" over "the SDF captured the field from ISIS": a side one telling
    # leaves unnamed does not make it another act.
    if a.actor2 != b.actor2 and a.actor2 is not None and b.actor2 is not None:
        return False
    if a.date_start and b.date_start and a.date_end and b.date_end:
        if a.date_start > b.date_end or b.date_start > a.date_end:
            return False
    if a.location is None or b.location is None:
        return True
    if a.location.relation == "report focus" or b.location.relation == "report focus":
        return True
    return a.location.place.gazetteer_id == b.location.place.gazetteer_id


def _combine(first: Event, second: Event) -> Event:
    """Keep the better-located, more precise event; join the sources that report it."""
    best, other = (first, second)
    if _location_rank(second) > _location_rank(first):
        best, other = second, first
    sources = [s for s in (best.claim.source, other.claim.source) if s]
    claim = best.claim
    if other.claim.source and other.claim.source != best.claim.source:
        claim = replace(claim, source="; ".join(dict.fromkeys(sources)))
    assoc = tuple(dict.fromkeys(best.assoc_actor_1 + other.assoc_actor_1))
    # The telling with the finer date ("on Sunday" over a headline's week) gives the dates.
    dated = other if other.time_precision < best.time_precision else best
    # The telling that names the other side gives it, with the interaction code that goes with it.
    sided = other if best.actor2 is None and other.actor2 is not None else best
    return replace(
        best,
        actor2=sided.actor2,
        assoc_actor_2=sided.assoc_actor_2,
        interaction=sided.interaction,
        date_start=dated.date_start,
        date_end=dated.date_end,
        time_precision=dated.time_precision,
        claim=claim,
        assoc_actor_1=assoc,
        fatalities=max(best.fatalities, other.fatalities),
        confidence=min(0.95, max(best.confidence, other.confidence) + 0.05),
    )


def _location_rank(e: Event) -> tuple[int, int, float]:
    if e.location is None:
        return (0, 0, e.confidence)
    focus = 0 if e.location.relation == "report focus" else 1
    return (1 + focus, 4 - e.location.geo_precision, e.confidence)


def _absorb(act: Event, mention: Event) -> Event:
    """Add to an act what a later mention of it tells: a finer place, the toll, the side it left unnamed."""
    # Only where the act had no place of its own: a later mention often names places around it.
    location = mention.location if _location_rank(act)[0] < 2 and _location_rank(mention) > _location_rank(act) else act.location
    if act.actor2 is None and mention.actor2 is not None and mention.actor1 == act.actor1:
        act = replace(act, actor2=mention.actor2, assoc_actor_2=mention.assoc_actor_2, interaction=mention.interaction)
    return replace(act, location=location, fatalities=max(act.fatalities, mention.fatalities))
