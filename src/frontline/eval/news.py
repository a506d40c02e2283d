"""Score events and control on real reporting against gold coded by hand (`frontline eval news`).

The reports are read from the shared corpora (never copied); the gold (package data, see
eval/gold/README.md) points into them by url and character offsets. Every gold record belongs to
a tuned or a held-out half by a hash fixed once, and every figure is given for both halves side
by side, so the gap between what rules were written from and what they were not stays visible.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from frontline.actors import ActorPack, load_pack
from frontline.control.observe import observe
from frontline.control.sides import Sides
from frontline.control.timeline import ControlParams, control_from_observations
from frontline.errors import InputError
from frontline.eval.control import (
    ControlScore,
    GoldRow,
    RowScore,
    extract_cached,
    publisher_sides,
    score_control,
)
from frontline.geo.distance import haversine_km
from frontline.ingest.dates import infer_published
from frontline.model import Document, Event

log = logging.getLogger(__name__)

CORPORA = ("syria_2016_2019", "other_wars")
HALVES = ("tuned", "held_out")
# An event is placed right within this distance of the gold place (the measure).
PLACE_KM = 25.0
# A dated event is dated right when its range meets the gold range widened by DATE_SLACK_DAYS and
# is at most DATE_EXTRA_SPAN_DAYS wider than the gold range: "the week before publication" is no
# date for an act the report tells to the day.
DATE_SLACK_DAYS = 1
DATE_EXTRA_SPAN_DAYS = 2
# Claim statuses that say an act is not news of the report (history, conditionals).
_NOT_NEWS = frozenset({"historical", "hypothetical"})


def held_out(key: str) -> bool:
    """Return whether a record with this key is in the held-out half (fixed once: sha1 parity)."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 2 == 1


def half_of(key: str) -> str:
    """Return "held_out" or "tuned" for a record key."""
    return "held_out" if held_out(key) else "tuned"


@dataclass(frozen=True, slots=True)
class NewsReport:
    """One excerpt of the shared dev corpora."""

    corpus: str
    url: str
    title: str
    date: date | None
    theatre: str
    text: str

    def document(self) -> Document:
        """Return the report as ingest would build it: its own date, else the date it states, else none."""
        published = self.date or infer_published(self.url, self.text)
        return Document.from_text(self.text, url=self.url, title=self.title or None, published=published)


