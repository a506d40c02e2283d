"""The store: open a database (SQLite file or PostgreSQL), migrate it, write reports, read events back."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from frontline import settings
from frontline.errors import StoreError
from frontline.model import Claim, Document, Event, Location, Place
from frontline.store.schema import actors, documents, events, places

log = logging.getLogger(__name__)


def _alembic_config() -> Config:
    config = Config()
    script_dir = resources.files("frontline.store") / "migrations"
    config.set_main_option("script_location", str(script_dir))
    return config


@cache
def head_revision() -> str:
    """Return the newest migration the package ships."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise StoreError("no migrations found in the frontline package: reinstall it")
    return head


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_db_engine(url: str) -> sa.Engine:
    """Create an engine for `url`; SQLite gets WAL and foreign keys on every connection."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we depend on; plain postgresql:// would ask for psycopg2.
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if path and path != ":memory:":
            parent = Path(path).expanduser().parent
            if not parent.exists():
                raise StoreError(f"cannot create database {path}: folder {parent} does not exist")
    try:
        engine = sa.create_engine(url, future=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise StoreError(f"bad database URL {url!r}: use sqlite:///PATH or postgresql://USER@HOST/DB") from exc
    except ModuleNotFoundError as exc:
        raise StoreError(f"no driver for {url!r}: install frontline[postgres]") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: sa.Engine) -> str:
    """Bring the database schema to the newest migration; return the revision it is at."""
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            current = MigrationContext.configure(connection).get_current_revision()
            if current != head_revision():
                log.info("migrating database from %s to %s", current, head_revision())
                command.upgrade(config, "head")
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot open database {engine.url!r}: {exc.orig}") from exc
    except sa.exc.DBAPIError as exc:
        raise StoreError(f"cannot migrate database {engine.url!r}: {exc.orig}") from exc
    return head_revision()


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What `Store.events` may be asked for; every field is optional."""

    since: date | None = None
    until: date | None = None
    place: str | None = None
    actor: str | None = None
    event_type: str | None = None
    claim_status: str | None = None
    document_id: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    limit: int | None = None
    offset: int = 0


