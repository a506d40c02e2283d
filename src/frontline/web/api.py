"""The JSON API: thin endpoints over the store, the incident merge and the control timelines.

Endpoints are plain `def` functions (the store is synchronous SQLAlchemy; FastAPI runs them in
its threadpool). Incidents and control are computed from all stored events once per store
state and cached: a fingerprint of the documents table says when to recompute.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from frontline.control import ControlMap, Sides, compute_control
from frontline.control.export import select_states, states_to_geojson, timeline_entry
from frontline.errors import InputError, NotFoundError
from frontline.incidents import CORROBORATION_LEVELS, merge_incidents
from frontline.model import CLAIM_STATUSES, ControlState, Document, Event, Incident
from frontline.store import EventFilter, Store
from frontline.store.db import event_conditions
from frontline.store.schema import documents, events
from frontline.web import schemas
from frontline.web.security import PayloadTooLarge, check_token

log = logging.getLogger(__name__)

MAX_PAGE = 500
MAX_MAP_EVENTS = 50_000
CONTEXT_CHARS = 1500  # report text shown on each side of an evidence sentence
# The shared spaCy pipeline is not documented as thread-safe; ingest requests parse one at a time.
_EXTRACT_LOCK = threading.Lock()

ClaimStatusParam = Enum("ClaimStatusParam", {s: s for s in CLAIM_STATUSES}, type=str)  # type: ignore[misc]
CorroborationParam = Enum("CorroborationParam", {c.replace(" ", "_"): c for c in CORROBORATION_LEVELS}, type=str)  # type: ignore[misc]

MAP_FIELDS: tuple[str, ...] = (
    "id", "latitude", "longitude", "event_type", "sub_event_type", "date_start", "date_end",
    "actor1", "actor2", "claim_status", "geo_precision", "fatalities",
)


@dataclass(frozen=True, slots=True)
class Analysis:
    """What is computed from all stored events at once: control timelines and incidents."""

    fingerprint: tuple[Any, ...]
    control: ControlMap
    incidents: tuple[Incident, ...]
    incident_index: dict[str, Incident]
    documents: dict[str, Document]  # without their text
    events: dict[str, Event]


class PageCache:
    """Serialized answers of read endpoints, reused until the stored reports change.

    Analysts page through the same lists again and again; a page is rebuilt only when the data
    fingerprint changes, and the fingerprint itself is read at most once per `ttl` seconds, so an
    ingest by another process shows within that time (an ingest through this API clears it at once).
    """

    def __init__(self, backend: "Backend", *, size: int = 1024, ttl: float = 1.0) -> None:
        self._backend = backend
        self._size = size
        self._ttl = ttl
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._fingerprint: tuple[Any, ...] | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._fingerprint = None

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._checked <= self._ttl:
            return
        current = self._backend.fingerprint()
        with self._lock:
            self._checked = now
            if current != self._fingerprint:
                self._pages.clear()
                self._fingerprint = current

    def _cached(self, key: str) -> bytes | None:
        with self._lock:
            body = self._pages.get(key)
            if body is not None:
                self._pages.move_to_end(key)
            return body

    def _build(self, key: str, build: Callable[[], Any]) -> bytes:
        body = json.dumps(jsonable_encoder(build()), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with self._lock:
            self._pages[key] = body
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)
        return body

    def get(self, key: str, build: Callable[[], Any]) -> Response:
        """Return the cached JSON answer for `key`, building it with `build()` when stale or absent."""
        self._refresh()
        body = self._cached(key) or self._build(key, build)
        return Response(content=body, media_type="application/json")

    async def aget(self, key: str, build: Callable[[], Any]) -> Response:
        """Like `get`, for async endpoints: a hit is served on the event loop, database work in a thread."""
        if time.monotonic() - self._checked > self._ttl:
            await run_in_threadpool(self._refresh)
        body = self._cached(key)
        if body is None:
            body = await run_in_threadpool(self._build, key, build)
        return Response(content=body, media_type="application/json")


class Backend:
    """The API's library side: one store, the ingest token and the cached analysis."""

    def __init__(self, store: Store, *, ingest_token: str = "", sides: Sides | None = None) -> None:
        self.store = store
        self.ingest_token = ingest_token
        self._sides = sides
        self._analysis: Analysis | None = None
        self._lock = threading.Lock()
        self.pages = PageCache(self)

    def _document_refs(self) -> dict[str, Document]:
        cols = (documents.c.id, documents.c.url, documents.c.title, documents.c.publisher, documents.c.published)
        with self.store.engine.connect() as conn:
            return {
                r.id: Document(id=r.id, text="", url=r.url, title=r.title, publisher=r.publisher, published=r.published)
                for r in conn.execute(sa.select(*cols))
            }

    @property
    def sides(self) -> Sides:
        if self._sides is None:
            self._sides = Sides.for_theatre()
        return self._sides

    def fingerprint(self) -> tuple[Any, ...]:
        """Return a cheap value that changes whenever reports are added or removed."""
        with self.store.engine.connect() as conn:
            row = conn.execute(sa.select(sa.func.count(), sa.func.max(documents.c.ingested_at)).select_from(documents)).one()
            n_events = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()
        return (int(row[0]), str(row[1]), int(n_events))

    def analysis(self) -> Analysis:
        """Return incidents and control for the store as it is now, computing them when it changed."""
        current = self.fingerprint()
        cached = self._analysis
        if cached is not None and cached.fingerprint == current:
            return cached
        with self._lock:
            cached = self._analysis
            if cached is not None and cached.fingerprint == current:
                return cached
            found = self.store.events()
            docs = self._document_refs()
            publishers = {doc_id: d.publisher for doc_id, d in docs.items()}
            sides = self.sides
            control = compute_control(
                found, sides=sides, publisher_sides={k: sides.outlet_side(v) for k, v in publishers.items()}
            )
            incidents = tuple(merge_incidents(found, sides=sides, publishers=publishers))
            self._analysis = Analysis(
                current, control, incidents, {i.id: i for i in incidents}, docs, {e.id: e for e in found}
            )
            log.info("analysis: %d events -> %d incidents, %d places with control", len(found), len(incidents), len(control))
            return self._analysis


