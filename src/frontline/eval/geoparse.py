"""Score the geoparser on gold corpora: resolution, recognition, event-location choice, UCDP headlines."""

from __future__ import annotations

import csv
import html
import json
import logging
import os
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from frontline.errors import InputError
from frontline.eval.geo_corpora import (
    GoldArticle,
    apply_patches,
    iter_event_locations,
    load_corpus,
    load_mlg_patches,
)
from frontline.eval.geo_metrics import (
    RecognitionScores,
    ResolutionScores,
    add_recognition,
    overlaps,
    score_recognition,
    score_resolution,
)
from frontline.geo.distance import haversine_km
from frontline.geo.types import Toponym

log = logging.getLogger(__name__)

MODES: tuple[str, ...] = ("gold-toponyms", "end-to-end")


@dataclass(frozen=True, slots=True)
class GeoparseReport:
    """Figures of one geoparsing run over a corpus."""

    corpus: str
    format: str
    mode: str
    articles: int
    resolution: ResolutionScores
    recognition: RecognitionScores | None
    subsets: dict[str, ResolutionScores]
    parse_seconds: float
    resolve_seconds: float
    resolve_docs_per_second: float
    gazetteer_rss_mb: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON values."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class EventLocationReport:
    """How often the chosen place of a verb is the gold place of the event."""

    records: int  # records with one verb and at least one gold location
    with_candidates: int  # ... where the geoparser found at least one place in the sentence
    gold_among_candidates: int
    choice_correct: int
    choice_accuracy: float  # correct / records whose gold place was among the candidates
    strict_accuracy: float  # correct / all records with a gold location
    multi_candidate_accuracy: float  # choice accuracy where two or more places competed
    by_source: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UcdpGeoReport:
    """Headline geolocation against UCDP GED coordinates."""

    rows: int  # rows with where_prec <= max_prec and a headline
    named: int  # ... whose headline yields a resolved place
    within_km: float
    share_within: float  # of `named`
    names_ucdp_place: int  # rows whose headline contains UCDP's own place name
    share_within_ucdp_named: float
    median_km: float


def _rss_mb() -> float | None:
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def _load(path: Path, fmt: str | None, patches: Path | None) -> list[GoldArticle]:
    articles = load_corpus(path, fmt)
    if patches is not None:
        articles = apply_patches(articles, load_mlg_patches(patches))
    return articles


def _error(t: Toponym | None, lat: float, lon: float) -> float | None:
    if t is None or t.place is None:
        return None
    return haversine_km(t.place.latitude, t.place.longitude, lat, lon)


def _prediction_line(doc: str, gold_start: int, gold_end: int, phrase: str, t: Toponym | None) -> str:
    place = t.place if t is not None else None
    return json.dumps(
        {
            "doc": doc,
            "start": gold_start,
            "end": gold_end,
            "phrase": phrase,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "geonameid": place.geonameid if place else None,
        },
        ensure_ascii=False,
    )


