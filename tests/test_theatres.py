"""Theatres as data: the Ukraine, Sudan and Yemen packs, ACLED's names as aliases, theatre detection."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from frontline.actors import (
    ActorPack,
    available_theatres,
    detect_theatre,
    load_pack,
    pack_for_text,
    theatre_votes,
)
from frontline.control.sides import Sides
from frontline.errors import NotFoundError

# The canonical names the hand-coded gold uses (src/frontline/eval/gold/README.md, side vocabulary).
GOLD_SIDES = {
    "ukraine": ["Russia", "Ukraine", "Wagner Group", "Civilians (Ukraine)", "Unidentified armed group (Ukraine)"],
    "sudan": ["SAF", "RSF", "Civilians (Sudan)", "Protesters (Sudan)", "Unidentified armed group (Sudan)",
              "Joint Forces", "SPLM-N", "SLM"],
    "yemen": ["Houthis", "Yemeni government forces", "Saudi-led coalition", "Southern Transitional Council", "AQAP",
              "United States", "Civilians (Yemen)"],
}


def _found(pack: ActorPack, text: str, outlet: str | None = None, on: date | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.actor) for m in pack.find(text, outlet=outlet, on=on)]


def test_every_theatre_ships_a_pack() -> None:
    assert set(available_theatres()) >= {"syria", "ukraine", "sudan", "yemen"}


@pytest.mark.parametrize("theatre", sorted(GOLD_SIDES))
def test_gold_sides_are_canonical_actors(theatre: str) -> None:
    pack = load_pack(theatre)
    for name in GOLD_SIDES[theatre]:
        assert pack.actor(name).name == name
    assert pack.countries and pack.bbox is not None and pack.cues


@pytest.mark.parametrize("theatre", ["ukraine", "sudan", "yemen"])
def test_no_syria_actor_in_other_theatres(theatre: str) -> None:
    syrian = {a.name for a in load_pack("syria").actors if a.country == "SY"}
    names = {a.name for a in load_pack(theatre).actors}
    assert not names & syrian
    assert not any("Syria" in n for n in names)


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Military Forces of Syria seized control of the town after clashes.", "Syrian government forces"),
        ("Military Forces of Syria (2000-2024) shelled the village.", "Syrian government forces"),
        ("QSD: Syrian Democratic Forces advanced.", "SDF"),
        ("HTS: Hayat Tahrir al Sham attacked.", "HTS"),
        ("Opposition Rebels (Syria) clashed.", "Syrian opposition"),
        ("Islamic State (Syria) fighters withdrew.", "ISIS"),
        ("NDF: National Defence Forces took part.", "NDF"),
        ("Military Forces of Iraq (2014-2018) crossed.", "Iraq"),
        ("PMF: Popular Mobilization Forces crossed.", "Popular Mobilization Forces"),
    ],
)
def test_acled_names_are_aliases_in_syria(text: str, actor: str) -> None:
    found = load_pack("syria").find(text)
    assert found and found[0].actor == actor, found


def test_a_unit_does_not_take_its_states_acled_name() -> None:
    pack = load_pack("syria")
    # Tiger Forces share ACLED's name with the Syrian state; the name means the state.
    assert pack.actor("Military Forces of Syria").name == "Syrian government forces"
    assert pack.acled_name("HTS") == "HTS: Hayat Tahrir al Sham"


@pytest.mark.parametrize(
    ("theatre", "text", "actor"),
    [
        ("ukraine", "Russian troops shelled the town.", "Russia"),
        ("ukraine", "Ukrainian forces pushed back.", "Ukraine"),
        ("ukraine", "Military Forces of Ukraine (2019-) held the line.", "Ukraine"),
        ("ukraine", "Military Forces of Russia (2000-) attacked.", "Russia"),
        ("ukraine", "Wagner fighters stormed the plant.", "Wagner Group"),
        ("ukraine", "The occupiers fired on the village.", "Russia"),
        ("ukraine", "Pro-Russian separatists attacked.", "Russia-backed separatists"),
        ("sudan", "The Sudanese army retook the bridge.", "SAF"),
        ("sudan", "The army retook the bridge.", "SAF"),
        ("sudan", "RSF: Rapid Support Forces looted the market.", "RSF"),
        ("sudan", "The paramilitary Rapid Support Forces seized the base.", "RSF"),
        ("sudan", "The paramilitaries shelled the camp.", "RSF"),
        ("sudan", "Military Forces of Sudan (2019-) bombed the market.", "SAF"),
        ("sudan", "The Joint Forces repelled the attack.", "Joint Forces"),
        ("yemen", "Houthi rebels seized the district.", "Houthis"),
        ("yemen", "Ansar Allah fighters advanced.", "Houthis"),
        ("yemen", "Houthi Movement forces advanced.", "Houthis"),
        ("yemen", "A Saudi-led coalition airstrike hit the bus.", "Saudi-led coalition"),
        ("yemen", "Operation Restoring Hope struck the port.", "Saudi-led coalition"),
        ("yemen", "Military Forces of Yemen (2012-) retook the airport.", "Yemeni government forces"),
        ("yemen", "STC: Southern Transitional Council forces took the camp.", "Southern Transitional Council"),
        ("yemen", "AQAP: Al Qaeda in the Arabian Peninsula attacked a checkpoint.", "AQAP"),
        ("yemen", "Government forces retook the airport.", "Yemeni government forces"),
    ],
)
def test_reporters_names_resolve_in_each_theatre(theatre: str, text: str, actor: str) -> None:
    found = load_pack(theatre).find(text)
    assert found and found[0].actor == actor, found


def test_loaded_words_read_through_the_speaker() -> None:
    ukraine, yemen = load_pack("ukraine"), load_pack("yemen")
    text = "The enemy shelled the village."
    assert _found(ukraine, text, outlet="Ukrinform") == [("The enemy", "Russia")]
    assert _found(ukraine, text, outlet="TASS") == [("The enemy", "Ukraine")]
    assert _found(ukraine, text, outlet="Reuters") == []
    assert _found(yemen, "The militia shelled the village.", outlet="Saba (government)") == [("The militia", "Houthis")]
    assert _found(yemen, "Mercenaries attacked the hill.", outlet="Al Masirah") == [("Mercenaries", "Yemeni government forces")]


def test_outlets_speak_for_their_side() -> None:
    def affiliation(theatre: str, name: str) -> str | None:
        outlet = load_pack(theatre).outlet(name)
        assert outlet is not None, name
        return outlet.affiliation

    assert affiliation("ukraine", "TASS") == "Russia"
    assert affiliation("ukraine", "RIA Novosti") == "Russia"
    assert affiliation("ukraine", "Zvezda") == "Russia"
    assert affiliation("ukraine", "Ukrinform") == "Ukraine"
    assert affiliation("ukraine", "General Staff of the Armed Forces of Ukraine") == "Ukraine"
    assert affiliation("ukraine", "https://kyivindependent.com/x") is None
    assert affiliation("sudan", "SUNA") == "SAF"
    assert affiliation("yemen", "al-Masirah TV") == "Houthis"
    assert affiliation("yemen", "Houthi-run Saba") == "Houthis"
    assert affiliation("yemen", "https://www.saba.ye/en/news1.htm") == "Houthis"
    assert affiliation("yemen", "https://www.sabanew.net/story/en/1") == "Yemeni government forces"
    assert affiliation("yemen", "Saba") is None  # both agencies call themselves Saba


def test_alliances_follow_dates_in_the_new_theatres() -> None:
    sudan, yemen, ukraine = load_pack("sudan"), load_pack("yemen"), load_pack("ukraine")
    assert sudan.allied("Joint Forces", "SAF", date(2024, 6, 1))
    assert not sudan.allied("Joint Forces", "SAF", date(2023, 6, 1))
    assert not sudan.allied("RSF", "SAF", date(2024, 6, 1))
    assert yemen.allied("Saleh forces", "Houthis", date(2016, 1, 1))
    assert not yemen.allied("Saleh forces", "Houthis", date(2018, 1, 1))
    assert yemen.allied("Yemeni government forces", "Saudi-led coalition", date(2018, 6, 1))
    assert yemen.side("Yemeni government forces", date(2018, 6, 1)) == "Yemeni government forces"
    assert ukraine.side("Wagner Group", date(2023, 1, 1)) == "Russia"
    assert ukraine.side("DPR", date(2015, 1, 1)) == "Russia"
    assert yemen.acled_name("Saudi-led coalition", date(2015, 4, 1)) == "Operation Decisive Storm"
    assert yemen.acled_name("Saudi-led coalition", date(2016, 4, 1)) == "Operation Restoring Hope"


def test_an_unknown_actor_is_a_lookup_error_too() -> None:
    pack = load_pack("sudan")
    with pytest.raises(LookupError):
        pack.actor("Martians")
    with pytest.raises(NotFoundError):
        pack.actor("Martians")


# Hand-written texts in the manner of wire reports; none is taken from a corpus.
@pytest.mark.parametrize(
    ("text", "url", "theatre"),
    [
        ("Russian troops pressed on near Avdiivka as Ukrainian forces dug in, Kyiv said.", None, "ukraine"),
        ("The Sudanese army said it repelled an RSF attack on El Fasher.", None, "sudan"),
        ("Houthi rebels fired a missile at Marib; the Saudi-led coalition said it intercepted it.", None, "yemen"),
        ("Regime forces and Hezbollah advanced on Deir ez-Zor, the Syrian Observatory said.", None, "syria"),
        ("Shelling hit a market, killing four people.", "https://www.ukrinform.net/rubric-ato/1.html", "ukraine"),
    ],
)
def test_the_theatre_is_detected_from_actors_places_and_address(text: str, url: str | None, theatre: str) -> None:
    assert detect_theatre(text, url=url) == theatre


def test_shared_names_do_not_decide_the_theatre() -> None:
    # Russia fights in Syria and in Ukraine; Reuters and civilians are everywhere.
    assert detect_theatre("Russian forces struck, killing civilians, Reuters reported.") is None
    assert detect_theatre("It rained in the afternoon.") is None
    votes = theatre_votes("Russian jets hit Idlib and Aleppo.")
    assert votes.theatre == "syria" and "ukraine" not in votes.votes


def test_the_theatre_setting_wins_over_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Ukrainian forces shelled Russian positions near Bakhmut."
    monkeypatch.delenv("FRONTLINE_THEATRE", raising=False)
    assert pack_for_text(text).theatre == "ukraine"
    monkeypatch.setenv("FRONTLINE_THEATRE", "auto")
    assert pack_for_text(text).theatre == "ukraine"
    monkeypatch.setenv("FRONTLINE_THEATRE", "syria")
    assert pack_for_text(text).theatre == "syria"
    monkeypatch.delenv("FRONTLINE_THEATRE")
    assert pack_for_text("Nothing happened today.").theatre == "syria"  # no war named: the default theatre


def test_sides_take_record_names_from_the_pack() -> None:
    syria = Sides(load_pack("syria"))
    assert syria.record_actor("regime") == "Syrian government forces"
    assert syria.record_actor("Opposition") == "Syrian opposition"
    assert syria.outlet_side("SANA") == "Syrian government forces"
    assert syria.side("Hezbollah", date(2017, 10, 6)) == "Syrian government forces"
    ukraine = Sides(load_pack("ukraine"))
    assert ukraine.record_actor("separatists") == "Russia"
    assert ukraine.outlet_side("TASS") == "Russia"
    assert ukraine.side("Hezbollah") == "Hezbollah"  # not a party here: its own side


def test_sides_without_a_pack_read_the_default_theatre() -> None:
    sides = Sides(None)
    assert sides.side("Russia", date(2017, 10, 6)) == "Syrian government forces"
    assert sides.outlet_side("SANA") == "Syrian government forces"
    assert sides.record_actor("regime") == "Syrian government forces"


def test_no_theatre_names_in_the_sides_code() -> None:
    source = resources.files("frontline.control").joinpath("sides.py").read_text(encoding="utf-8")
    for word in ("Syria", "Hezbollah", "ISIS", "SDF", "Russia", "SANA"):
        assert word not in source
