"""The daily brief: events of the window, control changes, claims to verify, untrusted text escaped."""

from __future__ import annotations

from datetime import date

from frontline.control import Sides, compute_control
from frontline.incidents import merge_incidents
from frontline.model import Claim, Event, Location, Place
from frontline.outputs.brief import build_brief, render_markdown

QARYATAYN = Place("geonames:173361", "Al Qaryatayn", 34.22956, 37.24066, country="SY", admin1="Homs",
                  admin1_code="SY.11", geonameid=173361, population=31748)


def _event(eid: str, day: date, sub: str, actor1: str, actor2: str, claim: Claim, text: str) -> Event:
    return Event(
        id=eid, document_id="doc-" + eid, sentence_start=0, sentence_end=len(text), event_type="Battles",
        sub_event_type=sub, actor1=actor1, actor2=actor2,
        location=Location(QARYATAYN, 1, QARYATAYN.latitude, QARYATAYN.longitude, "Qaryatayn"),
        date_start=day, date_end=day, time_precision=1, claim=claim, confidence=0.8, text=text,
        trigger="capture", control="gain",
    )


def test_brief_lists_changes_and_claims_and_escapes_text() -> None:
    events = [
        _event("a", date(2017, 10, 1), "Non-state actor overtakes territory", "ISIS", "Syrian government forces",
               Claim("reported", "Reuters"), "ISIS captured the town of Qaryatayn on Sunday."),
        _event("b", date(2017, 10, 21), "Government regains territory", "Syrian government forces", "ISIS",
               Claim("claimed", "SANA", "Syrian government forces", "said", partisan=True),
               "The army recaptured Qaryatayn <script>alert(1)</script> on Saturday, SANA said."),
    ]
    sides = Sides.for_theatre()
    cmap = compute_control(events, sides=sides)
    publishers = {"doc-a": "Reuters", "doc-b": "SANA"}
    incidents = merge_incidents(events, sides=sides, publishers=publishers)
    text = render_markdown(build_brief(date(2017, 10, 21), events, incidents, cmap, publishers, days=1))
    assert "# Daily brief: 2017-10-21" in text
    assert "**Al Qaryatayn**: ISIS → Syrian government forces" in text
    assert "## Claims to verify" in text and "claimed by SANA" in text
    assert "<script>" not in text and "\\<script\\>" in text
    assert "ISIS captured" not in text  # the October 1 event lies outside the window


def test_an_empty_window_says_so() -> None:
    cmap = compute_control([], sides=Sides.for_theatre())
    text = render_markdown(build_brief(date(2017, 10, 21), [], [], cmap, {}, days=1))
    assert "No events or control changes" in text
