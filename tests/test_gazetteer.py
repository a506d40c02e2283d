"""Gazetteer: name keys, seed places, admin units, GeoNames dump import, supplement validation."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.errors import ConfigError, DataError
from frontline.gazetteer import Gazetteer, build_index, import_geonames, normalize_name, open_gazetteer
from frontline.gazetteer.index import sources_digest
from frontline.gazetteer.sources import parse_supplement
from frontline.gazetteer.store import default_index_path

# Rough bounding boxes (south, west, north, east) of the countries the tests look at.
BBOX = {"SY": (32.3, 35.7, 37.4, 42.4), "IQ": (29.0, 38.7, 37.4, 48.6), "TR": (35.8, 25.6, 42.2, 44.9)}


@pytest.fixture(scope="session")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the cached index, built or refreshed once if needed; a private build if dumps were added to it."""
    cached = default_index_path()
    try:
        has_dumps = cached.exists() and bool(Gazetteer(cached).meta("dumps"))
    except ConfigError:
        has_dumps = False
    if has_dumps:  # imported places would change what the tests see
        return build_index(tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite", progress=False)
    return open_gazetteer(cached).path


@pytest.fixture(scope="session")
def gaz(index_path: Path) -> Gazetteer:
    return open_gazetteer(index_path, build=False)


# -- name keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variants",
    [
        ["Mayadin", "Mayadeen", "al-Mayadin", "Al Mayādīn", "Al-Mayadeen", "el-Mayadin"],
        ["Deir ez-Zor", "Dayr ez-Zor", "Dair ez Zor", "Deir al-Zor", "Deir ez-Zor Province", "Deir ez-Zor city"],
        ["Abu Kamal", "Albukamal", "Bukamal", "Abukamal", "Abou Kamal", "Al-Bukamal"],
        ["Maarrat al-Numan", "Ma’arrat al-Nu‘man", "Maʿarrat an-Nuʿman", "Ma'arrat al Nu'man"],
        ["Raqqa", "Ar-Raqqah", "al-Raqqa", "Raqqah"],
        ["Douma", "Duma"],
        ["Ras al-Ain", "Ras al-Ayn", "Ras el-Ain"],
        ["Hasakah", "Al-Hasakeh", "Hasaka governorate"],
        ["Jisr al-Shughur", "Jisr ash-Shughur", "Jisr esh-Shughour"],
    ],
)
def test_spelling_variants_share_one_key(variants: list[str]) -> None:
    keys = {normalize_name(v) for v in variants}
    assert len(keys) == 1, keys


def test_keys_are_lower_ascii_and_distinguish_places() -> None:
    assert normalize_name("Ḩalab") == "halab"
    assert normalize_name("  Aleppo countryside ") == "alepo"
    assert normalize_name("Homs") != normalize_name("Hama")
    assert normalize_name("Tal Abyad") != normalize_name("Tal Tamr")
    # An article is only dropped in front of another word, never when it is the whole name.
    assert normalize_name("As") == "as"
    assert normalize_name("City") == "city"
    assert normalize_name("Syria's") == normalize_name("Syria’s") == "syria"
    assert normalize_name("Ra's al-Ayn") == normalize_name("Ras al-Ain")


# -- seed places ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "country", "expected"),
    [
        ("Mayadin", None, "geonames:173480"),
        ("Deir ez-Zor", None, "geonames:170794"),
        ("Deir ez-Zor city", None, "geonames:170794"),
        ("Deir ez-Zor Province", None, "geonames:170792"),
        ("Qaryatayn", None, "geonames:173361"),
        ("Homs Province", None, "geonames:169575"),
        ("eastern Homs Province", None, "geonames:169575"),
        ("Abu Kamal", "SY", "geonames:174448"),
        ("Iraq", None, "geonames:99237"),
        ("Syria", None, "geonames:163843"),
        ("Turkey", None, "geonames:298795"),
    ],
)
def test_seed_places_resolve_first(gaz: Gazetteer, mention: str, country: str | None, expected: str) -> None:
    found = gaz.lookup(mention, country=country)
    assert found, mention
    assert found[0].gazetteer_id == expected


