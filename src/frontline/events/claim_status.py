"""Say who reports an act and how: reported, claimed, accused, denied, historical."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from spacy.tokens import Span, Token

from frontline.events.claims import (
    Attribution,
    find_denials,
    find_silences,
    hedged,
)
from frontline.events.dates import DateRange
from frontline.events.lexicon import Kind
from frontline.events.reading import HISTORICAL_DAYS, DocState, are_allied
from frontline.model import Claim, Event, replace


def affiliation_of(source: str, state: DocState) -> str | None:
    """Return the side a source phrase speaks for: an actor it names, or an outlet's affiliation."""
    outlet = state.pack.outlet(source)
    if outlet is not None:
        return outlet.affiliation
    found = state.pack.find(source)
    if found:
        try:
            return state.pack.side(found[0].actor, on=state.published)
        except LookupError:
            return found[0].actor
    return None


def claim_for(trigger: Token, attributions: Sequence[Attribution], actor1: str | None, kind: Kind, when: DateRange | None, state: DocState) -> Claim:
    claim = _attributed_claim(trigger, attributions, actor1, kind, when, state)
    if claim.status in ("reported", "claimed") and hedged(trigger, state.lexicon):
        # "reportedly captured", "unconfirmed reports that warplanes struck": nobody vouches for it.
        return replace(claim, status="unconfirmed")
    return claim


def _attributed_claim(
    trigger: Token, attributions: Sequence[Attribution], actor1: str | None, kind: Kind, when: DateRange | None, state: DocState
) -> Claim:
    covering = [a for a in attributions if a.scope_start <= trigger.i < a.scope_end]
    if covering:
        attribution = min(covering, key=lambda a: a.scope_end - a.scope_start)
        source_phrase = attribution.source
        if attribution.pronoun and state.last_source is not None:
            source_phrase = state.last_source.source
            affiliation = state.last_affiliation
        else:
            affiliation = affiliation_of(source_phrase, state)
        status = _status_for(attribution.lemma, affiliation)
        partisan = _partisan(affiliation, actor1, kind, state)
        return Claim(status=status, source=source_phrase, speaker_affiliation=affiliation, verb=attribution.verb, partisan=partisan)
    publisher = state.document.publisher
    outlet = state.pack.outlet(publisher) if publisher else None
    affiliation = outlet.affiliation if outlet else None
    status = "claimed" if affiliation else "reported"
    if when is not None and state.published is not None and when.end < state.published - timedelta(days=HISTORICAL_DAYS):
        status = "historical"
    return Claim(
        status=status,
        source=publisher,
        speaker_affiliation=affiliation,
        verb=None,
        partisan=_partisan(affiliation, actor1, kind, state),
    )


def _status_for(lemma: str, affiliation: str | None) -> str:
    from frontline.events.claims import SPEECH_VERBS

    status = SPEECH_VERBS.get(lemma, "reported")
    if status == "claimed" and affiliation is None:
        return "reported"
    return status


def _partisan(affiliation: str | None, actor1: str | None, kind: Kind, state: DocState) -> bool:
    if affiliation is None or actor1 is None:
        return False
    return are_allied(state, affiliation, actor1) and kind in (Kind.TERRITORY, Kind.SIEGE_BROKEN, Kind.CLASH, Kind.MOVEMENT, Kind.SIEGE)


def apply_silences(sent: Span, state: DocState, events: list[Event], so_far: Sequence[Event]) -> None:
    """Record 'X's media are silent about Y' on the claims of X made nearby in the report."""
    for party, _rest, offset in find_silences(sent):
        places = tuple(
            t.place.name for t in state.toponyms if t.place is not None and offset <= t.start < sent.end_char
        )
        if not places:
            continue
        affiliation = affiliation_of(party, state) or state.last_affiliation
        paragraph = state.paragraph(sent.start_char)
        for i, event in enumerate(list(so_far)):
            same_side = affiliation is not None and event.claim.speaker_affiliation == affiliation
            near = state.paragraph(event.sentence_start) >= paragraph - 1
            if same_side and near and isinstance(so_far, list):
                so_far[i] = replace(event, claim=replace(event.claim, silent_on=tuple(dict.fromkeys(event.claim.silent_on + places))))


# Statuses a denial can contest: what a text says happened (not what it already calls hypothetical).
_CONTESTABLE = frozenset({"reported", "claimed", "accused", "unconfirmed"})


def apply_denials(sent: Span, state: DocState, events: list[Event], so_far: list[Event]) -> None:
    """Attach a denial to the claim it answers, in its own sentence or the one before.

    "Moscow said its forces took the village. Kyiv rejected the claim.": the capture stays a claim,
    now disputed by Kyiv. "... Amaq denied the city had fallen" after a report of the fall is the
    same act denied: the earlier telling is kept (claimed, disputed), not a second, denied event.
    A denial with nothing before it to answer stays a denied event of its own.
    """
    denials = find_denials(sent)
    if not denials:
        return
    earlier = [i for i, e in enumerate(so_far) if state.previous_sentence is not None and e.sentence_start >= state.previous_sentence]
    for denial in denials:
        denier_side = affiliation_of(denial.source, state)
        if denial.points_back or not any(e.claim.status == "denied" for e in events):
            # "Amaq denied the city had fallen" with no act read in its clause: it answers what was said before.
            targets_here = [i for i, e in enumerate(events) if e.claim.status in _CONTESTABLE]
            for i in targets_here:
                events[i] = _disputed(events[i], denial.source, denier_side, state)
            for i in earlier:
                so_far[i] = _disputed(so_far[i], denial.source, denier_side, state)
            continue
        for j in range(len(events) - 1, -1, -1):
            event = events[j]
            if event.claim.status != "denied":
                continue
            same = [i for i in earlier if _same_telling(so_far[i], event)]
            if same:
                for i in same:
                    so_far[i] = _disputed(so_far[i], denial.source, denier_side, state, force=True)
                del events[j]  # told once already: the denial belongs to that telling
            else:
                events[j] = replace(event, claim=replace(event.claim, disputed_by=tuple(dict.fromkeys(event.claim.disputed_by + (denial.source,)))))


def _same_telling(a: Event, b: Event) -> bool:
    if a.sub_event_type != b.sub_event_type and a.control != b.control:
        return False
    return a.location is None or b.location is None or a.location.place.gazetteer_id == b.location.place.gazetteer_id


def _disputed(event: Event, denier: str, denier_side: str | None, state: DocState, *, force: bool = False) -> Event:
    """Return the event with its claim disputed by `denier` (a side does not dispute its own claim)."""
    claim = event.claim
    if claim.status not in _CONTESTABLE:
        return event
    if not force and denier_side is not None and claim.speaker_affiliation is not None and are_allied(state, denier_side, claim.speaker_affiliation):
        return event
    status = "claimed" if claim.status == "reported" else claim.status
    return replace(event, claim=replace(claim, status=status, disputed_by=tuple(dict.fromkeys(claim.disputed_by + (denier,)))))
