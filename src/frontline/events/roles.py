"""Decide who acts and who is acted on: actor roles over the dependency parse and word order."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from frontline.actors import ActorMention
from frontline.events.lexicon import Kind, token_lemma
from frontline.events.reading import (
    CIVILIAN_INTER,
    CLAUSE_WORDS,
    PRONOUNS,
    SEGMENT_MARKS,
    DocState,
    Trigger,
    actors_in,
    are_allied,
    inter,
    subject_of,
)
from frontline.events.triggers import fighting_lemmas, hostile_lemmas, lemma_is_trigger

_LOYAL_TO = re.compile(r"\s*(?:loyal|allied) to (?:them|it|him|her)\b", re.IGNORECASE)


def follow_loyalties(text: str, state: DocState) -> None:
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


def adversaries(sentences: Sequence[Span], state: DocState) -> dict[str, Counter[str]]:
    """Count, for each actor, the non-allied actors it is mentioned with: its likely opponents here."""
    out: dict[str, Counter[str]] = {}
    indices = sorted(state.actor_at)
    # A campaign named ("the offensive against ISIS") says who fights whom even where it is no act of its own.
    hostile = hostile_lemmas(state.lexicon) | state.lexicon.aim_nouns
    fighting = fighting_lemmas(state.lexicon)
    for sent in sentences:
        lo, hi = bisect_left(indices, sent.start), bisect_left(indices, sent.end)
        if hi - lo < 2:
            continue
        lemmas = {token_lemma(t) for t in sent}
        if not lemmas & hostile or (lemmas & _PARTNER_LEMMAS and not lemmas & fighting):
            continue  # "entered under a deal agreed with Russia and Iran": named together is not fighting
        # In order of mention, so ties between opponents break the same way in every process.
        names = list(dict.fromkeys(state.actor_at[i].actor for i in indices[lo:hi]))
        for a in names:
            for b in names:
                if a != b and not are_allied(state, a, b):
                    out.setdefault(a, Counter())[b] += 1
    return out


# Nouns whose "of X" names who lost people ("members of the regime forces", "the ranks of ISIS").
_LOSS_NOUNS = frozenset({
    "member", "members", "rank", "ranks", "fighter", "fighters", "element", "elements", "casualty", "casualties",
    "loss", "losses", "body", "bodies", "soldier", "soldiers", "militiaman", "militiamen", "commander", "commanders",
    "leader", "leaders", "prisoner", "prisoners", "dozens", "tens", "hundreds", "death", "deaths", "toll", "dead",
    "killing", "personnel", "gunmen", "officer", "officers", "killed", "wounded", "injured",
})


_LOSS_AFTER = frozenset({"killed", "dead", "casualties", "losses", "died", "members", "fighters", "elements", "were", "was"})


def segment(token: Token, sent: Span, state: DocState) -> tuple[int, int]:
    """Return the token range of the clause holding `token`, cut at punctuation and at clause-opening words."""
    doc = token.doc

    def cuts(i: int) -> bool:
        t = doc[i]
        if t.text in SEGMENT_MARKS or t.lower_ in CLAUSE_WORDS:
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
                return after is not None and (after.pos_ == "VERB" or lemma_is_trigger(after, state))
            return nxt.pos_ in ("VERB", "AUX", "NUM") or lemma_is_trigger(nxt, state)
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


def accusation_tokens(span: Span) -> set[int]:
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


def co_agents(trigger: Token, sent: Span, actor1: str, state: DocState) -> set[str]:
    """Return the actors named with `actor1` before a headline's act ("X and Y attack ..."), none of them hit by it."""
    lo, _hi = segment(trigger, sent, state)
    before = [(i, a, lost) for i, a, lost in ordered_actors(trigger.doc, lo, trigger.i, state)]
    if not any(a == actor1 and not lost for _i, a, lost in before):
        return set()
    return {a for _i, a, lost in before if not lost and a != actor1}


def _lost_people(doc: Doc, i: int, state: DocState) -> bool:
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


