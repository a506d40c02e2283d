"""Dates are never invented: an undated report takes the date it states, or its events stay undated."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.cli.main import build_cli
from frontline.control.observe import observe
from frontline.control.sides import Sides
from frontline.events.dates import find_in, resolve
from frontline.events.extract import extract
from frontline.ingest.dates import date_from_text, date_from_url, infer_published
from frontline.ingest.sources import read_source
from frontline.model import Document

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize("expression", ["on Saturday", "yesterday", "October 20", "last week", "in September", "two days ago"])
def test_relative_times_need_an_anchor(expression: str) -> None:
    assert resolve(expression, None) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("On 14 October 2017 the army entered the town.", date(2017, 10, 14), date(2017, 10, 14)),
        ("The town fell on October 14, 2017.", date(2017, 10, 14), date(2017, 10, 14)),
        ("Fighting raged through October 2017.", date(2017, 10, 1), date(2017, 10, 31)),
    ],
)
def test_times_with_their_year_resolve_without_an_anchor(text: str, start: date, end: date) -> None:
    found = find_in(text, None)
    assert found is not None and (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2018-03-18 Turkish-backed rebels entered the town.", date(2018, 3, 18)),
        ("BAGHOUZ, Syria, March 23, 2019 (AFP) - Fighting went on.", date(2019, 3, 23)),
        ("World | 18.03.2018\nRebels entered the town.", date(2018, 3, 18)),
        ("Published 14 October 2017\nThe army said it took the town.", date(2017, 10, 14)),
    ],
)
def test_a_dateline_or_byline_dates_the_report(text: str, expected: date) -> None:
    assert date_from_text(text, TODAY) == expected


def test_a_date_deep_in_the_body_is_not_the_publication_date() -> None:
    body = "Rebels entered the town after a long battle. " * 12 + "The siege began on 6 June 2016."
    assert date_from_text(body, TODAY) is None


def test_a_date_after_reading_is_not_a_publication_date() -> None:
    assert date_from_text("Updated 14 October 2031: the town fell.", TODAY) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/news/2017/10/14/army-takes-town", date(2017, 10, 14)),
        ("https://example.org/world/army-takes-town-20171014-story.html", date(2017, 10, 14)),
        ("https://example.org/news/2017-10-14-army-takes-town", date(2017, 10, 14)),
        ("https://example.org/news/2017/10/army-takes-town", None),
        ("https://example.org/article/50000262-3556716", None),
    ],
)
def test_an_address_dates_the_report_only_with_a_full_date(url: str, expected: date | None) -> None:
    assert date_from_url(url, TODAY) == expected


def test_the_dateline_comes_before_the_address() -> None:
    assert infer_published("https://example.org/2017/10/20/x", "14 October 2017 - text", TODAY) == date(2017, 10, 14)


def test_an_undated_report_gives_undated_events_not_today() -> None:
    doc = Document.from_text("The Syrian army captured the town of Mayadin from ISIS on Saturday.")
    events = extract(doc)
    assert events, "the capture is still an event"
    assert all(e.date_start is None and e.date_end is None for e in events)


def test_an_undated_report_keeps_dates_that_carry_their_year() -> None:
    doc = Document.from_text("The Syrian army captured the town of Mayadin from ISIS on 14 October 2017.")
    events = extract(doc)
    assert events and all(e.date_start == date(2017, 10, 14) for e in events)


def test_undated_events_never_enter_control() -> None:
    doc = Document.from_text("The Syrian army captured the town of Mayadin from ISIS on Saturday.")
    events = extract(doc)
    assert events and observe(events, Sides.for_theatre()) == []


def test_reading_a_source_fills_the_date_it_states(tmp_path: Path) -> None:
    path = tmp_path / "report.jsonl"
    rows = [
        {"url": "https://example.org/2018/03/18/afrin", "text": "Rebels entered Afrin on Sunday."},
        {"url": "https://example.org/afrin", "text": "Rebels entered Afrin on Sunday."[::-1]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs = [item.document for item in read_source(str(path)) if item.document is not None]
    assert [d.published for d in docs] == [date(2018, 3, 18), None]


def test_ingest_says_how_many_reports_had_no_date(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    rows = [
        {"url": "https://example.org/a", "date": "2017-10-14", "text": "The Syrian army captured Mayadin from ISIS on Saturday."},
        {"url": "https://example.org/b", "text": "ISIS fighters captured the town of Qaryatayn on Sunday."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(build_cli(), ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "undated reports: 1" in result.output
    listed = CliRunner().invoke(build_cli(), ["events", "--db", str(db)])
    assert "Qaryatayn" in listed.output or "Al Qaryatayn" in listed.output
    since = CliRunner().invoke(build_cli(), ["events", "--db", str(db), "--since", "2000-01-01"])
    assert "Qaryatayn" not in since.output
