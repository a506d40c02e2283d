"""ACLED event taxonomy with crosswalks to PLOVER and CAMEO, read from package data.

The data lives in `frontline/data/taxonomy/` (acled.yaml, plover.yaml, cameo.yaml,
cameo_plover.csv) and is loaded once per process.
"""

from __future__ import annotations

import csv
import io
import logging
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from frontline.errors import DataError

log = logging.getLogger(__name__)

INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


@dataclass(frozen=True, slots=True)
class SubEventType:
    """One of ACLED's 25 sub-event types and where it sits in PLOVER and CAMEO."""

    name: str
    event_type: str
    code: str  # CASE 2021 task 2 label, e.g. AIR_STRIKE
    definition: str
    violent: bool  # counts as political violence in ACLED's own split
    plover_type: str | None  # None only for "Other", which PLOVER has no type for
    plover_mode: str | None
    cameo_root: str
    precedence: int  # 1 wins when a report fits several sub-event types


@dataclass(frozen=True, slots=True)
class EventType:
    """One of ACLED's 6 event types."""

    name: str
    definition: str


@dataclass(frozen=True, slots=True)
class PloverType:
    """A PLOVER event type with its modes (mode -> definition)."""

    name: str
    definition: str
    cameo_root: str
    modes: tuple[tuple[str, str], ...]


def _read(name: str) -> str:
    return resources.files("frontline").joinpath("data", "taxonomy", name).read_text(encoding="utf-8")


def _load_yaml(name: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(_read(name))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"taxonomy file {name} cannot be read ({exc}): reinstall frontline") from exc
    if not isinstance(data, dict):
        raise DataError(f"taxonomy file {name} is not a mapping: reinstall frontline")
    return data


def _norm(key: str) -> str:
    return " ".join(key.strip().lower().replace("_", " ").split())


@cache
def _acled() -> dict[str, Any]:
    return _load_yaml("acled.yaml")


@cache
def _event_types() -> tuple[EventType, ...]:
    return tuple(EventType(e["name"], e["definition"]) for e in _acled()["event_types"])


@cache
def _sub_events() -> tuple[SubEventType, ...]:
    known = {e.name for e in _event_types()}
    out: list[SubEventType] = []
    for raw in _acled()["sub_event_types"]:
        if raw["event_type"] not in known:
            raise DataError(f"acled.yaml: sub-event {raw['name']!r} has unknown event type {raw['event_type']!r}")
        plover_type, plover_mode = raw["plover"]
        out.append(
            SubEventType(
                name=raw["name"],
                event_type=raw["event_type"],
                code=raw["code"],
                definition=raw["definition"],
                violent=bool(raw["violent"]),
                plover_type=plover_type,
                plover_mode=plover_mode,
                cameo_root=str(raw["cameo_root"]),
                precedence=int(raw["precedence"]),
            )
        )
    if len(out) != 25 or len({s.precedence for s in out}) != 25:
        raise DataError("acled.yaml must define 25 sub-event types with distinct precedences")
    return tuple(out)


@cache
def _sub_event_index() -> dict[str, SubEventType]:
    index: dict[str, SubEventType] = {}
    for sub in _sub_events():
        index[_norm(sub.name)] = sub
        index[_norm(sub.code)] = sub
    # ACLED spells this one "protestors" in some releases.
    index[_norm("Excessive force against protestors")] = index[_norm("Excessive force against protesters")]
    return index


def event_types() -> tuple[str, ...]:
    """Return ACLED's 6 event types in ACLED's order of precedence."""
    return tuple(e.name for e in _event_types())


def event_type_definitions() -> dict[str, str]:
    """Return event type -> definition."""
    return {e.name: e.definition for e in _event_types()}


def sub_event_types() -> tuple[SubEventType, ...]:
    """Return ACLED's 25 sub-event types, grouped by event type."""
    return _sub_events()


def sub_event(name_or_code: str) -> SubEventType:
    """Return a sub-event type by ACLED name or CASE code (case-insensitive)."""
    found = _sub_event_index().get(_norm(name_or_code))
    if found is None:
        raise DataError(
            f"unknown ACLED sub-event type {name_or_code!r}: use one of the 25 ACLED names "
            "(e.g. 'Armed clash') or CASE codes (e.g. ARMED_CLASH)"
        )
    return found


def sub_events_of(event_type: str) -> tuple[SubEventType, ...]:
    """Return the sub-event types of one event type."""
    if event_type not in event_types():
        raise DataError(f"unknown ACLED event type {event_type!r}: use one of {', '.join(event_types())}")
    return tuple(s for s in _sub_events() if s.event_type == event_type)


@cache
def case_labels() -> dict[str, str]:
    """Return CASE 2021 code -> label: the 25 ACLED sub-event types and the 5 extra CASE classes."""
    labels = {s.code: s.name for s in _sub_events()}
    labels.update({str(k): str(v) for k, v in _acled()["extra_case_labels"].items()})
    return labels


