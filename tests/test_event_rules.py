"""Event-reader rules for real reporting: one event per place and per act, both sides, denials.

Sentences are written by hand for these tests; none is copied from a report.
"""

from __future__ import annotations

from datetime import date

from frontline.events.extract import extract
from frontline.model import Document, Event

PUBLISHED = date(2017, 10, 7)


def _events(text: str) -> list[Event]:
    return extract(Document.from_text(text, publisher="Example Wire", published=PUBLISHED))


def _brief(events: list[Event]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(e.sub_event_type, e.actor1, e.actor2, e.location.place.name if e.location else None) for e in events]


def test_one_strike_on_a_list_of_towns_is_one_event_per_town() -> None:
    found = _events("Turkish jets bombed SDF positions in Tal Abyad, Ras al-Ain and Qamishli on Wednesday.")
    assert len(found) == 3, _brief(found)
    assert {e.sub_event_type for e in found} == {"Air/drone strike"}
    assert {(e.actor1, e.actor2) for e in found} == {("Turkey", "SDF")}
    assert len({e.location.place.gazetteer_id for e in found if e.location}) == 3
    assert len({e.id for e in found}) == 3  # the store keys events by id


def test_handing_a_town_over_is_a_transfer_to_the_side_named_after_to() -> None:
    found = _events("The SDF handed over the town of Manbij and Tabqa to the Syrian army on Monday.")
    assert {e.sub_event_type for e in found} == {"Non-violent transfer of territory"}, _brief(found)
    assert {(e.actor1, e.actor2) for e in found} == {("SDF", "Syrian government forces")}
    assert len(found) == 2


def test_ground_handed_over_goes_to_the_side_named_not_the_usual_enemy() -> None:
    found = _events(
        "The SDF fought ISIS near Raqqa in Syria on Saturday. "
        "On Monday the SDF handed over the town of Tabqa to the Syrian army."
    )
    transfer = [e for e in found if e.sub_event_type == "Non-violent transfer of territory"]
    assert [(e.actor1, e.actor2) for e in transfer] == [("SDF", "Syrian government forces")], _brief(found)


def test_weapons_handed_over_are_no_transfer_of_territory() -> None:
    assert not [e for e in _events("The rebels handed over their heavy weapons to the army.") if e.sub_event_type == "Non-violent transfer of territory"]


def test_capture_after_clashes_is_one_territorial_event_with_both_sides() -> None:
    found = _events("Syrian troops advanced and took control of Qaryatayn in Syria on Friday after clashes with ISIS fighters.")
    assert _brief(found) == [("Government regains territory", "Syrian government forces", "ISIS", "Al Qaryatayn")]


def test_the_enemy_of_the_fight_becomes_the_enemy_of_the_capture() -> None:
    found = _events("Battles continue to rage, with the Syrian army recapturing Qaryatayn after fierce clashes with Nusra militants.")
    assert [(e.sub_event_type, e.actor2) for e in found] == [("Government regains territory", "Jabhat al-Nusra")]


def test_a_supporting_side_is_not_the_enemy() -> None:
    found = _events("Turkish-backed rebels, supported by Turkish warplanes, seized control of Manbij in northern Syria from the SDF on Sunday.")
    assert [(e.actor1, e.actor2) for e in found] == [("Syrian National Army", "SDF")]
    for text in (
        "Syrian rebels seized control of Manbij in northern Syria on Sunday, supported by Turkish warplanes.",
        "With the support of Turkish warplanes, Syrian rebels seized control of Manbij in northern Syria on Sunday.",
    ):
        found = _events(text)
        assert [(e.actor1, e.actor2) for e in found] == [("Syrian opposition", None)], _brief(found)


def test_fighting_to_retake_a_village_is_no_capture() -> None:
    found = _events("The SDF are fighting to retake the village of Baghouz in eastern Syria from ISIS.")
    assert [e.sub_event_type for e in found] == ["Armed clash"]


def test_the_aim_of_an_attack_is_no_capture() -> None:
    found = _events("Two days after the attack launched by the rebels to take over the towns of Kafr Zita and Latamnah in Syria, the front is quiet.")
    assert not [e for e in found if e.control == "gain"]


def test_sides_named_together_as_subject_act_together() -> None:
    found = _events("The Turkish military said it and its Free Syrian Army allies had captured the center of Afrin in northern Syria on Sunday.")
    assert [e.actor1 for e in found] == ["Turkey"]
    assert found[0].actor2 != "FSA"


