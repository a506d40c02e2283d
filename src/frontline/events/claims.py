"""Who says it and how sure the text is: attribution, modality and silences, read from the parse."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from frontline.events.lexicon import Lexicon

# Attribution verbs and the claim status each gives when the speaker is a party to the conflict.
# A neutral outlet "saying" something is a report; a party "saying" it is a claim.
SPEECH_VERBS: dict[str, str] = {
    "say": "claimed",
    "report": "claimed",
    "announce": "claimed",
    "state": "claimed",
    "tell": "claimed",
    "add": "claimed",
    "confirm": "claimed",
    "claim": "claimed",
    "assert": "claimed",
    "proclaim": "claimed",
    "allege": "claimed",
    "insist": "claimed",
    "boast": "claimed",
    "declare": "claimed",
    "publish": "claimed",
    "show": "claimed",
    "accuse": "accused",
    "blame": "accused",
    "according": "claimed",  # "according to X": a claim when X is a party, a report otherwise
    "deny": "denied",
    "reject": "denied",
    "dismiss": "denied",
}
NEGATED_SPEECH = {"deny", "reject", "dismiss"}
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
_SILENT = re.compile(r"\b(silent|mum|quiet)\b\s+(?:about|on|over|regarding)\b", re.IGNORECASE)
_PRONOUNS = {"it", "they", "he", "she", "its", "their", "them"}


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speech act in a sentence: who speaks, with which verb, over which tokens."""

    verb: str
    lemma: str
    source: str
    source_start: int  # character offsets of the source phrase
    source_end: int
    scope_start: int  # token indices the attribution covers
    scope_end: int
    pronoun: bool


def find_attributions(sent: Span) -> list[Attribution]:
    """Return the speech acts in a sentence (X said / claimed / accused / according to X)."""
    found: list[Attribution] = []
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ not in ("VERB", "AUX") or lemma not in SPEECH_VERBS:
            continue
        # "claim the town" is a capture, not speech: speech governs a clause or an accusation.
        complements = [c for c in token.children if c.dep_ in ("ccomp", "xcomp", "advcl", "pcomp", "prep", "dobj", "parataxis")]
        if lemma in ("claim", "show", "declare", "publish") and not any(c.dep_ in ("ccomp", "parataxis") for c in token.children):
            continue
        if not complements and token.dep_ != "parataxis":
            continue
        subject = _subject_of(token)
        if subject is None:
            continue
        scope_tokens = [t.i for c in complements for t in c.subtree]
        if token.dep_ == "parataxis" or (subject.i > token.i and token.head.i != token.i):
            # Inverted or parenthetical: "..., a regime military source said." covers the sentence.
            scope_tokens = [t.i for t in sent if t.i not in {s.i for s in subject.subtree} and t.i != token.i]
        if not scope_tokens:
            continue
        phrase = _phrase(subject)
        found.append(
            Attribution(
                verb=token.text,
                lemma=lemma,
                source=phrase.text,
                source_start=phrase.start_char,
                source_end=phrase.end_char,
                scope_start=min(scope_tokens),
                scope_end=max(scope_tokens) + 1,
                pronoun=subject.lower_ in _PRONOUNS,
            )
        )
    found.extend(_according_to(sent))
    return found


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    # "with the SDF twice accusing ...": the subject hangs off the preposition's object.
    if verb.dep_ in ("pcomp", "advcl", "acl", "conj"):
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child
        if verb.dep_ == "conj":
            return _subject_of(verb.head)
    return None


def _phrase(subject: Token) -> Span:
    """Return the subject's phrase without trailing relative clauses or appositions."""
    doc = subject.doc
    left = subject.left_edge.i
    right = subject.i
    for child in subject.rights:
        if child.dep_ in ("prep", "compound", "amod", "poss") and child.dep_ != "appos":
            right = max(right, child.right_edge.i)
        else:
            break
    return doc[left : right + 1]


