"""Choose where an act happened among the places a report names."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence

from anyascii import anyascii
from spacy.tokens import Doc, Span, Token

from frontline.events.reading import DocState
from frontline.geo import Toponym, relative_location
from frontline.geo.unknown import UNKNOWN_IN_UNIT, UNKNOWN_SETTLEMENT, locate_unknown
from frontline.model import UNKNOWN_PLACE_PREFIX, Location, Place, replace

log = logging.getLogger(__name__)

def inside_actor(toponym: Toponym, state: DocState) -> bool:
    """Return whether a toponym sits inside an actor's name ("Syrian Democratic Forces", "Deir ez-Zor 24")."""
    for mention in {id(m): m for m in state.actor_at.values()}.values():
        if mention.start <= toponym.start and toponym.end <= mention.end and mention.end - mention.start > toponym.end - toponym.start:
            return True
    return False


def document_focus(state: DocState) -> Location | None:
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


def choose_location(trigger: Token, sent: Span, state: DocState, paragraph: int, *, own_clause: bool = False) -> Location | None:
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
    unknown = _unknown_in_clause(clause, sent, state, in_sentence, best)
    if unknown is not None:
        return unknown
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


# Finer than these, a known place beats a name the gazetteer lacks; coarser, the unknown name is the act's place.
_COARSE_CODES = frozenset({"ADM1", "ADM2", "ADM3", "RGN", "AREA"})


def _unknown_in_clause(
    clause: set[int], sent: Span, state: DocState, in_sentence: Sequence[Toponym], best: Toponym | None
) -> Location | None:
    """Place the act at a place its clause names that the gazetteer lacks, kept by name at the finest unit given.

    "seized control of Samlin in northern Dar'a countryside": Samlin is the act's place; the
    province only says where to look for it. Only when no known town or site is the act's own.
    """
    names = [u for u in state.unresolved if sent.start_char <= u.start < sent.end_char and any(u.start <= i < u.end for i in clause)]
    if not names:
        return None
    # "the village of X", "X near Al-Bab": the text itself says X is the finer place.
    placed = [u for u in names if u.reason in (UNKNOWN_SETTLEMENT, UNKNOWN_IN_UNIT)]
    if not placed and best is not None and best.place is not None and any(best.start <= i < best.end for i in clause):
        code = best.place.feature_code
        if not (code in _COARSE_CODES or code.startswith("PCL") or best.place.feature_class == "H"):
            return None  # a known place in the clause itself beats a name only the parser calls a place
    name = min(placed or names, key=lambda u: u.start)
    shifted = [replace(t, start=t.start - sent.start_char, end=t.end - sent.start_char) for t in in_sentence]
    found = locate_unknown(name.text, sent.text, shifted, start=name.start - sent.start_char,
                           country=state.pack.countries[0] if state.pack.countries else None)
    if found is None:
        return None
    unit = found.unit
    place = Place(
        gazetteer_id=f"{UNKNOWN_PLACE_PREFIX}{(unit.country or '').lower()}:{_slug(name.text)}",
        name=name.text, latitude=found.latitude, longitude=found.longitude, feature_class="P", feature_code="PPL",
        country=unit.country, admin1=unit.admin1, admin1_code=unit.admin1_code,
    )
    relation = f"{found.relation} {unit.name}" if found.relation else f"in {unit.name}"
    return Location(place, found.geo_precision, found.latitude, found.longitude, mention=name.text, relation=relation)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")