def precedence_order() -> list[str]:
    """Return sub-event names, the one ACLED prefers first when a report fits several."""
    return [s.name for s in sorted(_sub_events(), key=lambda s: s.precedence)]


def pick_sub_event(candidates: list[str]) -> SubEventType:
    """Return the candidate (names or codes) that ACLED's precedence rule picks."""
    if not candidates:
        raise DataError("no candidate sub-event types given: pass at least one name or code")
    return min((sub_event(c) for c in candidates), key=lambda s: s.precedence)


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """Return ACLED's interaction code: both actor types, lower digit first; one actor gives N0."""
    for value in (inter1, inter2):
        if value is not None and value not in INTER_CODES:
            raise DataError(f"ACLED inter code {value!r} is not 1-8: check the actor's type in its pack")
    if inter1 is None and inter2 is None:
        return None
    if inter1 is None or inter2 is None:
        only = inter1 if inter1 is not None else inter2
        return (only or 0) * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def geo_precision_codes() -> dict[int, str]:
    """Return ACLED geo-precision code -> meaning."""
    return {int(k): str(v) for k, v in _acled()["geo_precision"].items()}


def time_precision_codes() -> dict[int, str]:
    """Return ACLED time-precision code -> meaning."""
    return {int(k): str(v) for k, v in _acled()["time_precision"].items()}


def aggregation_rules() -> dict[str, str]:
    """Return ACLED's aggregation and fatality rules as short texts, by name."""
    return {k: str(v) for k, v in _acled()["aggregation"].items() if isinstance(v, str)}


def vague_fatality_count(word: str) -> int | None:
    """Return the count ACLED codes for a vague quantity ("dozens" -> 12), None if not one."""
    table: dict[str, int] = _acled()["aggregation"]["vague_fatalities"]
    return table.get(word.strip().lower())


def split_fatalities(total: int, parts: int) -> list[int]:
    """Split a total across days or places: evenly, the remainder to the first."""
    if parts < 1:
        raise DataError(f"cannot split fatalities over {parts} parts: give at least one day or place")
    if total < 0:
        raise DataError(f"fatalities cannot be negative ({total})")
    share = math.floor(total / parts)
    out = [share] * parts
    out[0] += total - share * parts
    return out


@cache
def _plover() -> tuple[PloverType, ...]:
    data = _load_yaml("plover.yaml")
    return tuple(
        PloverType(
            name=name,
            definition=raw["definition"],
            cameo_root=str(raw["cameo_root"]),
            modes=tuple((str(m), str(d)) for m, d in (raw.get("modes") or {}).items()),
        )
        for name, raw in data["event_types"].items()
    )


def plover_types() -> tuple[PloverType, ...]:
    """Return PLOVER's 16 event types with their modes."""
    return _plover()


def plover_contexts() -> tuple[str, ...]:
    """Return PLOVER's context tags."""
    return tuple(_load_yaml("plover.yaml")["contexts"])


@cache
def _cameo() -> dict[str, Any]:
    return _load_yaml("cameo.yaml")


def cameo_roots() -> dict[str, str]:
    """Return CAMEO root code -> label."""
    return {str(k): str(v["label"]) for k, v in _cameo()["roots"].items()}


def plover_to_cameo(plover_type: str | None, mode: str | None = None) -> str | None:
    """Return the CAMEO root for a PLOVER type (ASSAULT refined by mode); None if unknown."""
    if not plover_type:
        return None
    wanted = plover_type.strip().upper()
    for ptype in _plover():
        if ptype.name == wanted:
            if wanted == "ASSAULT" and mode:
                return str(_cameo()["assault_roots"].get(mode, ptype.cameo_root))
            return ptype.cameo_root
    return None


@cache
def _cameo_codes() -> dict[str, tuple[str, str | None]]:
    table: dict[str, tuple[str, str | None]] = {}
    for row in csv.DictReader(io.StringIO(_read("cameo_plover.csv"))):
        table[row["cameo_code"]] = (row["plover_type"], row["plover_mode"] or None)
    for code, raw in _cameo()["roots"].items():
        ptype, pmode = raw["plover"]
        if ptype:
            table.setdefault(str(code), (ptype, pmode))
    return table


def cameo_to_plover(cameo_code: str) -> tuple[str, str | None] | None:
    """Return (PLOVER type, mode) for a CAMEO code, falling back to its parent codes; None if none."""
    code = cameo_code.strip()
    if not code.isdigit() or len(code) < 2:
        raise DataError(f"CAMEO code {cameo_code!r} is not 2-4 digits: give a code like '19' or '193'")
    table = _cameo_codes()
    while len(code) >= 2:
        if code in table:
            return table[code]
        code = code[:-1]
    return None
