"""The coder evaluations (UCDP GED, PETRARCH-2, PLOVER) on small hand-built corpora."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.actors import load_pack
from frontline.cli.main import build_cli
from frontline.eval import coder
from frontline.model import Document, Event

UCDP_HEADER = "id,type_of_violence,side_a,side_b,source_date,source_headline,date_start,date_end\n"


def _event(sub_event: str, actor1: str | None, actor2: str | None, start: date, end: date, *,
           plover: str | None = "ASSAULT", cameo: str | None = "19", precision: int = 1) -> Event:
    return Event(id="e", document_id="d", sentence_start=0, sentence_end=1, event_type="Battles",
                 sub_event_type=sub_event, actor1=actor1, actor2=actor2, date_start=start, date_end=end,
                 time_precision=precision, plover_type=plover, cameo_root=cameo)


def _ucdp_file(tmp_path: Path) -> Path:
    path = tmp_path / "ged.csv"
    path.write_text(
        UCDP_HEADER
        + '1.0,1.0,Government of Syria,Syrian insurgents,2017-03-02,"Clashes between regime forces and rebels in Daraa",2017-03-01,2017-03-01\n'
        + '2.0,3.0,IS,Civilians,2017-05-14;2017-05-20;2017-05-15,"IS executes 2 men in Raqqa;R3669;More executions in Raqqa",2017-05-14,2017-05-14\n'
        + '3.0,2.0,"Ahrar al-Sham, HTS",SDF,2018-01-10,"Shelling on Afrin",2018-01-09,2018-01-10\n',
        encoding="utf-8",
    )
    return path


def test_ucdp_rows_keep_each_headline_with_its_date(tmp_path: Path) -> None:
    rows = coder.read_ucdp(_ucdp_file(tmp_path))
    assert [r.id for r in rows] == ["1", "2", "3"]
    assert rows[1].headlines == (("IS executes 2 men in Raqqa", date(2017, 5, 14)), ("More executions in Raqqa", date(2017, 5, 15)))
    assert rows[1].type_of_violence == 3


def test_ucdp_sides_map_to_pack_actors() -> None:
    pack = load_pack("syria")
    assert coder.map_side(pack, "Government of Syria") == ("Syrian government forces",)
    assert coder.map_side(pack, "Ahrar al-Sham, HTS") == ("Ahrar al-Sham", "HTS")
    assert coder.map_side(pack, "No Such Brigade") == ()
    # UCDP's "Syrian insurgents" takes in the jihadist factions that fought the government.
    insurgents = coder.map_side(pack, "Syrian insurgents")
    assert {"Syrian opposition", "HTS", "Jabhat al-Nusra"} <= set(insurgents) and "ISIS" not in insurgents


def test_ucdp_actor_rule_compares_sides_in_either_order(tmp_path: Path) -> None:
    pack = load_pack("syria")
    row = coder.read_ucdp(_ucdp_file(tmp_path))[0]
    d = date(2017, 3, 1)
    assert coder.ucdp_actors_match(pack, _event("Armed clash", "Syrian government forces", "Syrian opposition", d, d), row)
    assert coder.ucdp_actors_match(pack, _event("Armed clash", "FSA", "Tiger Forces", d, d), row)  # members stand for sides
    assert not coder.ucdp_actors_match(pack, _event("Armed clash", "Syrian government forces", None, d, d), row)
    assert not coder.ucdp_actors_match(pack, _event("Armed clash", "Syrian government forces", "ISIS", d, d), row)
    one_sided = coder.read_ucdp(_ucdp_file(tmp_path))[1]
    d = date(2017, 5, 14)
    assert coder.ucdp_actors_match(pack, _event("Attack", "ISIS", None, d, d), one_sided)


def test_ucdp_scores_actors_dates_and_coverage(tmp_path: Path) -> None:
    rows = coder.read_ucdp(_ucdp_file(tmp_path))

    def fake(documents: Sequence[Document]) -> list[list[Event]]:
        out: list[list[Event]] = []
        for doc in documents:
            if doc.text.startswith("Clashes"):
                out.append([_event("Armed clash", "Syrian government forces", "Syrian opposition", date(2017, 2, 23), date(2017, 3, 2), precision=3)])
            elif doc.text.startswith("IS executes"):
                out.append([_event("Attack", "ISIS", None, date(2017, 5, 1), date(2017, 5, 2))])
            else:
                out.append([])
        return out

    result = coder.score_ucdp(rows, extractor=fake)
    s = result.summary()
    assert (s["rows"], s["coverage"], s["actors_right"], s["date_right"], s["both_right"]) == (3, 0.6667, 0.6667, 0.3333, 0.3333)
    assert s["date_exact"] == 0.0  # the one right date is a week-long range, not a day
    assert result.outcomes[1].actors_right and not result.outcomes[1].date_right


def test_ucdp_failures_are_put_down_to_their_cause(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(
        UCDP_HEADER
        + '1,1,Government of Syria,Syrian insurgents,2017-03-02,"Clashes between regime forces and rebels in Daraa",2017-03-01,2017-03-01\n'
        + '2,1,Government of Syria,Syrian insurgents,2017-03-02,"Regime forces shell Daraa city",2017-03-01,2017-03-01\n'
        + '3,1,Government of Syria,Syrian insurgents,2017-03-02,"Clashes between the SDF and ISIS in Raqqa",2017-03-01,2017-03-01\n'
        + '4,1,Government of Syria,Syrian insurgents,2017-03-02,"Syria Daily Report today",2017-03-01,2017-03-01\n'
        + '5,1,Government of Syria,Syrian insurgents,2017-03-02,"Clashes between regime forces and rebels in Hama",2017-03-01,2017-03-01\n'
        + '6,1,Government of Syria,Syrian insurgents,2017-03-02,R3669,2017-03-01,2017-03-01\n',
        encoding="utf-8",
    )
    rows = coder.read_ucdp(path)
    d, old = date(2017, 3, 1), date(2016, 1, 1)

    def fake(documents: Sequence[Document]) -> list[list[Event]]:
        by_text = {
            "Clashes between regime forces and rebels in Daraa": [_event("Armed clash", "Syrian government forces", "Syrian opposition", d, d)],
            "Regime forces shell Daraa city": [_event("Shelling/artillery/missile attack", "Syrian government forces", None, d, d)],
            "Clashes between the SDF and ISIS in Raqqa": [_event("Armed clash", "SDF", "ISIS", d, d)],
            "Clashes between regime forces and rebels in Hama": [_event("Armed clash", "Syrian government forces", "FSA", old, old)],
        }
        return [by_text.get(doc.text, []) for doc in documents]

    result = coder.score_ucdp(rows, extractor=fake)
    assert [o.cause for o in result.outcomes] == ["right", "actor_missing", "wrong_side", "no_event", "date_wrong", "no_headline"]
    assert [o.naming for o in result.outcomes] == ["both", "one", "neither", "neither", "both", "neither"]
    s = result.summary()
    assert s["both_right"] == 0.1667 and s["both_right_when_named"] == 0.5
    assert s["causes_by_naming"]["both"] == {"rows": 2, **{c: 0.0 for c in coder.UCDP_CAUSES}, "right": 0.5, "date_wrong": 0.5}
    assert [o.row.id for o in result.failures(1)["wrong_side"]] == ["3"]


PETRARCH = """<Validation>
# a comment line the real file also has
<Sentences>
<Sentence category="AFP" date="20080806" id="S1" evaluate="true"/>
<EventCoding eventcode="190" sourcecode="REB" targetcode="SYR" />
<EventCoding eventcode="1124" sourcecode="SYR" targetcode="REB" />
<Text>
Rebels attacked government forces in Idlib.
</Text>
<Parse>1	Rebels	rebel</Parse>
</Sentence>
<Sentence category="AFP" date="20080806" id="S2" evaluate="true">
<EventCoding noevents="True" />
<Text>The weather was fine.</Text>
</Sentence>
<Sentence category="AFP" date="bad" id="S3" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>The US leader visited China.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_records_are_read_from_the_malformed_file(tmp_path: Path) -> None:
    path = tmp_path / "v.xml"
    path.write_text(PETRARCH, encoding="utf-8")
    sentences = coder.read_petrarch(path)
    assert [(s.id, s.codes) for s in sentences] == [("S1", ("190", "1124")), ("S2", ()), ("S3", ("042",))]
    assert sentences[0].text == "Rebels attacked government forces in Idlib."
    assert (sentences[0].published, sentences[2].published) == (date(2008, 8, 6), coder.UNDATED)


