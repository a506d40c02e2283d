"""The geoparser's entry points: recognise and resolve the places of whole documents."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from frontline.geo.recognize import (
    ADMIN_WORDS,
    CITY_WORDS,
    DISTRICT_WORDS,
    WATER_WORDS,
    gazetteer_mentions,
    recognize,
)
from frontline.geo.resolve import demonym_places, resolve
from frontline.geo.types import Mention, Toponym

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

CONTEXT_WEIGHT = 0.3
DOC_CONTEXT_WEIGHT = 0.3

# The parser is only needed for NER and sentence context; the lemmatizer costs time for nothing here.
_UNUSED_PIPES = ("lemmatizer",)


_INDEX_PATH: list[Any] = []  # set by use_index(); empty means the default index


@functools.cache
def gazetteer() -> Any:
    """Return the process-wide gazetteer, opened once."""
    from frontline.gazetteer import open_gazetteer

    return open_gazetteer(_INDEX_PATH[0], build=False) if _INDEX_PATH else open_gazetteer()


def use_index(path: Any) -> None:
    """Make the geoparser of this process read the index at `path` (an evaluation's own gazetteer)."""
    _INDEX_PATH[:] = [path]
    gazetteer.cache_clear()


@functools.cache
def shared_nlp() -> "Language":
    """Return the process-wide spaCy pipeline."""
    from frontline.nlp.pipeline import load_nlp

    return load_nlp()


def geoparse(
    doc: "Doc", *, country_hint: str | None = None, demonyms: bool = False, text: str | None = None
) -> list[Toponym]:
    """Return the resolved toponyms of a parsed document, resolved with document-level context.

    `text` is the string the document was parsed from, when the caller has it: Doc.text rebuilds
    the string from every token, which costs as much as the geoparsing of a long article.
    """
    gaz = gazetteer()
    if text is None:
        text = doc.text
    mentions = water_hints(text, recognize(text, gaz, doc, demonyms=demonyms), gaz)
    toponyms = resolve(mentions, gaz, text=text, country_hint=country_hint)
    return keep_to_theatre(mark_datelines(text, toponyms), gaz, country_hint)


# News agencies whose name follows a dateline: "Kyiv (AFP) -", "BEIRUT, Lebanon (AP) --".
_AGENCIES = (
    r"AFP|AP|Reuters|SANA|TASS|RIA(?: Novosti)?|Interfax(?:-Ukraine)?|Ukrinform|Anadolu|AA|UPI|dpa|DPA|"
    r"Xinhua|ANHA|ANF|IANS|PTI|EFE|ANSA|Al Jazeera|CNN|BBC|RFE/RL|Kyiv Independent|Sputnik|IRNA|Yonhap|NNA"
)
# A dateline opens a line: the place of writing in capitals, or in any case before an agency's name,
# then an optional ", country/date", the optional agency and a colon or a dash.
_DATELINE = re.compile(
    r"^[ \t]*(?:"
    r"(?P<caps>[A-Z][A-Z'’.\-]+(?:[ ][A-Z][A-Z'’.\-]+){0,3})(?:,[ ]*[^\n:—–(]{1,40}?)?[ ]*(?:\((?:" + _AGENCIES + r")[^)\n]{0,20}\))?"
    r"|(?P<title>[A-Z][\w'’.\-]+(?:[ ][A-Z][\w'’.\-]+){0,2})(?:,[ ]*[^\n:—–(]{1,40}?)?[ ]*\((?:" + _AGENCIES + r")[^)\n]{0,20}\)"
    r")[ ]*(?::|-{1,2}|—|–)(?=\s)",
    re.MULTILINE,
)
DATELINE_KIND = "dateline"


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of the datelines and bylines that open the text's lines ("MOSCOW:", "Kyiv (AFP) -")."""
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text)]


