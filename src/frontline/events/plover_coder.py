"""Code a sentence's main act as a PLOVER type (and mode) with its CAMEO root, from the parse.

The coder walks the dependency parse from the act's predicate outwards and reads it against a
lexicon written from the PLOVER codebook (data/plover/lexicon.yaml):

1. Where the source and target of the act are marked, the predicate is on the dependency path
   between them (their lowest common ancestor first); otherwise it is the sentence root, and the
   walk follows clausal complements first ("said that ...", "agreed to ...").
2. At each predicate: a wrapper verb with a complement fixes the type ("agree to X" AGREE,
   "refuse to X" REJECT, "urge Y to X" REQUEST, "threaten to X" THREATEN); else a verb-object pair
   ("lift ban"); else a light verb's object noun ("hold talks"); else the verb itself; an event
   noun heading a clause counts too.
3. Negation turns cooperation into rejection ("did not withdraw"); future reference turns
   cooperation into intent (AGREE) and force into threat (THREATEN); "must"/"should" make the act
   a demand (REQUEST); a promise of force is a threat ("vowed to crush"); a call for punishment
   is an accusation ("called for sanctions"); an order to coerce is the coercion.
4. A few readings depend on who or what is around the act: protesters who burn or block riot
   (PROTEST), exercises held jointly are cooperation, forces deployed to keep the peace are aid,
   a call or mission made to praise, blame or investigate takes that purpose's type.

The lexicon was tuned on the PLV training sentences only; `frontline eval plover` scores it on
PLV_test, `frontline eval petrarch` on the PETRARCH-2 validation records.

Violent acts are the extractor's domain: `combine` lets its ASSAULT coding stand where the
lexicon finds nothing more specific.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from frontline.errors import DataError
from frontline.events import taxonomy
from frontline.model import Event

log = logging.getLogger(__name__)

_LEXICON = "lexicon.yaml"
_KEY = re.compile(r"^([A-Z]+)(?:/([a-z-]+))?(?:\s*\[(\d\d)\])?$")
# Complements that hold the act a wrapper or reporting verb governs.
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "dative"})
_WRAPPER_PREPS = frozenset({"for", "on", "to"})
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
_NEGATIONS = frozenset({"not", "never", "n't", "no"})
# Walk order below a predicate: the act's complements before its modifiers and side clauses.
_WALK_ORDER = {"xcomp": 0, "ccomp": 1, "dobj": 2, "attr": 2, "oprd": 2, "prep": 3, "pobj": 3, "nsubjpass": 4,
               "nsubj": 5, "conj": 6, "advcl": 7, "acl": 8, "relcl": 9}
_PREDICATE_POS = frozenset({"VERB", "AUX", "ADJ"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
_WHEN_ENTITIES = frozenset({"DATE", "TIME"})
_ACTOR_ENTITIES = frozenset({"GPE", "ORG", "NORP", "PERSON"})
# Prepositions that place an act in time or circumstance: their objects are never the act.
_SETTING_PREPS = frozenset({"after", "before", "during", "following", "since", "until", "amid", "despite", "ahead",
                            "throughout", "prior"})
# Nouns an offer or promise can carry that keep their own type ("offered criticism", "promised support").
_OWN_TYPE_OBJECTS = frozenset({"ACCUSE", "SUPPORT"})
# Acts often done for another act: a call to congratulate, a team sent to investigate.
_ERRAND_TYPES = {"CONSULT": frozenset({"SUPPORT", "ACCUSE"}), "AID": frozenset({"ACCUSE"})}
# Acts of force: promised, they are threats ("vowed to crush the rebels").
_FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "THREATEN"})
# Intents that are settlements, whatever they settle ("agreed to impose sanctions" is no threat).
_SETTLING = frozenset({"agree", "consent", "invite"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: a PLOVER type, its mode and CAMEO root."""

    plover_type: str
    plover_mode: str | None
    cameo_root: str


