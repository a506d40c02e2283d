"""Recognition, resolution, relative places and event location, on hand-built gazetteers and sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from frontline.geo.distance import haversine_km
from frontline.geo.recognize import gazetteer_mentions, recognize
from frontline.geo.relative import relative_location
from frontline.geo.resolve import resolve
from frontline.geo.types import Mention, Toponym
from frontline.model import Place


def _p(gid: int, name: str, lat: float, lon: float, code: str = "PPL", cc: str = "SY", a1: str | None = "07",
       pop: int = 0) -> Place:  # fmt: skip
    fclass = "A" if code.startswith(("ADM", "PCL")) else "H" if code == "STM" else "P"
    return Place(f"geonames:{gid}", name, lat, lon, fclass, code, cc, None, None,
                 f"{cc}.{a1}" if a1 else None, gid, pop)  # fmt: skip


MAYADIN = _p(173480, "Al Mayadin", 35.01982, 40.45154, pop=44_000)
DEIR_CITY = _p(170794, "Deir ez-Zor", 35.33588, 40.14084, "PPLA", pop=242_000)
DEIR_PROV = _p(170792, "Deir ez-Zor", 35.0, 40.5, "ADM1")
HOMS_PROV = _p(169575, "Homs", 34.5, 38.0, "ADM1", a1="11")
HOMS_CITY = _p(169577, "Homs", 34.72682, 36.72339, "PPLA", a1="11", pop=775_000)
SYRIA = _p(163843, "Syria", 35.0, 38.0, "PCLI", a1=None, pop=22_000_000)
IRAQ = _p(99237, "Iraq", 33.0, 44.0, "PCLI", "IQ", None, 29_000_000)
EUPHRATES = _p(-1, "Euphrates", 35.2, 40.3, "STM", a1=None)
# A second Mayadin far away, bigger, to be beaten by document context.
FAR_MAYADIN = _p(999001, "Mayadin", 31.0, 72.0, "PPL", "PK", "04", pop=90_000)
ALEXANDRIA_LA = _p(4314550, "Alexandria", 31.3113, -92.4451, "PPLA2", "US", "LA", 47_000)
ALEXANDRIA_VA = _p(4744091, "Alexandria", 38.80484, -77.04692, "PPL", "US", "VA", 150_000)
ALEXANDRIA_EG = _p(361058, "Alexandria", 31.20176, 29.91582, "PPLA", "EG", "06", 3_800_000)
LOUISIANA = _p(4331987, "Louisiana", 31.00047, -92.0004, "ADM1", "US", "LA", 4_500_000)


def _key(name: str) -> str:
    name = re.sub(r"\b(?:al|ez|el)[- ]", "", name.lower())
    name = re.sub(r"\s+(province|governorate|city)$", "", name)
    return re.sub(r"[^a-z]+", " ", name).strip()


class FakeGazetteer:
    """A dictionary gazetteer with the methods the geoparser calls."""

    def __init__(self, entries: Sequence[tuple[str, Place]], demonyms: dict[str, Place] | None = None) -> None:
        self.names: dict[str, list[Place]] = {}
        for name, place in entries:
            self.names.setdefault(_key(name), []).append(place)
        self.demonyms = demonyms or {}

    def lookup(self, name: str, *, country: str | None = None, limit: int = 25) -> list[Place]:
        places = self.names.get(_key(name), [])
        return [p for p in places if country is None or p.country == country][:limit]

    def is_name(self, name: str) -> bool:
        return _key(name) in self.names

    def fuzzy(self, name: str, *, country: str | None = None, limit: int = 10) -> list[tuple[Place, float]]:
        return []

    def demonym(self, word: str) -> Place | None:
        return self.demonyms.get(word.lower())

    def country(self, iso2_or_name: str) -> Place | None:
        return next((p for ps in self.names.values() for p in ps if p.feature_code == "PCLI" and p.country == iso2_or_name), None)

    def admin1(self, country: str, code_or_name: str) -> Place | None:
        found = [p for p in self.lookup(code_or_name, country=country) if p.feature_code == "ADM1"]
        return found[0] if found else None


SYRIA_GAZ = FakeGazetteer(
    [
        ("Mayadin", MAYADIN), ("Mayadin", FAR_MAYADIN), ("Deir ez-Zor", DEIR_CITY), ("Deir ez-Zor", DEIR_PROV),
        ("Homs", HOMS_CITY), ("Homs", HOMS_PROV), ("Syria", SYRIA), ("Iraq", IRAQ), ("Euphrates", EUPHRATES),
        ("Alexandria", ALEXANDRIA_LA), ("Alexandria", ALEXANDRIA_VA), ("Alexandria", ALEXANDRIA_EG),
        ("Louisiana", LOUISIANA), ("March", _p(5, "March", 52.55, 0.09, "PPL", "GB", "ENG", 20_000)),
        ("Henry", _p(6, "Henry", 41.11, -89.35, "PPL", "US", "IL", 2_000)),
        ("Springfield", _p(7, "Springfield", 39.80, -89.64, "PPLA", "US", "IL", 116_000)),
        ("Springfield", _p(8, "Springfield", 37.22, -93.30, "PPL", "US", "MO", 167_000)),
        ("Illinois", _p(9, "Illinois", 40.0, -89.0, "ADM1", "US", "IL", 12_800_000)),
        ("Latvia", _p(10, "Latvia", 57.0, 25.0, "PCLI", "LV", None, 1_900_000)),
        ("Texas", _p(11, "Texas", 31.25, -99.25, "ADM1", "US", "TX", 29_000_000)),
    ],  # fmt: skip
    demonyms={"syrian": SYRIA},
)


def _names(mentions: Sequence[Mention]) -> list[str]:
    return [m.text for m in mentions]


def test_gazetteer_mentions_take_the_longest_name_and_type_words() -> None:
    text = "Pro-Assad forces entered Deir ez-Zor Province in March, then moved on Mayadin near Iraq."
    mentions = gazetteer_mentions(text, SYRIA_GAZ)
    assert _names(mentions) == ["Deir ez-Zor Province", "Mayadin", "Iraq"]
    assert mentions[0].hint == "admin"


def test_common_words_and_titled_names_are_not_places() -> None:
    text = "March was quiet. Mr. Henry said Homs was calm."
    assert _names(gazetteer_mentions(text, SYRIA_GAZ)) == ["Homs"]


def test_city_suffix_and_city_of_prefix_give_a_city_hint() -> None:
    text = "It broke the siege of Deir ez-Zor city and closed on the city of Mayadin."
    mentions = gazetteer_mentions(text, SYRIA_GAZ)
    hints = {m.text: m.hint for m in recognize(text, SYRIA_GAZ)}
    assert _names(mentions)[:2] == ["Deir ez-Zor", "Mayadin"]
    assert hints == {"Deir ez-Zor": "city", "Mayadin": "city"}


def _resolve(text: str, gaz: FakeGazetteer = SYRIA_GAZ, **kw: str) -> list[Toponym]:
    return resolve(recognize(text, gaz), gaz, text=text, **kw)


def test_document_context_beats_population() -> None:
    text = "Fighting in Deir ez-Zor Province: the army closed on Mayadin, south of Deir ez-Zor city, near Iraq."
    got = {t.text: t for t in _resolve(text)}
    assert got["Mayadin"].place == MAYADIN  # not the bigger Mayadin in Pakistan
    assert got["Deir ez-Zor Province"].place == DEIR_PROV
    assert got["Deir ez-Zor"].place == DEIR_CITY
    assert "admin hint SY.07" in got["Mayadin"].reason
    assert 0.0 < got["Mayadin"].score <= 1.0


def test_bare_name_without_context_goes_to_the_prominent_place() -> None:
    (t,) = _resolve("Protests spread to Alexandria.")
    assert t.place == ALEXANDRIA_EG


def test_comma_admin_pattern_picks_the_place_inside_the_state() -> None:
    got = _resolve("A woman from Alexandria, Louisiana was charged.")
    assert got[0].place == ALEXANDRIA_LA and "in Louisiana" in got[0].reason


def test_country_hint_steers_ambiguous_names() -> None:
    (t,) = _resolve("Clashes in Mayadin.", country_hint="SY")
    assert t.place == MAYADIN
    (far,) = _resolve("Clashes in Mayadin.", country_hint="PK")
    assert far.place == FAR_MAYADIN


def test_unknown_names_stay_unresolved() -> None:
    mention = Mention(0, 9, "Atlantis", "Atlantis", "ner")
    (t,) = resolve([mention], SYRIA_GAZ)
    assert t.place is None and t.reason == "no gazetteer entry"


def _top(text: str, mention: str, place: Place, start: int | None = None) -> Toponym:
    s = text.index(mention) if start is None else start
    return Toponym(s, s + len(mention), mention, place, 0.9, "test", "gazetteer")


def test_distance_and_direction_shift_the_point() -> None:
    text = "Shelling hit a village 10 km west of Mayadin."
    (loc,) = relative_location(text, [_top(text, "Mayadin", MAYADIN)])
    assert loc.relation == "10 km west of" and loc.distance_km == 10.0 and loc.geo_precision == 2
    assert loc.longitude < MAYADIN.longitude
    assert haversine_km(loc.latitude, loc.longitude, MAYADIN.latitude, MAYADIN.longitude) == pytest.approx(10, abs=0.1)


def test_miles_in_parentheses_and_anaphoric_city() -> None:
    doc = "Troops closed on the city of Mayadin. The advance is within 10 km (6.2 miles) of the city."
    sentence_start = doc.index("The advance")
    (loc,) = relative_location(doc[sentence_start:], [_top(doc, "Mayadin", MAYADIN)], sentence_start)
    assert loc.place == MAYADIN and loc.relation == "within 10 km of"
    assert loc.precision_km == 10.0 and loc.geo_precision == 2


def test_edge_of_a_town_is_precise_and_shifted() -> None:
    text = "They entered a castle on the western edge of Mayadin."
    (loc,) = relative_location(text, [_top(text, "Mayadin", MAYADIN)])
    assert loc.relation == "western edge of" and loc.geo_precision == 1
    assert loc.longitude < MAYADIN.longitude


def test_between_two_places_is_their_midpoint() -> None:
    text = "The offensive between Deir ez-Zor and Mayadin, 45 km (28 miles) to the south, along the Euphrates River."
    toponyms = [
        _top(text, "Deir ez-Zor", DEIR_CITY),
        _top(text, "Mayadin", MAYADIN),
        _top(text, "Euphrates River", EUPHRATES),
    ]
    between, offset, river = relative_location(text, toponyms)
    assert between.relation == "between Deir ez-Zor and Mayadin" and between.geo_precision == 2
    assert offset.place == MAYADIN and offset.relation == "45 km to the south" and offset.distance_km == 45.0
    assert min(DEIR_CITY.latitude, MAYADIN.latitude) < between.latitude < max(DEIR_CITY.latitude, MAYADIN.latitude)
    assert river.place == EUPHRATES and river.relation == "along"


def test_appositive_offset_keeps_the_place() -> None:
    text = "They advanced on Mayadin, 45 km (28 miles) to the south."
    (loc,) = relative_location(text, [_top(text, "Mayadin", MAYADIN)])
    assert loc.relation == "45 km to the south" and loc.distance_km == 45.0
    assert (loc.latitude, loc.longitude) == (MAYADIN.latitude, MAYADIN.longitude)


def test_directional_province_and_river_bank() -> None:
    text = "ISIS drove back into eastern Homs Province and crossed to the east bank of the Euphrates."
    toponyms = [_top(text, "Homs Province", HOMS_PROV), _top(text, "Euphrates", EUPHRATES)]
    province, bank = relative_location(text, toponyms)
    assert province.relation == "eastern" and province.geo_precision == 3
    assert bank.relation == "east bank of" and bank.geo_precision == 2


def test_plain_toponyms_get_precision_by_feature() -> None:
    text = "Mayadin, Syria."
    town, country = relative_location(text, [_top(text, "Mayadin", MAYADIN), _top(text, "Syria", SYRIA)])
    assert (town.geo_precision, town.relation) == (1, None)
    assert country.geo_precision == 3


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from frontline.nlp.pipeline import load_nlp

    return load_nlp()


def test_event_location_prefers_the_locative_place_over_the_actor_country(nlp) -> None:  # type: ignore[no-untyped-def]
    from frontline.geo.event_location import event_location

    text = "Syrian troops shelled rebel positions in Mayadin on Friday, officials in Iraq said."
    doc = nlp(text)
    toponyms = [_top(text, "Mayadin", MAYADIN), _top(text, "Iraq", IRAQ)]
    trigger = next(t for t in doc if t.text == "shelled")
    chosen = event_location(doc[:], trigger, toponyms)
    assert chosen is not None and chosen.text == "Mayadin"


def test_event_location_skips_origin_and_handles_no_place(nlp) -> None:  # type: ignore[no-untyped-def]
    from frontline.geo.event_location import event_location

    text = "Fighters who came from Iraq attacked a checkpoint near Homs."
    doc = nlp(text)
    toponyms = [_top(text, "Iraq", IRAQ), _top(text, "Homs", HOMS_CITY)]
    trigger = next(t for t in doc if t.text == "attacked")
    chosen = event_location(doc[:], trigger, toponyms)
    assert chosen is not None and chosen.text == "Homs"
    assert event_location(doc[:], trigger, []) is None


def test_state_abbreviation_after_a_comma_resolves_the_town_inside_it() -> None:
    text = "A man from Springfield, Ill. was charged."
    got = _resolve(text)
    assert [t.text for t in got] == ["Springfield", "Ill."]
    assert got[1].place is not None and got[1].place.name == "Illinois"
    assert got[0].place is not None and got[0].place.admin1_code == "US.IL"
    # Alone, "Ill." is a word, not a state.
    assert [t.text for t in _resolve("He felt ill. Then Springfield called.")] == ["Springfield"]


def test_demonyms_find_their_country_through_word_endings() -> None:
    from frontline.geo.resolve import demonym_places

    assert demonym_places("Syrian", SYRIA_GAZ) == [SYRIA]
    assert demonym_places("Latvian", SYRIA_GAZ)[0].name == "Latvia"
    assert demonym_places("Kurdish", SYRIA_GAZ) == []


def test_bare_name_of_a_province_and_its_capital_means_the_city() -> None:
    got = {t.text: t.place for t in _resolve("Shelling in Homs. Later, fighting across Homs Province.")}
    assert got["Homs"] == HOMS_CITY
    assert got["Homs Province"] == HOMS_PROV


def test_recognition_with_a_parse_keeps_mislabelled_towns_and_drops_people(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Troops closed on the city of Mayadin. Mr. Henry spoke to the Texas Forest Service about March."
    doc = nlp(text)
    names = [m.text for m in recognize(text, SYRIA_GAZ, doc)]
    assert "Mayadin" in names and "Texas" in names
    assert "Henry" not in names and "March" not in names


def test_demonyms_are_places_only_on_request(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Syrian troops entered Mayadin."
    doc = nlp(text)
    assert [m.text for m in recognize(text, SYRIA_GAZ, doc)] == ["Mayadin"]
    with_demonyms = recognize(text, SYRIA_GAZ, doc, demonyms=True)
    assert [(m.text, m.kind) for m in with_demonyms] == [("Syrian", "demonym"), ("Mayadin", "gazetteer")]


@pytest.mark.slow
def test_seed_report_places() -> None:
    """Run the real gazetteer and parser over the seed report (builds the gazetteer index if missing)."""
    from frontline import settings
    from frontline.geo import geoparse
    from frontline.geo.parse import shared_nlp

    text = (settings.get_path("shared") / "seed" / "syria-daily-2017-10-07.txt").read_text(encoding="utf-8")
    doc = shared_nlp()(text)
    toponyms = geoparse(doc)
    by_text: dict[str, set[int | None]] = {}
    for t in toponyms:
        by_text.setdefault(t.text, set()).add(t.place.geonameid if t.place else None)
    assert by_text["Mayadin"] == {173480}
    assert by_text["Qaryatayn"] == {173361}
    assert by_text["Deir ez-Zor Province"] == {170792}
    assert by_text["Homs Province"] == {169575}
    assert 170794 in by_text["Deir ez-Zor"]
    assert {t.place.feature_code for t in toponyms if t.text.startswith("Euphrates") and t.place} == {"STM"}
    assert "Kurdish" not in by_text and "Russian" not in by_text
    relations = set()
    for sent in doc.sents:
        relations.update(loc.relation for loc in relative_location(sent.text, toponyms, sent.start_char))
    assert {"within 10 km of", "western edge of", "between Deir ez-Zor and Mayadin", "45 km to the south"} <= relations


OMAR_FIELD = _p(-7, "al-Omar Oil Field", 35.02, 40.57, "OILF")
OMER_IL = _p(293982, "'Omer", 31.26, 34.85, "PPL", "IL", "01", 7_000)
COLORADO = _p(5417618, "Colorado", 39.0, -105.5, "ADM1", "US", "CO", 5_000_000)
ATLANTIC_OCEAN = Place("world:atlantic-ocean", "Atlantic Ocean", 10.0, -25.0, "H", "OCN", "", None, None, None, None, 0)
ATLANTIC_US = _p(4847385, "Atlantic", 41.4, -95.0, "PPL", "US", "IA", 7_000)
ENGLAND = _p(6269131, "England", 52.16, -0.70, "ADM1", "GB", "ENG", 53_000_000)
FEATURE_GAZ = FakeGazetteer(
    [("al-Omar oil field", OMAR_FIELD), ("Omar", OMER_IL), ("Colorado", COLORADO), ("Atlantic Ocean", ATLANTIC_OCEAN),
     ("Atlantic", ATLANTIC_OCEAN), ("Atlantic", ATLANTIC_US), ("England", ENGLAND), ("Texas", SYRIA_GAZ.lookup("Texas")[0]),
     ("Springfield", SYRIA_GAZ.lookup("Springfield")[0]), ("Illinois", SYRIA_GAZ.lookup("Illinois")[0])],
)  # fmt: skip


def test_feature_words_join_the_name_when_the_gazetteer_knows_the_whole() -> None:
    text = "SDF fighters took the al-Omar oil field on Sunday."
    mentions = gazetteer_mentions(text, FEATURE_GAZ)
    assert _names(mentions) == ["al-Omar oil field"]
    assert resolve(mentions, FEATURE_GAZ, text=text)[0].place == OMAR_FIELD


def test_ner_organisation_words_and_common_words_are_not_places(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "SDF fighters clashed in Mayadin on Sunday, the Syrian Observatory for Human Rights said."
    names = _names(recognize(text, SYRIA_GAZ, nlp(text)))
    assert "Mayadin" in names
    assert not any("Observatory" in n or n == "Human" for n in names)


def test_gold_span_the_gazetteer_lacks_resolves_through_the_place_it_is_named_after() -> None:
    text = "She studied at Colorado State University before moving."
    start = text.index("Colorado")
    mention = Mention(start, start + len("Colorado State University"), "Colorado State University",
                      "Colorado State University", "gold")  # fmt: skip
    (top,) = resolve([mention], FEATURE_GAZ, text=text)
    assert top.place == COLORADO and "part of the name" in top.reason
    # Outside gold-toponym mode a name the gazetteer lacks stays unresolved.
    (plain,) = resolve([Mention(start, mention.end, mention.text, mention.query, "gazetteer")], FEATURE_GAZ, text=text)
    assert plain.place is None


def test_ocean_without_country_is_not_pulled_away_by_a_country_focus() -> None:
    text = "Springfield, Illinois and Texas officials said the storm formed over the Atlantic."
    mentions = gazetteer_mentions(text, FEATURE_GAZ)
    picked = {t.text: t.place for t in resolve(mentions, FEATURE_GAZ, text=text)}
    assert picked["Atlantic"] == ATLANTIC_OCEAN


def test_region_demonyms_come_from_the_curated_table() -> None:
    from frontline.geo.resolve import demonym_places

    assert demonym_places("English", FEATURE_GAZ) == [ENGLAND]
    assert demonym_places("Welsh", FEATURE_GAZ) == []  # Wales is not in this gazetteer


def test_a_town_after_town_of_is_a_place_whatever_ner_says() -> None:
    from frontline.geo import geoparse_text

    found = geoparse_text("Government troops had taken control of the town of Mayadeen on Saturday.")
    assert [t.place.geonameid for t in found if t.place] == [173480]


def test_a_bare_district_name_means_its_town() -> None:
    from frontline.geo import geoparse_text

    found = geoparse_text("The Syrian army captured Mayadin, east of Deir ez-Zor.")
    assert found[0].place is not None and found[0].place.geonameid == 173480


ORANGE_CA = _p(5379524, "Orange County", 33.70, -117.83, "ADM2", "US", "CA")
ORANGE_NY = _p(5129915, "Orange County", 41.40, -74.31, "ADM2", "US", "NY")
CALIFORNIA = _p(5332921, "California", 37.25, -119.75, "ADM1", "US", "CA", 39_000_000)
NEW_YORK_STATE = _p(5128638, "New York", 43.0, -75.5, "ADM1", "US", "NY", 19_000_000)
ANAHEIM = _p(5323810, "Anaheim", 33.84, -117.91, "PPL", "US", "CA", 350_000)
EUREKA_CA = _p(5563397, "Eureka", 40.80, -124.16, "PPL", "US", "CA", 27_000)
MEXICO = _p(3996063, "Mexico", 23.0, -102.0, "PCLI", "MX", None, 126_000_000)
MEXICO_CITY = _p(3530597, "Mexico City", 19.43, -99.13, "PPLC", "MX", "09", 12_000_000)
MIDDLE_EAST = Place("world:middle-east", "Middle East", 29.0, 41.0, "L", "RGN", "SA", None, None, None, None, 0)
MIDDLE_EAST_MD = _p(4361001, "Middle East", 39.30, -76.59, "PPL", "US", "MD", 1_900)
BALTIMORE = _p(4347778, "Baltimore", 39.29, -76.61, "PPL", "US", "MD", 600_000)
KANSAS = _p(4273857, "Kansas", 38.5, -98.5, "ADM1", "US", "KS", 2_900_000)
KANSAS_CITY = _p(4273837, "Kansas City", 39.11, -94.63, "PPLA", "US", "KS", 150_000)
US_GAZ = FakeGazetteer(
    [("Orange County", ORANGE_CA), ("Orange County", ORANGE_NY), ("California", CALIFORNIA),
     ("New York", NEW_YORK_STATE), ("Anaheim", ANAHEIM), ("Eureka", EUREKA_CA), ("Mexico", MEXICO),
     ("Mexico", MEXICO_CITY), ("Mexico City", MEXICO_CITY), ("Middle East", MIDDLE_EAST),
     ("Middle East", MIDDLE_EAST_MD), ("Baltimore", BALTIMORE), ("Kansas", KANSAS), ("Kansas", KANSAS_CITY)],
)  # fmt: skip


def _gold(text: str, *names: str) -> list[Mention]:
    out = []
    for name in names:
        s = text.index(name)
        out.append(Mention(s, s + len(name), name, name, "gold"))
    return out


def test_a_county_holds_only_the_towns_near_its_middle() -> None:
    # Walker County, Texas holds Huntsville, Texas; Walker County, Alabama lies 150 km from Huntsville, Alabama.
    walker_tx = _p(4739526, "Walker County", 30.74, -95.57, "ADM2", "US", "TX", 76_000)
    walker_al = _p(4096317, "Walker County", 33.80, -87.30, "ADM2", "US", "AL", 64_000)
    huntsville_tx = _p(4699540, "Huntsville", 30.72, -95.55, "PPL", "US", "TX", 41_000)
    huntsville_al = _p(4068590, "Huntsville", 34.73, -86.59, "PPL", "US", "AL", 215_000)
    gaz = FakeGazetteer([("Walker County", walker_tx), ("Walker County", walker_al),
                         ("Huntsville", huntsville_tx), ("Huntsville", huntsville_al)])  # fmt: skip
    text = "The Walker County judge met the Huntsville fire chief."
    picked = {t.text: t.place for t in resolve(_gold(text, "Walker County", "Huntsville"), gaz, text=text)}
    assert picked["Huntsville"] == huntsville_tx and picked["Walker County"] == walker_tx


def test_a_county_near_the_towns_named_wins() -> None:
    # Both counties share a state with Eureka, but only the Californian one lies near Anaheim.
    text = "Orange County officials met in Anaheim; Eureka was not invited."
    picked = {t.text: t.place for t in resolve(_gold(text, "Orange County", "Anaheim", "Eureka"), US_GAZ, text=text)}
    assert picked["Orange County"] == ORANGE_CA


def test_a_given_span_the_gazetteer_lacks_borrows_the_nearest_named_place() -> None:
    text = "Traffic on Royal Street in Anaheim was closed; New York was calm."
    got = resolve(_gold(text, "Royal Street", "Anaheim", "New York"), US_GAZ, text=text)
    street = got[0]
    assert street.place == ANAHEIM and street.score <= 0.1
    assert "no gazetteer entry" in street.reason and "Anaheim" in street.reason
    # Without any resolvable neighbour the span stays unresolved rather than guessed.
    (alone,) = resolve(_gold("Royal Street", "Royal Street"), US_GAZ, text="Royal Street")
    assert alone.place is None


def test_a_city_listed_under_its_countrys_name_yields_to_the_country() -> None:
    # Ecatepec lies by Mexico City, which GeoNames also lists as "Mexico": the country is still meant.
    ecatepec = _p(3529612, "Ecatepec", 19.60, -99.05, "PPL", "MX", "15", 1_600_000)
    gaz = FakeGazetteer([("Mexico", MEXICO), ("Mexico", MEXICO_CITY), ("Ecatepec", ecatepec)])
    text = "Migrants crossed Mexico on their way from Ecatepec."
    got = resolve(_gold(text, "Mexico", "Ecatepec"), gaz, text=text)
    assert got[0].place == MEXICO


def test_a_curated_region_beats_a_hamlet_of_the_same_name_near_other_places() -> None:
    text = "Officials in Baltimore discussed the Middle East."
    picked = {t.text: t.place for t in resolve(_gold(text, "Baltimore", "Middle East"), US_GAZ, text=text)}
    assert picked["Middle East"] == MIDDLE_EAST


def test_a_town_named_x_city_is_not_what_a_bare_x_means() -> None:
    # A state yields to its seat when the seat bears its bare name, not to "X City".
    big_city = _p(4273837, "Kansas City", 39.11, -94.63, "PPLA", "US", "KS", 1_500_000)
    gaz = FakeGazetteer([("Kansas", KANSAS), ("Kansas", big_city)])
    (t,) = resolve(_gold("Farmers in Kansas.", "Kansas"), gaz, text="Farmers in Kansas.")
    assert t.place == KANSAS


@pytest.mark.parametrize(
    ("text", "not_place", "place"),
    [
        ("Officers in NATO said the strikes near Idlib would go on.", "NATO", "Idlib"),
        ("The talks at NAFTA headquarters in Washington failed.", "NAFTA", "Washington"),
        ("Families gathered at Easter in Homs.", "Easter", "Homs"),
        ("Prices rose at Metro stores in Damascus.", "Metro", "Damascus"),
        ("They sold homes through One Way Home & Land in Texas.", "Way", "Texas"),
        ("Youth groups marched in Aleppo.", "Youth", "Aleppo"),
    ],
)
def test_acronyms_and_ordinary_words_are_not_places(text: str, not_place: str, place: str) -> None:
    from frontline.geo.parse import geoparse_text

    found = {t.text for t in geoparse_text(text)}
    assert not_place not in found and place in found


def test_an_odd_alternate_name_does_not_make_a_word_prominent() -> None:
    from frontline.geo.parse import gazetteer
    from frontline.geo.recognize import _strong

    gaz = gazetteer()
    assert not _strong(gaz, "Way")  # an alternate name of Weifang, not its name
    assert not _strong(gaz, "Metro")  # an ordinary word; the Indonesian city is not big enough
    assert _strong(gaz, "Aleppo") and _strong(gaz, "Lebanon")


def test_named_streets_are_found_and_placed_at_the_town_named_near_them() -> None:
    from frontline.geo.recognize import street_mentions

    text = "On Main Street in Homs, and at North Cooper St. near Aleppo, shops reopened."
    found = [(m.text, m.kind) for m in street_mentions(text)]
    assert found == [("Main Street", "street"), ("North Cooper St.", "street")]
    gaz = SYRIA_GAZ
    homs = Mention(text.index("Homs"), text.index("Homs") + 4, "Homs", "Homs", "gazetteer")
    street = street_mentions(text)[0]
    got = resolve([street, homs], gaz, text=text)
    assert got[0].place == HOMS_CITY and got[0].kind == "local" and "no gazetteer entry" in got[0].reason


def test_a_town_named_x_city_is_a_name_of_its_own_in_the_document() -> None:
    text = "Kansas City, Mo. - Storms hit Kansas on Saturday."
    spans = _gold(text, "Kansas City", "Kansas")
    got = {t.text: t.place for t in resolve(spans, US_GAZ, text=text)}
    assert got["Kansas"] == KANSAS and got["Kansas City"] == KANSAS_CITY


def test_a_district_does_not_hold_the_region_it_lies_in() -> None:
    # Douma District and the town of Douma both lie in the Eastern Ghouta; the bare name means the town.
    ghouta = Place("syria:eastern-ghouta", "Eastern Ghouta", 33.55, 36.45, "L", "RGN", "SY", None, None, "SY.08", None, 0)
    douma_town = _p(170592, "Douma", 33.57, 36.40, "PPL", "SY", "08", 110_000)
    douma_district = _p(170590, "Douma District", 33.58, 36.45, "ADM2", "SY", "08", 300_000)
    gaz = FakeGazetteer([("Eastern Ghouta", ghouta), ("Douma", douma_town), ("Douma", douma_district)])
    text = "Shells hit Douma in the Eastern Ghouta."
    picked = {t.text: t.place for t in resolve(_gold(text, "Douma", "Eastern Ghouta"), gaz, text=text)}
    assert picked["Douma"] == douma_town


def test_courts_and_highway_patrols_are_not_streets() -> None:
    from frontline.geo.recognize import street_mentions

    text = "The Clarke County Superior Court heard the Florida Highway Patrol officer on Monday."
    assert street_mentions(text) == []
