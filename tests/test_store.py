"""The store: migrations, idempotent writes, round trips of events, and the same schema on PostgreSQL."""

from __future__ import annotations

import os
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command

from frontline.errors import StoreError
from frontline.model import Claim, Document, Event, Location, Place, event_id
from frontline.store import open_store
from frontline.store.db import _alembic_config, create_db_engine, head_revision

MAYADIN = Place(
    gazetteer_id="geonames:173480", name="Al Mayadin", latitude=35.01982, longitude=40.45154,
    country="SY", admin1="Deir ez-Zor", admin1_code="SY.07", geonameid=173480, population=54534,
)


def _report(text: str = "The Syrian army captured Mayadin from ISIS on Saturday.") -> tuple[Document, list[Event]]:
    doc = Document.from_text(text, title="Mayadin", publisher="Example Wire", published=date(2017, 10, 15))
    event = Event(
        id=event_id(doc.id, 0, len(text), "Government regains territory", "Syrian government forces"),
        document_id=doc.id,
        sentence_start=0,
        sentence_end=len(text),
        event_type="Battles",
        sub_event_type="Government regains territory",
        actor1="Syrian government forces",
        actor2="ISIS",
        assoc_actor_1=("Hezbollah", "Pro-government foreign militias"),
        interaction=12,
        location=Location(MAYADIN, 2, 35.02, 40.34, "western edge of Mayadin", relation="western edge of", distance_km=5.0),
        date_start=date(2017, 10, 14),
        date_end=date(2017, 10, 14),
        time_precision=1,
        fatalities=3,
        claim=Claim(status="claimed", source="the army command", speaker_affiliation="Syrian government forces",
                    verb="said", partisan=True, silent_on=("Al Qaryatayn",)),
        confidence=0.8,
        text=text,
        trigger="capture",
        control="gain",
    )
    return doc, [event]


def _roundtrip(url: str) -> None:
    store = open_store(url)
    doc, events = _report()
    assert store.add_report(doc, events, [{"name": "ISIS", "acled_name": "Islamic State (Syria)", "inter": 2}])
    assert not store.add_report(doc, events), "the same report twice must be a no-op"
    assert store.counts() == {"documents": 1, "events": 1, "places": 1, "actors": 2}
    (back,) = store.events(place="Mayadin")
    assert back == events[0]
    assert store.events(actor="Hezbollah") == events
    assert store.events(since=date(2017, 10, 15)) == []
    assert store.events(bbox=(40.0, 34.0, 41.0, 36.0)) == events
    assert store.document(doc.id[:12]) == doc
    assert store.documents(query="captured Mayadin")[0].id == doc.id


def test_sqlite_roundtrip_and_wal(db_url: str) -> None:
    _roundtrip(db_url)
    engine = create_db_engine(db_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        hits = conn.exec_driver_sql("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'mayadin'").all()
        assert len(hits) == 1


def test_migrations_go_down_and_up_again(db_url: str) -> None:
    store = open_store(db_url)
    doc, events = _report()
    store.add_report(doc, events)
    config = _alembic_config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001_initial")
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
    assert "documents_fts" not in tables and "events" in tables
    reopened = open_store(db_url)
    with reopened.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    assert reopened.counts()["events"] == 1


def test_bad_database_urls_are_store_errors(tmp_path: object) -> None:
    with pytest.raises(StoreError, match="bad database URL"):
        open_store("mysql+nothing://x/y")
    with pytest.raises(StoreError, match="does not exist"):
        open_store("sqlite:////no/such/folder/frontline.db")


@pytest.mark.postgres
def test_postgresql_uses_the_same_migrations() -> None:
    url = os.environ.get("FRONTLINE_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide FRONTLINE_TEST_PG_URL (see .ci/run)")
        pytest.skip("no PostgreSQL server: set FRONTLINE_TEST_PG_URL=postgresql://user@host:port/db")
    engine = create_db_engine(url)
    with engine.begin() as conn:
        for table in ("events", "actors", "places", "documents", "alembic_version"):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
    _roundtrip(url)
    with create_db_engine(url).connect() as conn:
        indexes = {i["name"] for i in sa.inspect(conn).get_indexes("documents")}
    assert "ix_documents_fulltext" in indexes
