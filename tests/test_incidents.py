"""Merging events from different reports into incidents."""

from __future__ import annotations

from datetime import date
from itertools import count

from frontline.control import Sides
from frontline.incidents import MergeParams, merge_incidents
from frontline.model import Claim, Event, Location, Place, replace

GOV = "Syrian government forces"
ISIS = "ISIS"
SDF = "SDF"
SIDES = Sides(None)
_ids = count(1)

MAYADIN = Place("geonames:1", "Al Mayadin", 35.017, 40.45, country="SY", admin1="Deir ez-Zor", admin1_code="07")
# About 15 km from Mayadin: within the radius of a "near" report, outside that of a town-level one.
NEAR_MAYADIN = Place("geonames:7", "Buqrus", 35.13, 40.37, country="SY", admin1="Deir ez-Zor", admin1_code="07")
RAQQA = Place("geonames:5", "Ar Raqqah", 35.95, 39.01, country="SY", admin1="Raqqa", admin1_code="04")
DEIR_PROVINCE = Place("geonames:8", "Deir ez-Zor Governorate", 35.2, 40.2, feature_class="A", feature_code="ADM1",
                      country="SY", admin1="Deir ez-Zor", admin1_code="07")


def ev(
    place: Place,
    start: str,
    actor1: str | None,
    actor2: str | None = None,
    sub: str = "Government regains territory",
    *,
    end: str | None = None,
    doc: str | None = None,
    source: str | None = None,
    affiliation: str | None = None,
    precision: int = 1,
) -> Event:
    n = next(_ids)
    etype = "Explosions/Remote violence" if sub == "Air/drone strike" else "Battles"
    return Event(
        id=f"e{n:03d}",
        document_id=doc or f"d{n}",
        sentence_start=0,
        sentence_end=5,
        event_type=etype,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        location=Location(place, precision, place.latitude, place.longitude, mention=place.name),
        date_start=date.fromisoformat(start),
        date_end=date.fromisoformat(end or start),
        claim=Claim(source=source, speaker_affiliation=affiliation),
        confidence=0.7,
    )


def test_reports_of_one_capture_merge_and_keep_every_event() -> None:
    a = ev(MAYADIN, "2017-10-14", GOV, ISIS, source="SANA", affiliation=GOV)
    b = ev(MAYADIN, "2017-10-14", "Hezbollah", ISIS, source="Al-Manar", affiliation="Hezbollah")
    c = ev(MAYADIN, "2017-10-15", GOV, None, sub="Armed clash", source="Reuters")
    other = ev(RAQQA, "2017-10-14", SDF, ISIS)
    incidents = merge_incidents([a, b, c, other], sides=SIDES)
    assert len(incidents) == 2
    mayadin = next(i for i in incidents if a.id in i.event_ids)
    assert set(mayadin.event_ids) == {a.id, b.id, c.id}
    assert mayadin.sub_event_type == "Government regains territory"
    assert mayadin.actor1 == GOV
    assert mayadin.sources == ("SANA", "Al-Manar", "Reuters")
    assert mayadin.affiliations == (GOV, GOV, "independent")
    assert mayadin.corroboration == "independent"
    # The reports overlap only within the one-day slack: the incident spans both days.
    assert (mayadin.date_start, mayadin.date_end) == (date(2017, 10, 14), date(2017, 10, 15))
    # Events are untouched and all still there: the merge is only a view over them.
    assert sorted(sum((i.event_ids for i in incidents), ())) == sorted(e.id for e in [a, b, c, other])


def test_corroboration_levels() -> None:
    single = [ev(MAYADIN, "2017-10-14", GOV, ISIS, doc="x"), ev(MAYADIN, "2017-10-14", GOV, ISIS, doc="x")]
    one_side = [ev(MAYADIN, "2017-10-14", GOV, ISIS, source="SANA", affiliation=GOV),
                ev(MAYADIN, "2017-10-14", GOV, ISIS, source="Al-Manar", affiliation="Hezbollah")]
    both = [ev(MAYADIN, "2017-10-14", GOV, ISIS, source="SANA", affiliation=GOV),
            ev(MAYADIN, "2017-10-14", GOV, ISIS, source="Amaq", affiliation=ISIS)]
    # Two outlets of third parties to a fight between the government and ISIS: independent, not both sides.
    third = [ev(MAYADIN, "2017-10-14", GOV, ISIS, source="SANA", affiliation=GOV),
             ev(MAYADIN, "2017-10-14", GOV, ISIS, source="TRT", affiliation="Turkey")]
    cases = ((single, "single source"), (one_side, "one side"), (both, "both sides"), (third, "independent"))
    for events, level in cases:
        incidents = merge_incidents(events, sides=SIDES)
        assert [i.corroboration for i in incidents] == [level]


