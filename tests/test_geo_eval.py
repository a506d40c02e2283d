"""Corpus loaders and geoparsing metrics, on tiny hand-made corpora."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from frontline.errors import DataError, InputError
from frontline.eval.geo_corpora import (
    apply_patches,
    detect_format,
    iter_event_locations,
    load_corpus,
    load_mlg_patches,
)
from frontline.eval.geo_metrics import auc_of_errors, score_recognition, score_resolution
from frontline.geo.distance import HALF_CIRCUMFERENCE_KM, destination, haversine_km, midpoint

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="77">
    <text><![CDATA[Mayadin lies on the Euphrates. Trouble in Springfield.]]></text>
    <toponyms>
      <toponym><start>0</start><end>7</end><phrase>Mayadin</phrase>
        <gaztag geonameid="173480"><name>Al Mayadin</name><fclass>P</fclass><fcode>PPL</fcode>
        <lat>35.01982</lat><lon>40.45154</lon></gaztag></toponym>
      <toponym><start>20</start><end>29</end><phrase>Euphrates</phrase></toponym>
      <toponym><start>42</start><end>53</end><phrase>Springfield</phrase>
        <gaztag geonameid="4250542"><name>Springfield</name><lat>39.80172</lat><lon>-89.64371</lon></gaztag></toponym>
    </toponyms>
  </article>
  <article>
    <text><![CDATA[Nothing here.]]></text>
    <toponyms count="0"></toponyms>
  </article>
</articles>
"""

