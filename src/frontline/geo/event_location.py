"""Choose which place in a clause is where the act of a verb happened.

A sentence often names several places: where the shelling fell, where the shells came from, the
country of the army that fired them, the capital that condemned it. The place of the event is
usually attached to the verb (or to its object) by a locative preposition ("in", "near", "at",
"on the outskirts of"), sits close to the verb in the parse, and is the most specific place named.
Places that modify an actor ("Syrian troops", "the Damascus government") or mark an origin
("from Turkey") are rarely where the act happened.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from frontline.geo.types import Toponym

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from frontline.model import Location

log = logging.getLogger(__name__)

LOCATIVE = frozenset(
    "in at near on inside outside around across into onto throughout within between along off "
    "outskirts toward towards over through past beyond amid among by".split()
)
ORIGIN = frozenset({"from"})
# Nouns after which "of X" still places the act at X ("the outskirts of X", "the village of X").
PLACE_NOUNS = frozenset(
    "outskirts edge edges suburb suburbs city town village province region district area areas part parts "
    "countryside neighborhood neighbourhood centre center heart north south east west vicinity border "
    "capital camp base airport district streets street square market mosque hospital school bank "
    "headquarters home house university junction coast shop office embassy hotel restaurant church "
    "checkpoint station bridge road highway prison compound farm farms mountains desert".split()
)
NESTED_BONUS = 1.0  # "Khanasir town in the countryside of Aleppo": the inner, more specific place
ACTOR_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
MAX_HOPS = 6
# "the northern Hama countryside", "Homs desert", "the countryside of Idlib": a whole rural area,
# which yields to a village named with it ("Kawkab in the Hama countryside").
RURAL_PENALTY = 0.75
_RURAL_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:(?:north|south|east|west)(?:ern)?\s+)?(?:countryside|countrysides|desert)\b", re.IGNORECASE
)
_RURAL_BEFORE = re.compile(
    r"\b(?:countryside|desert)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)


def _root(span: "Span", start: int, end: int) -> "Token | None":
    """Return the syntactic head of the tokens covering characters [start, end) within `span`."""
    tokens = [t for t in span if t.idx < end and t.idx + len(t.text) > start]
    if not tokens:
        return None
    inside = set(t.i for t in tokens)
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[-1]


def _anchor(token: "Token") -> "Token":
    """Return the noun a place name modifies when that noun is a kind of place ("Khanasir" -> "town")."""
    if token.dep_ in ("compound", "amod", "nmod", "poss") and token.head.lower_ in PLACE_NOUNS:
        return token.head
    return token


def _path_to(token: "Token", target: "Token") -> list["Token"] | None:
    """Return the chain of heads from `token` up to `target`, or None when target is not an ancestor."""
    chain = [token]
    current = token
    for _ in range(MAX_HOPS):
        if current.i == target.i:
            return chain
        if current.head.i == current.i:
            return None
        current = current.head
        chain.append(current)
    return chain if current.i == target.i else None


def _preposition(token: "Token") -> str:
    """Return the preposition that introduces `token` ("in" for "in Homs"), or ""."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        return head.lower_
    if token.dep_ == "pobj":
        return head.lower_
    return ""


def _score(trigger: "Token", root: "Token", toponym: Toponym, span: "Span") -> tuple[float, list[str]]:
    score = 0.0
    why: list[str] = []
    prep = _preposition(root)
    # Walk up through "of" chains ("the outskirts of X") to the real preposition.
    climb = root
    hops = 0
    while prep == "of" and climb.head.head is not None and hops < 3:
        noun = climb.head.head
        if noun.lower_ not in PLACE_NOUNS:
            break
        climb = noun
        prep = _preposition(noun)
        hops += 1
    if prep in LOCATIVE:
        score += 2.0
        why.append(f"'{prep}' phrase")
    elif prep in ORIGIN:
        score -= 1.0
        why.append("origin")
    path = _path_to(climb, trigger)
    if path is not None:
        score += 1.5 - 0.2 * len(path)
        why.append(f"{len(path) - 1} arcs from verb")
    else:
        # Attached to the verb's subject or object ("the town in X was shelled") still counts a bit.
        up = _path_to(climb, trigger.head) if trigger.head.i != trigger.i else None
        if up is not None:
            score += 0.4
    if root.dep_ in ACTOR_DEPS and root.head.i != root.i and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head.lower_
        if head not in PLACE_NOUNS:
            score -= 1.5
            why.append(f"modifies '{head}'")
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.i == trigger.i:
        score -= 1.0
        why.append("subject")
    place = toponym.place
    if place is not None:
        if place.feature_class == "P":
            score += 0.5
        elif place.feature_code.startswith("PCL"):
            score -= 0.5
    if toponym.kind == "demonym":
        score -= 2.0
    distance = abs(root.i - trigger.i)
    score -= 0.03 * distance
    if root.i > trigger.i:
        score += 0.1
    return score, why


