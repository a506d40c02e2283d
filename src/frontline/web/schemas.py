"""Response and request shapes of the JSON API, as they appear in its OpenAPI schema.

Endpoints build plain JSON from the core dataclasses (`Event.to_dict`, the control exports) and
return it directly, so these models document the contract without re-validating every page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable error code, e.g. not_found, invalid_request.")
    message: str = Field(description="What happened and what to do next.")
    status: int = Field(description="The HTTP status, repeated for clients that only see the body.")


class ErrorBody(BaseModel):
    """The one shape of every error response."""

    error: ErrorDetail


class EventOut(BaseModel):
    """One event as ACLED would code it (the flat `Event.to_dict` contract)."""

    model_config = ConfigDict(extra="allow")

    id: str
    document_id: str
    sentence_start: int
    sentence_end: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str
    actor2: str | None
    assoc_actor_2: str
    interaction: int | None
    plover_type: str | None
    plover_mode: str | None
    cameo_root: str | None
    location: str | None
    geonameid: int | None
    gazetteer_id: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    relative_location: str | None
    location_mention: str | None
    date_start: str | None
    date_end: str | None
    time_precision: int
    fatalities: int
    claim_status: str
    claim_source: str | None
    claim_affiliation: str | None
    claim_verb: str | None
    partisan: bool
    silent_on: list[str]
    confidence: float
    text: str
    trigger: str | None
    control_effect: str | None


class EventPage(BaseModel):
    items: list[EventOut]
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page; null on the last page.")


class MapEvents(BaseModel):
    """Located events in a compact row form for the map: one list per event, in `fields` order."""

    fields: list[str]
    rows: list[list[Any]]
    truncated: bool


class DocumentRef(BaseModel):
    id: str
    title: str | None
    url: str | None
    publisher: str | None
    published: str | None


class Evidence(BaseModel):
    """The evidence sentence with the report text around it."""

    start: int
    end: int
    before: str
    sentence: str
    after: str
    truncated_before: bool
    truncated_after: bool


class EventDetail(BaseModel):
    event: EventOut
    document: DocumentRef | None
    evidence: Evidence | None


class DocumentSummary(DocumentRef):
    language: str
    length: int


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    limit: int
    offset: int
    next_offset: int | None


class EvidenceSpan(BaseModel):
    event_id: str
    start: int
    end: int
    event_type: str
    sub_event_type: str
    claim_status: str


class DocumentDetail(DocumentSummary):
    text: str
    evidence: list[EvidenceSpan]


class IncidentEvent(BaseModel):
    id: str
    document_id: str
    date_start: str | None
    sub_event_type: str
    claim_status: str
    claim_source: str | None
    text: str


class IncidentOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    place: str | None
    geonameid: int | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    date_start: str | None
    date_end: str | None
    sources: list[str]
    affiliations: list[str]
    corroboration: str
    event_ids: list[str]
    events: list[IncidentEvent]
    documents: list[DocumentRef]


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    limit: int
    offset: int
    next_offset: int | None


class StateOut(BaseModel):
    """One place's control state over a span of days."""

    model_config = ConfigDict(extra="allow")

    place: str
    gazetteer_id: str
    admin1: str | None
    geonameid: int | None
    latitude: float
    longitude: float
    holder: str
    status: str
    since: str
    until: str | None
    challenger: str | None
    confidence: float
    evidence: list[str]


class ControlOut(BaseModel):
    at: str | None = Field(description="The day shown; null means each place's latest state.")
    states: list[StateOut]


class ChangeOut(BaseModel):
    day: str
    previous: str | None
    holder: str
    evidence: list[str]


class PlaceTimeline(BaseModel):
    place: str
    gazetteer_id: str
    admin1: str | None
    country: str
    latitude: float
    longitude: float
    states: list[StateOut]
    changes: list[ChangeOut]


class TimelineOut(BaseModel):
    query: str
    places: list[PlaceTimeline]


class MetaOut(BaseModel):
    date_min: str | None
    date_max: str | None
    event_types: list[str]
    sub_event_types: list[str]
    actors: list[str]
    claim_statuses: list[str]
    counts: dict[str, int]
    ingest_enabled: bool


class Health(BaseModel):
    status: str


class IngestRequest(BaseModel):
    """A report to ingest: its text, or a URL to fetch (not both)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="The report's plain text.")
    url: str | None = Field(default=None, max_length=2000, description="An http(s) page or feed to fetch.")
    title: str | None = Field(default=None, max_length=1000)
    publisher: str | None = Field(default=None, max_length=300)
    published: date | None = None


class IngestedDocument(BaseModel):
    id: str
    title: str | None
    new: bool
    events: int


class IngestOut(BaseModel):
    documents: list[IngestedDocument]
    errors: list[str]
