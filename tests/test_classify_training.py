"""The written training material, the calibrated combination and `frontline eval typing`'s scoring."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from frontline.errors import DataError
from frontline.eval.typing import class_scores, pair_confusions, weighted_f1
from frontline.events.classify import classify_with
from frontline.events.classify_labels import case_codes, subtask_codes
from frontline.events.classify_model import (
    RuleCalibration,
    calibrate_rules,
    load_shipped_model,
    read_model,
    save_model,
    train_linear_model,
)
from frontline.events.classify_training import parse_training, shipped_training


def test_every_acled_sub_type_has_forty_written_snippets_outside_the_hard_negatives() -> None:
    counts = Counter(row.label for row in shipped_training() if row.source != "hard_negatives.tsv")
    assert {code for code in subtask_codes(1) if counts[code] < 40} == set()
    assert set(counts) == set(case_codes())
    # Several styles per sub-type, not one template.
    styles = {code: {r.style for r in shipped_training() if r.label == code} for code in subtask_codes(1)}
    assert all(len(found) >= 3 for found in styles.values())


def test_hard_negatives_cover_the_neighbouring_pairs() -> None:
    labels = {row.label for row in shipped_training() if row.source == "hard_negatives.tsv"}
    for pair in (("ARMED_CLASH", "ATTACK"), ("ART_MISS_ATTACK", "AIR_STRIKE"), ("PEACE_PROTEST", "PROTEST_WITH_INTER"),
                 ("ARREST", "ABDUCT_DISSAP"), ("NON_VIOL_TERRIT_TRANSFER", "NON_STATE_ACTOR_OVERTAKES_TER"),
                 ("GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER")):
        assert set(pair) <= labels


def test_training_rows_are_distinct() -> None:
    texts = [row.text for row in shipped_training()]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("label\tstyle\n", "first line"),
        ("label\tstyle\ttext\nNOPE\twire\tTroops fought.\n", "unknown label"),
        ("label\tstyle\ttext\nARREST\tblog\tPolice arrested two.\n", "unknown style"),
        ("label\tstyle\ttext\nARREST\twire\n", "columns"),
    ],
)
def test_bad_training_rows_are_reported(text: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_training(text, "x.tsv")


def test_shipped_model_is_trained_on_the_material_and_lists_trusted_rules() -> None:
    model = load_shipped_model()
    assert model.trained_on.startswith("written material")
    assert model.trusted_rules
    assert all(p >= 0.9 for p in model.trusted_rules.values())


def test_calibration_trusts_a_precise_rule_and_not_a_loose_one() -> None:
    texts = ["A suicide bomber blew himself up at the gate."] * 6 + ["Rebels clashed with troops."] * 6
    gold = ["SUIC_BOMB"] * 6 + ["ARMED_CLASH"] * 2 + ["ATTACK"] * 4
    model_pred = ["SUIC_BOMB"] * 5 + ["REM_EXPLOS"] + ["ATTACK"] * 6
    table = {row.label: row for row in calibrate_rules(texts, gold, model_pred)}
    assert table["SUIC_BOMB"].trusted
    assert table["SUIC_BOMB"].rule_precision == pytest.approx(1.0)
    assert not table["ARMED_CLASH"].trusted  # right on 2 of 6, and the model did better
    assert not RuleCalibration("r", "X", 4, 1.0, 0.5).trusted  # too little support


def test_combination_lets_a_trusted_rule_decide_and_the_model_otherwise(tmp_path: Path) -> None:
    texts = ["warplanes bombed the town", "jets struck the village", "police arrested ten men", "officers detained two"]
    labels = ["AIR_STRIKE", "AIR_STRIKE", "ARREST", "ARREST"]
    model = train_linear_model(texts, labels, c=10.0)
    snippet = "A suicide bomber blew himself up; officers detained two men."
    assert classify_with(snippet, model).label == "ARREST"  # the model knows no suicide bombs
    trusting = replace(model, trusted_rules={"suicide-bomb": 0.95})
    result = classify_with(snippet, trusting)
    assert (result.label, result.score) == ("SUIC_BOMB", pytest.approx(0.95))
    assert classify_with(snippet, trusting, model_only=True).label == "ARREST"
    # The trusted rules travel with the model file.
    assert read_model(save_model(trusting, tmp_path / "m.json.gz")).trusted_rules == {"suicide-bomb": 0.95}


def test_typing_scores_match_hand_computed_values() -> None:
    gold = ["A", "A", "B", "B", "C"]
    pred = ["A", "B", "B", "B", "A"]
    scores = {s.label: s for s in class_scores(gold, pred)}
    # A: P 1/2 R 1/2; B: P 2/3 R 1 -> F 0.8; C: 0.
    assert scores["A"].f1 == pytest.approx(0.5)
    assert scores["B"].f1 == pytest.approx(0.8)
    assert weighted_f1(gold, pred) == pytest.approx((2 * 0.5 + 2 * 0.8) / 5)
    confusions = {(c.a, c.b): c for c in pair_confusions(
        ["ARREST", "ARREST", "ABDUCT_DISSAP"], ["ABDUCT_DISSAP", "ARREST", "ARREST"])}
    row = confusions[("ARREST", "ABDUCT_DISSAP")]
    assert (row.support_a, row.a_as_b, row.support_b, row.b_as_a) == (2, 1, 1, 1)


GENERALISES = [
    ("Junta warplanes bombed a monastery where villagers were sheltering, killing 14.", "AIR_STRIKE"),
    ("Mortar rounds fired by the militia landed on a crowded bus station.", "ART_MISS_ATTACK"),
    ("The rebels said they had captured the provincial capital after two days of fighting with the army.",
     "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("Army troops recaptured the district headquarters from insurgents after a week-long battle.", "GOV_REGAINS_TERIT"),
    ("Hundreds of nurses marched to the health ministry to demand back pay; the march ended peacefully.",
     "PEACE_PROTEST"),
    ("Masked gunmen seized a priest from his car and his fate is unknown.", "ABDUCT_DISSAP"),
]


def test_combined_classifier_types_new_sentences() -> None:
    # Sentences written for this test (not in the material): most must come out right.
    right = sum(classify_with(text, load_shipped_model()).label == gold for text, gold in GENERALISES)
    assert right >= len(GENERALISES) - 1


def test_evaluate_typing_reports_both_halves_and_keeps_held_out_rows_private() -> None:
    from frontline.eval.typing import GoldSnippet, evaluate_typing, format_typing

    case_dev = [GoldSnippet("c1", "Police arrested twelve suspects during overnight raids.", "ARREST", "case_dev")]
    news = [
        GoldSnippet("t1", "Warplanes bombed the market, killing nine.", "AIR_STRIKE", "tuned"),
        GoldSnippet("h1", "A suicide bomber blew himself up at the checkpoint.", "SUIC_BOMB", "held_out"),
    ]
    result = evaluate_typing(case_dev, news, cv_folds=0)
    assert result.news["combined"] == {"tuned": pytest.approx(1.0), "held_out": pytest.approx(1.0)}
    assert result.news_n == {"tuned": 1, "held_out": 1}
    assert [row["id"] for row in result.tuned_rows or []] == ["t1"]
    assert "held-out (n=1)" in format_typing(result)
