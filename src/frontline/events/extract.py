"""Read events out of a parsed report: one Event per act, with actors, place, dates and claim.

The flow per sentence: find trigger tokens (lexicon), drop acts that did not happen (modality),
assign actor roles over the dependency parse, choose where and when, attach who says so, then
merge the mentions of one act within the report.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from frontline import settings
from frontline.actors import ActorMention, ActorPack, load_pack
from frontline.events import taxonomy
from frontline.events.claims import Attribution, find_attributions, find_silences, hedged, modality
from frontline.events.dates import DateRange, default_range, find_in
from frontline.events.fatalities import count_fatalities
from frontline.events.lexicon import Lexicon, TriggerRule, load_lexicon, token_lemma
from frontline.geo import Toponym, geoparse, relative_location
from frontline.model import Claim, Document, Event, Location, event_id, replace
from frontline.nlp import load_nlp

log = logging.getLogger(__name__)

# What each trigger kind becomes; territory and movement depend on who acts (decided later).
_KIND_SUB_EVENT = {
    "clash": "Armed clash",
    "chemical": "Chemical weapon",
    "siege": "Armed clash",
    "air": "Air/drone strike",
    "shelling": "Shelling/artillery/missile attack",
    "explosive": "Remote explosive/landmine/IED",
    "suicide": "Suicide bomb",
    "attack_civ": "Attack",
    "abduct": "Abduction/forced disappearance",
    "arrest": "Arrests",
    "protest": "Peaceful protest",
    "agreement": "Agreement",
    "operations": "Other",
    "withdraw": "Non-violent transfer of territory",
}
# Kinds whose act changes or threatens who holds a place; read by the control layer.
_CONTROL_EFFECT = {
    "territory": "gain",
    "siege_broken": "gain",
    "siege": "siege",
    "withdraw": "withdraw",
    "clash": "contest",
    "movement": "contest",
}
_STATE_INTER = 1
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# Kinds that say how harm was done: a killing in the same clause is their outcome, not a new act.
_METHOD_KINDS = frozenset({"clash", "chemical", "air", "shelling", "explosive", "suicide", "attack_civ", "territory", "siege", "siege_broken", "movement"})
_CIVILIAN_INTER = 7
# Kinds of act that always have an opponent, even when the clause leaves it implicit.
_NEEDS_OPPONENT = frozenset({"clash", "movement", "territory", "siege_broken", "siege", "air", "shelling"})
_PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "she", "her", "we", "our"}
# Sentences older than this before publication are background, not news.
_HISTORICAL_DAYS = 180


@dataclass(frozen=True, slots=True)
class Trigger:
    """A token that announces an act, and the rule that recognised it."""

    token: Token
    rule: TriggerRule


@dataclass(slots=True)
class _DocState:
    """What the reader remembers while moving through a report."""

    document: Document
    pack: ActorPack
    lexicon: Lexicon
    published: date
    actor_at: dict[int, ActorMention] = field(default_factory=dict)  # token index -> mention
    toponyms: list[Toponym] = field(default_factory=list)
    adversary: dict[str, Counter[str]] = field(default_factory=dict)
    last_agent: str | None = None
    last_source: Attribution | None = None
    last_affiliation: str | None = None
    previous_date: DateRange | None = None
    paragraph_place: dict[int, Location] = field(default_factory=dict)
    focus: Location | None = None
    breaks: list[int] = field(default_factory=list)

    def paragraph(self, char: int) -> int:
        """Return the index of the paragraph holding a character offset."""
        return bisect_left(self.breaks, char)


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
    state = _DocState(
        document=document,
        pack=pack or load_pack(settings.get("theatre")),
        lexicon=load_lexicon(),
        published=document.published or (document.retrieved.date() if document.retrieved else date.today()),
    )
    state.breaks = _paragraph_starts(document.text)
    outlets: list[tuple[int, int]] = []
    for mention in state.pack.find(document.text, outlet=document.publisher):
        if mention.via == "outlet":
            outlets.append((mention.start, mention.end))
            continue  # an outlet speaks for a side; it is not the side acting (see _affiliation)
        span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for token in span:
                state.actor_at[token.i] = mention
    _follow_loyalties(document.text, state)
    state.toponyms = [
        t for t in geoparse(parsed)
        if t.place is not None and not _inside_actor(t, state) and not any(a <= t.start and t.end <= b for a, b in outlets)
    ]
    sentences = list(parsed.sents)  # Doc.sents rebuilds its spans on every access
    state.adversary = _adversaries(sentences, state)
    state.focus = _document_focus(state)

    found: list[Event] = []
    for sent in sentences:
        if not sent.text.strip():
            continue
        found.extend(_read_sentence(sent, state, found))
    return _merge_mentions(found)


_LOYAL_TO = re.compile(r"\s*(?:loyal|allied) to (?:them|it|him|her)\b", re.IGNORECASE)


def _follow_loyalties(text: str, state: _DocState) -> None:
    """Point "the factions loyal to them" at the actor "them" stands for: those fighters fight on its side."""
    mentions = list({id(m): m for m in state.actor_at.values()}.values())
    mentions.sort(key=lambda m: m.start)
    for previous, mention in zip(mentions, mentions[1:]):
        if not _LOYAL_TO.match(text, mention.end) or "." in text[previous.end : mention.start]:
            continue
        loyal = ActorMention(mention.start, mention.end, mention.text, previous.actor, mention.via)
        for i, m in list(state.actor_at.items()):
            if m is mention:
                state.actor_at[i] = loyal


def _inside_actor(toponym: Toponym, state: _DocState) -> bool:
    """Return whether a toponym sits inside an actor's name ("Syrian Democratic Forces", "Deir ez-Zor 24")."""
    for mention in {id(m): m for m in state.actor_at.values()}.values():
        if mention.start <= toponym.start and toponym.end <= mention.end and mention.end - mention.start > toponym.end - toponym.start:
            return True
    return False


def _paragraph_starts(text: str) -> list[int]:
    """Return the offsets of blank-line breaks, for finding a character's paragraph by bisection."""
    starts, at = [], text.find("\n\n")
    while at != -1:
        starts.append(at)
        at = text.find("\n\n", at + 2)
    return starts


# Trigger kinds that set two sides against each other (not protests, deals, arrests or statements).
_HOSTILE_KINDS = frozenset(
    {"clash", "movement", "territory", "siege", "siege_broken", "air", "shelling", "explosive", "suicide", "chemical"}
)


@cache
def _hostile_lemmas(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lemma for rule in lexicon.rules if rule.kind in _HOSTILE_KINDS for lemma in rule.lemmas)


def _adversaries(sentences: Sequence[Span], state: _DocState) -> dict[str, Counter[str]]:
    """Count, for each actor, the non-allied actors it is mentioned with: its likely opponents here."""
    out: dict[str, Counter[str]] = {}
    indices = sorted(state.actor_at)
    hostile = _hostile_lemmas(state.lexicon)
    for sent in sentences:
        lo, hi = bisect_left(indices, sent.start), bisect_left(indices, sent.end)
        if hi - lo < 2 or not any(token_lemma(t) in hostile for t in sent):
            continue  # "a deal agreed with Russia and Iran": named together is not fighting each other
        # In order of mention, so ties between opponents break the same way in every process.
        names = list(dict.fromkeys(state.actor_at[i].actor for i in indices[lo:hi]))
        for a in names:
            for b in names:
                if a != b and not _allied(state, a, b):
                    out.setdefault(a, Counter())[b] += 1
    return out