class Store:
    """A migrated database holding documents, places, actors and events."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def _reading(self) -> Iterator[sa.Connection]:
        """Open a connection for reads; a database failure becomes a StoreError, not a traceback."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except sa.exc.DBAPIError as exc:
            raise StoreError(f"cannot read database {self.url}: {exc.orig}") from exc

    def publishers(self) -> dict[str, str | None]:
        """Return each stored report's outlet name (or URL when the outlet is unknown), by document id."""
        with self._reading() as conn:
            rows = conn.execute(sa.select(documents.c.id, documents.c.publisher, documents.c.url))
            return {r.id: r.publisher or r.url for r in rows}

    def has_document(self, document_id: str) -> bool:
        """Return whether a report with this content hash is stored."""
        with self._reading() as conn:
            row = conn.execute(sa.select(documents.c.id).where(documents.c.id == document_id)).first()
        return row is not None

    def add_report(self, doc: Document, found: Sequence[Event], actor_rows: Sequence[dict[str, Any]] = ()) -> bool:
        """Store a report and its events in one transaction; return False when it was already stored."""
        try:
            with self.engine.begin() as conn:
                exists = conn.execute(sa.select(documents.c.id).where(documents.c.id == doc.id)).first()
                if exists is not None:
                    return False
                conn.execute(documents.insert().values(_document_row(doc)))
                self._upsert_places(conn, [e.location.place for e in found if e.location])
                self._upsert_actors(conn, found, actor_rows)
                rows = [_event_row(e) for e in found]
                if rows:
                    conn.execute(events.insert(), rows)
        except sa.exc.DBAPIError as exc:
            raise StoreError(f"could not store report {doc.id}: {exc.orig}") from exc
        return True

    def _upsert_places(self, conn: sa.Connection, found: Sequence[Place]) -> None:
        unique = {p.gazetteer_id: p for p in found}
        if not unique:
            return
        known = set(
            conn.execute(sa.select(places.c.gazetteer_id).where(places.c.gazetteer_id.in_(list(unique)))).scalars()
        )
        fresh = [_place_row(p) for gid, p in unique.items() if gid not in known]
        if fresh:
            conn.execute(places.insert(), fresh)

    def _upsert_actors(self, conn: sa.Connection, found: Sequence[Event], actor_rows: Sequence[dict[str, Any]]) -> None:
        names = {n for e in found for n in (e.actor1, e.actor2) if n}
        if not names:
            return
        known = set(conn.execute(sa.select(actors.c.name).where(actors.c.name.in_(list(names)))).scalars())
        details = {row["name"]: row for row in actor_rows}
        fresh = [details.get(n, {"name": n}) for n in sorted(names - known)]
        if fresh:
            conn.execute(actors.insert(), [_actor_row(r) for r in fresh])

    def document(self, document_id: str) -> Document | None:
        """Return one stored report by id (or unique id prefix of 8+ characters)."""
        query = sa.select(documents)
        if len(document_id) < 32:
            prefix = document_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(documents.c.id.like(prefix + "%", escape="\\")).limit(2)
        else:
            query = query.where(documents.c.id == document_id)
        with self._reading() as conn:
            rows = conn.execute(query).mappings().all()
        return _document_from_row(rows[0]) if len(rows) == 1 else None

    def documents(self, *, limit: int | None = None, offset: int = 0, query: str | None = None) -> list[Document]:
        """Return stored reports, newest first; `query` searches title and text."""
        stmt = sa.select(documents).order_by(documents.c.published.desc(), documents.c.id).offset(offset)
        if query:
            pattern = f"%{query}%"
            stmt = stmt.where(sa.or_(documents.c.title.ilike(pattern), documents.c.text.ilike(pattern)))
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._reading() as conn:
            return [_document_from_row(r) for r in conn.execute(stmt).mappings()]

    def events(self, filt: EventFilter | None = None, **kwargs: Any) -> list[Event]:
        """Return stored events matching a filter (or the same fields as keyword arguments)."""
        f = filt or EventFilter(**kwargs)
        conditions = event_conditions(f)
        order = (events.c.date_start, events.c.id)
        # Page over ids alone first (an index-only walk), then fetch just that page's rows.
        page = (
            sa.select(events.c.id)
            .select_from(events.outerjoin(places, events.c.place_id == places.c.gazetteer_id))
            .where(*conditions)
            .order_by(*order)
            .offset(f.offset)
        )
        if f.limit is not None:
            page = page.limit(f.limit)
        stmt = _joined_select().where(events.c.id.in_(page.scalar_subquery())).order_by(*order)
        with self._reading() as conn:
            return [_event_from_row(r) for r in conn.execute(stmt).mappings()]

    def event(self, event_id: str) -> Event | None:
        """Return one stored event by id."""
        stmt = _joined_select().where(events.c.id == event_id)
        with self._reading() as conn:
            row = conn.execute(stmt).mappings().first()
        return _event_from_row(row) if row else None

    def counts(self) -> dict[str, int]:
        """Return how many rows each main table holds."""
        with self._reading() as conn:
            return {
                t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for t in (documents, events, places, actors)
            }

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating if needed) the database at `url` (default: the `db` setting)."""
    engine = create_db_engine(settings.db_url(url))
    migrate(engine)
    return Store(engine)


def event_conditions(f: EventFilter) -> list[sa.ColumnElement[bool]]:
    """Return the WHERE conditions an EventFilter stands for (over events joined to places)."""
    conditions: list[sa.ColumnElement[bool]] = []
    if f.since:
        conditions.append(sa.func.coalesce(events.c.date_end, events.c.date_start) >= f.since)
    if f.until:
        conditions.append(events.c.date_start <= f.until)
    if f.place:
        pattern = f"%{f.place}%"
        conditions.append(sa.or_(places.c.name.ilike(pattern), events.c.location_mention.ilike(pattern)))
    if f.actor:
        pattern = f"%{f.actor}%"
        conditions.append(
            sa.or_(
                events.c.actor1.ilike(pattern),
                events.c.actor2.ilike(pattern),
                events.c.assoc_actor_1.ilike(pattern),
                events.c.assoc_actor_2.ilike(pattern),
            )
        )
    if f.event_type:
        pattern = f"%{f.event_type}%"
        conditions.append(sa.or_(events.c.event_type.ilike(pattern), events.c.sub_event_type.ilike(pattern)))
    if f.claim_status:
        conditions.append(events.c.claim_status == f.claim_status)
    if f.document_id:
        conditions.append(events.c.document_id == f.document_id)
    if f.bbox:
        west, south, east, north = f.bbox
        conditions.append(events.c.longitude.between(west, east))
        conditions.append(events.c.latitude.between(south, north))
    return conditions


def _joined_select() -> sa.Select[Any]:
    """Select events with their place's columns prefixed `p_` (both tables have latitude/longitude)."""
    place_columns = [c.label("p_" + c.name) for c in places.c]
    return sa.select(*events.c, *place_columns).select_from(
        events.outerjoin(places, events.c.place_id == places.c.gazetteer_id)
    )


