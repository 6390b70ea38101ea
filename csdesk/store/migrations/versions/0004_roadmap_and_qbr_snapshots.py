"""roadmap and qbr snapshots

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "roadmap_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "horizon",
            sa.Enum(
                "released",
                "three_months",
                "six_months",
                "twelve_months",
                name="roadmaphorizon",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("released_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap_items")),
    )
    op.create_table(
        "qbr_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("quarter", sa.String(length=8), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_qbr_snapshots_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_qbr_snapshots_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qbr_snapshots")),
    )
    with op.batch_alter_table("qbr_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_qbr_snapshots_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_qbr_snapshots_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("qbr_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qbr_snapshots_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_qbr_snapshots_account_id"))

    op.drop_table("qbr_snapshots")
    op.drop_table("roadmap_items")