def _allied(state: _DocState, a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return state.pack.allied(a, b, on=state.published) or state.pack.side(a, on=state.published) == state.pack.side(b, on=state.published)
    except LookupError:
        return False


def _document_focus(state: _DocState) -> Location | None:
    """Return the most-mentioned town of the report: where an act with no place of its own most likely was."""
    towns = [t for t in state.toponyms if t.place is not None and t.place.feature_class == "P"]
    if not towns:
        return None
    counts = Counter(t.place.gazetteer_id for t in towns if t.place)
    best_id, _ = counts.most_common(1)[0]
    for t in towns:
        if t.place is not None and t.place.gazetteer_id == best_id:
            return Location(t.place, 3, t.place.latitude, t.place.longitude, t.text, relation="report focus")
    return None


def _read_sentence(sent: Span, state: _DocState, so_far: Sequence[Event]) -> list[Event]:
    lexicon = state.lexicon
    paragraph = state.paragraph(sent.start_char)
    attributions = find_attributions(sent)
    explicit_date = find_in(sent.text, state.published)
    # A sentence that names no time continues the one just before it ("... at the start of September.
    # It broke the siege"), also across a paragraph break, but only one step: a date said once does not
    # run on through a whole article.
    sentence_date = explicit_date or state.previous_date
    state.previous_date = explicit_date

    triggers = _find_triggers(sent, state)
    # Headlines drop articles and auxiliaries and the parser reads many of their verbs as nouns
    # ("ISIS attacks positions"): there, word order says who acts on whom where the parse cannot.
    headline = _is_headline(sent, state)
    events: list[Event] = []
    kinds_by_agent: dict[str | None, set[str]] = {}
    drafts: list[tuple[Trigger, str, str | None, str | None, tuple[str, ...]]] = []
    for trig in triggers:
        mood = modality(trig.token, lexicon)
        if mood is not None:
            log.debug("skipping %r: %s", trig.token.text, mood)
            continue
        actor1: str | None
        actor2: str | None
        assoc: tuple[str, ...]
        pair = _between(trig.token, state)
        if pair is not None:
            actor1, actor2, assoc = pair[0], pair[1], ()
        else:
            actor1, assoc = _agent(trig.token, state)
            actor2 = _patient(trig.token, actor1, state)
        if actor1 is not None and _inter(actor1, state) == _CIVILIAN_INTER:
            # ACLED never codes civilians as the side that acts: "casualties among civilians in
            # shelling by the regime" names the victims first.
            actor1, actor2 = actor2, actor1
        if trig.rule.restates and actor1 is None:
            owner = _restated(trig, triggers, paragraph, state, so_far)
            if owner is not None:
                if owner >= 0 and isinstance(so_far, list):
                    # The toll is the earlier act's: ACLED codes deaths on the event that caused them.
                    toll = max(so_far[owner].fatalities, count_fatalities(sent.text))
                    so_far[owner] = replace(so_far[owner], fatalities=toll)
                continue
        kind = trig.rule.kind
        if kind == "movement":
            # Moving on a place is fighting only when the clause names who holds or defends it.
            actor2 = actor2 or _opponent_in_clause(trig.token, actor1, state)
            if actor2 is None:
                kind = "movement_only"
        drafts.append((trig, kind, actor1, actor2, assoc))
        kinds_by_agent.setdefault(actor1, set()).add(kind)

    # Fill in opponents the clause leaves implicit, ground acts first: fire "in support" of an
    # ally's ground act ("supported by Russian airstrikes") is aimed at that act's enemy.
    explicit = {id(d[0]): d[3] is not None for d in drafts}
    resolved: list[tuple[Trigger, str, str | None, str | None, tuple[str, ...]]] = []
    charged = _accusation_tokens(sent) if any(d[1] == "attack_civ" and d[3] is not None for d in drafts) else set()
    for trig, kind, actor1, actor2, assoc in drafts:
        if actor2 is not None and charged and kind == "attack_civ" and all(
            i in charged for i, m in state.actor_at.items() if m.actor == actor2 and sent.start <= i < sent.end
        ):
            actor2 = None  # "executed two men on charges of dealing with the SDF": the men, not the SDF
        if headline and kind in _HOSTILE_KINDS | {"attack_civ"} and (actor1 is None or actor2 is None):
            actor1, actor2 = _order_sides(trig.token, sent, actor1, actor2, state)
        if actor2 is None and kind in _NEEDS_OPPONENT:
            actor2 = _context_opponent(actor1, state)
        if actor1 is None and actor2 is not None and kind == "clash":
            # A fight has two sides: "losses among rebels after clashes against regime forces".
            actor1 = _other_side_in_sentence(trig.token, actor2, sent, state) or _context_opponent(actor2, state)
        if actor1 is None and actor2 is None and kind == "clash":
            # "The monitor reported heavy fighting around the base": the sides the report is following,
            # or no event at all (ACLED codes no battle without a side).
            if state.last_agent is None:
                continue
            actor1 = state.last_agent
            actor2 = _context_opponent(actor1, state)
        resolved.append((trig, kind, actor1, actor2, assoc))
    ground = [(a1, a2) for _t, k, a1, a2, _a in resolved if k in ("territory", "clash", "movement", "siege") and a1 and a2]
    for trig, kind, actor1, actor2, assoc in resolved:
        if kind in ("air", "shelling") and actor1 is not None and not explicit[id(trig)]:
            for ally, enemy in ground:
                if ally != actor1 and _allied(state, ally, actor1):
                    actor2 = enemy
                    break
        # A movement beside a stronger act of the same side in the sentence adds nothing.
        if kind in ("movement", "movement_only") and kinds_by_agent.get(actor1, set()) & {"territory", "clash", "siege_broken", "air"}:
            continue
        if headline and actor1 is None and actor2 is not None and kind == "clash":
            actor1 = _other_side_in_sentence(trig.token, actor2, sent, state)
        if headline and actor1 is not None and actor2 is not None and actor2 in _co_agents(trig.token, sent, actor1, state):
            # "The rebel and jihadi factions engage in battles": named together before the act, they fight side by side.
            actor2 = None
        sub_event = _sub_event(kind, actor1, state)
        if sub_event is None:
            continue
        location = _location(trig.token, sent, state, paragraph, own_clause=kind in ("territory", "siege_broken", "withdraw"))
        when = sentence_date or default_range(state.published)
        claim = _claim(trig.token, attributions, actor1, kind, when, state)
        events.append(_build(trig, kind, sub_event, actor1, actor2, assoc, location, when, claim, sent, state))

    if headline and not events:
        events = _headline_events(sent, state, sentence_date or default_range(state.published))
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
            state.last_affiliation = _affiliation(last.source, state)
    subject = _sentence_subject_actor(sent, state)
    if subject:
        state.last_agent = subject
    _apply_silences(sent, state, events, so_far)
    return events


# ----- headlines

_HEADLINE_CHARS = 400
_SEGMENT_MARKS = frozenset({",", ";", ":", "…", "...", "|", "—", "–", "(", ")"})
_CLAUSE_WORDS = frozenset({"amid", "while", "after", "following", "as", "before", "within", "when", "whereas"})
# Nouns whose "of X" names who lost people ("members of the regime forces", "the ranks of ISIS").
_LOSS_NOUNS = frozenset({
    "member", "members", "rank", "ranks", "fighter", "fighters", "element", "elements", "casualty", "casualties",
    "loss", "losses", "body", "bodies", "soldier", "soldiers", "militiaman", "militiamen", "commander", "commanders",
    "leader", "leaders", "prisoner", "prisoners", "dozens", "tens", "hundreds", "death", "deaths", "toll", "dead",
    "killing", "personnel", "gunmen", "officer", "officers", "killed", "wounded", "injured",
})
_LOSS_AFTER = frozenset({"killed", "dead", "casualties", "losses", "died", "members", "fighters", "elements", "were", "was"})
# Words that report people killed or hurt without saying how.
_CASUALTY_WORDS = frozenset({"killed", "casualties", "dead", "losses", "death", "deaths", "toll", "injuries", "injured", "wounded", "fatalities", "died"})


def _is_headline(sent: Span, state: _DocState) -> bool:
    """Return whether a sentence lies in the report's headline: its first line, with no closing full stop."""
    text = state.document.text
    line_end = text.find("\n")
    line_end = len(text) if line_end == -1 else line_end
    if sent.start_char >= line_end:
        return False
    line = text[:line_end].strip()
    return 0 < len(line) <= _HEADLINE_CHARS and not line.endswith(".")


def _segment(token: Token, sent: Span, state: _DocState) -> tuple[int, int]:
    """Return the token range of the clause holding `token`, cut at punctuation and at clause-opening words."""
    doc = token.doc

    def cuts(i: int) -> bool:
        t = doc[i]
        if t.text in _SEGMENT_MARKS or t.lower_ in _CLAUSE_WORDS:
            return True
        if t.lower_ == "and" and i + 1 < sent.end:
            nxt = doc[i + 1]
            # "X and Y" joins actors; "... and kill 6", "... and 4 civilians", "... and continued clashes" open a clause.
            if nxt.i in state.actor_at:
                # "... and factions bomb the airbase": an actor followed by its own verb opens a clause.
                end = nxt.i
                while end + 1 < sent.end and state.actor_at.get(end + 1) is state.actor_at[nxt.i]:
                    end += 1
                after = doc[end + 1] if end + 1 < sent.end else None
                return after is not None and (after.pos_ == "VERB" or _lemma_is_trigger(after, state))
            return nxt.pos_ in ("VERB", "AUX", "NUM") or _lemma_is_trigger(nxt, state)
        return False

    lo = token.i
    while lo > sent.start and not cuts(lo - 1):
        lo -= 1
    hi = token.i + 1
    while hi < sent.end and not cuts(hi):
        hi += 1
    return lo, hi


# Words opening what a victim was accused of ("executed on charges of dealing with the SDF"):
# the party named there is the charge, not a side in the act.
_CHARGE_WORDS = frozenset({
    "charge", "charges", "charged", "accusation", "accusations", "accused", "accusing", "spy", "spies", "spying",
    "collaborating", "collaboration", "communicating", "cooperating", "cooperation", "dealing", "belonging", "working",
    "affiliation", "allegiance",
})


def _accusation_tokens(span: Span) -> set[int]:
    """Return the token indices inside "on charges of ..." style phrases of a span, up to the clause's end."""
    out: set[int] = set()
    inside = False
    for t in span:
        if t.lower_ in _CHARGE_WORDS:
            inside = True
        elif inside and (t.text in (",", ";", "…", "...") or t.lower_ in ("and", "while", "amid")) and t.nbor(-1).text not in ("”", '"'):
            inside = t.lower_ == "and"  # "the regime and the SDF" stays in the charge; a comma ends it
        if inside:
            out.add(t.i)
    return out


def _co_agents(trigger: Token, sent: Span, actor1: str, state: _DocState) -> set[str]:
    """Return the actors named with `actor1` before a headline's act ("X and Y attack ..."), none of them hit by it."""
    lo, _hi = _segment(trigger, sent, state)
    before = [(i, a, lost) for i, a, lost in _ordered_actors(trigger.doc, lo, trigger.i, state)]
    if not any(a == actor1 and not lost for _i, a, lost in before):
        return set()
    return {a for _i, a, lost in before if not lost and a != actor1}


def _lemma_is_trigger(token: Token, state: _DocState) -> bool:
    lemma = token_lemma(token)
    return bool(state.lexicon.candidates(lemma, "VERB") or state.lexicon.candidates(lemma, "NOUN"))


def _lost_people(doc: Doc, i: int, state: _DocState) -> bool:
    """Return whether the actor mention at token `i` names who lost people ("11 members of the regime forces", "23 IS killed")."""
    mention = state.actor_at[i]
    first = min(j for j, m in state.actor_at.items() if m is mention)
    last = max(j for j, m in state.actor_at.items() if m is mention)
    j = first - 1
    while j >= 0 and doc[j].lower_ in ("the", "“", "”", '"'):
        j -= 1
    if j >= 0 and (doc[j].like_num or doc[j].lower_ in _LOSS_NOUNS):
        return True
    if j >= 1 and doc[j].lower_ == "of" and any(t.like_num or t.lower_ in _LOSS_NOUNS for t in doc[max(0, j - 3) : j]):
        return True  # "30 at least of the regime forces"
    k = last + 1
    while k < len(doc) and doc[k].lower_ in ("”", '"', "’s", "'s"):
        k += 1
    return k < len(doc) and doc[k].lower_ in _LOSS_AFTER and not (k + 1 < len(doc) and doc[k + 1].pos_ == "VERB" and doc[k].lower_ in ("members", "fighters", "elements"))


def _ordered_actors(doc: Doc, lo: int, hi: int, state: _DocState) -> list[tuple[int, str, bool]]:
    """Return (token index, actor, lost people) for each actor mention in a token range, in order."""
    out: list[tuple[int, str, bool]] = []
    seen: set[int] = set()
    accused = _accusation_tokens(doc[lo:hi]) if hi > lo else set()
    for i in range(lo, hi):
        mention = state.actor_at.get(i)
        if mention is None or id(mention) in seen or i in accused:
            continue
        seen.add(id(mention))
        out.append((i, mention.actor, _lost_people(doc, i, state)))
    return out


def _order_agent(trigger: Token, actors: Sequence[tuple[int, str, bool]], other: str | None, state: _DocState) -> str | None:
    """Return who acts by word order: the nearest actor before the trigger that did not lose people, or one after "by"."""
    doc = trigger.doc
    for i, actor, lost in reversed([a for a in actors if a[0] < trigger.i]):
        if not lost and _inter(actor, state) != _CIVILIAN_INTER and (other is None or not _allied(state, actor, other)):
            return actor
    for i, actor, lost in actors:
        if i > trigger.i and _after_by(doc, trigger.i, i) and _inter(actor, state) != _CIVILIAN_INTER:
            if other is None or not _allied(state, actor, other):
                return actor
    return None


def _after_by(doc: Doc, lo: int, i: int) -> bool:
    """Return whether token `i` heads the phrase after a "by" ("shelling by the regime forces")."""
    j = i - 1
    while j > lo and i - j <= 3 and doc[j].pos_ in ("DET", "ADJ", "PUNCT", "PROPN", "NOUN") and doc[j].lower_ != "by":
        j -= 1
    return j > lo and doc[j].lower_ == "by"


def _order_target(trigger: Token, actors: Sequence[tuple[int, str, bool]], agent: str | None, state: _DocState) -> str | None:
    """Return whom the act hit by word order: the nearest enemy of the agent after the trigger, else one that lost people."""
    doc = trigger.doc
    after = [a for a in actors if a[0] > trigger.i and not _after_by(doc, trigger.i, a[0])]
    for pool in (after, [a for a in actors if a[2]]):
        for _i, actor, _lost in pool:
            if actor != agent and (agent is None or not _allied(state, agent, actor)):
                return actor
    return None


def _order_sides(trigger: Token, sent: Span, actor1: str | None, actor2: str | None, state: _DocState) -> tuple[str | None, str | None]:
    """Fill the sides a headline's parse left empty from the word order of the trigger's clause."""
    doc = trigger.doc
    lo, hi = _segment(trigger, sent, state)
    actors = _ordered_actors(doc, lo, hi, state)
    if actor1 is None and actor2 is None:
        between = next((j for j in range(trigger.i + 1, hi) if doc[j].lower_ == "between"), None)
        if between is not None:
            # "clashes break out between X and Y": the two sides, in the order named.
            named = [a for i, a, _lost in actors if i > between]
            for other in named[1:]:
                if not _allied(state, named[0], other):
                    return named[0], other
    if actor1 is None and lo > sent.start and doc[lo - 1].lower_ == "and" and doc[lo].pos_ == "VERB":
        # "SDF advance around Manbij and kill 6 IS": coordinated verbs share the subject.
        earlier = _ordered_actors(doc, _segment(doc[lo - 2], sent, state)[0], lo - 1, state) if lo - 2 >= sent.start else []
        actors = earlier + actors
    if hi + 1 < sent.end and doc[hi].lower_ == "and" and doc[hi + 1].pos_ == "VERB":
        # "kill and injure several members of the regime forces": coordinated verbs share the object.
        actors = actors + _ordered_actors(doc, hi + 1, _segment(doc[hi + 1], sent, state)[1], state)
    actor1 = actor1 or _order_agent(trigger, actors, actor2, state)
    actor2 = actor2 or _order_target(trigger, actors, actor1, state)
    return actor1, actor2


# Acts a headline tells only by who lost people: fighting when armed men died, an attack when civilians did.
_TOLL_RULES = {kind: TriggerRule(kind=kind, pos="ANY", lemmas=frozenset()) for kind in ("clash", "attack_civ")}


def _loose_fit(token: Token, rule: TriggerRule, lo: int, hi: int, state: _DocState) -> bool:
    """Return whether a rule fits a headline word by the words of its clause rather than its parse."""
    doc = token.doc
    words = {t.lower_ for t in doc[lo:hi]} | {t.lemma_.lower() for t in doc[lo:hi]}
    if rule.needs_air and not words & state.lexicon.air_words:
        return False
    if rule.not_with and words & rule.not_with:
        return False
    if rule.needs_words and not words & rule.needs_words:
        return False
    if rule.needs_suicide and not words & state.lexicon.suicide_words:
        return False
    if rule.preps and not (token.i + 1 < hi and doc[token.i + 1].lower_ in rule.preps):
        return False
    if rule.objects is not None or rule.place_object:
        # The object may lie past a coordinated verb ("kill and injure several members"), not past punctuation.
        end = token.i + 1
        while end < min(len(doc), token.i + 7) and doc[end].text not in _SEGMENT_MARKS:
            end += 1
        following = doc[token.i + 1 : end]
        objects = {t.lower_ for t in following} | {t.lemma_.lower() for t in following}
        named = [state.actor_at[t.i].actor for t in following if t.i in state.actor_at]
        civilians = any(_inter(a, state) == _CIVILIAN_INTER for a in named)
        if rule.objects and objects & rule.objects:
            return True
        if rule.kind == "attack_civ":
            return civilians
        if (rule.kind == "clash" and rule.restates) or (rule.kind == "territory" and rule.place_object):
            return any(_inter(a, state) != _CIVILIAN_INTER for a in named)  # "kill 6 IS", "expels regime forces from"
        return bool(rule.place_object and any(t.start >= doc[token.i].idx and t.end <= doc[hi - 1].idx + len(doc[hi - 1]) for t in state.toponyms))
    return True


def _headline_events(sent: Span, state: _DocState, when: DateRange) -> list[Event]:
    """Read a headline the parse found no act in: trigger words whatever their tag, else who lost people."""
    lexicon = state.lexicon
    paragraph = state.paragraph(sent.start_char)
    attributions = find_attributions(sent)
    events: list[Event] = []
    for token in sent:
        if token.i in state.actor_at or not token.is_alpha:
            continue
        lo, hi = _segment(token, sent, state)
        rule = next(
            (r for lemma in _headline_lemmas(token) for pos in ("VERB", "NOUN") for r in lexicon.candidates(lemma, pos)
             if _loose_fit(token, r, lo, hi, state)),
            None,
        )
        if rule is None or rule.kind not in _HOSTILE_KINDS | {"attack_civ"} or modality(token, lexicon) is not None:
            continue
        actor1, actor2 = _order_sides(token, sent, None, None, state)
        kind = "clash" if rule.kind == "movement" else rule.kind
        if (rule.kind == "movement" and actor2 is None) or (actor1 is None and (actor2 is None or kind in ("territory", "siege_broken"))):
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


def _toll_events(sent: Span, state: _DocState, paragraph: int, attributions: Sequence[Attribution], when: DateRange) -> list[Event]:
    """Read "47 were killed, including 11 members of the regime forces": the sides that lost people are the actors."""
    word = next((t for t in sent if t.lower_ in _CASUALTY_WORDS), None)
    if word is None:
        return []
    actors = _ordered_actors(sent.doc, sent.start, sent.end, state)
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
    armed = [a for a in lost if _inter(a, state) != _CIVILIAN_INTER]
    for other in armed[1:]:
        if not _allied(state, armed[0], other):
            return [_headline_event(Trigger(word, _TOLL_RULES["clash"]), "clash", armed[0], other, sent, state, paragraph, attributions, when)]
    if armed:
        return [_headline_event(Trigger(word, _TOLL_RULES["clash"]), "clash", None, armed[0], sent, state, paragraph, attributions, when)]
    if lost:
        return [_headline_event(Trigger(word, _TOLL_RULES["attack_civ"]), "attack_civ", None, lost[0], sent, state, paragraph, attributions, when)]
    return []


def _headline_event(
    trig: Trigger, kind: str, actor1: str | None, actor2: str | None, sent: Span, state: _DocState,
    paragraph: int, attributions: Sequence[Attribution], when: DateRange,
) -> Event:
    if actor1 is not None and _inter(actor1, state) == _CIVILIAN_INTER:
        actor1, actor2 = actor2, actor1
    sub_event = _sub_event(kind, actor1, state) or _KIND_SUB_EVENT["clash"]
    location = _location(trig.token, sent, state, paragraph)
    claim = _claim(trig.token, attributions, actor1, kind, when, state)
    return _build(trig, kind, sub_event, actor1, actor2, (), location, when, claim, sent, state)


def _find_triggers(sent: Span, state: _DocState) -> list[Trigger]:
    lexicon = state.lexicon
    out: list[Trigger] = []
    for token in sent:
        if token.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ"):
            continue
        lemma = token_lemma(token)
        pos = "VERB" if token.pos_ == "VERB" else "NOUN"
        for rule in lexicon.candidates(lemma, pos):
            if _rule_fits(token, rule, state):
                if pos == "NOUN" and not _noun_trigger_stands(token, state):
                    break
                out.append(Trigger(token, rule))
                break
    if len(out) < 2:
        return out
    at = {t.token.i: t.rule.kind for t in out}
    return [
        t for t in out
        if not _outcome_of_other(t, at, lexicon) and not _inside_declared_operation(t, out)
        # "fired missiles", "dropped barrel bombs": the weapon a triggering verb uses is that same act.
        and not (t.token.pos_ != "VERB" and t.token.dep_ == "dobj" and t.token.head.i in at)
    ]


def _outcome_of_other(trig: Trigger, triggers: dict[int, str], lexicon: Lexicon) -> bool:
    """Return whether a verb only tells what another act in its clause did ("shelling killed 12")."""
    token = trig.token
    if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.outcome_verbs:
        return False
    if token.dep_ in ("advcl", "xcomp", "acl", "relcl") and triggers.get(token.head.i) in _METHOD_KINDS:
        return True  # "shelled Douma, killing 12"
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass") and triggers.get(child.i) in _METHOD_KINDS and child.pos_ != "VERB":
            return True  # "an airstrike killed five"
        if child.dep_ in ("advcl", "conj", "xcomp") and triggers.get(child.i) in _METHOD_KINDS:
            # "were killed in tank shelling" parsed as a clause, "attacked and killed"; but
            # "killed him after kidnapping him" is two acts.
            return True
        if child.dep_ in ("agent", "prep") and any(g.dep_ in ("pobj", "pcomp") and triggers.get(g.i) in _METHOD_KINDS for g in child.children):
            return True  # "killed by aerial bombardment", "killed in shelling"
    return False


def _inside_declared_operation(trig: Trigger, triggers: Sequence[Trigger]) -> bool:
    """Return whether a noun is what a declared start of operations declares ("announced the start of operations")."""
    if trig.token.pos_ == "VERB":
        return False
    for other in triggers:
        if other.rule.kind == "operations" and other is not trig:
            objects = (c for c in other.token.children if c.dep_ in ("dobj", "nsubjpass"))
            if any(trig.token in obj.subtree for obj in objects):
                return True
    return False


def _restated(trig: Trigger, triggers: Sequence[Trigger], paragraph: int, state: _DocState, so_far: Sequence[Event]) -> int | None:
    """Return which act an agentless toll ("27 people were killed") restates.

    -1 for an act in its own sentence, the index in `so_far` of the last violent act of its
    paragraph, or None when it stands alone.
    """
    if any(t.rule.kind in _METHOD_KINDS for t in triggers if t is not trig):
        return -1
    for i in range(len(so_far) - 1, -1, -1):
        event = so_far[i]
        if state.paragraph(event.sentence_start) != paragraph:
            break
        if event.event_type in _VIOLENT_TYPES:
            return i
    return None


def _rule_fits(token: Token, rule: TriggerRule, state: _DocState) -> bool:
    lexicon = state.lexicon
    if rule.preps:
        attached = {c.lower_ for c in token.children if c.dep_ in ("prep", "prt", "advmod")}
        if not attached & rule.preps:
            return False
    if rule.objects is not None or rule.place_object:
        if not _object_fits(token, rule, state):
            return False
    window = _window_words(token)
    if rule.needs_air and not window & lexicon.air_words:
        return False
    if rule.not_with and window & rule.not_with:
        return False
    if rule.needs_words and not window & rule.needs_words:
        return False
    if rule.needs_suicide and not window & lexicon.suicide_words:
        return False
    if token.i in state.actor_at and rule.kind not in ("air",):
        # A word inside an actor's name ("Syrian Democratic Forces", "Tiger Forces") is no act.
        return False
    return True


def _window_words(token: Token) -> set[str]:
    """Words near a trigger that qualify it (word forms and lemmas): its modifiers, its head and the head's modifiers."""
    near = [t for t in token.subtree if abs(t.i - token.i) <= 4]
    head = token.head
    near.append(head)
    near.extend(c for c in head.children if abs(c.i - token.i) <= 6)
    if head.head is not head:
        near.append(head.head)
        if head.dep_ == "prep":
            # "accused Russian warplanes of bombing": the qualifying noun hangs off the verb above.
            near.extend(t for c in head.head.children if c.dep_ == "dobj" for t in c.subtree)
    return {t.lower_ for t in near} | {t.lemma_.lower() for t in near}


def _object_fits(token: Token, rule: TriggerRule, state: _DocState) -> bool:
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    if token.dep_ == "acl" and token.tag_ == "VBN":
        objects.append(token.head)  # "10 soldiers killed in ...": the participle's noun is what was acted on
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("into", "to", "in", "of", "from")):
        objects.extend(c for c in prep.children if c.dep_ == "pobj")
    for obj in objects:
        words = {obj.lemma_.lower(), obj.lower_} | {c.lemma_.lower() for c in obj.children if c.dep_ in ("compound", "amod")}
        if rule.objects and words & rule.objects:
            return True
        if rule.place_object and _names_place(obj, state):
            return True
    return False


