"""Values the geoparser hands out: mentions found in a text and toponyms resolved against the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass

from frontline.model import Place


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that may name a place, before resolution.

    `query` is the name to look up (the mention minus words like "Province" or "city");
    `hint` says what the surrounding words tell about the feature: "admin" for "X Province",
    "city" for "X city" / "the city of X", "country", "water", "demonym", or "".
    """

    start: int
    end: int
    text: str
    query: str
    kind: str  # "gazetteer", "ner", "demonym", "pattern"
    hint: str = ""
    label: str = ""  # the NER label when spaCy saw it, else ""
    weight: float = 1.0  # how sure recognition is that this names a place


@dataclass(frozen=True, slots=True)
class Toponym:
    """One place mention in a text, resolved (or not) to a gazetteer entry, with its explanation."""

    start: int
    end: int
    text: str
    place: Place | None
    score: float
    reason: str
    kind: str
