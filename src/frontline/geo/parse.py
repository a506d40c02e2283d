"""The geoparser's entry points: recognise and resolve the places of whole documents."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import replace
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from frontline.geo.recognize import ADMIN_WORDS, CITY_WORDS, DISTRICT_WORDS, WATER_WORDS, gazetteer_mentions, recognize
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


@functools.cache
def gazetteer() -> Any:
    """Return the process-wide gazetteer, opened once."""
    from frontline.gazetteer import open_gazetteer

    return open_gazetteer()


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
    mentions = recognize(text, gaz, doc, demonyms=demonyms)
    return resolve(mentions, gaz, text=text, country_hint=country_hint)


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
    given = [_gold_mention(text, s, e, gaz) for s, e in spans]
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