def _names_place(token: Token, state: _DocState) -> bool:
    """Return whether a noun phrase names a gazetteer place ("the town of Qaryatayn", "Deir ez-Zor Province")."""
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    return any(start <= t.start and t.end <= end for t in state.toponyms)


def _noun_trigger_stands(token: Token, state: _DocState) -> bool:
    """Keep a noun trigger only where it reports an act, not where it names an actor doing something else."""
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ == "VERB" and token.head.lemma_ != "be":
        # "An airstrike killed five", "clashes continue": the verb tells what the act did or that it went on.
        if token.head.lemma_.lower() not in state.lexicon.subject_heads:
            return False
    if token.dep_ == "compound" and token.head.pos_ == "NOUN":
        return False
    if token.dep_ == "pobj" and token.head.lower_ in ("as", "like"):
        return False
    # "the pro-Assad offensive and Russia defied ...": coordinated with an actor, it names one.
    # (Not after "between", where the parser often hangs the second side on the noun itself.)
    children = list(token.children)
    if any(c.dep_ == "conj" and c.i in state.actor_at for c in children) and not any(c.lower_ == "between" for c in children):
        return False
    return True


def _actors_in(tokens: Iterable[Token], state: _DocState) -> list[str]:
    seen: list[str] = []
    for t in tokens:
        mention = state.actor_at.get(t.i)
        if mention and mention.actor not in seen:
            seen.append(mention.actor)
    return seen


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    return None


