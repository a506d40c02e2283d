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
     ("the death toll rose to 14", 14), ("the army advanced", 0)],
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
