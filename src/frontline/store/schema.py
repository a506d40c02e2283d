"""Table definitions (SQLAlchemy Core). The schema itself only changes through migrations/versions."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("publisher", sa.Text),
    sa.Column("published", sa.Date, index=True),
    sa.Column("retrieved", sa.DateTime),
    sa.Column("language", sa.String(16), nullable=False, server_default="en"),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime, nullable=False),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("gazetteer_id", sa.String(128), primary_key=True),
    sa.Column("geonameid", sa.Integer, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("feature_class", sa.String(4)),
    sa.Column("feature_code", sa.String(16)),
    sa.Column("country", sa.String(8)),
    sa.Column("admin1", sa.Text),
    sa.Column("admin2", sa.Text),
    sa.Column("admin1_code", sa.String(32)),
    sa.Column("latitude", sa.Float, nullable=False),
    sa.Column("longitude", sa.Float, nullable=False),
    sa.Column("population", sa.BigInteger, nullable=False, server_default="0"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("acled_name", sa.Text),
    sa.Column("inter", sa.Integer),
    sa.Column("country", sa.String(8)),
    sa.Column("plover_sector", sa.Text),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
    sa.Column("event_type", sa.Text, nullable=False, index=True),
    sa.Column("sub_event_type", sa.Text, nullable=False),
    sa.Column("actor1", sa.String(200), sa.ForeignKey("actors.name"), index=True),
    sa.Column("assoc_actor_1", sa.Text, nullable=False, server_default=""),
    sa.Column("actor2", sa.String(200), sa.ForeignKey("actors.name"), index=True),
    sa.Column("assoc_actor_2", sa.Text, nullable=False, server_default=""),
    sa.Column("interaction", sa.Integer),
    sa.Column("plover_type", sa.Text),
    sa.Column("plover_mode", sa.Text),
    sa.Column("cameo_root", sa.String(8)),
    sa.Column("place_id", sa.String(128), sa.ForeignKey("places.gazetteer_id"), index=True),
    sa.Column("latitude", sa.Float),
    sa.Column("longitude", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("location_mention", sa.Text),
    sa.Column("relation", sa.Text),
    sa.Column("distance_km", sa.Float),
    sa.Column("precision_km", sa.Float),
    sa.Column("date_start", sa.Date, index=True),
    sa.Column("date_end", sa.Date),
    sa.Column("time_precision", sa.Integer, nullable=False),
    sa.Column("fatalities", sa.Integer, nullable=False, server_default="0"),
    sa.Column("claim_status", sa.String(32), nullable=False),
    sa.Column("claim_source", sa.Text),
    sa.Column("claim_affiliation", sa.Text),
    sa.Column("claim_verb", sa.Text),
    sa.Column("partisan", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("silent_on", sa.Text, nullable=False, server_default=""),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("trigger", sa.Text),
    sa.Column("control", sa.String(16)),
)