def _agent(trigger: Token, state: _DocState) -> tuple[str | None, tuple[str, ...]]:
    """Return the actor that carries out the act at `trigger`, and its associated actors."""
    if trigger.pos_ == "NOUN":
        own = _actors_in((c for c in trigger.subtree if c.i <= trigger.i and c.dep_ in ("amod", "compound", "poss", "nmod") or c.i == trigger.i), state)
        own += [a for a in _actors_in((t for c in trigger.children if c.dep_ in ("amod", "compound", "poss") for t in c.subtree), state) if a not in own]
        if own:
            return own[0], tuple(a for a in own[1:] if _allied(state, own[0], a))
    if trigger.pos_ != "VERB" or trigger.tag_ == "VBG":
        # "shelling by the regime forces", "an attack by ISIS": the act's own "by" names who did it.
        for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "by"):
            found = _actors_in(prep.subtree, state)
            if found:
                return found[0], ()
    node = trigger
    pronoun_seen = False
    for _ in range(6):
        passive_agent = [c for c in node.children if c.dep_ == "agent"]
        if passive_agent:
            found = _actors_in(passive_agent[0].subtree, state)
            if found:
                return found[0], ()
        if node.lemma_ == "fall":
            # "Raqqa fell to US-backed forces": the gainer is after "to", never the place's old holder.
            taker = _fall_taker(node, state)
            if taker is not None or node is trigger:
                return taker, ()
        if node is not trigger and node.pos_ == "VERB":
            # "accused Russian warplanes of bombing", "blamed ISIS for the attack": the object acts.
            via = [c for c in node.children if c.dep_ == "prep" and c.lower_ in ("of", "for") and trigger in c.subtree]
            objects = [c for c in node.children if c.dep_ == "dobj"]
            if via and objects:
                found = _actors_in(objects[0].subtree, state)
                if found:
                    return found[0], ()
        subject = _subject(node)
        if subject is not None and node is not trigger and trigger in subject.subtree:
            # "The recapture of Raqqa after three years of Isis rule is ...": the act's own noun
            # phrase is the subject, and the actors inside it are not its agent.
            subject = None
        if subject is not None:
            found = _actors_in(subject.subtree, state)
            if found:
                return found[0], tuple(a for a in found[1:] if _allied(state, found[0], a))
            if subject.lower_ in ("who", "which", "that") and node.dep_ == "relcl" and node.head.i in state.actor_at:
                return state.actor_at[node.head.i].actor, ()
            if subject.lower_ in _PRONOUNS or any(c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in subject.children):
                # "The army said it had captured ...", "Russia denied that its warplanes bombed ...":
                # look for the named subject of a governing clause.
                pronoun_seen = True
            elif node.pos_ == "VERB" and trigger.pos_ == "VERB":
                break
        possessor = [c for c in node.children if c.dep_ == "poss"]
        if possessor:
            found = _actors_in(possessor[0].subtree, state)
            if found:
                return found[0], ()
        passive_head = trigger.dep_ == "acl" and trigger.tag_ == "VBN" and node.i == trigger.head.i
        if node is not trigger and node.pos_ in ("NOUN", "PROPN") and node.i in state.actor_at and not passive_head:
            # "accusing Russian warplanes of bombing ...": the noun the act hangs off is its agent.
            return state.actor_at[node.i].actor, ()
        if node.head is node or (pronoun_seen and node.dep_ not in ("ccomp", "xcomp", "conj", "advcl")):
            break
        node = node.head
    if pronoun_seen and state.last_agent:
        return state.last_agent, ()
    return _left_of_bare_verb(trigger, state), ()


