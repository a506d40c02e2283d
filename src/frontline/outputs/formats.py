"""Write events in the shapes analysts' tools read: a terminal table, JSON, CSV, GeoJSON, ACLED CSV, PLOVER JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from frontline.model import Document, Event

TABLE_COLUMNS = ("date", "sub_event_type", "actor1", "actor2", "location", "prec", "claim", "source")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
)


def _date_text(e: Event) -> str:
    if e.date_start is None:
        return ""
    if e.date_end and e.date_end != e.date_start:
        return f"{e.date_start.isoformat()}..{e.date_end.isoformat()}"
    return e.date_start.isoformat()


def table(events: Sequence[Event]) -> str:
    """Return a plain-text table, one line per event, sized to its contents."""
    rows = [
        (
            _date_text(e),
            e.sub_event_type,
            e.actor1 or "",
            e.actor2 or "",
            (e.location.place.name if e.location else ""),
            str(e.location.geo_precision) if e.location else "",
            e.claim.status,
            (e.claim.source or "")[:40],
        )
        for e in events
    ]
    if not rows:
        return "no events found"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(TABLE_COLUMNS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(TABLE_COLUMNS, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)
    return "\n".join(lines)


def to_json(document: Document | None, events: Sequence[Event]) -> str:
    """Return the extract contract: {"document": {...}, "events": [...]}."""
    payload: dict[str, Any] = {"events": [e.to_dict() for e in events]}
    if document is not None:
        payload = {"document": document_dict(document), **payload}
    return json.dumps(payload, ensure_ascii=False, indent=2)


def document_dict(doc: Document, *, with_text: bool = False) -> dict[str, Any]:
    """Return a report's metadata as JSON-ready values."""
    out: dict[str, Any] = {
        "id": doc.id,
        "url": doc.url,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": doc.published.isoformat() if doc.published else None,
        "retrieved": doc.retrieved.isoformat() if doc.retrieved else None,
        "language": doc.language,
        "characters": len(doc.text),
    }
    if with_text:
        out["text"] = doc.text
    return out


def to_csv(events: Sequence[Event]) -> str:
    """Return the flat event contract as CSV."""
    rows = [e.to_dict() for e in events]
    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (json.dumps(v) if isinstance(v, list) else v) for k, v in row.items()})
    return buffer.getvalue()


def to_geojson(events: Sequence[Event]) -> str:
    """Return a GeoJSON FeatureCollection of located events (unlocated ones are left out)."""
    features = []
    for e in events:
        if e.location is None:
            continue
        props = e.to_dict()
        features.append(
            {
                "type": "Feature",
                "id": e.id,
                "geometry": {"type": "Point", "coordinates": [round(e.location.longitude, 5), round(e.location.latitude, 5)]},
                "properties": props,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def to_acled_csv(events: Sequence[Event], actor_info: Callable[[str, date | None], tuple[str, int | None]], publisher_of: Callable[[str], str]) -> str:
    """Return ACLED-style CSV: ACLED actor names and inter codes, one row per event."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for n, e in enumerate(events, start=1):
        name1, inter1 = actor_info(e.actor1, e.date_start) if e.actor1 else ("", None)
        name2, inter2 = actor_info(e.actor2, e.date_start) if e.actor2 else ("", None)
        place = e.location.place if e.location else None
        country_code = place.country if place else ""
        writer.writerow(
            {
                "event_id_cnty": f"{country_code or 'XX'}-FL{n:06d}",
                "event_date": e.date_start.isoformat() if e.date_start else "",
                "year": e.date_start.year if e.date_start else "",
                "time_precision": e.time_precision,
                "event_type": e.event_type,
                "sub_event_type": e.sub_event_type,
                "actor1": name1,
                "assoc_actor_1": "; ".join(actor_info(a, e.date_start)[0] for a in e.assoc_actor_1),
                "inter1": inter1 or "",
                "actor2": name2,
                "assoc_actor_2": "; ".join(actor_info(a, e.date_start)[0] for a in e.assoc_actor_2),
                "inter2": inter2 or "",
                "interaction": e.interaction or "",
                "civilian_targeting": "Civilian targeting" if e.event_type == "Violence against civilians" else "",
                "iso": country_code,
                "country": country_code,
                "admin1": place.admin1 if place else "",
                "admin2": place.admin2 if place else "",
                "location": place.name if place else "",
                "latitude": f"{e.location.latitude:.4f}" if e.location else "",
                "longitude": f"{e.location.longitude:.4f}" if e.location else "",
                "geo_precision": e.location.geo_precision if e.location else "",
                "source": publisher_of(e.document_id),
                "source_scale": "",
                "notes": _notes(e),
                "fatalities": e.fatalities,
                "tags": _tags(e),
            }
        )
    return buffer.getvalue()


def _notes(e: Event) -> str:
    where = f" ({e.location.relation})" if e.location and e.location.relation else ""
    claim = ""
    if e.claim.status != "reported":
        claim = f" [{e.claim.status}{' by ' + e.claim.source if e.claim.source else ''}]"
    return f"{e.text}{where}{claim}"


def _tags(e: Event) -> str:
    tags = []
    if e.claim.partisan:
        tags.append("partisan claim")
    if e.claim.silent_on:
        tags.append("silent on: " + ", ".join(e.claim.silent_on))
    return "; ".join(tags)


def to_plover_json(events: Sequence[Event], actor_info: Callable[[str, date | None], tuple[str, int | None]]) -> str:
    """Return events as PLOVER records (event type and mode, actor and recipient, location, source text)."""
    records = []
    for e in events:
        place = e.location.place if e.location else None
        records.append(
            {
                "id": e.id,
                "date": e.date_start.isoformat() if e.date_start else None,
                "date_end": e.date_end.isoformat() if e.date_end else None,
                "event": e.plover_type,
                "mode": e.plover_mode,
                "context": [e.sub_event_type],
                "actor": e.actor1,
                "actor_acled": actor_info(e.actor1, e.date_start)[0] if e.actor1 else None,
                "recipient": e.actor2,
                "recipient_acled": actor_info(e.actor2, e.date_start)[0] if e.actor2 else None,
                "cameo_root": e.cameo_root,
                "location": (
                    {
                        "name": place.name,
                        "geonameid": place.geonameid,
                        "country": place.country,
                        "admin1": place.admin1,
                        "lat": e.location.latitude,
                        "lon": e.location.longitude,
                        "precision": e.location.geo_precision,
                    }
                    if place and e.location
                    else None
                ),
                "fatalities": e.fatalities,
                "claim": {"status": e.claim.status, "source": e.claim.source, "affiliation": e.claim.speaker_affiliation},
                "text": e.text,
                "doc_id": e.document_id,
            }
        )
    return json.dumps(records, ensure_ascii=False, indent=2)
