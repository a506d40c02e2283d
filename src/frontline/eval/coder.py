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
  its act (the PLOVER coder's, the extractor's violence standing where the lexicon names nothing
  else) equals one of its gold roots; quad classes group roots 01-05 (verbal
  cooperation), 06-08 (material cooperation), 09-13 (verbal conflict), 14-20 (material conflict).
- PLOVER: accuracy of the PLOVER coder's type against gold_root per row, on the dependency path
  between the row's marked source and target and again on the plain sentence; the dataset's
  names for a few PLOVER types differ from the manual's and are read through `PLOVER_NAMES`.
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
from frontline.events import plover_coder, taxonomy
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
# UCDP names some sides as collectives. Its "Syrian insurgents" takes in every armed opposition
# group fighting the government, the jihadist ones included: the GED has no Government of Syria
# dyad with Nusra, Fateh al-Sham or HTS although they fought it throughout.
UCDP_COLLECTIVES = {
    "syrian insurgents": ("Syrian opposition", "Jabhat al-Nusra", "HTS", "Jund al-Aqsa", "Turkistan Islamic Party", "Hurras al-Din"),
}
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


# Why a row is not right, first matching cause wins (see `_cause`).
UCDP_CAUSES = ("right", "no_headline", "side_unmapped", "no_event", "wrong_side", "actor_missing", "date_wrong")
NAMING = ("neither", "one", "both")


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
    sides_named: int = 0  # how many of the two sides the headlines name (0, 1 or 2)
    cause: str = "right"  # one of UCDP_CAUSES

    @property
    def naming(self) -> str:
        """Return whether the headlines name neither, one or both of the row's sides."""
        return NAMING[self.sides_named]


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
        named = [o for o in self.outcomes if o.named]
        return {
            "rows": n,
            "both_right": _ratio(sum(o.both_right for o in self.outcomes), n),
            "both_right_when_named": _ratio(sum(o.both_right for o in named), len(named)),
            "headline_names": {k: _ratio(sum(o.naming == k for o in self.outcomes), n) for k in NAMING},
            "causes": self.causes(self.outcomes),
            "causes_by_naming": {k: self.causes([o for o in self.outcomes if o.naming == k]) for k in NAMING},
            "sides_mapped": _ratio(len(mapped), n),
            "coverage": _ratio(len(covered), n),
            "both_sides_named": _ratio(sum(o.named for o in self.outcomes), n),
            "one_side_right": _ratio(sum(o.one_side_right for o in self.outcomes), n),
            "actors_right": _ratio(sum(o.actors_right for o in self.outcomes), n),
            "actors_right_when_named": _ratio(sum(o.actors_right for o in self.outcomes if o.named),
                                              sum(o.named for o in self.outcomes)),
            "date_right": _ratio(sum(o.date_right for o in self.outcomes), n),
            "date_exact": _ratio(sum(o.date_exact for o in self.outcomes), n),
            "actors_right_when_covered": _ratio(sum(o.actors_right for o in covered), len(covered)),
            "date_right_when_covered": _ratio(sum(o.date_right for o in covered), len(covered)),
            "both_right_when_covered": _ratio(sum(o.both_right for o in covered), len(covered)),
            "by_violence_type": by_type,
            "seconds": round(self.seconds, 2),
        }

    @staticmethod
    def causes(outcomes: Sequence[UcdpOutcome]) -> dict[str, Any]:
        """Return the rows and the share of each cause among some outcomes."""
        counts = Counter(o.cause for o in outcomes)
        return {"rows": len(outcomes)} | {c: _ratio(counts[c], len(outcomes)) for c in UCDP_CAUSES}

    def failures(self, per_cause: int) -> dict[str, list[UcdpOutcome]]:
        """Return up to `per_cause` failed rows for each cause, evenly spread over the file."""
        out: dict[str, list[UcdpOutcome]] = {}
        for cause in UCDP_CAUSES[1:]:
            out[cause] = spread([o for o in self.outcomes if o.cause == cause], per_cause)
        return out


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
        members = [a for a in UCDP_COLLECTIVES.get(name.lower(), ()) if pack.canonical(a)]
        if members:
            out.extend(a for a in members if a not in out)
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


