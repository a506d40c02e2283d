"""JSON, GeoJSON and table shapes of control states and incidents (one shape per value, whatever the path)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from frontline.control.sides import normalise_name
from frontline.control.timeline import ControlMap
from frontline.model import ControlState, Incident

# The `control --format json` contract.
STATE_KEYS: tuple[str, ...] = (
    "place", "geonameid", "latitude", "longitude", "holder", "status", "since", "confidence", "evidence",
)


def state_to_dict(state: ControlState) -> dict[str, Any]:
    """Return the JSON contract of one place's state."""
    place = state.place
    return {
        "place": place.name,
        "geonameid": place.geonameid,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "holder": state.holder,
        "status": state.status,
        "since": state.since.isoformat(),
        "confidence": round(state.confidence, 3),
        "evidence": list(state.evidence),
    }


def timeline_entry(state: ControlState) -> dict[str, Any]:
    """Return one span of a place's timeline: the state contract plus its end and challenger."""
    return {
        **state_to_dict(state),
        "until": state.until.isoformat() if state.until else None,
        "challenger": state.challenger,
    }


def states_to_geojson(states: Iterable[ControlState]) -> dict[str, Any]:
    """Return a FeatureCollection with one point per place, its state as properties."""
    features = []
    for state in states:
        props = timeline_entry(state)
        props["gazetteer_id"] = state.place.gazetteer_id
        props["admin1"] = state.place.admin1
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [state.place.longitude, state.place.latitude]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def incident_to_dict(incident: Incident) -> dict[str, Any]:
    """Return the JSON shape of an incident."""
    loc = incident.location
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "actor1": incident.actor1,
        "actor2": incident.actor2,
        "place": loc.place.name if loc else None,
        "geonameid": loc.place.geonameid if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
        "date_start": incident.date_start.isoformat() if incident.date_start else None,
        "date_end": incident.date_end.isoformat() if incident.date_end else None,
        "sources": list(incident.sources),
        "affiliations": list(incident.affiliations),
        "corroboration": incident.corroboration,
        "event_ids": list(incident.event_ids),
    }


def select_states(
    cmap: ControlMap,
    *,
    at: date | None = None,
    place: str | None = None,
    region: str | None = None,
) -> list[ControlState]:
    """Return the states to show: on day `at` (default: each place's latest), filtered by place and admin1."""
    states = cmap.at(at) if at is not None else cmap.latest()
    if place:
        keys = {p.gazetteer_id for p in cmap.find(place)}
        needle = place.lower()
        states = [s for s in states if s.place.gazetteer_id in keys or needle in s.place.name.lower()]
    if region:
        states = [s for s in states if s.place.admin1_code == region or _same_region(s.place.admin1, region)]
    return sorted(states, key=lambda s: (s.place.admin1 or "", s.place.name))


_ADMIN_WORDS = frozenset({"province", "governorate", "muhafazat", "region", "state", "oblast"})


def _region_key(name: str) -> str:
    return " ".join(w for w in normalise_name(name).split() if w not in _ADMIN_WORDS)


def _same_region(admin1: str | None, wanted: str) -> bool:
    """Return whether an admin1 name and a name typed by a user are the same division ("Raqqa", "Ar-Raqqah")."""
    if not admin1:
        return False
    a, b = _region_key(admin1), _region_key(wanted)
    return bool(a and b) and (a == b or fuzz.ratio(a, b) >= 85)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """Return rows as a plain aligned text table."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows)
    return "\n".join(lines)


def states_table(states: Sequence[ControlState], *, with_until: bool = False) -> str:
    """Return states as a text table."""
    headers = ["place", "admin1", "holder", "status", "since"]
    if with_until:
        headers.append("until")
    headers += ["conf", "challenger", "evidence"]
    rows = []
    for s in states:
        row = [s.place.name, s.place.admin1 or "", s.holder, s.status, s.since.isoformat()]
        if with_until:
            row.append(s.until.isoformat() if s.until else "")
        row += [f"{s.confidence:.2f}", s.challenger or "", str(len(s.evidence))]
        rows.append(row)
    return table(rows, headers)