def ordered_actors(doc: Doc, lo: int, hi: int, state: DocState) -> list[tuple[int, str, bool]]:
    """Return (token index, actor, lost people) for each actor mention in a token range, in order."""
    out: list[tuple[int, str, bool]] = []
    seen: set[int] = set()
    accused = accusation_tokens(doc[lo:hi]) if hi > lo else set()
    for i in range(lo, hi):
        mention = state.actor_at.get(i)
        if mention is None or id(mention) in seen or i in accused:
            continue
        seen.add(id(mention))
        out.append((i, mention.actor, _lost_people(doc, i, state)))
    return out


def _order_agent(trigger: Token, actors: Sequence[tuple[int, str, bool]], other: str | None, state: DocState) -> str | None:
    """Return who acts by word order: the nearest actor before the trigger that did not lose people, or one after "by"."""
    doc = trigger.doc
    for i, actor, lost in reversed([a for a in actors if a[0] < trigger.i]):
        if not lost and inter(actor, state) != CIVILIAN_INTER and (other is None or not are_allied(state, actor, other)):
            return actor
    for i, actor, lost in actors:
        if i > trigger.i and _after_by(doc, trigger.i, i) and inter(actor, state) != CIVILIAN_INTER:
            if other is None or not are_allied(state, actor, other):
                return actor
    return None


def _after_by(doc: Doc, lo: int, i: int) -> bool:
    """Return whether token `i` heads the phrase after a "by" ("shelling by the regime forces")."""
    j = i - 1
    while j > lo and i - j <= 3 and doc[j].pos_ in ("DET", "ADJ", "PUNCT", "PROPN", "NOUN") and doc[j].lower_ != "by":
        j -= 1
    return j > lo and doc[j].lower_ == "by"


def _order_target(trigger: Token, actors: Sequence[tuple[int, str, bool]], agent: str | None, state: DocState) -> str | None:
    """Return whom the act hit by word order: the nearest enemy of the agent after the trigger, else one that lost people."""
    doc = trigger.doc
    after = [a for a in actors if a[0] > trigger.i and not _after_by(doc, trigger.i, a[0])]
    for pool in (after, [a for a in actors if a[2]]):
        for _i, actor, _lost in pool:
            if actor != agent and (agent is None or not are_allied(state, agent, actor)):
                return actor
    return None


def order_sides(trigger: Token, sent: Span, actor1: str | None, actor2: str | None, state: DocState) -> tuple[str | None, str | None]:
    """Fill the sides a headline's parse left empty from the word order of the trigger's clause."""
    doc = trigger.doc
    lo, hi = segment(trigger, sent, state)
    actors = ordered_actors(doc, lo, hi, state)
    if actor1 is None and actor2 is None:
        between = next((j for j in range(trigger.i + 1, hi) if doc[j].lower_ == "between"), None)
        if between is not None:
            # "clashes break out between X and Y": the two sides, in the order named.
            named = [a for i, a, _lost in actors if i > between]
            for other in named[1:]:
                if not are_allied(state, named[0], other):
                    return named[0], other
    if actor1 is None and lo > sent.start and doc[lo - 1].lower_ == "and" and doc[lo].pos_ == "VERB":
        # "SDF advance around Manbij and kill 6 IS": coordinated verbs share the subject.
        earlier = ordered_actors(doc, segment(doc[lo - 2], sent, state)[0], lo - 1, state) if lo - 2 >= sent.start else []
        actors = earlier + actors
    if hi + 1 < sent.end and doc[hi].lower_ == "and" and doc[hi + 1].pos_ == "VERB":
        # "kill and injure several members of the regime forces": coordinated verbs share the object.
        actors = actors + ordered_actors(doc, hi + 1, segment(doc[hi + 1], sent, state)[1], state)
    actor1 = actor1 or _order_agent(trigger, actors, actor2, state)
    actor2 = actor2 or _order_target(trigger, actors, actor1, state)
    return actor1, actor2


