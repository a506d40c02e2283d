"""Run the extractor on the seed report and score it, with a readable per-event account."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.errors import DataError
from frontline.eval.seed import SeedScore, load_gold, score
from frontline.events.extract import extract
from frontline.ingest.dates import parse_date
from frontline.model import Document, Event


@dataclass(frozen=True, slots=True)
class SeedReport:
    document: Document
    events: list[Event]
    score: SeedScore

    def lines(self) -> list[str]:
        """Return the account printed by `frontline eval seed`."""
        out = []
        for r in self.score.results:
            tag = "required" if r.gold.required else "optional"
            if r.matched:
                best = r.matched[0]
                out.append(
                    f"{r.gold.id:4} {tag:8} found   {best.sub_event_type} | {best.actor1} vs {best.actor2} | "
                    f"{best.location.place.name if best.location else '-'} | {best.date_start}..{best.date_end} | "
                    f"{best.claim.status} ({best.claim.source}) | actors {'ok' if r.actors_right else 'WRONG'}, "
                    f"claim {'ok' if r.claim_right else 'WRONG'}"
                )
            else:
                out.append(f"{r.gold.id:4} {tag:8} MISSED  {r.gold.text[:90]}")
        for e in self.score.false_positives:
            out.append(
                f"FP            {e.sub_event_type} | {e.actor1} vs {e.actor2} | "
                f"{e.location.place.name if e.location else '-'} | {e.date_start}..{e.date_end} | {e.text[:70]}"
            )
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.score.summary(),
            "gold": [
                {"id": r.gold.id, "required": r.gold.required, "matched": [e.to_dict() for e in r.matched],
                 "actors_right": r.actors_right, "claim_right": r.claim_right}
                for r in self.score.results
            ],
            "false_positives": [e.to_dict() for e in self.score.false_positives],
        }


def run_seed(gold_path: Path) -> SeedReport:
    """Extract events from the seed report named in `gold_path` and score them."""
    data, gold = load_gold(gold_path)
    meta = data["document"]
    text_path = gold_path.parent / meta["file"]
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read seed report {text_path}: {exc.strerror}") from exc
    document = Document.from_text(
        text.strip(),
        url=meta.get("url"),
        title=meta.get("title"),
        publisher=meta.get("publisher"),
        published=parse_date(meta.get("published")),
    )
    events = extract(document)
    return SeedReport(document=document, events=events, score=score(events, gold))
