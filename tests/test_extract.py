"""The event extractor on hand-built sentences, dates and the seed report's gold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontline.events.dates import find_in
from frontline.events.extract import extract
from frontline.events.fatalities import count_fatalities
from frontline.model import Document, Event

PUBLISHED = date(2017, 10, 7)  # a Saturday


def _events(text: str, publisher: str | None = "Example Wire") -> list[Event]:
    return extract(Document.from_text(text, publisher=publisher, published=PUBLISHED))


def _one(text: str, **kw: str | None) -> Event:
    found = _events(text, **kw)
    assert len(found) == 1, [(e.sub_event_type, e.actor1, e.text) for e in found]
    return found[0]


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision"),
    [
        ("on Friday", "2017-10-06", "2017-10-06", 1),
        ("last week", "2017-09-25", "2017-10-01", 2),
        ("throughout this week", "2017-10-02", "2017-10-07", 2),
        ("at the start of September", "2017-09-01", "2017-09-10", 3),
        ("on October 3, 2017", "2017-10-03", "2017-10-03", 1),
        ("on 5 October", "2017-10-05", "2017-10-05", 1),
        ("yesterday", "2017-10-06", "2017-10-06", 1),
        ("two days ago", "2017-10-05", "2017-10-05", 1),
        ("in September", "2017-09-01", "2017-09-30", 3),
    ],
)
def test_time_expressions_resolve_against_publication(expression: str, start: str, end: str, precision: int) -> None:
    found = find_in(f"The army attacked {expression}.", PUBLISHED)
    assert found is not None
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (start, end, precision)


def test_durations_are_not_dates() -> None:
    assert find_in("It broke a three-year siege.", PUBLISHED) is None


@pytest.mark.parametrize(
    ("text", "count"),
    [("killing 12 people", 12), ("at least 20 civilians were killed", 20), ("dozens of fighters died", 12),
     ("the death toll rose to 14", 14), ("the army advanced", 0), ("ISIS executed 12 civilians", 12),
     ("the planes fired missiles, killing dozens.", 12), ("a dozen soldiers were killed", 12)],
)
def test_fatalities_follow_acled_conventions(text: str, count: int) -> None:
    assert count_fatalities(text) == count


def test_capture_by_the_government_is_government_regains_territory() -> None:
    e = _one("The Syrian army captured the town of Qaryatayn from ISIS on Friday.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Government regains territory")
    assert (e.actor1, e.actor2) == ("Syrian government forces", "ISIS")
    assert e.location is not None and e.location.place.geonameid == 173361
    assert (e.date_start, e.time_precision) == (date(2017, 10, 6), 1)
    assert e.control == "gain"


def test_capture_by_a_rebel_group_is_non_state_overtakes_territory() -> None:
    e = _one("ISIS fighters seized the town of Qaryatayn on Sunday.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "ISIS"


def test_air_strike_with_accusation() -> None:
    e = _one("The SDF accused Russian warplanes of bombing their positions near Deir ez-Zor on Tuesday.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Air/drone strike", "Russia", "SDF")
    assert e.claim.status == "accused" and e.claim.source == "The SDF"


def test_shelling() -> None:
    e = _one("Government forces shelled the town of Douma on Thursday, killing 12 people.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert e.fatalities == 12


def test_party_statement_is_a_claim_and_partisan() -> None:
    e = _one("The Syrian army said it had captured Mayadin from ISIS on Friday.")
    assert e.claim.status == "claimed"
    assert e.claim.speaker_affiliation == "Syrian government forces"
    assert e.claim.partisan


def test_hypotheticals_threats_and_negations_are_not_events() -> None:
    assert _events("The army could attack Mayadin next week.") == []
    assert _events("ISIS threatened to attack Deir ez-Zor.") == []
    assert _events("The regime will continue its operations until it captures Mayadin.") == []
    assert _events("The army is facing a possible showdown with ISIS in Mayadin.") == []
    assert _events("The army did not capture Mayadin on Friday.") == []


def test_movement_without_an_enemy_is_a_strategic_development() -> None:
    e = _one("The SDF, who closed on Deir ez-Zor city from the north, held a meeting.")
    assert (e.event_type, e.sub_event_type, e.actor1) == ("Strategic developments", "Other", "SDF")


def test_supporting_air_strikes_hit_the_ground_enemy() -> None:
    found = _events("The regime army, supported by Russian airstrikes, occupied grain silos near Mayadin from ISIS on Friday.")
    kinds = {e.sub_event_type: e for e in found}
    assert kinds["Air/drone strike"].actor1 == "Russia"
    assert kinds["Air/drone strike"].actor2 == "ISIS"
    assert kinds["Government regains territory"].actor1 == "Syrian government forces"


def test_every_event_traces_to_its_sentence() -> None:
    text = "Headline\n\nThe Syrian army captured Mayadin from ISIS on Friday. Nothing else happened."
    (e,) = _events(text)
    assert text[e.sentence_start : e.sentence_end].strip() == e.text
    assert e.text.startswith("The Syrian army captured Mayadin")


def test_seed_report_meets_its_gold(shared: Path) -> None:
    from frontline.eval.seed_run import run_seed

    report = run_seed(shared / "seed" / "gold.json")
    summary = report.score.summary()
    assert summary["required_missed"] == []
    assert summary["false_positives"] <= 2
    assert summary["claim_status_right"] == summary["required"]


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision"),
    [
        ("2017-10-03", "2017-10-03", "2017-10-03", 1),
        ("3rd of October 2017", "2017-10-03", "2017-10-03", 1),
        ("on October 4", "2017-10-04", "2017-10-04", 1),
        ("in mid-September", "2017-09-11", "2017-09-20", 3),
        ("at the end of August", "2017-08-21", "2017-08-31", 3),
        ("in August 2016", "2016-08-01", "2016-08-31", 3),
        ("this morning", "2017-10-07", "2017-10-07", 1),
        ("last night", "2017-10-06", "2017-10-06", 1),
        ("three days ago", "2017-10-04", "2017-10-04", 1),
        ("several days ago", "2017-10-03", "2017-10-05", 2),
        ("last Saturday", "2017-09-30", "2017-09-30", 1),
        ("last month", "2017-09-01", "2017-09-30", 3),
        ("earlier this month", "2017-10-01", "2017-10-07", 3),
        ("in recent days", "2017-10-04", "2017-10-07", 2),
    ],
)
def test_every_date_form_resolves(expression: str, start: str, end: str, precision: int) -> None:
    found = find_in(f"The army attacked {expression}.", PUBLISHED)
    assert found is not None
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (start, end, precision)


def test_a_sentence_without_a_date_is_dated_to_the_report() -> None:
    e = _one("Rebels clashed with government forces near Idlib.")
    assert (e.date_start, e.date_end, e.time_precision) == (date(2017, 10, 6), PUBLISHED, 2)


# One hand-built sentence per ACLED sub-event type the lexicon covers: (text, event type, sub-event, actor1).
EVENT_TYPES = [
    ("Rebels clashed with government forces near Idlib on Monday.", "Battles", "Armed clash", "Syrian opposition"),
    ("ISIS fighters attacked an army checkpoint near Palmyra on Tuesday.", "Battles", "Armed clash", "ISIS"),
    ("The SDF captured the village of Hajin from ISIS on Tuesday.", "Battles", "Non-state actor overtakes territory", "SDF"),
    ("Government forces besieged Eastern Ghouta in September.", "Battles", "Armed clash", "Syrian government forces"),
    ("Russian warplanes struck the town of Saraqib on Wednesday.", "Explosions/Remote violence", "Air/drone strike", "Russia"),
    ("A drone strike hit a car in Idlib on Thursday.", "Explosions/Remote violence", "Air/drone strike", None),
    ("Government forces shelled the town of Douma on Thursday.", "Explosions/Remote violence", "Shelling/artillery/missile attack", "Syrian government forces"),
    ("An IED exploded near a bus in Azaz on Friday.", "Explosions/Remote violence", "Remote explosive/landmine/IED", None),
    ("A roadside bomb detonated near a patrol in Daraa yesterday.", "Explosions/Remote violence", "Remote explosive/landmine/IED", None),
    ("A suicide bomber blew himself up at a checkpoint in Jableh on Monday.", "Explosions/Remote violence", "Suicide bomb", None),
    ("ISIS executed 12 civilians in Raqqa on Tuesday.", "Violence against civilians", "Attack", "ISIS"),
    ("ISIS killed 20 civilians in Mayadin on Friday.", "Violence against civilians", "Attack", "ISIS"),
    ("Gunmen kidnapped a journalist in Idlib on Wednesday.", "Violence against civilians", "Abduction/forced disappearance", "Unidentified armed group (Syria)"),
    ("Hundreds of protesters demonstrated in Sweida on Friday.", "Protests", "Peaceful protest", "Protesters (Syria)"),
    ("Government forces arrested dozens of men in Daraa on Thursday.", "Strategic developments", "Arrests", "Syrian government forces"),
    ("Rebels agreed a ceasefire in Eastern Ghouta on Friday.", "Strategic developments", "Agreement", "Syrian opposition"),
    ("Rebels withdrew from the town of Khan Shaykhun on Monday.", "Strategic developments", "Non-violent transfer of territory", "Syrian opposition"),
    ("The SDF announced the start of operations against ISIS in Deir ez-Zor on Saturday.", "Strategic developments", "Other", "SDF"),
]


@pytest.mark.parametrize(("text", "event_type", "sub_event", "actor1"), EVENT_TYPES)
def test_every_event_type_from_one_sentence(text: str, event_type: str, sub_event: str, actor1: str | None) -> None:
    e = _one(text)
    assert (e.event_type, e.sub_event_type, e.actor1) == (event_type, sub_event, actor1)


def test_a_siege_marks_control() -> None:
    assert _one("Government forces besieged Eastern Ghouta in September.").control == "siege"


def test_a_weapon_as_subject_is_the_act_and_its_verb_only_the_outcome() -> None:
    e = _one("14 shells hit the town of Douma on Thursday.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    e = _one("A drone strike hit a car in Idlib on Thursday, killing two HTS commanders.")
    assert (e.sub_event_type, e.fatalities) == ("Air/drone strike", 2)
    e = _one("13 people were killed by aerial bombardment in Douma on Friday.")
    assert (e.sub_event_type, e.fatalities) == ("Air/drone strike", 13)


def test_fighting_between_two_sides_gives_both_roles() -> None:
    e = _one("Fighting between the SDF and ISIS raged in Raqqa on Sunday.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Armed clash", "SDF", "ISIS")
    e = _one("Clashes continue between regime forces and IS in Hama.")
    assert (e.actor1, e.actor2) == ("Syrian government forces", "ISIS")


def test_civilians_are_never_the_side_that_acts() -> None:
    e = _one("Civilians were killed in shelling by the regime forces on Douma on Friday.")
    assert e.actor1 != "Civilians (Syria)"


def test_killing_civilians_is_an_attack_with_its_toll() -> None:
    e = _one("ISIS executed 12 civilians in Raqqa on Tuesday.")
    assert (e.actor2, e.fatalities) == ("Civilians (Syria)", 12)


def test_denial_keeps_the_act_with_a_denied_claim_and_the_speaker_as_agent() -> None:
    e = _one("Russia denied that its warplanes bombed a hospital in Idlib on Tuesday.")
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "Russia")
    assert (e.claim.status, e.claim.verb) == ("denied", "denied")


def test_a_party_claiming_through_a_possessive_is_the_agent() -> None:
    e = _one("ISIS claimed that its fighters attacked an army post near Palmyra on Monday.")
    assert (e.actor1, e.claim.status, e.claim.source) == ("ISIS", "claimed", "ISIS")


def test_a_neutral_outlet_reports() -> None:
    e = _one("Rebels clashed with government forces near Idlib on Monday.")
    assert (e.claim.status, e.claim.source) == ("reported", "Example Wire")


def test_according_to_party_media_is_a_claim() -> None:
    e = _one("According to SANA, rebels shelled the city of Aleppo on Friday.")
    assert (e.claim.status, e.claim.source, e.claim.speaker_affiliation) == ("claimed", "SANA", "Syrian government forces")
    assert e.actor2 != "Syrian government forces"  # the outlet speaks; it is not a party to the act


@pytest.mark.parametrize(
    "text",
    ["Rebels reportedly captured the village of Kafr Nabudah on Wednesday.",
     "There were unconfirmed reports that warplanes struck Saraqib on Thursday."],
)
def test_hedged_acts_are_unconfirmed(text: str) -> None:
    assert _one(text).claim.status == "unconfirmed"


def test_old_acts_are_historical() -> None:
    e = _one("In March 2013, government forces besieged Eastern Ghouta.")
    assert (e.claim.status, e.date_start) == ("historical", date(2013, 3, 1))


@pytest.mark.parametrize(
    "text",
    ["Government forces will attack Idlib next month.",
     "Turkey might launch an offensive against the SDF in Afrin.",
     "Rebels did not attack the town of Mhardeh on Friday.",
     "ISIS vowed to attack Damascus."],
)
def test_future_hypothetical_and_negated_acts_are_not_events(text: str) -> None:
    assert _events(text) == []


def test_a_killing_in_the_same_clause_is_the_outcome_of_the_act() -> None:
    e = _one("Government forces captured the village of Hajin from ISIS on Tuesday, killing 12 militants.")
    assert (e.sub_event_type, e.fatalities) == ("Government regains territory", 12)


def test_a_killing_after_an_abduction_is_a_second_act() -> None:
    kinds = {e.sub_event_type for e in _events("ISIS killed an SDF member on Monday after kidnapping him.")}
    assert kinds == {"Armed clash", "Abduction/forced disappearance"}


def test_who_an_outcome_verb_names_is_the_target() -> None:
    e = _one("A landmine explosion left by ISIS killed an SDF member near Raqqa on Monday.")
    assert (e.sub_event_type, e.actor2) == ("Remote explosive/landmine/IED", "SDF")
    e = _one("Ten SDF fighters were killed in shelling by ISIS near Raqqa on Monday.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Shelling/artillery/missile attack", "ISIS", "SDF")


def test_a_passive_participle_describes_its_victims() -> None:
    e = _one("There were 10 Russian soldiers killed by ISIS near Palmyra on Monday.")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == ("Armed clash", "ISIS", "Russia", 10)


def test_a_death_toll_without_a_perpetrator_restates_the_act_before_it() -> None:
    found = _events("Russian warplanes struck Saraqib on Monday. The monitor said 27 people were killed.")
    assert [(e.sub_event_type, e.fatalities) for e in found] == [("Air/drone strike", 27)]
    (alone,) = _events("The monitor said 27 civilians were killed in Saraqib on Monday.")
    assert (alone.sub_event_type, alone.actor1, alone.fatalities) == ("Attack", None, 27)


def test_a_subject_the_parser_lost_is_read_left_of_a_headline_verb() -> None:
    e = _one("After fleeing Raqqa, the “Islamic State” execute a man in Mayadin")
    assert (e.sub_event_type, e.actor1) == ("Attack", "ISIS")


def test_chemical_attacks_and_air_weapons() -> None:
    e = _one("A chemical attack on Khan Shaykhun killed 70 people on Tuesday.")
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Explosions/Remote violence", "Chemical weapon", 70)
    e = _one("Regime helicopters dropped barrel bombs on Daraya on Monday.")
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "Syrian government forces")
    e = _one("Rebels fired rockets at the city of Aleppo on Friday.")
    assert (e.sub_event_type, e.actor1) == ("Shelling/artillery/missile attack", "Syrian opposition")



def test_a_fight_with_one_named_side_takes_the_other_from_the_sentence() -> None:
    e = _one("Losses among rebels after clashes against regime forces in Hama countryside on Monday.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Armed clash", "Syrian opposition", "Syrian government forces")


def test_between_hung_on_a_place_still_names_the_sides() -> None:
    e = _one("Clashes in Hasakah between the SDF and regime forces on Monday.")
    assert (e.actor1, e.actor2) == ("SDF", "Syrian government forces")


def _territorial(events: list[Event]) -> list[Event]:
    return [e for e in events if e.control == "gain"]


@pytest.mark.parametrize(
    "text",
    [
        "The battle to retake Raqqa from ISIS has lasted four months.",
        "The SDF launched an offensive to capture Tabqa from ISIS on Monday.",
        "The army is pressing a campaign to liberate Raqqa from ISIS.",
    ],
)
def test_an_infinitive_of_purpose_after_an_undertaking_is_an_aim_not_a_gain(text: str) -> None:
    assert _territorial(_events(text)) == []


def test_a_place_that_fell_to_a_side_was_gained_by_that_side() -> None:
    events = _territorial(_events("ISIS-held Raqqa fell to Kurdish forces on Tuesday."))
    assert [(e.actor1, e.location.place.name if e.location else None) for e in events] == [("YPG", "Ar Raqqah")]
    relcl = _territorial(_events("Daraya, which fell to Assad regime forces in August, was evacuated."))
    assert [e.actor1 for e in relcl] == ["Syrian government forces"]


def test_a_pronoun_inside_a_speech_complement_is_the_speaker() -> None:
    event = _one("The SDF said they had captured the stadium in Tabqa from ISIS.")
    assert (event.actor1, event.actor2, event.control) == ("SDF", "ISIS", "gain")


def test_the_town_points_back_to_the_last_town_named() -> None:
    text = (
        "ISIS still holds Raqqa. In Homs province, Syrian troops fought ISIS near Qaryatayn on Friday. "
        "Syrian troops regained control of the town on Saturday."
    )
    gains = _territorial(_events(text))
    assert len(gains) == 1
    location = gains[0].location
    assert location is not None
    assert (location.place.name, location.geo_precision) == ("Al Qaryatayn", 1)


def test_an_act_awaited_until_it_happens_is_not_a_gain() -> None:
    assert _territorial(_events("The coalition expects difficult days ahead until Raqqa is retaken from ISIS.")) == []


def test_since_a_month_runs_to_publication_and_dates_do_not_run_on() -> None:
    found = find_in("The battle has been raging since June.", PUBLISHED)
    assert found is not None and (found.start, found.end, found.precision) == (date(2017, 6, 1), PUBLISHED, 3)
    text = (
        "The battle has been raging since June. The city is in ruins. "
        "The Syrian army captured the town of Qaryatayn from ISIS."
    )
    (e,) = [e for e in _events(text) if e.sub_event_type == "Government regains territory"]
    assert e.date_start != date(2017, 6, 1), "a date two sentences back must not date this act"


def test_an_unnamed_town_is_not_placed_at_the_reports_focus() -> None:
    text = "ISIS fighters attacked Raqqa on Monday. Government forces seized a town in the east of the country."
    gains = [e for e in _events(text) if e.sub_event_type == "Government regains territory"]
    assert gains and all(e.location is None for e in gains)


def test_imminent_and_nominal_acts_do_not_invent_a_gain() -> None:
    assert not [e for e in _events("The city is on the verge of being captured by the SDF, officials said.")
                if e.sub_event_type.endswith("territory")]
    found = _events("The recapture of Raqqa after three years of Isis rule is a symbolic loss to the group.")
    assert all(e.actor1 != "ISIS" for e in found if e.sub_event_type.endswith("territory"))


def test_years_ago_is_history() -> None:
    found = find_in("It was occupied by ISIS three years ago.", PUBLISHED)
    assert found is not None and found.end.year == 2015 and found.precision == 3


def test_left_counts_deaths_only_with_dead() -> None:
    assert count_fatalities("The blast left a crater in the road.") == 0
    assert count_fatalities("The strike hit a market, leaving 12 people dead.") == 12


def _sides(text: str, publisher: str | None = "SOHR") -> list[tuple[str, str | None, str | None]]:
    return [(e.sub_event_type, e.actor1, e.actor2) for e in _events(text, publisher=publisher)]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # The parser tags these verbs as nouns; word order still says who attacked whom.
        ("ISIS attacks locations of the regime forces and the militiamen loyal to them in al-Mayadin Desert",
         [("Armed clash", "ISIS", "Syrian government forces")]),
        ("Clashes breakout between regime forces and IS around Tadmur", [("Armed clash", "Syrian government forces", "ISIS")]),
        # Coordinated verbs share their subject.
        ("SDF advances around Menbej and kill 6 IS", [("Armed clash", "SDF", "ISIS")]),
        # SOHR's house word for ISIS.
        ("Clashes between the regime forces and the organization in Palmyra desert", [("Armed clash", "Syrian government forces", "ISIS")]),
        # "the factions loyal to them" fight on the side "them" stands for.
        ("The Turkish forces and the factions loyal to them shell Tal Rifaat since dawn", [("Shelling/artillery/missile attack", "Turkey", None)]),
        # One-sided violence: the civilians killed are the target, never the attacker.
        ("Targeting by warplanes kills 5 civilians in Idlib countryside", [("Air/drone strike", None, "Civilians (Syria)")]),
    ],
)
def test_headlines_are_read_by_word_order(headline: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert _sides(headline) == expected


def test_casualty_headlines_make_the_sides_that_lost_people_actors() -> None:
    (toll,) = _events("47 were killed yesterday, including 11 members of the regime forces and militiamen loyal to them and 4 civilians",
                      publisher="SOHR")
    assert (toll.sub_event_type, toll.actor1, toll.actor2) == ("Armed clash", None, "Syrian government forces")
    assert (toll.date_start, toll.date_end, toll.time_precision) == (date(2017, 10, 6), date(2017, 10, 6), 1)
    # Losses on two opposing sides named together are a fight between them.
    assert _sides("Tens of injuries and casualties in the ranks of the regime forces and the “Islamic State” in Palmyra") == [
        ("Armed clash", "Syrian government forces", "ISIS")]
    # A casualty line that names no side is no event.
    assert _events("More casualties raise the number to 16 in Aleppo city", publisher="SOHR") == []


def test_headline_reading_stays_in_the_headline() -> None:
    # The same words in a body sentence are left to the parse, and a headline with no side named gives nothing.
    body = "Report\n\nTens of injuries and casualties in the ranks of the regime forces and the “Islamic State” in Palmyra."
    assert _events(body, publisher="SOHR") == []
    assert _events("Clashes on many fronts of Aleppo", publisher="SOHR") == []


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision"),
    [("since dawn", "2017-10-07", "2017-10-07", 1), ("in the past 24 hours", "2017-10-06", "2017-10-07", 2),
     ("in the past 48 hours", "2017-10-05", "2017-10-07", 2)],
)
def test_daily_report_times(expression: str, start: str, end: str, precision: int) -> None:
    found = find_in(f"Regime forces shelled the town {expression}", PUBLISHED)
    assert found is not None
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == (start, end, precision)


def test_the_party_a_victim_is_charged_with_is_not_the_target() -> None:
    assert _sides("ISIS executes 2 women in its last enclave on charge of “dealing with the SDF”") == [("Attack", "ISIS", None)]
    # Outside a charge the named party is the target as before.
    assert _sides("The regime forces execute 3 rebels in Hama countryside") == [("Attack", "Syrian government forces", "Syrian opposition")]


def test_between_names_the_sides_of_the_act_it_belongs_to() -> None:
    # Two factions "between ... against" the regime fight side by side.
    assert _sides("Clashes renewed between Hayyaat Tahrir al-Sham and the factions against the regime forces southwest of Rif Dimashq") == [
        ("Armed clash", "HTS", "Syrian government forces")]
    # The parties to an agreement are not the sides of a shelling told beside it.
    found = _sides("The regime forces shell east of Damascus after a new agreement between Rahman Corps and Jaysh al-Islam",
                   publisher="Example Wire")
    assert ("Shelling/artillery/missile attack", "Faylaq al-Rahman", "Jaish al-Islam") not in found
    assert found[0][:2] == ("Shelling/artillery/missile attack", "Syrian government forces")
    # "killed of SDF ... in attacks by ISIS": the SDF lost people to ISIS.
    assert _sides("Tens were killed of SDF and ISIS in violent attacks by ISIS on al-Tabaqa") == [("Armed clash", "ISIS", "SDF")]


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("The factions kill and injure several members of the regime forces in the countryside of Hama",
         ("Armed clash", "Syrian opposition", "Syrian government forces")),
        ("ISIS expels regime forces and desert hawks from the Syriatel hill",
         ("Non-state actor overtakes territory", "ISIS", "Syrian government forces")),
        ("Hayyaat Tahrir al-Sham achieves further advancement in the north-east of Hama and recovers new areas from ISIS",
         ("Non-state actor overtakes territory", "HTS", "ISIS")),
        ("More than 30 at least of the regime forces and the “Islamic State” organization were killed in the eastern countryside of Homs",
         ("Armed clash", "Syrian government forces", "ISIS")),
    ],
)
def test_monitor_headline_idiom(headline: str, expected: tuple[str, str | None, str | None]) -> None:
    assert _sides(headline)[0] == expected


def test_a_headline_and_the_body_telling_the_same_capture_make_one_event() -> None:
    text = (
        "SDF seize al-Omar oil field\n\n"
        "The US-backed Syrian Democratic Forces captured the al-Omar oil field east of the Euphrates in "
        "Deir ez-Zor Province on Sunday, the group said, after ISIS fighters withdrew from the area."
    )
    document = Document.from_text(text, publisher="Example Wire", published=date(2017, 10, 23))
    events = [e for e in extract(document) if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(events) == 1
    (event,) = events
    assert event.actor1 == "SDF" and event.actor2 == "ISIS"
    assert str(event.date_start) == "2017-10-22" and event.time_precision == 1
