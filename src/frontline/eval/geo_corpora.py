"""Read the geoparsing gold corpora (LGL, GeoWebNews, WikToR, event-location links) into typed values.

Each loader knows its corpus's quirks: LGL toponyms without a gazetteer tag are kept for
recognition but never scored for resolution; GeoWebNews mixes in non-place annotations
('city', 'mansion') that carry no coordinates; WikToR keeps texts and gold in separate files
with ",,"-separated fields whose first field may itself contain commas.
"""

from __future__ import annotations

import json
import logging
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from frontline.errors import DataError, InputError

log = logging.getLogger(__name__)

CORPUS_FORMATS: tuple[str, ...] = ("gritta-xml", "gwn", "wiktor")


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated place mention; coordinates are None when it cannot be scored for resolution."""

    start: int
    end: int
    phrase: str
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    name: str | None = None
    feature_code: str | None = None

    @property
    def resolvable(self) -> bool:
        """Return True when the gold gives coordinates to score against."""
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One text with its gold toponyms; `doc` is the docid attribute or the 0-based index."""

    doc: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    ignored: tuple[tuple[int, int], ...] = ()  # annotated spans that are neither scored nor errors


@dataclass(frozen=True, slots=True)
class EventLocationRecord:
    """One sentence with the verb of an event and the spans of the place(s) where it happened."""

    id: str
    text: str
    source: str
    verb: tuple[int, int]
    locations: tuple[tuple[int, int], ...]