def find_agent(trigger: Token, state: DocState) -> tuple[str | None, tuple[str, ...]]:
    """Return the actor that carries out the act at `trigger`, and its associated actors."""
    if trigger.pos_ == "NOUN":
        own = actors_in((c for c in trigger.subtree if c.i <= trigger.i and c.dep_ in ("amod", "compound", "poss", "nmod") or c.i == trigger.i), state)
        own += [a for a in actors_in((t for c in trigger.children if c.dep_ in ("amod", "compound", "poss") for t in c.subtree), state) if a not in own]
        if own:
            return own[0], tuple(a for a in own[1:] if are_allied(state, own[0], a))
    if trigger.pos_ != "VERB" or trigger.tag_ == "VBG":
        # "shelling by the regime forces", "an attack by ISIS": the act's own "by" names who did it.
        for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "by"):
            found = actors_in(prep.subtree, state)
            if found:
                return found[0], ()
    node = trigger
    pronoun_seen = False
    partners: list[str] = []
    for _ in range(6):
        passive_agent = [c for c in node.children if c.dep_ == "agent"]
        if passive_agent:
            found = actors_in(passive_agent[0].subtree, state)
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
                found = actors_in(objects[0].subtree, state)
                if found:
                    return found[0], ()
        subject = subject_of(node)
        if subject is not None and node is not trigger and trigger in subject.subtree:
            # "The recapture of Raqqa after three years of Isis rule is ...": the act's own noun
            # phrase is the subject, and the actors inside it are not its agent.
            subject = None
        if subject is not None:
            found = actors_in(_own_phrase(subject), state)
            if found and subject.lower_ in PRONOUNS and subject.i not in state.actor_at:
                # "The army said it and its allies had captured ...": the pronoun acts, the named are its partners.
                partners, found = found, []
            if found:
                if token_lemma(trigger) in _RECIPROCAL:
                    # "ISIS and the SDF clashed": named together, they fought each other.
                    return found[0], tuple(a for a in found[1:] if are_allied(state, found[0], a))
                # "The Turkish army and its FSA allies captured ...": named together as the subject, they act together.
                return found[0], tuple(a for a in dict.fromkeys([*found[1:], *partners]) if a != found[0])
            if subject.lower_ in ("who", "which", "that") and node.dep_ == "relcl" and node.head.i in state.actor_at:
                return state.actor_at[node.head.i].actor, ()
            if subject.lower_ in PRONOUNS or any(c.dep_ == "poss" and c.lower_ in PRONOUNS for c in subject.children):
                # "The army said it had captured ...", "Russia denied that its warplanes bombed ...":
                # look for the named subject of a governing clause.
                pronoun_seen = True
            elif node.pos_ == "VERB" and trigger.pos_ == "VERB":
                break
        possessor = [c for c in node.children if c.dep_ == "poss"]
        if possessor:
            found = actors_in(possessor[0].subtree, state)
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
        return state.last_agent, tuple(a for a in partners if a != state.last_agent)
    return _left_of_bare_verb(trigger, state), ()


# Acts whose coordinated subjects are the two sides ("X and Y clashed"), not partners.
_RECIPROCAL = frozenset({
    "clash", "fight", "battle", "skirmish", "engage", "exchange", "fighting", "clashes",
    "agree", "agreement", "deal", "ceasefire", "truce", "reconcile", "reconciliation",
})


def _own_phrase(subject: Token) -> list[Token]:
    """Return the subject's tokens without relative clauses ("ISIS, which the SDF fought, ..."): who the phrase names as acting."""
    skip: set[int] = set()
    for t in subject.subtree:
        if t.dep_ in ("relcl", "acl") and t.i != subject.i and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            skip.update(x.i for x in t.subtree)
        if t.dep_ == "prep" and t.lower_ in ("against", "from", "with"):
            skip.update(x.i for x in t.subtree)
    return [t for t in subject.subtree if t.i not in skip]