def _fall_taker(verb: Token, state: _DocState) -> str | None:
    """Return who a place fell to ("fell to X")."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"):
        found = _actors_in(prep.subtree, state)
        if found:
            return found[0]
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if objects:
            # The pack ignores a demonym right after "to" ("to Syrian troops" reads like a place):
            # read the phrase on its own.
            phrase = verb.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1].text
            names = [m.actor for m in state.pack.find(phrase, outlet=state.document.publisher) if m.via != "outlet" and m.actor]
            if names:
                return names[0]
    return None


def _left_of_bare_verb(trigger: Token, state: _DocState) -> str | None:
    """Return the actor named just before a main verb the parser gave no subject ("the “Islamic State” execute ...")."""
    if trigger.pos_ != "VERB" or trigger.dep_ != "ROOT":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "agent", "expl") for c in trigger.children):
        return None
    doc = trigger.doc
    j = trigger.i - 1
    while j >= 0 and not doc[j + 1].is_sent_start:
        if j in state.actor_at:
            return state.actor_at[j].actor
        if doc[j].pos_ in ("VERB", "AUX") or doc[j].lower_ in (",", ";", ":"):
            return None
        j -= 1
    return None


def _between(trigger: Token, state: _DocState) -> tuple[str, str] | None:
    """Return the two sides of "fighting between X and Y" (also "clashes continue between X and Y")."""
    holders = [trigger]
    if trigger.pos_ != "VERB" and trigger.dep_ == "nsubj" and trigger.head.lemma_.lower() in state.lexicon.subject_heads:
        holders.append(trigger.head)
    for holder in holders:
        # Also "clashes in Hasakah between X and Y", where the parser hangs "between" on the place.
        for prep in (c for c in holder.subtree if c.dep_ == "prep" and c.lower_ == "between"):
            if prep.head.lemma_.lower() in _NOT_FIGHTING_BETWEEN and prep.head is not trigger:
                continue  # "shell Damascus after an agreement between X and Y": the pair made a deal, not this act
            against_at, against = _against(prep, state)
            stop = against_at if against_at is not None else _sentence_end(prep)
            names = _actors_in((t for t in prep.subtree if t.i < stop), state)
            # Fall back to the words after "between" when the parse hangs the second side elsewhere.
            if len(names) < 2:
                names += [n for n in _actors_in(trigger.doc[prep.i : stop], state) if n not in names]
            if names and against is not None and against not in names and not _allied(state, names[0], against):
                # "clashes between HTS and the factions against the regime forces": the pair fights side by side.
                return names[0], against
            # Named sides are taken as given, allies included: allies fall out and fight too.
            for other in names[1:]:
                if not _allied(state, names[0], other):
                    return names[0], other
            if len(names) > 1:
                return names[0], names[1]
    return None


# Nouns whose "between X and Y" names parties to something other than a fight.
_NOT_FIGHTING_BETWEEN = frozenset({
    "agreement", "deal", "truce", "ceasefire", "talk", "talks", "negotiation", "negotiations", "meeting", "reconciliation",
    "settlement", "understanding", "accord", "exchange", "swap", "coordination", "dispute", "tension", "mediation",
})


def _against(prep: Token, state: _DocState) -> tuple[int | None, str | None]:
    """Return where an "against" follows a "between X and Y" phrase in its clause, and the actor it names."""
    doc = prep.doc
    end = _sentence_end(prep)
    for j in range(prep.i + 1, end):
        if doc[j].text in (",", ";", ".") or doc[j].lower_ in _CLAUSE_WORDS:
            break
        if doc[j].lower_ == "against":
            found = _actors_in(doc[j:end], state)
            return j, (found[0] if found else None)
    return None, None


def _sentence_end(token: Token) -> int:
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return end


def _patient(trigger: Token, actor1: str | None, state: _DocState) -> str | None:
    """Return the actor the act is aimed at: its object, 'against X', 'from X', 'X positions'."""
    candidates: list[Token] = []
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN":
        # "10 Russian soldiers killed in ...": the noun a passive participle describes was acted on.
        candidates.extend(t for t in trigger.head.subtree if t.i < trigger.i)
    candidates.extend(_outcome_victims(trigger, state))
    for child in trigger.children:
        if child.dep_ in ("dobj", "attr", "nsubjpass", "dative"):
            candidates.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in ("against", "with", "on", "from", "of", "at", "targeting"):
            candidates.extend(child.subtree)
        elif child.dep_ in ("amod", "compound", "poss") and trigger.pos_ == "NOUN":
            candidates.extend(child.subtree)
    for name in _actors_in(candidates, state):
        if name != actor1 and (actor1 is None or not _allied(state, actor1, name)):
            return name
    # "bombing their positions": a possessive pronoun points back to the clause's other party.
    for tok in candidates:
        if tok.dep_ == "poss" and tok.lower_ in ("their", "its", "his", "our"):
            before = [state.actor_at[i].actor for i in sorted(state.actor_at) if i < trigger.i and _same_sentence(trigger, i)]
            for name in reversed(before):
                if name != actor1 and (actor1 is None or not _allied(state, actor1, name)):
                    return name
    return None


def _outcome_victims(trigger: Token, state: _DocState) -> list[Token]:
    """Return who an outcome verb says the act hit: "a mine kills an SDF member", "SDF members killed in shelling"."""
    outcome = state.lexicon.outcome_verbs
    head = trigger.head
    if trigger.dep_ == "nsubj" and head.lemma_.lower() in outcome:
        return [t for c in head.children if c.dep_ == "dobj" for t in c.subtree]
    if trigger.dep_ in ("pobj", "pcomp") and head.dep_ in ("prep", "agent") and head.head.lemma_.lower() in outcome:
        verb = head.head
    elif trigger.dep_ == "advcl" and head.lemma_.lower() in outcome:
        verb = head
    else:
        return []
    return [t for c in verb.children if c.dep_ == "nsubjpass" for t in c.subtree]


def _mentions(trigger: Token, actor: str | None, state: _DocState) -> bool:
    """Return whether `actor` is named in the trigger's sentence."""
    return any(m.actor == actor for i, m in state.actor_at.items() if _same_sentence(trigger, i))


