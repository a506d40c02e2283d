"""The CASE 2021 label set: CASE code -> ACLED sub-event type, event type and subtask.

CASE 2021 task 2 codes the 25 ACLED sub-event types plus five types that ACLED does not
code (organised crime, two kinds of disaster, diplomatic events, attribution). Subtask 1 uses
the 25 ACLED types, subtask 2 adds the crime and disaster types, subtask 3 adds the last two.
Names and event types come from the ACLED taxonomy (events.taxonomy); only the subtask
membership of the five extra types is CASE's own and lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from frontline.errors import DataError
from frontline.events import taxonomy

# The first subtask that scores each of the five types ACLED does not code.
_EXTRA_SUBTASK: dict[str, int] = {
    "ORG_CRIME": 2,
    "NATURAL_DISASTER": 2,
    "MAN_MADE_DISASTER": 2,
    "DIPLO": 3,
    "ATTRIB": 3,
}


@dataclass(frozen=True, slots=True)
class CaseLabel:
    """One CASE 2021 code with its ACLED names and the first subtask that uses it."""

    code: str
    name: str
    event_type: str | None  # None for the five types ACLED does not code
    subtask: int


@cache
def _table() -> dict[str, CaseLabel]:
    table: dict[str, CaseLabel] = {}
    for code, name in taxonomy.case_labels().items():
        if code in _EXTRA_SUBTASK:
            table[code] = CaseLabel(code, name, None, _EXTRA_SUBTASK[code])
        else:
            table[code] = CaseLabel(code, name, taxonomy.sub_event(code).event_type, 1)
    missing = sorted(set(_EXTRA_SUBTASK) - set(table))
    if missing or len(table) != 30:
        raise DataError(f"the ACLED taxonomy data lacks CASE 2021 labels ({', '.join(missing) or len(table)}); reinstall frontline")
    return table


def case_codes() -> tuple[str, ...]:
    """Return the 30 CASE 2021 codes (25 ACLED sub-event types first)."""
    return tuple(_table())


def case_label(code: str) -> CaseLabel:
    """Return the entry for a CASE code; raise KeyError for an unknown code."""
    return _table()[code]


def subtask_codes(subtask: int) -> frozenset[str]:
    """Return the codes scored in a subtask (1: the 25 ACLED types; 2: +crime, disasters; 3: all)."""
    return frozenset(label.code for label in _table().values() if label.subtask <= subtask)
