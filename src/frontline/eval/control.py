"""Score control timelines against a dated record of territorial changes.

For each capture row of the record that some extracted event supports (a territorial act at the
row's place within days of its date), ask the timeline who held the place a few days after the
row's date and how far the detected change lies from it. Rows no event supports are reported as
coverage, apart: they measure the corpus and the extractor's recall, not the control layer.
"""

from __future__ import annotations

import csv
import json
import logging
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from anyascii import anyascii
from rapidfuzz import fuzz

from frontline.control.observe import BESIEGE, ENTER, GAIN, WITHDRAW, Observation, observe
from frontline.control.sides import Sides, normalise_name
from frontline.control.timeline import ControlMap, ControlParams, control_from_observations
from frontline.errors import FrontlineError, InputError
from frontline.geo.distance import haversine_km
from frontline.model import Document, Event, Place, replace

log = logging.getLogger(__name__)

# Events of a record row that change who holds a place.
_CAPTURE_WORDS = ("captured", "recaptured")
_SUPPORTING_KINDS = frozenset({GAIN, ENTER, BESIEGE, WITHDRAW})
_UNKNOWN_REACH_KM = 150.0  # about a province: how far a unit's point may lie from the place it stands for


@dataclass(frozen=True, slots=True)
class GoldRow:
    """One row of a dated control record."""

    id: str
    place: str
    name: str  # transliterated name
    governorate: str
    latitude: float
    longitude: float
    day: date
    from_actor: str
    to_actor: str
    event: str
    confidence: str

    @property
    def is_capture(self) -> bool:
        """Return whether the row records a change of holder to a named actor."""
        return bool(self.to_actor) and self.event.strip().lower().startswith(_CAPTURE_WORDS)


def read_gold(path: Path) -> list[GoldRow]:
    """Read a control record CSV (id, place, geonames_style_name, governorate, lat, lon, date, ...)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise InputError(f"cannot read the control record {path}: {exc.strerror}; pass --gold PATH") from exc
    out = []
    for i, row in enumerate(rows, start=2):
        try:
            out.append(
                GoldRow(
                    id=row["id"],
                    place=row["place"],
                    name=row.get("geonames_style_name", "") or "",
                    governorate=row.get("governorate", "") or "",
                    latitude=float(row["lat"]),
                    longitude=float(row["lon"]),
                    day=date.fromisoformat(row["date"]),
                    from_actor=(row.get("from_actor") or "").strip(),
                    to_actor=(row.get("to_actor") or "").strip(),
                    event=row.get("event", "") or "",
                    confidence=row.get("confidence", "") or "",
                )
            )
        except (KeyError, ValueError) as exc:
            raise InputError(f"{path}:{i}: not a control record row ({exc}); expected columns id, place, lat, lon, date") from exc
    return out


@dataclass(frozen=True, slots=True)
class RowScore:
    """How one capture row fared."""

    id: str
    place: str
    day: str
    expected: str
    covered: bool
    mentioned: bool | None = None  # some article in the window names the place at all (None: not checked)
    matched_place: str | None = None
    holder: str | None = None
    status: str | None = None
    holder_right: bool | None = None
    change_day: str | None = None
    error_days: int | None = None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ControlScore:
    """Figures of a control evaluation."""

    capture_rows: int
    covered: int
    coverage: float
    holder_right: int
    holder_accuracy: float | None
    changes_found: int
    median_change_error_days: float | None
    mean_change_error_days: float | None
    lag_days: int
    tolerance_km: float
    window_days: int
    rows: tuple[RowScore, ...] = field(default=())
    mentioned: int | None = None  # capture rows whose place some article in the window names
    documents: int = 0
    events: int = 0
    places: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as plain JSON values."""
        return asdict(self)


def _names_match(row: GoldRow, place: Place) -> bool:
    wanted = {normalise_name(n) for n in (row.place, row.name) if n and not n.startswith("(")}
    wanted.discard("")
    have = {normalise_name(n) for n in (place.name, *place.alternate_names)}
    for w in wanted:
        for h in have:
            if h and (w == h or fuzz.ratio(w, h) >= 88):
                return True
    return False


