"""What the event reader knows while it moves through a report, and the facts about acts it shares."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Token

from frontline.actors import ActorMention, ActorPack
from frontline.events.claims import (
    Attribution,
)
from frontline.events.dates import DateRange
from frontline.events.lexicon import Kind, Lexicon, TriggerRule
from frontline.geo import Toponym
from frontline.model import Document, Location

# What each trigger kind becomes; territory and movement depend on who acts (decided later).
KIND_SUB_EVENT = {
    Kind.CLASH: "Armed clash",
    Kind.CHEMICAL: "Chemical weapon",
    Kind.SIEGE: "Armed clash",
    Kind.AIR: "Air/drone strike",
    Kind.SHELLING: "Shelling/artillery/missile attack",
    Kind.EXPLOSIVE: "Remote explosive/landmine/IED",
    Kind.SUICIDE: "Suicide bomb",
    Kind.ATTACK_CIV: "Attack",
    Kind.ABDUCT: "Abduction/forced disappearance",
    Kind.ARREST: "Arrests",
    Kind.PROTEST: "Peaceful protest",
    Kind.AGREEMENT: "Agreement",
    Kind.OPERATIONS: "Other",
    Kind.WITHDRAW: "Non-violent transfer of territory",
}


# Kinds whose act changes or threatens who holds a place; read by the control layer.
CONTROL_EFFECT = {
    Kind.TERRITORY: "gain",
    Kind.SIEGE_BROKEN: "gain",
    Kind.SIEGE: "siege",
    Kind.WITHDRAW: "withdraw",
    Kind.CLASH: "contest",
    Kind.MOVEMENT: "contest",
}


_STATE_INTER = 1


VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


# Kinds that say how harm was done: a killing in the same clause is their outcome, not a new act.
METHOD_KINDS = frozenset({Kind.CLASH, Kind.CHEMICAL, Kind.AIR, Kind.SHELLING, Kind.EXPLOSIVE, Kind.SUICIDE, Kind.ATTACK_CIV, Kind.TERRITORY, Kind.SIEGE, Kind.SIEGE_BROKEN, Kind.MOVEMENT})


CIVILIAN_INTER = 7


# Kinds of act fought on the ground, which air and artillery fire "in support" serve.
GROUND_KINDS = frozenset({Kind.TERRITORY, Kind.SIEGE_BROKEN, Kind.CLASH, Kind.MOVEMENT, Kind.SIEGE})


# Kinds of act that ACLED codes once per place when one telling names several ("shelled A and B").
LISTABLE_KINDS = frozenset({Kind.TERRITORY, Kind.SIEGE_BROKEN, Kind.WITHDRAW, Kind.AIR, Kind.SHELLING, Kind.SIEGE, Kind.CLASH, Kind.MOVEMENT})


# Kinds of act between two parties that need not have fought: a deal, ground handed over or given up.
TWO_PARTY_KINDS = frozenset({Kind.AGREEMENT, Kind.WITHDRAW})


# Kinds of act that always have an opponent, even when the clause leaves it implicit.
NEEDS_OPPONENT = frozenset({Kind.CLASH, Kind.MOVEMENT, Kind.TERRITORY, Kind.SIEGE_BROKEN, Kind.SIEGE, Kind.AIR, Kind.SHELLING})


PRONOUNS = {"it", "its", "they", "their", "them", "he", "his", "she", "her", "we", "our"}


# Sentences older than this before publication are background, not news.
HISTORICAL_DAYS = 180


@dataclass(frozen=True, slots=True)
class Trigger:
    """A token that announces an act, and the rule that recognised it."""

    token: Token
    rule: TriggerRule


@dataclass(slots=True)
class DocState:
    """What the reader remembers while moving through a report."""

    document: Document
    pack: ActorPack
    lexicon: Lexicon
    published: date | None  # None: the report is undated and relative times stay unresolved
    actor_at: dict[int, ActorMention] = field(default_factory=dict)  # token index -> mention
    toponyms: list[Toponym] = field(default_factory=list)
    unresolved: list[Toponym] = field(default_factory=list)  # place names the gazetteer lacks
    adversary: dict[str, Counter[str]] = field(default_factory=dict)
    partners: frozenset[str] = frozenset()  # actors the report names only as parties to deals or escorts
    last_agent: str | None = None
    last_source: Attribution | None = None
    last_affiliation: str | None = None
    previous_date: DateRange | None = None
    previous_sentence: int | None = None  # where the sentence before the current one starts (characters)
    paragraph_place: dict[int, Location] = field(default_factory=dict)
    focus: Location | None = None
    breaks: list[int] = field(default_factory=list)
    restating: set[int] = field(default_factory=set)  # trigger tokens that refer back to a told act
    restating_ids: set[str] = field(default_factory=set)  # the events built from them

    def paragraph(self, char: int) -> int:
        """Return the index of the paragraph holding a character offset."""
        return bisect_left(self.breaks, char)


def paragraph_starts(text: str) -> list[int]:
    """Return the offsets of blank-line breaks, for finding a character's paragraph by bisection."""
    starts, at = [], text.find("\n\n")
    while at != -1:
        starts.append(at)
        at = text.find("\n\n", at + 2)
    return starts


