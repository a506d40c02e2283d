"""Alembic environment: runs each migration on the connection frontline hands over."""

from __future__ import annotations

from alembic import context

from frontline.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    # Offline SQL generation is not used: frontline always migrates a live connection.
    raise RuntimeError("frontline migrations run through frontline.store.open_store")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
