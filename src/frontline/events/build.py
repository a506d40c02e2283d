"""Assemble one Event from a trigger and what the reader decided about it."""

from __future__ import annotations

from spacy.tokens import Span

from frontline.events import taxonomy
from frontline.events.dates import DateRange
from frontline.events.fatalities import count_fatalities
from frontline.events.lexicon import Kind
from frontline.events.reading import CONTROL_EFFECT, DocState, Trigger, inter
from frontline.model import Claim, Event, Location, event_id


def build(
    trig: Trigger,
    kind: Kind,
    sub_event: str,
    actor1: str | None,
    actor2: str | None,
    assoc: tuple[str, ...],
    location: Location | None,
    when: DateRange | None,
    claim: Claim,
    sent: Span,
    state: DocState,
) -> Event:
    info = taxonomy.sub_event(sub_event)
    inter1 = inter(actor1, state)
    inter2 = inter(actor2, state)
    confidence = 0.45
    confidence += 0.15 if actor1 else 0
    confidence += 0.1 if actor2 else 0
    confidence += 0.1 if location and location.relation != "report focus" else 0
    confidence += 0.1 if when is not None and when.expression else 0
    return Event(
        # The trigger's offset keeps two acts of one sentence apart (same type and actor, other places).
        id=event_id(state.document.id, trig.token.idx, trig.token.idx + len(trig.token), sub_event, actor1),
        document_id=state.document.id,
        sentence_start=sent.start_char,
        sentence_end=sent.end_char,
        event_type=info.event_type,
        sub_event_type=info.name,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=assoc,
        interaction=taxonomy.interaction_code(inter1, inter2),
        plover_type=info.plover_type,
        plover_mode=info.plover_mode,
        cameo_root=info.cameo_root,
        location=location,
        date_start=when.start if when else None,
        date_end=when.end if when else None,
        time_precision=when.precision if when else 3,
        fatalities=count_fatalities(sent.text) if info.violent else 0,
        claim=claim,
        confidence=min(confidence, 0.95),
        text=sent.text.strip(),
        trigger=trig.token.lemma_.lower(),
        control=CONTROL_EFFECT.get(kind),
    )
