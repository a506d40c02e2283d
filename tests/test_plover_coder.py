"""The PLOVER lexicon coder on hand-built sentences, its lexicon checks and its CLI/eval wiring."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.cli.main import build_cli
from frontline.errors import DataError
from frontline.eval import coder
from frontline.events import plover_coder as pc
from frontline.model import Event
from frontline.nlp import load_nlp


def _type(text: str) -> str | None:
    coding = pc.code_text(text)
    return coding.plover_type if coding else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two presidents held talks in Moscow on Monday.", "CONSULT"),
        ("Iran agreed to release the British tanker.", "AGREE"),
        ("The government refused to lift the curfew.", "REJECT"),
        ("The opposition urged the army to withdraw from the capital.", "REQUEST"),
        ("Hezbollah threatened to shell Haifa.", "THREATEN"),
        ("France condemned the decision.", "ACCUSE"),
        ("Police arrested two journalists in Istanbul.", "COERCE"),
        ("The ministry lifted the ban on imports.", "RETREAT"),
        ("Rebels freed twelve hostages on Sunday.", "RETREAT"),
        ("Japan sent food and medicine to the flooded province.", "AID"),
        ("Thousands of workers staged a protest outside parliament.", "PROTEST"),
        ("The EU suspended aid to the junta.", "SANCTION"),
        ("Senators called for sanctions against the generals.", "ACCUSE"),  # a call for punishment accuses
        ("The union said it would not withdraw its members.", "REJECT"),  # negated concession
        ("The ministry said it would release the detainees next week.", "AGREE"),  # future concession
        ("The weather was fine.", None),
        ("The militia vowed to crush the rebels in the north.", "THREATEN"),  # a promise of force
        ("Protesters burned the embassy's flag.", "PROTEST"),  # force by protesters is riot
        ("China and Russia held joint naval exercises in the Baltic.", "COOPERATE"),
        ("North Korea held military exercises near the border.", "MOBILIZE"),
        ("Israel must withdraw from the occupied territories.", "REQUEST"),  # an obligation is a demand
        ("The prime minister called his counterpart on Monday to congratulate him.", "SUPPORT"),
        ("The court ordered the newspaper to suspend publication.", "COERCE"),
        ("Workers walked out of the factory over unpaid wages.", "PROTEST"),
        ("The Soviet leader said he will not go to Geneva to meet the president.", "REJECT"),
    ],
)
def test_sentences_get_their_plover_type(text: str, expected: str | None) -> None:
    assert _type(text) == expected


def test_coding_carries_mode_cameo_and_trigger_offsets() -> None:
    text = "Turkish police detained the editor on Friday."
    coding = pc.code_text(text)
    assert coding is not None
    assert (coding.plover_type, coding.plover_mode, coding.cameo_root, coding.rule) == ("COERCE", "arrest", "17", "verb")
    assert text[coding.start:coding.end] == "detained"
    appeal = pc.code_text("The UN appealed to donors for help.")
    assert appeal is not None and (appeal.plover_type, appeal.cameo_root) == ("REQUEST", "02")


def test_marked_source_and_target_choose_the_act_between_them() -> None:
    text = "Germany welcomed the talks, after Russia had expelled two diplomats."
    doc = load_nlp()(text)
    plain = pc.code_doc(doc)
    assert plain is not None and plain.plover_type == "SUPPORT"
    s, t = text.index("Russia"), text.index("two diplomats")
    marked = pc.code_doc(doc, source=(s, s + len("Russia")), target=(t, t + len("two diplomats")))
    assert marked is not None and marked.plover_type == "SANCTION" and marked.trigger == "expel"


def _assault() -> Event:
    return Event(id="e", document_id="d", sentence_start=0, sentence_end=1, event_type="Explosions/Remote violence",
                 sub_event_type="Shelling/artillery/missile attack", actor1=None, plover_type="ASSAULT",
                 plover_mode="heavy-weapons", cameo_root="19", trigger="shell")


def test_extractor_violence_stands_unless_the_lexicon_names_another_act() -> None:
    assault = _assault()
    combined = pc.combine(None, [assault])
    assert combined is not None and (combined.plover_mode, combined.rule) == ("heavy-weapons", "extractor")
    lexical = pc.code_text("The ministry condemned the shelling.")
    assert lexical is not None and pc.combine(lexical, [assault]) == lexical
    attack = pc.code_text("Rebels attacked the town.")
    assert attack is not None and pc.combine(attack, [assault]) == combined
    assert pc.combine(None, []) is None


def test_lexicon_rejects_unknown_types_modes_and_double_listings() -> None:
    good = {"verbs": {"ACCUSE/disapprove": ["condemn"]}}
    assert pc.parse_lexicon(good).verbs["condemn"].cameo_root == "11"
    with pytest.raises(DataError, match="unknown type"):
        pc.parse_lexicon({"verbs": {"PRAISE": ["laud"]}})
    with pytest.raises(DataError, match="no mode"):
        pc.parse_lexicon({"verbs": {"ACCUSE/shout": ["yell"]}})
    with pytest.raises(DataError, match="two types"):
        pc.parse_lexicon({"verbs": {"ACCUSE": ["blast"], "ASSAULT": ["blast"]}})
    with pytest.raises(DataError, match="verb then noun"):
        pc.parse_lexicon({"pairs": {"CONSULT": ["talks"]}})


def test_shipped_lexicon_covers_every_plv_root_and_cameo_quad() -> None:
    lex = pc.load_lexicon()
    types = {coder.plover_name(e.plover_type) for e in lex.verbs.values()}
    assert types >= {"ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONSULT", "COOPERATE", "MOBILIZE", "PROTEST",
                     "REJECT", "REQUEST", "SANCTION", "SUPPORT", "THREATEN", "YIELD"}
    assert {coder.quad_class(r) for r in pc.lexicon_roots()} == {1, 2, 3, 4}
    assert "01" not in pc.lexicon_roots()


def test_plv_marks_are_read_into_spans() -> None:
    text, marks = coder.unmark("<s>Ukraine</s> accuses <t>Russia </t>of sending tanks.")
    assert text == "Ukraine accuses Russia of sending tanks."
    assert marks is not None
    (s0, s1), (t0, t1) = marks
    assert (text[s0:s1], text[t0:t1]) == ("Ukraine", "Russia")
    assert coder.unmark("No marks here.") == ("No marks here.", None)


def test_plover_eval_scores_marked_and_plain_readings(tmp_path: Path) -> None:
    path = tmp_path / "plv.tsv"
    path.write_text(
        "uid\tsentence\tmarked_sentence\tgold_root\n"
        "0\tIran agreed to free the sailors.\t<s>Iran</s> agreed to free <t>the sailors</t>.\tAGREE\n"
        "1\tPolice arrested the editor.\t<s>Police</s> arrested <t>the editor</t>.\tCOERCE\n"
        "2\tThe army withdrew from the town.\tThe army withdrew from the town.\tYIELD\n",
        encoding="utf-8",
    )
    rows = coder.read_plover(path)
    assert rows[0].marks is not None and rows[2].marks is None
    s = coder.score_plover(rows, extractor=lambda docs: [[] for _ in docs]).summary()
    assert (s["combined_accuracy"], s["plain_accuracy"], s["lexicon_accuracy"]) == (1.0, 1.0, 1.0)
    assert s["extractor_accuracy"] == 0.0 and s["per_gold_type"]["YIELD"]["combined_accuracy"] == 1.0


def test_classify_prints_plover_and_cameo_labels(tmp_path: Path) -> None:
    path = tmp_path / "s.tsv"
    path.write_text("id\ttext\n1\tThe two ministers held talks in Cairo.\n2\tIran refused to release the sailors.\n"
                    "3\tThe weather was fine.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(build_cli(), ["classify", str(path), "--labels", "plover"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["1\tCONSULT", "2\tREJECT", "3\tNONE"]
    result = runner.invoke(build_cli(), ["classify", str(path), "--labels", "cameo"])
    assert result.output.splitlines() == ["1\t04", "2\t12", "3\tNONE"]