def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _int(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def _parse_xml(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except FileNotFoundError as exc:
        raise InputError(f"no corpus file at {path}: check --corpus and the 'shared' setting") from exc
    except ET.ParseError as exc:
        raise DataError(f"{path} is not well-formed XML ({exc}): is it the right corpus file?") from exc


def _aligned(text: str, start: int, end: int, phrase: str) -> tuple[int, int] | None:
    """Return offsets whose text is `phrase`, searching nearby when the gold offsets drift."""
    if text[start:end] == phrase:
        return start, end
    window = 200
    lo = max(0, start - window)
    found = text.find(phrase, lo, end + window)
    if found < 0:
        return None
    return found, found + len(phrase)


# Where each variant of the Gritta corpus family writes a toponym's surface form and coordinates:
# LGL / TR-News <toponym><phrase/><gaztag><lat/><lon/></gaztag>, the <location><name/><lat/><lon/>
# form, and files that put <lat>/<lon> or <latitude>/<longitude> straight under the toponym.
_TOPONYM_TAGS = ("toponym", "location")
_PHRASE_TAGS = ("phrase", "name", "extractedName", "toponymName")
_LAT_TAGS = ("lat", "latitude")
_LON_TAGS = ("lon", "lng", "longitude")


def _first_text(node: ET.Element, tags: Sequence[str]) -> str | None:
    for tag in tags:
        value = node.findtext(tag)
        if value is not None and value.strip():
            return value.strip()
    return None


def _gritta_toponym(node: ET.Element, text: str, doc: str) -> GoldToponym | None:
    """Read one <toponym> or <location> element, whichever way its variant writes the fields."""
    start, end = _int(node.findtext("start")), _int(node.findtext("end"))
    if start is None or end is None:
        return None
    phrase = _first_text(node, _PHRASE_TAGS) or text[start:end]
    span = _aligned(text, start, end, phrase)
    if span is None:
        log.debug("%s: toponym %r at %d not found in text", doc, phrase, start)
        return None
    tag = node.find("gaztag")
    holder = tag if tag is not None else node
    lat, lon = _float(_first_text(holder, _LAT_TAGS)), _float(_first_text(holder, _LON_TAGS))
    geonameid = _int(holder.get("geonameid") or _first_text(holder, ("geonameid", "geonamesID")))
    name = holder.findtext("name") if tag is not None else _first_text(node, ("normalisedName", "name"))
    return GoldToponym(span[0], span[1], phrase, lat, lon, geonameid, name, holder.findtext("fcode"))


def _wiktor_page(page: ET.Element, index: int) -> GoldArticle:
    """Read a WikToR.xml <page>: one toponym name and point, its occurrences under <toponymIndices>."""
    text = page.findtext("text") or ""
    name = page.findtext("toponymName") or ""
    lat, lon = _float(page.findtext("lat")), _float(page.findtext("lon"))
    toponyms = []
    for node in page.iter("toponym"):
        start, end = _int(node.findtext("start")), _int(node.findtext("end"))
        if start is None or end is None:
            continue
        span = _aligned(text, start, end, text[start:end])
        if span is not None:
            toponyms.append(GoldToponym(span[0], span[1], text[span[0] : span[1]], lat, lon, name=name))
    toponyms.sort(key=lambda t: (t.start, t.end))
    return GoldArticle(doc=page.get("number") or str(index), text=text, toponyms=tuple(toponyms))


def load_gritta_xml(path: Path) -> list[GoldArticle]:
    """Load any XML variant of the Gritta corpus family (LGL, TR-News, GeoVirus, WikToR.xml, <location> files).

    Articles are <article> (or WikToR's <page>) elements holding <text>; toponyms are <toponym> or
    <location> elements anywhere below them, with <start>, <end>, a surface form (<phrase>, <name>,
    ...) and coordinates in a <gaztag> or directly (<lat>/<lon>, <latitude>/<longitude>).
    """
    root = _parse_xml(path)
    articles: list[GoldArticle] = []
    pages = list(root.iter("page")) if root.find(".//article") is None else []
    for index, page in enumerate(pages):
        articles.append(_wiktor_page(page, index))
    for index, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        doc = article.get("docid") or article.get("file") or str(index)
        toponyms: list[GoldToponym] = []
        for node in article.iter():
            if node.tag in _TOPONYM_TAGS and node.find("start") is not None:
                toponym = _gritta_toponym(node, text, doc)
                if toponym is not None:
                    toponyms.append(toponym)
        toponyms.sort(key=lambda t: (t.start, t.end))
        articles.append(GoldArticle(doc=doc, text=text, toponyms=tuple(toponyms)))
    return articles


def load_gwn(path: Path) -> list[GoldArticle]:
    """Load GeoWebNews GWN.xml; annotations without coordinates (non-place words) are only ignored spans."""
    root = _parse_xml(path)
    articles: list[GoldArticle] = []
    for index, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        doc = article.get("docid") or str(index)
        toponyms: list[GoldToponym] = []
        ignored: list[tuple[int, int]] = []
        for node in article.iterfind("toponyms/toponym"):
            start, end = _int(node.findtext("start")), _int(node.findtext("end"))
            phrase = node.findtext("extractedName") or ""
            if start is None or end is None:
                continue
            span = _aligned(text, start, end, phrase)
            if span is None:
                log.debug("%s: annotation %r at %d not found in text", doc, phrase, start)
                continue
            lat, lon = _float(node.findtext("latitude")), _float(node.findtext("longitude"))
            if lat is None or lon is None:
                ignored.append(span)
                continue
            toponyms.append(
                GoldToponym(
                    span[0],
                    span[1],
                    phrase,
                    latitude=lat,
                    longitude=lon,
                    geonameid=_int(node.findtext("geonamesID")),
                    name=node.findtext("normalisedName") or None,
                )
            )
        toponyms.sort(key=lambda t: (t.start, t.end))
        articles.append(GoldArticle(doc=doc, text=text, toponyms=tuple(toponyms), ignored=tuple(sorted(ignored))))
    return articles


def _wiktor_paths(path: Path) -> tuple[Path, Path]:
    """Return (gold file, texts folder) for a WikToR folder or its gold file."""
    if path.is_dir():
        gold, texts = path / "WikToR_gold.txt", path / "texts"
    else:
        gold, texts = path, path.parent / "texts"
    if not gold.is_file() or not texts.is_dir():
        raise InputError(f"no WikToR gold file and texts/ folder at {path}: point --corpus at the wiktor folder")
    return gold, texts


def load_wiktor(path: Path) -> list[GoldArticle]:
    """Load WikToR: line N of the gold file annotates texts/N as 'name,,phrase,,lat,,lon,,start,,end||...'."""
    gold, texts = _wiktor_paths(path)
    articles: list[GoldArticle] = []
    with gold.open(encoding="utf-8") as lines:
        for index, line in enumerate(lines):
            text_path = texts / str(index)
            if not text_path.is_file():
                raise DataError(f"WikToR gold line {index} has no text file {text_path}")
            text = text_path.read_text(encoding="utf-8")
            toponyms: list[GoldToponym] = []
            for item in line.rstrip("\n").split("||"):
                if not item.strip():
                    continue
                fields = item.split(",,")
                if len(fields) != 6:
                    raise DataError(f"WikToR gold line {index}: expected 6 ',,'-separated fields in {item!r}")
                name, phrase, lat, lon, start, end = fields
                s, e = _int(start), _int(end)
                if s is None or e is None:
                    continue
                span = _aligned(text, s, e, phrase)
                if span is None:
                    continue
                toponyms.append(GoldToponym(span[0], span[1], phrase, _float(lat), _float(lon), name=name))
            toponyms.sort(key=lambda t: (t.start, t.end))
            articles.append(GoldArticle(doc=str(index), text=text, toponyms=tuple(toponyms)))
    return articles


def detect_format(path: Path) -> str:
    """Guess a corpus format from its path: a WikToR folder, GWN.xml, or an LGL-style XML file."""
    if path.suffix.lower() == ".xml" and path.is_file():
        with path.open("rb") as handle:
            head = handle.read(20000)
        return "gwn" if b"<extractedName>" in head else "gritta-xml"
    if path.is_dir() or path.name.lower().startswith("wiktor"):
        return "wiktor"
    raise InputError(f"cannot tell the format of {path}: pass --format gritta-xml|gwn|wiktor")


def load_corpus(path: Path, fmt: str | None = None) -> list[GoldArticle]:
    """Load a geoparsing corpus in `fmt` (detected from the path when None)."""
    if not path.exists():
        raise InputError(f"no corpus at {path}: check --corpus and the 'shared' setting")
    fmt = fmt or detect_format(path)
    if fmt == "gritta-xml":
        return load_gritta_xml(path)
    if fmt == "gwn":
        return load_gwn(path)
    if fmt == "wiktor":
        return load_wiktor(path)
    raise InputError(f"unknown corpus format {fmt!r}: use one of {', '.join(CORPUS_FORMATS)}")


def load_mlg_patches(path: Path) -> dict[tuple[str, float, float], tuple[float, float]]:
    """Load coordinate fixes: (toponym, dataset lat, dataset lon) -> corrected (lat, lon)."""
    fixes: dict[tuple[str, float, float], tuple[float, float]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 3:
            continue
        try:
            old = [float(v) for v in parts[1].split(",")]
            new = [float(v) for v in parts[2].split(",")]
        except ValueError:
            log.debug("%s:%d: unreadable patch line", path, number)
            continue
        fixes[(parts[0], round(old[0], 4), round(old[1], 4))] = (new[0], new[1])
    return fixes


def apply_patches(
    articles: list[GoldArticle], fixes: dict[tuple[str, float, float], tuple[float, float]]
) -> list[GoldArticle]:
    """Return articles whose gold coordinates are replaced by the matching fixes."""
    patched: list[GoldArticle] = []
    for article in articles:
        toponyms = []
        for t in article.toponyms:
            if t.resolvable and t.latitude is not None and t.longitude is not None:
                key_name = t.name or t.phrase
                fix = fixes.get((key_name, round(t.latitude, 4), round(t.longitude, 4)))
                if fix is None:
                    fix = fixes.get((t.phrase, round(t.latitude, 4), round(t.longitude, 4)))
                if fix is not None:
                    t = GoldToponym(t.start, t.end, t.phrase, fix[0], fix[1], t.geonameid, t.name, t.feature_code)
            toponyms.append(t)
        patched.append(GoldArticle(article.doc, article.text, tuple(toponyms), article.ignored))
    return patched


def iter_event_locations(path: Path) -> Iterator[EventLocationRecord]:
    """Yield event-location records (one verb each) from the Halterman 2019 labelled file."""
    target = path / "labeled_text.jsonl" if path.is_dir() else path
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"no event-location gold at {target}: check --corpus and the 'shared' setting") from exc
    stripped = raw.lstrip()
    # The published file is one JSON array despite its .jsonl name; accept real JSON lines too.
    rows = json.loads(stripped) if stripped.startswith("[") else [json.loads(x) for x in raw.splitlines() if x.strip()]
    for index, row in enumerate(rows):
        spans = row.get("spans") or []
        verbs = [(int(s["start"]), int(s["end"])) for s in spans if s.get("label") == "VERB"]
        if len(verbs) != 1:
            continue
        locations = tuple(sorted((int(s["start"]), int(s["end"])) for s in spans if s.get("label") == "LOCATION"))
        yield EventLocationRecord(
            id=str(row.get("_id", index)),
            text=str(row.get("text", "")),
            source=str(row.get("source", "")),
            verb=verbs[0],
            locations=locations,
        )