def _fall_taker(verb: Token, state: DocState) -> str | None:
    """Return who a place fell to ("fell to X")."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"):
        found = actors_in(prep.subtree, state)
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


def _left_of_bare_verb(trigger: Token, state: DocState) -> str | None:
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


def fighting_between(trigger: Token, state: DocState) -> tuple[str, str] | None:
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
            names = actors_in((t for t in prep.subtree if t.i < stop), state)
            # Fall back to the words after "between" when the parse hangs the second side elsewhere.
            if len(names) < 2:
                names += [n for n in actors_in(trigger.doc[prep.i : stop], state) if n not in names]
            if names and against is not None and against not in names and not are_allied(state, names[0], against):
                # "clashes between HTS and the factions against the regime forces": the pair fights side by side.
                return names[0], against
            # Named sides are taken as given, allies included: allies fall out and fight too.
            for other in names[1:]:
                if not are_allied(state, names[0], other):
                    return names[0], other
            if len(names) > 1:
                return names[0], names[1]
    return None


# Nouns whose "between X and Y" names parties to something other than a fight.
_NOT_FIGHTING_BETWEEN = frozenset({
    "agreement", "deal", "truce", "ceasefire", "talk", "talks", "negotiation", "negotiations", "meeting", "reconciliation",
    "settlement", "understanding", "accord", "exchange", "swap", "coordination", "dispute", "tension", "mediation",
})


def _against(prep: Token, state: DocState) -> tuple[int | None, str | None]:
    """Return where an "against" follows a "between X and Y" phrase in its clause, and the actor it names."""
    doc = prep.doc
    end = _sentence_end(prep)
    for j in range(prep.i + 1, end):
        if doc[j].text in (",", ";", ".") or doc[j].lower_ in CLAUSE_WORDS:
            break
        if doc[j].lower_ == "against":
            found = actors_in(doc[j:end], state)
            return j, (found[0] if found else None)
    return None, None


def _sentence_end(token: Token) -> int:
    doc = token.doc
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return end


def patient(trigger: Token, actor1: str | None, state: DocState) -> str | None:
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
    for name in actors_in(candidates, state):
        if name != actor1 and (actor1 is None or not are_allied(state, actor1, name)):
            return name
    # "bombing their positions": a possessive pronoun points back to the clause's other party.
    for tok in candidates:
        if tok.dep_ == "poss" and tok.lower_ in ("their", "its", "his", "our"):
            before = [state.actor_at[i].actor for i in sorted(state.actor_at) if i < trigger.i and _same_sentence(trigger, i)]
            for name in reversed(before):
                if name != actor1 and (actor1 is None or not are_allied(state, actor1, name)):
                    return name
    return None


def receiver(trigger: Token, actor1: str | None, state: DocState) -> str | None:
    """Return who ground is handed to ("handed over the town to the army", "withdrew, leaving it to X")."""
    for prep in (c for c in trigger.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"):
        for name in actors_in(prep.subtree, state):
            if name != actor1:
                return name
    return None


def _outcome_victims(trigger: Token, state: DocState) -> list[Token]:
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


def _mentions(trigger: Token, actor: str | None, state: DocState) -> bool:
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


def opponent_in_clause(trigger: Token, actor1: str | None, state: DocState) -> str | None:
    """Return an enemy of `actor1` named in the trigger's own clause, if any."""
    clause = trigger if trigger.pos_ == "VERB" else trigger.head
    for name in actors_in(clause.subtree, state):
        if name != actor1 and (actor1 is None or not are_allied(state, actor1, name)):
            return name
    return None


def other_side_in_sentence(trigger: Token, enemy: str, sent: Span, state: DocState) -> str | None:
    """Return the actor of the sentence nearest the trigger that is not on `enemy`'s side."""
    best: tuple[int, str] | None = None
    for i in range(sent.start, sent.end):
        mention = state.actor_at.get(i)
        if mention is None or are_allied(state, mention.actor, enemy) or inter(mention.actor, state) == CIVILIAN_INTER:
            continue
        distance = abs(i - trigger.i)
        if best is None or distance < best[0]:
            best = (distance, mention.actor)
    return best[1] if best else None


def context_opponent(actor1: str | None, state: DocState, *, besides: frozenset[str] = frozenset(), armed: bool = False) -> str | None:
    """Return the actor's most frequent non-allied co-mention in the report (or its side's), not one of `besides`.

    With `armed`, only an armed side will do (a battle's opponent is never civilians).
    """
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
        if not are_allied(state, actor1, name) and name not in besides and not (armed and inter(name, state) == CIVILIAN_INTER):
            return name
    # No enemy named beside it in any fighting: the armed actor the report names most that is not on its
    # side; for a fight, never one the report names as a partner ("under a deal agreed with Russia").
    named = Counter(m.actor for m in {id(m): m for m in state.actor_at.values()}.values())
    for name, _ in named.most_common():
        if (
            name != actor1 and name not in besides and not (armed and name in state.partners)
            and inter(name, state) != CIVILIAN_INTER and not are_allied(state, actor1, name)
        ):
            return name
    return None


# Words that name a partnership rather than a fight: the actors named with them work together here.
_PARTNER_LEMMAS = frozenset({
    "deal", "agreement", "agree", "accord", "truce", "ceasefire", "broker", "coordination", "coordinate",
    "escort", "guarantor", "memorandum", "understanding", "arrangement",
})


