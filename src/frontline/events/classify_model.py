"""The learned layer of the snippet classifier: a linear model over words and rule firings.

Training uses scikit-learn (TF-IDF + multinomial logistic regression); the fitted model is
exported as plain JSON (vocabulary, idf, one weight row per feature) so that inference needs
neither scikit-learn nor pickle, and the shipped file is readable and diffable.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from frontline.errors import ConfigError, DataError
from frontline.events.classify_rules import RuleHit, normalise, rule_hits

log = logging.getLogger(__name__)

MODEL_RESOURCE = "data/classifier/model.json.gz"
MODEL_FORMAT = 1
DEFAULT_C = 10.0
# Value of each rule feature next to the l2-normalised word vector; chosen by 5-fold CV on the
# dev slice (0.5 beat 1, 2 and 3 at C=10 and C=100).
DEFAULT_RULE_WEIGHT = 0.5
_WORD = re.compile(r"[a-z]+|\d+")
# Function words carry no event type but dominate bigram counts on small training sets.
_STOP = frozenset(
    "a an the of in on at to for and or but by with from as is are was were be been has have had "
    "that this these those it its their his her they he she we said says say".split()
)


def word_features(text: str) -> list[str]:
    """Return the word tokens of a snippet: content words and their bigrams."""
    words = ["0" if w.isdigit() else w for w in _WORD.findall(normalise(text))]
    content = [w for w in words if w not in _STOP]
    return content + [f"{a}_{b}" for a, b in zip(content, content[1:])]


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
    trained_on: str = ""

    def predict_proba(self, text: str, hits: Sequence[RuleHit] | None = None) -> list[float]:
        """Return the class probabilities for one snippet, in `classes` order."""
        if hits is None:
            hits = rule_hits(text)
        counts = Counter(f for f in word_features(text) if f in self.idf)
        values = {f: (1.0 + math.log(n)) * self.idf[f] for f, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        inputs = [(f, v / norm) for f, v in values.items()]
        inputs.extend((f, self.rule_weight) for f in rule_features(hits))
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
            "idf": {f: round(v, 5) for f, v in sorted(self.idf.items())},
            "weights": {f: [round(v, 5) for v in row] for f, row in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, doc: Any) -> "LinearModel":
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
                trained_on=str(doc.get("trained_on", "")),
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
    vectoriser = TfidfVectorizer(analyzer=word_features, sublinear_tf=True, lowercase=False)
    word_matrix = vectoriser.fit_transform(list(texts))
    rule_tokens = [rule_features(rule_hits(text)) for text in texts]
    rule_names = sorted({f for tokens in rule_tokens for f in tokens})
    column = {f: j for j, f in enumerate(rule_names)}
    rule_matrix = np.zeros((len(texts), len(rule_names)))
    for i, tokens in enumerate(rule_tokens):
        for f in tokens:
            rule_matrix[i, column[f]] = rule_weight
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
    weights = {f: tuple(float(v) for v in row) for f, row in zip(names, coef.T.tolist())}
    idf = {str(f): float(v) for f, v in zip(vectoriser.get_feature_names_out(), vectoriser.idf_)}
    return LinearModel(classes=classes, idf=idf, weights=weights, intercept=intercept, rule_weight=rule_weight, trained_on=trained_on)


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