def _listed_unknown(trigger: Token, location: Location, sent: Span, state: DocState) -> list[Location]:
    """Return the other unknown places listed with an unknown one ("the Mirkan and Sino villages"), at the same unit."""
    clause = trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("pobj", "dobj") else trigger
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    names = sorted((u for u in state.unresolved if lo <= u.start < hi and sent.start_char <= u.start < sent.end_char),
                   key=lambda u: u.start)
    at = next((k for k, u in enumerate(names) if u.text == location.mention), None)
    if at is None:
        return []
    text = state.document.text
    members: list[Toponym] = []
    for step in (-1, 1):
        k = at
        while 0 <= k + step < len(names):
            a, b = (names[k + step], names[k]) if step < 0 else (names[k], names[k + step])
            if not all(w.lower() in _LIST_GLUE for w in _WORD.findall(text[a.end : b.start])):
                break
            members.append(names[k + step])
            k += step
    prefix = location.place.gazetteer_id.rsplit(":", 1)[0]
    out = []
    for member in sorted(members, key=lambda u: u.start):
        place = replace(location.place, gazetteer_id=f"{prefix}:{_slug(member.text)}", name=member.text)
        out.append(replace(location, place=place, mention=member.text))
    return out


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


def _previous_town(state: DocState, parsed: Doc, before: int, paragraph: int) -> Location | None:
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


# Words that may stand between the names of a list of places ("the villages of A, B and C, as well
# as the town of D"): anything else ends the list.
_LIST_GLUE = frozenset({
    ",", "and", "&", "as", "well", "also", "the", "of", "both", "including", "plus", "towns", "town", "villages", "village",
    "settlement", "settlements", "city", "cities", "neighbourhood", "neighbourhoods", "neighborhood", "neighborhoods",
    "district", "districts", "hill", "hills", "hamlet", "hamlets", "area", "areas", "farms", "base", "bases",
})
_WORD = re.compile(r"\w+|[^\w\s]")
_SITE_CODES = frozenset({"AIRB", "MILB", "PPLX", "DAM", "OILF", "GASF", "PSTB", "CMP"})


def _site_class(top: Toponym) -> str:
    """Return what sort of place a toponym is, for lists that name places of one sort."""
    place = top.place
    if place is None:
        return "?"
    if place.feature_class == "P" or place.feature_code in _SITE_CODES:
        return "site"
    if place.feature_code in ("ADM1", "ADM2", "ADM3"):
        return "region"
    return "other"


def listed_places(trigger: Token, location: Location | None, sent: Span, state: DocState) -> list[Location]:
    """Return the other places an act's chosen place is listed with ("captured A, B and C": one event each).

    ACLED codes one event per location: a capture of three villages is three events. The list is
    read from the text between names (only commas, "and", "as well as" and words like "the villages
    of" may stand there) and must lie in the act's own clause.
    """
    if location is not None and not location.place.known:
        return _listed_unknown(trigger, location, sent, state)
    if location is None or location.relation or location.distance_km:
        return []
    in_sentence = sorted((t for t in state.toponyms if sent.start_char <= t.start < sent.end_char and t.place is not None), key=lambda t: t.start)
    clause = trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("pobj", "dobj") else trigger
    lo = clause.left_edge.idx
    hi = clause.right_edge.idx + len(clause.right_edge)
    at = next((k for k, t in enumerate(in_sentence) if t.place is not None and t.place.gazetteer_id == location.place.gazetteer_id and lo <= t.start < hi), None)
    if at is None:
        return []
    kind = _site_class(in_sentence[at])
    if kind not in ("site", "region"):
        return []
    text = state.document.text
    members: list[Toponym] = []
    for step in (-1, 1):
        k = at
        while 0 <= k + step < len(in_sentence):
            a, b = (in_sentence[k + step], in_sentence[k]) if step < 0 else (in_sentence[k], in_sentence[k + step])
            nxt = in_sentence[k + step]
            if not (lo <= nxt.start < hi) or _site_class(nxt) != kind:
                break
            if not all(w.lower() in _LIST_GLUE for w in _WORD.findall(text[a.end : b.start])):
                break
            members.append(nxt)
            k += step
    seen = {location.place.gazetteer_id}
    out: list[Location] = []
    for top in sorted(members, key=lambda t: t.start):
        if top.place is None or top.place.gazetteer_id in seen:
            continue
        seen.add(top.place.gazetteer_id)
        precision = 3 if kind == "region" else 1
        out.append(Location(top.place, precision, top.place.latitude, top.place.longitude, top.text))
    return out
