"""Incidents: events from many reports merged into one act, with sources and corroboration."""

from frontline.incidents.merge import (
    BOTH_SIDES,
    CORROBORATION_LEVELS,
    INDEPENDENT,
    ONE_SIDE,
    SINGLE_SOURCE,
    MergeParams,
    build_incident,
    corroboration,
    dates_overlap,
    family,
    merge_incidents,
    places_match,
)

__all__ = [
    "BOTH_SIDES",
    "CORROBORATION_LEVELS",
    "INDEPENDENT",
    "ONE_SIDE",
    "SINGLE_SOURCE",
    "MergeParams",
    "build_incident",
    "corroboration",
    "dates_overlap",
    "family",
    "merge_incidents",
    "places_match",
]