def _same_sentence(token: Token, i: int) -> bool:
    """Return whether token index `i` lies in `token`'s sentence (without rebuilding the sentence list)."""
    doc = token.doc
    lo, hi = token.i, token.i
    while lo > 0 and not doc[lo].is_sent_start:
        lo -= 1
    while hi + 1 < len(doc) and not doc[hi + 1].is_sent_start:
        hi += 1
    return lo <= i <= hi


def _opponent_in_clause(trigger: Token, actor1: str | None, state: _DocState) -> str | None:
    """Return an enemy of `actor1` named in the trigger's own clause, if any."""
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    for name in _actors_in(clause.subtree, state):
        if name != actor1 and (actor1 is None or not _allied(state, actor1, name)):
            return name
    return None


def _other_side_in_sentence(trigger: Token, enemy: str, sent: Span, state: _DocState) -> str | None:
    """Return the actor of the sentence nearest the trigger that is not on `enemy`'s side."""
    best: tuple[int, str] | None = None
    for i in range(sent.start, sent.end):
        mention = state.actor_at.get(i)
        if mention is None or _allied(state, mention.actor, enemy) or _inter(mention.actor, state) == _CIVILIAN_INTER:
            continue
        distance = abs(i - trigger.i)
        if best is None or distance < best[0]:
            best = (distance, mention.actor)
    return best[1] if best else None


