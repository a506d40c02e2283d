"""Parsing: the shared spaCy pipeline."""

from frontline.nlp.pipeline import load_nlp

__all__ = ["load_nlp"]