@dataclass(frozen=True)
class Lexicon:
    """The coding lexicon, read once from package data."""

    light: frozenset[str]
    reporting: frozenset[str]
    wrappers: dict[str, Entry]
    clause_wrappers: frozenset[str]
    verbs: dict[str, Entry]
    pairs: dict[tuple[str, str], Entry]
    nouns: dict[str, Entry]
    negated: dict[str, str]
    future: dict[str, str]
    accusing_requests: frozenset[str]
    directives: frozenset[str]
    obliging: frozenset[str]
    obliged_types: frozenset[str]
    peacekeeping: frozenset[str]
    verbal_attack: frozenset[str]
    protesters: frozenset[str]
    joint: frozenset[str]


@dataclass(frozen=True, slots=True)
class PloverCoding:
    """The PLOVER reading of one sentence's act, and what decided it."""

    plover_type: str  # the PLOVER manual's name (RETREAT, CONCEDE, ...)
    plover_mode: str | None
    cameo_root: str
    trigger: str  # the lemma(s) that decided, e.g. "agree" or "hold talk"
    rule: str  # wrapper | directive | pair | light | verb | noun | extractor | classifier
    negated: bool = False
    future: bool = False
    start: int = 0  # character offsets of the deciding word in the text
    end: int = 0


def _entry(key: str, where: str) -> Entry:
    match = _KEY.match(key.strip())
    if match is None:
        raise DataError(f"PLOVER lexicon: bad key {key!r} in {where}: write TYPE, TYPE/mode or TYPE/mode [NN]")
    ptype, mode, cameo = match.groups()
    known = {p.name: p for p in taxonomy.plover_types()}
    if ptype not in known:
        raise DataError(f"PLOVER lexicon: unknown type {ptype!r} in {where}: use one of {', '.join(known)}")
    if mode is not None and mode not in dict(known[ptype].modes):
        raise DataError(f"PLOVER lexicon: {ptype} has no mode {mode!r} ({where}): see data/taxonomy/plover.yaml")
    root = cameo or taxonomy.plover_to_cameo(ptype, mode)
    if root is None:
        raise DataError(f"PLOVER lexicon: no CAMEO root for {key!r} ({where})")
    return Entry(ptype, mode, root)


def _words(raw: Any, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise DataError(f"PLOVER lexicon: {where} must be a list of words")
    return [" ".join(w.lower().split()) for w in raw]


def _table(raw: Any, where: str) -> dict[str, Entry]:
    if not isinstance(raw, dict):
        raise DataError(f"PLOVER lexicon: {where} must map types to word lists")
    out: dict[str, Entry] = {}
    for key, words in raw.items():
        entry = _entry(str(key), where)
        for word in _words(words, f"{where}.{key}"):
            if word in out and out[word] != entry:
                raise DataError(f"PLOVER lexicon: {word!r} is listed under two types in {where}; keep one")
            out[word] = entry
    return out


def parse_lexicon(document: Any) -> Lexicon:
    """Build a Lexicon from a parsed lexicon.yaml document, checking every type and mode."""
    if not isinstance(document, dict):
        raise DataError("PLOVER lexicon: expected a mapping at the top level")
    wrappers: dict[str, Entry] = {}
    for ptype, words in (document.get("wrappers") or {}).items():
        entry = _entry(str(ptype), "wrappers")
        for word in _words(words, f"wrappers.{ptype}"):
            wrappers[word] = entry
    pairs: dict[tuple[str, str], Entry] = {}
    for word, entry in _table(document.get("pairs") or {}, "pairs").items():
        parts = word.split()
        if len(parts) != 2:
            raise DataError(f"PLOVER lexicon: pair {word!r} must be two lemmas, verb then noun")
        pairs[(parts[0], parts[1])] = entry
    names = {p.name for p in taxonomy.plover_types()}
    flips: dict[str, dict[str, str]] = {}
    for section in ("negated", "future"):
        raw = document.get(section) or {}
        if not isinstance(raw, dict) or not set(raw) | set(raw.values()) <= names:
            raise DataError(f"PLOVER lexicon: {section} must map PLOVER types to PLOVER types")
        flips[section] = {str(k): str(v) for k, v in raw.items()}
    return Lexicon(
        light=frozenset(_words(document.get("light") or [], "light")),
        reporting=frozenset(_words(document.get("reporting") or [], "reporting")),
        wrappers=wrappers,
        clause_wrappers=frozenset(_words(document.get("clause_wrappers") or [], "clause_wrappers")),
        verbs=_table(document.get("verbs") or {}, "verbs"),
        pairs=pairs,
        nouns=_table(document.get("nouns") or {}, "nouns"),
        negated=flips["negated"],
        future=flips["future"],
        accusing_requests=frozenset(_words(document.get("accusing_requests") or [], "accusing_requests")),
        directives=frozenset(_words(document.get("directives") or [], "directives")),
        obliging=frozenset(_words(document.get("obliging") or [], "obliging")),
        obliged_types=frozenset(w.upper() for w in _words(document.get("obliged_types") or [], "obliged_types")),
        peacekeeping=frozenset(_words(document.get("peacekeeping") or [], "peacekeeping")),
        verbal_attack=frozenset(_words(document.get("verbal_attack") or [], "verbal_attack")),
        protesters=frozenset(_words(document.get("protesters") or [], "protesters")),
        joint=frozenset(_words(document.get("joint") or [], "joint")),
    )


@cache
def load_lexicon() -> Lexicon:
    """Load the shipped PLOVER lexicon once per process."""
    resource = resources.files("frontline").joinpath("data", "plover", _LEXICON)
    try:
        document = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"PLOVER lexicon cannot be read ({exc}): reinstall frontline") from exc
    lexicon = parse_lexicon(document)
    log.debug("PLOVER lexicon: %d verbs, %d pairs, %d nouns", len(lexicon.verbs), len(lexicon.pairs), len(lexicon.nouns))
    return lexicon


