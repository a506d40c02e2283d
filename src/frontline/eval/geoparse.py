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

from frontline.errors import DataError, InputError
from frontline.eval.geo_corpora import (
    GoldArticle,
    apply_patches,
    detect_format,
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


# Why a UCDP row missed, in the order the checks run (see _failure_cause).
UCDP_CAUSES: tuple[str, ...] = (
    "no place recognised",
    "UCDP's place named but not recognised",
    "UCDP's place recognised but resolved to a namesake far away",
    "another place in the headline chosen",
    "headline names only a province, region, river or country",
    "headline names other places only",
)


@dataclass(frozen=True, slots=True)
class UcdpFailure:
    """One UCDP row the headline did not place within range, with what was chosen and why."""

    headline: str
    where_prec: int
    where_coordinates: str
    adm_1: str
    adm_2: str
    chosen: str | None  # the chosen place's gazetteer name
    mention: str | None  # the words that gave it ("the northern countryside of Hama")
    geo_precision: int | None
    reason: str | None  # the resolver's explanation
    error_km: float | None
    cause: str
    names_ucdp_place: bool = False  # the headline contains UCDP's own place name


@dataclass(frozen=True, slots=True)
class UcdpGeoReport:
    """Headline geolocation against UCDP GED coordinates.

    Three denominators: `rows` (strict: every row, a headline without a place counts as a miss),
    `named` (rows whose headline yields a place at all) and `fair_rows` (rows whose headline names
    a place finer than a province: a town, a district, a base, a hill, "near X", "the countryside
    of <town>"; a headline naming only "Idlib countryside", "the Euphrates" or "Syria" cannot place
    a village within 25 km, whatever UCDP coded from the article body).
    """

    rows: int  # rows with where_prec <= max_prec and a headline
    named: int  # ... whose headline yields a resolved place
    within_km: float
    share_within: float  # of `named`
    names_ucdp_place: int  # rows whose headline contains UCDP's own place name
    share_within_ucdp_named: float
    median_km: float
    share_within_strict: float = 0.0  # of `rows`
    fair_rows: int = 0  # rows whose headline place is finer than a province (geo_precision <= 2)
    share_within_fair: float = 0.0  # of `fair_rows`
    median_km_fair: float = 0.0
    failure_causes: dict[str, int] = field(default_factory=dict)  # over every row not within range
    failures: tuple[UcdpFailure, ...] = ()  # a fixed-seed sample


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
    fmt_name = fmt or detect_format(path)
    scored = sum(t.resolvable for a in articles for t in a.toponyms)
    if (scored if mode == "gold-toponyms" else sum(len(a.toponyms) for a in articles)) == 0:
        raise DataError(
            f"read no {'toponyms with coordinates' if mode == 'gold-toponyms' else 'toponyms'} from {path} "
            f"({len(articles)} articles, format {fmt_name}): check --corpus and --format"
        )
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
        found = [geo_parse.geoparse(doc, demonyms=demonyms, text=a.text) for a, doc in zip(articles, docs)]
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


def _place_words(where: str) -> str:
    return re.sub(r"\s+(?:town|village|city|neighbou?rhood|district|area|governorate|province|camp|suburb|farm)$", "", where.strip(), flags=re.I)


def _ucdp_names(where: str) -> list[str]:
    """Return the normalised names of UCDP's where_coordinates ("Tadmur/Palmyra town" gives two)."""
    from frontline.gazetteer import normalize_name

    names = []
    for part in re.split(r"[/()]", _place_words(where)):
        key = normalize_name(_place_words(part))
        if key and len(key) >= 3:
            names.append(key)
    return names


def _finer_than_province(located: Any) -> bool:
    """Return True for a place a headline can pin within tens of km: not a province, region or river."""
    # A river is a line hundreds of km long: "east of the Euphrates" names no point.
    return bool(located.geo_precision <= 2 and located.place.feature_class != "H")


def _failure_cause(
    located: Any, toponyms: Sequence[Toponym], names: Sequence[str], names_it: bool, lat: float, lon: float, km: float
) -> str:
    """Return which of UCDP_CAUSES explains a row not placed within `km`."""
    from rapidfuzz import fuzz

    from frontline.gazetteer import normalize_name

    resolved = [t for t in toponyms if t.place is not None]
    matching = [t for t in resolved if any(fuzz.ratio(normalize_name(t.text), n) >= 85 for n in names)]
    if not resolved:
        return UCDP_CAUSES[1] if names_it else UCDP_CAUSES[0]
    if matching and all((_error(t, lat, lon) or 0.0) > km for t in matching):
        return UCDP_CAUSES[2]
    if names_it and not matching:
        return UCDP_CAUSES[1]
    if any((_error(t, lat, lon) or 0.0) <= km for t in resolved):
        return UCDP_CAUSES[3]
    if located is not None and not _finer_than_province(located):
        return UCDP_CAUSES[4]
    return UCDP_CAUSES[5]


def evaluate_ucdp_geo(
    path: Path,
    *,
    max_prec: int = 2,
    within_km: float = 25.0,
    country_hint: str | None = "SY",
    limit: int | None = None,
    sample: int = 200,
) -> UcdpGeoReport:
    """Geolocate each UCDP GED headline and compare with UCDP's coordinates; explain the misses.

    The headline's place is what `headline_location` chooses, read with its relative words
    ("10 km west of X", "the northern countryside of Hama"), so the point scored is the point an
    event would carry.
    """
    import random

    from rapidfuzz import fuzz

    from frontline.gazetteer import normalize_name
    from frontline.geo import parse as geo_parse
    from frontline.geo.event_location import headline_location

    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [
                r
                for r in csv.DictReader(handle)
                if r.get("where_prec") and float(r["where_prec"]) <= max_prec and (r.get("source_headline") or "").strip()
            ]
    except FileNotFoundError as exc:
        raise InputError(f"no UCDP GED file at {path}: check --corpus and the 'shared' setting") from exc
    except (KeyError, ValueError) as exc:
        raise InputError(f"{path} is not a UCDP GED CSV ({exc}): give the GED file with where_prec and source_headline") from exc
    if limit is not None:
        rows = rows[:limit]
    # The headlines carry HTML entities ("Dar&#8217;a").
    for r in rows:
        r["source_headline"] = html.unescape(r["source_headline"]).strip()
    headlines = sorted({r["source_headline"] for r in rows})
    nlp = geo_parse.shared_nlp()
    parsed: dict[str, tuple[list[Toponym], Any]] = {}
    for text, doc in zip(headlines, nlp.pipe(headlines, batch_size=128, disable=["lemmatizer"])):
        toponyms = geo_parse.geoparse(doc, country_hint=country_hint)
        parsed[text] = (toponyms, headline_location(text, toponyms, country=country_hint))
    errors: list[float] = []
    fair_errors: list[float] = []
    named_ok = 0
    ucdp_named = ucdp_named_ok = 0
    causes: dict[str, int] = dict.fromkeys(UCDP_CAUSES, 0)
    failures: list[UcdpFailure] = []
    for r in rows:
        head = r["source_headline"]
        toponyms, located = parsed[head]
        lat, lon = float(r["latitude"]), float(r["longitude"])
        names = _ucdp_names(r.get("where_coordinates") or "")
        norm_head = normalize_name(head)
        names_it = any(fuzz.partial_ratio(n, norm_head) >= 90 for n in names)
        ucdp_named += names_it
        err = None
        if located is not None:
            err = haversine_km(located.latitude, located.longitude, lat, lon)
            errors.append(err)
            named_ok += err <= within_km
            ucdp_named_ok += names_it and err <= within_km
            if _finer_than_province(located):
                fair_errors.append(err)
        if err is not None and err <= within_km:
            continue
        cause = _failure_cause(located, toponyms, names, names_it, lat, lon, within_km)
        causes[cause] += 1
        failures.append(
            UcdpFailure(
                headline=head,
                where_prec=int(float(r["where_prec"])),
                where_coordinates=(r.get("where_coordinates") or "").strip(),
                adm_1=r.get("adm_1") or "",
                adm_2=r.get("adm_2") or "",
                chosen=located.place.name if located is not None else None,
                mention=located.mention if located is not None else None,
                geo_precision=located.geo_precision if located is not None else None,
                reason=next((t.reason for t in toponyms if located is not None and t.place == located.place), None),
                error_km=round(err, 1) if err is not None else None,
                cause=cause,
                names_ucdp_place=names_it,
            )
        )
    picked = random.Random(0).sample(failures, min(sample, len(failures)))
    fair_ok = sum(e <= within_km for e in fair_errors)
    return UcdpGeoReport(
        rows=len(rows),
        named=len(errors),
        within_km=within_km,
        share_within=round(named_ok / len(errors), 4) if errors else 0.0,
        names_ucdp_place=ucdp_named,
        share_within_ucdp_named=round(ucdp_named_ok / ucdp_named, 4) if ucdp_named else 0.0,
        median_km=round(statistics.median(errors), 1) if errors else 0.0,
        share_within_strict=round(named_ok / len(rows), 4) if rows else 0.0,
        fair_rows=len(fair_errors),
        share_within_fair=round(fair_ok / len(fair_errors), 4) if fair_errors else 0.0,
        median_km_fair=round(statistics.median(fair_errors), 1) if fair_errors else 0.0,
        failure_causes=causes,
        failures=tuple(picked),
    )


@dataclass(frozen=True, slots=True)
class UcdpPlacesReport:
    """Held-out UCDP places looked up by name in a gazetteer built without them."""

    places: int  # distinct held-out UCDP places (where_prec 1)
    within_km: float
    found: int  # ... whose name the gazetteer knows (any place of the country)
    found_within: int  # ... whose best reading in the country lies within `within_km`
    share_found: float
    share_within: float
    baseline_share_within: float  # the same, GeoNames and curated supplements only (no UCDP places)
    train_places: int  # UCDP places the evaluation gazetteer imported
    holdout_share: float
    misses: tuple[tuple[str, str | None, float | None], ...] = ()  # (UCDP name, best reading, km)


def _lookup_share(gaz: Any, places: Sequence[Any], km: float, country: str) -> tuple[int, int, list[tuple[str, str | None, float | None]]]:
    found = within = 0
    misses: list[tuple[str, str | None, float | None]] = []
    for p in places:
        hits: list[Any] = []
        for name in (p.name, *p.aliases):
            hits = gaz.lookup(name, country=country, limit=1)
            if hits:
                break
        found += bool(hits)
        err = haversine_km(hits[0].latitude, hits[0].longitude, p.latitude, p.longitude) if hits else None
        if err is not None and err <= km:
            within += 1
        else:
            misses.append((p.name, hits[0].name if hits else None, round(err, 1) if err is not None else None))
    return found, within, misses


def evaluate_ucdp_places(
    path: Path, *, work: Path, within_km: float = 10.0, holdout_share: float = 0.2, country: str = "SY", sample: int = 50
) -> UcdpPlacesReport:
    """Look up held-out UCDP places in gazetteers built without them and count those placed within `within_km`.

    Places are split by a hash of their name key (`imports.holdout`), so every spelling of one name
    lands on one side. Two indexes are built under `work`: GeoNames and the curated supplements
    with the shipped UCDP supplement left out (the baseline), and that plus a supplement drafted
    from the training places only (the evaluated gazetteer).
    """
    from frontline.gazetteer import sources
    from frontline.gazetteer.imports import (
        UCDP_CITATION,
        cities500_rows,
        draft_supplement,
        holdout,
        read_ucdp,
        supplement_yaml,
    )
    from frontline.gazetteer.index import build_index
    from frontline.gazetteer.store import Gazetteer

    places = [p for p in read_ucdp(path) if p.country == country]
    if not places:
        raise InputError(f"{path} has no where_prec 1 places in {country}: give a UCDP GED CSV of that country")
    held = [p for p in places if holdout(p.name, holdout_share)]
    train = [p for p in places if not holdout(p.name, holdout_share)]
    draft = draft_supplement(train, cities500_rows(country))
    work.mkdir(parents=True, exist_ok=True)
    sup = work / "ucdp-train.yaml"
    sup.write_text(supplement_yaml(draft, theatre="ucdp-train", country=country, source=f"ucdp:{path.name}",
                                   citation=UCDP_CITATION, command="frontline eval ucdp-places"), encoding="utf-8")  # fmt: skip
    ucdp_files = [n for n in sources.shipped_supplements() if "ucdp" in n]
    base = build_index(work / "baseline.sqlite", progress=False, exclude=ucdp_files)
    trained = build_index(work / "train.sqlite", progress=False, exclude=ucdp_files, supplements=[sup])
    _, base_within, _ = _lookup_share(Gazetteer(base), held, within_km, country)
    found, within, misses = _lookup_share(Gazetteer(trained), held, within_km, country)
    n = len(held)
    return UcdpPlacesReport(
        places=n, within_km=within_km, found=found, found_within=within,
        share_found=round(found / n, 4) if n else 0.0, share_within=round(within / n, 4) if n else 0.0,
        baseline_share_within=round(base_within / n, 4) if n else 0.0, train_places=len(draft.places),
        holdout_share=holdout_share, misses=tuple(misses[:sample]),
    )  # fmt: skip


def evaluate_name_variants(path: Path, *, country: str = "SY") -> dict[str, Any]:
    """Score the matching key and the vowel-folded fallback key on the name-variant test set built from `path`."""
    from frontline.gazetteer.normalize import normalize_name, skeleton_key
    from frontline.gazetteer.variants import build_points, evaluate_variants, plain

    points, _ = build_points(path, country)
    if not points:
        raise InputError(f"no named places read from {path}: give a UCDP GED CSV")
    out: dict[str, Any] = {"corpus": str(path), "country": country}
    for label, key in (("as_written", plain), ("key", normalize_name), ("variant", skeleton_key)):
        out[label] = asdict(evaluate_variants(points, key))
    return out
