"""Control timelines from hand-built event sequences."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from itertools import count

import pytest

from frontline.control import ControlParams, Sides, compute_control
from frontline.model import Claim, Event, Location, Place, replace

GOV = "Syrian government forces"
ISIS = "ISIS"
SDF = "SDF"

_ids = count(1)

MAYADIN = Place("geonames:1", "Al Mayadin", 35.017, 40.45, country="SY", admin1="Deir ez-Zor", admin1_code="07",
                alternate_names=("Mayadin",))
QARYATAYN = Place("geonames:2", "Al Qaryatayn", 34.228, 37.24, country="SY", admin1="Homs", admin1_code="11",
                  alternate_names=("Qaryatayn",))
SUKHNAH = Place("geonames:3", "As Sukhnah", 34.886, 38.872, country="SY", admin1="Homs", admin1_code="11")
HOMS = Place("geonames:4", "Homs Governorate", 34.5, 37.9, feature_class="A", feature_code="ADM1", country="SY",
             admin1="Homs", admin1_code="11")
RAQQA = Place("geonames:5", "Ar Raqqah", 35.95, 39.01, country="SY", admin1="Raqqa", admin1_code="04")

SIDES = Sides(None)


def ev(
    place: Place,
    day: str,
    actor1: str | None,
    actor2: str | None = None,
    sub: str = "Government regains territory",
    *,
    text: str = "",
    status: str = "reported",
    affiliation: str | None = None,
    partisan: bool = False,
    silent_on: tuple[str, ...] = (),
    verb: str | None = None,
    precision: int = 1,
    relation: str | None = None,
    end: str | None = None,
) -> Event:
    """Build one event; the defaults describe an independent report of a capture."""
    n = next(_ids)
    return Event(
        id=f"e{n}",
        document_id=f"d{n}",
        sentence_start=0,
        sentence_end=10,
        event_type="Battles",
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        location=Location(place, precision, place.latitude, place.longitude, mention=place.name, relation=relation),
        date_start=date.fromisoformat(day),
        date_end=date.fromisoformat(end or day),
        claim=Claim(status=status, speaker_affiliation=affiliation, verb=verb, partisan=partisan,
                    silent_on=silent_on),
        confidence=0.8,
        text=text,
    )


def holder(events: list[Event], place: Place, day: str) -> tuple[str, str] | None:
    state = compute_control(events, sides=SIDES).state(place.gazetteer_id, date.fromisoformat(day))
    return (state.holder, state.status) if state else None


def test_capture_by_independent_report_is_assessed() -> None:
    events = [ev(MAYADIN, "2017-10-14", GOV, ISIS, text="The army captured Mayadin.")]
    cmap = compute_control(events, sides=SIDES)
    state = cmap.state(MAYADIN.gazetteer_id, date(2017, 10, 17))
    assert state is not None
    assert (state.holder, state.status, state.since) == (GOV, "assessed", date(2017, 10, 14))
    assert state.evidence == (events[0].id,)
    assert cmap.state(MAYADIN.gazetteer_id, date(2017, 10, 13)) is None


def test_loss_and_recapture_give_three_holders_in_order() -> None:
    events = [
        ev(QARYATAYN, "2017-08-01", GOV, ISIS),
        ev(QARYATAYN, "2017-10-01", ISIS, GOV, sub="Non-state actor overtakes territory"),
        ev(QARYATAYN, "2017-10-21", GOV, ISIS, text="troops recaptured Qaryatayn"),
    ]
    cmap = compute_control(events, sides=SIDES)
    changes = cmap.changes(QARYATAYN.gazetteer_id)
    assert [(c.day, c.previous, c.holder) for c in changes] == [
        (date(2017, 8, 1), None, GOV),
        (date(2017, 10, 1), GOV, ISIS),
        (date(2017, 10, 21), ISIS, GOV),
    ]
    states = cmap.timeline(QARYATAYN.gazetteer_id)
    assert states[0].until == date(2017, 9, 30)
    assert states[1].until == date(2017, 10, 20)
    assert states[2].until is None


def test_one_report_telling_a_capture_twice_is_one_source() -> None:
    once = ev(MAYADIN, "2017-10-14", GOV, ISIS, text="The army captured Mayadin.")
    twice = replace(ev(MAYADIN, "2017-10-14", GOV, ISIS, text="Mayadin fell to the army."), document_id=once.document_id)
    other = ev(MAYADIN, "2017-10-14", GOV, ISIS, text="The army captured Mayadin, monitors said.")
    same = compute_control([once, twice], sides=SIDES).state(MAYADIN.gazetteer_id, date(2017, 10, 14))
    alone = compute_control([once], sides=SIDES).state(MAYADIN.gazetteer_id, date(2017, 10, 14))
    two = compute_control([once, other], sides=SIDES).state(MAYADIN.gazetteer_id, date(2017, 10, 14))
    assert same is not None and alone is not None and two is not None
    assert same.confidence == alone.confidence < two.confidence


def test_allies_are_grouped_under_their_coalition_head() -> None:
    events = [ev(MAYADIN, "2017-10-14", "Hezbollah", ISIS)]
    assert holder(events, MAYADIN, "2017-10-15") == (GOV, "assessed")


def test_siege_then_capture() -> None:
    events = [
        ev(MAYADIN, "2017-09-01", ISIS, GOV, sub="Non-state actor overtakes territory"),
        ev(MAYADIN, "2017-10-08", GOV, ISIS, sub="Armed clash", text="The army encircled Mayadin."),
        ev(MAYADIN, "2017-10-14", GOV, ISIS, text="The army took full control of Mayadin."),
    ]
    cmap = compute_control(events, sides=SIDES)
    besieged = cmap.state(MAYADIN.gazetteer_id, date(2017, 10, 10))
    assert besieged is not None
    assert (besieged.holder, besieged.status, besieged.challenger) == (ISIS, "besieged", GOV)
    assert holder(events, MAYADIN, "2017-10-15") == (GOV, "assessed")


def test_withdrawal_hands_the_place_to_the_side_pressing_it() -> None:
    held = ev(MAYADIN, "2017-09-01", ISIS, GOV, sub="Non-state actor overtakes territory")
    siege = ev(MAYADIN, "2017-10-08", GOV, ISIS, sub="Armed clash", text="The army encircled Mayadin.")
    left = replace(ev(MAYADIN, "2017-10-14", ISIS, None, sub="Non-violent transfer of territory",
                      text="ISIS fighters withdrew from Mayadin."), control="withdraw", trigger="withdraw")
    assert holder([held, siege, left], MAYADIN, "2017-10-15") == (GOV, "assessed")
    # Without anyone pressing the place, a withdrawal names no new holder: nothing changes.
    assert holder([held, left], MAYADIN, "2017-10-15") == (ISIS, "assessed")


def test_siege_broken_keeps_the_besieged_holder() -> None:
    dz = Place("geonames:9", "Deir ez-Zor", 35.336, 40.145, country="SY", admin1="Deir ez-Zor", admin1_code="07")
    events = [
        ev(dz, "2017-06-01", ISIS, GOV, sub="Armed clash", text="ISIS besieged the government enclave"),
        ev(dz, "2017-09-05", GOV, ISIS, text="The army broke the three-year siege of Deir ez-Zor."),
    ]
    assert holder(events, dz, "2017-07-01") == (GOV, "besieged")
    assert holder(events, dz, "2017-09-06") == (GOV, "assessed")


def test_entering_a_town_contests_it_without_changing_holder() -> None:
    events = [
        ev(MAYADIN, "2017-09-01", ISIS, GOV, sub="Non-state actor overtakes territory"),
        ev(MAYADIN, "2017-10-06", GOV, ISIS, text="troops entered the western parts of Mayadin"),
    ]
    state = compute_control(events, sides=SIDES).state(MAYADIN.gazetteer_id, date(2017, 10, 7))
    assert state is not None
    assert (state.holder, state.status, state.challenger) == (ISIS, "contested", GOV)


def test_entered_contests_unless_the_text_says_taken() -> None:
    base = ev(MAYADIN, "2017-09-01", ISIS, GOV, sub="Non-state actor overtakes territory")
    entered = replace(ev(MAYADIN, "2017-10-06", GOV, ISIS, text="Troops entered Mayadin."),
                      trigger="enter", control="gain")
    assert holder([base, entered], MAYADIN, "2017-10-07") == (ISIS, "contested")
    taken = replace(entered, id="taken", text="Troops entered Mayadin and took full control of it.")
    assert holder([base, taken], MAYADIN, "2017-10-07") == (GOV, "assessed")


def test_gain_on_the_edge_contests_and_gain_nearby_changes_nothing() -> None:
    base = ev(MAYADIN, "2017-09-01", ISIS, GOV, sub="Non-state actor overtakes territory")
    near = ev(MAYADIN, "2017-10-06", GOV, ISIS, precision=2, relation="10 km west of",
              text="advance within 10 km of the city")
    assert holder([base, near], MAYADIN, "2017-10-07") == (ISIS, "assessed")
    edge = ev(MAYADIN, "2017-10-06", GOV, ISIS, precision=2, relation="western edge of",
              text="occupied grain silos on the western edge of Mayadin")
    assert holder([base, edge], MAYADIN, "2017-10-07") == (ISIS, "contested")


def test_contest_reverts_to_holder_after_its_ttl() -> None:
    events = [
        ev(SUKHNAH, "2017-08-12", GOV, ISIS),
        ev(SUKHNAH, "2017-09-28", ISIS, GOV, sub="Armed clash", text="ISIS attacked Sukhnah"),
    ]
    params = ControlParams(contest_ttl_days=5)
    cmap = compute_control(events, sides=SIDES, params=params)
    during = cmap.state(SUKHNAH.gazetteer_id, date(2017, 9, 30))
    after = cmap.state(SUKHNAH.gazetteer_id, date(2017, 10, 10))
    assert during is not None and after is not None
    assert (during.holder, during.status) == (GOV, "contested")
    assert (after.holder, after.status, after.since) == (GOV, "assessed", date(2017, 10, 4))


def test_partisan_claim_stays_claimed_until_independent_confirmation() -> None:
    claim = ev(RAQQA, "2017-10-17", SDF, ISIS, affiliation=SDF, status="claimed",
               text="The SDF said it captured Raqqa")
    assert holder([claim], RAQQA, "2017-10-18") == (SDF, "claimed")
    confirm = ev(RAQQA, "2017-10-17", SDF, ISIS, text="Raqqa fell to the SDF, monitors said")
    cmap = compute_control([claim, confirm], sides=SIDES)
    state = cmap.state(RAQQA.gazetteer_id, date(2017, 10, 18))
    assert state is not None
    assert (state.holder, state.status, state.since) == (SDF, "assessed", date(2017, 10, 17))
    assert set(state.evidence) == {claim.id, confirm.id}


def test_partisan_claim_with_partisan_flag_and_no_affiliation_is_a_claim() -> None:
    claim = ev(RAQQA, "2017-10-17", SDF, ISIS, partisan=True)
    assert holder([claim], RAQQA, "2017-10-18") == (SDF, "claimed")


def test_admission_against_interest_counts_strongly() -> None:
    admission = ev(QARYATAYN, "2017-10-01", ISIS, GOV, sub="Non-state actor overtakes territory",
                   affiliation=GOV, verb="admitted", text="State media admitted that ISIS seized Qaryatayn")
    partisan = ev(QARYATAYN, "2017-10-01", ISIS, GOV, sub="Non-state actor overtakes territory",
                  affiliation=ISIS, status="claimed")
    strong = compute_control([admission], sides=SIDES).state(QARYATAYN.gazetteer_id, date(2017, 10, 2))
    weak = compute_control([partisan], sides=SIDES).state(QARYATAYN.gazetteer_id, date(2017, 10, 2))
    assert strong is not None and weak is not None
    assert (strong.holder, strong.status) == (ISIS, "assessed")
    assert (weak.holder, weak.status) == (ISIS, "claimed")
    assert strong.confidence > 2 * weak.confidence
    # The losing side merely "saying" so is not an admission: most often it is its own claim misread.
    said = replace(admission, id="said", claim=replace(admission.claim, verb="said", status="claimed"))
    state = compute_control([said], sides=SIDES).state(QARYATAYN.gazetteer_id, date(2017, 10, 2))
    assert state is not None and state.status == "claimed"
    # State media reporting the loss in their own voice (no one quoted) is an admission too.
    own_voice = replace(admission, id="own", document_id="d-sana", claim=Claim())
    cmap = compute_control([own_voice], sides=SIDES, publisher_sides={"d-sana": GOV})
    state = cmap.state(QARYATAYN.gazetteer_id, date(2017, 10, 2))
    assert state is not None and (state.status, state.confidence) == ("assessed", strong.confidence)


def test_civilians_never_hold_a_place() -> None:
    held = ev(QARYATAYN, "2017-09-01", ISIS, GOV, sub="Non-state actor overtakes territory")
    odd = ev(QARYATAYN, "2017-10-21", "Civilians (Syria)", ISIS, sub="Non-state actor overtakes territory")
    assert holder([held, odd], QARYATAYN, "2017-10-22") == (ISIS, "assessed")
    assert len(compute_control([odd], sides=SIDES)) == 0


def test_town_event_with_province_level_precision_changes_nothing() -> None:
    held = ev(SUKHNAH, "2017-08-12", GOV, ISIS)
    vague = ev(SUKHNAH, "2017-10-01", ISIS, GOV, sub="Non-state actor overtakes territory", precision=3)
    assert holder([held, vague], SUKHNAH, "2017-10-02") == (GOV, "assessed")


def test_conflicting_claims_from_both_sides_make_the_place_contested() -> None:
    events = [
        ev(SUKHNAH, "2017-08-12", GOV, ISIS),
        ev(SUKHNAH, "2017-09-29", ISIS, GOV, sub="Non-state actor overtakes territory", affiliation=ISIS,
           status="claimed", text="ISIS claimed it seized Sukhnah"),
        ev(SUKHNAH, "2017-09-30", GOV, ISIS, affiliation=GOV, status="claimed",
           text="the army said it retook Sukhnah"),
    ]
    cmap = compute_control(events, sides=SIDES)
    state = cmap.state(SUKHNAH.gazetteer_id, date(2017, 9, 30))
    assert state is not None
    assert (state.holder, state.status, state.challenger) == (GOV, "contested", ISIS)
    # With no earlier state, the side the first claim says lost the place keeps it, contested.
    cmap2 = compute_control(events[1:], sides=SIDES)
    state2 = cmap2.state(SUKHNAH.gazetteer_id, date(2017, 9, 30))
    assert state2 is not None
    assert (state2.holder, state2.status, state2.challenger) == (GOV, "contested", ISIS)
    # With no loser named either, the first claimant keeps it.
    first = replace(events[1], actor2=None)
    state3 = compute_control([first, events[2]], sides=SIDES).state(SUKHNAH.gazetteer_id, date(2017, 9, 30))
    assert state3 is not None
    assert (state3.holder, state3.status, state3.challenger) == (ISIS, "contested", GOV)


def test_partisan_claim_against_fresh_assessment_is_only_a_challenge() -> None:
    events = [
        ev(SUKHNAH, "2017-09-28", GOV, ISIS, text="the army holds Sukhnah, monitors said"),
        ev(SUKHNAH, "2017-09-29", ISIS, GOV, sub="Non-state actor overtakes territory", affiliation=ISIS,
           status="claimed", text="ISIS claimed it seized Sukhnah"),
    ]
    state = compute_control(events, sides=SIDES).state(SUKHNAH.gazetteer_id, date(2017, 9, 30))
    assert state is not None
    assert (state.holder, state.status, state.challenger) == (GOV, "contested", ISIS)


def test_silence_of_the_losing_side_is_weak_evidence() -> None:
    loss = ev(QARYATAYN, "2017-10-01", ISIS, GOV, sub="Non-state actor overtakes territory", affiliation=ISIS,
              status="claimed")
    silence = ev(HOMS, "2017-10-06", GOV, ISIS, sub="Armed clash", affiliation=GOV, status="claimed",
                 silent_on=("Qaryatayn",), precision=3, text="State media are silent about Qaryatayn")
    before = compute_control([loss], sides=SIDES).state(QARYATAYN.gazetteer_id, date(2017, 10, 6))
    after = compute_control([loss, silence], sides=SIDES).state(QARYATAYN.gazetteer_id, date(2017, 10, 6))
    assert before is not None and after is not None
    assert (after.holder, after.status) == (ISIS, "claimed")  # weak: supports, does not confirm
    assert before.confidence < after.confidence < before.confidence + 0.2
    assert silence.id in after.evidence
    # Silence about a place the side still holds is no evidence at all.
    held = ev(SUKHNAH, "2017-10-01", GOV, ISIS)
    quiet = ev(HOMS, "2017-10-06", GOV, None, sub="Armed clash", affiliation=GOV, silent_on=("As Sukhnah",),
               precision=3)
    state = compute_control([held, quiet], sides=SIDES).state(SUKHNAH.gazetteer_id, date(2017, 10, 6))
    assert state is not None and quiet.id not in state.evidence


def test_region_wide_clearing_affects_places_inside_weakly() -> None:
    # Sukhnah lies east of the province's reference point, Qaryatayn west of it.
    sukhnah_lost = ev(SUKHNAH, "2017-06-01", ISIS, GOV, sub="Non-state actor overtakes territory")
    qaryatayn_lost = ev(QARYATAYN, "2017-10-01", ISIS, GOV, sub="Non-state actor overtakes territory",
                        affiliation=ISIS, status="claimed")
    cleared = ev(HOMS, "2017-10-06", GOV, ISIS, precision=3, affiliation=GOV, status="claimed",
                 text="it had cleared the last remaining ISIS positions in eastern Homs Province")
    cleared = replace(cleared, location=Location(HOMS, 3, HOMS.latitude, HOMS.longitude, mention="Homs Province"))
    events = [sukhnah_lost, qaryatayn_lost, cleared]
    cmap = compute_control(events, sides=SIDES)
    sukhnah = cmap.state(SUKHNAH.gazetteer_id, date(2017, 10, 7))
    qaryatayn = cmap.state(QARYATAYN.gazetteer_id, date(2017, 10, 7))
    assert sukhnah is not None and qaryatayn is not None
    # Months-old evidence for ISIS at Sukhnah has decayed below the area-wide claim: it flips, as a claim.
    assert (sukhnah.holder, sukhnah.status) == (GOV, "claimed")
    assert sukhnah.confidence < 0.2
    # Qaryatayn is west of the area named and keeps its holder.
    assert qaryatayn.holder == ISIS
    # The region itself is not a place on the map, and no new place is created.
    assert HOMS.gazetteer_id not in cmap.timelines
    assert set(cmap.timelines) == {SUKHNAH.gazetteer_id, QARYATAYN.gazetteer_id}


def test_region_wide_claim_does_not_outweigh_fresh_local_evidence() -> None:
    lost = ev(SUKHNAH, "2017-10-03", ISIS, GOV, sub="Non-state actor overtakes territory")
    cleared = ev(HOMS, "2017-10-06", GOV, ISIS, precision=3, affiliation=GOV, status="claimed",
                 text="cleared ISIS positions in Homs Province")
    assert holder([lost, cleared], SUKHNAH, "2017-10-07") == (ISIS, "assessed")


def test_stale_evidence_decays() -> None:
    events = [ev(RAQQA, "2017-10-17", SDF, ISIS)]
    cmap = compute_control(events, sides=SIDES, params=ControlParams(half_life_days=30))
    fresh = cmap.state(RAQQA.gazetteer_id, date(2017, 10, 17))
    month = cmap.state(RAQQA.gazetteer_id, date(2017, 11, 16))
    assert fresh is not None and month is not None
    assert month.holder == SDF
    assert month.confidence == pytest.approx(fresh.confidence / 2, abs=0.002)


@pytest.mark.parametrize("status", ["hypothetical", "denied", "future"])
def test_non_factual_statements_never_change_control(status: str) -> None:
    held = ev(SUKHNAH, "2017-08-12", GOV, ISIS)
    kinds = [
        ("Non-state actor overtakes territory", "ISIS could seize Sukhnah"),
        ("Armed clash", "ISIS would besiege Sukhnah"),
        ("Armed clash", "ISIS will enter Sukhnah"),
        ("Non-violent transfer of territory", "a handover of Sukhnah to ISIS"),
    ]
    for sub, text in kinds:
        bad = ev(SUKHNAH, "2017-09-29", ISIS, GOV, sub=sub, status=status, text=text)
        cmap = compute_control([held, bad], sides=SIDES)
        assert len(cmap.timeline(SUKHNAH.gazetteer_id)) == 1
        state = cmap.state(SUKHNAH.gazetteer_id, date(2017, 10, 1))
        assert state is not None
        assert (state.holder, state.status) == (GOV, "assessed")
        assert bad.id not in state.evidence
        # Alone, it creates no place at all.
        assert len(compute_control([bad], sides=SIDES)) == 0
    region = ev(HOMS, "2017-09-29", ISIS, GOV, sub="Non-state actor overtakes territory", precision=3,
                status=status)
    assert holder([held, region], SUKHNAH, "2017-10-01") == (GOV, "assessed")
    siege = ev(SUKHNAH, "2017-09-20", ISIS, GOV, sub="Armed clash", text="ISIS besieged Sukhnah")
    leave = replace(ev(SUKHNAH, "2017-09-29", GOV, None, sub="Non-violent transfer of territory", status=status,
                       text="the army may withdraw from Sukhnah"), control="withdraw", trigger="withdraw")
    assert holder([held, siege, leave], SUKHNAH, "2017-10-01") == (GOV, "besieged")
    silence = ev(HOMS, "2017-09-29", GOV, None, sub="Armed clash", status=status, silent_on=("As Sukhnah",))
    lost = ev(SUKHNAH, "2017-09-20", ISIS, GOV, sub="Non-state actor overtakes territory")
    state = compute_control([lost, silence], sides=SIDES).state(SUKHNAH.gazetteer_id, date(2017, 10, 1))
    assert state is not None and silence.id not in state.evidence


def test_stated_aims_never_change_control() -> None:
    held = ev(RAQQA, "2017-08-01", ISIS, None, sub="Non-state actor overtakes territory")
    aim = replace(ev(RAQQA, "2017-08-11", SDF, ISIS, sub="Non-state actor overtakes territory",
                     text="The battle to liberate Raqqa began in June."), trigger="liberate", control="gain")
    assert holder([held, aim], RAQQA, "2017-08-12") == (ISIS, "assessed")
    done = replace(aim, id="done", text="The SDF managed to liberate Raqqa.")
    assert holder([held, done], RAQQA, "2017-08-12") == (SDF, "assessed")


def test_condition_and_partial_capture() -> None:
    held = ev(RAQQA, "2017-08-01", ISIS, None, sub="Non-state actor overtakes territory")
    until = replace(ev(RAQQA, "2017-10-14", SDF, ISIS, sub="Non-state actor overtakes territory",
                       text="The coalition expects difficult days ahead until Raqqa is retaken."),
                    trigger="retake", control="gain")
    assert holder([held, until], RAQQA, "2017-10-15") == (ISIS, "assessed")
    part = ev(RAQQA, "2017-10-06", SDF, ISIS, sub="Non-state actor overtakes territory",
              text="SDF fighters took positions inside a building on the eastern frontline of Raqqa.")
    assert holder([held, part], RAQQA, "2017-10-07") == (ISIS, "contested")
    last = ev(RAQQA, "2017-10-17", SDF, ISIS, sub="Non-state actor overtakes territory",
              text="The SDF captured the last positions held by ISIS in Raqqa.")
    assert holder([held, part, last], RAQQA, "2017-10-18") == (SDF, "assessed")


def test_background_from_an_earlier_year_never_moves_the_map() -> None:
    held = ev(RAQQA, "2017-10-17", SDF, ISIS)
    background = ev(RAQQA, "2017-10-17", ISIS, None, sub="Non-state actor overtakes territory",
                    text="Islamic State first captured Raqqa in early 2014 before spreading to other cities.")
    assert holder([held, background], RAQQA, "2017-10-18") == (SDF, "assessed")
    later = ev(QARYATAYN, "2017-10-01", GOV, ISIS, text="ISIS chased the army out on October 1 but the army "
               "returned three weeks later recapturing the town.")
    assert len(compute_control([later], sides=SIDES)) == 0
    dated = ev(RAQQA, "2017-10-20", ISIS, SDF, sub="Non-state actor overtakes territory",
               text="ISIS captured Raqqa on 20 October 2017, monitors said.")
    assert holder([held, dated], RAQQA, "2017-10-21") == (ISIS, "assessed")


def test_find_by_alternate_name_and_at() -> None:
    events = [ev(MAYADIN, "2017-10-14", GOV, ISIS), ev(RAQQA, "2017-10-17", SDF, ISIS)]
    cmap = compute_control(events, sides=SIDES)
    assert cmap.find("Mayadin") == [MAYADIN]
    assert cmap.find("al-Mayadin") == [MAYADIN]
    assert {s.place.name for s in cmap.at(date(2017, 10, 15))} == {"Al Mayadin"}
    assert {s.holder for s in cmap.at(date(2017, 10, 20))} == {GOV, SDF}


# --- scoring against a dated control record ---------------------------------------------------

GOLD_CSV = """id,place,geonames_style_name,governorate,lat,lon,coord_source,date,date_precision,from_actor,to_actor,event,source_urls,confidence,notes
1,Mayadin,Al Mayadin,Deir ez-Zor,35.02,40.44,estimate,2017-10-14,day,ISIS,Syrian government,captured,,high,
2,Raqqa,Ar Raqqah,Raqqa,35.95,39.01,estimate,2017-10-17,day,ISIS,SDF,captured,,high,
3,Qaryatayn,Al Qaryatayn,Homs,34.23,37.24,estimate,2017-10-01,day,Syrian government,ISIS,captured,,high,
4,Sukhnah,As Sukhnah,Homs,34.886,38.872,estimate,2017-09-28,day,ISIS,Syrian government,attack repelled (no change),,medium,
5,Nowhere,Nowhere,Homs,33.0,36.0,estimate,2017-10-05,day,ISIS,Syrian government,captured,,low,
"""


def test_score_control_on_hand_built_events(tmp_path: Path) -> None:
    from frontline.control import observe
    from frontline.control.timeline import control_from_observations
    from frontline.eval.control import read_gold, score_control

    path = tmp_path / "gold.csv"
    path.write_text(GOLD_CSV, encoding="utf-8")
    gold = read_gold(path)
    assert [r.is_capture for r in gold] == [True, True, True, False, True]
    events = [
        ev(MAYADIN, "2017-10-12", GOV, ISIS),  # two days early
        ev(RAQQA, "2017-10-17", ISIS, SDF, sub="Non-state actor overtakes territory"),  # wrong way round
        ev(SUKHNAH, "2017-09-28", GOV, ISIS),
    ]
    obs = observe(events, SIDES)
    cmap = control_from_observations(obs)
    score = score_control(obs, cmap, gold, SIDES)
    rows = {r.id: r for r in score.rows}
    assert set(rows) == {"1", "2", "3", "5"}
    assert (score.capture_rows, score.covered) == (4, 2)
    assert rows["1"].covered and rows["1"].holder_right and rows["1"].error_days == 2
    assert rows["2"].covered and rows["2"].holder == ISIS and not rows["2"].holder_right
    assert rows["2"].error_days is None
    assert not rows["3"].covered and not rows["5"].covered
    assert score.holder_accuracy == 0.5
    assert score.median_change_error_days == 2.0
    assert score.changes_found == 1
    # A change to the expected holder far from the row's date is some other change: not found.
    old_gain = ev(MAYADIN, "2015-01-01", GOV, ISIS)
    events = [old_gain, ev(MAYADIN, "2017-10-12", GOV, ISIS, text="troops entered Mayadin")]
    obs = observe(events, SIDES)
    far = score_control(obs, control_from_observations(obs), gold, SIDES)
    assert (far.covered, far.holder_right, far.changes_found) == (1, 1, 0)


def test_rows_named_by_articles_in_any_spelling(tmp_path: Path) -> None:
    from frontline.eval.control import mentioned_rows, read_gold
    from frontline.model import Document

    path = tmp_path / "gold.csv"
    path.write_text(GOLD_CSV, encoding="utf-8")
    gold = read_gold(path)
    docs = [
        Document.from_text("Troops advanced on Mayadeen on Friday.", published=date(2017, 10, 13)),
        Document.from_text("Fighting near Raqqa.", published=date(2017, 6, 1)),  # long before the row
    ]
    assert mentioned_rows(gold, docs) == {"1"}
    # A different name with the same consonants is not the place; a lower-case word is no name.
    lookalike = [Document.from_text("A bomb went off in Midan; residents swear Raqqa is calm.",
                                    published=date(2017, 10, 1))]
    maadan = [replace(gold[0], id="9", place="Maadan", name="Ma'dan", day=date(2017, 10, 1))]
    assert mentioned_rows(maadan, lookalike) == set()


def test_gold_place_matches_by_name_before_distance() -> None:
    from frontline.eval.control import GoldRow, candidate_places

    row = GoldRow("1", "Mayadin", "Al Mayadin", "Deir ez-Zor", 35.1, 40.4, date(2017, 10, 14), "ISIS",
                  "Syrian government", "captured", "high")
    other = Place("geonames:77", "Buqrus", 35.09, 40.41, country="SY")
    assert candidate_places(row, [other, MAYADIN], 20.0) == [MAYADIN]
    assert candidate_places(row, [other], 20.0) == [other]
    assert candidate_places(row, [RAQQA], 20.0) == []
    # Buqrus is another row of the record: it is not a stand-in for Mayadin by distance.
    buqrus = replace(row, id="2", place="Buqrus", name="Buqrus")
    assert candidate_places(row, [other], 20.0, [row, buqrus]) == []


# --- command line ------------------------------------------------------------------------------


def test_cli_control_json_contract_timeline_and_incidents(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from frontline.cli.main import build_cli
    from frontline.model import Document
    from frontline.store import open_store

    url = f"sqlite:///{tmp_path / 'c.db'}"
    store = open_store(url)
    doc_a = Document.from_text("report a", publisher="Reuters", published=date(2017, 10, 15))
    doc_b = Document.from_text("report b", publisher="SANA", published=date(2017, 10, 15))
    first = replace(ev(MAYADIN, "2017-10-14", GOV, ISIS), document_id=doc_a.id)
    second = replace(ev(MAYADIN, "2017-10-14", GOV, ISIS), document_id=doc_b.id)
    store.add_report(doc_a, [first])
    store.add_report(doc_b, [second])
    store.close()
    runner = CliRunner()
    cli = build_cli()
    result = runner.invoke(cli, ["control", "--db", url, "--at", "2017-10-20", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 1
    assert set(rows[0]) == {"place", "geonameid", "latitude", "longitude", "holder", "status", "since",
                            "confidence", "evidence"}
    assert (rows[0]["place"], rows[0]["holder"], rows[0]["status"], rows[0]["since"]) == (
        "Al Mayadin", GOV, "assessed", "2017-10-14")
    assert set(rows[0]["evidence"]) == {first.id, second.id}
    geo = json.loads(runner.invoke(cli, ["control", "--db", url, "--format", "geojson"]).output)
    assert geo["features"][0]["geometry"]["coordinates"] == [MAYADIN.longitude, MAYADIN.latitude]
    timeline = runner.invoke(cli, ["timeline", "Mayadin", "--db", url])
    assert timeline.exit_code == 0 and "Syrian government forces" in timeline.output
    missing = runner.invoke(cli, ["timeline", "Atlantis", "--db", url])
    assert missing.exit_code != 0
    incidents = runner.invoke(cli, ["incidents", "--db", url, "--format", "json"])
    assert incidents.exit_code == 0, incidents.output
    merged = json.loads(incidents.output)
    assert len(merged) == 1 and merged[0]["corroboration"] == "independent"
    assert set(merged[0]["sources"]) == {"Reuters", "SANA"}


def test_same_day_interruption_does_not_split_a_holders_span() -> None:
    events = [
        ev(SUKHNAH, "2017-08-12", GOV, ISIS),
        ev(SUKHNAH, "2017-09-28", ISIS, GOV, sub="Armed clash", text="ISIS attacked Sukhnah"),
        ev(SUKHNAH, "2017-09-28", GOV, ISIS, text="the army repelled the attack and secured Sukhnah"),
    ]
    states = compute_control(events, sides=SIDES).timeline(SUKHNAH.gazetteer_id)
    assert [(s.holder, s.status, s.since, s.until) for s in states] == [
        (GOV, "assessed", date(2017, 8, 12), None)
    ]
    assert len(states[0].evidence) == 3


def test_a_range_dates_the_change_at_its_end() -> None:
    events = [ev(QARYATAYN, "2017-09-25", ISIS, GOV, sub="Non-state actor overtakes territory", end="2017-10-01")]
    cmap = compute_control(events, sides=SIDES)
    assert [c.day for c in cmap.changes(QARYATAYN.gazetteer_id)] == [date(2017, 10, 1)]
    assert cmap.state(QARYATAYN.gazetteer_id, date(2017, 9, 28)) is None


def test_division_named_bare_stands_for_its_town() -> None:
    district = Place("geonames:10", "Mayadin District", 35.02, 40.45, feature_class="A", feature_code="ADM2",
                     country="SY", admin1="Deir ez-Zor", admin1_code="07", admin2="Mayadin District")
    town_clash = ev(MAYADIN, "2017-10-06", GOV, ISIS, sub="Armed clash", text="pro-Assad units closed on Mayadin")
    edge = ev(MAYADIN, "2017-10-06", GOV, ISIS, affiliation=GOV, status="claimed",
              text="occupied grain silos on the western edge of Mayadin")
    edge = replace(edge, location=Location(district, 2, 35.02, 40.45, mention="Mayadin", relation="western edge of"))
    cmap = compute_control([town_clash, edge], sides=SIDES)
    state = cmap.state(MAYADIN.gazetteer_id, date(2017, 10, 7))
    assert state is not None
    # Fighting in a town nobody reported on before: the side attacked holds it, contested.
    assert (state.holder, state.status, state.challenger) == (ISIS, "contested", GOV)
    assert edge.id in state.evidence
    assert district.gazetteer_id not in cmap.timelines
    # Written "Mayadin District", it is the district, and taking its edge moves no town.
    named = replace(edge, location=replace(edge.location, mention="Mayadin District"))
    state = compute_control([town_clash, named], sides=SIDES).state(MAYADIN.gazetteer_id, date(2017, 10, 7))
    assert state is not None and named.id not in state.evidence


def test_contest_that_lapses_returns_to_the_holders_own_evidence() -> None:
    held = ev(SUKHNAH, "2017-08-12", GOV, ISIS)
    clash = ev(SUKHNAH, "2017-09-28", ISIS, GOV, sub="Armed clash", text="ISIS attacked Sukhnah")
    cmap = compute_control([held, clash], sides=SIDES, params=ControlParams(contest_ttl_days=5))
    states = cmap.timeline(SUKHNAH.gazetteer_id)
    assert [(s.status, s.evidence) for s in states] == [
        ("assessed", (held.id,)),
        ("contested", (clash.id,)),
        ("assessed", (held.id,)),
    ]
    assert cmap.find("Sukhna") == [SUKHNAH]


@pytest.mark.slow
def test_seed_report_control_at_publication() -> None:
    """End to end on the seed report: who holds what on the day it was published (needs the model and index)."""
    import json

    from frontline import settings
    from frontline.events.extract import extract
    from frontline.model import Document

    seed = settings.get_path("shared") / "seed"
    gold = json.loads((seed / "gold.json").read_text(encoding="utf-8"))["control_at_publication"]
    text = (seed / "syria-daily-2017-10-07.txt").read_text(encoding="utf-8")
    doc = Document.from_text(text, published=date(2017, 10, 7), publisher="EA WorldView")
    cmap = compute_control(extract(doc))
    wanted = {"Al Mayadin": "Al Mayadin", "Al Qaryatayn": "Al Qaryatayn", "Deir ez-Zor (city)": "Deir ez-Zor"}
    for row in gold:
        name = wanted.get(row["place"])
        if name is None:
            continue  # a province-wide claim is not a place on the map
        places = [p for p in cmap.find(name) if p.feature_class == "P"]
        assert places, f"no control state for {name}"
        state = cmap.state(places[0].gazetteer_id, date(2017, 10, 7))
        assert state is not None and state.holder == row["holder"], (name, state)


RAQQA_PROVINCE = Place("geonames:6", "Ar-Raqqah Governorate", 35.9, 38.9, feature_class="A", feature_code="ADM1",
                       country="SY", admin1="Raqqa", admin1_code="04")


@pytest.mark.parametrize("sub", ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED"])
def test_strikes_and_artillery_never_make_a_holder(sub: str) -> None:
    held = ev(RAQQA, "2017-08-01", ISIS, SDF, sub="Non-state actor overtakes territory")
    strike = replace(ev(RAQQA, "2017-08-10", "Russia", ISIS, sub=sub, text="Warplanes pounded the city."),
                     event_type="Explosions/Remote violence")
    assert holder([held, strike], RAQQA, "2017-08-11") == (ISIS, "assessed")
    assert len(compute_control([strike], sides=SIDES)) == 0


def test_a_side_that_cannot_hold_ground_is_never_a_holder() -> None:
    held = ev(RAQQA, "2017-10-17", SDF, ISIS, sub="Non-state actor overtakes territory")
    air_support = ev(RAQQA, "2017-10-20", "US-led coalition", ISIS, sub="Non-state actor overtakes territory",
                     text="The US-led coalition said it had cleared the city.")
    sides = Sides.for_theatre()
    state = compute_control([held, air_support], sides=sides).state(RAQQA.gazetteer_id, date(2017, 10, 21))
    assert state is not None and (state.holder, state.status) == (SDF, "assessed")
    assert len(compute_control([air_support], sides=sides)) == 0
    # Nor does a group the report cannot name.
    gunmen = ev(RAQQA, "2017-10-20", "Unidentified armed group (Syria)", SDF, sub="Non-state actor overtakes territory")
    assert len(compute_control([gunmen], sides=sides)) == 0
    # A ground force in the coalition holds what it takes under its own name, not the coalition's.
    iraq = ev(SUKHNAH, "2017-11-03", "Iraq", ISIS, text="Iraqi forces took the town.")
    taken = compute_control([iraq], sides=sides).state(SUKHNAH.gazetteer_id, date(2017, 11, 4))
    assert taken is not None and taken.holder == "Iraq"


def test_advances_in_a_province_countryside_do_not_move_its_city() -> None:
    held = ev(RAQQA, "2017-06-01", ISIS, None, sub="Non-state actor overtakes territory")
    fresh = ev(RAQQA, "2017-06-03", ISIS, None, sub="Non-state actor overtakes territory")
    countryside = ev(RAQQA_PROVINCE, "2017-06-05", SDF, ISIS, sub="Non-state actor overtakes territory", precision=3,
                     text="The SDF advanced in the eastern Raqqa countryside.")
    countryside = replace(countryside, location=Location(RAQQA_PROVINCE, 3, RAQQA_PROVINCE.latitude,
                                                         RAQQA_PROVINCE.longitude, mention="eastern Raqqa countryside"))
    assert holder([held, fresh, countryside], RAQQA, "2017-06-06") == (ISIS, "assessed")


def test_a_flag_raised_over_a_town_takes_it_where_entering_alone_contests() -> None:
    held = ev(RAQQA, "2017-08-01", ISIS, None, sub="Non-state actor overtakes territory")
    entered = replace(ev(RAQQA, "2017-10-17", SDF, None, sub="Non-state actor overtakes territory",
                         text="SDF units entered the city and hoisted their flag over the main square."),
                      trigger="enter", control="gain")
    assert holder([held, entered], RAQQA, "2017-10-18") == (SDF, "assessed")
    only = replace(entered, id="only", text="SDF units entered the city from the east.")
    assert holder([held, only], RAQQA, "2017-10-18") == (ISIS, "contested")


def test_a_capture_the_sentence_says_was_short_lived_moves_nothing() -> None:
    held = ev(RAQQA, "2017-08-01", ISIS, None, sub="Non-state actor overtakes territory")
    brief = ev(RAQQA, "2017-08-10", SDF, ISIS, sub="Non-state actor overtakes territory",
               text="The SDF's capture of the town was short-lived as a counter-attack followed at dawn.")
    assert holder([held, brief], RAQQA, "2017-08-11") == (ISIS, "assessed")
    lasting = replace(brief, id="lasting", text="The SDF captured the town after a counter-attack at dawn.")
    assert holder([held, lasting], RAQQA, "2017-08-11") == (SDF, "assessed")
    again = replace(brief, id="again", text="The SDF regained the town, which it had briefly held on Monday.")
    assert holder([held, again], RAQQA, "2017-08-11") == (SDF, "assessed")


def test_withdrawing_to_avoid_a_siege_besieges_no_one() -> None:
    held = ev(RAQQA, "2017-08-01", ISIS, None, sub="Non-state actor overtakes territory")
    avoided = replace(ev(RAQQA, "2017-08-10", SDF, ISIS, sub="Armed clash",
                         text="The fighters later pulled back to avoid being surrounded by a counter-attack."),
                      trigger="surround", control="siege")
    assert holder([held, avoided], RAQQA, "2017-08-11") == (ISIS, "assessed")
    real = replace(avoided, id="real", text="The fighters surrounded the town from three sides.")
    assert holder([held, real], RAQQA, "2017-08-11") == (ISIS, "besieged")