def test_idlib_resolves_to_province_or_city(gaz: Gazetteer) -> None:
    assert gaz.lookup("Idlib")[0].geonameid in (169387, 169389)
    assert gaz.lookup("Idlib Province")[0].geonameid == 169387


def test_euphrates_comes_from_the_supplement(gaz: Gazetteer) -> None:
    river = gaz.lookup("Euphrates River")[0]
    assert river.gazetteer_id == "syria:euphrates"
    assert (river.feature_class, river.feature_code, river.country) == ("H", "STM", "SY")
    assert river.admin1  # filled from the nearest populated place
    assert gaz.get("syria:euphrates") == river


@pytest.mark.parametrize(
    ("mention", "expected", "code"),
    [
        ("T4", "syria:tiyas-airbase", "AIRB"),
        ("Kweires airbase", "syria:kuweires-airbase", "AIRB"),
        ("Bab el-Hawa", "syria:bab-al-hawa", "PSTB"),
        ("Tishreen Dam", "syria:tishrin-dam", "DAM"),
        ("Conoco gas field", "syria:conoco-gas-field", "GASF"),
        ("Eastern Ghouta", "syria:eastern-ghouta", "RGN"),
        ("Sheikh Maksoud", "syria:sheikh-maqsoud", "PPLX"),
        ("Brigade 137", "syria:brigade-137", "MILB"),
        ("Arwad island", "syria:arwad", "ISL"),
    ],
)
def test_theatre_features_resolve(gaz: Gazetteer, mention: str, expected: str, code: str) -> None:
    place = gaz.lookup(mention)[0]
    assert (place.gazetteer_id, place.feature_code, place.country) == (expected, code, "SY")
    assert place.geonameid is None and place.admin1


def test_curated_names_and_direction_words(gaz: Gazetteer) -> None:
    rif = gaz.lookup("Damascus countryside")[0]
    assert rif.geonameid == 170652  # Rif Dimashq, not the city's own governorate
    assert gaz.lookup("Damascus")[0].feature_code == "PPLC"
    assert gaz.lookup("rural Idlib")[0].feature_code == "ADM1"
    assert gaz.lookup("northern Aleppo")[0].geonameid == 170063
    assert gaz.lookup("North Korea")[0].country == "KP"  # a direction word that is part of the name
    assert gaz.lookup("UK")[0].country == "GB" and gaz.lookup("U.S.")[0].country == "US"


def test_country_points_are_geonames_points(gaz: Gazetteer) -> None:
    syria, usa = gaz.country("SY"), gaz.country("US")
    assert syria is not None and (syria.latitude, syria.longitude) == (35.0, 38.0)
    assert usa is not None and abs(usa.latitude - 39.76) < 0.01


def test_places_carry_admin1_names_and_codes(gaz: Gazetteer) -> None:
    mayadin = gaz.by_geonameid(173480)
    assert mayadin is not None
    assert (mayadin.admin1, mayadin.admin1_code, mayadin.country) == ("Deir ez-Zor", "SY.07", "SY")
    assert "Mayadin" in mayadin.alternate_names
    assert gaz.get("geonames:173480") == mayadin
    assert gaz.get("geonames:0") is None and gaz.get("nowhere:at-all") is None


def test_country_filter_and_unknown_names(gaz: Gazetteer) -> None:
    assert all(p.country == "SY" for p in gaz.lookup("Damascus", country="SY"))
    assert gaz.lookup("Damascus", country="US")[0].country == "US"
    assert gaz.lookup("Qwxzvbn Jjkqq") == []
    assert not gaz.is_name("Qwxzvbn Jjkqq")
    assert gaz.is_name("al-Mayadeen") and gaz.is_name("Deir ez-Zor Province")


def test_admin_units_and_countries(gaz: Gazetteer) -> None:
    by_code = gaz.admin1("SY", "07")
    assert by_code is not None and by_code.geonameid == 170792
    assert gaz.admin1("SY", "SY.07") == by_code
    assert gaz.admin1("SY", "Deir ez-Zor") == by_code
    assert (by_code.feature_class, by_code.feature_code, by_code.admin1_code) == ("A", "ADM1", "SY.07")
    assert by_code.population > 271800  # the city alone
    assert gaz.admin1("SY", "99") is None
    syria = gaz.country("SY")
    assert syria is not None and syria.feature_code == "PCLI" and syria.geonameid == 163843
    assert gaz.country("SYR") == syria == gaz.country("Syria") == gaz.country("Syrian Arab Republic")
    assert gaz.demonym("Syrian") == syria
    assert gaz.demonym("Iraqis") == gaz.country("IQ")
    assert gaz.demonym("Kurdish") is None