def evaluate_geoparse(
    path: Path,
    *,
    fmt: str | None = None,
    mode: str = "gold-toponyms",
    predictions: Path | None = None,
    patches: Path | None = None,
    limit: int | None = None,
    demonyms: bool = False,
    parse: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> GeoparseReport:
    """Geoparse a gold corpus and score it; misses count as the largest possible error.

    In gold-toponym mode the gold spans are resolved; `parse` lets spaCy find the text's other
    places as context (without it, gazetteer matching alone supplies them).
    """
    from frontline.geo import parse as geo_parse

    if mode not in MODES:
        raise InputError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    articles = _load(path, fmt, patches)
    if limit is not None:
        articles = articles[:limit]
    fmt_name = fmt or "auto"
    before = _rss_mb()
    geo_parse.gazetteer()
    after = _rss_mb()
    rss = (after - before) if before is not None and after is not None else None

    picks: list[list[Toponym | None]] = []
    recog: list[RecognitionScores] = []
    parse_s = resolve_s = 0.0
    if mode == "gold-toponyms":
        docs: list[Any] = [None] * len(articles)
        if parse:
            nlp = geo_parse.shared_nlp()
            t0 = time.perf_counter()
            docs = list(nlp.pipe((a.text for a in articles), batch_size=16, disable=["lemmatizer"]))
            parse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        for k, (article, doc) in enumerate(zip(articles, docs)):
            gold = [t for t in article.toponyms if t.resolvable]
            resolved = geo_parse.resolve_spans(article.text, [(t.start, t.end) for t in gold], doc=doc)
            picks.append(list(resolved))
            if progress is not None:
                progress(k + 1, len(articles))
        resolve_s = time.perf_counter() - t0
    else:
        nlp = geo_parse.shared_nlp()
        t0 = time.perf_counter()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16, disable=["lemmatizer"]))
        parse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        found = [geo_parse.geoparse(doc, demonyms=demonyms) for doc in docs]
        resolve_s = time.perf_counter() - t0
        for article, toponyms in zip(articles, found):
            spans = [(t.start, t.end) for t in toponyms]
            recog.append(
                score_recognition([(g.start, g.end) for g in article.toponyms], spans, article.ignored)
            )
            gold = [t for t in article.toponyms if t.resolvable]
            row: list[Toponym | None] = []
            for g in gold:
                exact = next((t for t in toponyms if (t.start, t.end) == (g.start, g.end)), None)
                row.append(exact or next((t for t in toponyms if overlaps((t.start, t.end), (g.start, g.end))), None))
            picks.append(row)

    errors: list[float | None] = []
    id_hits: list[bool | None] = []
    by_kind: dict[str, list[float | None]] = {}
    lines: list[str] = []
    for article, row in zip(articles, picks):
        gold = [t for t in article.toponyms if t.resolvable]
        for g, t in zip(gold, row):
            if g.latitude is None or g.longitude is None:
                continue
            err = _error(t, g.latitude, g.longitude)
            errors.append(err)
            hit = None
            if g.geonameid is not None:
                hit = t is not None and t.place is not None and t.place.geonameid == g.geonameid
                by_kind.setdefault("geonames-linked", []).append(err)
            id_hits.append(hit)
            lines.append(_prediction_line(article.doc, g.start, g.end, g.phrase, t))
    if predictions is not None:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        predictions.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    subsets = {name: score_resolution(errs) for name, errs in by_kind.items() if len(errs) != len(errors)}
    return GeoparseReport(
        corpus=str(path),
        format=fmt_name,
        mode=mode,
        articles=len(articles),
        resolution=score_resolution(errors, id_hits),
        recognition=add_recognition(recog) if recog else None,
        subsets=subsets,
        parse_seconds=round(parse_s, 2),
        resolve_seconds=round(resolve_s, 2),
        resolve_docs_per_second=round(len(articles) / resolve_s, 1) if resolve_s else 0.0,
        gazetteer_rss_mb=round(rss, 1) if rss is not None else None,
    )


def evaluate_event_locations(path: Path, *, limit: int | None = None) -> EventLocationReport:
    """Choose the event's place among the geoparsed places of each Halterman sentence and score it."""
    from frontline.geo import parse as geo_parse
    from frontline.geo.event_location import event_location

    records = [r for r in iter_event_locations(path) if r.locations]
    if limit is not None:
        records = records[:limit]
    nlp = geo_parse.shared_nlp()
    with_cands = among = correct = multi_n = multi_ok = 0
    per_source: dict[str, list[bool]] = {}
    docs = nlp.pipe((r.text for r in records), batch_size=64, disable=["lemmatizer"])
    for record, doc in zip(records, docs):
        toponyms = geo_parse.geoparse(doc)
        if not toponyms:
            continue
        with_cands += 1
        if not any(overlaps((t.start, t.end), g) for t in toponyms for g in record.locations):
            continue
        among += 1
        trigger = next((tok for tok in doc if tok.idx <= record.verb[0] < tok.idx + len(tok.text) + 1), None)
        if trigger is None:
            continue
        sentence = trigger.sent
        chosen = event_location(sentence, trigger, toponyms) or event_location(doc[:], trigger, toponyms)
        ok = chosen is not None and any(overlaps((chosen.start, chosen.end), g) for g in record.locations)
        correct += ok
        per_source.setdefault(record.source, []).append(ok)
        if len({(t.start, t.end) for t in toponyms}) > 1:
            multi_n += 1
            multi_ok += ok
    return EventLocationReport(
        records=len(records),
        with_candidates=with_cands,
        gold_among_candidates=among,
        choice_correct=correct,
        choice_accuracy=round(correct / among, 4) if among else 0.0,
        strict_accuracy=round(correct / len(records), 4) if records else 0.0,
        multi_candidate_accuracy=round(multi_ok / multi_n, 4) if multi_n else 0.0,
        by_source={k: round(sum(v) / len(v), 4) for k, v in sorted(per_source.items()) if len(v) >= 20},
    )