def candidate_places(
    row: GoldRow, places: Iterable[Place], tolerance_km: float, others: Sequence[GoldRow] = ()
) -> list[Place]:
    """Return the places that can stand for a record row: same name nearby, else anything within tolerance.

    A place that bears the name of another row of the record (the city next to a village) is that
    row's place, and never stands in for this one by distance alone.
    """
    named: list[tuple[float, Place]] = []
    near: list[tuple[float, Place]] = []
    for place in places:
        km = haversine_km(row.latitude, row.longitude, place.latitude, place.longitude)
        # Record coordinates are estimates: a name match may lie a little further off. A place kept by
        # the name a report gives it has only its unit's point (a province's middle, say): it may match
        # its own name further off, and never stands in for a neighbour by distance.
        reach = 3 * tolerance_km if place.known else _UNKNOWN_REACH_KM
        if km <= reach and _names_match(row, place):
            named.append((km, place))
        elif km <= tolerance_km and place.known and not any(o.name != row.name and _names_match(o, place) for o in others):
            near.append((km, place))
    chosen = named or near
    return [p for _, p in sorted(chosen, key=lambda t: (t[0], t[1].gazetteer_id))]


def score_control(
    observations: Sequence[Observation],
    cmap: ControlMap,
    gold: Sequence[GoldRow],
    sides: Sides,
    *,
    tolerance_km: float = 20.0,
    window_days: int = 7,
    lag_days: int = 3,
    max_change_days: int = 30,
) -> ControlScore:
    """Score a control map (and the observations it came from) against the capture rows of a record.

    A row is covered when a territorial observation at its place lies within `window_days` of its
    date; its holder is read `lag_days` after the date; its change is the nearest change to the
    expected holder within `max_change_days` (none found beyond that).
    """
    support: dict[str, list[Observation]] = {}
    places: dict[str, Place] = {}
    for ob in observations:
        if ob.place is None or ob.region or ob.kind not in _SUPPORTING_KINDS:
            continue
        support.setdefault(ob.place.gazetteer_id, []).append(ob)
        places[ob.place.gazetteer_id] = ob.place
    window = timedelta(days=window_days)
    scores: list[RowScore] = []
    for row in gold:
        if not row.is_capture:
            continue
        expected = sides.record_actor(row.to_actor) or row.to_actor
        base = RowScore(row.id, row.place, row.day.isoformat(), expected, covered=False)
        supported = [
            p for p in candidate_places(row, places.values(), tolerance_km, gold)
            if any(abs(ob.day - row.day) <= window for ob in support[p.gazetteer_id])
        ]
        if not supported:
            scores.append(base)
            continue
        # Prefer a candidate whose timeline has the expected holder change near the date.
        best = supported[0]
        best_change: tuple[int, date, tuple[str, ...]] | None = None
        for place in supported:
            for change in cmap.changes(place.gazetteer_id):
                if change.holder != expected:
                    continue
                err = abs((change.day - row.day).days)
                if err > max_change_days:
                    continue  # a change years away is some other change, not this one found late
                if best_change is None or err < best_change[0]:
                    best_change = (err, change.day, change.evidence)
                    best = place
        state = cmap.state(best.gazetteer_id, row.day + timedelta(days=lag_days))
        holder = state.holder if state else None
        scores.append(
            RowScore(
                row.id, row.place, row.day.isoformat(), expected, covered=True,
                matched_place=f"{best.name} ({best.gazetteer_id})",
                holder=holder,
                status=state.status if state else None,
                holder_right=holder == expected,
                change_day=best_change[1].isoformat() if best_change else None,
                error_days=best_change[0] if best_change else None,
                evidence=state.evidence if state else (),
            )
        )
    covered = [s for s in scores if s.covered]
    right = sum(1 for s in covered if s.holder_right)
    errors = [s.error_days for s in covered if s.error_days is not None]
    return ControlScore(
        capture_rows=len(scores),
        covered=len(covered),
        coverage=round(len(covered) / len(scores), 4) if scores else 0.0,
        holder_right=right,
        holder_accuracy=round(right / len(covered), 4) if covered else None,
        changes_found=len(errors),
        median_change_error_days=float(statistics.median(errors)) if errors else None,
        mean_change_error_days=round(statistics.fmean(errors), 2) if errors else None,
        lag_days=lag_days,
        tolerance_km=tolerance_km,
        window_days=window_days,
        rows=tuple(scores),
        places=len(cmap),
    )


