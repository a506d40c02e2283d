"""Where an act happened: the report's theatre reads its place names, and Arabic names keep their ayn."""

from __future__ import annotations

from datetime import date

from frontline.events.extract import extract
from frontline.geo.distance import haversine_km
from frontline.geo.parse import gazetteer
from frontline.geo.recognize import gazetteer_mentions
from frontline.model import Document, Event

PALMYRA = (34.56, 38.27)
AIN_ISSA = (36.39, 38.86)


def _events(text: str) -> list[Event]:
    return extract(Document.from_text(text, published=date(2016, 3, 28)))


def test_a_place_named_like_a_town_abroad_is_the_theatre_s_own() -> None:
    events = _events("Syrian army troops, backed by Russian air strikes, recaptured the ancient city of Palmyra from "
                     "the clutches of ISIS on Sunday, dealing the militants a mortal blow.")
    located = [e.location for e in events if e.location is not None]
    assert located and all(loc.place.country == "SY" for loc in located)
    assert haversine_km(located[0].latitude, located[0].longitude, *PALMYRA) < 25


def test_a_small_place_far_outside_the_theatre_is_not_where_the_act_happened() -> None:
    events = _events("Houthi forces seized the capital of a large desert province in Yemen on Sunday, residents said, "
                     "ahead of peace talks in Geneva on Monday.")
    assert all(e.location is None or e.location.place.country != "CH" for e in events)


def test_a_name_whose_words_open_with_the_ayn_sign_is_read_whole() -> None:
    mentions = gazetteer_mentions("Clashes broke out near the town of ‘Ayn ‘Issa on Sunday.", gazetteer())
    assert [m.text for m in mentions] == ["Ayn ‘Issa"]
    (place, *_) = gazetteer().lookup(mentions[0].query)
    assert haversine_km(place.latitude, place.longitude, *AIN_ISSA) < 10


MAAR_SHURIN = (35.67, 36.73)


def test_a_village_the_recogniser_misses_is_found_by_its_spelling_in_the_theatre() -> None:
    events = _events("Syrian government warplanes struck the village of Ma’ar Shoreen in Idlib province on 16 July 2019.")
    located = [e.location for e in events if e.location is not None]
    assert located and located[0].place.known
    assert haversine_km(located[0].latitude, located[0].longitude, *MAAR_SHURIN) < 10


def test_a_lower_case_province_word_makes_the_name_the_province() -> None:
    from frontline.geo.recognize import recognize
    from frontline.nlp import load_nlp

    text = "Turkish artillery shelled Tal Abyad in Raqqa province on 10 October 2019."
    (raqqa,) = [m for m in recognize(text, gazetteer(), load_nlp()(text)) if m.query == "Raqqa"]
    assert raqqa.hint == "admin"


def test_the_area_a_town_lies_in_is_not_listed_with_it_as_a_second_place() -> None:
    events = _events("Government forces captured the Ras al-Ain town of Hasakah province from the SDF on 10 October 2019.")
    captures = [e for e in events if e.sub_event_type == "Government regains territory"]
    assert [e.location.place.name for e in captures if e.location is not None] == ["Ra’s al ‘Ayn"]


def test_a_country_abroad_that_names_an_actor_is_not_the_place_of_the_act() -> None:
    events = _events("Dozens of civilians were killed in a Saudi-led coalition airstrike on Thursday by U.S. allies on a "
                     "bus in a crowded market in northern Yemen, Houthi officials said.")
    located = [e.location for e in events if e.location is not None]
    assert located and all(loc.place.country == "YE" for loc in located)


def test_a_province_far_abroad_is_not_the_place_of_the_act() -> None:
    events = _events("SAADA, Nov 7 (Saba) – A citizen was killed on Tuesday when a Saudi airstrike hit a house in Houthi-held "
                     "territory, an official told Saba.")
    assert all(e.location is None or e.location.place.country != "MY" for e in events)


ALEPPO = (36.20, 37.16)


def test_a_near_spelling_away_from_where_the_text_puts_the_place_is_not_taken() -> None:
    # Barissa, a near spelling of Barisha, lies some 50 km from Aleppo: the text puts Barisha near Aleppo.
    events = _events("Government forces captured the villages of Tell Qarmoun and Barisha near Aleppo from the rebels "
                     "on 3 March 2018.")
    (loc,) = [e.location for e in events if e.location is not None and e.location.mention == "Barisha"]
    assert loc is not None and not loc.place.known and loc.place.name == "Barisha"
    assert haversine_km(loc.latitude, loc.longitude, *ALEPPO) < 15


def test_a_name_in_apposition_to_a_capital_is_a_place_whatever_the_parser_tags() -> None:
    from frontline.geo.recognize import recognize
    from frontline.nlp import load_nlp

    text = ("Sudan’s paramilitary Rapid Support Forces (RSF) have reportedly taken control of el-Fula, the capital of "
            "West Kordofan state near South Sudan border.")
    assert "el-Fula" in [m.text for m in recognize(text, gazetteer(), load_nlp()(text))]


def test_a_near_spelling_is_a_candidate_inside_the_hinted_country() -> None:
    from frontline.geo.resolve import candidates
    from frontline.geo.types import Mention

    mention = Mention(0, 11, "Kafrnabudah", "Kafrnabudah", "gazetteer")  # Kafr Nabudah written as one word
    found = candidates(mention, gazetteer(), country_hint="SY")
    assert found and found[0].place.name == "Kafr Nabudah" and found[0].place.country == "SY"
