"""Ingest reports into the store: read, skip what is stored, extract events, write each report atomically."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from frontline import settings
from frontline.actors import load_pack
from frontline.events.extract import extract_many
from frontline.ingest.sources import expand, read_source
from frontline.model import Document, Event
from frontline.store import Store

log = logging.getLogger(__name__)

BATCH = 16


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did."""

    read: int = 0
    new: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    undated: int = 0  # new reports with no publication date, given or stated: their events stay undated
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        """Return the one-line summary printed at the end of a run."""
        return (
            f"reports read: {self.read}, new: {self.new}, skipped: {self.skipped}, "
            f"failed: {self.failed}, events: {self.events}, undated reports: {self.undated}"
        )


Extractor = Callable[[Sequence[Document]], Iterable[tuple[Document, list[Event]]]]


def ingest(
    specs: Sequence[str],
    store: Store,
    *,
    published: date | None = None,
    on_progress: Callable[[int], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> IngestSummary:
    """Read every input, extract events from reports not yet stored, and store them.

    Each report is written in its own transaction, so a bad input later in the run loses nothing
    already stored, and a report seen twice (same content hash) is skipped. With `workers` > 1 or
    a `scheduler` address, extraction runs on a Dask cluster; writing stays in this process.
    """
    with ExitStack() as stack:
        extractor: Extractor = _in_process
        batch = BATCH
        if workers > 1 or scheduler:
            from frontline.ingest.parallel import ClusterExtractor

            cluster = stack.enter_context(ClusterExtractor(workers=workers, scheduler=scheduler))
            extractor = cluster.extract
            batch = BATCH * 32  # keep every worker busy between writes
        return _ingest(specs, store, published, on_progress, extractor, batch)


def _in_process(documents: Sequence[Document]) -> Iterator[tuple[Document, list[Event]]]:
    return extract_many(documents)


def _ingest(
    specs: Sequence[str],
    store: Store,
    published: date | None,
    on_progress: Callable[[int], None] | None,
    extractor: Extractor,
    batch: int,
) -> IngestSummary:
    summary = IngestSummary()
    pending: list[Document] = []
    seen: set[str] = set()
    for spec in expand(specs):
        for item in read_source(spec, published=published):
            if item.document is None:
                summary.failed += 1
                summary.errors.append(item.error or f"{item.origin}: unreadable")
                if on_progress:
                    on_progress(1)
                continue
            summary.read += 1
            doc = item.document
            if doc.id in seen or store.has_document(doc.id):
                summary.skipped += 1
                if on_progress:
                    on_progress(1)
                continue
            seen.add(doc.id)
            pending.append(doc)
            if len(pending) >= batch:
                _flush(pending, store, summary, on_progress, extractor)
    _flush(pending, store, summary, on_progress, extractor)
    return summary


def _flush(
    pending: list[Document],
    store: Store,
    summary: IngestSummary,
    on_progress: Callable[[int], None] | None,
    extractor: Extractor,
) -> None:
    if not pending:
        return
    for doc, found in extractor(pending):
        if store.add_report(doc, found, actor_rows(found)):
            summary.new += 1
            summary.events += len(found)
            summary.undated += doc.published is None
        else:
            summary.skipped += 1
        if on_progress:
            on_progress(1)
    pending.clear()


def actor_rows(found: Sequence[Event]) -> list[dict[str, Any]]:
    """Return the actors table rows (ACLED name, inter code, country, PLOVER sector) for events' actors."""
    pack = load_pack(settings.get("theatre"))
    rows: list[dict[str, Any]] = []
    for name in sorted({n for e in found for n in (e.actor1, e.actor2) if n}):
        try:
            actor = pack.actor(name)
        except LookupError:
            rows.append({"name": name})
            continue
        rows.append(
            {
                "name": name,
                "acled_name": actor.acled_name,
                "inter": actor.inter,
                "country": actor.country,
                "plover_sector": actor.plover_sector,
            }
        )
    return rows