def _gold_names(row: GoldRow) -> list[str]:
    names = {normalise_name(n.split("(")[0]) for n in (row.place, row.name) if n and not n.startswith("(")}
    return sorted(n for n in names if n)


def skeleton(name: str) -> str:
    """Return a spelling-proof key of a transliterated name: its consonants, doubles collapsed.

    "Mayadin", "Mayadeen" and "Meyadin" share one key; so do "Qaryatayn" and "Qaryatain".
    """
    out: list[str] = []
    for word in name.split():
        # "y" and "w" before a vowel are consonants (Mayadin), elsewhere vowels (Qaryatayn, Maadan).
        keep = word[0] + "".join(
            c for i, c in enumerate(word[1:], start=1)
            if c not in "aeiouyw" or (c in "yw" and word[i + 1 : i + 2] in tuple("aeiou"))
        )
        collapsed = "".join(c for i, c in enumerate(keep) if i == 0 or c != keep[i - 1])
        out.append(collapsed.rstrip("h") or collapsed)
    return " ".join(out)


# Lower-case articles inside Arabic place names ("Deir ez-Zor", "Ras al-Ain").
_PARTICLES = frozenset({"al", "el", "ez", "az", "ad", "ed", "as", "es", "ash", "ar", "an", "at", "ul", "bin", "ibn"})


def _proper_grams(text: str) -> set[str]:
    """Return runs of one to three capitalised words of a text, normalised."""
    words = anyascii(text).replace("-", " ").split()
    grams: set[str] = set()
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        run: list[str] = []
        for w in words[i : i + 4]:
            if not w[:1].isupper() and w.lower() not in _PARTICLES:
                break
            run.append(w)
            norm = normalise_name(" ".join(run))
            if norm:
                grams.add(norm)
    return grams


def _names_place(names: Sequence[str], grams: set[str]) -> bool:
    for name in names:
        if name in grams:
            return True
        key = skeleton(name)
        if len(key.replace(" ", "")) < 3:
            continue  # "Sr" would match half the names in a report
        if any(skeleton(g) == key and fuzz.ratio(name, g) >= 75 for g in grams):
            return True
    return False


def mentioned_rows(gold: Sequence[GoldRow], docs: Sequence[Document], window_days: int = 7) -> set[str]:
    """Return the ids of rows whose place some document dated within the window names, in any spelling.

    This bounds what any extractor could cover: a row no article names is a gap in the corpus.
    """
    grams = [(doc.published, _proper_grams(doc.text)) for doc in docs]
    window = timedelta(days=window_days)
    out = set()
    for row in gold:
        names = _gold_names(row)
        for published, found in grams:
            if published is not None and not (row.day - window <= published <= row.day + 2 * window):
                continue  # reports run after the fact, rarely before it
            if _names_place(names, found):
                out.add(row.id)
                break
    return out