def test_opposite_gains_and_distant_or_later_events_stay_apart() -> None:
    gain = ev(MAYADIN, "2017-10-14", GOV, ISIS)
    loss = ev(MAYADIN, "2017-10-14", ISIS, GOV, sub="Non-state actor overtakes territory")
    later = ev(MAYADIN, "2017-10-20", GOV, ISIS)
    far = ev(RAQQA, "2017-10-14", GOV, ISIS)
    strike = ev(MAYADIN, "2017-10-14", "Russia", ISIS, sub="Air/drone strike")
    incidents = merge_incidents([gain, loss, later, far, strike], sides=SIDES)
    assert len(incidents) == 5


def test_clash_actors_may_be_listed_in_either_order() -> None:
    a = ev(MAYADIN, "2017-10-10", GOV, ISIS, sub="Armed clash")
    b = ev(MAYADIN, "2017-10-10", ISIS, GOV, sub="Armed clash")
    assert len(merge_incidents([a, b], sides=SIDES)) == 1


def test_radius_follows_precision() -> None:
    town = ev(MAYADIN, "2017-10-14", GOV, ISIS)
    nearby_town = ev(NEAR_MAYADIN, "2017-10-14", GOV, ISIS)
    assert len(merge_incidents([town, nearby_town], sides=SIDES)) == 2
    nearby_vague = ev(NEAR_MAYADIN, "2017-10-14", GOV, ISIS, precision=2)
    assert len(merge_incidents([town, nearby_vague], sides=SIDES)) == 1
    province = ev(DEIR_PROVINCE, "2017-10-14", GOV, ISIS, precision=3)
    assert len(merge_incidents([town, province], sides=SIDES)) == 1
    assert len(merge_incidents([ev(RAQQA, "2017-10-14", GOV, ISIS), province], sides=SIDES)) == 2


def test_date_ranges_overlap() -> None:
    week = ev(MAYADIN, "2017-10-09", GOV, ISIS, end="2017-10-15")
    day = ev(MAYADIN, "2017-10-12", GOV, ISIS)
    incidents = merge_incidents([week, day], sides=SIDES)
    assert len(incidents) == 1
    assert (incidents[0].date_start, incidents[0].date_end) == (date(2017, 10, 12), date(2017, 10, 12))
    undated = replace(day, id="e-undated", date_start=None, date_end=None)
    assert len(merge_incidents([week, undated], sides=SIDES)) == 2


def test_no_chaining_and_merges_can_be_undone() -> None:
    # b is within the one-day slack of a and of c, but a and c are two days apart: c must not join through b.
    a = ev(MAYADIN, "2017-10-10", GOV, ISIS)
    b = ev(MAYADIN, "2017-10-11", GOV, ISIS)
    c = ev(MAYADIN, "2017-10-12", GOV, ISIS)
    incidents = merge_incidents([a, b, c], sides=SIDES)
    assert sorted(i.event_ids for i in incidents) == [(a.id, b.id), (c.id,)]
    assert len(merge_incidents([a, b, c], sides=SIDES, params=MergeParams(date_slack_days=0))) == 3
    merged = merge_incidents([a, b], sides=SIDES)
    assert len(merged) == 1
    apart = merge_incidents([a, b], sides=SIDES, keep_apart=[(b.id, a.id)])
    assert sorted(len(i.event_ids) for i in apart) == [1, 1]
    assert merged[0].id not in {i.id for i in apart}


def test_publisher_gives_source_and_affiliation_when_text_names_none() -> None:
    a = ev(MAYADIN, "2017-10-14", GOV, ISIS, doc="d-sana")
    b = ev(MAYADIN, "2017-10-14", GOV, ISIS, doc="d-other")
    incidents = merge_incidents([a, b], sides=SIDES, publishers={"d-sana": "SANA", "d-other": "Reuters"})
    assert len(incidents) == 1
    assert set(incidents[0].sources) == {"SANA", "Reuters"}
