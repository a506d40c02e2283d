"""Measure an actor pack on real reporting: the seed gold, UCDP headlines, FA-KES outlets, speed.

Each function reads a corpus from the shared folder, runs the pack and returns a frozen report;
the `frontline eval actors` command prints and saves them.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from frontline.actors.pack import ActorPack
from frontline.errors import DataError

log = logging.getLogger(__name__)

# Gold aliases that describe a role rather than a phrase a text would contain.
_DESCRIPTIVE = " (as source)"


@dataclass(frozen=True, slots=True)
class SeedActorReport:
    """Seed gold: which gold aliases resolve, and which actors the report's text yields."""

    aliases: int
    aliases_resolved: int
    unresolved: tuple[str, ...]
    gold_actors: tuple[str, ...]
    found_actors: tuple[str, ...]
    missed_actors: tuple[str, ...]
    extra_actors: tuple[str, ...]
    acled_names_agree: int
    acled_names_checked: int


@dataclass(frozen=True, slots=True)
class UcdpReport:
    """UCDP GED headlines: how often the pack finds an actor, and whether it fits UCDP's sides."""

    events: int
    side_names: int
    side_names_mapped: int
    unmapped_side_names: tuple[tuple[str, int], ...]
    headlines_with_actor: int
    mentions_checked: int
    mentions_consistent: int
    short_mentions_checked: int  # headlines of one short sentence, not daily digests
    short_mentions_consistent: int
    inconsistent_examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OutletReport:
    """FA-KES: which source labels resolve to an outlet, and what the outlets' texts mention."""

    articles: int
    sources: int
    sources_resolved: tuple[tuple[str, str, str], ...]  # label, outlet, affiliation
    sources_unresolved: tuple[str, ...]
    mentions: int
    pejorative_mentions: int
    pejorative_resolved_by_outlet: int


@dataclass(frozen=True, slots=True)
class SpeedReport:
    """Matching speed over real articles (one process, one core)."""

    texts: int
    characters: int
    mentions: int
    seconds: float

    @property
    def ms_per_1000_chars(self) -> float:
        """Return milliseconds of `find` per 1,000 characters."""
        return 1000 * self.seconds / max(self.characters / 1000, 1e-9)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path} ({exc}): check the `shared` setting (FRONTLINE_SHARED)") from exc


def seed_actors(pack: ActorPack, gold_path: Path, text_path: Path) -> SeedActorReport:
    """Score the pack on the seed gold's actors and on the seed report's text."""
    gold = _read_json(gold_path)["actors"]
    total = resolved = 0
    unresolved: list[str] = []
    acled_checked = acled_ok = 0
    for name, entry in gold.items():
        for alias in [name, *entry.get("aliases", [])]:
            if alias.endswith(_DESCRIPTIVE):
                continue
            total += 1
            found = {m.actor for m in pack.find(alias)}
            if found == {name} or pack.canonical(alias) == name:
                resolved += 1
            else:
                unresolved.append(f"{alias} -> {sorted(found) or 'nothing'}")
        if "acled_actor" in entry:
            acled_checked += 1
            actor = pack.actor(name)
            if entry["acled_actor"] in (actor.acled_name, *actor.acled_aliases):
                acled_ok += 1
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read the seed report {text_path}: check the `shared` setting") from exc
    found_actors = {m.actor for m in pack.find(text, outlet="EA WorldView")}
    gold_actors = set(gold)
    return SeedActorReport(
        aliases=total,
        aliases_resolved=resolved,
        unresolved=tuple(unresolved),
        gold_actors=tuple(sorted(gold_actors)),
        found_actors=tuple(sorted(found_actors)),
        missed_actors=tuple(sorted(gold_actors - found_actors)),
        extra_actors=tuple(sorted(found_actors - gold_actors)),
        acled_names_agree=acled_ok,
        acled_names_checked=acled_checked,
    )


def _ucdp_sides(pack: ActorPack, raw: str, unmapped: Counter[str]) -> tuple[list[str], int, int]:
    names = [n.strip() for n in raw.split(",") if n.strip()]
    actors = []
    for name in names:
        canonical = pack.canonical(name)
        if canonical is None:
            unmapped[name] += 1
        else:
            actors.append(canonical)
    return actors, len(names), len(actors)