def read_news(shared: Path, start: date, end: date) -> list[Document]:
    """Read the FA-KES and Guardian articles dated within [start, end] as Documents."""
    docs: list[Document] = []
    fakes = shared / "corpora" / "news" / "fakes" / "FA-KES-Dataset.csv"
    guardian = shared / "corpora" / "news" / "guardian_sdf" / "Guardian_SDF_sample.csv"
    for path in (fakes, guardian):
        if not path.exists():
            raise InputError(f"no news corpus at {path}: set FRONTLINE_SHARED to the folder holding corpora/")
    with fakes.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                published = datetime.strptime(row["date"].strip(), "%m/%d/%Y").date()
            except ValueError:
                log.warning("FA-KES row %s: unreadable date %r", row.get("unit_id"), row.get("date"))
                continue
            if start <= published <= end and row["article_content"].strip():
                docs.append(
                    Document.from_text(row["article_content"], title=row["article_title"],
                                       publisher=row["source"], published=published)
                )
    with guardian.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                published = date.fromisoformat(row["date"].strip()[:10])
            except ValueError:
                continue
            if start <= published <= end and row["text"].strip():
                docs.append(Document.from_text(row["text"], publisher=row["source"] or "Guardian", published=published))
    return docs


def extract_cached(docs: Sequence[Document], cache_url: str) -> list[Event]:
    """Return the events of `docs`, extracting only those not yet in the cache store."""
    from frontline.events.extract import extract, extract_many
    from frontline.store import open_store

    def keep(doc: Document, found: list[Event]) -> None:
        unique = list({e.id: e for e in reversed(found)}.values())[::-1]
        if len(unique) < len(found):
            # The store keys events by id; two events with one id in a report cannot both be kept.
            log.warning("report %s: %d events share an id with another; keeping the first", doc.id,
                        len(found) - len(unique))
        store.add_report(doc, unique)

    store = open_store(cache_url)
    try:
        todo = [doc for doc in docs if not store.has_document(doc.id)]
        log.info("control eval: extracting %d of %d articles (the rest are cached)", len(todo), len(docs))
        try:
            for doc, found in extract_many(todo):
                keep(doc, found)
        except FrontlineError as exc:
            # One unreadable article must not sink the run: go on one article at a time.
            log.warning("batch extraction stopped (%s); extracting the rest one by one", exc)
            for doc in todo:
                if store.has_document(doc.id):
                    continue
                try:
                    keep(doc, extract(doc))
                except FrontlineError as err:
                    log.warning("skipping article %s: %s", doc.id, err)
        wanted = {d.id for d in docs}
        return [e for e in store.events() if e.document_id in wanted]
    finally:
        store.close()


def publisher_sides(docs: Iterable[Document], sides: Sides) -> dict[str, str | None]:
    """Map each document id to the side its outlet speaks for (None: independent or unknown)."""
    return {d.id: sides.outlet_side(d.publisher, d.published) for d in docs}


def run_control_eval(
    gold_path: Path,
    shared: Path,
    cache_url: str,
    *,
    margin_days: int = 10,
    tolerance_km: float = 20.0,
    window_days: int = 7,
    lag_days: int = 3,
    params: ControlParams = ControlParams(),
    sides: Sides | None = None,
) -> ControlScore:
    """Read the record and the articles in its window, extract (cached), compute control, score."""
    gold = read_gold(gold_path)
    if not gold:
        raise InputError(f"the control record {gold_path} has no rows")
    start = min(r.day for r in gold) - timedelta(days=margin_days)
    end = max(r.day for r in gold) + timedelta(days=margin_days)
    docs = read_news(shared, start, end)
    log.info("control eval: %d articles between %s and %s", len(docs), start, end)
    events = extract_cached(docs, cache_url)
    resolver = sides if sides is not None else Sides.for_theatre()
    obs = observe(events, resolver, params.weights, publisher_sides(docs, resolver))
    cmap = control_from_observations(obs, params)
    score = score_control(obs, cmap, gold, resolver, tolerance_km=tolerance_km, window_days=window_days,
                          lag_days=lag_days)
    named = mentioned_rows(gold, docs, window_days)
    rows = tuple(replace(r, mentioned=r.id in named) for r in score.rows)
    return replace(score, rows=rows, mentioned=sum(1 for r in rows if r.mentioned), documents=len(docs),
                   events=len(events))


def write_report(score: ControlScore, path: Path, extra: Mapping[str, Any] | None = None) -> None:
    """Write the figures (and per-row details) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {**score.to_dict(), **(extra or {})}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
