"""Event typing measures (`frontline eval typing`): does snippet typing generalise?

Figures, each for the rule layer alone, the model alone and the calibrated combination:
- CASE 2021 dev weighted F1 for subtasks 1-3 (a regression check: the rules were written while
  reading it), plus 5-fold CV of the learned part (the model retrained on the written material and
  four folds of the dev slice, scored on the fifth);
- weighted F1 on the hand-coded news gold (eval/gold/news), tuned and held-out halves side by side;
- per-class F1 for the 10 biggest gold classes and the confusions between neighbouring sub-types;
- classify time as a ratio to a bare spaCy parse of the same snippets.
Only aggregate figures leave this module for the held-out half; per-snippet output is written for
the tuned half only.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from frontline.events import taxonomy
from frontline.events.classify import classify_with
from frontline.events.classify_labels import subtask_codes
from frontline.events.classify_model import (
    LinearModel,
    fit_classifier,
    load_shipped_model,
    stratified_folds,
    train_linear_model,
)
from frontline.events.classify_training import shipped_training

log = logging.getLogger(__name__)

SYSTEMS: tuple[str, ...] = ("rules", "model", "combined")
# Neighbouring sub-types an analyst most often has to tell apart (issue 13).
NEIGHBOUR_PAIRS: tuple[tuple[str, str], ...] = (
    ("ARMED_CLASH", "ATTACK"),
    ("ART_MISS_ATTACK", "AIR_STRIKE"),
    ("PEACE_PROTEST", "PROTEST_WITH_INTER"),
    ("ARREST", "ABDUCT_DISSAP"),
    ("NON_VIOL_TERRIT_TRANSFER", "GOV_REGAINS_TERIT"),
    ("NON_VIOL_TERRIT_TRANSFER", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("ARMED_CLASH", "GOV_REGAINS_TERIT"),
    ("ARMED_CLASH", "NON_STATE_ACTOR_OVERTAKES_TER"),
)
TRAIN_CHOICES: tuple[str, ...] = ("shipped", "material", "material+case")


@dataclass(frozen=True, slots=True)
class GoldSnippet:
    """One gold snippet: id, text, CASE code and the set it belongs to (case_dev, tuned, held_out)."""

    id: str
    text: str
    label: str
    part: str


@dataclass(frozen=True, slots=True)
class ClassScore:
    """Precision, recall and F1 of one label over a set, with its gold support."""

    label: str
    support: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class PairConfusion:
    """How often gold `a` was typed `b` and gold `b` typed `a`, out of each one's support."""

    a: str
    b: str
    support_a: int
    support_b: int
    a_as_b: int
    b_as_a: int


def read_news_snippets(shared: Path, gold_dir: Path) -> list[GoldSnippet]:
    """Return the news gold as snippets: the coded sentence and its sub-type's CASE code."""
    # The gold reader belongs to `frontline eval news`; import it here so classify stays light.
    from frontline.eval.news import half_of, read_event_gold, read_reports

    reports = read_reports(shared)
    out = []
    for event in read_event_gold(gold_dir, reports):
        text = reports[event.url].text[event.start : event.end]
        out.append(GoldSnippet(event.id, text, taxonomy.sub_event(event.sub_event_type).code, half_of(event.url)))
    return out