def ucdp_headlines(pack: ActorPack, csv_path: Path, *, limit: int | None = None) -> UcdpReport:
    """Find actors in UCDP GED source headlines and check them against each event's two sides."""
    csv.field_size_limit(sys.maxsize)
    events = with_actor = checked = consistent = side_names = mapped = short_checked = short_consistent = 0
    unmapped: Counter[str] = Counter()
    examples: list[str] = []
    try:
        handle = csv_path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DataError(f"cannot read {csv_path}: check the `shared` setting (FRONTLINE_SHARED)") from exc
    with handle:
        for row in csv.DictReader(handle):
            if limit is not None and events >= limit:
                break
            events += 1
            on = date.fromisoformat(row["date_start"][:10]) if row.get("date_start") else None
            sides: list[str] = []
            for key in ("side_a", "side_b"):
                actors, n, m = _ucdp_sides(pack, row[key], unmapped)
                sides.extend(actors)
                side_names += n
                mapped += m
            headline = row.get("source_headline") or ""
            mentions = [m for m in pack.find(headline, on=on) if m.via != "outlet"]
            if mentions:
                with_actor += 1
            if not sides:
                continue
            short = ";" not in headline and len(headline) <= 160
            for mention in mentions:
                actor = pack.actor(mention.actor)
                if actor.inter in (5, 6, 7) or actor.kind == "unidentified":
                    continue
                checked += 1
                short_checked += short
                if any(pack.allied(mention.actor, s, on) or pack.side(mention.actor, on) == pack.side(s, on) for s in sides):
                    consistent += 1
                    short_consistent += short
                elif short and len(examples) < 15:
                    examples.append(f"{headline!r}: {mention.text} -> {mention.actor}; UCDP {row['side_a']} v {row['side_b']}")
    return UcdpReport(
        events=events,
        side_names=side_names,
        side_names_mapped=mapped,
        unmapped_side_names=tuple(unmapped.most_common(15)),
        headlines_with_actor=with_actor,
        mentions_checked=checked,
        mentions_consistent=consistent,
        short_mentions_checked=short_checked,
        short_mentions_consistent=short_consistent,
        inconsistent_examples=tuple(examples),
    )


def _fakes_rows(csv_path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    try:
        with csv_path.open(encoding="utf-8", errors="replace", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as exc:
        raise DataError(f"cannot read {csv_path}: check the `shared` setting (FRONTLINE_SHARED)") from exc


def fakes_outlets(pack: ActorPack, csv_path: Path) -> OutletReport:
    """Resolve FA-KES source labels to outlets and read each article through its outlet."""
    rows = _fakes_rows(csv_path)
    labels = sorted({r["source"] for r in rows})
    resolved: list[tuple[str, str, str]] = []
    unresolved: list[str] = []
    for label in labels:
        outlet = pack.outlet(label)
        if outlet is None:
            unresolved.append(label)
        else:
            resolved.append((label, outlet.name, outlet.affiliation or "independent"))
    mentions = pejorative = by_outlet = 0
    for row in rows:
        text = row["article_content"]
        found = pack.find(text, outlet=row["source"])
        mentions += len(found)
        for m in found:
            if m.via == "pejorative":
                pejorative += 1
        # Pejoratives that only resolve because the outlet is known.
        by_outlet += len(found) - len(pack.find(text))
    return OutletReport(
        articles=len(rows),
        sources=len(labels),
        sources_resolved=tuple(resolved),
        sources_unresolved=tuple(unresolved),
        mentions=mentions,
        pejorative_mentions=pejorative,
        pejorative_resolved_by_outlet=by_outlet,
    )


def speed(pack: ActorPack, texts: list[str], *, repeat: int = 3) -> SpeedReport:
    """Time `find` over texts (best of `repeat` passes)."""
    best = float("inf")
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = sum(len(pack.find(t)) for t in texts)
        best = min(best, time.perf_counter() - start)
    return SpeedReport(texts=len(texts), characters=sum(len(t) for t in texts), mentions=count, seconds=best)


def fakes_texts(csv_path: Path) -> list[str]:
    """Return the article texts of FA-KES."""
    return [r["article_content"] for r in _fakes_rows(csv_path)]


def as_dict(report: object) -> dict[str, Any]:
    """Return a report as JSON-ready data."""
    data: dict[str, Any] = asdict(report)  # type: ignore[call-overload]
    if isinstance(report, SpeedReport):
        data["ms_per_1000_chars"] = round(report.ms_per_1000_chars, 4)
    return data
