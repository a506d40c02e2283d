"""Ingest: files, folders, URLs, feeds and JSON Lines in; Documents out; stored with their events."""

from frontline.ingest.readers import Meta
from frontline.ingest.sources import SourceItem, expand, read_source

__all__ = ["Meta", "SourceItem", "expand", "read_source"]
