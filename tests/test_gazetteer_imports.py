"""Gazetteer imports (UCDP, ACLED, plain CSV, GeoNames alternateNames), name variants and provenance."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from frontline.errors import DataError
from frontline.gazetteer.imports import (
    ImportedPlace,
    clean_name,
    detect_kind,
    draft_supplement,
    holdout,
    read_acled,
    read_plain_csv,
    read_ucdp,
    supplement_yaml,
)
from frontline.gazetteer.normalize import normalize_name, skeleton_key
from frontline.gazetteer.variants import NamedPoint, evaluate_variants

UCDP_HEADER = "id,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,country,source_headline\n"
UCDP = UCDP_HEADER + (
    "1,1.0,Kafr Frontlinetest town,Idlib Governorate,Maarat al-Numaan district,35.6139,36.5611,Syria,x\n"
    "2,1.0,Kafr Frontlinetest town,Idlib Governorate,Maarat al-Numaan district,35.6141,36.5613,Syria,x\n"
    "3,2.0,Idlib countryside village,Idlib Governorate,,35.9,36.6,Syria,x\n"
    "4,1.0,Tadmur/Palmyra town,Homs Governorate,Tadmur district,34.5600,38.2800,Syria,x\n"
    "5,1.0,Saydnaya Prison,Rif Dimashq Governorate,,33.69,36.37,Syria,x\n"
    "6,1.0,Tabqa Airbase,Ar Raqqa Governorate,,35.7546,38.5670,Syria,x\n"
)
ACLED = (
    "event_id_cnty,iso,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision\n"
    "UKR1,804,Ukraine,Donetsk,Bakhmutskyi,Soledarska,Yakovlivka village,48.7050,38.1040,1\n"
    "UKR2,804,Ukraine,Donetsk,Bakhmutskyi,,Bakhmut,48.5950,38.0000,2\n"
)


def test_type_words_become_feature_codes_and_facilities_are_left_out() -> None:
    assert clean_name("Kafr Nabl town") == ("Kafr Nabl", "PPL", ())
    assert clean_name("Tadmur/Palmyra town") == ("Tadmur", "PPL", ("Palmyra",))
    assert clean_name("Tabqa Airbase") == ("Tabqa", "AIRB", ())
    assert clean_name("Bab al Khayr village II") == ("Bab al Khayr", "PPL", ())
    assert clean_name("128th Brigade") == ("128th Brigade", "MILB", ())
    assert clean_name("Saydnaya Prison") is None


def test_ucdp_rows_placed_at_the_place_become_one_place_each(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    path.write_text(UCDP, encoding="utf-8")
    places = {p.name: p for p in read_ucdp(path)}
    assert set(places) == {"Kafr Frontlinetest", "Tadmur", "Tabqa"}  # where_prec 2 and the prison left out
    kafr = places["Kafr Frontlinetest"]
    assert kafr.events == 2 and kafr.country == "SY" and kafr.admin1 == "Idlib" and kafr.source == "ucdp:ged.csv"
    assert places["Tadmur"].aliases == ("Palmyra",) and places["Tabqa"].feature_code == "AIRB"
    assert detect_kind(path) == "ucdp"


def test_acled_export_keeps_precision_one_rows(tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(ACLED, encoding="utf-8")
    places = read_acled(path)
    assert [(p.name, p.country, p.admin1, p.source) for p in places] == [("Yakovlivka", "UA", "Donetsk", "acled:acled.csv")]
    assert detect_kind(path) == "acled"


def test_plain_csv_reads_names_and_rejects_bad_points(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name,latitude,longitude,country,admin1\nHajj Aqab village,35.1,36.4,SY,Hama\n", encoding="utf-8")
    [place] = read_plain_csv(path)
    assert (place.name, place.country, place.admin1, place.source) == ("Hajj Aqab", "SY", "Hama", "csv:mine.csv")
    path.write_text("name,latitude,longitude\nNowhere,95,36\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        read_plain_csv(path)


def test_draft_keeps_known_places_out_and_turns_near_spellings_into_aliases() -> None:
    geonames = [(1, "Qudsaya", ["Qudsayya"], 33.55, 36.22), (2, "Kafr Nabl", [], 35.61, 36.56)]
    places = [
        ImportedPlace("Kafr Nabl", 35.6139, 36.5611, "SY"),  # known: same key, 1 km
        ImportedPlace("Qodsaya", 33.551, 36.221, "SY"),  # a spelling of Qudsaya
        ImportedPlace("Samlin", 33.04, 36.10, "SY"),  # new
    ]
    draft = draft_supplement(places, geonames)
    assert draft.known == 1 and draft.geonames_aliases == ((1, ("Qodsaya",)),)
    assert [p.name for p in draft.places] == ["Samlin"]
    text = supplement_yaml(draft, theatre="t", country="SY", source="ucdp:x.csv", citation="UCDP GED 19.1", command="c")
    from frontline.gazetteer.sources import parse_supplement

    sup = parse_supplement(text, "draft")
    assert sup.source == "ucdp:x.csv" and [p.name for p in sup.places] == ["Samlin"]


def test_shipped_ucdp_supplement_cites_ucdp_and_knows_the_villages() -> None:
    from frontline.gazetteer.sources import shipped_supplement

    sup = shipped_supplement("syria-ucdp.yaml")
    names = {p.name for p in sup.places}
    assert {"Yalda", "Samlin", "Kafr Basin", "Adra"} <= names
    assert sup.source.startswith("ucdp:")
    from importlib import resources

    text = resources.files("frontline.gazetteer").joinpath("data/supplements/syria-ucdp.yaml").read_text(encoding="utf-8")
    assert "UCDP Georeferenced Event Dataset (GED) Global version 19.1" in text


def test_variant_keys_join_spellings_of_one_place_but_not_adra_and_daraa() -> None:
    for a, b in [("Qodsayya", "Qudsaya"), ("Ein Elfijeh", "'Ayn al Fijah"), ("Deir ez-Zor", "Dayr az Zawr"),
                 ("Tal Abyad", "Tell Abiad"), ("Salamiyah", "Salamieh"), ("Djibouti", "Jibouti"), ("Qamishli", "Kamishli")]:
        assert skeleton_key(a) == skeleton_key(b), (a, b)
    assert skeleton_key("Adra") != skeleton_key("Dar'a")
    assert skeleton_key("Idlib") != skeleton_key("Adlib")  # vowels fold into classes, never vanish
    assert skeleton_key("Tal") == ""  # too short to match by skeleton


def test_variant_report_counts_recall_and_false_merges() -> None:
    points = [
        NamedPoint("Qodsayya", 33.55, 36.22, "ucdp"), NamedPoint("Qudsaya", 33.551, 36.221, "geonames"),
        NamedPoint("Barqa", 33.0, 36.0, "ucdp"), NamedPoint("Barqah", 36.0, 40.0, "geonames"),
    ]
    exact = evaluate_variants(points, normalize_name)
    folded = evaluate_variants(points, skeleton_key)
    assert exact.same_place_pairs == folded.same_place_pairs == 1
    assert (exact.recall, folded.recall) == (0.0, 1.0)
    assert folded.false_merges == 1 and folded.merged_pairs == 2  # Barqa/Barqah: two villages 500 km apart


def test_holdout_is_stable_and_by_name() -> None:
    assert holdout("Kafr Nabl") == holdout("Kafr Nabl town".replace(" town", "")) == holdout("Kafr-Nabl")
    share = sum(holdout(f"village {i}") for i in range(2000)) / 2000
    assert 0.15 < share < 0.25


@pytest.fixture()
def index(tmp_path: Path) -> Path:
    """Return a copy of the cached index (built once if missing), free to extend."""
    import shutil

    from frontline.gazetteer import open_gazetteer

    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(open_gazetteer().path, copy)
    return copy


def test_imports_keep_provenance_and_skip_known_places(index: Path, tmp_path: Path) -> None:
    from frontline.gazetteer.index import import_places
    from frontline.gazetteer.store import Gazetteer, forget

    path = tmp_path / "ged.csv"
    path.write_text(UCDP, encoding="utf-8")
    places = read_ucdp(path) + [ImportedPlace("Damascus", 33.51, 36.29, "SY", source="csv:x.csv")]
    added, known = import_places(places, index)
    assert known >= 2 and added >= 1  # Damascus and Tadmur/Palmyra are GeoNames places
    forget(index)
    gaz = Gazetteer(index)
    [kafr] = gaz.lookup("Kafr Frontlinetest", country="SY", limit=1)
    assert gaz.provenance(kafr.gazetteer_id) == "ucdp:ged.csv" and kafr.gazetteer_id.startswith("ucdp:")
    damascus = gaz.lookup("Damascus", country="SY", limit=1)[0]
    assert gaz.provenance(damascus.gazetteer_id) == "geonames:cities500"
    assert gaz.provenance("syria:euphrates") == "supplement:syria"


def test_lookup_falls_back_to_the_variant_key_and_prefers_names_as_written(index: Path) -> None:
    from frontline.gazetteer.store import Gazetteer

    gaz = Gazetteer(index)
    assert gaz.lookup("Qodsayya", country="SY", limit=1)[0].name.startswith("Qadsayy")  # via the skeleton
    # "Adraa" is an old name of Dar'a: a town written "Adra" comes first.
    assert gaz.lookup("Adra", limit=1)[0].name == "Adra"


ALT_NAMES = "1\t170905\t\tAdraa Historic\t\t\t\t1\n2\t170905\ten\tDera'a Frontlinetest\t\t\t\t\n3\t170905\tlink\thttps://x\t\t\t\t\n"
DUMP_ROW = "\t".join(
    ["999001", "Hantutin Frontlinetest", "Hantutin Frontlinetest", "Hantoutine Frontlinetest", "36.3", "36.9", "P", "PPL", "SY", "", "09", "", "", "",
     "0", "", "300", "Asia/Damascus", "2020-01-01"]
) + "\n"


def test_geonames_country_zip_and_alternate_names_import(index: Path, tmp_path: Path) -> None:
    from frontline.gazetteer.index import import_alternate_names, import_geonames
    from frontline.gazetteer.store import Gazetteer, forget

    dump = tmp_path / "SY.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("SY.txt", DUMP_ROW)
        zf.writestr("readme.txt", "not rows")
    assert import_geonames(dump, index, progress=False) == 1
    alt = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alt, "w") as zf:
        zf.writestr("alternateNamesV2.txt", ALT_NAMES)
        zf.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\n")
    assert import_alternate_names(alt, index, progress=False) == 1  # historic name and link left out
    forget(index)
    gaz = Gazetteer(index)
    assert gaz.lookup("Hantoutine Frontlinetest", limit=1)[0].geonameid == 999001
    assert gaz.provenance("geonames:999001") == "geonames-dump:SY.zip"
    assert any(p.geonameid == 170905 for p in gaz.lookup("Dera'a Frontlinetest"))
    with sqlite3.connect(index) as con:
        assert "alternateNamesV2.zip" in con.execute("SELECT v FROM meta WHERE k='dumps'").fetchone()[0]
