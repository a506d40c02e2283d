"""`frontline eval news`: gold read as facts from the corpora, events paired one to one, halves fixed by hash."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.cli.main import build_cli
from frontline.errors import InputError
from frontline.eval.news import (
    GoldEvent,
    NewsReport,
    date_right,
    default_gold_dir,
    half_of,
    held_out,
    match_report,
    read_control_gold,
    read_event_gold,
    sides_right,
)
from frontline.model import Claim, Event, Location, Place

TEXT = (
    "Rebels capture Kafr Town\n\n"
    "Syrian rebels captured the town of Kafr Town from government forces on Monday, a monitor said. "
    "Russian jets struck the town of Binnish on Tuesday."
)
URL = "https://example.org/2016/08/30/kafr-town"
TOWN = Place("t:1", "Kafr Town", 35.3, 36.7, country="SY")
FAR = Place("t:2", "Far Town", 36.3, 38.7, country="SY")


def _gold(**changes: object) -> GoldEvent:
    start = TEXT.index("Syrian rebels")
    fields: dict[str, object] = dict(
        id="x-1", corpus="syria_2016_2019", theatre="syria", url=URL, start=start, end=TEXT.index(" Russian"),
        sub_event_type="Non-state actor overtakes territory", actor1="Syrian opposition",
        actor2="Syrian government forces", place="Kafr Town", latitude=35.3, longitude=36.7,
        date_start=date(2016, 8, 29), date_end=date(2016, 8, 29), claim="reported",
    )
    fields.update(changes)
    return GoldEvent(**fields)  # type: ignore[arg-type]


def _event(eid: str = "p1", place: Place = TOWN, **changes: object) -> Event:
    start = TEXT.index("Syrian rebels")
    fields: dict[str, object] = dict(
        id=eid, document_id="d", sentence_start=start, sentence_end=TEXT.index(" Russian"), event_type="Battles",
        sub_event_type="Non-state actor overtakes territory", actor1="Syrian opposition",
        actor2="Syrian government forces", location=Location(place, 1, place.latitude, place.longitude),
        date_start=date(2016, 8, 29), date_end=date(2016, 8, 29), claim=Claim(),
    )
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def test_the_halves_are_fixed_by_a_hash_of_the_key() -> None:
    key = "https://example.org/a"
    assert held_out(key) == (int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 1)
    assert half_of(key) == ("held_out" if held_out(key) else "tuned")
    halves = {half_of(f"https://example.org/{i}") for i in range(20)}
    assert halves == {"tuned", "held_out"}


def test_a_right_event_is_right_on_all_four_fields() -> None:
    (judgement,), matched = match_report([_gold()], [_event()], None)
    assert matched == 1 and judgement.all_four


def test_each_field_fails_on_its_own() -> None:
    wrong_type = _event(sub_event_type="Armed clash")
    wrong_side = _event(actor1="ISIS")
    far = _event(place=FAR)
    week = _event(date_start=date(2016, 8, 23), date_end=date(2016, 8, 30))
    for event, field in ((wrong_type, "sub_event"), (wrong_side, "sides"), (far, "place"), (week, "date")):
        (judgement,), _ = match_report([_gold()], [event], None)
        assert judgement.matched == event.id
        assert getattr(judgement, field) is False, field
        assert sum((judgement.sub_event, judgement.sides, judgement.place, judgement.date)) == 3, field


def test_sides_count_in_either_order_and_an_empty_gold_side_wants_none() -> None:
    assert sides_right(_gold(), _event(actor1="Syrian government forces", actor2="Syrian opposition"), None)
    assert not sides_right(_gold(actor2=""), _event(), None)
    assert sides_right(_gold(actor2=""), _event(actor2=None), None)


def test_undated_gold_wants_an_undated_event() -> None:
    assert date_right(_gold(date_start=None, date_end=None), _event(date_start=None, date_end=None))
    assert not date_right(_gold(date_start=None, date_end=None), _event())
    assert not date_right(_gold(), _event(date_start=None, date_end=None))


def test_pairs_are_one_to_one_and_extra_events_cost_precision() -> None:
    judgements, matched = match_report([_gold()], [_event("p1"), _event("p2"), _event("p3", place=FAR)], None)
    assert matched == 1 and [j.matched for j in judgements] == ["p1"]


def _shared(tmp_path: Path) -> Path:
    dev = tmp_path / "corpora" / "news" / "dev"
    dev.mkdir(parents=True)
    (dev / "syria_2016_2019.jsonl").write_text(json.dumps({"url": URL, "title": "t", "text": TEXT}) + "\n", encoding="utf-8")
    (dev / "other_wars.jsonl").write_text("", encoding="utf-8")
    return tmp_path


def _gold_line(text: str = TEXT, **changes: object) -> str:
    g = _gold()
    record = {
        "id": g.id, "corpus": g.corpus, "theatre": g.theatre, "url": g.url, "start": g.start, "end": g.end,
        "span_sha1": hashlib.sha1(text[g.start : g.end].encode()).hexdigest()[:10],
        "event_type": "Battles", "sub_event_type": g.sub_event_type, "actor1": g.actor1, "actor2": g.actor2,
        "place": g.place, "lat": g.latitude, "lon": g.longitude, "geo_precision": 1,
        "date_start": "2016-08-29", "date_end": "2016-08-29", "time_precision": 1, "claim": "reported",
        "claim_source": "", "fatalities": None,
    }
    record.update(changes)
    return json.dumps(record)


def test_gold_whose_span_no_longer_matches_the_report_is_refused(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "events-x.jsonl").write_text(_gold_line(span_sha1="0000000000") + "\n", encoding="utf-8")
    reports = {URL: NewsReport("syria_2016_2019", URL, "t", None, "syria", TEXT)}
    with pytest.raises(InputError, match="no longer matches"):
        read_event_gold(gold, reports)


def test_control_rows_without_a_date_are_counted_not_scored(tmp_path: Path) -> None:
    (tmp_path / "control-x.csv").write_text(
        "id,url,place,lat,lon,admin1,date,date_precision,from_actor,to_actor,event,claim,note\n"
        f"c1,{URL},Kafr Town,35.3,36.7,Idlib,2016-08-29,1,Syrian government forces,Syrian opposition,captured,reported,x\n"
        f"c2,{URL},Kafr Town,35.3,36.7,Idlib,,3,Syrian government forces,Syrian opposition,captured,reported,x\n",
        encoding="utf-8",
    )
    rows, undated = read_control_gold(tmp_path)
    assert [r.id for r in rows] == ["c1"] and undated == 1 and rows[0].is_capture


def test_shipped_gold_resolves_against_the_shared_corpora(shared: Path) -> None:
    from frontline.eval.news import read_reports

    reports = read_reports(shared)
    gold = read_event_gold(default_gold_dir(), reports)
    assert len(gold) >= 300
    assert {g.theatre for g in gold} == {"syria", "ukraine", "sudan", "yemen"}
    halves = [g.half for g in gold]
    assert 0.35 < halves.count("held_out") / len(halves) < 0.65
    rows, _ = read_control_gold(default_gold_dir())
    assert sum(r.is_capture for r in rows) >= 120


def test_cli_scores_a_tiny_corpus_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = _shared(tmp_path)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "events-x.jsonl").write_text(_gold_line() + "\n", encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_SHARED", str(shared))
    out = tmp_path / "news.json"
    result = CliRunner().invoke(build_cli(), ["eval", "news", "--gold", str(gold), "--cache", str(tmp_path / "c.db"),
                                              "--out", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    half = half_of(URL)
    assert figures["events"]["halves"][half]["gold"] == 1
    assert figures["undated_documents"] == 0  # the address dates the report
    assert "held_out" in result.output and "tuned" in result.output
