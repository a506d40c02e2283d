"""Storage: SQLite by default, PostgreSQL for teams; one schema history (Alembic migrations)."""

from frontline.store.db import EventFilter, Store, create_db_engine, migrate, open_store

__all__ = ["EventFilter", "Store", "create_db_engine", "migrate", "open_store"]