def test_reciprocal_acts_keep_coordinated_subjects_as_two_sides() -> None:
    found = _events("ISIS and the SDF clashed near Raqqa in Syria on Friday.")
    assert [(e.actor1, e.actor2) for e in found] == [("ISIS", "SDF")]


def test_an_agreement_has_both_parties() -> None:
    found = _events("The rebels and the Syrian regime agreed a ceasefire in Daraa on Friday.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in found] == [("Agreement", "Syrian opposition", "Syrian government forces")]


def test_an_evacuation_has_the_side_that_takes_over() -> None:
    found = _events("Rebel fighters were evacuated from the Syrian city of Aleppo on Thursday after a deal with the Syrian army.")
    transfer = [e for e in found if e.sub_event_type == "Non-violent transfer of territory"]
    assert [{transfer[0].actor1, transfer[0].actor2}] == [{"Syrian opposition", "Syrian government forces"}]


def test_civilians_are_never_a_side_of_a_battle() -> None:
    text = (
        "The Turkish army shelled the Kurdish militia in Afrin in Syria on Tuesday, and civilians fled. "
        "Civilians in Jinderes said the Turkish army captured the town of Jinderes in Syria on Friday."
    )
    captures = [e for e in _events(text) if e.control == "gain"]
    assert captures and all(e.actor2 != "Civilians (Syria)" for e in captures), _brief(captures)


# ----------------------------------------------------------------------------- denials


def test_a_rejection_in_the_next_sentence_keeps_the_capture_a_disputed_claim() -> None:
    found = _events(
        "Syrian state media said on Friday that the Syrian army had captured the town of Mayadin in Syria from ISIS. "
        "ISIS rejected the claim."
    )
    capture = [e for e in found if e.control == "gain"]
    assert len(capture) == 1
    assert capture[0].claim.status == "claimed"
    assert capture[0].claim.disputed_by == ("ISIS",)


def test_a_denial_that_restates_the_act_attaches_to_the_earlier_telling() -> None:
    found = _events(
        "The Syrian army captured the town of Mayadin in Syria from ISIS on Friday. "
        "ISIS denied that the Syrian army had captured Mayadin."
    )
    capture = [e for e in found if e.control == "gain"]
    assert len(capture) == 1, _brief(found)
    assert (capture[0].claim.status, capture[0].claim.disputed_by) == ("claimed", ("ISIS",))


def test_a_denial_with_nothing_before_it_stays_a_denied_event() -> None:
    found = _events("Russia denied that its warplanes bombed the market in Idlib, Syria on Friday.")
    assert [e.claim.status for e in found] == ["denied"]


def test_a_denial_of_something_else_does_not_dispute_the_capture() -> None:
    found = _events("The Syrian army captured Mayadin in Syria from ISIS on Friday. Russia denied reports of civilian casualties.")
    capture = [e for e in found if e.control == "gain"]
    assert capture and capture[0].claim.disputed_by == () and capture[0].claim.status == "reported"


def test_a_same_sentence_rejection_disputes_the_claim() -> None:
    found = _events("The Syrian army said it captured Mayadin in Syria from ISIS on Friday, but ISIS rejected the claim.")
    capture = [e for e in found if e.control == "gain"]
    assert capture and capture[0].claim.disputed_by == ("ISIS",)


def test_a_campaign_named_is_no_battle() -> None:
    found = _events(
        "About 1,500 FSA fighters took part in the operation in Jarablus in Syria on Friday. "
        "The offensive has drawn criticism from the SDF."
    )
    assert [e for e in found if e.sub_event_type == "Armed clash"] == []


def test_a_weapon_named_without_a_strike_is_no_shelling() -> None:
    assert not _events("The army relies mostly on artillery and air power in the south.")
    found = _events("A missile hit the railway station in Kramatorsk on Monday, killing five people.")
    assert [e.sub_event_type for e in found] == ["Shelling/artillery/missile attack"]


def test_mines_cleared_are_no_explosion() -> None:
    found = _events("Syrian troops cleared the village of mines and explosives on Monday.")
    assert "Remote explosive/landmine/IED" not in {e.sub_event_type for e in found}, _brief(found)


def test_a_deal_is_an_agreement_where_it_is_reached_not_where_it_is_referred_to() -> None:
    assert [e.sub_event_type for e in _events("The rebels and the government reached a deal on Tuesday.")] == ["Agreement"]
    found = _events("Hundreds of rebel fighters left Daraa on Tuesday under the agreement with the army.")
    assert "Agreement" not in {e.sub_event_type for e in found}, _brief(found)


def test_launching_an_offensive_is_no_event_of_its_own() -> None:
    found = _events("The Syrian army launched an offensive against ISIS in Deir ez-Zor on Friday.")
    assert "Other" not in {e.sub_event_type for e in found}, _brief(found)


def test_civilians_evacuated_are_no_transfer_of_territory() -> None:
    found = _events("Residents of Tabqa were evacuated by the SDF on Monday.")
    assert "Non-violent transfer of territory" not in {e.sub_event_type for e in found}, _brief(found)


def test_the_attack_told_again_is_not_a_second_battle() -> None:
    found = _events(
        "The SDF said on Monday that ISIS fighters attacked its positions in Raqqa. "
        "Turkish troops shelled the town of Tal Abyad on Tuesday. "
        "Two SDF fighters were wounded in the attack near Tabqa."
    )
    assert [e.sub_event_type for e in found].count("Armed clash") == 1, _brief(found)


def test_a_described_fight_is_news_even_after_another() -> None:
    found = _events(
        "Russian forces attacked Ukrainian positions near Bakhmut on Monday. "
        "Some of the heaviest fighting has been in the village of Krynky."
    )
    assert [e.sub_event_type for e in found] == ["Armed clash", "Armed clash"], _brief(found)


def test_an_unnamed_shooter_is_the_side_the_report_blames_for_such_strikes() -> None:
    found = _events(
        "Russian forces fired missiles at Kharkiv on Monday. "
        "On Tuesday a missile hit the railway station in Kramatorsk, killing five people."
    )
    assert [(e.sub_event_type, e.actor1) for e in found] == [("Shelling/artillery/missile attack", "Russia")] * 2, _brief(found)


def test_an_unnamed_shooter_stays_unnamed_when_the_report_blames_no_one() -> None:
    found = _events("A missile hit the railway station in Kramatorsk on Monday, killing five people.")
    assert [(e.sub_event_type, e.actor1) for e in found] == [("Shelling/artillery/missile attack", None)], _brief(found)


def test_a_later_mention_of_a_fight_gives_it_its_place() -> None:
    found = _events("SDF fighters clashed with ISIS on Monday. Five SDF fighters died in the fighting in Raqqa.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in found] == [("Armed clash", "SDF", "ISIS")], _brief(found)
    assert found[0].location is not None and found[0].location.place.name == "Ar Raqqah"


def test_a_participle_of_pulling_out_describes_the_men_not_an_act() -> None:
    assert not _events("The retreating troops regrouped in Belarus on Monday.")
    assert not _events("ISIS militants retreating from Palmyra laid thousands of mines.")
    found = _events("The Syrian army overran rebel defences in Kafr Nabudah, forcing them to retreat east.")
    assert [e.sub_event_type for e in found] == ["Government regains territory"], _brief(found)


def test_a_weapon_before_attack_makes_it_fire_from_afar() -> None:
    found = _events("Sixteen people were wounded in the Russian missile attack on a hospital in Kyiv on Monday.")
    assert [(e.sub_event_type, e.actor1) for e in found] == [("Shelling/artillery/missile attack", "Russia")], _brief(found)
    found = _events("A Russian drone attack hit grain silos in Odesa on Wednesday.")
    assert [(e.sub_event_type, e.actor1) for e in found] == [("Air/drone strike", "Russia")], _brief(found)
    found = _events("ISIS fighters attacked an SDF checkpoint in Raqqa.")
    assert [e.sub_event_type for e in found] == ["Armed clash"], _brief(found)


def test_fire_on_people_with_no_armed_target_is_against_civilians() -> None:
    found = _events("A Russian air strike on a market in Idlib killed 20 people on Friday.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in found] == [("Air/drone strike", "Russia", "Civilians (Syria)")], _brief(found)
    found = _events("Russian jets bombed HTS positions in Idlib on Friday.")
    assert [(e.actor1, e.actor2) for e in found] == [("Russia", "HTS")], _brief(found)


def test_a_partner_in_a_deal_is_never_filled_in_as_the_opponent() -> None:
    text = ("Turkish troops enter Idlib\n\nA Turkish military convoy entered Idlib Province on Thursday under a deal "
            "agreed with Russia and Iran, the Turkish army said.")
    events = extract(Document.from_text(text, published=date(2017, 10, 13)))
    assert events and all(e.actor2 != "Russia" for e in events if e.sub_event_type != "Agreement")