def rank_event_locations(
    span: "Span", trigger: "Token", toponyms: Sequence[Toponym]
) -> list[tuple[float, Toponym, str]]:
    """Return the toponyms inside `span` ranked by how likely each is where `trigger` happened."""
    start, end = span.start_char, span.end_char
    found: list[tuple[Toponym, "Token", float, list[str]]] = []
    for t in toponyms:
        if t.start < start or t.end > end:
            continue
        root = _root(span, t.start, t.end)
        if root is None:
            continue
        score, why = _score(trigger, root, t, span)
        found.append((t, root, score, why))
    # A place written as the setting of another ("X town in Y", "X neighbourhood of Y") yields to it.
    ranked: list[tuple[float, Toponym, str]] = []
    text = span.doc.text
    for t, root, score, why in found:
        if len(found) > 1 and (_RURAL_AFTER.match(text, t.end) or _RURAL_BEFORE.search(text[max(0, t.start - 40) : t.start])):
            score -= RURAL_PENALTY
            why = [*why, "rural area"]
        for other, other_root, _, _ in found:
            if other is t or other_root.i == root.i:
                continue
            other_root = _anchor(other_root)
            path = _path_to(root, other_root)
            if path is not None and 1 < len(path) <= 5 and any(x.dep_ == "prep" for x in path[1:]):
                score -= NESTED_BONUS / 2
                why = [*why, f"setting of {other.text}"]
            inner = _path_to(other_root, _anchor(root))
            if inner is not None and 1 < len(inner) <= 5 and any(x.dep_ == "prep" for x in inner[1:]):
                score += NESTED_BONUS
        ranked.append((score, t, "; ".join(why)))
    ranked.sort(key=lambda r: (-r[0], r[1].start))
    return ranked


def event_location(span: "Span", trigger: "Token", toponyms: Sequence[Toponym]) -> Toponym | None:
    """Return the toponym in `span` where the act at `trigger` happened, or None when none fits."""
    ranked = rank_event_locations(span, trigger, toponyms)
    if not ranked:
        return None
    return ranked[0][1]


# Feature classes precise enough to be an event's point: towns and their districts (P) and sites
# such as bases, dams and crossings (S).
_POINT_CLASSES = frozenset({"P", "S"})


def _specificity(loc: "Location") -> int:
    """Return 0 for a town, a site or "near X", 1 for a river, mountain or district, 2 for a province or wider."""
    if loc.geo_precision >= 3:
        return 2
    return 0 if loc.place.feature_class in _POINT_CLASSES else 1


def headline_location(text: str, toponyms: Sequence[Toponym], *, country: str | None = None) -> "Location | None":
    """Return where the event of a headline or one-line report happened, or None when it names no place.

    A headline is too terse to parse for the place of its verb ("Clashes in X and shelling on Y"):
    the most specific place wins (a town, a base or "near X" before a river or a region, before a
    province or a country), read with its relative words ("10 km west of X", "Hama northern
    countryside"); among equals, the first named, since headlines lead with their main event.
    With `country` (the country the report is about), places there come before places elsewhere,
    which in such a report are mostly misreadings or the home of an actor.
    """
    from frontline.geo.relative import relative_location

    resolved = [t for t in toponyms if t.place is not None and 0 <= t.start and t.end <= len(text)]
    if not resolved:
        return None
    located = relative_location(text, resolved, 0)
    if not located:
        return None
    home = (country or "").upper()

    def rank(k: int) -> tuple[int, int, int]:
        loc = located[k]
        abroad = int(bool(home) and bool(loc.place.country) and loc.place.country != home)
        return (abroad, _specificity(loc), k)

    return located[min(range(len(located)), key=rank)]
