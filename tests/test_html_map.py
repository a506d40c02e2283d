"""The standalone HTML map: report text reaches the page only as inert JSON."""

from __future__ import annotations

import json
import re
from datetime import date

from frontline.model import Claim, Event, Location, Place
from frontline.outputs.html_map import render_map

MAYADIN = Place("geonames:166365", "Mayadin", 35.01982, 40.45154, country="SY", admin1="Deir ez-Zor")


def _event(text: str) -> Event:
    return Event(
        id="e1", document_id="d1", sentence_start=0, sentence_end=len(text), event_type="Battles",
        sub_event_type="Armed clash", actor1="ISIS", actor2=None,
        location=Location(MAYADIN, 1, MAYADIN.latitude, MAYADIN.longitude, "Mayadin"),
        date_start=date(2017, 10, 6), date_end=date(2017, 10, 6), time_precision=1,
        claim=Claim("reported", "Reuters"), confidence=0.8, text=text,
    )


def test_report_text_cannot_end_the_script_or_take_the_title() -> None:
    text = "Clashes in Mayadin </script><script>alert(1)</script> __TITLE__ /*EVENTS_JSON*/null"
    page = render_map([_event(text)], title="Deir ez-Zor <b>")
    assert "<script>alert(1)" not in page
    assert page.count("<title>Deir ez-Zor &lt;b&gt;</title>") == 1
    data = re.search(r"const data = (.*);\n", page)
    assert data is not None
    assert json.loads(data.group(1))["features"][0]["properties"]["text"] == text
