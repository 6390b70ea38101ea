"""Today reads the open milestones and the live accounts from two indexes alone: an index of
the milestones not reached holding their plan and what Today tests (due dates, status, name),
and an index of the accounts holding what Today shows of them (name, owner, renewal date) with
what says they are live (archived, status)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Partial on SQLite only, as the model declares it (a PostgreSQL clause on the model would
# import that dialect at start-up): a PostgreSQL workspace gets the whole index, as the
# models build it.
NOT_REACHED = sa.text("actual_date IS NULL")


def upgrade() -> None:
    op.create_index("ix_milestones_open_due", "milestones",
                    ["plan_id", "planned_end_date", "planned_date", "status", "name",
                     "actual_date"], sqlite_where=NOT_REACHED)
    op.create_index("ix_accounts_live", "accounts",
                    ["id", "name", "owner", "renewal_date", "archived_at", "status"])


def downgrade() -> None:
    op.drop_index("ix_accounts_live", table_name="accounts")
    op.drop_index("ix_milestones_open_due", table_name="milestones")
