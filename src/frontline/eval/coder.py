"""Score the event coder on outside gold: UCDP GED headlines, PETRARCH-2 validation, PLOVER sentences.

Each scorer reads its corpus, runs the extractor over it (parsing in batches) and returns a frozen
result with the figures and the failures worth reading; the CLI prints them and writes JSON.

Rules, decided once here so every run means the same thing:

- UCDP: a row's side_a/side_b are comma-separated group names; each maps to a pack actor through
  `ActorPack.canonical` (or, failing that, the first actor `find` reads in it). An extracted
  actor stands for a UCDP side when it is allied with (same lineage or coalition on the row's
  date as) one of that side's actors. An event's actors match the row when actor1 and actor2
  stand for the two sides, in either order (UCDP's side_a is the government whoever attacked).
  For one-sided violence (side_b "Civilians") an unnamed target also matches: headlines rarely
  name the victims as a group. The date is right when the event's range overlaps the row's
  [date_start, date_end]; "exact" additionally asks for day precision inside that range.
- PETRARCH-2: CAMEO root = first two digits of a gold code; a sentence agrees when the root of
  our first event equals one of its gold roots; quad classes group roots 01-05 (verbal
  cooperation), 06-08 (material cooperation), 09-13 (verbal conflict), 14-20 (material conflict).
- PLOVER: accuracy of our event's PLOVER type against gold_root per row; the dataset's names for
  a few PLOVER types differ from the manual's and are read through `PLOVER_NAMES`.
"""

from __future__ import annotations

import csv
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from frontline import settings
from frontline.actors import ActorPack, load_pack
from frontline.errors import InputError
from frontline.events import taxonomy
from frontline.events.classify import classify_snippet
from frontline.events.extract import extract_parsed
from frontline.model import Document, Event
from frontline.nlp import load_nlp

log = logging.getLogger(__name__)

