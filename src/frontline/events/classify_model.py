"""The learned layer of the snippet classifier: a linear model over words and rule firings.

Training uses scikit-learn (TF-IDF + multinomial logistic regression); the fitted model is
exported as plain JSON (vocabulary, idf, one weight row per feature) so that inference needs
neither scikit-learn nor pickle, and the shipped file is readable and diffable.

The model also carries the calibrated rule that combines it with the rule layer: the set of
rules trusted to decide on their own. `fit_classifier` finds them by k-fold cross-validation
on the written training material (which no rule was written from): a rule is trusted when, on
the held-out folds, it wins on at least `MIN_RULE_SUPPORT` snippets, its label is right on at
least `RULE_PRECISION_FLOOR` of them, and it is at least as often right there as the model is.
"""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from frontline.errors import ConfigError, DataError
from frontline.events.classify_actors import actor_features
from frontline.events.classify_rules import RuleHit, normalise, rule_hits

log = logging.getLogger(__name__)

MODEL_RESOURCE = "data/classifier/model.json.gz"
MODEL_FORMAT = 2
# Inverse regularisation of the logistic regression: 30 edged 10 on the tuned news half and CV of the
# training material (CASE dev unchanged).
DEFAULT_C = 30.0
# Value of each rule feature next to the l2-normalised word vector; chosen by 5-fold CV on the
# dev slice (0.5 beat 1, 2 and 3 at C=10 and C=100).
DEFAULT_RULE_WEIGHT = 0.5
# Value of each actor feature (events/classify_actors: the force that acts, the one that loses ground);
# 0 leaves them out (models written before they existed carry no actor_weight).
DEFAULT_ACTOR_WEIGHT = 0.5
# The calibrated combination: a rule decides alone when, on held-out folds of the training
# material, it won on at least this many snippets and was right on at least this share of them.
RULE_PRECISION_FLOOR = 0.9
MIN_RULE_SUPPORT = 5
# Word features seen in fewer training snippets than this are dropped: they cannot generalise and
# they are most of the shipped file's size.
DEFAULT_MIN_DF = 2
_WORD = re.compile(r"[a-z]+|\d+")
# Function words carry no event type but dominate bigram counts on small training sets.
_STOP = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "by", "with", "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "these", "those", "it", "its", "their", "his", "her", "they", "he", "she", "we", "said", "says", "say"]
)


def word_features(text: str) -> list[str]:
    """Return the word tokens of a snippet: content words and their bigrams."""
    words = ["0" if w.isdigit() else w for w in _WORD.findall(normalise(text))]
    content = [w for w in words if w not in _STOP]
    return content + [f"{a}_{b}" for a, b in itertools.pairwise(content)]


