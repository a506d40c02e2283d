"""Classify event snippets into CASE 2021 codes (the 25 ACLED sub-event types plus five more).

Two layers: a transparent rule layer keyed on ACLED's definitions (classify_rules, rules in
package data) and a small linear model over words and rule firings (classify_model, weights in
package data, trained on the snippets of data/classifier/training). `mode="rules"` uses the rules
alone, `mode="model"` the model alone; the default combines them by a calibrated rule:

1. when the winning rule is one the model file lists as trusted (on held-out folds of the training
   material it won on at least 5 snippets, was right on at least 90% of them and at least as often
   as the model), the rule decides;
2. otherwise the model decides;
3. unless the model has no real evidence (no feature of the snippet is known to it, or its
   probability is below MIN_MODEL_PROBABILITY), when the rule layer's answer stands;
4. when the answer is one of the two territorial types and the snippet names who took the ground
   (events/classify_actors), ACLED's actor rule decides between them: a state's own forces or
   their affiliates regain territory, rebels, militias and foreign forces overtake it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from frontline.events.classify_actors import read_actors
from frontline.events.classify_labels import case_label
from frontline.events.classify_model import LinearModel, load_shipped_model
from frontline.events.classify_rules import RuleHit, rule_hits

if TYPE_CHECKING:
    from frontline.events.plover_coder import PloverCoding

log = logging.getLogger(__name__)

Mode = Literal["combined", "rules", "model"]
MODES: tuple[str, ...] = ("combined", "rules", "model")
# When no rule fires, the rule layer alone falls back to ACLED's most frequent sub-event type.
FALLBACK_LABEL = "ARMED_CLASH"
# Below this probability the model has no real evidence (uniform over 30 labels is 0.033) and the
# rule layer's answer stands. 0.2 sent long news sentences the model was unsure of to the rules'
# generic armed-clash answer (0.01 weighted F1 lost on the tuned news half); 0.1 does not.
MIN_MODEL_PROBABILITY = 0.1


@dataclass(frozen=True, slots=True)
class Classification:
    """The label of one snippet: CASE code, its ACLED names, a score and the rule that agreed."""

    label: str
    acled_sub_event: str | None
    event_type: str | None
    score: float
    rule: str | None


def _finish(label: str, score: float, hits: Sequence[RuleHit]) -> Classification:
    entry = case_label(label)
    agreeing = next((h.rule for h in hits if h.label == label), None)
    # The five CASE-only types have no ACLED sub-event; keep their CASE name out of ACLED fields.
    sub_event = entry.name if entry.event_type is not None else None
    return Classification(label=label, acled_sub_event=sub_event, event_type=entry.event_type, score=score, rule=agreeing)


def _by_rules(hits: Sequence[RuleHit]) -> Classification:
    # A rule's score is its priority scaled to 0-1: an order, not a probability.
    if not hits:
        return _finish(FALLBACK_LABEL, 0.0, hits)
    return _finish(hits[0].label, hits[0].priority / 100.0, hits)


def classify_with(text: str, model: LinearModel | None, *, model_only: bool = False) -> Classification:
    """Classify one snippet with the rules and, when given, a linear model (see the module's rule).

    `model_only` skips the trusted rules and the low-probability fallback: the model's own answer.
    """
    hits = rule_hits(text)
    if model is None:
        return _by_rules(hits)
    if not model_only and hits and hits[0].rule in model.trusted_rules:
        return _finish(hits[0].label, model.trusted_rules[hits[0].rule], hits)
    label, probability = model.predict(text, hits)
    if model_only:
        return _finish(label, probability, hits)
    if probability < MIN_MODEL_PROBABILITY or not model.has_evidence(text, hits):
        return _by_rules(hits)
    return _finish(territorial_by_actor(text, label), probability, hits)


GOV_REGAINS = "GOV_REGAINS_TERIT"
NON_STATE_OVERTAKES = "NON_STATE_ACTOR_OVERTAKES_TER"
# ACLED's codebook: government forces or their affiliates regaining ground in their own country
# versus any other force (rebels, militias, foreign state forces outside their borders) taking it.
_TERRITORIAL_BY_FORCE = {"state": GOV_REGAINS, "affiliate": GOV_REGAINS, "foreign": NON_STATE_OVERTAKES,
                         "nonstate": NON_STATE_OVERTAKES}


def territorial_by_actor(text: str, label: str) -> str:
    """Return the territorial sub-type ACLED's actor rule gives a snippet already typed territorial.

    Other labels, and snippets where no force is read as taking the ground, are returned unchanged.
    """
    if label not in (GOV_REGAINS, NON_STATE_OVERTAKES):
        return label
    agent = read_actors(text).agent
    return _TERRITORIAL_BY_FORCE.get(agent, label) if agent else label


def classify_snippet(text: str, *, mode: Mode = "combined") -> Classification:
    """Classify one snippet; `mode="rules"` uses the rule layer alone, `"model"` the model alone."""
    return classify_snippets([text], mode=mode)[0]


def classify_snippets(texts: Sequence[str], *, mode: Mode = "combined") -> list[Classification]:
    """Classify many snippets (same result as calling classify_snippet on each)."""
    model = load_shipped_model() if mode != "rules" else None
    return [classify_with(text, model, model_only=mode == "model") for text in texts]


def classify_plover(texts: Sequence[str], *, mode: Mode = "combined") -> list[PloverCoding | None]:
    """Return the PLOVER coding of each snippet (type, mode, CAMEO root); None where neither layer codes one.

    The PLOVER lexicon coder reads each snippet's act from its parse; where it names no act, or
    only an assault, the snippet classifier's ACLED sub-event type stands through the taxonomy's
    crosswalk (its violent types carry finer PLOVER modes and CAMEO roots).
    """
    from frontline.events import plover_coder, taxonomy

    codings = plover_coder.code_texts(texts)
    out: list[PloverCoding | None] = []
    for coding, result in zip(codings, classify_snippets(texts, mode=mode)):
        # The rule layer's fallback label (score 0) is no evidence of an act.
        sub = taxonomy.sub_event(result.acled_sub_event) if result.acled_sub_event and result.score > 0 else None
        if sub is not None and sub.plover_type and (coding is None or coding.plover_type == "ASSAULT"):
            out.append(plover_coder.PloverCoding(sub.plover_type, sub.plover_mode, sub.cameo_root, result.label,
                                                 "classifier"))
        else:
            out.append(coding)
    return out
