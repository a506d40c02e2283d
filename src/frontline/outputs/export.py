"""Export stored events in a chosen format, with ACLED actor names and report publishers filled in."""

from __future__ import annotations

from datetime import date
from functools import cache

from frontline.actors import ActorPack, available_theatres, load_pack
from frontline.actors.detect import theatre_setting
from frontline.errors import InputError
from frontline.outputs import formats
from frontline.outputs.html_map import render_map
from frontline.store import EventFilter, Store


def export_events(store: Store, fmt: str, filt: EventFilter | None = None) -> str:
    """Return the stored events matching `filt` as acled-csv, geojson, plover-json, json or html."""
    found = store.events(filt or EventFilter())
    packs = _packs()

    @cache
    def actor_info(name: str, on: date | None = None) -> tuple[str, int | None]:
        # A store can hold several wars: the first pack that knows the actor names it, in the
        # ACLED name in use on the event's date ("Military Forces of Syria (2024-)" after December 2024).
        for pack in packs:
            try:
                actor = pack.actor(name)
            except LookupError:
                continue
            return actor.acled_name_on(on), actor.inter
        return name, None

    publishers = store.publishers()

    def publisher_of(document_id: str) -> str:
        return publishers.get(document_id) or ""

    if fmt == "acled-csv":
        return formats.to_acled_csv(found, actor_info, publisher_of)
    if fmt == "geojson":
        return formats.to_geojson(found)
    if fmt == "plover-json":
        return formats.to_plover_json(found, actor_info)
    if fmt == "json":
        return formats.to_json(None, found)
    if fmt == "html":
        return render_map(found)
    raise InputError(f"unknown export format {fmt!r}: use acled-csv, geojson, plover-json, json or html")


def _packs() -> list[ActorPack]:
    """Return the shipped packs, the theatre the user set first."""
    chosen = theatre_setting()
    names = ([chosen] if chosen else []) + [t for t in available_theatres() if t != chosen]
    return [load_pack(name) for name in names]