def document_ref(doc: Document) -> dict[str, Any]:
    """Return the short JSON form of a report: id, title, link, outlet, date."""
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "publisher": doc.publisher,
        "published": doc.published.isoformat() if doc.published else None,
    }


def evidence_context(doc: Document, event: Event, width: int = CONTEXT_CHARS) -> dict[str, Any] | None:
    """Return the event's sentence and up to `width` characters of its report on each side."""
    start, end = event.sentence_start, event.sentence_end
    if not (0 <= start <= end <= len(doc.text)):
        return None
    lo = max(0, start - width)
    hi = min(len(doc.text), end + width)
    # Cut the context at whitespace so it never starts or ends mid-word.
    if lo > 0:
        space = doc.text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(doc.text):
        space = doc.text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return {
        "start": start,
        "end": end,
        "before": doc.text[lo:start],
        "sentence": doc.text[start:end],
        "after": doc.text[end:hi],
        "truncated_before": lo > 0,
        "truncated_after": hi < len(doc.text),
    }


def state_json(state: ControlState) -> dict[str, Any]:
    """Return the JSON of one control state, with the place's id and region."""
    out = timeline_entry(state)
    out["gazetteer_id"] = state.place.gazetteer_id
    out["admin1"] = state.place.admin1
    return out


def incident_json(incident: Incident, analysis: Analysis, members: dict[str, Event]) -> dict[str, Any]:
    """Return an incident with its member events and the reports they come from."""
    from frontline.control.export import incident_to_dict

    out = incident_to_dict(incident)
    member_events = [members[i] for i in incident.event_ids if i in members]
    out["events"] = [
        {
            "id": e.id,
            "document_id": e.document_id,
            "date_start": e.date_start.isoformat() if e.date_start else None,
            "sub_event_type": e.sub_event_type,
            "claim_status": e.claim.status,
            "claim_source": e.claim.source,
            "text": e.text,
        }
        for e in member_events
    ]
    doc_ids = sorted({e.document_id for e in member_events})
    out["documents"] = [document_ref(analysis.documents[d]) for d in doc_ids if d in analysis.documents]
    return out


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """Parse `west,south,east,north` in degrees; raise InputError when it is not one."""
    if value is None or value == "":
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as exc:
        raise InputError(f"bbox {value!r} must be four numbers: west,south,east,north") from exc
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InputError(
            f"bbox {value!r} is not a box: need -180 <= west <= east <= 180 and -90 <= south <= north <= 90"
        )
    return west, south, east, north


