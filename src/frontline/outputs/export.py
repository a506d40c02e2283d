"""Export stored events in a chosen format, with ACLED actor names and report publishers filled in."""

from __future__ import annotations

from functools import cache

from frontline import settings
from frontline.actors import load_pack
from frontline.errors import InputError
from frontline.outputs import formats
from frontline.outputs.html_map import render_map
from frontline.store import EventFilter, Store


def export_events(store: Store, fmt: str, filt: EventFilter | None = None) -> str:
    """Return the stored events matching `filt` as acled-csv, geojson, plover-json, json or html."""
    found = store.events(filt or EventFilter())
    pack = load_pack(settings.get("theatre"))

    @cache
    def actor_info(name: str) -> tuple[str, int | None]:
        try:
            actor = pack.actor(name)
        except LookupError:
            return name, None
        return actor.acled_name, actor.inter

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