# Trigger kinds that set two sides against each other (not protests, deals, arrests or statements).
HOSTILE_KINDS = frozenset(
    {Kind.CLASH, Kind.MOVEMENT, Kind.TERRITORY, Kind.SIEGE, Kind.SIEGE_BROKEN, Kind.AIR, Kind.SHELLING, Kind.EXPLOSIVE, Kind.SUICIDE, Kind.CHEMICAL}
)


def are_allied(state: DocState, a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return state.pack.allied(a, b, on=state.published) or state.pack.side(a, on=state.published) == state.pack.side(b, on=state.published)
    except LookupError:
        return False


SEGMENT_MARKS = frozenset({",", ";", ":", "…", "...", "|", "—", "–", "(", ")"})


CLAUSE_WORDS = frozenset({"amid", "while", "after", "following", "as", "before", "within", "when", "whereas"})


def actors_in(tokens: Iterable[Token], state: DocState) -> list[str]:
    seen: list[str] = []
    for t in tokens:
        mention = state.actor_at.get(t.i)
        if mention and mention.actor not in seen:
            seen.append(mention.actor)
    return seen


def subject_of(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    return None


def _is_state(actor: str | None, state: DocState) -> bool:
    if actor is None:
        return False
    try:
        found = state.pack.actor(actor)
        if found.inter == _STATE_INTER:
            own = state.pack.countries
            if own and found.country and found.country not in own:
                # A foreign army counts as the government only when it fights for the theatre's own state
                # (ACLED's "affiliates"): Russia taking a Ukrainian village overtakes it.
                home = state.pack.state_actor
                return home is not None and state.pack.allied(actor, home, on=state.published)
            return True
        head = state.pack.side(actor, on=state.published)
        return head != actor and state.pack.actor(head).inter == _STATE_INTER
    except LookupError:
        return False


def sub_event_for(kind: Kind, actor1: str | None, state: DocState) -> str | None:
    if kind in (Kind.TERRITORY, Kind.SIEGE_BROKEN):
        if actor1 is None:
            return None
        return "Government regains territory" if _is_state(actor1, state) else "Non-state actor overtakes territory"
    if kind == Kind.MOVEMENT:
        return "Armed clash"
    if kind == Kind.MOVEMENT_ONLY:
        return "Other" if actor1 else None
    return KIND_SUB_EVENT.get(kind)


def inter(actor: str | None, state: DocState) -> int | None:
    if actor is None:
        return None
    try:
        return state.pack.actor(actor).inter
    except LookupError:
        return None