@pytest.mark.parametrize("iso", sorted(BBOX))
def test_admin_unit_points_lie_inside_their_country(gaz: Gazetteer, iso: str) -> None:
    south, west, north, east = BBOX[iso]
    country = gaz.country(iso)
    assert country is not None
    units = [p for p in gaz.lookup(country.name) if p.country == iso]
    units += [u for u in (gaz.admin1(iso, f"{n:02d}") for n in range(1, 90)) if u is not None]
    adm1 = [u for u in units if u.feature_code == "ADM1"]
    assert len(adm1) >= 10
    for unit in units:
        assert south <= unit.latitude <= north and west <= unit.longitude <= east, unit


def test_fuzzy_recovers_a_misspelling(gaz: Gazetteer) -> None:
    hits = gaz.fuzzy("Qaryatyn", country="SY")
    assert hits and hits[0][0].geonameid == 173361
    assert 0.75 <= hits[0][1] < 1.0


# -- dump import -------------------------------------------------------------------------------


def _dump_row(gid: int, name: str, alts: str, lat: float, lon: float, fcl: str, fcode: str, a1: str, pop: int) -> str:
    fields = [str(gid), name, name, alts, str(lat), str(lon), fcl, fcode, "SY", "", a1, "", "", "", str(pop),
              "", "250", "Asia/Damascus", "2024-01-01"]  # fmt: skip
    assert len(fields) == 19
    return "\t".join(fields)


