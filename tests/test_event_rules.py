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
