"""Check the corpus figures written by `frontline eval ...` against the floors CI holds them to.

Each floor sits just under what the method reached on the dev material when it was set; a drop
below one fails CI, as does a rise above a ceiling (rates that must stay low). Usage:
python .ci/gates.py OUT_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# (file, description, path into the JSON, floor)
FLOORS: tuple[tuple[str, str, tuple[Any, ...], float], ...] = (
    ("eval-case2021.json", "CASE 2021 subtask 1 weighted F1, rules", ("systems", 0, "scores", 0, "weighted_f1"), 0.89),
    ("eval-case2021.json", "CASE 2021 subtask 1 weighted F1, 5-fold CV", ("systems", 1, "scores", 0, "weighted_f1"), 0.89),
    ("eval-geoparse-lgl-gold-toponyms.json", "LGL Acc@161 (gold toponyms)", ("resolution", "acc161"), 0.85),
    ("eval-geoparse-gwn-gold-toponyms.json", "GeoWebNews Acc@161 (gold toponyms)", ("resolution", "acc161"), 0.85),
    ("eval-geoparse-lgl-end-to-end.json", "LGL recognition F1 (end to end)", ("recognition", "f1"), 0.775),
    ("eval-geoparse-gwn-end-to-end.json", "GeoWebNews recognition F1 (end to end)", ("recognition", "f1"), 0.80),
    ("eval-control.json", "control holder accuracy on covered dev rows", ("holder_accuracy",), 0.9),
    # Event typing (eval typing): snippets of the news gold no rule was written from, and CASE dev.
    ("eval-typing.json", "typing news gold held out: weighted F1, combined", ("news", "combined", "held_out"), 0.64),
    ("eval-typing.json", "typing news gold tuned: weighted F1, combined", ("news", "combined", "tuned"), 0.66),
    ("eval-typing.json", "typing CASE dev subtask 1: weighted F1, combined", ("case", "combined", 0), 0.875),
    ("eval-typing.json", "typing CASE dev subtask 1: 5-fold CV, combined", ("case", "cv-combined", 0), 0.885),
    # Real reporting (eval news): the held-out half only, the half no rule was written from.
    ("eval-news.json", "news events held out: all four fields right", ("events", "halves", "held_out", "all_four"), 0.26),
    ("eval-news.json", "news events held out: sub-event type", ("events", "halves", "held_out", "sub_event"), 0.53),
    ("eval-news.json", "news events held out: sides", ("events", "halves", "held_out", "sides"), 0.41),
    ("eval-news.json", "news events held out: place within 25 km", ("events", "halves", "held_out", "place_25km"), 0.53),
    ("eval-news.json", "news events held out: date", ("events", "halves", "held_out", "date"), 0.60),
    ("eval-news.json", "news events held out: precision", ("events", "halves", "held_out", "precision"), 0.31),
    ("eval-news.json", "news Syria events held out: all four", ("events", "by", "theatre", "syria", "held_out", "all_four"), 0.21),
    ("eval-news.json", "news Ukraine events held out: all four", ("events", "by", "theatre", "ukraine", "held_out", "all_four"), 0.25),
    ("eval-news.json", "news Sudan events held out: all four", ("events", "by", "theatre", "sudan", "held_out", "all_four"), 0.36),
    ("eval-news.json", "news Yemen events held out: all four", ("events", "by", "theatre", "yemen", "held_out", "all_four"), 0.27),
    ("eval-news.json", "news control held out: holder right 3 days after", ("control", "held_out", "holder_accuracy"), 0.70),
    # Conflict gazetteer: spellings of one place joined, held-out UCDP places found.
    ("eval-name-variants.json", "name variants: recall of the fallback key", ("variant", "recall"), 0.45),
    ("eval-ucdp-places.json", "held-out UCDP places found within 10 km", ("share_within",), 0.14),
)
# (file, description, path into the JSON, ceiling)
CEILINGS: tuple[tuple[str, str, tuple[Any, ...], float], ...] = (
    ("eval-name-variants.json", "name variants: false merges of the fallback key", ("variant", "false_merge_rate"), 0.065),
    ("eval-news.json", "news control held out: median days between change and record", ("control", "held_out", "median_change_error_days"), 2.0),
)


def _dig(data: Any, path: tuple[Any, ...]) -> float:
    for key in path:
        data = data[key]
    return float(data)


def main(out_dir: Path) -> int:
    failed = 0
    checks = [(*f, True) for f in FLOORS] + [(*c, False) for c in CEILINGS]
    for name, what, path, bound, is_floor in checks:
        file = out_dir / name
        try:
            value = _dig(json.loads(file.read_text(encoding="utf-8")), path)
        except (OSError, KeyError, IndexError, TypeError, ValueError) as exc:
            print(f"FAIL {what}: cannot read {file} ({exc})")
            failed += 1
            continue
        ok = value >= bound if is_floor else value <= bound
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}: {value:.3f} ({'floor' if is_floor else 'ceiling'} {bound})")
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "out")))