GWN = """<?xml version="1.0" ?>
<articles>
  <article file="0">
    <text>The city of Homs and a mansion.</text>
    <toponyms>
      <toponym><extractedName>Homs</extractedName><type>Literal</type><start>12</start><end>16</end>
        <geonamesID>169577</geonamesID><latitude>34.72682</latitude><longitude>36.72339</longitude></toponym>
      <toponym><extractedName>mansion</extractedName><type>Literal_Expression</type><start>23</start><end>30</end></toponym>
      <toponym><extractedName>city</extractedName><type>Literal_Expression</type><start>4</start><end>8</end>
        <geonamesID/><latitude/><longitude/></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_lgl_loader_keeps_untagged_toponyms_unscored(tmp_path: Path) -> None:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL, encoding="utf-8")
    articles = load_corpus(path)
    assert detect_format(path) == "gritta-xml"
    assert [a.doc for a in articles] == ["77", "1"]
    first = articles[0]
    assert [t.phrase for t in first.toponyms] == ["Mayadin", "Euphrates", "Springfield"]
    assert [t.resolvable for t in first.toponyms] == [True, False, True]
    assert first.toponyms[0].geonameid == 173480
    assert first.text[first.toponyms[2].start : first.toponyms[2].end] == "Springfield"


def test_gwn_loader_turns_annotations_without_coordinates_into_ignored_spans(tmp_path: Path) -> None:
    path = tmp_path / "GWN.xml"
    path.write_text(GWN, encoding="utf-8")
    assert detect_format(path) == "gwn"
    (article,) = load_corpus(path)
    assert article.doc == "0"
    assert [(t.phrase, t.geonameid) for t in article.toponyms] == [("Homs", 169577)]
    assert article.ignored == ((4, 8), (23, 30))


def test_gritta_loader_realigns_drifted_offsets(tmp_path: Path) -> None:
    path = tmp_path / "drift.xml"
    path.write_text(LGL.replace("<start>42</start><end>53</end>", "<start>45</start><end>56</end>"), encoding="utf-8")
    toponym = load_corpus(path, "gritta-xml")[0].toponyms[2]
    assert (toponym.start, toponym.end) == (42, 53)


def test_wiktor_loader_reads_commas_inside_names(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "0").write_text("Santa Maria is a city in California.", encoding="utf-8")
    (tmp_path / "WikToR_gold.txt").write_text(
        "Santa Maria, California,,Santa Maria,,34.9514,,-120.4333,,0,,11||\n", encoding="utf-8"
    )
    (article,) = load_corpus(tmp_path)
    (t,) = article.toponyms
    assert (t.name, t.phrase, t.latitude, t.longitude) == ("Santa Maria, California", "Santa Maria", 34.9514, -120.4333)


def test_wiktor_loader_rejects_malformed_lines(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "0").write_text("x", encoding="utf-8")
    (tmp_path / "WikToR_gold.txt").write_text("broken,,line||\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_corpus(tmp_path, "wiktor")


def test_missing_corpus_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no corpus"):
        load_corpus(tmp_path / "absent.xml")


def test_patches_replace_gold_coordinates(tmp_path: Path) -> None:
    corpus = tmp_path / "lgl.xml"
    corpus.write_text(LGL, encoding="utf-8")
    patch = tmp_path / "p.tsv"
    patch.write_text("Al Mayadin \t 35.01982 , 40.45154 \t 35.0 , 40.5\n", encoding="utf-8")
    patched = apply_patches(load_corpus(corpus), load_mlg_patches(patch))
    fixed = patched[0].toponyms[0]
    assert (fixed.latitude, fixed.longitude) == (35.0, 40.5)
    assert patched[0].toponyms[2].latitude == pytest.approx(39.80172)


def test_event_location_records_accept_a_json_array(tmp_path: Path) -> None:
    rows = [
        {"_id": 1, "text": "Shells hit Homs.", "source": "X",
         "spans": [{"start": 7, "end": 10, "label": "VERB"}, {"start": 11, "end": 15, "label": "LOCATION"}]},
        {"_id": 2, "text": "No verb.", "spans": []},
    ]  # fmt: skip
    path = tmp_path / "labeled_text.jsonl"
    path.write_text(json.dumps(rows), encoding="utf-8")
    (record,) = list(iter_event_locations(tmp_path))
    assert record.verb == (7, 10) and record.locations == ((11, 15),)


def test_resolution_scores_count_misses_as_full_errors() -> None:
    scores = score_resolution([0.0, 100.0, 200.0, None], [True, False, None, False])
    assert scores.n == 4 and scores.misses == 1
    assert scores.acc161 == 0.5
    assert scores.median_km == 150.0
    assert scores.mean_km == pytest.approx((300.0 + HALF_CIRCUMFERENCE_KM) / 4)
    assert scores.geonameid_n == 3 and scores.geonameid_acc == pytest.approx(1 / 3)


def test_auc_is_zero_for_perfect_and_one_for_worst() -> None:
    assert auc_of_errors([0.0, 0.0, 0.0]) == 0.0
    assert auc_of_errors([HALF_CIRCUMFERENCE_KM] * 3) == pytest.approx(1.0)
    mixed = auc_of_errors([0.0, HALF_CIRCUMFERENCE_KM])
    assert mixed == pytest.approx(0.5)


def test_recognition_exact_and_overlap_with_ignored_spans() -> None:
    gold = [(0, 7), (20, 29)]
    predicted = [(0, 7), (16, 29), (40, 44), (50, 55)]
    scores = score_recognition(gold, predicted, ignored=[(50, 56)])
    assert scores.predicted == 3  # the prediction over an ignored annotation is dropped
    assert scores.tp_exact == 1 and scores.tp_overlap == 2
    assert scores.precision == pytest.approx(1 / 3) and scores.recall == 0.5
    assert scores.f1_overlap == pytest.approx(2 * (2 / 3) * 1.0 / (2 / 3 + 1.0))


def test_distance_helpers() -> None:
    # Deir ez-Zor to Mayadin is about 43 km as the crow flies.
    assert haversine_km(35.33588, 40.14084, 35.01982, 40.45154) == pytest.approx(44.6, abs=1.0)
    lat, lon = destination(35.0, 40.0, 270.0, 10.0)
    assert lat == pytest.approx(35.0, abs=0.01) and lon < 40.0
    assert haversine_km(35.0, 40.0, lat, lon) == pytest.approx(10.0, abs=0.01)
    mlat, mlon = midpoint(35.0, 40.0, 36.0, 40.0)
    assert mlat == pytest.approx(35.5, abs=0.001) and mlon == pytest.approx(40.0, abs=1e-6)
    assert math.isclose(haversine_km(0, 0, 0, 180), math.pi * 6371.0088, rel_tol=1e-9)


def test_eval_geoparse_command_prints_figures_and_writes_predictions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from frontline.cli.main import build_cli
    from frontline.geo import parse as geo_parse
    from test_geo import SYRIA_GAZ

    monkeypatch.setattr(geo_parse, "gazetteer", lambda: SYRIA_GAZ)
    corpus = tmp_path / "lgl.xml"
    corpus.write_text(LGL, encoding="utf-8")
    out, preds = tmp_path / "figures.json", tmp_path / "preds.jsonl"
    result = CliRunner().invoke(
        build_cli(), ["eval", "geoparse", "--corpus", str(corpus), "--predictions", str(preds), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "N=2" in result.output and "Acc@161=1.000" in result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["resolution"]["n"] == 2 and figures["resolution"]["misses"] == 0
    assert figures["resolution"]["geonameid_acc"] == 0.5  # the test gazetteer's Springfield has another id
    lines = [json.loads(x) for x in preds.read_text(encoding="utf-8").splitlines()]
    assert [(x["doc"], x["phrase"], x["geonameid"]) for x in lines] == [("77", "Mayadin", 173480), ("77", "Springfield", 7)]
    assert set(lines[0]) == {"doc", "start", "end", "phrase", "latitude", "longitude", "geonameid"}


def test_eval_geoparse_command_reports_a_missing_corpus(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from frontline.cli.main import build_cli

    result = CliRunner().invoke(build_cli(), ["eval", "geoparse", "--corpus", str(tmp_path / "absent.xml")])
    assert result.exit_code == InputError.exit_code
    assert "no corpus at" in result.output