UCDP_RELATIVE = Path("corpora/events/ucdp/ucdp_ged191_syria.csv")
PETRARCH_RELATIVE = Path("corpora/events/petrarch/PETR2_GSR_validation.xml")
PLOVER_RELATIVE = Path("corpora/events/zsp_plover/PLV_test.tsv")
PLOVER_REFERENCE = 0.835  # published root-code accuracy on PLV_test (Hu et al. 2024)
# The PLV data names some PLOVER types by their newer names.
PLOVER_NAMES = {"RETREAT": "YIELD", "CONCEDE": "YIELD", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE"}
# Sentences with no date of their own are read as if published on this day (deterministic runs).
UNDATED = date(2000, 1, 1)
CIVILIAN_SIDES = frozenset({"civilians"})
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

Extractor = Callable[[Sequence[Document]], list[list[Event]]]


def corpus_path(relative: Path) -> Path:
    """Return a corpus file under the `shared` setting, or say how to get it."""
    path = settings.get_path("shared") / relative
    if not path.is_file():
        raise InputError(f"no corpus at {path}: set FRONTLINE_SHARED (the `shared` setting) to the folder holding corpora/")
    return path


def run_extractor(documents: Sequence[Document], *, batch_size: int = 64) -> list[list[Event]]:
    """Return the events of each document, parsing in batches with the shared pipeline."""
    nlp = load_nlp()
    pack = load_pack(settings.get("theatre"))
    out: list[list[Event]] = []
    for document, parsed in zip(documents, nlp.pipe((d.text for d in documents), batch_size=batch_size)):
        out.append(extract_parsed(document, parsed, pack=pack))
    return out


def spread(items: Sequence[Any], limit: int | None) -> list[Any]:
    """Return at most `limit` items evenly spaced over the sequence (all when no limit)."""
    if limit is None or limit >= len(items):
        return list(items)
    if limit <= 0:
        return []
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _ratio(n: int, d: int) -> float:
    return round(n / d, 4) if d else 0.0


# ----- UCDP GED


@dataclass(frozen=True, slots=True)
class UcdpRow:
    """One UCDP GED event with the headlines that reported it."""

    id: str
    side_a: str
    side_b: str
    type_of_violence: int
    date_start: date
    date_end: date
    headlines: tuple[tuple[str, date], ...]  # (headline, publication date)


@dataclass(frozen=True, slots=True)
class UcdpOutcome:
    """How the events read from one row's headlines compare with the row."""

    row: UcdpRow
    events: tuple[Event, ...]
    mapped: bool  # both sides map to pack actors
    named: bool  # the headlines name actors standing for both sides (the ceiling for actors_right)
    one_side_right: bool  # some event names an actor standing for one of the sides
    actors_right: bool
    date_right: bool
    date_exact: bool
    both_right: bool


@dataclass(frozen=True)
class UcdpResult:
    """The UCDP GED figures and the outcomes behind them."""

    outcomes: tuple[UcdpOutcome, ...]
    seconds: float

    def summary(self) -> dict[str, Any]:
        """Return the headline figures (rates over all rows, and over rows with an event)."""
        n = len(self.outcomes)
        covered = [o for o in self.outcomes if o.events]
        mapped = [o for o in self.outcomes if o.mapped]
        by_type: dict[str, Any] = {}
        for kind, name in ((1, "state-based"), (2, "non-state"), (3, "one-sided")):
            part = [o for o in self.outcomes if o.row.type_of_violence == kind]
            by_type[name] = {"rows": len(part), "actors_right": _ratio(sum(o.actors_right for o in part), len(part)),
                             "date_right": _ratio(sum(o.date_right for o in part), len(part))}
        return {
            "rows": n,
            "sides_mapped": _ratio(len(mapped), n),
            "coverage": _ratio(len(covered), n),
            "both_sides_named": _ratio(sum(o.named for o in self.outcomes), n),
            "one_side_right": _ratio(sum(o.one_side_right for o in self.outcomes), n),
            "actors_right": _ratio(sum(o.actors_right for o in self.outcomes), n),
            "actors_right_when_named": _ratio(sum(o.actors_right for o in self.outcomes if o.named),
                                              sum(o.named for o in self.outcomes)),
            "date_right": _ratio(sum(o.date_right for o in self.outcomes), n),
            "date_exact": _ratio(sum(o.date_exact for o in self.outcomes), n),
            "both_right": _ratio(sum(o.both_right for o in self.outcomes), n),
            "actors_right_when_covered": _ratio(sum(o.actors_right for o in covered), len(covered)),
            "date_right_when_covered": _ratio(sum(o.date_right for o in covered), len(covered)),
            "both_right_when_covered": _ratio(sum(o.both_right for o in covered), len(covered)),
            "by_violence_type": by_type,
            "seconds": round(self.seconds, 2),
        }


def _iso(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


def read_ucdp(path: Path) -> list[UcdpRow]:
    """Read UCDP GED rows; a row reported by several headlines keeps each with its own date."""
    rows: list[UcdpRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle):
            start, end = _iso(raw.get("date_start", "")), _iso(raw.get("date_end", ""))
            if start is None or end is None:
                continue
            headlines = [h.strip() for h in (raw.get("source_headline") or "").split(";")]
            dates = [_iso(d) for d in (raw.get("source_date") or "").split(";")]
            pairs: list[tuple[str, date]] = []
            for i, text in enumerate(headlines):
                # Some entries are bare reference codes ("R3669"), not headlines.
                if len(text.split()) < 3:
                    continue
                published = dates[i] if i < len(dates) else None
                pairs.append((text, published or end))
            try:
                violence = int(float(raw.get("type_of_violence") or 0))
            except ValueError:
                violence = 0
            rows.append(UcdpRow(str(raw.get("id", "")).removesuffix(".0"), raw.get("side_a", ""), raw.get("side_b", ""),
                                violence, start, end, tuple(pairs)))
    if not rows:
        raise InputError(f"{path} holds no UCDP GED rows with dates: is it the GED CSV?")
    return rows


def map_side(pack: ActorPack, side: str) -> tuple[str, ...]:
    """Return the pack actors a UCDP side (comma-separated group names) stands for."""
    out: list[str] = []
    for name in (n.strip() for n in side.split(",")):
        if not name:
            continue
        actor = pack.canonical(name)
        if actor is None:
            found = pack.find(name)
            actor = found[0].actor if found else None
        if actor is not None and actor not in out:
            out.append(actor)
    return tuple(out)


def _stands_for(pack: ActorPack, actor: str | None, side: Sequence[str], on: date) -> bool:
    if actor is None:
        return False
    try:
        return any(pack.allied(actor, member, on=on) or pack.side(actor, on=on) == pack.side(member, on=on) for member in side)
    except LookupError:
        return False


def ucdp_actors_match(pack: ActorPack, event: Event, row: UcdpRow) -> bool:
    """Return whether an event's actor pair stands for the row's two sides (in either order)."""
    side_a, side_b = map_side(pack, row.side_a), map_side(pack, row.side_b)
    if not side_a or not side_b:
        return False
    on = row.date_start
    a1, a2 = event.actor1, event.actor2
    civilians = row.side_b.strip().lower() in CIVILIAN_SIDES
    if _stands_for(pack, a1, side_a, on) and (_stands_for(pack, a2, side_b, on) or (civilians and a2 is None)):
        return True
    return _stands_for(pack, a1, side_b, on) and _stands_for(pack, a2, side_a, on)


def _sides_named(pack: ActorPack, row: UcdpRow, publisher: str | None) -> tuple[bool, bool]:
    """Return whether the row's headlines name an actor of side_a, and one of side_b."""
    names = {m.actor for text, _ in row.headlines for m in pack.find(text, outlet=publisher) if m.actor}
    side_a, side_b = map_side(pack, row.side_a), map_side(pack, row.side_b)
    on = row.date_start
    named_b = any(_stands_for(pack, n, side_b, on) for n in names) or row.side_b.strip().lower() in CIVILIAN_SIDES
    return any(_stands_for(pack, n, side_a, on) for n in names), named_b


def _one_side(pack: ActorPack, events: Sequence[Event], row: UcdpRow) -> bool:
    sides = map_side(pack, row.side_a) + map_side(pack, row.side_b)
    return any(_stands_for(pack, a, sides, row.date_start) for e in events for a in (e.actor1, e.actor2))


def _date_right(event: Event, row: UcdpRow) -> bool:
    if event.date_start is None or event.date_end is None:
        return False
    return event.date_start <= row.date_end and row.date_start <= event.date_end


def _date_exact(event: Event, row: UcdpRow) -> bool:
    return event.time_precision == 1 and event.date_start is not None and row.date_start <= event.date_start <= row.date_end


def score_ucdp(rows: Sequence[UcdpRow], *, publisher: str | None = "SOHR", extractor: Extractor = run_extractor) -> UcdpResult:
    """Run the extractor on each row's headlines and compare actors and dates with the row."""
    pack = load_pack(settings.get("theatre"))
    documents: list[Document] = []
    owner: list[int] = []
    for i, row in enumerate(rows):
        for text, published in row.headlines:
            documents.append(Document.from_text(text, publisher=publisher, published=published))
            owner.append(i)
    began = time.perf_counter()
    found = extractor(documents)
    seconds = time.perf_counter() - began
    per_row: list[list[Event]] = [[] for _ in rows]
    for i, events in zip(owner, found):
        per_row[i].extend(events)
    outcomes = []
    for row, events in zip(rows, per_row):
        actors = [ucdp_actors_match(pack, e, row) for e in events]
        dates = [_date_right(e, row) for e in events]
        named_a, named_b = _sides_named(pack, row, publisher)
        outcomes.append(
            UcdpOutcome(
                row=row,
                events=tuple(events),
                mapped=bool(map_side(pack, row.side_a) and map_side(pack, row.side_b)),
                named=named_a and named_b,
                one_side_right=_one_side(pack, events, row),
                actors_right=any(actors),
                date_right=any(dates),
                date_exact=any(_date_exact(e, row) for e in events),
                both_right=any(a and d for a, d in zip(actors, dates)),
            )
        )
    return UcdpResult(tuple(outcomes), seconds)


# ----- PETRARCH-2 validation

_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


@dataclass(frozen=True, slots=True)
class PetrarchSentence:
    """One validation sentence with its gold CAMEO event codes (empty: gold says no event)."""

    id: str
    text: str
    published: date
    codes: tuple[str, ...]


def read_petrarch(path: Path) -> list[PetrarchSentence]:
    """Read the validation records (the file is not well-formed XML, so records are read one by one)."""
    raw = path.read_text(encoding="utf-8")
    out: list[PetrarchSentence] = []
    for match in _SENTENCE.finditer(raw):
        attrs = dict(_ATTR.findall(match.group(1)))
        body = match.group(2)
        # A self-closed <Sentence .../> leaves its codings and text before the closing tag.
        text_match = _TEXT.search(body)
        if text_match is None:
            continue
        codes = tuple(
            c["eventcode"] for c in (dict(_ATTR.findall(m.group(1))) for m in _CODING.finditer(body)) if "eventcode" in c
        )
        stamp = attrs.get("date", "")
        try:
            published = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8])) if len(stamp) == 8 else UNDATED
        except ValueError:
            published = UNDATED
        out.append(PetrarchSentence(attrs.get("id", str(len(out))), " ".join(text_match.group(1).split()), published, codes))
    if not out:
        raise InputError(f"{path} holds no <Sentence> records with <Text>: is it the PETRARCH-2 validation file?")
    return out