def _context_opponent(actor1: str | None, state: _DocState) -> str | None:
    """Return the actor's most frequent non-allied co-mention in the report (or its side's)."""
    if actor1 is None:
        return None
    counts = Counter(state.adversary.get(actor1, Counter()))
    try:
        side = state.pack.side(actor1, on=state.published)
    except LookupError:
        side = actor1
    if side != actor1:
        counts.update(state.adversary.get(side, Counter()))
    for name, _ in counts.most_common():
        if not _allied(state, actor1, name):
            return name
    return None


def _sentence_subject_actor(sent: Span, state: _DocState) -> str | None:
    subject = _subject(sent.root)
    if subject is None:
        return None
    found = _actors_in(subject.subtree, state)
    return found[0] if found else None


def _is_state(actor: str | None, state: _DocState) -> bool:
    if actor is None:
        return False
    try:
        found = state.pack.actor(actor)
        if found.inter == _STATE_INTER:
            return True
        head = state.pack.side(actor, on=state.published)
        return head != actor and state.pack.actor(head).inter == _STATE_INTER
    except LookupError:
        return False


def _sub_event(kind: str, actor1: str | None, state: _DocState) -> str | None:
    if kind in ("territory", "siege_broken"):
        if actor1 is None:
            return None
        return "Government regains territory" if _is_state(actor1, state) else "Non-state actor overtakes territory"
    if kind == "movement":
        return "Armed clash"
    if kind == "movement_only":
        return "Other" if actor1 else None
    return _KIND_SUB_EVENT.get(kind)


def _location(trigger: Token, sent: Span, state: _DocState, paragraph: int, *, own_clause: bool = False) -> Location | None:
    """Choose where the act happened: a place in its clause, else in its sentence, else from context.

    With `own_clause` (captures), only a place named in the act's own clause, or a town the clause
    points back to ("the town"), will do: "territory it conquered" is not a capture of the city the
    sentence happens to name.
    """
    in_sentence = [t for t in state.toponyms if sent.start_char <= t.start < sent.end_char]
    clause = set(t.idx for t in (trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("pobj", "dobj") else trigger).subtree)
    best: Toponym | None = None
    best_score = -99.0
    for top in in_sentence:
        if top.place is None:
            continue
        score = 0.0
        if any(top.start <= i < top.end for i in clause):
            score += 3
        fc, code = top.place.feature_class, top.place.feature_code
        if fc == "P" or code in ("AIRB", "MILB", "PPLX", "DAM", "OILF", "GASF", "PSTB"):
            score += 2
        elif code == "ADM1" or code == "ADM2":
            score += 1
        elif code.startswith("PCL"):
            score -= 3
        elif fc == "H":
            score -= 1
        score -= abs(top.start - trigger.idx) / 400.0
        if score > best_score:
            best, best_score = top, score
    if own_clause and best is not None and not any(best.start <= i < best.end for i in clause):
        best = None
    if best is not None and best.place is not None:
        chosen = _relative(best, sent, in_sentence)
        if best.place.feature_class == "H" or best.place.feature_code.startswith("PCL"):
            # A river or a country is too vague when the report has just named a town.
            nearby = state.paragraph_place.get(paragraph) or _previous_town(state, sent.doc, trigger.idx, paragraph)
            if nearby is not None and nearby.place.feature_class == "P":
                relation = f"{chosen.relation} near {nearby.place.name}" if chosen.relation else f"near {nearby.place.name}"
                return replace(nearby, geo_precision=2, relation=relation, mention=chosen.mention)
        return chosen
    if _names_settlement_anaphor(trigger):
        # "regained control of the town": the town is the last one the paragraph named.
        town = _previous_town(state, sent.doc, sent.start_char, paragraph)
        named_at = max((t.start for t in state.toponyms if town is not None and t.place is town.place and t.start < sent.start_char), default=-1)
        # Only a town named just before: further back, a place the gazetteer missed may sit between.
        if town is not None and sent.start_char - named_at <= _ANAPHOR_REACH:
            return replace(town, geo_precision=1, relation=None)
    if _names_unnamed_settlement(trigger) or own_clause:
        # "seized a town in the east of the country": somewhere the report does not name.
        return None
    previous = state.paragraph_place.get(paragraph)
    if previous is not None:
        return previous
    return state.focus


