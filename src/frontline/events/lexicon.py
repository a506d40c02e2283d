"""The trigger lexicon: which tokens announce an act, and of what kind (package data, read once)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Token

from frontline.errors import DataError


class Kind(StrEnum):
    """What kind of act a trigger announces; the reader maps kinds to ACLED sub-event types."""

    CLASH = "clash"
    MOVEMENT = "movement"
    TERRITORY = "territory"
    SIEGE = "siege"
    SIEGE_BROKEN = "siege_broken"
    WITHDRAW = "withdraw"
    AIR = "air"
    SHELLING = "shelling"
    EXPLOSIVE = "explosive"
    SUICIDE = "suicide"
    ATTACK_CIV = "attack_civ"
    ABDUCT = "abduct"
    ARREST = "arrest"
    PROTEST = "protest"
    AGREEMENT = "agreement"
    OPERATIONS = "operations"
    CHEMICAL = "chemical"
    # Not written in the lexicon: a movement whose clause names no opponent (decided while reading).
    MOVEMENT_ONLY = "movement_only"


# The kinds a lexicon line may name.
KINDS = frozenset(k.value for k in Kind if k is not Kind.MOVEMENT_ONLY)


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One line of the lexicon."""

    kind: Kind
    pos: str
    lemmas: frozenset[str]
    preps: frozenset[str] | None = None
    objects: frozenset[str] | None = None
    place_object: bool = False
    needs_air: bool = False
    needs_suicide: bool = False
    not_with: frozenset[str] = frozenset()
    needs_words: frozenset[str] = frozenset()  # one of these must be near the trigger
    restates: bool = False  # without a named agent it may only restate an act told nearby


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All trigger rules plus the word lists that qualify them."""

    rules: tuple[TriggerRule, ...]
    air_words: frozenset[str]
    suicide_words: frozenset[str]
    hypothetical_heads: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    modal_words: frozenset[str]
    future_words: frozenset[str]
    subject_heads: frozenset[str] = frozenset()
    outcome_verbs: frozenset[str] = frozenset()
    hedge_words: frozenset[str] = frozenset()
    aim_nouns: frozenset[str] = frozenset()  # "the battle to retake X": what follows is the aim

    def candidates(self, lemma: str, pos: str) -> list[TriggerRule]:
        """Return rules whose lemma and part of speech fit a token."""
        return [r for r in self.rules if lemma in r.lemmas and (r.pos == "ANY" or r.pos == pos)]


def _words(raw: Any, field: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise DataError(f"trigger lexicon: {field} must be a list of words")
    return frozenset(w.lower() for w in raw)


@cache
def load_lexicon() -> Lexicon:
    """Read the English trigger lexicon shipped in the package."""
    text = (resources.files("frontline.data") / "lexicon" / "triggers_en.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    rules = []
    for i, raw in enumerate(data.get("triggers", [])):
        kind = raw.get("kind")
        if kind not in KINDS:
            raise DataError(f"trigger lexicon rule {i}: unknown kind {kind!r}")
        rules.append(
            TriggerRule(
                kind=Kind(kind),
                pos=raw.get("pos", "ANY"),
                lemmas=_words(raw.get("lemmas"), f"rule {i} lemmas"),
                preps=_words(raw["preps"], f"rule {i} preps") if "preps" in raw else None,
                objects=_words(raw["objects"], f"rule {i} objects") if "objects" in raw else None,
                place_object=bool(raw.get("place_object", False)),
                needs_air=bool(raw.get("needs_air", False)),
                needs_suicide=bool(raw.get("needs_suicide", False)),
                not_with=_words(raw.get("not_with"), f"rule {i} not_with"),
                needs_words=_words(raw.get("needs_words"), f"rule {i} needs_words"),
                restates=bool(raw.get("restates", False)),
            )
        )
    return Lexicon(
        rules=tuple(rules),
        air_words=_words(data.get("air_words"), "air_words"),
        suicide_words=_words(data.get("suicide_words"), "suicide_words"),
        hypothetical_heads=_words(data.get("hypothetical_heads"), "hypothetical_heads"),
        hypothetical_modifiers=_words(data.get("hypothetical_modifiers"), "hypothetical_modifiers"),
        modal_words=_words(data.get("modal_words"), "modal_words"),
        future_words=_words(data.get("future_words"), "future_words"),
        subject_heads=_words(data.get("subject_heads"), "subject_heads"),
        outcome_verbs=_words(data.get("outcome_verbs"), "outcome_verbs"),
        hedge_words=_words(data.get("hedge_words"), "hedge_words"),
        aim_nouns=_words(data.get("aim_nouns"), "aim_nouns"),
    )


def token_lemma(token: Token) -> str:
    """Return a lower-case lemma, mending the small model's habits with news vocabulary."""
    lemma = token.lemma_.lower()
    text = token.lower_
    if text in ("airstrikes", "air-strikes"):
        return "airstrike"
    if text.endswith("ing") and token.pos_ == "NOUN":
        return text  # "shelling", "fighting", "bombing" stay nouns
    return lemma