def read_reports(shared: Path) -> dict[str, NewsReport]:
    """Read the dev corpora under `shared`, keyed by url."""
    folder = shared / "corpora" / "news" / "dev"
    out: dict[str, NewsReport] = {}
    for corpus in CORPORA:
        path = folder / f"{corpus}.jsonl"
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}; set FRONTLINE_SHARED to the folder holding corpora/") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                out[raw["url"]] = NewsReport(
                    corpus=corpus, url=raw["url"], title=raw.get("title") or "",
                    date=date.fromisoformat(raw["date"]) if raw.get("date") else None,
                    theatre=raw.get("theatre", "syria"), text=raw["text"],
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}: not a corpus record ({exc})") from exc
    return out


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One hand-coded event: where it is stated and what an ACLED coder would record."""

    id: str
    corpus: str
    theatre: str
    url: str
    start: int
    end: int
    sub_event_type: str
    actor1: str
    actor2: str
    place: str
    latitude: float
    longitude: float
    date_start: date | None
    date_end: date | None
    claim: str

    @property
    def half(self) -> str:
        """Return which half the event is in (a whole report is in one half)."""
        return half_of(self.url)


def default_gold_dir() -> Path:
    """Return the folder of the gold shipped in the package."""
    return Path(str(resources.files("frontline.eval") / "gold" / "news"))


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def read_event_gold(folder: Path, reports: Mapping[str, NewsReport]) -> list[GoldEvent]:
    """Read every events-*.jsonl under `folder`, checking each span against the report's text."""
    out: list[GoldEvent] = []
    files = sorted(folder.glob("events-*.jsonl"))
    if not files:
        raise InputError(f"no event gold (events-*.jsonl) in {folder}")
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                raw = json.loads(line)
                event = GoldEvent(
                    id=raw["id"], corpus=raw["corpus"], theatre=raw["theatre"], url=raw["url"],
                    start=int(raw["start"]), end=int(raw["end"]), sub_event_type=raw["sub_event_type"],
                    actor1=raw.get("actor1") or "", actor2=raw.get("actor2") or "", place=raw.get("place") or "",
                    latitude=float(raw["lat"]), longitude=float(raw["lon"]),
                    date_start=_day(raw.get("date_start")), date_end=_day(raw.get("date_end") or raw.get("date_start")),
                    claim=raw.get("claim") or "reported",
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{where}: not a gold event ({exc})") from exc
            report = reports.get(event.url)
            if report is None:
                raise InputError(f"{where}: no report with url {event.url} in the corpora")
            span = report.text[event.start : event.end].encode("utf-8")
            if hashlib.sha1(span).hexdigest()[:10] != raw.get("span_sha1"):
                raise InputError(f"{where}: the span no longer matches the report's text (corpus changed?)")
            out.append(event)
    return out


def read_control_gold(folder: Path) -> tuple[list[GoldRow], int]:
    """Read every control-*.csv under `folder` as capture rows; also return how many rows lack a date."""
    rows: list[GoldRow] = []
    undated = 0
    for path in sorted(folder.glob("control-*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for number, raw in enumerate(csv.DictReader(handle), start=2):
                if not (raw.get("date") or "").strip():
                    undated += 1
                    continue
                try:
                    to_actor = (raw.get("to_actor") or "").strip()
                    rows.append(
                        GoldRow(
                            id=raw["id"], place=raw["place"], name=raw["place"], governorate=raw.get("admin1") or "",
                            latitude=float(raw["lat"]), longitude=float(raw["lon"]),
                            day=date.fromisoformat(raw["date"].strip()),
                            from_actor=(raw.get("from_actor") or "").strip(), to_actor=to_actor,
                            # Every row records a change of holder; the scorer counts those as captures.
                            event=f"captured ({raw.get('event', '')})" if to_actor else raw.get("event", ""),
                            confidence=raw.get("claim") or "",
                        )
                    )
                except (ValueError, KeyError) as exc:
                    raise InputError(f"{path.name}:{number}: not a control row ({exc})") from exc
    return rows, undated


# ----------------------------------------------------------------------------- event matching


@dataclass(slots=True)
class FieldCounts:
    """Right answers per field over a set of gold events, and precision over predictions."""

    gold: int = 0
    found: int = 0  # gold events matched to some predicted event
    sub_event: int = 0
    sides: int = 0
    place: int = 0
    date: int = 0
    all_four: int = 0
    predicted: int = 0
    predicted_matched: int = 0

    def add(self, other: FieldCounts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def rates(self) -> dict[str, Any]:
        """Return the counts with each field's share of gold events and the precision."""
        g = self.gold or 1
        return {
            "gold": self.gold,
            "found": round(self.found / g, 4),
            "sub_event": round(self.sub_event / g, 4),
            "sides": round(self.sides / g, 4),
            "place_25km": round(self.place / g, 4),
            "date": round(self.date / g, 4),
            "all_four": round(self.all_four / g, 4),
            "predicted": self.predicted,
            "precision": round(self.predicted_matched / self.predicted, 4) if self.predicted else None,
        }


@dataclass(frozen=True, slots=True)
class Judgement:
    """How one gold event fared against the predicted event it was matched with (if any)."""

    gold_id: str
    half: str
    matched: str | None
    sub_event: bool
    sides: bool
    place: bool
    date: bool

    @property
    def all_four(self) -> bool:
        return self.sub_event and self.sides and self.place and self.date


def _side_names(name: str | None, pack: ActorPack | None) -> set[str]:
    """Return an actor's name and its ancestors' (Tiger Forces also counts as Syrian government forces)."""
    if not name:
        return set()
    if pack is None:
        return {name}
    try:
        return set(pack.lineage(name))
    except LookupError:
        return {name}


def sides_right(gold: GoldEvent, event: Event, pack: ActorPack | None) -> bool:
    """Return whether the event names the gold sides, in either order (an empty gold side wants none)."""
    wanted = [s for s in (gold.actor1, gold.actor2) if s]
    got = [_side_names(a, pack) for a in (event.actor1, event.actor2) if a]
    if len(wanted) != len(got):
        return False
    if len(wanted) == 1:
        return wanted[0] in got[0]
    return (wanted[0] in got[0] and wanted[1] in got[1]) or (wanted[0] in got[1] and wanted[1] in got[0])


def place_right(gold: GoldEvent, event: Event) -> bool:
    """Return whether the event lies within PLACE_KM of the gold place."""
    loc = event.location
    if loc is None:
        return False
    return haversine_km(gold.latitude, gold.longitude, loc.latitude, loc.longitude) <= PLACE_KM


def date_right(gold: GoldEvent, event: Event) -> bool:
    """Return whether the event's dates meet the gold dates (both undated counts as right)."""
    if gold.date_start is None or gold.date_end is None:
        return event.date_start is None
    if event.date_start is None or event.date_end is None:
        return False
    if (event.date_end - event.date_start).days > (gold.date_end - gold.date_start).days + DATE_EXTRA_SPAN_DAYS:
        return False
    slack = timedelta(days=DATE_SLACK_DAYS)
    return event.date_start <= gold.date_end + slack and gold.date_start - slack <= event.date_end


def _overlaps(gold: GoldEvent, event: Event) -> bool:
    return event.sentence_start < gold.end and gold.start < event.sentence_end


def match_report(gold: Sequence[GoldEvent], events: Sequence[Event], pack: ActorPack | None) -> tuple[list[Judgement], int]:
    """Pair gold and predicted events of one report one to one; return judgements and matched predictions.

    A pair is possible when the event comes from the gold sentence, or is of the gold sub-type
    within PLACE_KM of it. Pairs are taken greedily by how many fields they get right.
    """
    scored: list[tuple[float, int, int, tuple[bool, bool, bool, bool]]] = []
    for gi, g in enumerate(gold):
        for ei, e in enumerate(events):
            same_type = e.sub_event_type == g.sub_event_type
            near = place_right(g, e)
            if not (_overlaps(g, e) or (same_type and near)):
                continue
            verdict = (same_type, sides_right(g, e, pack), near, date_right(g, e))
            scored.append((sum(verdict) + 2 * same_type + 0.5 * _overlaps(g, e), gi, ei, verdict))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    taken_g: dict[int, tuple[int, tuple[bool, bool, bool, bool]]] = {}
    taken_e: set[int] = set()
    for _score, gi, ei, verdict in scored:
        if gi in taken_g or ei in taken_e:
            continue
        taken_g[gi] = (ei, verdict)
        taken_e.add(ei)
    out = []
    for gi, g in enumerate(gold):
        if gi in taken_g:
            ei, (a, b, c, d) = taken_g[gi]
            out.append(Judgement(g.id, g.half, events[ei].id, a, b, c, d))
        else:
            out.append(Judgement(g.id, g.half, None, False, False, False, False))
    return out, len(taken_e)


def _source(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.").removeprefix("en.").removeprefix("english.")


def _period(g: GoldEvent) -> str:
    return str(g.date_start.year) if g.date_start else "undated"


@dataclass(slots=True)
class EventScore:
    """Event figures by half, and within each half by theatre, period and source."""

    halves: dict[str, FieldCounts] = field(default_factory=lambda: {h: FieldCounts() for h in HALVES})
    by: dict[str, dict[str, dict[str, FieldCounts]]] = field(default_factory=dict)
    judgements: list[Judgement] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)  # tuned half only, report by report

    def _cell(self, facet: str, value: str, half: str) -> FieldCounts:
        return self.by.setdefault(facet, {}).setdefault(value, {h: FieldCounts() for h in HALVES})[half]

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as plain JSON values."""
        return {
            "halves": {h: c.rates() for h, c in self.halves.items()},
            "by": {
                facet: {value: {h: c.rates() for h, c in cells.items()} for value, cells in sorted(values.items())}
                for facet, values in self.by.items()
            },
        }


def score_events(
    gold: Sequence[GoldEvent], events_by_url: Mapping[str, Sequence[Event]], reports: Mapping[str, NewsReport],
    packs: Mapping[str, ActorPack],
) -> EventScore:
    """Score predicted events of every report against the gold, by half, theatre, period and source.

    Sides are compared through the pack of each report's own theatre (a unit counts as its parent).
    """
    by_url: dict[str, list[GoldEvent]] = defaultdict(list)
    for g in gold:
        by_url[g.url].append(g)
    score = EventScore()
    for url, report in reports.items():
        predicted = [e for e in events_by_url.get(url, ()) if e.claim.status not in _NOT_NEWS]
        wanted = by_url.get(url, [])
        judgements, matched = match_report(wanted, predicted, packs.get(report.theatre))
        score.judgements.extend(judgements)
        half = half_of(url)
        if half == "tuned":
            score.details.append(_details(url, wanted, predicted, judgements))
        facets = {"theatre": report.theatre, "source": _source(url)}
        report_counts = FieldCounts(predicted=len(predicted), predicted_matched=matched)
        for j, g in zip(judgements, wanted):
            one = FieldCounts(
                gold=1, found=j.matched is not None, sub_event=j.sub_event, sides=j.sides, place=j.place,
                date=j.date, all_four=j.all_four,
            )
            report_counts.add(one)
            score._cell("period", _period(g), half).add(one)
        score.halves[half].add(report_counts)
        for facet, value in facets.items():
            score._cell(facet, value, half).add(report_counts)
    return score


def _details(url: str, gold: Sequence[GoldEvent], predicted: Sequence[Event], judgements: Sequence[Judgement]) -> dict[str, Any]:
    """Return one tuned report's gold and predicted events side by side, for studying failures."""
    def brief(e: Event) -> dict[str, Any]:
        loc = e.location
        return {
            "id": e.id, "at": [e.sentence_start, e.sentence_end], "sub_event": e.sub_event_type,
            "actor1": e.actor1, "actor2": e.actor2, "place": loc.place.name if loc else None,
            "lat": loc.latitude if loc else None, "lon": loc.longitude if loc else None,
            "date": [str(e.date_start), str(e.date_end)], "claim": e.claim.status, "trigger": e.trigger,
        }
    return {
        "url": url,
        "gold": [
            {"id": g.id, "at": [g.start, g.end], "sub_event": g.sub_event_type, "actor1": g.actor1, "actor2": g.actor2,
             "place": g.place, "date": [str(g.date_start), str(g.date_end)],
             "matched": j.matched, "right": {"sub_event": j.sub_event, "sides": j.sides, "place": j.place, "date": j.date}}
            for g, j in zip(gold, judgements)
        ],
        "predicted": [brief(e) for e in predicted],
    }


# ----------------------------------------------------------------------------- control


def score_control_halves(control: ControlScore, rows: Iterable[GoldRow]) -> dict[str, dict[str, Any]]:
    """Split a control score's rows into the halves (held out by place) and give each half's figures."""
    place_of = {r.id: r.place for r in rows}
    out: dict[str, dict[str, Any]] = {}
    for half in HALVES:
        mine = [s for s in control.rows if half_of(place_of.get(s.id, s.place).strip().lower()) == half]
        covered = [s for s in mine if s.covered]
        right = sum(1 for s in covered if s.holder_right)
        errors = sorted(s.error_days for s in covered if s.error_days is not None)
        out[half] = {
            "capture_rows": len(mine),
            "covered": len(covered),
            "holder_right": right,
            "holder_accuracy": round(right / len(covered), 4) if covered else None,
            "holder_accuracy_all_rows": round(right / len(mine), 4) if mine else None,
            "changes_found": len(errors),
            "median_change_error_days": float(errors[len(errors) // 2]) if errors else None,
        }
    return out


# ----------------------------------------------------------------------------- the run


@dataclass(frozen=True, slots=True)
class NewsEvaluation:
    """Everything `frontline eval news` measured."""

    events: EventScore
    control: dict[str, dict[str, Any]]
    control_rows: tuple[RowScore, ...]
    control_rows_undated: int
    documents: int
    undated_documents: int
    predicted_events: int

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as plain JSON values."""
        return {
            "events": self.events.to_dict(),
            "control": self.control,
            "control_rows": [asdict(r) for r in self.control_rows],
            "control_rows_undated": self.control_rows_undated,
            "documents": self.documents,
            "undated_documents": self.undated_documents,
            "predicted_events": self.predicted_events,
            "place_km": PLACE_KM,
            "date_slack_days": DATE_SLACK_DAYS,
        }


def run_news_eval(shared: Path, gold_dir: Path, cache_url: str) -> NewsEvaluation:
    """Read the corpora and the gold, extract (cached by report), and score events and control."""
    reports = read_reports(shared)
    gold = read_event_gold(gold_dir, reports)
    rows, undated_rows = read_control_gold(gold_dir)
    docs = {url: r.document() for url, r in reports.items()}
    events = extract_cached(list(docs.values()), cache_url)
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        by_doc[e.document_id].append(e)
    events_by_url = {url: by_doc.get(doc.id, []) for url, doc in docs.items()}
    packs = {theatre: load_pack(theatre) for theatre in sorted({r.theatre for r in reports.values()})}
    event_score = score_events(gold, events_by_url, reports, packs)

    # Control is computed from the Syria reports alone, as a user following that war would.
    syria_docs = [docs[u] for u, r in reports.items() if r.theatre == "syria"]
    syria_events = [e for d in syria_docs for e in by_doc.get(d.id, [])]
    sides = Sides.for_theatre()
    params = ControlParams()
    obs = observe(syria_events, sides, params.weights, publisher_sides(syria_docs, sides))
    cmap = control_from_observations(obs, params)
    control = score_control(obs, cmap, rows, sides)
    return NewsEvaluation(
        events=event_score,
        control=score_control_halves(control, rows),
        # Row by row only for the tuned half: the held-out half is seen through its figures alone.
        control_rows=tuple(r for r in control.rows if half_of(r.place.strip().lower()) == "tuned"),
        control_rows_undated=undated_rows,
        documents=len(docs),
        undated_documents=sum(1 for d in docs.values() if d.published is None),
        predicted_events=len(events),
    )


def format_report(result: NewsEvaluation) -> str:
    """Return the figures as text tables, tuned and held-out side by side."""
    columns = ("gold", "found", "sub_event", "sides", "place_25km", "date", "all_four", "predicted", "precision")
    lines = ["events            " + "  ".join(f"{f:>10}" for f in columns)]
    halves = result.events.to_dict()["halves"]
    for half in HALVES:
        lines.append(f"  {half:<16}" + "  ".join(_cell(halves[half][f]) for f in columns))
    for facet in ("theatre", "period"):
        lines.append(f"by {facet} (all four right: tuned / held out; gold events)")
        for value, cells in result.events.to_dict()["by"].get(facet, {}).items():
            t, h = cells["tuned"], cells["held_out"]
            lines.append(
                f"  {value:<16} {_cell(t['all_four'])} / {_cell(h['all_four'])}   sub-type {_cell(t['sub_event'])} / "
                f"{_cell(h['sub_event'])}   sides {_cell(t['sides'])} / {_cell(h['sides'])}   place {_cell(t['place_25km'])} / "
                f"{_cell(h['place_25km'])}   date {_cell(t['date'])} / {_cell(h['date'])}   n {t['gold']} / {h['gold']}"
            )
    lines.append("control (Syria; held out by place)   rows  covered  holder right  accuracy  all rows  median change error")
    for half in HALVES:
        c = result.control[half]
        lines.append(
            f"  {half:<34} {c['capture_rows']:>5} {c['covered']:>8} {c['holder_right']:>13} {_cell(c['holder_accuracy'])}"
            f"{_cell(c['holder_accuracy_all_rows'])} {_cell(c['median_change_error_days'])}"
        )
    lines.append(
        f"reports {result.documents} ({result.undated_documents} undated), predicted events {result.predicted_events}, "
        f"control rows without a date (not scored) {result.control_rows_undated}"
    )
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return f"{'n/a':>10}"
    if isinstance(value, float):
        return f"{value:>10.3f}"
    return f"{value:>10}"