def cameo_root(code: str) -> str:
    """Return the two-digit CAMEO root of an event code ("1124" -> "11", "042" -> "04")."""
    return code[:2]


def quad_class(root: str) -> int:
    """Return the quad class of a CAMEO root: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
    n = int(root)
    if n <= 5:
        return 1
    if n <= 8:
        return 2
    if n <= 13:
        return 3
    return 4


def coder_roots() -> frozenset[str]:
    """Return the CAMEO roots our coder can emit for an act (the ACLED crosswalk, less 'Other')."""
    return frozenset(s.cameo_root for s in taxonomy.sub_event_types() if s.name != "Other")


@dataclass(frozen=True, slots=True)
class PetrarchOutcome:
    sentence: PetrarchSentence
    predicted: str | None  # CAMEO root of our first event


@dataclass(frozen=True)
class PetrarchResult:
    outcomes: tuple[PetrarchOutcome, ...]

    def _agreement(self, subset: Sequence[PetrarchOutcome]) -> dict[str, Any]:
        root = sum(1 for o in subset if o.predicted and o.predicted in {cameo_root(c) for c in o.sentence.codes})
        quad = sum(
            1 for o in subset
            if o.predicted and quad_class(o.predicted) in {quad_class(cameo_root(c)) for c in o.sentence.codes}
        )
        coded = sum(1 for o in subset if o.predicted)
        return {"n": len(subset), "coded": coded, "root_agreement": _ratio(root, len(subset)),
                "quad_agreement": _ratio(quad, len(subset)), "root_agreement_when_coded": _ratio(root, coded),
                "quad_agreement_when_coded": _ratio(quad, coded)}

    def summary(self) -> dict[str, Any]:
        """Return agreement over all coded gold sentences and over those in the coder's domain."""
        gold = [o for o in self.outcomes if o.sentence.codes]
        ours = coder_roots()
        relevant = [o for o in gold if {cameo_root(c) for c in o.sentence.codes} & ours]
        no_event = [o for o in self.outcomes if not o.sentence.codes]
        return {
            "sentences": len(self.outcomes),
            "all_gold_events": self._agreement(gold),
            "coder_domain": self._agreement(relevant) | {"roots": sorted(ours)},
            "no_event_sentences": len(no_event),
            "events_on_no_event_sentences": sum(1 for o in no_event if o.predicted),
        }