# ----- reading one predicate


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _noun_entry(token: Token, lexicon: Lexicon) -> Entry | None:
    """Return a noun's entry, trying its hyphenated ("cease-fire") and compound ("war game") forms first."""
    doc = token.doc
    keys = []
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ and not doc[token.i - 2].whitespace_:
        keys.append(f"{doc[token.i - 2].lower_}-{_lemma(token)}")
    keys.extend(f"{c.lower_} {_lemma(token)}" for c in token.children if c.dep_ == "compound")
    keys.append(_lemma(token))
    return next((lexicon.nouns[k] for k in keys if k in lexicon.nouns), None)


def _carriers(token: Token) -> list[Token]:
    """Return the word and, for a to-clause under a plain verb ("will not go to meet"), its head."""
    if token.dep_ in ("xcomp", "advcl") and token.head.i != token.i and token.head.pos_ in ("VERB", "AUX"):
        return [token, token.head]
    # "will release X and lift Y": the second verb shares the first's auxiliaries.
    if token.dep_ == "conj" and not any(c.dep_ in ("aux", "nsubj") for c in token.children):
        return [token, token.head]
    return [token]


def _is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ in ("advmod", "neg") and c.lower_ in _NEGATIONS)
               for t in _carriers(token) for c in t.children)


def _is_future(token: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for t in _carriers(token) for c in t.children):
        return True
    # "is going to release": the going carries the tense.
    head = token.head
    return token.dep_ == "xcomp" and _lemma(head) == "go" and any(c.dep_ == "aux" for c in head.children)


def _is_when(token: Token) -> bool:
    """Return whether a word is a date or time ("on Monday", "in March"), never an act."""
    return token.ent_type_ in _WHEN_ENTITIES


def _is_obliged(token: Token, lexicon: Lexicon) -> bool:
    """Return whether an auxiliary puts the act as an obligation ("must withdraw", "must be ready to")."""
    holders = [token, token.head] if token.dep_ in ("acomp", "xcomp") else _carriers(token)
    return any(c.dep_ == "aux" and c.lower_ in lexicon.obliging for h in holders for c in h.children)


def _root(plover_type: str, mode: str | None = None) -> str:
    root = taxonomy.plover_to_cameo(plover_type, mode)
    if root is None:
        raise DataError(f"no CAMEO root for PLOVER type {plover_type}: check data/taxonomy/plover.yaml")
    return root


