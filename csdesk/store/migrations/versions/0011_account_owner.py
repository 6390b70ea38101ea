"""accounts have an owner (the CSM), for My book and Team in a shared workspace

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("owner", sa.String(length=200), nullable=True))
    op.create_index(op.f("ix_accounts_owner"), "accounts", ["owner"])


def downgrade() -> None:
    op.drop_index(op.f("ix_accounts_owner"), table_name="accounts")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("owner")