def weighted_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Return support-weighted F1 over the gold labels (all rows kept)."""
    return sum(s.f1 * s.support for s in class_scores(gold, pred)) / len(gold) if gold else 0.0


def class_scores(gold: Sequence[str], pred: Sequence[str]) -> list[ClassScore]:
    """Return per-label scores for every gold label, biggest support first."""
    support = Counter(gold)
    predicted = Counter(pred)
    right = Counter(g for g, p in zip(gold, pred) if g == p)
    out = []
    for label, n in support.items():
        precision = right[label] / predicted[label] if predicted[label] else 0.0
        recall = right[label] / n
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append(ClassScore(label, n, precision, recall, f1))
    return sorted(out, key=lambda s: (-s.support, s.label))


def pair_confusions(gold: Sequence[str], pred: Sequence[str]) -> list[PairConfusion]:
    """Count the confusions between each pair of neighbouring sub-types."""
    support = Counter(gold)
    pairs = Counter(zip(gold, pred))
    return [PairConfusion(a, b, support[a], support[b], pairs[(a, b)], pairs[(b, a)]) for a, b in NEIGHBOUR_PAIRS]


def _predictor(system: str, model: LinearModel) -> Callable[[str], str]:
    if system == "rules":
        return lambda text: classify_with(text, None).label
    if system == "model":
        return lambda text: classify_with(text, model, model_only=True).label
    return lambda text: classify_with(text, model).label


def train_variant(choice: str, case_dev: Sequence[GoldSnippet]) -> LinearModel:
    """Return the model to score: the shipped one, or one fitted now on the material (and CASE dev)."""
    if choice == "shipped":
        return load_shipped_model()
    material = shipped_training()
    texts = [m.text for m in material]
    labels = [m.label for m in material]
    calibrate = [True] * len(texts)
    if choice == "material+case":
        texts += [s.text for s in case_dev]
        labels += [s.label for s in case_dev]
        # The rules were written from CASE dev: its rows would over-trust them in calibration.
        calibrate += [False] * len(case_dev)
    model, _ = fit_classifier(texts, labels, calibrate_on=calibrate, trained_on=choice)
    return model


def case_cross_validation(model: LinearModel, case_dev: Sequence[GoldSnippet], *, k: int = 5, seed: int = 0) -> dict[str, list[str]]:
    """Predict each CASE dev fold with a model trained on the material plus the other folds.

    The trusted rules of `model` are kept: they were calibrated on the material alone.
    """
    material = shipped_training()
    labels = [s.label for s in case_dev]
    folds = stratified_folds(labels, k, seed)
    pred = {"model": [""] * len(case_dev), "combined": [""] * len(case_dev)}
    for f in range(k):
        train = [s for s, fold in zip(case_dev, folds) if fold != f]
        fitted = train_linear_model([m.text for m in material] + [s.text for s in train],
                                    [m.label for m in material] + [s.label for s in train],
                                    min_df=2, trained_on=f"cv fold {f}")
        fitted = replace(fitted, trusted_rules=model.trusted_rules)
        for i, s in enumerate(case_dev):
            if folds[i] == f:
                pred["model"][i] = classify_with(s.text, fitted, model_only=True).label
                pred["combined"][i] = classify_with(s.text, fitted).label
        log.info("CASE CV fold %d/%d", f + 1, k)
    return pred


def _subtask_f1(gold: Sequence[str], pred: Sequence[str], subtask: int) -> float:
    codes = subtask_codes(subtask)
    kept = [(g, p) for g, p in zip(gold, pred) if g in codes]
    return weighted_f1([g for g, _ in kept], [p for _, p in kept])


@dataclass
class TypingEvaluation:
    """Every figure of `frontline eval typing`, plus the tuned half's per-snippet labels."""

    model: str
    trusted_rules: list[str]
    case: dict[str, list[float]]  # system -> weighted F1 for subtasks 1, 2, 3
    news: dict[str, dict[str, float]]  # system -> part -> weighted F1
    news_n: dict[str, int]
    per_class: dict[str, list[ClassScore]]  # part -> combined system's scores (10 biggest classes)
    confusions: dict[str, list[PairConfusion]]  # part -> combined system's pair confusions
    speed: dict[str, float] | None = None
    tuned_rows: list[dict[str, str]] | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the figures as a JSON document (the tuned half's rows included)."""
        return asdict(self)


def evaluate_typing(
    case_dev: Sequence[GoldSnippet],
    news: Sequence[GoldSnippet],
    *,
    train: str = "shipped",
    cv_folds: int = 5,
    seed: int = 0,
) -> TypingEvaluation:
    """Score rules, model and combination on CASE dev and both news halves."""
    model = train_variant(train, case_dev)
    parts = {"case_dev": list(case_dev), "tuned": [s for s in news if s.part == "tuned"],
             "held_out": [s for s in news if s.part == "held_out"]}
    preds: dict[str, dict[str, list[str]]] = {}
    for system in SYSTEMS:
        predict = _predictor(system, model)
        preds[system] = {part: [predict(s.text) for s in rows] for part, rows in parts.items()}
    case_gold = [s.label for s in case_dev]
    case = {system: [_subtask_f1(case_gold, preds[system]["case_dev"], t) for t in (1, 2, 3)] for system in SYSTEMS}
    if cv_folds >= 2 and case_dev:
        cv = case_cross_validation(model, case_dev, k=cv_folds, seed=seed)
        for system, pred in cv.items():
            case[f"cv-{system}"] = [_subtask_f1(case_gold, pred, t) for t in (1, 2, 3)]
    news_scores = {
        system: {part: weighted_f1([s.label for s in parts[part]], preds[system][part]) for part in ("tuned", "held_out")}
        for system in SYSTEMS
    }
    per_class = {part: class_scores([s.label for s in rows], preds["combined"][part])[:10] for part, rows in parts.items()}
    confusions = {part: pair_confusions([s.label for s in rows], preds["combined"][part]) for part, rows in parts.items()}
    tuned_rows = [{"id": s.id, "gold": s.label, "combined": p, "model": m, "rules": r}
                  for s, p, m, r in zip(parts["tuned"], preds["combined"]["tuned"], preds["model"]["tuned"],
                                        preds["rules"]["tuned"])]
    return TypingEvaluation(
        model=model.trained_on or train,
        trusted_rules=sorted(model.trusted_rules),
        case=case,
        news=news_scores,
        news_n={part: len(parts[part]) for part in ("tuned", "held_out")},
        per_class=per_class,
        confusions=confusions,
        tuned_rows=tuned_rows,
    )


def format_typing(result: TypingEvaluation) -> str:
    """Render the figures as plain-text tables."""
    lines = [f"model: {result.model}; trusted rules: {len(result.trusted_rules)}",
             "CASE 2021 dev, weighted F1      subtask 1  subtask 2  subtask 3"]
    for system, scores in result.case.items():
        lines.append(f"  {system:28} " + "  ".join(f"{v:9.3f}" for v in scores))
    lines.append(f"news gold, weighted F1          tuned (n={result.news_n['tuned']})  held-out (n={result.news_n['held_out']})")
    for system, halves in result.news.items():
        lines.append(f"  {system:28} {halves['tuned']:9.3f}  {halves['held_out']:9.3f}")
    lines.append("per-class F1 (combined), 10 biggest gold classes of each set")
    for part, classes in result.per_class.items():
        lines.append(f"  {part}: " + ", ".join(f"{c.label} {c.f1:.2f} (n={c.support})" for c in classes))
    lines.append("neighbouring pairs (combined): gold a typed b / gold b typed a")
    for part, rows in result.confusions.items():
        cells = [f"{c.a}~{c.b} {c.a_as_b}/{c.support_a} {c.b_as_a}/{c.support_b}" for c in rows if c.support_a or c.support_b]
        lines.append(f"  {part}: " + "; ".join(cells))
    if result.speed:
        s = result.speed
        lines.append(f"speed: classify {s['classify_s'] * 1000:.1f} ms vs spaCy parse {s['parse_s'] * 1000:.1f} ms "
                     f"for {int(s['n'])} snippets (ratio {s['ratio']:.3f})")
    return "\n".join(lines)


def write_typing(result: TypingEvaluation, path: Path) -> Path:
    """Write the figures (and the tuned half's rows) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.to_json(), indent=2) + "\n", encoding="utf-8")
    return path