def rule_features(hits: Sequence[RuleHit]) -> list[str]:
    """Return the rule tokens of a snippet: every fired rule's label and the winner's."""
    # Rule firings enter as binary features so the model learns how far to trust each rule;
    # the winner gets its own feature to carry the precedence the rule layer encodes.
    # No feature marks "no rule fired": on the dev slice that state is mostly diplomatic news the
    # rules miss, and a learned NONE -> DIPLO link sends unmatched conflict reporting to DIPLO.
    out = sorted({f"RULE={hit.label}" for hit in hits})
    if hits:
        out.append(f"TOP={hits[0].label}")
    return out


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A fitted TF-IDF + logistic-regression model, as plain weights."""

    classes: tuple[str, ...]
    idf: dict[str, float]
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per class
    intercept: tuple[float, ...]
    rule_weight: float = DEFAULT_RULE_WEIGHT
    actor_weight: float = 0.0
    trained_on: str = ""
    trusted_rules: dict[str, float] = field(default_factory=dict)  # rule name -> held-out precision

    def predict_proba(self, text: str, hits: Sequence[RuleHit] | None = None) -> list[float]:
        """Return the class probabilities for one snippet, in `classes` order."""
        if hits is None:
            hits = rule_hits(text)
        counts = Counter(f for f in word_features(text) if f in self.idf)
        values = {f: (1.0 + math.log(n)) * self.idf[f] for f, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        inputs = [(f, v / norm) for f, v in values.items()]
        inputs.extend((f, self.rule_weight) for f in rule_features(hits))
        if self.actor_weight:
            inputs.extend((f, self.actor_weight) for f in actor_features(text))
        scores = list(self.intercept)
        for f, x in inputs:
            row = self.weights.get(f)
            if row is None:
                continue
            for k, w in enumerate(row):
                scores[k] += w * x
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def has_evidence(self, text: str, hits: Sequence[RuleHit] | None = None) -> bool:
        """Return whether any feature of the snippet has weights (else the answer is the intercept alone)."""
        if hits is None:
            hits = rule_hits(text)
        if any(f in self.weights for f in rule_features(hits)):
            return True
        if any(f in self.idf and f in self.weights for f in word_features(text)):
            return True
        return bool(self.actor_weight) and any(f in self.weights for f in actor_features(text))

    def predict(self, text: str, hits: Sequence[RuleHit] | None = None) -> tuple[str, float]:
        """Return the most probable class for one snippet and its probability."""
        proba = self.predict_proba(text, hits)
        best = max(range(len(proba)), key=proba.__getitem__)
        return self.classes[best], proba[best]

    def to_json(self) -> dict[str, Any]:
        """Return the JSON document the model is stored as."""
        return {
            "format": MODEL_FORMAT,
            "trained_on": self.trained_on,
            "classes": list(self.classes),
            "intercept": [round(v, 5) for v in self.intercept],
            "rule_weight": self.rule_weight,
            "actor_weight": self.actor_weight,
            "trusted_rules": {name: round(p, 4) for name, p in sorted(self.trusted_rules.items())},
            "idf": {f: round(v, 5) for f, v in sorted(self.idf.items())},
            "weights": {f: [round(v, 5) for v in row] for f, row in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, doc: Any) -> LinearModel:
        """Rebuild a model from its JSON document, checking its shape."""
        if not isinstance(doc, dict) or doc.get("format") != MODEL_FORMAT:
            raise DataError("classifier model: unknown format; rebuild it with `frontline classify --train`")
        try:
            classes = tuple(str(c) for c in doc["classes"])
            weights = {str(f): tuple(float(v) for v in row) for f, row in doc["weights"].items()}
            model = cls(
                classes=classes,
                idf={str(f): float(v) for f, v in doc["idf"].items()},
                weights=weights,
                intercept=tuple(float(v) for v in doc["intercept"]),
                rule_weight=float(doc["rule_weight"]),
                actor_weight=float(doc.get("actor_weight", 0.0)),
                trained_on=str(doc.get("trained_on", "")),
                trusted_rules={str(name): float(p) for name, p in doc.get("trusted_rules", {}).items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(f"classifier model: malformed file ({exc}); rebuild it with `frontline classify --train`") from exc
        if len(model.intercept) != len(classes) or any(len(r) != len(classes) for r in weights.values()):
            raise DataError("classifier model: weight rows do not match the classes; rebuild it")
        return model


def train_linear_model(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    c: float = DEFAULT_C,
    rule_weight: float = DEFAULT_RULE_WEIGHT,
    actor_weight: float = DEFAULT_ACTOR_WEIGHT,
    min_df: int = 1,
    trained_on: str = "",
) -> LinearModel:
    """Fit TF-IDF words + rule features with logistic regression; return it as a LinearModel."""
    # scikit-learn and scipy are only needed to train; import them here so classifying stays light.
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(texts) != len(labels) or not texts:
        raise DataError("training needs one label per snippet and at least one snippet")
    if len(set(labels)) < 2:
        raise DataError("training needs at least two different labels")
    vectoriser = TfidfVectorizer(analyzer=word_features, sublinear_tf=True, lowercase=False, min_df=min_df)
    word_matrix = vectoriser.fit_transform(list(texts))
    # Rule and actor tokens are binary features at a fixed value next to the l2-normalised words.
    rule_tokens = [[(f, rule_weight) for f in rule_features(rule_hits(text))]
                   + ([(f, actor_weight) for f in actor_features(text)] if actor_weight else []) for text in texts]
    rule_names = sorted({f for tokens in rule_tokens for f, _ in tokens})
    column = {f: j for j, f in enumerate(rule_names)}
    rule_matrix = np.zeros((len(texts), len(rule_names)))
    for i, tokens in enumerate(rule_tokens):
        for f, value in tokens:
            rule_matrix[i, column[f]] = value
    matrix = sparse.hstack([word_matrix, sparse.csr_matrix(rule_matrix)]).tocsr()
    classifier = LogisticRegression(C=c, max_iter=5000)
    classifier.fit(matrix, list(labels))
    names = [str(f) for f in vectoriser.get_feature_names_out()] + rule_names
    coef = classifier.coef_
    classes = tuple(str(k) for k in classifier.classes_)
    intercept = tuple(float(v) for v in classifier.intercept_)
    if len(classes) == 2:
        # scikit-learn keeps one row for two classes; expand it to the symmetric pair.
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = (-intercept[0] / 2, intercept[0] / 2)
    # Three decimals keep the file small; a weight that rounds to zero on every class is dropped.
    weights = {f: tuple(round(float(v), 3) for v in row) for f, row in zip(names, coef.T.tolist())}
    weights = {f: row for f, row in weights.items() if any(row)}
    idf = {str(f): float(v) for f, v in zip(vectoriser.get_feature_names_out(), vectoriser.idf_)}
    return LinearModel(classes=classes, idf=idf, weights=weights, intercept=intercept, rule_weight=rule_weight,
                       actor_weight=actor_weight, trained_on=trained_on)


def stratified_folds(labels: Sequence[str], k: int, seed: int = 0) -> list[int]:
    """Assign each row a fold 0..k-1 so every label is spread evenly over the folds."""
    if k < 2:
        raise DataError("cross-validation needs at least 2 folds")
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_label[label].append(i)
    rng = random.Random(seed)
    fold = [0] * len(labels)
    offset = 0
    for label in sorted(by_label):
        rows = by_label[label]
        rng.shuffle(rows)
        for j, i in enumerate(rows):
            fold[i] = (offset + j) % k
        # Rotating the start keeps small classes from piling their members into fold 0.
        offset = (offset + len(rows)) % k
    return fold


def cross_val_model_predictions(
    texts: Sequence[str], labels: Sequence[str], *, k: int = 5, seed: int = 0, c: float = DEFAULT_C,
    min_df: int = DEFAULT_MIN_DF, rule_weight: float = DEFAULT_RULE_WEIGHT, actor_weight: float = DEFAULT_ACTOR_WEIGHT,
) -> list[str]:
    """Predict every snippet with the model alone, trained on the other k-1 folds."""
    folds = stratified_folds(labels, k, seed)
    pred = [""] * len(texts)
    for f in range(k):
        train = [i for i in range(len(texts)) if folds[i] != f]
        model = train_linear_model([texts[i] for i in train], [labels[i] for i in train], c=c, min_df=min_df,
                                   rule_weight=rule_weight, actor_weight=actor_weight)
        for i in range(len(texts)):
            if folds[i] == f:
                pred[i] = model.predict(texts[i])[0]
        log.info("calibration fold %d/%d: trained on %d snippets", f + 1, k, len(train))
    return pred


@dataclass(frozen=True, slots=True)
class RuleCalibration:
    """How one rule did, as the winning rule, on held-out snippets: its precision and the model's."""

    rule: str
    label: str
    support: int
    rule_precision: float
    model_precision: float

    @property
    def trusted(self) -> bool:
        """Return whether the rule decides alone (the calibrated combination rule)."""
        return (
            self.support >= MIN_RULE_SUPPORT
            and self.rule_precision >= RULE_PRECISION_FLOOR
            and self.rule_precision >= self.model_precision
        )