def mark_datelines(text: str, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """Give the toponyms of a dateline the kind "dateline": the place of writing, not of an event.

    They stay resolved (a Kyiv dateline is evidence that the report is about Ukraine) but an event
    extractor must not place an event there on the dateline's strength.
    """
    spans = dateline_spans(text) if toponyms else []
    if not spans:
        return list(toponyms)
    return [
        replace(t, kind=DATELINE_KIND, reason=f"{t.reason}; dateline (place of writing)")
        if any(a <= t.start and t.end <= b for a, b in spans) else t
        for t in toponyms
    ]


_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def water_hints(text: str, mentions: Sequence[Mention], gaz: Any) -> list[Mention]:
    """Read "the Dnipro", "the Euphrates" as the river when the gazetteer holds a river of that name.

    A bare name after "the" is a river or a sea far more often than the town named after it
    ("crossed the Dnipro", "along the Euphrates"); without "the" the town keeps its usual chance.
    """
    out = []
    for m in mentions:
        written_the = m.text.lower().startswith("the ") or bool(_THE_BEFORE.search(text, max(0, m.start - 8), m.start))
        if not m.hint and m.kind not in ("demonym", "street") and written_the and any(
            p.feature_class == "H" for p in gaz.lookup(m.query, limit=10)
        ):
            m = replace(m, hint="water")
        out.append(m)
    return out


THEATRE_KM = 2000.0  # a small town this far from every place of the text's theatre is a namesake
THEATRE_POP = 1_000_000  # ... unless the world writes about it


def theatre_of(toponyms: Sequence[Toponym], country_hint: str | None = None) -> str | None:
    """Return the ISO2 code of the country a text is about: the hint, else the country of most of its places.

    A text has a theatre when at least three of its resolved place names (datelines aside) lie in
    one country and that country holds at least three quarters of them.
    """
    if country_hint:
        return country_hint.upper()
    counts: dict[str, int] = {}
    for t in toponyms:
        if t.place is not None and t.place.country and t.kind != DATELINE_KIND:
            counts[t.place.country] = counts.get(t.place.country, 0) + 1
    if not counts:
        return None
    cc, n = max(counts.items(), key=lambda kv: kv[1])
    return cc if n >= 3 and n >= 0.75 * sum(counts.values()) else None


def keep_to_theatre(toponyms: Sequence[Toponym], gaz: Any, country_hint: str | None = None) -> list[Toponym]:
    """Unresolve far namesakes outside the text's theatre (no Springfield, Illinois in a Ukraine report).

    A town in another country, over THEATRE_KM from every place the text names in its theatre, is
    kept out unless the text says so: it names that country, or a place there that is no such
    namesake, or the town is a capital or a city of a million. The mention stays, without a place.
    """
    from frontline.geo.distance import haversine_km
    from frontline.geo.resolve import is_country

    theatre = theatre_of(toponyms, country_hint)
    if theatre is None:
        return list(toponyms)
    home = [t.place for t in toponyms if t.place is not None and t.place.country == theatre]
    if not home:
        country = gaz.country(theatre)
        home = [country] if country is not None else []
    if not home:
        return list(toponyms)

    def far(t: Toponym) -> bool:
        p = t.place
        if p is None or not p.country or p.country == theatre or p.feature_class != "P":
            return False
        if p.feature_code == "PPLC" or p.population >= THEATRE_POP:
            return False
        return min(haversine_km(p.latitude, p.longitude, h.latitude, h.longitude) for h in home) > THEATRE_KM

    namesakes = {i for i, t in enumerate(toponyms) if far(t)}
    vouched = {t.place.country for i, t in enumerate(toponyms) if t.place is not None and i not in namesakes}
    vouched |= {t.place.country for t in toponyms if t.place is not None and is_country(t.place)}
    out = []
    for i, t in enumerate(toponyms):
        if i in namesakes and t.place is not None and t.place.country not in vouched:
            reason = f"far namesake outside the theatre {theatre} ({t.place.name}, {t.place.country})"
            t = replace(t, place=None, score=0.0, reason=reason)
        out.append(t)
    return out


def geoparse_text(text: str, *, country_hint: str | None = None, demonyms: bool = False) -> list[Toponym]:
    """Parse `text` with the shared spaCy pipeline and return its resolved toponyms."""
    return geoparse(shared_nlp()(text), country_hint=country_hint, demonyms=demonyms, text=text)


def geoparse_texts(
    texts: Iterable[str], *, country_hint: str | None = None, demonyms: bool = False, batch_size: int = 32
) -> list[list[Toponym]]:
    """Return the toponyms of each text, parsing them in batches with the shared pipeline."""
    nlp = shared_nlp()
    disable = [p for p in _UNUSED_PIPES if p in nlp.pipe_names]
    return [
        geoparse(doc, country_hint=country_hint, demonyms=demonyms)
        for doc in nlp.pipe(texts, batch_size=batch_size, disable=disable)
    ]


_DEMONYM_END = re.compile(r"(?:ans?|ians?|ese|ish|is?|z|ns)$")


def _looks_demonym(word: str, gaz: Any) -> bool:
    """Return True for a people's word ("Syrian", "Sri Lankans") rather than a place name."""
    if gaz.demonym(word) is not None or (word.endswith("s") and gaz.demonym(word[:-1]) is not None):
        return True
    return not gaz.is_name(word) and bool(_DEMONYM_END.search(word)) and bool(demonym_places(word, gaz))


def _gold_mention(text: str, start: int, end: int, gaz: Any) -> Mention:
    """Build the mention for a given toponym span, reading type words and demonyms."""
    surface = text[start:end]
    query = re.sub(r"^(?:the)\s+", "", surface, flags=re.IGNORECASE)
    query = re.sub(r"['’]s$", "", query)
    words = query.split()
    hint = ""
    if len(words) > 1 and words[-1].lower() in ADMIN_WORDS | CITY_WORDS | WATER_WORDS:
        last = words[-1].lower()
        hint = (
            "district" if last in DISTRICT_WORDS else "admin" if last in ADMIN_WORDS
            else "city" if last in CITY_WORDS else "water"
        )  # fmt: skip
        if not gaz.is_name(query):
            query = " ".join(words[:-1])
    if query[:1].isupper() and _looks_demonym(query, gaz):
        return Mention(start, end, surface, query, "demonym", "demonym")
    return Mention(start, end, surface, query, "gold", hint)


def resolve_spans(
    text: str, spans: Sequence[tuple[int, int]], *, doc: "Doc | None" = None, country_hint: str | None = None
) -> list[Toponym]:
    """Resolve given toponym spans of `text` (gold-toponym mode), with the text's other places as context.

    With the parsed `doc` the context is what recognition finds; without it, gazetteer matches
    alone, weighted down since some of them are people or organisations.
    """
    gaz = gazetteer()
    given = water_hints(text, [_gold_mention(text, s, e, gaz) for s, e in spans], gaz)
    if doc is not None:
        found = [replace(m, weight=DOC_CONTEXT_WEIGHT * m.weight) for m in recognize(text, gaz, doc)]
    else:
        found = [
            replace(m, weight=(CONTEXT_WEIGHT if " " not in m.text and not m.hint else 2 * CONTEXT_WEIGHT) * m.weight)
            for m in gazetteer_mentions(text, gaz)
        ]
    context = [m for m in found if not any(m.start < g.end and g.start < m.end for g in given)]
    merged = sorted(given + context, key=lambda m: (m.start, m.end))
    resolved = resolve(merged, gaz, text=text, country_hint=country_hint)
    by_span = {(t.start, t.end): t for t in resolved}
    return [by_span[(m.start, m.end)] for m in given]
