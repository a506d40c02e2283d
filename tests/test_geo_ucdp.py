"""Headline places the way Syrian monitors write them, and the UCDP headline evaluation, on hand-built data."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from frontline.geo.distance import haversine_km
from frontline.geo.event_location import headline_location
from frontline.geo.recognize import recognize
from frontline.geo.relative import PROVINCE_COUNTRYSIDE_KM, relative_location
from frontline.geo.types import Toponym
from frontline.model import Place
from test_geo import FakeGazetteer, _p

if TYPE_CHECKING:
    from spacy.language import Language

HAMA = _p(170017, "Hama", 35.13179, 36.75783, "PPLA", a1="10", pop=460_000)
IDLIB = _p(169389, "Idlib", 35.93062, 36.63393, "PPLA", a1="12", pop=128_000)
IDLIB_PROV = _p(169388, "Idlib", 35.8, 36.6, "ADM1", a1="12")
DEIR = _p(170794, "Deir ez-Zor", 35.33588, 40.14084, "PPLA", a1="07", pop=271_000)
ALEPPO = _p(170063, "Aleppo", 36.20124, 37.16117, "PPLA", a1="09", pop=2_100_000)
KAFR_ZITA = _p(168620, "Kafr Zita", 35.37425, 36.6033, a1="10", pop=21_000)
JISR = _p(169304, "Jisr al-Shughur", 35.8126, 36.3176, a1="12", pop=44_000)
ZABADANI = _p(162099, "Zabadani", 33.7247, 36.1003, a1="08", pop=29_000)
MADAYA = _p(167620, "Madaya", 33.6886, 36.0977, a1="08")
KAFRAYA = _p(-20, "Kafraya", 35.9700, 36.6900, a1="12")
ANKARA = _p(323786, "Ankara", 39.91987, 32.85427, "PPLC", "TR", "68", 3_500_000)
AKRAD = Place("syria:jabal-al-akrad", "Jabal al-Akrad", 35.76, 36.17, "T", "MTS", "SY", None, None, "SY.02", None, 0)

GAZ = FakeGazetteer(
    [
        ("Hama", HAMA), ("Idlib", IDLIB), ("Idlib", IDLIB_PROV), ("Deir ez-Zor", DEIR), ("Aleppo", ALEPPO),
        ("Kafr Zita", KAFR_ZITA), ("Jisr al-Shughur", JISR), ("Zabadani", ZABADANI), ("Madaya", MADAYA),
        ("Kafraya", KAFRAYA), ("Kafriya", KAFRAYA), ("Ankara", ANKARA), ("Jabal al-Akrad", AKRAD),
    ],  # fmt: skip
)


def _top(text: str, mention: str, place: Place, nth: int = 0) -> Toponym:
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    return Toponym(start, start + len(mention), mention, place, 0.9, "test", "gazetteer")


def _km(loc: Any, place: Place) -> float:
    return haversine_km(loc.latitude, loc.longitude, place.latitude, place.longitude)


def test_countryside_of_a_province_seat_after_the_name_is_the_rural_province_out_that_way() -> None:
    text = "New attack in Hama northern countryside"
    (loc,) = relative_location(text, [_top(text, "Hama", HAMA)])
    assert loc.geo_precision == 3 and loc.relation == "northern countryside of"
    assert loc.latitude > HAMA.latitude and _km(loc, HAMA) == pytest.approx(PROVINCE_COUNTRYSIDE_KM, abs=0.5)
    assert loc.mention == "Hama northern countryside"


def test_countryside_of_an_ordinary_town_stays_near_the_town() -> None:
    text = "Raids at al-Ghassaniya in the countryside of Jisr al-Shughur"
    (loc,) = relative_location(text, [_top(text, "Jisr al-Shughur", JISR)])
    assert loc.geo_precision == 2 and loc.relation == "countryside of" and _km(loc, JISR) < 1


def test_coordinated_names_share_the_countryside() -> None:
    text = "Barrel bombs fall on the countryside of Hama and Idlib, and Homs and Aleppo countrysides"
    hama, idlib = relative_location(text, [_top(text, "Hama", HAMA), _top(text, "Idlib", IDLIB)])
    assert hama.relation == idlib.relation == "countryside of" and idlib.geo_precision == 3
    text = "Continued clashes in Aleppo and Idlib countrysides"
    aleppo, idlib = relative_location(text, [_top(text, "Aleppo", ALEPPO), _top(text, "Idlib", IDLIB)])
    assert aleppo.relation == "countryside of" and idlib.relation == "countryside of"


def test_direction_of_a_seat_is_its_province_but_not_with_city_after_it() -> None:
    text = "The regime forces shell south of Hama"
    (loc,) = relative_location(text, [_top(text, "Hama", HAMA)])
    assert loc.geo_precision == 3 and loc.latitude < HAMA.latitude
    text = "ISIS regained villages south of Deir ez-Zor city"
    (loc,) = relative_location(text, [_top(text, "Deir ez-Zor", DEIR)])
    assert loc.geo_precision == 2 and _km(loc, DEIR) < 15


def test_desert_of_a_seat_lies_further_out_than_its_countryside() -> None:
    text = "Clashes in the eastern desert of Hama"
    (loc,) = relative_location(text, [_top(text, "Hama", HAMA)])
    assert loc.relation == "eastern desert of" and loc.longitude > HAMA.longitude
    assert _km(loc, HAMA) > PROVINCE_COUNTRYSIDE_KM


def test_eastern_part_of_a_big_city_is_not_its_countryside() -> None:
    text = "Airstrikes on eastern Aleppo"
    (loc,) = relative_location(text, [_top(text, "Aleppo", ALEPPO)])
    assert loc.geo_precision == 1 and _km(loc, ALEPPO) < 1


def test_headline_location_prefers_a_town_to_a_countryside_and_the_first_of_equals() -> None:
    text = "Clashes in Idlib countryside and shelling on Kafr Zita and Jisr al-Shughur"
    tops = [_top(text, "Idlib", IDLIB), _top(text, "Kafr Zita", KAFR_ZITA), _top(text, "Jisr al-Shughur", JISR)]
    loc = headline_location(text, tops)
    assert loc is not None and loc.place == KAFR_ZITA and loc.geo_precision == 1


def test_headline_location_keeps_to_the_country_the_report_is_about() -> None:
    text = "Ankara says its shelling hit Hama countryside"
    tops = [_top(text, "Ankara", ANKARA), _top(text, "Hama", HAMA)]
    without = headline_location(text, tops)
    assert without is not None and without.place == ANKARA  # a capital city is more specific than a countryside
    within = headline_location(text, tops, country="SY")
    assert within is not None and within.place == HAMA and within.geo_precision == 3


def test_headline_location_is_none_without_a_resolved_place() -> None:
    text = "77 were killed yesterday"
    assert headline_location(text, []) is None
    assert headline_location("Shelling on Beqin", [Toponym(12, 17, "Beqin", None, 0.0, "no entry", "ner")]) is None


def test_places_listed_with_a_known_place_and_curated_features_are_recognised(nlp: Language) -> None:
    text = "Stop the bombardment in Zabadani, Madaya and Kafriya"
    names = [m.text for m in recognize(text, GAZ, nlp(text))]
    assert names == ["Zabadani", "Madaya", "Kafriya"]
    text = "2 commanders are among the casualties of Jabal al-Akrad clashes"
    assert [m.text for m in recognize(text, GAZ, nlp(text))] == ["Jabal al-Akrad"]


@pytest.fixture()
def nlp() -> Language:
    from frontline.geo.parse import shared_nlp

    return shared_nlp()


FIELDS = ["source_headline", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude"]
ROWS = [
    # The headline names UCDP's town: a hit.
    ["Shelling on Kafr Zita kills 3", "1", "Kafr Zita town", "Hama Governorate", "Muhradah district", "35.37", "36.60"],
    # Only a province's countryside: a miss outside the fair denominator.
    ["Shelling targets Idlib countryside", "2", "Maarrat al-Numan town", "Idlib Governorate", "", "35.64", "36.67"],
    # No place at all.
    ["77 were killed yesterday", "1", "Damascus city", "Damascus Governorate", "", "33.51", "36.29"],
    # UCDP's place is named but not recognised ("Beqin" is not in the gazetteer).
    ["Clashes in Beqin and shelling in Zabadani", "1", "Beqin town", "Rif Dimashq Governorate", "", "33.90", "36.40"],
    # Too imprecise for the evaluation: dropped.
    ["Shelling on Kafr Zita", "4", "Hama Governorate", "Hama Governorate", "", "35.13", "36.75"],
]


def test_ucdp_geo_command_explains_its_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from frontline.cli.main import build_cli
    from frontline.geo import parse as geo_parse

    monkeypatch.setattr(geo_parse, "gazetteer", lambda: GAZ)
    corpus, out = tmp_path / "ged.csv", tmp_path / "figures.json"
    with corpus.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerows(ROWS)
    result = CliRunner().invoke(build_cli(), ["eval", "ucdp-geo", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["rows"] == 4 and figures["named"] == 3
    assert figures["fair_rows"] == 2 and figures["share_within_fair"] == 0.5
    assert figures["share_within_strict"] == 0.25 and figures["share_within"] == pytest.approx(1 / 3, abs=1e-3)
    causes = figures["failure_causes"]
    assert causes["no place recognised"] == 1
    assert causes["headline names only a province, region, river or country"] == 1
    assert causes["UCDP's place named but not recognised"] == 1
    by_headline = {f["headline"]: f for f in figures["failures"]}
    assert set(by_headline) == {ROWS[1][0], ROWS[2][0], ROWS[3][0]}
    idlib = by_headline[ROWS[1][0]]
    assert idlib["chosen"] == "Idlib" and idlib["geo_precision"] == 3 and idlib["mention"] == "Idlib countryside"
    assert idlib["error_km"] > 25 and idlib["where_coordinates"] == "Maarrat al-Numan town"
    assert "fair" in result.output and "strict" in result.output


def test_ucdp_geo_reports_a_missing_file(tmp_path: Path) -> None:
    from frontline.errors import InputError
    from frontline.eval.geoparse import evaluate_ucdp_geo

    with pytest.raises(InputError, match="no UCDP GED file"):
        evaluate_ucdp_geo(tmp_path / "missing.csv")


def test_event_location_marks_a_countryside_as_a_rural_area_below_its_village(nlp: Language) -> None:
    from frontline.geo.event_location import rank_event_locations

    text = "Clashes erupted in the Hama countryside and in Kafr Zita."
    doc = nlp(text)
    trigger = next(t for t in doc if t.text == "erupted")
    tops = [_top(text, "Hama", HAMA), _top(text, "Kafr Zita", KAFR_ZITA)]
    ranked = rank_event_locations(doc[:], trigger, tops)
    assert ranked[0][1].place == KAFR_ZITA
    assert "rural area" in next(why for _, t, why in ranked if t.place == HAMA)