def partners(sentences: Sequence[Span], state: DocState) -> frozenset[str]:
    """Return the actors a report names in sentences about deals and escorts, where no one fights."""
    out: set[str] = set()
    fighting = fighting_lemmas(state.lexicon)
    indices = sorted(state.actor_at)
    for sent in sentences:
        lemmas = {token_lemma(t) for t in sent}
        if not lemmas & _PARTNER_LEMMAS or lemmas & fighting:
            continue
        lo, hi = bisect_left(indices, sent.start), bisect_left(indices, sent.end)
        out.update(state.actor_at[i].actor for i in indices[lo:hi])
    return frozenset(out)


def sentence_subject_actor(sent: Span, state: DocState) -> str | None:
    subject = subject_of(sent.root)
    if subject is None:
        return None
    found = actors_in(subject.subtree, state)
    return found[0] if found else None


Draft = tuple[Trigger, Kind, str | None, str | None, tuple[str, ...]]


def by_precedence(drafts: Sequence[Draft], explicit: dict[int, bool], state: DocState) -> list[Draft]:
    """Keep one event per act by ACLED's precedence: a capture told with the fighting that won it is the capture.

    "Forces took X after clashes with Y", "battles rage with the army recapturing X", "seized X after
    encircling it": the clash or siege hangs on the capture in the parse (or the capture on it) and
    involves the capturing side; it is dropped, and the side it names as the enemy becomes the
    capture's opponent when the capture's own clause named none.
    """
    gains = [d for d in drafts if d[1] in (Kind.TERRITORY, Kind.SIEGE_BROKEN) and d[2] is not None]
    if not gains:
        return list(drafts)
    opponents: dict[int, str] = {}
    out: list[Draft] = []
    for draft in drafts:
        trig, kind, a1, a2, _assoc = draft
        gain = None
        if kind in (Kind.CLASH, Kind.MOVEMENT, Kind.SIEGE):
            gain = next((g for g in gains if _one_act(g, trig, a1, a2, state)), None)
        if gain is None:
            out.append(draft)
            continue
        gainer = gain[2]
        enemy = a2 if a1 is None or (gainer is not None and are_allied(state, gainer, a1)) else a1
        if enemy is not None and explicit.get(id(trig), True) and id(gain[0]) not in opponents:
            opponents[id(gain[0])] = enemy
    result: list[Draft] = []
    for trig, kind, a1, a2, assoc in out:
        enemy = opponents.get(id(trig))
        if enemy is not None and (a2 is None or not explicit.get(id(trig), False)) and a1 is not None and not are_allied(state, a1, enemy):
            a2 = enemy
        result.append((trig, kind, a1, a2, assoc))
    return result


def _one_act(gain: Draft, token_trig: Trigger, a1: str | None, a2: str | None, state: DocState) -> bool:
    """Return whether a fight is the one that won a capture: linked in the parse, the capturing side a party."""
    g_tok, t_tok = gain[0].token, token_trig.token
    if not (t_tok in g_tok.subtree or g_tok in t_tok.subtree):
        return False
    gainer = gain[2]
    parties = [a for a in (a1, a2) if a is not None]
    return not parties or any(gainer is not None and are_allied(state, gainer, p) for p in parties)


# Words by which fire is said to help a ground act ("backed by air strikes", "with the support of artillery").
_SUPPORT_WORDS = frozenset({"back", "backed", "support", "supported", "help", "cover", "assist", "assistance", "aid", "backing", "accompany"})


def supporters(sent: Span, state: DocState) -> frozenset[str]:
    """Return the actors a sentence names only as helping an act ("rebels backed by Turkish warplanes", "with help from the coalition")."""
    found: set[str] = set()
    for token in sent:
        if token.lemma_.lower() not in _SUPPORT_WORDS and token.lower_ not in _SUPPORT_WORDS:
            continue
        if token.pos_ == "VERB" and token.tag_ != "VBN":
            continue  # "Russia supports the offensive" names the supporter as the subject, not in a phrase
        phrases = [c for c in token.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "from", "of")]
        for phrase in phrases:
            found.update(actors_in(phrase.subtree, state))
    return frozenset(found)