@pytest.fixture()
def small_index(index_path: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(index_path, copy)
    yield copy


def test_import_geonames_dump_adds_places(small_index: Path, tmp_path: Path) -> None:
    rows = [
        _dump_row(99000001, "Khirbet Frontlinetest", "Khirbat Frontlinetest,خربة", 35.1, 40.3, "P", "PPL", "07", 120),
        _dump_row(99000002, "Jabal Frontlinetest", "", 35.2, 40.2, "T", "MT", "07", 0),
        _dump_row(173480, "Al Mayadin", "Mayadin,Meyadin", 35.02, 40.45, "P", "PPLA2", "07", 60000),
    ]
    dump = tmp_path / "SY.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("SY.txt", "\n".join(rows) + "\n")
        zf.writestr("readme.txt", "not a table")
    assert import_geonames(dump, small_index, progress=False) == 3
    gaz = open_gazetteer(small_index, build=False)
    khirbet = gaz.lookup("Khirbat Frontlinetest")
    assert [p.geonameid for p in khirbet] == [99000001]
    assert khirbet[0].admin1 == "Deir ez-Zor"
    mountain = gaz.lookup("Jabal Frontlinetest")[0]
    assert (mountain.feature_class, mountain.feature_code) == ("T", "MT")
    mayadin = gaz.by_geonameid(173480)
    assert mayadin is not None and mayadin.feature_code == "PPLA2" and mayadin.population == 60000
    assert gaz.meta("dumps") == "SY.zip"


def test_import_rejects_a_file_that_is_not_a_dump(small_index: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("id,name\n1,Somewhere\n", encoding="utf-8")
    with pytest.raises(DataError, match="not a GeoNames row"):
        import_geonames(bad, small_index, progress=False)
    with pytest.raises(DataError, match="no GeoNames dump"):
        import_geonames(tmp_path / "missing.zip", small_index, progress=False)


def test_missing_index_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="frontline gazetteer build"):
        open_gazetteer(tmp_path / "none.sqlite", build=False)


# -- supplements ---------------------------------------------------------------------------------

GOOD = """
theatre: test
country: SY
places:
  - id: test-dam
    name: Test Dam
    feature_code: DAM
    latitude: 35.9
    longitude: 38.6
    aliases: [Dam of Testing]
"""


def test_supplement_parses() -> None:
    sup = parse_supplement(GOOD, "good.yaml")
    assert sup.places[0].gazetteer_id == "test:test-dam"
    assert sup.places[0].feature_class == "S"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("DAM", "CASTLE"), "feature_code"),
        (GOOD.replace("latitude: 35.9", "latitude: 135.9"), "latitude"),
        (GOOD.replace("    latitude: 35.9\n", ""), "latitude"),
        (GOOD + "  - id: test-dam\n    name: Again\n    feature_code: DAM\n    latitude: 1\n    longitude: 1\n", "twice"),
        (GOOD.replace("country: SY\n", ""), "no country"),
        ("theatre: [unclosed", "not valid YAML"),
    ],
)
def test_bad_supplement_is_a_data_error(text: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_supplement(text, "bad.yaml")


def test_index_records_the_data_it_was_built_from(gaz: Gazetteer) -> None:
    assert gaz.meta("digest") == sources_digest()
    assert not gaz.stale
    assert gaz.meta("theatres") == "syria-ucdp,syria,ukraine,world"
    assert int(gaz.stats()["places"]) > 234_908  # cities500 plus admin units, countries, features


# -- CLI ---------------------------------------------------------------------------------------


def test_cli_search_prints_the_place(index_path: Path) -> None:
    from frontline.cli.gazetteer import gazetteer

    runner = CliRunner()
    result = runner.invoke(gazetteer, ["search", "Mayadeen", "--index", str(index_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"geonames:173480"' in result.output
    result = runner.invoke(gazetteer, ["search", "Qwxzvbn", "--index", str(index_path)])
    assert result.exit_code != 0


def test_prefer_ranks_a_country_first_without_dropping_others(gaz: Gazetteer) -> None:
    anywhere = gaz.lookup("Ariha")
    preferred = gaz.lookup("Ariha", prefer="SY")
    assert preferred[0].country == "SY"
    assert {p.gazetteer_id for p in anywhere} == {p.gazetteer_id for p in preferred}


def test_feature_words_fall_back_to_the_feature(gaz: Gazetteer) -> None:
    # Not written this way in the supplement: the name is looked up and only air bases kept.
    assert gaz.lookup("Kweires military airport")[0].gazetteer_id == "syria:kuweires-airbase"
    assert gaz.lookup("Mayadin airbase") == []


def test_cli_import_reports_rows(small_index: Path, tmp_path: Path) -> None:
    from frontline.cli.gazetteer import gazetteer

    dump = tmp_path / "extra.txt"
    dump.write_text(_dump_row(99000003, "Tell Frontlinetest", "", 36.0, 39.0, "P", "PPL", "04", 900) + "\n", encoding="utf-8")
    result = CliRunner().invoke(gazetteer, ["import", str(dump), "--index", str(small_index)])
    assert result.exit_code == 0, result.output
    assert "imported 1 rows" in result.output
    found = CliRunner().invoke(gazetteer, ["search", "Tal Frontlinetest", "--index", str(small_index)])
    assert "geonames:99000003" in found.output and "Ar-Raqqah" in found.output


def test_unwritable_cache_dir_is_a_config_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ConfigError, match="writable"):
        open_gazetteer(blocker / "sub" / "gazetteer.sqlite")


def test_levantine_word_forms_share_keys() -> None:
    assert normalize_name("Tell Abyad") == normalize_name("Tal Abyad") == normalize_name("Tel Abyad")
    assert normalize_name("Jebel al-Zawiya") == normalize_name("Jabal Zawiya")
    assert normalize_name("Kfar Nabl") == normalize_name("Kafr Nabl")
    assert normalize_name("Sheikh Maqsoud") == normalize_name("Shaykh Maqsud")


def test_gazetteer_pickles_as_a_reference_to_its_file(gaz: Gazetteer) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.path == gaz.path
    assert copy.lookup("Mayadin")[0].geonameid == 173480


def test_syria_supplement_points_lie_in_syria() -> None:
    from frontline.gazetteer.sources import shipped_supplement

    south, west, north, east = BBOX["SY"]
    sup = shipped_supplement("syria.yaml")
    assert len(sup.places) > 100
    for place in sup.places:
        # Crossings sit on the border line; a little slack keeps them in.
        assert south - 0.05 <= place.latitude <= north + 0.05, place
        assert west - 0.05 <= place.longitude <= east + 0.05, place


def test_geonames_aliases_name_existing_places(gaz: Gazetteer) -> None:
    assert gaz.lookup("Serekaniye")[0].geonameid == 165509
    assert gaz.lookup("Kobane")[0].geonameid == 172256


def test_aliases_for_unknown_places_are_a_data_error() -> None:
    from frontline.gazetteer.index import _add_aliases, _Row

    town = _Row(pid=5, name="Town", lat=35.0, lon=38.0, fclass="P", fcode="PPL", country="SY", admin1="07",
                admin2=None, population=10, names=["Town"])  # fmt: skip
    ok = parse_supplement(GOOD + 'geonames_aliases:\n  "5": [Townville]\n', "ok.yaml")
    _add_aliases([town], [ok])
    assert town.names == ["Town", "Townville"] and town.n_main == 2
    bad = parse_supplement(GOOD + 'geonames_aliases:\n  "6": [Nowhere]\n', "bad.yaml")
    with pytest.raises(DataError, match="geonames_aliases names 6"):
        _add_aliases([town], [bad])


def test_type_words_choose_between_namesakes(gaz: Gazetteer) -> None:
    assert gaz.lookup("Manbij")[0].feature_code == "PPL"
    assert gaz.lookup("Manbij District")[0].feature_code == "ADM2"
    assert gaz.lookup("the city of Homs")[0].geonameid == 169577
    assert gaz.lookup("Homs Governorate")[0].geonameid == 169575


def test_admin1_point_is_the_middle_of_its_towns_box() -> None:
    from frontline.gazetteer.index import _box_middle

    # A coastal cluster pulls a centroid east; the box middle stays mid-area.
    towns = [(40.0, -80.0), (40.0, -72.0), (40.0, -72.1), (40.0, -72.2), (44.0, -72.0)]
    assert _box_middle(towns, trim=0.0) == (42.0, -76.0)
    # Across the antimeridian the narrower box is taken.
    assert _box_middle([(60.0, 179.0), (62.0, -179.0), (61.0, -178.0)], trim=0.0) == (61.0, -179.5)


def test_demonyms_oceans_and_world_regions(gaz: Gazetteer) -> None:
    assert gaz.demonym("Peruvian").name == "Peru"  # type: ignore[union-attr]
    assert gaz.demonym("Slovaks").country == "SK"  # type: ignore[union-attr]
    assert gaz.demonym("Korean").country == "KR"  # type: ignore[union-attr]
    ocean = gaz.lookup("Atlantic Ocean")[0]
    assert (ocean.feature_code, ocean.country) == ("OCN", "")
    assert gaz.lookup("EU")[0].name == "European Union"
    assert gaz.country("Holy See").country == "VA"  # type: ignore[union-attr]


def test_counties_sit_among_their_towns(gaz: Gazetteer) -> None:
    # Orange County, California is placed by its towns (Anaheim, Irvine, Santa Ana), not at the
    # middle of California; Henry County, Tennessee holds Paris, Tennessee.
    counties = [p for p in gaz.lookup("Orange County", country="US") if p.admin1_code == "US.CA"]
    assert counties and abs(counties[0].latitude - 33.7) < 0.3 and abs(counties[0].longitude + 117.8) < 0.3
    henry = [p for p in gaz.lookup("Henry County", country="US") if p.admin1_code == "US.TN"]
    paris = [p for p in gaz.lookup("Paris", country="US") if p.admin1_code == "US.TN"]
    assert henry and paris
    assert abs(henry[0].latitude - paris[0].latitude) < 0.3 and abs(henry[0].longitude - paris[0].longitude) < 0.3


def test_a_state_is_not_the_seat_of_a_town_named_after_it(gaz: Gazetteer) -> None:
    kansas_city = [p for p in gaz.lookup("Kansas City", country="US") if p.admin1_code == "US.KS"]
    assert kansas_city and kansas_city[0].feature_code != "PPLA"


def test_peoples_and_faiths_that_no_place_stands_for_are_not_demonyms(gaz: Gazetteer) -> None:
    from frontline.geo.resolve import demonym_places

    for word in ("Kurdish", "Kurds", "Christian", "Arab", "Turkmen"):
        assert demonym_places(word, gaz) == [], word
    assert [p.name for p in demonym_places("Syrian", gaz)] == ["Syria"]