def _names_unnamed_settlement(trigger: Token) -> bool:
    """Return whether the act's object is a place the text leaves unnamed ("a town", "a village")."""
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in _SETTLEMENT_NOUNS:
            if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in child.children):
                return True
    return False


_ANAPHOR_REACH = 300  # characters: about the sentence before
_SETTLEMENT_NOUNS = frozenset({"town", "city", "village", "neighbourhood", "neighborhood", "district", "hamlet"})


def _names_settlement_anaphor(trigger: Token) -> bool:
    """Return whether the act's clause points back to a settlement ("the town", "the city")."""
    clause = trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("pobj", "dobj") else trigger
    for tok in clause.subtree:
        if tok.lemma_.lower() in _SETTLEMENT_NOUNS and tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return True
    return False


def _previous_town(state: _DocState, parsed: Doc, before: int, paragraph: int) -> Location | None:
    """Return the last town named before `before` in this paragraph or the one before it."""
    for top in reversed(state.toponyms):
        if top.start >= before or top.place is None or top.place.feature_class != "P":
            continue
        if state.paragraph(top.start) < paragraph - 1:
            return None
        return Location(top.place, 2, top.place.latitude, top.place.longitude, top.text)
    return None


def _relative(top: Toponym, sent: Span, in_sentence: Sequence[Toponym]) -> Location:
    if top.place is None:
        raise ValueError("only resolved toponyms have a location")
    try:
        located = relative_location(sent.text, in_sentence, sent.start_char)
    except (ValueError, LookupError) as exc:  # a malformed expression must not lose the event
        log.debug("relative location failed: %s", exc)
        located = []
    for loc in located:
        if loc.place.gazetteer_id == top.place.gazetteer_id and loc.mention and top.text in loc.mention:
            return loc
    for loc in located:
        if loc.place.gazetteer_id == top.place.gazetteer_id:
            return loc
    precision = 3 if top.place.feature_code in ("ADM1", "ADM2") or top.place.feature_code.startswith("PCL") else 1
    return Location(top.place, precision, top.place.latitude, top.place.longitude, top.text)


def _affiliation(source: str, state: _DocState) -> str | None:
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


def _claim(trigger: Token, attributions: Sequence[Attribution], actor1: str | None, kind: str, when: DateRange, state: _DocState) -> Claim:
    claim = _attributed_claim(trigger, attributions, actor1, kind, when, state)
    if claim.status in ("reported", "claimed") and hedged(trigger, state.lexicon):
        # "reportedly captured", "unconfirmed reports that warplanes struck": nobody vouches for it.
        return replace(claim, status="unconfirmed")
    return claim


def _attributed_claim(
    trigger: Token, attributions: Sequence[Attribution], actor1: str | None, kind: str, when: DateRange, state: _DocState
) -> Claim:
    covering = [a for a in attributions if a.scope_start <= trigger.i < a.scope_end]
    if covering:
        attribution = min(covering, key=lambda a: a.scope_end - a.scope_start)
        source_phrase = attribution.source
        if attribution.pronoun and state.last_source is not None:
            source_phrase = state.last_source.source
            affiliation = state.last_affiliation
        else:
            affiliation = _affiliation(source_phrase, state)
        status = _status_for(attribution.lemma, affiliation)
        partisan = _partisan(affiliation, actor1, kind, state)
        return Claim(status=status, source=source_phrase, speaker_affiliation=affiliation, verb=attribution.verb, partisan=partisan)
    publisher = state.document.publisher
    outlet = state.pack.outlet(publisher) if publisher else None
    affiliation = outlet.affiliation if outlet else None
    status = "claimed" if affiliation else "reported"
    if when.end < state.published - timedelta(days=_HISTORICAL_DAYS):
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


def _partisan(affiliation: str | None, actor1: str | None, kind: str, state: _DocState) -> bool:
    if affiliation is None or actor1 is None:
        return False
    return _allied(state, affiliation, actor1) and kind in ("territory", "siege_broken", "clash", "movement", "siege")


def _apply_silences(sent: Span, state: _DocState, events: list[Event], so_far: Sequence[Event]) -> None:
    """Record 'X's media are silent about Y' on the claims of X made nearby in the report."""
    for party, _rest, offset in find_silences(sent):
        places = tuple(
            t.place.name for t in state.toponyms if t.place is not None and offset <= t.start < sent.end_char
        )
        if not places:
            continue
        affiliation = _affiliation(party, state) or state.last_affiliation
        paragraph = state.paragraph(sent.start_char)
        for i, event in enumerate(list(so_far)):
            same_side = affiliation is not None and event.claim.speaker_affiliation == affiliation
            near = state.paragraph(event.sentence_start) >= paragraph - 1
            if same_side and near and isinstance(so_far, list):
                so_far[i] = replace(event, claim=replace(event.claim, silent_on=tuple(dict.fromkeys(event.claim.silent_on + places))))


def _build(
    trig: Trigger,
    kind: str,
    sub_event: str,
    actor1: str | None,
    actor2: str | None,
    assoc: tuple[str, ...],
    location: Location | None,
    when: DateRange,
    claim: Claim,
    sent: Span,
    state: _DocState,
) -> Event:
    info = taxonomy.sub_event(sub_event)
    inter1 = _inter(actor1, state)
    inter2 = _inter(actor2, state)
    confidence = 0.45
    confidence += 0.15 if actor1 else 0
    confidence += 0.1 if actor2 else 0
    confidence += 0.1 if location and location.relation != "report focus" else 0
    confidence += 0.1 if when.expression else 0
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
        date_start=when.start,
        date_end=when.end,
        time_precision=when.precision,
        fatalities=count_fatalities(sent.text) if info.violent else 0,
        claim=claim,
        confidence=min(confidence, 0.95),
        text=sent.text.strip(),
        trigger=trig.token.lemma_.lower(),
        control=_CONTROL_EFFECT.get(kind),
    )


def _inter(actor: str | None, state: _DocState) -> int | None:
    if actor is None:
        return None
    try:
        return state.pack.actor(actor).inter
    except LookupError:
        return None


def _merge_mentions(events: list[Event]) -> list[Event]:
    """Merge events of one report that tell the same act twice (same sub-event, actors, place, dates)."""
    kept: list[Event] = []
    for event in events:
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