def map_rows(store: Store, filt: EventFilter) -> list[list[Any]]:
    """Return located events as MAP_FIELDS rows, in `Store.events` order, for the filter."""
    if filt.place:
        raise InputError("the map query does not filter by place name; use bbox")
    c = events.c
    stmt = (
        sa.select(c.id, c.latitude, c.longitude, c.event_type, c.sub_event_type, c.date_start, c.date_end,
                  c.actor1, c.actor2, c.claim_status, c.geo_precision, c.fatalities)
        .where(c.place_id.is_not(None), c.latitude.is_not(None), *event_conditions(filt))
        .order_by(c.date_start, c.id)
        .offset(filt.offset)
    )
    if filt.limit is not None:
        stmt = stmt.limit(filt.limit)
    with store.engine.connect() as conn:
        result = conn.execute(stmt).all()
    return [
        [r[0], round(r[1], 5), round(r[2], 5), r[3], r[4], r[5].isoformat() if r[5] else None,
         r[6].isoformat() if r[6] else None, r[7], r[8], r[9], r[10], r[11]]
        for r in result
    ]


def _json(content: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(content, status_code=status_code)


def _page(items: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    more = len(items) > limit
    return {"items": list(items[:limit]), "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorBody, "description": "Bad input"},
    404: {"model": schemas.ErrorBody, "description": "Not found"},
    422: {"model": schemas.ErrorBody, "description": "Invalid request parameters"},
}

Since = Annotated[date | None, Query(description="Only events ending on or after this day (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="Only events starting on or before this day (YYYY-MM-DD).")]
Actor = Annotated[str | None, Query(max_length=200, description="Actor name (or part of it), either side.")]
TypeQ = Annotated[str | None, Query(alias="type", max_length=200, description="Event type or sub-event type (or part).")]
PlaceQ = Annotated[str | None, Query(max_length=200, description="Place name (or part of it).")]
BBox = Annotated[str | None, Query(max_length=200, description="west,south,east,north in degrees.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def build_router(backend: Backend) -> APIRouter:
    """Return the /api routes bound to one backend."""
    router = APIRouter(prefix="/api", responses=ERRORS)

    @router.get("/health", response_model=schemas.Health, tags=["meta"])
    def health() -> JSONResponse:
        """Say the server is up (no database work)."""
        return _json({"status": "ok"})

    @router.get("/meta", response_model=schemas.MetaOut, tags=["meta"])
    def meta() -> JSONResponse:
        """Return what the map's filters offer: date range, event types, actors, counts."""
        with backend.store.engine.connect() as conn:
            lo, hi = conn.execute(sa.select(sa.func.min(events.c.date_start), sa.func.max(events.c.date_end))).one()
            hi2 = conn.execute(sa.select(sa.func.max(events.c.date_start))).scalar()
            types = sorted(conn.execute(sa.select(events.c.event_type).distinct()).scalars())
            subs = sorted(conn.execute(sa.select(events.c.sub_event_type).distinct()).scalars())
            actor_names: set[str] = set()
            for column in (events.c.actor1, events.c.actor2):
                actor_names.update(a for a in conn.execute(sa.select(column).distinct()).scalars() if a)
        last = max((d for d in (hi, hi2) if d is not None), default=None)
        return _json(
            {
                "date_min": lo.isoformat() if lo else None,
                "date_max": last.isoformat() if last else None,
                "event_types": types,
                "sub_event_types": subs,
                "actors": sorted(actor_names),
                "claim_statuses": list(CLAIM_STATUSES),
                "counts": backend.store.counts(),
                "ingest_enabled": bool(backend.ingest_token),
            }
        )

    @router.get("/events", response_model=schemas.EventPage, tags=["events"])
    async def list_events(
        request: Request,
        since: Since = None,
        until: Until = None,
        actor: Actor = None,
        event_type: TypeQ = None,
        claim_status: ClaimStatusParam | None = None,
        place: PlaceQ = None,
        bbox: BBox = None,
        document_id: Annotated[str | None, Query(max_length=64)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Offset = 0,
    ) -> Response:
        """Return a page of events, oldest first, filtered by date range, box, actor, type, claim status."""
        filt = EventFilter(
            since=since, until=until, actor=actor, event_type=event_type,
            claim_status=claim_status.value if claim_status else None, place=place,
            document_id=document_id, bbox=parse_bbox(bbox), limit=limit + 1, offset=offset,
        )
        return await backend.pages.aget(
            "events?" + str(request.query_params),
            lambda: _page([e.to_dict() for e in backend.store.events(filt)], limit, offset),
        )

    @router.get("/map/events", response_model=schemas.MapEvents, tags=["events"])
    def map_events(
        since: Since = None,
        until: Until = None,
        actor: Actor = None,
        event_type: TypeQ = None,
        claim_status: ClaimStatusParam | None = None,
        bbox: BBox = None,
        limit: Annotated[int, Query(ge=1, le=MAX_MAP_EVENTS)] = 20_000,
    ) -> JSONResponse:
        """Return located events as compact rows for drawing (the map's one data request)."""
        filt = EventFilter(
            since=since, until=until, actor=actor, event_type=event_type,
            claim_status=claim_status.value if claim_status else None, bbox=parse_bbox(bbox), limit=limit + 1,
        )
        rows = map_rows(backend.store, filt)
        return _json({"fields": list(MAP_FIELDS), "rows": rows[:limit], "truncated": len(rows) > limit})

    @router.get("/events/{event_id}", response_model=schemas.EventDetail, tags=["events"])
    def get_event(event_id: Annotated[str, Path(max_length=64)]) -> JSONResponse:
        """Return one event with its report's outlet and link and the evidence sentence in context."""
        event = backend.store.event(event_id)
        if event is None:
            raise NotFoundError(f"no event {event_id!r}: list events with GET /api/events")
        doc = backend.store.document(event.document_id)
        return _json(
            {
                "event": event.to_dict(),
                "document": document_ref(doc) if doc else None,
                "evidence": evidence_context(doc, event) if doc else None,
            }
        )

    @router.get("/documents", response_model=schemas.DocumentPage, tags=["documents"])
    def list_documents(
        q: Annotated[str | None, Query(max_length=200, description="Text to find in title or body.")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Offset = 0,
    ) -> JSONResponse:
        """Return stored reports, newest first."""
        docs = backend.store.documents(limit=limit + 1, offset=offset, query=q or None)
        items = [{**document_ref(d), "language": d.language, "length": len(d.text)} for d in docs]
        return _json(_page(items, limit, offset))

    @router.get("/documents/{document_id}", response_model=schemas.DocumentDetail, tags=["documents"])
    def get_document(document_id: Annotated[str, Path(min_length=8, max_length=64)]) -> JSONResponse:
        """Return one report's text with the spans its events were read from."""
        doc = backend.store.document(document_id)
        if doc is None:
            raise NotFoundError(f"no report {document_id!r}: list reports with GET /api/documents")
        found = backend.store.events(EventFilter(document_id=doc.id))
        spans = [
            {
                "event_id": e.id, "start": e.sentence_start, "end": e.sentence_end,
                "event_type": e.event_type, "sub_event_type": e.sub_event_type, "claim_status": e.claim.status,
            }
            for e in sorted(found, key=lambda e: (e.sentence_start, e.id))
        ]
        return _json({**document_ref(doc), "language": doc.language, "length": len(doc.text), "text": doc.text, "evidence": spans})

    @router.get("/incidents", response_model=schemas.IncidentPage, tags=["incidents"])
    def list_incidents(
        since: Since = None,
        until: Until = None,
        actor: Actor = None,
        event_type: TypeQ = None,
        place: PlaceQ = None,
        corroboration: CorroborationParam | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Offset = 0,
    ) -> JSONResponse:
        """Return incidents (events from many reports merged into one act) with their events and sources."""
        analysis = backend.analysis()
        chosen = [
            i for i in analysis.incidents
            if _incident_matches(i, since, until, actor, event_type, place, corroboration.value if corroboration else None)
        ]
        page = chosen[offset:offset + limit + 1]
        return _json(_page([incident_json(i, analysis, analysis.events) for i in page], limit, offset))

    @router.get("/incidents/{incident_id}", response_model=schemas.IncidentOut, tags=["incidents"])
    def get_incident(incident_id: Annotated[str, Path(max_length=64)]) -> JSONResponse:
        """Return one incident with its member events and sources."""
        analysis = backend.analysis()
        incident = analysis.incident_index.get(incident_id)
        if incident is None:
            raise NotFoundError(f"no incident {incident_id!r}: list incidents with GET /api/incidents")
        return _json(incident_json(incident, analysis, analysis.events))

    @router.get("/control", response_model=schemas.ControlOut, tags=["control"])
    def control(
        at: Annotated[date | None, Query(description="Day to show; default each place's latest state.")] = None,
        place: PlaceQ = None,
        region: Annotated[str | None, Query(max_length=200, description="First-level division, name or code.")] = None,
    ) -> JSONResponse:
        """Return who holds each place on a day, how firmly (status, confidence) and on what evidence."""
        states = select_states(backend.analysis().control, at=at, place=place, region=region)
        return _json({"at": at.isoformat() if at else None, "states": [state_json(s) for s in states]})

    @router.get("/control/geojson", tags=["control"], responses={200: {"content": {"application/geo+json": {}}}})
    def control_geojson(
        at: Annotated[date | None, Query(description="Day to show; default each place's latest state.")] = None,
        region: Annotated[str | None, Query(max_length=200)] = None,
    ) -> JSONResponse:
        """Return the control map on a day as a GeoJSON FeatureCollection of places."""
        states = select_states(backend.analysis().control, at=at, region=region)
        return JSONResponse(states_to_geojson(states), media_type="application/geo+json")

    @router.get("/places/{name}/timeline", response_model=schemas.TimelineOut, tags=["control"])
    def place_timeline(name: Annotated[str, Path(min_length=1, max_length=200)]) -> JSONResponse:
        """Return the control timeline of a place (by name, alternate name or gazetteer id)."""
        cmap = backend.analysis().control
        found = cmap.find(name) or [p for p in cmap.places.values() if name.lower() in p.name.lower()]
        if not found:
            raise NotFoundError(f"no control evidence for {name!r}: check the name with GET /api/events?place={name}")
        out = []
        for p in sorted(found, key=lambda p: p.gazetteer_id):
            out.append(
                {
                    "place": p.name, "gazetteer_id": p.gazetteer_id, "admin1": p.admin1, "country": p.country,
                    "latitude": p.latitude, "longitude": p.longitude,
                    "states": [state_json(s) for s in cmap.timeline(p.gazetteer_id)],
                    "changes": [
                        {"day": c.day.isoformat(), "previous": c.previous, "holder": c.holder, "evidence": list(c.evidence)}
                        for c in cmap.changes(p.gazetteer_id)
                    ],
                }
            )
        return _json({"query": name, "places": out})

    @router.post(
        "/ingest", response_model=schemas.IngestOut, tags=["ingest"],
        responses={401: {"model": schemas.ErrorBody}, 403: {"model": schemas.ErrorBody}, 413: {"model": schemas.ErrorBody}},
    )
    def ingest(
        body: schemas.IngestRequest,
        authorization: Annotated[str | None, Header(description="Bearer <FRONTLINE_INGEST_TOKEN>")] = None,
    ) -> JSONResponse:
        """Ingest one report (its text, or a URL to fetch): extract its events and store them.

        Off unless the server has an ingest token; URLs to private, loopback and link-local hosts
        are refused unless FRONTLINE_ALLOW_PRIVATE_URLS=1.
        """
        check_token(backend.ingest_token, authorization)
        result = ingest_report(backend.store, body)
        backend.pages.clear()
        return _json(result)

    return router


def ingest_report(store: Store, body: schemas.IngestRequest) -> dict[str, Any]:
    """Read the request's text or URL into reports, extract events from new ones and store them."""
    from frontline.events.extract import extract
    from frontline.ingest.readers import Meta, document_from_text
    from frontline.ingest.run import actor_rows
    from frontline.ingest.sources import read_source

    if (body.text is None) == (body.url is None):
        raise InputError('send either "text" or "url" (exactly one of them)')
    docs: list[Document] = []
    errors: list[str] = []
    if body.text is not None:
        meta = Meta(url=None, title=body.title, publisher=body.publisher, published=body.published)
        docs.append(document_from_text(body.text, "request body", meta))
    else:
        url = (body.url or "").strip()
        if not url.lower().startswith(("http://", "https://")):
            raise InputError(f"{url!r}: only http and https URLs can be fetched")
        for item in read_source(url, published=body.published):
            if item.document is None:
                errors.append(item.error or f"{url}: unreadable")
                continue
            doc = item.document
            if body.publisher or body.title:
                doc = Document(
                    doc.id, doc.text, doc.url, body.title or doc.title, body.publisher or doc.publisher,
                    doc.published, doc.retrieved, doc.language,
                )
            docs.append(doc)
        if not docs and errors:
            raise InputError(errors[0])
    from frontline.nlp.pipeline import MAX_CHARS

    out = []
    for doc in docs:
        if len(doc.text) > MAX_CHARS:
            raise PayloadTooLarge(
                f"report of {len(doc.text)} characters is over the {MAX_CHARS}-character limit of the parser: split it"
            )
        if store.has_document(doc.id):
            out.append({"id": doc.id, "title": doc.title, "new": False, "events": 0})
            continue
        with _EXTRACT_LOCK:
            found = extract(doc)
        added = store.add_report(doc, found, actor_rows(found))
        out.append({"id": doc.id, "title": doc.title, "new": added, "events": len(found) if added else 0})
    return {"documents": out, "errors": errors}


def _incident_matches(
    incident: Incident, since: date | None, until: date | None, actor: str | None,
    event_type: str | None, place: str | None, corroboration: str | None,
) -> bool:
    end = incident.date_end or incident.date_start
    if since and (end is None or end < since):
        return False
    if until and (incident.date_start is None or incident.date_start > until):
        return False
    if actor:
        needle = actor.lower()
        if not any(needle in (a or "").lower() for a in (incident.actor1, incident.actor2)):
            return False
    if event_type:
        needle = event_type.lower()
        if needle not in incident.event_type.lower() and needle not in incident.sub_event_type.lower():
            return False
    if place:
        name = incident.location.place.name if incident.location else ""
        if place.lower() not in name.lower():
            return False
    return corroboration is None or incident.corroboration == corroboration
