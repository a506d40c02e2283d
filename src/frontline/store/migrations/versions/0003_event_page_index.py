"""Index events in the order the API pages them (date_start, id), so a page needs no sort.

Revision ID: 0003_event_page_index
Revises: 0002_document_search
"""

from __future__ import annotations

from alembic import op

revision = "0003_event_page_index"
down_revision = "0002_document_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Store.events orders by (date_start, id); with only ix_events_date_start the database sorts
    # every page in a temporary tree and deep offsets cost a full scan plus that sort.
    op.create_index("ix_events_date_start_id", "events", ["date_start", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_date_start_id", table_name="events")