def _make(plover_type: str, token: Token, trigger: str, rule: str, *, negated: bool = False,
          future: bool = False) -> PloverCoding:
    """Return a coding of `token` as a bare type (no mode), at the type's own CAMEO root."""
    return PloverCoding(plover_type, None, _root(plover_type), trigger, rule, negated, future, token.idx,
                        token.idx + len(token.text))


def _request(token: Token, trigger: str, rule: str) -> PloverCoding:
    return _make("REQUEST", token, trigger, rule)


def _objects(token: Token) -> list[Token]:
    """Return the nouns that complete a verb: objects, prepositional objects and their conjuncts."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in _OBJECT_DEPS and child.pos_ in _NOUN_POS | {"PRON", "NUM"}:
            out.append(child)
        elif child.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and child.pos_ == "ADJ":
            out.append(child)  # "found him guilty"
        elif child.dep_ in ("prep", "agent") and child.lower_ not in _SETTING_PREPS:
            out.extend(g for g in child.children if g.dep_ == "pobj")
    for noun in list(out):
        out.extend(c for c in noun.conjuncts if c.pos_ in _NOUN_POS)
    return out


def _verb_keys(token: Token) -> list[str]:
    lemma = _lemma(token)
    keys = [f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt"]
    keys.extend(f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prep")
    keys.append(lemma)
    return keys


def _complement(token: Token, lexicon: Lexicon) -> list[Token]:
    """Return the words holding the act a wrapper verb governs (clause, object or for/on phrase); empty if none."""
    preps = [g for c in token.children if c.dep_ == "prep" and c.lower_ in _WRAPPER_PREPS
             for g in c.children if g.dep_ in ("pobj", "pcomp") and not _is_when(g)]
    clauses = [c for c in token.children if c.dep_ in _CLAUSE_DEPS]
    objects = [c for c in token.children if c.dep_ in ("dobj", "dative")]
    if token.lower_ in lexicon.clause_wrappers or _lemma(token) in lexicon.clause_wrappers:
        # "called the president to congratulate him" is a call, "called on/for ..." a request;
        # "summoned the envoy to the ministry" names a place, not an act.
        preps = [p for p in preps if p.head.lower_ in ("for", "on")]
        return preps + (clauses if not objects else [])
    return preps + clauses + objects


def _asks_punishment(words: Sequence[Token], lexicon: Lexicon) -> bool:
    for word in words:
        if _lemma(word) in lexicon.accusing_requests:
            return True
        if word.pos_ in _PREDICATE_POS and any(_lemma(o) in lexicon.accusing_requests for o in _objects(word)):
            return True
    return False


def _coding(entry: Entry, token: Token, trigger: str, rule: str, lexicon: Lexicon, *, flip: bool = True) -> PloverCoding | None:
    negated, future = _is_negated(token), _is_future(token)
    ptype, mode, cameo = entry.plover_type, entry.plover_mode, entry.cameo_root
    if flip and not negated and ptype in lexicon.obliged_types and _is_obliged(token, lexicon):
        return _request(token, trigger, rule)
    if flip and negated:
        if ptype not in lexicon.negated:
            return None  # "did not attack" reports no act
        ptype, mode = lexicon.negated[ptype], None
    elif flip and future and ptype in lexicon.future:
        ptype, mode = lexicon.future[ptype], None
    if ptype != entry.plover_type:
        cameo = _root(ptype)
    return PloverCoding(ptype, mode, cameo, trigger, rule, negated, future, token.idx, token.idx + len(token.text))


def read_predicate(token: Token, lexicon: Lexicon | None = None) -> PloverCoding | None:
    """Return the act one word names (a verb with its complements, or an event noun), if any."""
    lex = lexicon or load_lexicon()
    if token.pos_ in _NOUN_POS:
        return _read_noun(token, lex)
    if token.pos_ not in _PREDICATE_POS:
        return None
    lemma = _lemma(token)
    # A phrasal verb is its own word: "call off a strike" is no call for a strike.
    particles = (f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt")
    phrasal = next((lex.verbs[k] for k in particles if k in lex.verbs), None)
    if phrasal is not None:
        return _coding(phrasal, token, lemma, "verb", lex)
    objects = _objects(token)
    for obj in objects:
        pair = lex.pairs.get((lemma, _lemma(obj)))
        if pair is not None:
            return _errand(token, _coding(pair, token, f"{lemma} {_lemma(obj)}", "pair", lex), lex)
    clauses = [c for c in token.children if c.dep_ in _CLAUSE_DEPS]
    if lemma in lex.directives and clauses and (any(c.dep_ == "dobj" for c in token.children) or clauses[0].tag_ == "VBN"):
        # An order to coerce ("ordered the paper to suspend publication", "ordered them jailed")
        # is the coercion itself; any other order asks its object to act.
        ordered = read_predicate(clauses[0], lex)
        if ordered is not None and ordered.plover_type == "COERCE":
            return ordered
        return _request(token, lemma, "directive")
    complement = _complement(token, lex) if lemma in lex.wrappers else []
    if complement:
        return _read_wrapper(token, complement, lex)
    if lemma in lex.light:
        nouns = [o for o in objects if o.pos_ in _NOUN_POS and not _is_when(o)]
        # "launched a mediation effort": the act is the modifier of a vague head noun.
        nouns += [c for o in nouns for c in o.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        for obj in nouns:
            noun = _noun_entry(obj, lex)
            if noun is not None:
                return _coding(_joint(_verbal(noun, obj, lex), obj, token, lex), token, f"{lemma} {_lemma(obj)}", "light", lex)
    if lemma in lex.reporting or token.pos_ == "ADJ":
        return None  # adjectives count only as wrappers ("ready to", "willing to")
    for key in _verb_keys(token):
        verb = lex.verbs.get(key)
        if verb is not None:
            found = _errand(token, _coding(verb, token, key, "verb", lex), lex)
            if found is not None and found.plover_type in ("ASSAULT", "COERCE") and _by_protesters(token, lex):
                mode = "riot" if found.plover_type == "ASSAULT" else "obstruct"
                return PloverCoding("PROTEST", mode, _root("PROTEST"), key, "verb", found.negated, found.future,
                                    found.start, found.end)
            return found
    return None


def _read_noun(token: Token, lexicon: Lexicon) -> PloverCoding | None:
    # A noun modifying another ("the gulf war allies") or a date names no act.
    if _is_when(token) or token.dep_ in ("compound", "poss"):
        return None
    entry = _noun_entry(token, lexicon)
    if entry is None:
        return None
    entry = _joint(_verbal(entry, token, lexicon), token, token.head, lexicon)
    return _coding(entry, token, _lemma(token), "noun", lexicon, flip=False)


def _read_wrapper(token: Token, complement: Sequence[Token], lexicon: Lexicon) -> PloverCoding | None:
    """Return the act of a wrapper verb with its complement ("agreed to withdraw", "called for talks")."""
    lemma = _lemma(token)
    entry = lexicon.wrappers[lemma]
    if entry.plover_type == "AGREE":
        for word in complement:
            if word.dep_ in _CLAUSE_DEPS and lemma not in _SETTLING:
                intended = read_predicate(word, lexicon)
                if intended is not None and intended.plover_type in _FORCE_TYPES:
                    return _make("THREATEN", token, lemma, "wrapper", future=True)
            noun = lexicon.nouns.get(_lemma(word)) if word.dep_ in ("dobj", "dative") else None
            if noun is not None and noun.plover_type in _OWN_TYPE_OBJECTS:
                return _coding(noun, token, f"{lemma} {_lemma(word)}", "light", lexicon, flip=False)
    if entry.plover_type == "REQUEST" and _asks_punishment(complement, lexicon):
        return _make("ACCUSE", token, lemma, "wrapper")
    if _is_negated(token):
        flipped = lexicon.negated.get(entry.plover_type)
        return _make(flipped, token, lemma, "wrapper", negated=True) if flipped else None
    # A request's or refusal's mode is the verb's own where the lexicon gives one.
    own = lexicon.verbs.get(lemma)
    if own is not None and own.plover_type == entry.plover_type:
        entry = own
    if entry.plover_type in lexicon.obliged_types and _is_obliged(token, lexicon):
        return _request(token, lemma, "wrapper")
    return PloverCoding(entry.plover_type, entry.plover_mode, entry.cameo_root, lemma, "wrapper", False,
                        _is_future(token), token.idx, token.idx + len(token.text))


def _errand(token: Token, found: PloverCoding | None, lexicon: Lexicon) -> PloverCoding | None:
    """Return what a call or mission was for where that is the act ("called him to congratulate him")."""
    if found is None or found.plover_type not in _ERRAND_TYPES:
        return found
    for child in token.children:
        if child.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            purpose = read_predicate(child, lexicon)
            if purpose is not None and purpose.plover_type in _ERRAND_TYPES[found.plover_type]:
                return purpose
    return found


def _by_protesters(verb: Token, lexicon: Lexicon) -> bool:
    return any(c.dep_ == "nsubj" and _lemma(c) in lexicon.protesters for c in verb.children)


def _joint(entry: Entry, noun: Token, verb: Token, lexicon: Lexicon) -> Entry:
    """Return cooperation for a show of force held together ("joint drills", "A and B held exercises")."""
    if entry.plover_type != "MOBILIZE":
        return entry
    together = any(c.dep_ == "amod" and c.lower_ in lexicon.joint for c in noun.children)
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    together = together or any(any(g.dep_ == "conj" for g in d.children) for d in doers)
    partners = [g for c in (*verb.children, *noun.children) if c.dep_ == "prep" and c.lower_ == "with"
                for g in c.children if g.dep_ == "pobj"]
    together = together or any(g.pos_ == "PROPN" or g.ent_type_ in _ACTOR_ENTITIES for g in partners)
    return lexicon.nouns.get("cooperation", entry) if together else entry


def _verbal(entry: Entry, noun: Token, lexicon: Lexicon) -> Entry:
    """Return the entry for an event noun, reading a "scathing attack" as criticism."""
    if entry.plover_type == "ASSAULT" and any(c.dep_ == "amod" and c.lower_ in lexicon.verbal_attack for c in noun.children):
        return lexicon.verbs.get("criticize", entry)
    return entry


def _peacekeeping(coding: PloverCoding | None, sent: Span, lexicon: Lexicon) -> PloverCoding | None:
    if coding is None or coding.plover_type != "MOBILIZE":
        return coding
    if not any(_lemma(t) in lexicon.peacekeeping or t.lower_ in lexicon.peacekeeping for t in sent):
        return coding
    return PloverCoding("AID", None, _root("AID"), coding.trigger, coding.rule, coding.negated, coding.future,
                        coding.start, coding.end)


# ----- choosing the predicate


def _walk(start: Token, lexicon: Lexicon, seen: set[int]) -> Iterator[Token]:
    """Yield tokens from `start` down, complements before modifiers, each once."""
    stack = [start]
    while stack:
        token = stack.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        yield token
        children = sorted(token.children, key=lambda c: (_WALK_ORDER.get(c.dep_, 10), c.i))
        # A reporting verb's own subject and objects are the speaker and audience, not the act.
        if _lemma(token) in lexicon.reporting:
            children = [c for c in children if c.dep_ in _CLAUSE_DEPS] + [c for c in children if c.dep_ not in _CLAUSE_DEPS]
        stack.extend(reversed(children))


def _ancestors(token: Token) -> list[Token]:
    out = [token]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def _path(source: Token, target: Token) -> list[Token]:
    """Return the dependency path between two words, their lowest common ancestor first."""
    up_s, up_t = _ancestors(source), _ancestors(target)
    on_t = [t.i for t in up_t]
    at_s = next((k for k, t in enumerate(up_s) if t.i in on_t), None)
    if at_s is None:
        return list(reversed(up_t))
    common = up_s[at_s]
    at_t = on_t.index(common.i)
    below_t = list(reversed(up_t[:at_t]))
    below_s = list(reversed(up_s[:at_s]))
    return [common, *below_t, *below_s]


def code_sentence(sent: Span, *, source: Span | None = None, target: Span | None = None,
                  lexicon: Lexicon | None = None) -> PloverCoding | None:
    """Return the PLOVER coding of a sentence's act; None when the lexicon finds no act.

    With `source` and `target` (spans of the same doc), the act is looked for on the dependency
    path between them first.
    """
    lex = lexicon or load_lexicon()
    root = sent.root
    seen: set[int] = set()
    starts: list[Token] = []
    if source is not None and target is not None and len(source) and len(target):
        path = _path(source.root, target.root)
        for token in path:
            found = read_predicate(token, lex)
            if found is not None:
                return _peacekeeping(found, sent, lex)
        # No word on the path names an act: read on below its top, then from the sentence root.
        starts.append(path[0])
    starts.append(root)
    for start in starts:
        for token in _walk(start, lex, seen):
            found = read_predicate(token, lex)
            if found is not None:
                return _peacekeeping(found, sent, lex)
    return None


def code_doc(doc: Doc, *, source: tuple[int, int] | None = None, target: tuple[int, int] | None = None,
             lexicon: Lexicon | None = None) -> PloverCoding | None:
    """Return the coding of a parsed text: the marked sentence's act, else the first sentence's that has one.

    `source` and `target` are character offsets (start, end) of the act's source and target.
    """
    src = doc.char_span(*source, alignment_mode="expand") if source else None
    tgt = doc.char_span(*target, alignment_mode="expand") if target else None
    if src is not None and tgt is not None:
        return code_sentence(src.sent, source=src, target=tgt, lexicon=lexicon)
    for sent in doc.sents:
        found = code_sentence(sent, lexicon=lexicon)
        if found is not None:
            return found
    return None


def coding_of_event(event: Event) -> PloverCoding | None:
    """Return the PLOVER coding an extracted event carries (its ACLED crosswalk), if any."""
    if not event.plover_type:
        return None
    cameo = event.cameo_root or taxonomy.plover_to_cameo(event.plover_type, event.plover_mode)
    if cameo is None:
        return None
    return PloverCoding(event.plover_type, event.plover_mode, cameo, event.trigger or "", "extractor")


def combine(coding: PloverCoding | None, events: Iterable[Event]) -> PloverCoding | None:
    """Return the lexicon's coding, letting the extractor's violent act stand where it is no more specific.

    The extractor reads violence with ACLED's finer rules (and modes), so its ASSAULT wins over a
    lexicon ASSAULT or no coding at all; a non-violent act the lexicon names wins over it.
    """
    violent = next((c for c in map(coding_of_event, events) if c is not None and c.plover_type == "ASSAULT"), None)
    if violent is not None and (coding is None or coding.plover_type == "ASSAULT"):
        return violent
    if coding is not None:
        return coding
    return next((c for c in map(coding_of_event, events) if c is not None), None)


def code_texts(texts: Sequence[str], *, batch_size: int = 64) -> list[PloverCoding | None]:
    """Parse and code many texts with the shared pipeline (no extractor)."""
    from frontline.nlp import load_nlp

    nlp = load_nlp()
    lexicon = load_lexicon()
    return [code_doc(doc, lexicon=lexicon) for doc in nlp.pipe(texts, batch_size=batch_size)]


def code_text(text: str) -> PloverCoding | None:
    """Parse and code one text."""
    return code_texts([text])[0]


def lexicon_roots() -> frozenset[str]:
    """Return the CAMEO roots the lexicon can emit (flips included)."""
    lex = load_lexicon()
    roots = {e.cameo_root for table in (lex.verbs, lex.nouns, lex.wrappers) for e in table.values()}
    roots.update(e.cameo_root for e in lex.pairs.values())
    roots.update(r for t in (*lex.negated.values(), *lex.future.values()) if (r := taxonomy.plover_to_cameo(t)))
    return frozenset(roots)