def calibrate_rules(texts: Sequence[str], labels: Sequence[str], model_pred: Sequence[str]) -> list[RuleCalibration]:
    """Compare each winning rule with held-out model predictions on the same snippets."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    rule_label: dict[str, str] = {}
    for text, gold, pred in zip(texts, labels, model_pred):
        hits = rule_hits(text)
        if not hits:
            continue
        top = hits[0]
        rule_label[top.rule] = top.label
        row = counts[top.rule]
        row[0] += 1
        row[1] += top.label == gold
        row[2] += pred == gold
    return [
        RuleCalibration(rule, rule_label[rule], n, right / n, model_right / n)
        for rule, (n, right, model_right) in sorted(counts.items())
    ]


def fit_classifier(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    calibrate_on: Sequence[bool] | None = None,
    k: int = 5,
    seed: int = 0,
    c: float = DEFAULT_C,
    min_df: int = DEFAULT_MIN_DF,
    rule_weight: float = DEFAULT_RULE_WEIGHT,
    actor_weight: float = DEFAULT_ACTOR_WEIGHT,
    trained_on: str = "",
) -> tuple[LinearModel, list[RuleCalibration]]:
    """Train the model on all snippets and attach the rules trusted by k-fold calibration.

    `calibrate_on` marks the snippets whose held-out predictions calibrate the rules (default:
    all); rows the rules were written from should be left out, since rules fit them too well.
    """
    if len(texts) != len(labels):
        raise DataError("training needs one label per snippet")
    model_pred = cross_val_model_predictions(texts, labels, k=k, seed=seed, c=c, min_df=min_df, rule_weight=rule_weight,
                                             actor_weight=actor_weight)
    mask = list(calibrate_on) if calibrate_on is not None else [True] * len(texts)
    chosen = [i for i in range(len(texts)) if mask[i]]
    table = calibrate_rules([texts[i] for i in chosen], [labels[i] for i in chosen], [model_pred[i] for i in chosen])
    model = train_linear_model(texts, labels, c=c, min_df=min_df, rule_weight=rule_weight, actor_weight=actor_weight,
                               trained_on=trained_on)
    trusted = {row.rule: row.rule_precision for row in table if row.trusted}
    return replace(model, trusted_rules=trusted), table


def save_model(model: LinearModel, path: Path) -> Path:
    """Write a model as gzipped JSON; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(model.to_json(), separators=(",", ":"), sort_keys=True).encode("utf-8")
    # mtime=0 keeps the file byte-identical across rebuilds of the same model.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh:
        fh.write(payload)
    return path


def read_model(path: Path) -> LinearModel:
    """Read a model written by save_model."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"no classifier model at {path}: run `frontline classify --train`") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"classifier model {path} is unreadable ({exc}); run `frontline classify --train`") from exc
    return LinearModel.from_json(doc)


def shipped_model_path() -> Path:
    """Return the on-disk path of the model shipped in package data."""
    return Path(str(resources.files("frontline").joinpath(MODEL_RESOURCE)))


@cache
def load_shipped_model() -> LinearModel:
    """Load the shipped model once per process."""
    model = read_model(shipped_model_path())
    log.debug("loaded classifier model with %d features", len(model.weights))
    return model
