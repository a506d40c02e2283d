"""Expand what the user names (files, folders, URLs, '-') into Documents, one error per bad input."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frontline import settings
from frontline.errors import InputError
from frontline.ingest.dates import infer_published
from frontline.ingest.fetch import fetch
from frontline.ingest.readers import (
    Meta,
    decode_text,
    document_from_html,
    document_from_text,
    documents_from_feed,
    documents_from_jsonl,
    looks_like_feed,
    looks_like_html,
)
from frontline.model import Document, replace

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# What a folder contributes: report files only (a folder's README.md or notes are not reports).
_FOLDER_SUFFIXES = {".txt", ".text"} | _HTML_SUFFIXES | _FEED_SUFFIXES | _JSONL_SUFFIXES


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One report read from an input, or the reason it could not be read."""

    origin: str
    document: Document | None = None
    error: str | None = None


def is_url(spec: str) -> bool:
    """Return whether an input names a URL rather than a path."""
    return spec.startswith(("http://", "https://"))


def expand(specs: Sequence[str]) -> list[str]:
    """Expand folders into the report files they hold (sorted), keeping URLs and '-' as they are."""
    out: list[str] = []
    for spec in specs:
        path = Path(spec)
        if spec != "-" and not is_url(spec) and path.is_dir():
            out.extend(
                str(p) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in _FOLDER_SUFFIXES
            )
        else:
            out.append(spec)
    return out


def read_source(spec: str, *, published: date | None = None) -> Iterator[SourceItem]:
    """Yield the reports in one input; an unreadable input yields one item with its error."""
    try:
        for doc_or_error in _read(spec, published):
            if isinstance(doc_or_error, InputError):
                yield SourceItem(origin=spec, error=str(doc_or_error))
            else:
                if published is not None:
                    doc_or_error = replace(doc_or_error, published=published)
                elif doc_or_error.published is None:
                    # An undated report may still state its date; otherwise it stays undated.
                    doc_or_error = replace(doc_or_error, published=infer_published(doc_or_error.url, doc_or_error.text))
                yield SourceItem(origin=spec, document=doc_or_error)
    except InputError as exc:
        yield SourceItem(origin=spec, error=str(exc))


def _read(spec: str, published: date | None) -> Iterator[Document | InputError]:
    if is_url(spec):
        fetched = fetch(spec)
        meta = Meta(url=fetched.url, published=published)
        if "html" in fetched.content_type or (not fetched.content_type and looks_like_html(fetched.body)):
            yield document_from_html(fetched.body, spec, meta)
        elif any(k in fetched.content_type for k in ("rss", "atom", "xml")) or looks_like_feed(fetched.body):
            yield from documents_from_feed(fetched.body, spec, meta)
        elif fetched.content_type.startswith("text/"):
            yield document_from_text(decode_text(fetched.body, spec), spec, meta)
        else:
            raise InputError(f"{spec}: returned {fetched.content_type or 'unknown content'}, not an HTML page, feed or text")
        return
    data = _read_bytes(spec)
    origin = "standard input" if spec == "-" else spec
    suffix = Path(spec).suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        yield from documents_from_jsonl(data, origin, published)
    elif looks_like_feed(data):
        yield from documents_from_feed(data, origin, Meta(published=published))
    elif suffix in _HTML_SUFFIXES or looks_like_html(data):
        yield document_from_html(data, origin, Meta(published=published))
    else:
        yield document_from_text(decode_text(data, origin), origin, Meta(published=published))


def _read_bytes(spec: str) -> bytes:
    limit = settings.get_int("max_bytes")
    if spec == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"standard input is larger than {limit} bytes (FRONTLINE_MAX_BYTES)")
        return data
    path = Path(spec)
    if not path.exists():
        raise InputError(f"{spec}: no such file")
    if path.is_dir():
        raise InputError(f"{spec} is a folder with no report files")
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            f"{spec} is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
            "(split it, or raise FRONTLINE_MAX_BYTES)"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{spec}: cannot read ({exc.strerror})") from exc
