"""Extract events on a Dask cluster: the same pure function, spread over worker processes.

Workers parse and extract; the calling process keeps the only database connection and writes
each report as its results arrive, so a crash loses at most the reports still in flight.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from frontline.errors import ConfigError
from frontline.model import Document, Event

log = logging.getLogger(__name__)


def _extract_batch(documents: list[Document]) -> list[tuple[Document, list[Event]]]:
    # Imported inside the task: each worker loads the spaCy model and gazetteer once and keeps them.
    from frontline.events.extract import extract_many

    return list(extract_many(documents))


class ClusterExtractor:
    """A Dask client that extracts events from batches of reports; use it as a context manager.

    With `scheduler` (an address such as tcp://host:8786) an existing cluster is used; otherwise a
    LocalCluster with `workers` single-threaded processes is started, and closed on exit.
    """

    def __init__(self, *, workers: int, scheduler: str | None = None, batch_size: int = 16) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ConfigError('parallel ingest needs Dask: run `pip install -e ".[scale]"`') from exc
        self.batch_size = batch_size
        self._cluster: Any = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = Client(self._cluster)

    def __enter__(self) -> "ClusterExtractor":
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def extract(self, documents: Sequence[Document]) -> Iterator[tuple[Document, list[Event]]]:
        """Yield (document, events) pairs as the workers finish them."""
        from distributed import as_completed

        size = self.batch_size
        batches = [list(documents[i : i + size]) for i in range(0, len(documents), size)]
        futures = self._client.map(_extract_batch, batches, pure=False)
        for future in as_completed(futures):
            yield from future.result()
