"""Exports: every format from the CLI, ACLED names by the event's date and theatre, unknown actors kept."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.cli.main import build_cli
from frontline.model import Claim, Document, Event, Location, Place
from frontline.store import open_store

DAMASCUS = Place("geonames:170654", "Damascus", 33.51, 36.29, country="SY", admin1="Dimashq")
FASHER = Place("geonames:1", "El Fasher", 13.63, 25.35, country="SD", admin1="North Darfur")


def _event(eid: str, doc: Document, actor1: str, actor2: str | None, place: Place, day: date) -> Event:
    return Event(
        id=eid, document_id=doc.id, sentence_start=0, sentence_end=20, event_type="Battles",
        sub_event_type="Armed clash", actor1=actor1, actor2=actor2,
        location=Location(place, 1, place.latitude, place.longitude, mention=place.name),
        date_start=day, date_end=day, time_precision=1, claim=Claim(), text=doc.text,
    )


@pytest.fixture()
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    store = open_store(url)
    try:
        syria = Document.from_text("Government forces clashed with rebels in Damascus.", url="https://example.org/s",
                                   publisher="=HYPERLINK(\"x\")", published=date(2025, 1, 10))
        sudan = Document.from_text("The army fought the RSF in El Fasher.", url="https://example.org/d",
                                   published=date(2024, 6, 1))
        odd = Document.from_text("Someone fought someone in Damascus.", url="https://example.org/o",
                                 published=date(2018, 1, 1))
        store.add_report(syria, [_event("e1", syria, "Syrian government forces", "Syrian opposition", DAMASCUS, date(2025, 1, 10))])
        store.add_report(sudan, [_event("e2", sudan, "SAF", "RSF", FASHER, date(2024, 6, 1))])
        store.add_report(odd, [_event("e3", odd, "Rapid Support Forces of Nowhere", None, DAMASCUS, date(2018, 1, 1))])
    finally:
        store.close()
    return url


def _export(db: str, fmt: str, tmp_path: Path) -> str:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(build_cli(), ["export", "--db", db, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_acled_csv_names_actors_as_acled_did_on_the_day_in_each_theatre(db: str, tmp_path: Path) -> None:
    rows = {r["event_date"]: r for r in csv.DictReader(io.StringIO(_export(db, "acled-csv", tmp_path)))}
    assert rows["2025-01-10"]["actor1"] == "Military Forces of Syria (2024-)"
    assert rows["2024-06-01"]["actor2"].startswith("RSF")
    assert rows["2024-06-01"]["actor1"].startswith("Military Forces of Sudan")
    # An actor no pack knows is exported as written, not dropped, and the export does not fail.
    assert rows["2018-01-01"]["actor1"] == "Rapid Support Forces of Nowhere"


@pytest.mark.parametrize("fmt", ["geojson", "plover-json", "json", "html"])
def test_every_format_exports_every_event(db: str, tmp_path: Path, fmt: str) -> None:
    text = _export(db, fmt, tmp_path)
    if fmt == "geojson":
        assert len(json.loads(text)["features"]) == 3
    elif fmt in ("plover-json", "json"):
        assert text.count('"e1"') + text.count("e1") >= 1 and "e3" in text
    else:
        assert "<html" in text.lower() and "Damascus" in text


def test_an_unknown_format_is_one_line_and_exit_2(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(build_cli(), ["export", "--db", db, "--format", "xlsx", "-o", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