def score_petrarch(sentences: Sequence[PetrarchSentence], *, extractor: Extractor = run_extractor) -> PetrarchResult:
    """Run the extractor on each sentence and keep the CAMEO root of its first event."""
    documents = [Document.from_text(s.text, published=s.published) for s in sentences]
    found = extractor(documents)
    outcomes = []
    for sentence, events in zip(sentences, found):
        roots = [e.cameo_root for e in events if e.cameo_root and e.sub_event_type != "Other"]
        outcomes.append(PetrarchOutcome(sentence, roots[0] if roots else None))
    return PetrarchResult(tuple(outcomes))


# ----- PLOVER (PLV_test)


@dataclass(frozen=True, slots=True)
class PloverRow:
    uid: str
    sentence: str
    gold: str


def read_plover(path: Path) -> list[PloverRow]:
    """Read PLV rows (uid, sentence, gold_root)."""
    out: list[PloverRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle, delimiter="\t"):
            if raw.get("sentence") and raw.get("gold_root"):
                out.append(PloverRow(raw.get("uid", str(len(out))), raw["sentence"], raw["gold_root"].strip().upper()))
    if not out:
        raise InputError(f"{path} holds no rows with sentence and gold_root columns: is it PLV_test.tsv?")
    return out


def plover_name(name: str | None) -> str | None:
    """Return a PLOVER type under the name the PLV data uses."""
    if name is None:
        return None
    return PLOVER_NAMES.get(name.upper(), name.upper())


