"""Scores for geoparsing: resolution error statistics (Gritta et al. 2018) and recognition P/R/F1."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from frontline.geo.distance import HALF_CIRCUMFERENCE_KM

ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class ResolutionScores:
    """Error statistics over gold toponyms; a miss counts as the largest possible error."""

    n: int
    misses: int
    acc161: float
    mean_km: float
    median_km: float
    auc: float  # area under the normalised log-error curve: 0 is perfect, 1 is every answer wrong
    geonameid_n: int
    geonameid_acc: float


@dataclass(frozen=True, slots=True)
class RecognitionScores:
    """Toponym recognition against gold spans, exact and overlapping matches."""

    gold: int
    predicted: int
    tp_exact: int
    tp_overlap: int
    precision: float
    recall: float
    f1: float
    precision_overlap: float
    recall_overlap: float
    f1_overlap: float


def auc_of_errors(errors_km: Sequence[float]) -> float:
    """Return the AUC of sorted log(1 + error) normalised by log(half the earth's circumference)."""
    if len(errors_km) < 2:
        return math.log1p(errors_km[0]) / math.log1p(HALF_CIRCUMFERENCE_KM) if errors_km else 0.0
    ys = [math.log1p(min(e, HALF_CIRCUMFERENCE_KM)) for e in sorted(errors_km)]
    area = sum((a + b) / 2.0 for a, b in zip(ys, ys[1:]))
    return area / (math.log1p(HALF_CIRCUMFERENCE_KM) * (len(ys) - 1))


def score_resolution(
    errors_km: Sequence[float | None], id_hits: Sequence[bool | None] = ()
) -> ResolutionScores:
    """Score per-toponym errors (None = miss) and exact-id hits (None = gold has no id)."""
    filled = [HALF_CIRCUMFERENCE_KM if e is None else min(e, HALF_CIRCUMFERENCE_KM) for e in errors_km]
    n = len(filled)
    ids = [h for h in id_hits if h is not None]
    if n == 0:
        return ResolutionScores(0, 0, 0.0, 0.0, 0.0, 0.0, len(ids), 0.0)
    return ResolutionScores(
        n=n,
        misses=sum(1 for e in errors_km if e is None),
        acc161=sum(1 for e in filled if e <= ACC_KM) / n,
        mean_km=statistics.fmean(filled),
        median_km=statistics.median(filled),
        auc=auc_of_errors(filled),
        geonameid_n=len(ids),
        geonameid_acc=(sum(ids) / len(ids)) if ids else 0.0,
    )


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Return True when two half-open character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def score_recognition(
    gold: Sequence[tuple[int, int]],
    predicted: Sequence[tuple[int, int]],
    ignored: Sequence[tuple[int, int]] = (),
) -> RecognitionScores:
    """Score predicted spans of one or many texts; predictions over `ignored` spans do not count."""
    kept = [p for p in predicted if not any(overlaps(p, g) for g in ignored) or any(overlaps(p, g) for g in gold)]
    gold_set = set(gold)
    tp_exact = sum(1 for p in set(kept) if p in gold_set)
    # Overlap matching pairs each gold span with at most one prediction.
    used: set[int] = set()
    tp_overlap = 0
    for g in sorted(gold_set):
        for i, span in enumerate(kept):
            if i not in used and overlaps(span, g):
                used.add(i)
                tp_overlap += 1
                break
    p, r, f = _prf(tp_exact, len(kept), len(gold_set))
    po, ro, fo = _prf(tp_overlap, len(kept), len(gold_set))
    return RecognitionScores(len(gold_set), len(kept), tp_exact, tp_overlap, p, r, f, po, ro, fo)


def add_recognition(parts: Sequence[RecognitionScores]) -> RecognitionScores:
    """Pool recognition counts of several texts into one micro-averaged score."""
    gold = sum(s.gold for s in parts)
    predicted = sum(s.predicted for s in parts)
    tp_e = sum(s.tp_exact for s in parts)
    tp_o = sum(s.tp_overlap for s in parts)
    p, r, f = _prf(tp_e, predicted, gold)
    po, ro, fo = _prf(tp_o, predicted, gold)
    return RecognitionScores(gold, predicted, tp_e, tp_o, p, r, f, po, ro, fo)