def _cause(pack: ActorPack, row: UcdpRow, events: Sequence[Event], mapped: bool, actors_right: bool, both_right: bool) -> str:
    """Return the first reason a row is not right (UCDP_CAUSES order), or "right"."""
    if both_right:
        return "right"
    if not row.headlines:
        return "no_headline"
    if not mapped:
        return "side_unmapped"
    if not events:
        return "no_event"
    if actors_right:
        return "date_wrong"
    sides = map_side(pack, row.side_a) + map_side(pack, row.side_b)
    named = [a for e in events for a in (e.actor1, e.actor2) if a is not None]
    if any(not _stands_for(pack, a, sides, row.date_start) for a in named):
        return "wrong_side"  # an actor was read, but it stands for neither of the row's sides
    return "actor_missing"


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
        mapped = bool(map_side(pack, row.side_a) and map_side(pack, row.side_b))
        both = any(a and d for a, d in zip(actors, dates))
        outcomes.append(
            UcdpOutcome(
                row=row,
                events=tuple(events),
                mapped=mapped,
                named=named_a and named_b,
                one_side_right=_one_side(pack, events, row),
                actors_right=any(actors),
                date_right=any(dates),
                date_exact=any(_date_exact(e, row) for e in events),
                both_right=both,
                sides_named=int(named_a) + int(named_b),
                cause=_cause(pack, row, events, mapped, any(actors), both),
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
    """Return the CAMEO roots our coder can emit: the ACLED crosswalk (less 'Other') and the PLOVER lexicon."""
    acled = {s.cameo_root for s in taxonomy.sub_event_types() if s.name != "Other"}
    return frozenset(acled | plover_coder.lexicon_roots())


@dataclass(frozen=True, slots=True)
class PetrarchOutcome:
    sentence: PetrarchSentence
    predicted: str | None  # CAMEO root of the sentence's act (PLOVER coder, else the extractor's first event)


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
        by_root: dict[str, list[PetrarchOutcome]] = {}
        for o in gold:
            by_root.setdefault(cameo_root(o.sentence.codes[0]), []).append(o)
        return {
            "sentences": len(self.outcomes),
            "all_gold_events": self._agreement(gold),
            "coder_domain": self._agreement(relevant) | {"roots": sorted(ours)},
            "per_gold_root": {r: self._agreement(os)["root_agreement"] for r, os in sorted(by_root.items())},
            "no_event_sentences": len(no_event),
            "events_on_no_event_sentences": sum(1 for o in no_event if o.predicted),
        }


def code_documents(documents: Sequence[Document], *, marks: Sequence[Marks | None] | None = None,
                   extractor: Extractor | None = None, batch_size: int = 64) -> list[CodedText]:
    """Parse each document once and code its act: the PLOVER lexicon, the extractor's events, both combined.

    With no `extractor` the extractor runs on the same parse; a given one (tests, other systems)
    is called on the documents and only the lexicon uses the parse.
    """
    nlp = load_nlp()
    lexicon = plover_coder.load_lexicon()
    marked = list(marks) if marks is not None else [None] * len(documents)
    supplied = extractor(documents) if extractor is not None else None
    pack = load_pack(settings.get("theatre")) if extractor is None else None
    out: list[CodedText] = []
    for i, (document, parsed) in enumerate(zip(documents, nlp.pipe((d.text for d in documents), batch_size=batch_size))):
        events = supplied[i] if supplied is not None else extract_parsed(document, parsed, pack=pack)
        plain = plover_coder.code_doc(parsed, lexicon=lexicon)
        pair = marked[i]
        lexical = plover_coder.code_doc(parsed, source=pair[0], target=pair[1], lexicon=lexicon) if pair else plain
        out.append(CodedText(tuple(events), lexical, plover_coder.combine(lexical, events), plover_coder.combine(plain, events)))
    return out


def score_petrarch(sentences: Sequence[PetrarchSentence], *, extractor: Extractor | None = None) -> PetrarchResult:
    """Code each sentence (PLOVER lexicon, the extractor for violence) and keep its CAMEO root."""
    documents = [Document.from_text(s.text, published=s.published) for s in sentences]
    coded = code_documents(documents, extractor=extractor)
    outcomes = []
    for sentence, found in zip(sentences, coded):
        act = found.combined
        if act is None:
            roots = [e.cameo_root for e in found.events if e.cameo_root and e.sub_event_type != "Other"]
            outcomes.append(PetrarchOutcome(sentence, roots[0] if roots else None))
        else:
            outcomes.append(PetrarchOutcome(sentence, act.cameo_root))
    return PetrarchResult(tuple(outcomes))


# ----- PLOVER (PLV_test)

Marks = tuple[tuple[int, int], tuple[int, int]]  # character spans of the act's source and target
_MARK = re.compile(r"<(/?)([st])>")


@dataclass(frozen=True, slots=True)
class CodedText:
    """One text's act as the lexicon, the extractor and the two combined read it."""

    events: tuple[Event, ...]
    lexicon: plover_coder.PloverCoding | None  # the lexicon alone (on the marked path where marks are given)
    combined: plover_coder.PloverCoding | None  # lexicon and extractor, marks used
    plain: plover_coder.PloverCoding | None  # lexicon and extractor, marks ignored


@dataclass(frozen=True, slots=True)
class PloverRow:
    uid: str
    sentence: str
    gold: str
    marks: Marks | None = None  # where the row marks its source and target


def unmark(marked: str) -> tuple[str, Marks | None]:
    """Return a PLV marked sentence without its <s>/<t> tags, and the spans the tags enclosed."""
    text: list[str] = []
    length, last = 0, 0
    opened: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for match in _MARK.finditer(marked):
        piece = marked[last:match.start()]
        text.append(piece)
        length += len(piece)
        last = match.end()
        closing, tag = match.group(1), match.group(2)
        if not closing:
            opened[tag] = length
        elif tag in opened:
            spans[tag] = (opened[tag], length)
    text.append(marked[last:])
    plain = "".join(text)
    if "s" not in spans or "t" not in spans:
        return plain, None
    return plain, (_trim(plain, spans["s"]), _trim(plain, spans["t"]))


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read_plover(path: Path) -> list[PloverRow]:
    """Read PLV rows (uid, sentence, gold_root, and the marked source and target where given)."""
    out: list[PloverRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for raw in csv.DictReader(handle, delimiter="\t"):
            if not (raw.get("sentence") and raw.get("gold_root")):
                continue
            sentence, marks = raw["sentence"], None
            if raw.get("marked_sentence"):
                sentence, marks = unmark(raw["marked_sentence"])
                if marks is None:
                    sentence = raw["sentence"]
            out.append(PloverRow(raw.get("uid") or str(len(out)), sentence, raw["gold_root"].strip().upper(), marks))
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


def _name(coding: plover_coder.PloverCoding | None) -> str | None:
    return plover_name(coding.plover_type) if coding is not None else None


@dataclass(frozen=True, slots=True)
class PloverOutcome:
    row: PloverRow
    extractor: str | None  # the extractor's type alone
    combined: str | None  # the PLOVER lexicon (on the marked path) with the extractor for violence
    plain: str | None = None  # the same, ignoring the row's source/target marks
    lexicon: str | None = None  # the lexicon alone
    trigger: str | None = None


@dataclass(frozen=True)
class PloverResult:
    outcomes: tuple[PloverOutcome, ...]
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        n = len(self.outcomes)
        by_gold: dict[str, list[PloverOutcome]] = {}
        for o in self.outcomes:
            by_gold.setdefault(o.row.gold, []).append(o)
        return {
            "rows": n,
            "extractor_accuracy": _ratio(sum(o.extractor == o.row.gold for o in self.outcomes), n),
            "extractor_coverage": _ratio(sum(o.extractor is not None for o in self.outcomes), n),
            "lexicon_accuracy": _ratio(sum(o.lexicon == o.row.gold for o in self.outcomes), n),
            "combined_accuracy": _ratio(sum(o.combined == o.row.gold for o in self.outcomes), n),
            "combined_coverage": _ratio(sum(o.combined is not None for o in self.outcomes), n),
            "plain_accuracy": _ratio(sum(o.plain == o.row.gold for o in self.outcomes), n),
            "reference_accuracy": PLOVER_REFERENCE,
            "per_gold_type": {
                g: {"n": len(os), "combined_accuracy": _ratio(sum(o.combined == g for o in os), len(os)),
                    "plain_accuracy": _ratio(sum(o.plain == g for o in os), len(os))}
                for g, os in sorted(by_gold.items())
            },
            "confusions": Counter(f"{o.row.gold}->{o.combined}" for o in self.outcomes if o.combined != o.row.gold).most_common(15),
            "seconds": round(self.seconds, 2),
        }


def score_plover(rows: Sequence[PloverRow], *, extractor: Extractor | None = None) -> PloverResult:
    """Code each distinct sentence (and marking) once, then score every row against its gold root."""
    keys = list(dict.fromkeys((r.sentence, r.marks) for r in rows))
    began = time.perf_counter()
    coded = code_documents([Document.from_text(s, published=UNDATED) for s, _ in keys], marks=[m for _, m in keys],
                           extractor=extractor)
    seconds = time.perf_counter() - began
    found = dict(zip(keys, coded))
    outcomes = []
    for r in rows:
        c = found[(r.sentence, r.marks)]
        outcomes.append(PloverOutcome(r, _plover_of_events(c.events), _name(c.combined), _name(c.plain), _name(c.lexicon),
                                      c.combined.trigger if c.combined else None))
    return PloverResult(tuple(outcomes), seconds)


def percent(value: float) -> str:
    """Format a 0-1 rate as a percentage."""
    return f"{100 * value:.1f}%" if not math.isnan(value) else "n/a"
