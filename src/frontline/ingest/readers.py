"""Turn raw bytes (text files, HTML pages, feeds, JSON Lines) into Documents, refusing what is not a report."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from frontline.errors import InputError
from frontline.ingest.dates import parse_date
from frontline.model import Document

log = logging.getLogger(__name__)

# A handful of very common English words: enough to tell an English report from another language
# without a language-identification model.
_ENGLISH_WORDS = frozenset(
    "the of and to in a is that for on was with by as at from said it his are were has have had been "
    "be an this which their they not or its after who but also more than two killed forces".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<rss|<feed|<rdf:RDF)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata a source supplies alongside its text."""

    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: date | None = None


def decode_text(data: bytes, origin: str) -> str:
    """Decode report bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if not data.strip():
        raise InputError(f"{origin} is empty")
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{origin} has a UTF-16 mark but is not valid UTF-16") from exc
    if b"\x00" in head or _control_ratio(head) > 0.05:
        raise InputError(f"{origin} looks like a binary file, not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older news archives are often Windows-1252 or Latin-1; cp1252 decodes both for English text.
        log.warning("%s is not UTF-8; reading it as Windows-1252", origin)
        return data.decode("cp1252", errors="replace")


def _control_ratio(data: bytes) -> float:
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(data), 1)


def check_english(text: str, origin: str) -> None:
    """Raise InputError when a text is clearly not English (frontline reads English reports)."""
    words = _WORD.findall(text[:20000].lower())
    if len(words) < 8:
        return
    latin = sum(1 for w in words if w.isascii())
    common = sum(1 for w in words if w in _ENGLISH_WORDS)
    if latin / len(words) < 0.5 or common / len(words) < 0.04:
        raise InputError(f"{origin} does not look like English text; frontline reads English reports")


def looks_like_html(data: bytes) -> bool:
    """Return whether bytes start like an HTML page."""
    return bool(_HTML_START.match(data[:2048]))


def looks_like_feed(data: bytes) -> bool:
    """Return whether bytes start like an RSS or Atom feed."""
    return bool(_FEED_START.match(data[:2048]))


def document_from_text(text: str, origin: str, meta: Meta = Meta(), *, check_language: bool = True) -> Document:
    """Build a Document from plain text, refusing empty or non-English text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise InputError(f"{origin} is empty")
    if check_language:
        check_english(text, origin)
    title = meta.title or _first_line(text)
    return Document.from_text(
        text,
        url=meta.url,
        title=title,
        publisher=meta.publisher,
        published=meta.published,
        retrieved=datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0),
    )


def _first_line(text: str) -> str | None:
    line = text.split("\n", 1)[0].strip()
    return line[:300] if line else None


def document_from_html(data: bytes | str, origin: str, meta: Meta = Meta()) -> Document:
    """Extract a page's main text and metadata (title, site, date) with trafilatura."""
    import trafilatura  # heavy import; only paid when HTML is read

    html = data if isinstance(data, str) else decode_text(data, origin)
    extracted = trafilatura.bare_extraction(html, url=meta.url, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(f"{origin}: no main text found in the HTML")
    found = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = (found.get("text") or "").strip()
    if not text:
        raise InputError(f"{origin}: no main text found in the HTML")
    title = found.get("title")
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    page_meta = Meta(
        url=meta.url or found.get("url"),
        title=meta.title or title,
        publisher=meta.publisher or found.get("sitename") or found.get("hostname"),
        published=meta.published or parse_date(found.get("date")),
    )
    return document_from_text(body, origin, page_meta)


def documents_from_feed(data: bytes, origin: str, meta: Meta = Meta()) -> Iterator[Document | InputError]:
    """Yield one Document per feed entry (RSS or Atom), using the entry's content or summary."""
    import feedparser

    parsed: Any = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise InputError(f"{origin} is not a readable RSS or Atom feed")
    publisher = meta.publisher or parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        where = f"{origin} entry {i + 1}"
        html = ""
        if entry.get("content"):
            html = " ".join(part.get("value", "") for part in entry.content)
        html = html or entry.get("summary", "")
        text = _strip_tags(html)
        title = entry.get("title")
        published = parse_date(entry.get("published") or entry.get("updated"))
        try:
            yield document_from_text(
                f"{title}\n\n{text}" if title else text,
                where,
                Meta(url=entry.get("link"), title=title, publisher=publisher, published=meta.published or published),
            )
        except InputError as exc:
            yield exc


def _strip_tags(html: str) -> str:
    import html as html_lib

    without = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    without = re.sub(r"(?s)<[^>]+>", " ", without)
    return re.sub(r"[ \t]+", " ", html_lib.unescape(without)).strip()


def documents_from_jsonl(data: bytes, origin: str, published: date | None = None) -> Iterator[Document | InputError]:
    """Yield one Document per JSON line {"url", "title", "date" or "published", "text"}; bad lines yield errors."""
    text = decode_text(data, origin)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield InputError(f'{where}: expected an object with a "text" string')
            continue
        raw_date = record.get("published") or record.get("date")
        try:
            record_date = published or parse_date(raw_date, strict=True)
        except InputError as exc:
            yield InputError(f"{where}: {exc}")
            continue
        meta = Meta(
            url=_opt_str(record.get("url")),
            title=_opt_str(record.get("title")),
            publisher=_opt_str(record.get("publisher")),
            published=record_date,
        )
        try:
            yield document_from_text(record["text"], where, meta)
        except InputError as exc:
            yield exc


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
