"""Find the tokens that announce an act, and drop those that restate or belong to another act."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from spacy.tokens import Span, Token

from frontline.events.lexicon import Kind, Lexicon, TriggerRule, token_lemma
from frontline.events.reading import (
    CIVILIAN_INTER,
    HOSTILE_KINDS,
    METHOD_KINDS,
    SEGMENT_MARKS,
    VIOLENT_TYPES,
    DocState,
    Trigger,
    inter,
)
from frontline.model import Event


@cache
def hostile_lemmas(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lemma for rule in lexicon.rules if rule.kind in HOSTILE_KINDS for lemma in rule.lemmas)


# Kinds of act that are fighting itself, not a move on ground that may be agreed ("entered under a deal").
_FIGHTING_KINDS = frozenset({Kind.CLASH, Kind.AIR, Kind.SHELLING, Kind.EXPLOSIVE, Kind.SUICIDE, Kind.CHEMICAL})


@cache
def fighting_lemmas(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lemma for rule in lexicon.rules if rule.kind in _FIGHTING_KINDS for lemma in rule.lemmas)


def lemma_is_trigger(token: Token, state: DocState) -> bool:
    lemma = token_lemma(token)
    return bool(state.lexicon.candidates(lemma, "VERB") or state.lexicon.candidates(lemma, "NOUN"))


# Acts a headline tells only by who lost people: fighting when armed men died, an attack when civilians did.
TOLL_RULES = {kind: TriggerRule(kind=kind, pos="ANY", lemmas=frozenset()) for kind in (Kind.CLASH, Kind.ATTACK_CIV)}


def loose_fit(token: Token, rule: TriggerRule, lo: int, hi: int, state: DocState) -> bool:
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
        while end < min(len(doc), token.i + 7) and doc[end].text not in SEGMENT_MARKS:
            end += 1
        following = doc[token.i + 1 : end]
        objects = {t.lower_ for t in following} | {t.lemma_.lower() for t in following}
        named = [state.actor_at[t.i].actor for t in following if t.i in state.actor_at]
        civilians = any(inter(a, state) == CIVILIAN_INTER for a in named)
        if rule.objects and objects & rule.objects:
            return True
        if rule.kind == Kind.ATTACK_CIV:
            return civilians
        if (rule.kind == Kind.CLASH and rule.restates) or (rule.kind == Kind.TERRITORY and rule.place_object):
            return any(inter(a, state) != CIVILIAN_INTER for a in named)  # "kill 6 IS", "expels regime forces from"
        return bool(rule.place_object and any(t.start >= doc[token.i].idx and t.end <= doc[hi - 1].idx + len(doc[hi - 1]) for t in state.toponyms))
    return True


def find_triggers(sent: Span, state: DocState) -> list[Trigger]:
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


def _outcome_of_other(trig: Trigger, triggers: dict[int, Kind], lexicon: Lexicon) -> bool:
    """Return whether a verb only tells what another act in its clause did ("shelling killed 12")."""
    token = trig.token
    if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.outcome_verbs:
        return False
    if token.dep_ in ("advcl", "xcomp", "acl", "relcl") and triggers.get(token.head.i) in METHOD_KINDS:
        return True  # "shelled Douma, killing 12"
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass") and triggers.get(child.i) in METHOD_KINDS and child.pos_ != "VERB":
            return True  # "an airstrike killed five"
        if child.dep_ in ("advcl", "conj", "xcomp") and triggers.get(child.i) in METHOD_KINDS:
            # "were killed in tank shelling" parsed as a clause, "attacked and killed"; but
            # "killed him after kidnapping him" is two acts.
            return True
        if child.dep_ in ("agent", "prep") and any(g.dep_ in ("pobj", "pcomp") and triggers.get(g.i) in METHOD_KINDS for g in child.children):
            return True  # "killed by aerial bombardment", "killed in shelling"
    return False


def _inside_declared_operation(trig: Trigger, triggers: Sequence[Trigger]) -> bool:
    """Return whether a noun is what a declared start of operations declares ("announced the start of operations")."""
    if trig.token.pos_ == "VERB":
        return False
    for other in triggers:
        if other.rule.kind == Kind.OPERATIONS and other is not trig:
            objects = (c for c in other.token.children if c.dep_ in ("dobj", "nsubjpass"))
            if any(trig.token in obj.subtree for obj in objects):
                return True
    return False


def restated(trig: Trigger, triggers: Sequence[Trigger], paragraph: int, state: DocState, so_far: Sequence[Event]) -> int | None:
    """Return which act an agentless toll ("27 people were killed") restates.

    -1 for an act in its own sentence, the index in `so_far` of the last violent act of its
    paragraph, or None when it stands alone.
    """
    if any(t.rule.kind in METHOD_KINDS for t in triggers if t is not trig):
        return -1
    for i in range(len(so_far) - 1, -1, -1):
        event = so_far[i]
        if state.paragraph(event.sentence_start) != paragraph:
            break
        if event.event_type in VIOLENT_TYPES:
            return i
    return None


def _rule_fits(token: Token, rule: TriggerRule, state: DocState) -> bool:
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
    if token.i in state.actor_at and rule.kind not in (Kind.AIR,):
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


def _object_fits(token: Token, rule: TriggerRule, state: DocState) -> bool:
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


def _names_place(token: Token, state: DocState) -> bool:
    """Return whether a noun phrase names a gazetteer place ("the town of Qaryatayn", "Deir ez-Zor Province")."""
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    return any(start <= t.start and t.end <= end for t in state.toponyms)


def _noun_trigger_stands(token: Token, state: DocState) -> bool:
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


# Words before a noun that point back to an act already named ("the battle", "this attack", "its assault").
_REFERRING_DETS = frozenset({"the", "this", "that", "these", "those"})
# Prepositions that set an act as the background of another ("after the clashes", "during fighting").
_BACKGROUND_PREPS = frozenset({"after", "following", "since", "during", "despite", "amid", "before", "throughout"})
# What a noun trigger of each kind restates: an earlier event of this ACLED event type.
_REFERRED_TYPE = {
    Kind.CLASH: "Battles",
    Kind.AIR: "Explosions/Remote violence",
    Kind.SHELLING: "Explosions/Remote violence",
    Kind.EXPLOSIVE: "Explosions/Remote violence",
}


def refers_back(trig: Trigger, so_far: Sequence[Event]) -> bool:
    """Return whether a noun trigger refers to an act the report told before rather than a new one.

    "The battle", "the attack on the port", "after the clashes": a definite or background noun,
    once the report already has an event of that type, is a mention of it, not another act.
    """
    token = trig.token
    wanted = _REFERRED_TYPE.get(trig.rule.kind)
    if token.pos_ == "VERB" or wanted is None or trig.rule.restates:
        return False
    if any(c.dep_ in ("amod", "nummod", "acl", "relcl") or (c.dep_ in ("prep", "agent") and c.lower_ == "by") for c in token.children):
        return False  # "the heaviest fighting", "the attack launched by the rebels": it tells something new
    referring = any(
        (c.dep_ == "det" and c.lower_ in _REFERRING_DETS) or c.dep_ == "poss" for c in token.children
    ) or (token.dep_ == "pobj" and token.head.lower_ in _BACKGROUND_PREPS)
    if not referring:
        return False
    return any(e.event_type == wanted and e.sentence_end <= token.idx for e in so_far)