def test_cameo_roots_and_quad_classes() -> None:
    assert [coder.cameo_root(c) for c in ("1124", "042", "190")] == ["11", "04", "19"]
    assert [coder.quad_class(r) for r in ("04", "06", "11", "19")] == [1, 2, 3, 4]
    assert "19" in coder.coder_roots() and "01" not in coder.coder_roots()


def test_petrarch_agreement_counts_roots_and_quads(tmp_path: Path) -> None:
    path = tmp_path / "v.xml"
    path.write_text(PETRARCH, encoding="utf-8")
    sentences = coder.read_petrarch(path)
    d = date(2008, 8, 6)

    def fake(documents: Sequence[Document]) -> list[list[Event]]:
        return [[_event("Armed clash", None, None, d, d, cameo="19")] if "Rebels" in doc.text
                else [_event("Air/drone strike", None, None, d, d, cameo="18")] if "weather" in doc.text else []
                for doc in documents]

    s = coder.score_petrarch(sentences, extractor=fake).summary()
    # The extractor codes the attack (19); the PLOVER lexicon codes the visit (CONSULT, CAMEO 04).
    assert s["all_gold_events"]["n"] == 2 and s["all_gold_events"]["root_agreement"] == 1.0
    assert s["coder_domain"]["n"] == 2 and s["coder_domain"]["quad_agreement"] == 1.0
    assert s["per_gold_root"] == {"04": 1.0, "19": 1.0}
    assert s["events_on_no_event_sentences"] == 1


