"""partial indexes of open action items and milestones not reached

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_action_items_open_due", "action_items", ["due_date"],
                    sqlite_where=sa.text("done_on IS NULL"))
    op.create_index("ix_milestones_open_planned", "milestones", ["planned_date"],
                    sqlite_where=sa.text("actual_date IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_milestones_open_planned", table_name="milestones")
    op.drop_index("ix_action_items_open_due", table_name="action_items")
