"""Not places (demonyms, rivers, datelines, far namesakes), unknown places, and every Gritta corpus variant."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.errors import DataError
from frontline.eval.geo_corpora import load_corpus
from frontline.geo.parse import dateline_spans, geoparse_text, keep_to_theatre
from frontline.geo.types import Toponym
from frontline.geo.unknown import locate_unknown
from frontline.model import Place


def _found(text: str, **kw: object) -> dict[str, Toponym]:
    return {t.text: t for t in geoparse_text(text, **kw)}  # type: ignore[arg-type]


def test_a_demonym_for_a_side_is_not_a_place() -> None:
    found = _found("Fighting in Bakhmut continued, Ukrainian officials said in Kyiv.")
    assert "Ukrainian" not in found  # not Ukrainian Village, Illinois
    assert found["Bakhmut"].place is not None and found["Bakhmut"].place.country == "UA"
    with_demonyms = _found("Fighting in Bakhmut continued, Ukrainian officials said in Kyiv.", demonyms=True)
    if "Ukrainian" in with_demonyms:  # counted as a demonym, it stands for the country
        assert with_demonyms["Ukrainian"].kind == "demonym"
        place = with_demonyms["Ukrainian"].place
        assert place is not None and place.country == "UA" and place.feature_class == "A"


def test_the_dnipro_and_the_euphrates_are_rivers() -> None:
    found = _found("Russian troops crossed the Dnipro near Kherson, and fighting went on along the Euphrates.")
    assert found["Dnipro"].place is not None and found["Dnipro"].place.feature_code == "STM"
    assert found["Euphrates"].place is not None and found["Euphrates"].place.feature_code == "STM"
    city = _found("Missiles hit Dnipro and Kharkiv overnight.")
    assert city["Dnipro"].place is not None and city["Dnipro"].place.feature_class == "P"


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("MOSCOW: Russian troops crossed the river near Kherson.", "MOSCOW"),
        ("Kyiv (AFP) - Shelling hit Kharkiv on Monday.", "Kyiv"),
        ("BEIRUT, Lebanon (AP) — Clashes erupted in Homs.", "BEIRUT"),
    ],
)
def test_a_dateline_is_the_place_of_writing(text: str, dateline: str) -> None:
    spans = dateline_spans(text)
    assert spans and spans[0][0] == 0
    found = _found(text)
    assert found[dateline].kind == "dateline" and found[dateline].place is not None
    after = [t for t in found.values() if t.start >= spans[0][1]]
    assert after and all(t.kind != "dateline" for t in after)


def test_no_dateline_in_running_text() -> None:
    assert dateline_spans("Troops entered Homs: the city fell.") == []
    assert dateline_spans("He said Homs - once a rebel city - fell.") == []


def _place(name: str, country: str, lat: float, lon: float, code: str = "PPL", pop: int = 20_000) -> Place:
    return Place(gazetteer_id=f"t:{name}", name=name, latitude=lat, longitude=lon, feature_class=code[0] if code != "PPL" else "P",
                 feature_code=code, country=country, population=pop)  # fmt: skip


def _t(name: str, place: Place, at: int) -> Toponym:
    return Toponym(at, at + len(name), name, place, 0.9, "", "gazetteer")


def test_far_namesakes_stay_out_of_a_theatre_unless_the_text_names_their_country() -> None:
    bakhmut, kyiv = _place("Bakhmut", "UA", 48.6, 38.0), _place("Kyiv", "UA", 50.45, 30.52, "PPLC", 2_900_000)
    springfield = _place("Springfield", "US", 39.8, -89.6)
    toponyms = [_t("Bakhmut", bakhmut, 0), _t("Springfield", springfield, 20), _t("Kyiv", kyiv, 40)]
    out = keep_to_theatre(toponyms, None, "UA")
    assert out[1].place is None and "theatre UA" in out[1].reason and out[0].place == bakhmut
    usa = _place("United States", "US", 39.8, -98.5, "PCLI", 300_000_000)
    kept = keep_to_theatre([*toponyms, _t("United States", usa, 60)], None, "UA")
    assert kept[1].place == springfield  # the text says so


def test_an_unknown_village_is_placed_at_the_finest_unit_the_text_gives() -> None:
    text = "Military Forces of Syria seized control of Xamlintest in northern Dar'a countryside"
    loc = locate_unknown("Xamlintest", text, country="SY")
    assert loc is not None and not loc.place_known and loc.name == "Xamlintest"
    assert loc.geo_precision == 3 and loc.unit.admin1_code == "SY.06" and loc.latitude > loc.unit.latitude - 0.01
    near = locate_unknown("Hantoutintest", "Clashes in Hantoutintest near Al-Bab", country="SY")
    assert near is not None and near.geo_precision == 2 and near.unit.name.replace("‘", "") in ("Al Bāb", "Al Bab")
    rural = locate_unknown("Sandaftest", "Shelling on Sandaftest in Idleb countryside", country="SY")
    assert rural is not None and rural.geo_precision == 3 and rural.unit.admin1_code == "SY.12"
    bare = locate_unknown("Qarqurtest", "Clashes erupted in Qarqurtest", country="SY")
    assert bare is not None and bare.unit.feature_code == "PCLI" and bare.geo_precision == 3
    assert locate_unknown("Qarqurtest", "Clashes erupted in Qarqurtest") is None


LOCATION_FORM = """<?xml version="1.0"?>
<articles>
  <article docid="a1"><text>Shelling hit Homs and Aleppo.</text>
    <locations>
      <location><name>Homs</name><start>13</start><end>17</end><lat>34.72682</lat><lon>36.72339</lon></location>
      <location><name>Aleppo</name><start>22</start><end>28</end><lat>36.20124</lat><lon>37.16117</lon></location>
    </locations>
  </article>
</articles>
"""
WIKTOR_XML = """<?xml version="1.0"?>
<articles><page number="0"><toponymName>Homs</toponymName><lat>34.72</lat><lon>36.72</lon>
<text>Homs is a city. Homs lies on the Orontes.</text>
<toponymIndices><toponym><start>0</start><end>4</end></toponym><toponym><start>16</start><end>20</end></toponym></toponymIndices>
</page></articles>
"""


def test_gritta_location_form_and_wiktor_xml_are_read(tmp_path: Path) -> None:
    path = tmp_path / "locations.xml"
    path.write_text(LOCATION_FORM, encoding="utf-8")
    [article] = load_corpus(path)
    assert [(t.phrase, t.latitude) for t in article.toponyms] == [("Homs", 34.72682), ("Aleppo", 36.20124)]
    wiktor = tmp_path / "WikToR.xml"
    wiktor.write_text(WIKTOR_XML, encoding="utf-8")
    [page] = load_corpus(wiktor)
    assert [(t.start, t.phrase, t.longitude) for t in page.toponyms] == [(0, "Homs", 36.72), (16, "Homs", 36.72)]


def test_eval_geoparse_exits_non_zero_when_it_reads_no_toponyms(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from frontline.cli.main import build_cli

    path = tmp_path / "empty.xml"
    path.write_text("<articles><article><text>Nothing.</text><places><place>x</place></places></article></articles>",
                    encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(build_cli(), ["eval", "geoparse", "--corpus", str(path), "--out", str(tmp_path / "o.json")])
    assert result.exit_code == DataError.exit_code
    assert "read no toponyms" in result.output and len(result.output.strip().splitlines()) == 1