def test_plover_accuracy_uses_the_dataset_names(tmp_path: Path) -> None:
    path = tmp_path / "plv.tsv"
    path.write_text(
        "uid\tsentence_id\tgold_penta\tgold_root\tsentence\n"
        "0\t1\t4\tASSAULT\tRebels attacked the town.\n"
        "1\t1\t4\tASSAULT\tRebels attacked the town.\n"
        "2\t2\t2\tYIELD\tThe army withdrew from the town.\n"
        "3\t3\t1\tAGREE\tThe two sides met.\n",
        encoding="utf-8",
    )
    rows = coder.read_plover(path)
    calls: list[int] = []
    d = date(2000, 1, 1)

    def fake(documents: Sequence[Document]) -> list[list[Event]]:
        calls.append(len(documents))
        return [[_event("Armed clash", None, None, d, d, plover="ASSAULT")] if "attacked" in doc.text
                else [_event("Non-violent transfer of territory", None, None, d, d, plover="RETREAT")] if "withdrew" in doc.text
                else [] for doc in documents]

    s = coder.score_plover(rows, extractor=fake).summary()
    assert calls == [3]  # each distinct sentence typed once
    assert s["extractor_accuracy"] == 0.75 and s["extractor_coverage"] == 0.75
    assert s["per_gold_type"]["YIELD"]["combined_accuracy"] == 1.0


def test_spread_is_even_and_deterministic() -> None:
    assert coder.spread(list(range(10)), 3) == [0, 3, 6]
    assert coder.spread(list(range(3)), None) == [0, 1, 2]


def test_missing_corpus_says_what_to_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from frontline.errors import InputError

    monkeypatch.setenv("FRONTLINE_SHARED", str(tmp_path))
    with pytest.raises(InputError, match="FRONTLINE_SHARED"):
        coder.corpus_path(coder.UCDP_RELATIVE)


def test_eval_commands_print_figures_and_write_json(tmp_path: Path) -> None:
    runner = CliRunner()
    cli = build_cli()
    result = runner.invoke(cli, ["eval", "ucdp", str(_ucdp_file(tmp_path)), "--out", str(tmp_path), "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "coverage" in result.output and "actors and date right" in result.output and "no_event" in result.output
    written = json.loads((tmp_path / "eval-ucdp.json").read_text(encoding="utf-8"))
    assert written["summary"]["rows"] == 2 and set(written["failures"]) == set(coder.UCDP_CAUSES[1:])
    # The extractor itself reads the first headline: regime forces against rebels.
    assert written["rows"][0]["actors_right"] is True
    path = tmp_path / "v.xml"
    path.write_text(PETRARCH, encoding="utf-8")
    result = runner.invoke(cli, ["eval", "petrarch", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "eval-petrarch.json").read_text(encoding="utf-8"))["summary"]["sentences"] == 3
