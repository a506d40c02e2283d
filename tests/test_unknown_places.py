"""A place the gazetteer lacks is kept by its name, located at the finest unit the report gives, never dropped."""

from __future__ import annotations

from datetime import date

from frontline.control import Sides, compute_control
from frontline.events.extract import extract
from frontline.geo.distance import haversine_km
from frontline.model import Document, Event

DARAA = (32.62, 36.10)
AL_BAB = (36.37, 37.52)


def _events(text: str) -> list[Event]:
    return extract(Document.from_text(text, published=date(2018, 3, 5)))


def test_a_capture_of_an_unknown_village_in_a_province_countryside_is_kept_by_name() -> None:
    (event,) = _events("Government forces seized control of Tell Qarmoun in northern Dar'a countryside on 3 March 2018.")
    assert event.sub_event_type == "Government regains territory"
    loc = event.location
    assert loc is not None and not loc.place.known
    assert loc.place.name == "Tell Qarmoun" and loc.mention == "Tell Qarmoun"
    assert loc.geo_precision == 3 and "Dar" in (loc.relation or "")
    assert haversine_km(loc.latitude, loc.longitude, *DARAA) < 60
    assert event.to_dict()["place_known"] is False


def test_an_unknown_village_near_a_town_is_placed_at_the_town_with_precision_2() -> None:
    (event,) = _events("The SDF captured the village of Tell Qarmoun near Al-Bab from ISIS on 3 March 2018.")
    loc = event.location
    assert loc is not None and not loc.place.known and loc.place.name == "Tell Qarmoun"
    assert loc.geo_precision == 2
    assert haversine_km(loc.latitude, loc.longitude, *AL_BAB) < 15


def test_a_known_place_is_not_displaced_by_the_unit_it_lies_in() -> None:
    (event,) = _events("The Syrian army captured Mayadin from ISIS on 14 October 2017.")
    assert event.location is not None and event.location.place.known


def test_control_keeps_a_timeline_for_the_unknown_place_under_its_name() -> None:
    events = _events("The SDF captured the village of Tell Qarmoun near Al-Bab from ISIS on 3 March 2018.")
    cmap = compute_control(events, sides=Sides.for_theatre())
    keys = [k for k in cmap.timelines if k.startswith("unknown:")]
    assert keys == ["unknown:sy:tell-qarmoun"]
    state = cmap.state(keys[0], date(2018, 3, 6))
    assert state is not None and state.holder == "SDF" and state.place.name == "Tell Qarmoun"


def test_unknown_villages_listed_together_are_one_event_each() -> None:
    events = _events("The SDF captured the villages of Tell Qarmoun, Ain Dhahab and Kafr Salam near Al-Bab from ISIS "
                     "on 3 March 2018.")
    names = [e.location.place.name for e in events if e.location is not None]
    assert names == ["Tell Qarmoun", "Ain Dhahab", "Kafr Salam"]
    assert len({e.id for e in events}) == 3
    both = _events("The SDF captured the Kafr Salam and Tell Qarmoun villages near Al-Bab from ISIS on 3 March 2018.")
    assert sorted(e.location.place.name for e in both if e.location is not None) == ["Kafr Salam", "Tell Qarmoun"]
