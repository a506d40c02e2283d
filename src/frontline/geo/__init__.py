"""Geoparsing: find the places a report names, resolve them, read relative places and event locations."""

from frontline.geo.event_location import event_location, rank_event_locations
from frontline.geo.parse import geoparse, geoparse_text, geoparse_texts, resolve_spans
from frontline.geo.relative import relative_location
from frontline.geo.types import Mention, Toponym

__all__ = [
    "Mention",
    "Toponym",
    "event_location",
    "geoparse",
    "geoparse_text",
    "geoparse_texts",
    "rank_event_locations",
    "relative_location",
    "resolve_spans",
]
