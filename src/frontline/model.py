"""Core values that cross module boundaries: Document, Place, Location, Claim, Event, Incident, ControlState.

Every stage of the flow takes and returns these dataclasses; dictionaries only appear at the
edges (JSON output, database rows), through `to_dict` / `from_dict`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

ClaimStatus = Literal[
    "reported",
    "claimed",
    "accused",
    "denied",
    "unconfirmed",
    "hypothetical",
    "historical",
    "future",
]
CLAIM_STATUSES: tuple[str, ...] = (
    "reported",
    "claimed",
    "accused",
    "denied",
    "unconfirmed",
    "hypothetical",
    "historical",
    "future",
)
# Statuses that must never change the control map or become violent events on their own.
NON_FACTUAL_STATUSES: frozenset[str] = frozenset({"denied", "hypothetical", "future"})

ControlStatus = Literal["assessed", "claimed", "contested", "besieged"]


def content_hash(text: str) -> str:
    """Return the document id for a text: sha256 of its whitespace-normalised form."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Document:
    """One report: its text and what is known about where it came from."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    retrieved: datetime | None = None
    language: str = "en"

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> "Document":
        """Build a Document whose id is the content hash of `text`."""
        return cls(id=content_hash(text), text=text, **meta)


# The id prefix of a place kept by the name a report gives it because the gazetteer lacks it.
UNKNOWN_PLACE_PREFIX = "unknown:"


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. `gazetteer_id` is `geonames:<id>`, `<theatre>:<slug>` for supplements, or
    `unknown:<country>:<slug>` for a place a report names that the gazetteer lacks (located at the
    finest unit the report gives; `known` is then False)."""

    gazetteer_id: str
    name: str
    latitude: float
    longitude: float
    feature_class: str = "P"
    feature_code: str = "PPL"
    country: str = ""
    admin1: str | None = None
    admin2: str | None = None
    admin1_code: str | None = None
    geonameid: int | None = None
    population: int = 0
    alternate_names: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        """Return whether the place is in the gazetteer (not a name kept from a report)."""
        return not self.gazetteer_id.startswith(UNKNOWN_PLACE_PREFIX)


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: a place, how precisely, and any offset the text gives."""

    place: Place
    geo_precision: int  # ACLED: 1 exact town, 2 near / part of a region, 3 province-level
    latitude: float
    longitude: float
    mention: str = ""
    relation: str | None = None  # e.g. "10 km west of", "western edge of", "between X and Y"
    distance_km: float | None = None
    precision_km: float | None = None  # finer internal precision: radius of uncertainty


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says an event happened and how sure the text is."""

    status: str = "reported"  # one of CLAIM_STATUSES
    source: str | None = None  # the speaker or outlet as named: "the media outlet of Hezbollah"
    speaker_affiliation: str | None = None  # canonical actor the source speaks for
    verb: str | None = None  # attribution verb: said, claimed, accused ...
    partisan: bool = False  # a side claiming its own gain
    silent_on: tuple[str, ...] = ()  # places a side's media are reported silent about
    disputed_by: tuple[str, ...] = ()  # who denies or rejects the claim ("Kyiv rejected the claim")


@dataclass(frozen=True, slots=True)
class Event:
    """One act as ACLED would code it, traceable to its sentence and report."""

    id: str
    document_id: str
    sentence_start: int
    sentence_end: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None = None
    assoc_actor_1: tuple[str, ...] = ()
    assoc_actor_2: tuple[str, ...] = ()
    interaction: int | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    cameo_root: str | None = None
    location: Location | None = None
    date_start: date | None = None
    date_end: date | None = None
    time_precision: int = 3
    fatalities: int = 0
    claim: Claim = field(default_factory=Claim)
    confidence: float = 0.5
    text: str = ""
    trigger: str | None = None  # lemma of the word that announced the act
    control: str | None = None  # effect on who holds the place: gain | siege | withdraw | contest

    def to_dict(self) -> dict[str, Any]:
        """Return the flat JSON contract of an event (ACLED names, ISO dates)."""
        loc = self.location
        place = loc.place if loc else None
        return {
            "id": self.id,
            "document_id": self.document_id,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "assoc_actor_1": "; ".join(self.assoc_actor_1),
            "actor2": self.actor2,
            "assoc_actor_2": "; ".join(self.assoc_actor_2),
            "interaction": self.interaction,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "cameo_root": self.cameo_root,
            "location": place.name if place else None,
            "place_known": place.known if place else None,
            "geonameid": place.geonameid if place else None,
            "gazetteer_id": place.gazetteer_id if place else None,
            "admin1": place.admin1 if place else None,
            "country": place.country if place else None,
            "latitude": loc.latitude if loc else None,
            "longitude": loc.longitude if loc else None,
            "geo_precision": loc.geo_precision if loc else None,
            "relative_location": loc.relation if loc else None,
            "location_mention": loc.mention if loc else None,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "time_precision": self.time_precision,
            "fatalities": self.fatalities,
            "claim_status": self.claim.status,
            "claim_source": self.claim.source,
            "claim_affiliation": self.claim.speaker_affiliation,
            "claim_verb": self.claim.verb,
            "partisan": self.claim.partisan,
            "silent_on": list(self.claim.silent_on),
            "confidence": round(self.confidence, 3),
            "text": self.text,
            "trigger": self.trigger,
            "control_effect": self.control,
        }


def event_id(document_id: str, start: int, end: int, sub_event_type: str, actor1: str | None) -> str:
    """Return a stable id for an event from where it was read and what it is."""
    key = f"{document_id}:{start}:{end}:{sub_event_type}:{actor1 or ''}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class Incident:
    """Events from one or more reports that describe the same act."""

    id: str
    event_ids: tuple[str, ...]
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    location: Location | None
    date_start: date | None
    date_end: date | None
    sources: tuple[str, ...]
    affiliations: tuple[str, ...]
    corroboration: str  # single source | one side | independent | both sides


@dataclass(frozen=True, slots=True)
class ControlState:
    """Who holds a place over a span of time, how firmly, and on what evidence."""

    place: Place
    holder: str
    status: str  # one of ControlStatus
    since: date
    until: date | None
    confidence: float
    evidence: tuple[str, ...]  # event ids
    challenger: str | None = None


def replace(obj: Any, **changes: Any) -> Any:
    """Return a copy of a frozen dataclass with `changes` applied."""
    return dataclasses.replace(obj, **changes)
