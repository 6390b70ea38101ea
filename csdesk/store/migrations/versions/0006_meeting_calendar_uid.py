"""meetings remember the calendar event they were imported from

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("meetings", sa.Column("calendar_uid", sa.String(length=500), nullable=True))
    # One meeting per calendar event (and occurrence) per account: re-importing adds nothing.
    op.create_index("ix_meetings_calendar_uid", "meetings", ["account_id", "calendar_uid"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("ix_meetings_calendar_uid", table_name="meetings")
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("calendar_uid")
