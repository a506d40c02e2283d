"""CASE 2021 task 2 evaluation: per-subtask micro, macro and weighted F1 of snippet labels.

Official rule: subtask 1 scores the 25 ACLED sub-event types only (rows whose gold label is one
of the five unseen types are ignored); subtask 2 adds ORG_CRIME, NATURAL_DISASTER and
MAN_MADE_DISASTER; subtask 3 adds DIPLO and ATTRIB (all rows). Predictions are not filtered: a
kept row predicted as an unseen type is simply wrong. Averages run over the labels seen in the
kept gold or predictions, as scikit-learn's metrics do.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from frontline import settings
from frontline.errors import InputError
from frontline.events.classify import FALLBACK_LABEL, classify_with
from frontline.events.classify_io import Snippet, read_predictions, read_snippets
from frontline.events.classify_labels import case_codes, subtask_codes
from frontline.events.classify_model import (
    DEFAULT_C,
    LinearModel,
    load_shipped_model,
    stratified_folds,
    train_linear_model,
)

log = logging.getLogger(__name__)

DEV_RELATIVE = Path("corpora/events/case2021_task2_dev/dev.tsv")
SUBTASKS: tuple[int, ...] = (1, 2, 3)
SYSTEMS: tuple[str, ...] = ("rules", "cv", "shipped")
_SYSTEM_HELP = {
    "rules": "rule layer alone (no training)",
    "cv": "rules + linear model, k-fold cross-validated on this file",
    "shipped": "rules + the shipped linear model (optimistic if it was trained on this file)",
    "predictions": "predictions read from a file",
}


@dataclass(frozen=True)
class SubtaskScore:
    """Scores of one subtask; precision and recall are support-weighted averages."""

    subtask: int
    n: int
    precision: float
    recall: float
    micro_f1: float
    macro_f1: float
    weighted_f1: float


@dataclass(frozen=True)
class SystemResult:
    """One system's predictions on a gold file and their scores."""

    system: str
    description: str
    scores: tuple[SubtaskScore, ...]
    predictions: tuple[str, ...]


@dataclass(frozen=True)
class SpeedResult:
    """Seconds to classify snippets against seconds for a bare spaCy parse of the same texts."""

    n: int
    parse_s: float
    classify_s: float

    @property
    def ratio(self) -> float:
        """Return classify time as a fraction of parse time."""
        return self.classify_s / self.parse_s if self.parse_s else 0.0


def default_dev_path() -> Path:
    """Return the CASE 2021 dev slice under the `shared` setting."""
    return settings.get_path("shared") / DEV_RELATIVE


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_subtask(gold: Sequence[str], pred: Sequence[str], subtask: int) -> SubtaskScore:
    """Score one subtask: keep rows whose gold label belongs to it, then average over labels."""
    codes = subtask_codes(subtask)
    kept = [(g, p) for g, p in zip(gold, pred) if g in codes]
    n = len(kept)
    if n == 0:
        return SubtaskScore(subtask, 0, 0.0, 0.0, 0.0, 0.0, 0.0)
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g, p in kept:
        n_gold[g] += 1
        n_pred[p] += 1
        if g == p:
            tp[g] += 1
    labels = sorted(set(n_gold) | set(n_pred))
    per_label = {}
    for label in labels:
        precision = tp[label] / n_pred[label] if n_pred[label] else 0.0
        recall = tp[label] / n_gold[label] if n_gold[label] else 0.0
        per_label[label] = (precision, recall, _f1(precision, recall))
    # With one label per row, micro precision = micro recall = micro F1 = accuracy.
    micro = sum(tp.values()) / n
    macro = sum(f for _, _, f in per_label.values()) / len(labels)
    weighted = [sum(per_label[lab][i] * n_gold[lab] for lab in labels) / n for i in range(3)]
    return SubtaskScore(subtask, n, weighted[0], weighted[1], micro, macro, weighted[2])


def score_case2021(gold: Sequence[str], pred: Sequence[str]) -> list[SubtaskScore]:
    """Score predictions against gold CASE codes for subtasks 1, 2 and 3."""
    if len(gold) != len(pred):
        raise InputError(f"{len(gold)} gold labels but {len(pred)} predictions")
    unknown = sorted(set(gold) - set(case_codes()))
    if unknown:
        raise InputError(f"unknown gold label(s): {', '.join(unknown[:5])}; expected CASE 2021 codes")
    return [score_subtask(gold, pred, subtask) for subtask in SUBTASKS]


