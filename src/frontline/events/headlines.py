"""Read headlines, whose dropped words and noun-like verbs defeat the parse, by word order."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from frontline.events.build import build
from frontline.events.claim_status import claim_for
from frontline.events.claims import (
    Attribution,
    find_attributions,
    modality,
)
from frontline.events.dates import DateRange
from frontline.events.lexicon import Kind, token_lemma
from frontline.events.place_choice import choose_location
from frontline.events.reading import (
    CIVILIAN_INTER,
    HOSTILE_KINDS,
    KIND_SUB_EVENT,
    DocState,
    Trigger,
    are_allied,
    inter,
    sub_event_for,
)
from frontline.events.roles import order_sides, ordered_actors, segment
from frontline.events.triggers import TOLL_RULES, loose_fit
from frontline.model import Event

_HEADLINE_CHARS = 400


# Words that report people killed or hurt without saying how.
_CASUALTY_WORDS = frozenset({"killed", "casualties", "dead", "losses", "death", "deaths", "toll", "injuries", "injured", "wounded", "fatalities", "died"})


def is_headline(sent: Span, state: DocState) -> bool:
    """Return whether a sentence lies in the report's headline: its first line, with no closing full stop."""
    text = state.document.text
    line_end = text.find("\n")
    line_end = len(text) if line_end == -1 else line_end
    if sent.start_char >= line_end:
        return False
    line = text[:line_end].strip()
    return 0 < len(line) <= _HEADLINE_CHARS and not line.endswith(".")


def headline_events(sent: Span, state: DocState, when: DateRange | None) -> list[Event]:
    """Read a headline the parse found no act in: trigger words whatever their tag, else who lost people."""
    lexicon = state.lexicon
    paragraph = state.paragraph(sent.start_char)
    attributions = find_attributions(sent)
    events: list[Event] = []
    for token in sent:
        if token.i in state.actor_at or not token.is_alpha:
            continue
        lo, hi = segment(token, sent, state)
        rule = next(
            (r for lemma in _headline_lemmas(token) for pos in ("VERB", "NOUN") for r in lexicon.candidates(lemma, pos)
             if loose_fit(token, r, lo, hi, state)),
            None,
        )
        if rule is None or rule.kind not in HOSTILE_KINDS | {Kind.ATTACK_CIV} or modality(token, lexicon) is not None:
            continue
        actor1, actor2 = order_sides(token, sent, None, None, state)
        kind = Kind.CLASH if rule.kind == Kind.MOVEMENT else rule.kind
        if (rule.kind == Kind.MOVEMENT and actor2 is None) or (actor1 is None and (actor2 is None or kind in (Kind.TERRITORY, Kind.SIEGE_BROKEN))):
            continue  # an act with no side named is no better read from a headline than not at all
        events.append(_headline_event(Trigger(token, rule), kind, actor1, actor2, sent, state, paragraph, attributions, when))
    if events:
        return events
    return _toll_events(sent, state, paragraph, attributions, when)


def _headline_lemmas(token: Token) -> list[str]:
    """Return the lemmas a headline word may have: the parser's, and the verb's when it took a verb for a noun ("crucifies")."""
    out = [token_lemma(token)]
    text = token.lower_
    if token.pos_ != "VERB" and text.endswith("s") and len(text) > 4:
        out += [text[:-3] + "y"] if text.endswith("ies") else [text[:-1], text[:-2]] if text.endswith("es") else [text[:-1]]
    if text.endswith("ing") and len(text) > 6:
        out += [text[:-3], text[:-3] + "e"]  # "the targeting of": the act the gerund names
    return list(dict.fromkeys(out))


def _toll_events(sent: Span, state: DocState, paragraph: int, attributions: Sequence[Attribution], when: DateRange | None) -> list[Event]:
    """Read "47 were killed, including 11 members of the regime forces": the sides that lost people are the actors."""
    word = next((t for t in sent if t.lower_ in _CASUALTY_WORDS), None)
    if word is None:
        return []
    actors = ordered_actors(sent.doc, sent.start, sent.end, state)
    lost: list[str] = []
    previous: tuple[int, str, bool] | None = None
    for i, actor, flagged in actors:
        # "the ranks of the regime forces and the organization": a loss shared by the sides named together.
        joined = previous is not None and previous[2] and all(
            t.lower_ in ("and", "the", "“", "”", '"', ",") for t in sent.doc[previous[0] + 1 : i] if t.i not in state.actor_at
        )
        if (flagged or joined) and actor not in lost:
            lost.append(actor)
        previous = (i, actor, flagged or joined)
    armed = [a for a in lost if inter(a, state) != CIVILIAN_INTER]
    for other in armed[1:]:
        if not are_allied(state, armed[0], other):
            return [_headline_event(Trigger(word, TOLL_RULES[Kind.CLASH]), Kind.CLASH, armed[0], other, sent, state, paragraph, attributions, when)]
    if armed:
        return [_headline_event(Trigger(word, TOLL_RULES[Kind.CLASH]), Kind.CLASH, None, armed[0], sent, state, paragraph, attributions, when)]
    if lost:
        return [_headline_event(Trigger(word, TOLL_RULES[Kind.ATTACK_CIV]), Kind.ATTACK_CIV, None, lost[0], sent, state, paragraph, attributions, when)]
    return []


def _headline_event(
    trig: Trigger, kind: Kind, actor1: str | None, actor2: str | None, sent: Span, state: DocState,
    paragraph: int, attributions: Sequence[Attribution], when: DateRange | None,
) -> Event:
    if actor1 is not None and inter(actor1, state) == CIVILIAN_INTER:
        actor1, actor2 = actor2, actor1
    sub_event = sub_event_for(kind, actor1, state) or KIND_SUB_EVENT[Kind.CLASH]
    location = choose_location(trig.token, sent, state, paragraph)
    claim = claim_for(trig.token, attributions, actor1, kind, when, state)
    return build(trig, kind, sub_event, actor1, actor2, (), location, when, claim, sent, state)
