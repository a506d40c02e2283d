"""Read events out of a parsed report: one Event per act, with actors, place, dates and claim.

The flow per sentence: find trigger tokens (lexicon), drop acts that did not happen (modality),
assign actor roles over the dependency parse, choose where and when, attach who says so, then
merge the mentions of one act within the report.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Doc, Span

from frontline.actors import ActorPack, pack_for_text
from frontline.events.build import build
from frontline.events.claim_status import (
    affiliation_of,
    apply_denials,
    apply_silences,
    claim_for,
)
from frontline.events.claims import (
    find_attributions,
    modality,
)
from frontline.events.dates import DateRange, default_range, find_in
from frontline.events.fatalities import count_fatalities
from frontline.events.headlines import headline_events, is_headline
from frontline.events.lexicon import Kind, load_lexicon
from frontline.events.mention_merge import merge_mentions
from frontline.events.place_choice import (
    choose_location,
    document_focus,
    inside_actor,
    listed_places,
)
from frontline.events.reading import (
    CIVILIAN_INTER,
    GROUND_KINDS,
    HOSTILE_KINDS,
    KIND_SUB_EVENT,
    LISTABLE_KINDS,
    NEEDS_OPPONENT,
    TWO_PARTY_KINDS,
    DocState,
    Trigger,
    are_allied,
    inter,
    paragraph_starts,
    sub_event_for,
)
from frontline.events.roles import (
    accusation_tokens,
    adversaries,
    by_precedence,
    co_agents,
    context_opponent,
    fighting_between,
    find_agent,
    follow_loyalties,
    opponent_in_clause,
    order_sides,
    other_side_in_sentence,
    partners,
    patient,
    receiver,
    sentence_subject_actor,
    supporters,
)
from frontline.events.triggers import find_triggers, refers_back, restated
from frontline.geo import geoparse
from frontline.geo.unknown import unknown_place_mentions
from frontline.model import Document, Event, event_id, replace
from frontline.nlp import load_nlp

log = logging.getLogger(__name__)


def extract(document: Document) -> list[Event]:
    """Return the events in one report (parses it with the shared spaCy pipeline)."""
    return extract_parsed(document, load_nlp()(document.text))


def extract_many(documents: Iterable[Document], *, batch_size: int = 16) -> Iterator[tuple[Document, list[Event]]]:
    """Yield each report with its events, parsing in batches."""
    docs = list(documents) if not isinstance(documents, list) else documents
    nlp = load_nlp()
    for document, parsed in zip(docs, nlp.pipe((d.text for d in docs), batch_size=batch_size)):
        yield document, extract_parsed(document, parsed)


def extract_parsed(document: Document, parsed: Doc, *, pack: ActorPack | None = None) -> list[Event]:
    """Return the events in a report already parsed by spaCy."""
    state = DocState(
        document=document,
        pack=pack or pack_for_text(document.text, url=document.url, on=document.published),
        lexicon=load_lexicon(),
        # No publication date means no anchor: relative times stay unresolved (see dates.resolve).
        published=document.published,
    )
    state.breaks = paragraph_starts(document.text)
    outlets: list[tuple[int, int]] = []
    for mention in state.pack.find(document.text, outlet=document.publisher):
        if mention.via == "outlet":
            outlets.append((mention.start, mention.end))
            continue  # an outlet speaks for a side; it is not the side acting (see affiliation_of)
        span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                state.actor_at[token.i] = mention
    follow_loyalties(document.text, state)
    toponyms = geoparse(parsed, text=document.text)
    state.toponyms = [
        top for top in toponyms
        if top.place is not None and top.kind != "dateline" and not inside_actor(top, state)
        and not any(a <= top.start and top.end <= b for a, b in outlets)
    ]  # a dateline is where the report was written; a place inside a name is part of the name
    actor_spans = [(m.start, m.end) for m in {id(m): m for m in state.actor_at.values()}.values()]
    state.unresolved = unknown_place_mentions(parsed, document.text, toponyms, actor_spans + outlets)
    sentences = list(parsed.sents)  # Doc.sents rebuilds its spans on every access
    state.adversary = adversaries(sentences, state)
    state.partners = partners(sentences, state)
    state.focus = document_focus(state)

    found: list[Event] = []
    for sent in sentences:
        if not sent.text.strip():
            continue
        found.extend(_read_sentence(sent, state, found))
    return merge_mentions(found, restating=frozenset(state.restating_ids))


def _read_sentence(sent: Span, state: DocState, so_far: Sequence[Event]) -> list[Event]:
    lexicon = state.lexicon
    paragraph = state.paragraph(sent.start_char)
    attributions = find_attributions(sent)
    explicit_date = find_in(sent.text, state.published)
    # A sentence that names no time continues the one just before it ("... at the start of September.
    # It broke the siege"), also across a paragraph break, but only one step: a date said once does not
    # run on through a whole article.
    sentence_date = explicit_date or state.previous_date
    state.previous_date = explicit_date

    triggers = find_triggers(sent, state)
    # Headlines drop articles and auxiliaries and the parser reads many of their verbs as nouns
    # ("ISIS attacks positions"): there, word order says who acts on whom where the parse cannot.
    headline = is_headline(sent, state)
    events: list[Event] = []
    kinds_by_agent: dict[str | None, set[Kind]] = {}
    drafts: list[tuple[Trigger, Kind, str | None, str | None, tuple[str, ...]]] = []
    for trig in triggers:
        mood = modality(trig.token, lexicon)
        if mood is not None:
            log.debug("skipping %r: %s", trig.token.text, mood)
            continue
        if refers_back(trig, so_far):
            # "the attack on the port", "during the fighting": an act the report has already told; what
            # this telling adds (where, how many died) goes to that act (see merge_mentions).
            state.restating.add(trig.token.i)
        actor1: str | None
        actor2: str | None
        assoc: tuple[str, ...]
        pair = fighting_between(trig.token, state)
        if pair is not None:
            actor1, actor2, assoc = pair[0], pair[1], ()
        else:
            actor1, assoc = find_agent(trig.token, state)
            actor2 = patient(trig.token, actor1, state)
        if actor2 is not None and actor2 in assoc:
            actor2 = None  # named with the agent as acting together ("Turkish troops and their allies took ...")
        if actor1 is not None and inter(actor1, state) == CIVILIAN_INTER:
            # ACLED never codes civilians as the side that acts: "casualties among civilians in
            # shelling by the regime" names the victims first.
            actor1, actor2 = actor2, actor1
        if trig.rule.restates and actor1 is None:
            owner = restated(trig, triggers, paragraph, state, so_far)
            if owner is not None:
                if owner >= 0 and isinstance(so_far, list):
                    # The toll is the earlier act's: ACLED codes deaths on the event that caused them.
                    toll = max(so_far[owner].fatalities, count_fatalities(sent.text))
                    so_far[owner] = replace(so_far[owner], fatalities=toll)
                continue
        kind = trig.rule.kind
        if kind == Kind.WITHDRAW and _describes_leavers(trig):
            continue
        if kind == Kind.WITHDRAW and actor2 is None:
            # "handed the town over to the army": who receives the ground is the other side.
            actor2 = receiver(trig.token, actor1, state)
        if kind == Kind.MOVEMENT:
            # Moving on a place is fighting only when the clause names who holds or defends it.
            actor2 = actor2 or opponent_in_clause(trig.token, actor1, state)
            if actor2 is None:
                kind = Kind.MOVEMENT_ONLY
        drafts.append((trig, kind, actor1, actor2, assoc))
        kinds_by_agent.setdefault(actor1, set()).add(kind)

    # Fill in opponents the clause leaves implicit, ground acts first: fire "in support" of an
    # ally's ground act ("supported by Russian airstrikes") is aimed at that act's enemy.
    explicit = {id(d[0]): d[3] is not None for d in drafts}
    resolved: list[tuple[Trigger, Kind, str | None, str | None, tuple[str, ...]]] = []
    charged = accusation_tokens(sent) if any(d[1] == Kind.ATTACK_CIV and d[3] is not None for d in drafts) else set()
    helpers = supporters(sent, state) if drafts else frozenset()
    for trig, kind, actor1, actor2, assoc in drafts:
        if actor2 is not None and kind in GROUND_KINDS and inter(actor2, state) == CIVILIAN_INTER:
            actor2 = None  # ACLED's battles are fought between armed sides; civilians caught in them are not one
        if actor2 is not None and actor2 in helpers and kind in GROUND_KINDS:
            # "rebels backed by Turkish warplanes seized ...": a side that helps is not the enemy.
            assoc, actor2 = tuple(dict.fromkeys(assoc + (actor2,))), None
        if actor2 is not None and charged and kind == Kind.ATTACK_CIV and all(
            i in charged for i, m in state.actor_at.items() if m.actor == actor2 and sent.start <= i < sent.end
        ):
            actor2 = None  # "executed two men on charges of dealing with the SDF": the men, not the SDF
        if headline and kind in HOSTILE_KINDS | {Kind.ATTACK_CIV} and (actor1 is None or actor2 is None):
            actor1, actor2 = order_sides(trig.token, sent, actor1, actor2, state)
        if actor2 is None and actor1 is not None and kind == Kind.AGREEMENT:
            # "The rebels and the regime agreed a ceasefire": the other party is named beside it.
            actor2 = other_side_in_sentence(trig.token, actor1, sent, state)
        if actor2 is None and kind in REMOTE_KINDS and _harms_civilians(sent):
            # "an air strike on a market killed 100 people": fire on people and homes with no armed
            # target named is coded against civilians, not against the shooter's usual enemy.
            actor2 = _civilians(state)
        if actor2 is None and kind in NEEDS_OPPONENT | TWO_PARTY_KINDS:
            actor2 = context_opponent(actor1, state, besides=helpers | frozenset(assoc), armed=kind in GROUND_KINDS)
        if actor1 is None and actor2 is not None and kind in TWO_PARTY_KINDS:
            # "Rebel fighters were evacuated from the city": the side they leave it to is the other party.
            actor1 = context_opponent(actor2, state)
        if actor1 is None and actor2 is not None and kind == Kind.CLASH:
            # A fight has two sides: "losses among rebels after clashes against regime forces".
            actor1 = other_side_in_sentence(trig.token, actor2, sent, state) or context_opponent(actor2, state)
        if actor1 is None and kind in REMOTE_KINDS:
            # "A missile hit the station", "airstrikes against ISIS positions": no one named as firing.
            # ACLED codes the side the report blames: the one behind the report's earlier strikes of
            # this kind, else the enemy of the side that was hit.
            blamed = _blamed_for(kind, so_far, state)
            if blamed is not None and blamed != actor2:
                actor1 = blamed
                if actor2 is None:
                    actor2 = next((e.actor2 for e in reversed(so_far) if e.actor1 == blamed and e.sub_event_type == KIND_SUB_EVENT[kind]), None)
            elif actor2 is not None and inter(actor2, state) != CIVILIAN_INTER:
                actor1 = context_opponent(actor2, state, armed=True)
        if actor1 is None and actor2 is None and kind == Kind.CLASH:
            # "The monitor reported heavy fighting around the base": the sides the report is following,
            # or no event at all (ACLED codes no battle without a side).
            if state.last_agent is None:
                continue
            actor1 = state.last_agent
            actor2 = context_opponent(actor1, state)
        resolved.append((trig, kind, actor1, actor2, assoc))
    resolved = by_precedence(resolved, explicit, state)
    ground = [(a1, a2) for _t, k, a1, a2, _a in resolved if k in (Kind.TERRITORY, Kind.CLASH, Kind.MOVEMENT, Kind.SIEGE) and a1 and a2]
    for trig, kind, actor1, actor2, assoc in resolved:
        if kind in (Kind.AIR, Kind.SHELLING) and actor1 is not None and not explicit[id(trig)]:
            for ally, enemy in ground:
                if ally != actor1 and are_allied(state, ally, actor1):
                    actor2 = enemy
                    break
        if kind == Kind.WITHDRAW and (
            CIVILIAN_INTER in (inter(actor1, state), inter(actor2, state))
            or (actor1 is None and actor2 is None and trig.token.lemma_.lower() == "evacuate")
        ):
            continue  # residents or workers evacuated: no ground changed hands between armed sides
        # A movement beside a stronger act of the same side in the sentence adds nothing.
        if kind in (Kind.MOVEMENT, Kind.MOVEMENT_ONLY) and kinds_by_agent.get(actor1, set()) & {Kind.TERRITORY, Kind.CLASH, Kind.SIEGE_BROKEN, Kind.AIR}:
            continue
        if headline and actor1 is None and actor2 is not None and kind == Kind.CLASH:
            actor1 = other_side_in_sentence(trig.token, actor2, sent, state)
        if headline and actor1 is not None and actor2 is not None and actor2 in co_agents(trig.token, sent, actor1, state):
            # "The rebel and jihadi factions engage in battles": named together before the act, they fight side by side.
            actor2 = None
        sub_event = sub_event_for(kind, actor1, state)
        if sub_event is None:
            continue
        location = choose_location(trig.token, sent, state, paragraph, own_clause=kind in (Kind.TERRITORY, Kind.SIEGE_BROKEN, Kind.WITHDRAW))
        when = sentence_date or _undated_default(state)
        claim = claim_for(trig.token, attributions, actor1, kind, when, state)
        event = build(trig, kind, sub_event, actor1, actor2, assoc, location, when, claim, sent, state)
        events.append(event)
        if trig.token.i in state.restating:
            state.restating_ids.add(event.id)
            continue
        if kind in LISTABLE_KINDS:
            # "captured the villages of A, B and C": ACLED codes one event per place.
            for other in listed_places(trig.token, location, sent, state):
                key = event_id(state.document.id, trig.token.idx, trig.token.idx + len(trig.token), f"{sub_event}@{other.place.gazetteer_id}", actor1)
                events.append(replace(event, id=key, location=other))

    if headline and not events:
        events = headline_events(sent, state, sentence_date or _undated_default(state))
    if events:
        # The side the sentence is mostly about, not whoever acted last in it ("supported by Russian airstrikes").
        agents = Counter(e.actor1 for e in events if e.actor1)
        if agents:
            state.last_agent = max(agents, key=lambda a: (agents[a], -[e.actor1 for e in events].index(a)))
        located = [e.location for e in events if e.location is not None]
        if located:
            state.paragraph_place[paragraph] = located[-1]
    if attributions:
        last = attributions[-1]
        if not last.pronoun:
            state.last_source = last
            state.last_affiliation = affiliation_of(last.source, state)
    subject = sentence_subject_actor(sent, state)
    if subject:
        state.last_agent = subject
    apply_silences(sent, state, events, so_far)
    if isinstance(so_far, list):
        apply_denials(sent, state, events, so_far)
    state.previous_sentence = sent.start_char
    return events


# Verbs whose object is made to pull out by them ("forcing them to retreat"): the pull-out is their outcome.
_FORCING = frozenset({"force", "compel", "oblige", "push", "make"})


def _describes_leavers(trig: Trigger) -> bool:
    """Return whether a pull-out word describes who left rather than telling that they left.

    "The retreating troops regrouped", "militants retreating from the city laid mines": the
    participle names the men of another clause; "forcing them to retreat" is the other act's outcome.
    """
    token = trig.token
    if token.dep_ == "amod":
        return True
    if token.dep_ == "acl" and token.head.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return True
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in _FORCING


# Kinds of fire from afar, whose shooter a report often leaves unnamed.
REMOTE_KINDS = frozenset({Kind.AIR, Kind.SHELLING})


# Words that say fire fell on people or where they live.
_CIVILIAN_WORDS = frozenset({
    "civilian", "civilians", "people", "resident", "residents", "child", "children", "woman", "women", "boy",
    "girl", "family", "families", "patient", "patients", "passenger", "passengers", "hospital", "school",
    "market", "apartment", "residential", "home", "homes", "house", "houses",
})


def _harms_civilians(sent: Span) -> bool:
    return any(t.lower_ in _CIVILIAN_WORDS for t in sent)


def _civilians(state: DocState) -> str | None:
    """Return the theatre's civilians actor, if its pack has one."""
    return next((a.name for a in state.pack.actors if a.inter == CIVILIAN_INTER), None)


def _blamed_for(kind: Kind, so_far: Sequence[Event], state: DocState) -> str | None:
    """Return the side behind the report's earlier acts of this kind, when one side did them all."""
    wanted = KIND_SUB_EVENT[kind]
    shooters = {e.actor1 for e in so_far if e.sub_event_type == wanted and e.document_id == state.document.id}
    shooters.discard(None)
    return shooters.pop() if len(shooters) == 1 else None


def _undated_default(state: DocState) -> DateRange | None:
    """Return the span a sentence without a time expression gets: the week to publication, if known."""
    return default_range(state.published) if state.published is not None else None