def cross_validate(snippets: Sequence[Snippet], *, k: int = 5, seed: int = 0, c: float = DEFAULT_C) -> list[str]:
    """Predict every snippet with a model trained on the other k-1 folds; return the labels."""
    labels = [s.label or "" for s in snippets]
    folds = stratified_folds(labels, k, seed)
    pred = [""] * len(snippets)
    for f in range(k):
        train = [i for i in range(len(snippets)) if folds[i] != f]
        test = [i for i in range(len(snippets)) if folds[i] == f]
        model = train_linear_model([snippets[i].text for i in train], [labels[i] for i in train], c=c)
        for i in test:
            pred[i] = classify_with(snippets[i].text, model).label
        log.info("fold %d/%d: trained on %d, predicted %d", f + 1, k, len(train), len(test))
    return pred


def read_gold(path: Path) -> list[Snippet]:
    """Read a CASE 2021 gold TSV (id, EventSnippet, SubType)."""
    snippets = read_snippets(path, text_column=1, label_column=2)
    bad = sorted({s.label or "" for s in snippets} - set(case_codes()))
    if bad:
        raise InputError(f"{path}: unknown label(s) {', '.join(bad[:5])} in column 3; expected CASE 2021 codes")
    return snippets


def run_system(system: str, snippets: Sequence[Snippet], *, k: int = 5, seed: int = 0, model: LinearModel | None = None) -> list[str]:
    """Return one system's predictions for gold snippets."""
    if system == "rules":
        return [classify_with(s.text, None).label for s in snippets]
    if system == "cv":
        return cross_validate(snippets, k=k, seed=seed)
    if system == "shipped":
        chosen = model if model is not None else load_shipped_model()
        return [classify_with(s.text, chosen).label for s in snippets]
    raise InputError(f"unknown system {system!r}; choose from {', '.join(SYSTEMS)}")


def evaluate_case2021(
    path: Path,
    *,
    systems: Sequence[str] = ("rules", "cv"),
    predictions: Path | None = None,
    k: int = 5,
    seed: int = 0,
) -> list[SystemResult]:
    """Score the chosen systems (or a predictions file) on a CASE 2021 gold TSV."""
    gold_rows = read_gold(path)
    gold = [s.label or "" for s in gold_rows]
    results = []
    if predictions is not None:
        by_id = read_predictions(predictions)
        missing = [s.id for s in gold_rows if s.id not in by_id]
        if missing:
            raise InputError(f"{predictions}: no prediction for {len(missing)} gold id(s), e.g. {missing[0]}")
        pred = [by_id[s.id] for s in gold_rows]
        results.append(SystemResult("predictions", _SYSTEM_HELP["predictions"], tuple(score_case2021(gold, pred)), tuple(pred)))
    for system in systems:
        pred = run_system(system, gold_rows, k=k, seed=seed)
        description = _SYSTEM_HELP[system] + (f" (k={k}, seed={seed})" if system == "cv" else "")
        results.append(SystemResult(system, description, tuple(score_case2021(gold, pred)), tuple(pred)))
    return results


def measure_speed(texts: Sequence[str], *, repeats: int = 3) -> SpeedResult:
    """Time the combined classifier and a bare spaCy parse on the same texts (best of `repeats`)."""
    from frontline.events.classify import classify_snippets
    from frontline.nlp.pipeline import load_nlp

    nlp = load_nlp()
    classify_snippets(texts[:1])  # load rules and weights outside the timed runs
    for _ in nlp.pipe(texts[:1]):
        pass
    parse_times, classify_times = [], []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        parse_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        classify_snippets(texts)
        classify_times.append(time.perf_counter() - start)
    return SpeedResult(len(texts), min(parse_times), min(classify_times))


def format_table(results: Sequence[SystemResult]) -> str:
    """Render results as a plain-text table."""
    lines = [f"{'system':<12} {'subtask':>7} {'n':>4} {'P(w)':>6} {'R(w)':>6} {'micro':>6} {'macro':>6} {'weighted':>8}"]
    for result in results:
        for s in result.scores:
            lines.append(
                f"{result.system:<12} {s.subtask:>7} {s.n:>4} {s.precision:>6.3f} {s.recall:>6.3f} "
                f"{s.micro_f1:>6.3f} {s.macro_f1:>6.3f} {s.weighted_f1:>8.3f}"
            )
    return "\n".join(lines)


def write_report(
    results: Sequence[SystemResult], path: Path, *, gold_path: Path, speed: SpeedResult | None = None
) -> Path:
    """Write the scores (not the predictions) and any speed figures as JSON."""
    doc: dict[str, object] = {
        "gold": str(gold_path),
        "fallback_label": FALLBACK_LABEL,
        "systems": [
            {"system": r.system, "description": r.description, "scores": [asdict(s) for s in r.scores]} for r in results
        ],
    }
    if speed is not None:
        doc["speed"] = {**asdict(speed), "ratio": speed.ratio}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return path
