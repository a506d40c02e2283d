"""Choose where an act happened among the places a report names."""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence

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


# Degrees around a theatre's box within which a place abroad may still be where its acts happen
# (a border town across the line, a city a front runs through).
_THEATRE_MARGIN_DEG = 1.0
_THEATRE_POP = 1_000_000  # a city the world writes about is no namesake, however far


def theatre_toponym(top: Toponym, state: DocState) -> Toponym | None:
    """Return `top` as the report's theatre reads it: a namesake there for a place abroad, None for a far place.

    The geoparser resolves without knowing the report's theatre, so "Palmyra" can become a town in
    Pennsylvania and "Saba" a state of Malaysia. A place outside the theatre's countries yields to
    a place of the same name inside them; with none, a small place far outside the theatre's box
    is not where the act happened. Countries and places inside the theatre stay as they are.
    """
    place = top.place
    countries = tuple(state.pack.countries)
    if place is None or not countries or not place.country or place.country in countries:
        return top
    if place.feature_code.startswith("PCL") or place.feature_class == "P" and (
            place.feature_code == "PPLC" or place.population >= _THEATRE_POP):
        return top  # a country, a capital or a city the world writes about is meant as itself
    box = state.pack.bbox
    m = _THEATRE_MARGIN_DEG
    near = box is not None and box[0] - m <= place.longitude <= box[2] + m and box[1] - m <= place.latitude <= box[3] + m
    home = _home_exact(_name_of(top.text), countries)
    if home:
        return replace(top, place=home[0], reason=f"{top.reason}; theatre namesake of {place.name}, {place.country}")
    return top if near or box is None else None


def _name_of(text: str) -> str:
    return re.sub(r"['’]s$", "", re.sub(r"^the\s+", "", text, flags=re.IGNORECASE))


def _theatre_toponyms(toponyms: Sequence[Toponym], state: DocState) -> list[Toponym]:
    out = []
    for top in toponyms:
        seen = theatre_toponym(top, state)
        if seen is not None:
            out.append(seen)
    return out


def document_focus(state: DocState) -> Location | None:
    """Return the most-mentioned town of the report: where an act with no place of its own most likely was."""
    towns = [t for t in _theatre_toponyms(state.toponyms, state) if t.place is not None and t.place.feature_class == "P"]
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
    in_sentence = _theatre_toponyms([t for t in state.toponyms if sent.start_char <= t.start < sent.end_char], state)
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
        if code.startswith("PCL") and state.pack.countries and top.place.country not in state.pack.countries:
            score -= 2  # "airstrike by U.S. allies" in a Yemen report: a country abroad is mostly an actor's home
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
        before = _theatre_toponyms([t for t in state.toponyms if t.start < sent.start_char], state)
        named_at = max((t.start for t in before if town is not None and t.place is not None
                        and t.place.gazetteer_id == town.place.gazetteer_id), default=-1)
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
    spelled = _theatre_spelling(name.text, tuple(state.pack.countries))
    # A near spelling must lie where the text puts the place; the same name written alike need not.
    if spelled is not None and (found is None or _is_exact(spelled, name.text, state) or _within_unit(spelled, found.unit)):
        # "Khasham", "Ma'ar Shoreen": a spelling the recogniser missed of a place the theatre holds.
        return Location(spelled, 1, spelled.latitude, spelled.longitude, name.text)
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


_FUZZY_MIN = 0.88  # similarity of name keys above which two spellings in one country are one place
_FUZZY_MIN_CHARS = 5


@functools.lru_cache(maxsize=4096)
def _home_exact(name: str, countries: tuple[str, ...]) -> tuple[Place, ...]:
    """Return the best place named exactly `name` (by the gazetteer's keys) in the first of `countries` having one."""
    from frontline.geo.parse import gazetteer

    for country in countries:
        found = gazetteer().lookup(name, country=country, limit=1)
        if found:
            return tuple(found)
    return ()


@functools.lru_cache(maxsize=4096)
def _theatre_spelling(name: str, countries: tuple[str, ...]) -> Place | None:
    """Return the theatre's place that `name`, a name recognition left unresolved, is a spelling of.

    Only inside the theatre's countries: there a near spelling ("Ma'ar Shoreen" for Maar Shurin)
    is almost always the place meant, while worldwide it is a namesake. Type words and common
    words are no place names.
    """
    from frontline.geo.parse import gazetteer
    from frontline.geo.recognize import not_places

    words = name.lower().split()
    if not countries or not words or name.lower() in not_places() or all(w in _NOT_NAME_WORDS for w in words):
        return None
    gaz = gazetteer()
    found = _home_exact(name, countries)
    if found:
        return found[0]
    if len(name) < _FUZZY_MIN_CHARS:
        return None
    for country in countries:
        near = [p for p, sim in gaz.fuzzy(name, country=country, limit=3) if sim >= _FUZZY_MIN]
        if near:
            return near[0]
    return None


_UNIT_REACH_KM = 40.0  # how far from a town the text names a place "near" it may lie


def _within_unit(place: Place, unit: Place) -> bool:
    """Return whether `place` can be in or near `unit`, the area or town the text puts it in."""
    from frontline.geo.distance import haversine_km

    if unit.feature_code.startswith("PCL"):
        return place.country == unit.country
    if unit.feature_code == "ADM1":
        return place.country == unit.country and (not unit.admin1_code or place.admin1_code == unit.admin1_code)
    return haversine_km(place.latitude, place.longitude, unit.latitude, unit.longitude) <= _UNIT_REACH_KM