def _headline_place(toponyms: Sequence[Toponym]) -> Toponym | None:
    """Return the most specific resolved place of a headline (a town before a province or country)."""
    resolved = [t for t in toponyms if t.place is not None]
    if not resolved:
        return None

    def rank(t: Toponym) -> tuple[int, float]:
        place = t.place
        if place is None:
            return (9, 0.0)
        level = 0 if place.feature_class == "P" else 1 if place.feature_code not in ("ADM1", "PCLI") else 2
        return (level, -t.score)

    return min(resolved, key=rank)


def _place_words(where: str) -> str:
    return re.sub(r"\s+(?:town|village|city|neighbou?rhood|district|area|governorate|province|camp)$", "", where.strip(), flags=re.I)


def evaluate_ucdp_geo(
    path: Path, *, max_prec: int = 2, within_km: float = 25.0, country_hint: str | None = "SY", limit: int | None = None
) -> UcdpGeoReport:
    """Geolocate each UCDP GED headline and compare with UCDP's coordinates."""
    from rapidfuzz import fuzz

    from frontline.gazetteer import normalize_name
    from frontline.geo import parse as geo_parse

    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                r
                for r in csv.DictReader(handle)
                if r.get("where_prec") and float(r["where_prec"]) <= max_prec and (r.get("source_headline") or "").strip()
            ]
    except FileNotFoundError as exc:
        raise InputError(f"no UCDP GED file at {path}: check --corpus and the 'shared' setting") from exc
    if limit is not None:
        rows = rows[:limit]
    # The headlines carry HTML entities ("Dar&#8217;a").
    for r in rows:
        r["source_headline"] = html.unescape(r["source_headline"]).strip()
    headlines = sorted({r["source_headline"] for r in rows})
    nlp = geo_parse.shared_nlp()
    found: dict[str, Toponym | None] = {}
    for text, doc in zip(headlines, nlp.pipe(headlines, batch_size=128, disable=["lemmatizer"])):
        found[text] = _headline_place(geo_parse.geoparse(doc, country_hint=country_hint))
    errors: list[float] = []
    named_ok = 0
    ucdp_named = ucdp_named_ok = 0
    for r in rows:
        head = r["source_headline"].strip()
        pick = found.get(head)
        lat, lon = float(r["latitude"]), float(r["longitude"])
        target = normalize_name(_place_words(r.get("where_coordinates") or ""))
        names_it = bool(target) and fuzz.partial_ratio(target, normalize_name(head)) >= 90
        ucdp_named += names_it
        if pick is None or pick.place is None:
            continue
        err = haversine_km(pick.place.latitude, pick.place.longitude, lat, lon)
        errors.append(err)
        named_ok += err <= within_km
        if names_it:
            ucdp_named_ok += err <= within_km
    return UcdpGeoReport(
        rows=len(rows),
        named=len(errors),
        within_km=within_km,
        share_within=round(named_ok / len(errors), 4) if errors else 0.0,
        names_ucdp_place=ucdp_named,
        share_within_ucdp_named=round(ucdp_named_ok / ucdp_named, 4) if ucdp_named else 0.0,
        median_km=round(statistics.median(errors), 1) if errors else 0.0,
    )