def _according_to(sent: Span) -> list[Attribution]:
    out = []
    for match in _ACCORDING.finditer(sent.text):
        start = sent.start_char + match.end()
        tail = sent.doc.char_span(start, sent.end_char, alignment_mode="expand")
        if tail is None or len(tail) == 0:
            continue
        # The source is the noun phrase right after "according to".
        head = tail[0]
        for token in tail:
            if token.dep_ == "pobj" and token.head.lower_ == "to":
                head = token
                break
        phrase = sent.doc[head.left_edge.i : head.right_edge.i + 1]
        out.append(
            Attribution(
                verb="according to",
                lemma="according",
                source=phrase.text,
                source_start=phrase.start_char,
                source_end=phrase.end_char,
                scope_start=sent.start,
                scope_end=sent.end,
                pronoun=False,
            )
        )
    return out


def find_silences(sent: Span) -> list[tuple[str, str, int]]:
    """Return (silent party phrase, rest of the sentence after 'about', char offset) for 'X are silent about Y'."""
    out = []
    match = _SILENT.search(sent.text)
    if match:
        before = sent.text[: match.start()]
        party = re.sub(r"\b(are|is|were|was|have been|has been|remain|remains|still|also)\b", " ", before)
        out.append((" ".join(party.split()), sent.text[match.end():], sent.start_char + match.end()))
    return out


_VERGE_NOUNS = frozenset({"verge", "brink", "cusp", "threshold"})


def _on_the_verge(trigger: Token) -> bool:
    """Return whether the act is only imminent: "on the verge of being captured", "on the brink of falling"."""
    node = trigger
    for _ in range(4):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in _VERGE_NOUNS:
            return True
        if node.pos_ == "VERB":
            return False
    return False


def modality(trigger: Token, lexicon: Lexicon) -> str | None:
    """Return 'hypothetical', 'future' or 'negated' when the act at `trigger` did not (yet) happen."""
    if _aim_of_undertaking(trigger, lexicon):
        return "hypothetical"
    if _on_the_verge(trigger):
        return "hypothetical"
    chain = [trigger]
    node = trigger
    # Walk up through the clause: "trying to clear", "threatened to attack", "a possible showdown".
    for _ in range(4):
        if node.head.i == node.i:
            break
        if node.dep_ not in ("xcomp", "ccomp", "conj", "pobj", "dobj", "prep", "advcl", "pcomp", "acl", "relcl", "aux", "compound", "nsubj", "csubj"):
            break
        node = node.head
        chain.append(node)
        if node.dep_ == "ROOT":
            break
    # Modals and "will" reach down through coordinated and complement clauses
    # ("will continue operations until we eliminate ISIS and drive them out").
    governed = chain[:2]
    for i in range(1, len(chain)):
        if chain[i - 1].dep_ in ("conj", "xcomp", "advcl", "csubj"):
            governed = chain[: i + 1]
        else:
            break
    for tok in chain:
        children = list(tok.children)
        for child in children:
            low = child.lower_
            if child.dep_ == "neg" and tok in chain[:2]:
                return "negated"
            if child.dep_ in ("aux", "auxpass") and low in lexicon.modal_words and tok in governed:
                return "hypothetical"
            if child.dep_ in ("aux", "auxpass") and low in lexicon.future_words and tok in governed:
                return "future"
            if child.dep_ == "amod" and low in lexicon.hypothetical_modifiers and tok in chain[:2]:
                return "hypothetical"
        if tok is not trigger and tok.lemma_.lower() in lexicon.hypothetical_heads and tok.pos_ == "VERB":
            # Only when the trigger sits in its complement: "trying to clear", not "trying ..., they closed".
            if trigger.dep_ in ("xcomp", "ccomp") or trigger.head == tok and trigger.dep_ in ("dobj", "xcomp"):
                return "hypothetical"
            if tok.dep_ in ("advcl", "xcomp") and trigger in list(tok.subtree):
                return "hypothetical"
        if tok.lower_ == "not" and tok.dep_ == "neg":
            return "negated"
    # Infinitive "not to cross", "demand not to", conditionals "if ... capture" and "until X is retaken".
    for tok in trigger.subtree:
        if tok.i < trigger.i and tok.lower_ in ("if", "unless", "until") and tok.dep_ == "mark":
            return "hypothetical"
    if trigger.dep_ == "xcomp" and any(c.dep_ == "neg" for c in trigger.children):
        return "negated"
    return None