def _document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "url": doc.url,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": doc.published,
        "retrieved": doc.retrieved,
        "language": doc.language,
        "text": doc.text,
        "ingested_at": datetime.now(timezone.utc).replace(tzinfo=None),
    }


def _document_from_row(row: Any) -> Document:
    return Document(
        id=row["id"],
        text=row["text"],
        url=row["url"],
        title=row["title"],
        publisher=row["publisher"],
        published=row["published"],
        retrieved=row["retrieved"],
        language=row["language"],
    )


def _place_row(place: Place) -> dict[str, Any]:
    return {
        "gazetteer_id": place.gazetteer_id,
        "geonameid": place.geonameid,
        "name": place.name,
        "feature_class": place.feature_class,
        "feature_code": place.feature_code,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "admin1_code": place.admin1_code,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "population": place.population,
    }


def _actor_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["name"],
        "acled_name": row.get("acled_name"),
        "inter": row.get("inter"),
        "country": row.get("country"),
        "plover_sector": row.get("plover_sector"),
    }


def _event_row(e: Event) -> dict[str, Any]:
    loc = e.location
    return {
        "id": e.id,
        "document_id": e.document_id,
        "sentence_start": e.sentence_start,
        "sentence_end": e.sentence_end,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "assoc_actor_1": "; ".join(e.assoc_actor_1),
        "actor2": e.actor2,
        "assoc_actor_2": "; ".join(e.assoc_actor_2),
        "interaction": e.interaction,
        "plover_type": e.plover_type,
        "plover_mode": e.plover_mode,
        "cameo_root": e.cameo_root,
        "place_id": loc.place.gazetteer_id if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
        "location_mention": loc.mention if loc else None,
        "relation": loc.relation if loc else None,
        "distance_km": loc.distance_km if loc else None,
        "precision_km": loc.precision_km if loc else None,
        "date_start": e.date_start,
        "date_end": e.date_end,
        "time_precision": e.time_precision,
        "fatalities": e.fatalities,
        "claim_status": e.claim.status,
        "claim_source": e.claim.source,
        "claim_affiliation": e.claim.speaker_affiliation,
        "claim_verb": e.claim.verb,
        "partisan": e.claim.partisan,
        "silent_on": "; ".join(e.claim.silent_on),
        "confidence": e.confidence,
        "text": e.text,
        "trigger": e.trigger,
        "control": e.control,
    }


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split("; ") if v)


def _event_from_row(row: Any) -> Event:
    location = None
    if row["place_id"] is not None and row["p_gazetteer_id"] is not None:
        place = Place(
            gazetteer_id=row["p_gazetteer_id"],
            name=row["p_name"],
            latitude=row["p_latitude"],
            longitude=row["p_longitude"],
            feature_class=row["p_feature_class"] or "",
            feature_code=row["p_feature_code"] or "",
            country=row["p_country"] or "",
            admin1=row["p_admin1"],
            admin2=row["p_admin2"],
            admin1_code=row["p_admin1_code"],
            geonameid=row["p_geonameid"],
            population=row["p_population"] or 0,
        )
        location = Location(
            place=place,
            geo_precision=row["geo_precision"] or 1,
            latitude=row["latitude"],
            longitude=row["longitude"],
            mention=row["location_mention"] or "",
            relation=row["relation"],
            distance_km=row["distance_km"],
            precision_km=row["precision_km"],
        )
    return Event(
        id=row["id"],
        document_id=row["document_id"],
        sentence_start=row["sentence_start"],
        sentence_end=row["sentence_end"],
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        actor1=row["actor1"],
        actor2=row["actor2"],
        assoc_actor_1=_split(row["assoc_actor_1"]),
        assoc_actor_2=_split(row["assoc_actor_2"]),
        interaction=row["interaction"],
        plover_type=row["plover_type"],
        plover_mode=row["plover_mode"],
        cameo_root=row["cameo_root"],
        location=location,
        date_start=row["date_start"],
        date_end=row["date_end"],
        time_precision=row["time_precision"],
        fatalities=row["fatalities"],
        claim=Claim(
            status=row["claim_status"],
            source=row["claim_source"],
            speaker_affiliation=row["claim_affiliation"],
            verb=row["claim_verb"],
            partisan=bool(row["partisan"]),
            silent_on=_split(row["silent_on"]),
        ),
        confidence=row["confidence"],
        text=row["text"],
        trigger=row["trigger"],
        control=row["control"],
    )