def _is_exact(place: Place, name: str, state: DocState) -> bool:
    """Return whether `place` is the theatre's place written exactly `name` (not a near spelling of it)."""
    return any(place.gazetteer_id == p.gazetteer_id for p in _home_exact(name, tuple(state.pack.countries)))


def _near_location(place: Place, location: Location) -> bool:
    """Return whether `place` can be a neighbour of `location`, a place it is listed with."""
    from frontline.geo.distance import haversine_km

    if location.geo_precision >= 3:
        return place.country == location.place.country and place.admin1_code == location.place.admin1_code
    return haversine_km(place.latitude, place.longitude, location.latitude, location.longitude) <= _UNIT_REACH_KM


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")


def _list_members(items: Sequence[Toponym], at: int, text: str, fits: Callable[[Toponym], bool]) -> list[Toponym]:
    """Return the names listed with items[at]: neighbours joined only by list words, while `fits` holds."""
    members: list[Toponym] = []
    for step in (-1, 1):
        k = at
        while 0 <= k + step < len(items):
            nxt = items[k + step]
            a, b = (nxt, items[k]) if step < 0 else (items[k], nxt)
            if not fits(nxt) or not all(w.lower() in _LIST_GLUE for w in _WORD.findall(text[a.end : b.start])):
                break
            members.append(nxt)
            k += step
    return members


def _listed_unknown(trigger: Token, location: Location, sent: Span, state: DocState) -> list[Location]:
    """Return the other unknown places listed with an unknown one ("the Mirkan and Sino villages"), at the same unit."""
    clause = trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("pobj", "dobj") else trigger
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    names = sorted((u for u in state.unresolved if lo <= u.start < hi and sent.start_char <= u.start < sent.end_char),
                   key=lambda u: u.start)
    at = next((k for k, u in enumerate(names) if u.text == location.mention), None)
    if at is None:
        return []
    members = _list_members(names, at, state.document.text, lambda _name: True)
    prefix = f"{UNKNOWN_PLACE_PREFIX}{(location.place.country or '').lower()}"
    out = []
    for member in sorted(members, key=lambda u: u.start):
        spelled = _theatre_spelling(member.text, tuple(state.pack.countries))
        if spelled is not None and (_is_exact(spelled, member.text, state) or _near_location(spelled, location)):
            out.append(Location(spelled, 1, spelled.latitude, spelled.longitude, member.text))
            continue
        if location.place.known:
            # Listed with a place the theatre holds ("Khasham and Jadeed Ekaidat"): near it.
            place = Place(gazetteer_id=f"{prefix}:{_slug(member.text)}", name=member.text, latitude=location.latitude,
                          longitude=location.longitude, feature_class="P", feature_code="PPL",
                          country=location.place.country, admin1=location.place.admin1,
                          admin1_code=location.place.admin1_code)
            out.append(Location(place, 2, location.latitude, location.longitude, member.text,
                                relation=f"near {location.place.name}"))
            continue
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
    for top in reversed(_theatre_toponyms([t for t in state.toponyms if t.start < before], state)):
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


# Capitalised words that name no place on their own ("The", "Five", "Back in northern Syria").
_NOT_NAME_WORDS = frozenset(
    "the a an this that these those one two three four five six seven eight nine ten back then there here "
    "north south east west northern southern eastern western central al el".split()
)
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


_SETTING_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:province|governorate|governate|countryside|oblast|region|state|district|desert)\b", re.IGNORECASE
)


def _is_setting(top: Toponym, text: str) -> bool:
    """Return whether a name is written as the area another place lies in ("the Ras al-Ain town of Hasakah province")."""
    return bool(_SETTING_AFTER.match(text, top.end))


def listed_places(trigger: Token, location: Location | None, sent: Span, state: DocState) -> list[Location]:
    """Return the other places an act's chosen place is listed with ("captured A, B and C": one event each).

    ACLED codes one event per location: a capture of three villages is three events. The list is
    read from the text between names (only commas, "and", "as well as" and words like "the villages
    of" may stand there) and must lie in the act's own clause.
    """
    if location is not None and (not location.place.known or any(
            u.text == location.mention and sent.start_char <= u.start < sent.end_char for u in state.unresolved)):
        return _listed_unknown(trigger, location, sent, state)
    if location is None or location.relation or location.distance_km:
        return []
    in_sentence = sorted((t for t in _theatre_toponyms([t for t in state.toponyms if sent.start_char <= t.start < sent.end_char], state)
                          if t.place is not None), key=lambda t: t.start)
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
    members = _list_members(
        in_sentence, at, text, lambda nxt: lo <= nxt.start < hi and _site_class(nxt) == kind and not _is_setting(nxt, text)
    )
    seen = {location.place.gazetteer_id}
    out: list[Location] = []
    for top in sorted(members, key=lambda t: t.start):
        if top.place is None or top.place.gazetteer_id in seen:
            continue
        seen.add(top.place.gazetteer_id)
        precision = 3 if kind == "region" else 1
        out.append(Location(top.place, precision, top.place.latitude, top.place.longitude, top.text))
    return out