def _aim_of_undertaking(trigger: Token, lexicon: Lexicon) -> bool:
    """Return whether an infinitive states what a battle or offensive is for ("the battle to retake Raqqa")."""
    if trigger.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return False
    head = trigger.head
    if trigger.dep_ in ("acl", "relcl", "xcomp", "advcl") and head.pos_ in ("NOUN", "PROPN"):
        return head.lemma_.lower() in lexicon.aim_nouns or head.lower_ in lexicon.aim_nouns
    if trigger.dep_ in ("advcl", "xcomp") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in lexicon.aim_nouns:
            return True  # "are fighting to retake the village", "pushed to capture": the fight is for it
        if head.dep_ == "acl" and head.head.lemma_.lower() in lexicon.aim_nouns:
            return True  # "the attack launched to take over the towns"
        # "launched an offensive to capture Tabqa": the parser hangs the purpose on the verb.
        return any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and (c.lemma_.lower() in lexicon.aim_nouns or c.lower_ in lexicon.aim_nouns) for c in head.children)
    return False


def hedged(trigger: Token, lexicon: Lexicon) -> bool:
    """Return whether the text distances itself from the act ("reportedly", "unconfirmed reports that ...").

    A hedge counts when it modifies the trigger or a word the trigger's clause hangs from.
    """
    node = trigger
    while True:
        if any(c.lower_ in lexicon.hedge_words for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head


# Verbs by which a party denies what was said ("Kyiv rejected the claim", "Amaq denied the city had fallen").
DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "refute", "disprove", "debunk", "contradict"})
# Objects by which a denial points back at what was said before it rather than saying it again.
_SAID_NOUNS = frozenset({
    "claim", "claims", "report", "reports", "allegation", "allegations", "statement", "statements", "assertion",
    "assertions", "account", "accounts", "rumour", "rumours", "rumor", "rumors", "news", "it", "this", "that", "them",
    "these", "those", "story", "stories", "version", "charge", "charges", "accusation", "accusations",
})


@dataclass(frozen=True, slots=True)
class Denial:
    """A party denying something: who, and whether it restates the act or points back at a claim."""

    source: str
    verb_index: int  # token index of the denial verb
    scope_start: int  # token indices of the clause it denies (empty when it points back)
    scope_end: int
    points_back: bool


def find_denials(sent: Span) -> list[Denial]:
    """Return the denials in a sentence: "X denied that ...", "X rejected the claim", "the report was denied by X"."""
    found: list[Denial] = []
    for token in sent:
        if token.pos_ != "VERB" or token.lemma_.lower() not in DENIAL_VERBS:
            continue
        subject = _subject_of(token)
        said = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if token.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in token.children):
            # "The claim was rejected by Kyiv": the denier is the agent.
            agents = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            subject = agents[0] if agents else None
        if subject is None:
            continue
        phrase = _phrase(subject)
        clauses = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")]
        if clauses:
            scope = [t.i for c in clauses for t in c.subtree]
            found.append(Denial(phrase.text, token.i, min(scope), max(scope) + 1, False))
            continue
        # "rejected the claim", "denied it"; not "denied reports of civilian casualties", which says what it denies.
        points_back = not said or any(
            (o.lower_ in _SAID_NOUNS or o.lemma_.lower() in _SAID_NOUNS)
            and not any(c.dep_ in ("prep", "acl", "relcl", "ccomp") for c in o.children)
            for o in said
        )
        if points_back:
            found.append(Denial(phrase.text, token.i, token.i, token.i, True))
    return found
