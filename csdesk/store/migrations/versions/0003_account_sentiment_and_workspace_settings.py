"""account sentiment and workspace settings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspace_settings",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_workspace_settings")),
    )
    # The CHECK makes SQLite rebuild the table (batch mode); csdesk runs this with foreign
    # keys off and checks every reference before committing.
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sentiment", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sentiment_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("sentiment_on", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_accounts_sentiment_range"),
            "sentiment IS NULL OR (sentiment >= 0 AND sentiment <= 100)")


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_accounts_sentiment_range"), type_="check")
        batch_op.drop_column("sentiment_on")
        batch_op.drop_column("sentiment_note")
        batch_op.drop_column("sentiment")
    op.drop_table("workspace_settings")