def _plover_of_events(events: Iterable[Event]) -> str | None:
    for event in events:
        if event.plover_type:
            return plover_name(event.plover_type)
    return None


def _plover_of_classifier(text: str) -> str | None:
    result = classify_snippet(text)
    if result.acled_sub_event is None:
        return None
    return plover_name(taxonomy.sub_event(result.acled_sub_event).plover_type)


@dataclass(frozen=True, slots=True)
class PloverOutcome:
    row: PloverRow
    extractor: str | None
    combined: str | None  # the extractor's type, else the snippet classifier's


@dataclass(frozen=True)
class PloverResult:
    outcomes: tuple[PloverOutcome, ...]

    def summary(self) -> dict[str, Any]:
        n = len(self.outcomes)
        by_gold: dict[str, list[PloverOutcome]] = {}
        for o in self.outcomes:
            by_gold.setdefault(o.row.gold, []).append(o)
        return {
            "rows": n,
            "extractor_accuracy": _ratio(sum(o.extractor == o.row.gold for o in self.outcomes), n),
            "extractor_coverage": _ratio(sum(o.extractor is not None for o in self.outcomes), n),
            "combined_accuracy": _ratio(sum(o.combined == o.row.gold for o in self.outcomes), n),
            "reference_accuracy": PLOVER_REFERENCE,
            "per_gold_type": {
                g: {"n": len(os), "combined_accuracy": _ratio(sum(o.combined == g for o in os), len(os))}
                for g, os in sorted(by_gold.items())
            },
            "confusions": Counter(f"{o.row.gold}->{o.combined}" for o in self.outcomes if o.combined != o.row.gold).most_common(15),
        }


def score_plover(rows: Sequence[PloverRow], *, extractor: Extractor = run_extractor) -> PloverResult:
    """Type each distinct sentence once, then score every row against its gold root."""
    sentences = list(dict.fromkeys(r.sentence for r in rows))
    found = extractor([Document.from_text(s, published=UNDATED) for s in sentences])
    by_extractor = {s: _plover_of_events(events) for s, events in zip(sentences, found)}
    combined = {s: by_extractor[s] or _plover_of_classifier(s) for s in sentences}
    return PloverResult(tuple(PloverOutcome(r, by_extractor[r.sentence], combined[r.sentence]) for r in rows))


def percent(value: float) -> str:
    """Format a 0-1 rate as a percentage."""
    return f"{100 * value:.1f}%" if not math.isnan(value) else "n/a"
