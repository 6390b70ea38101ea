"""peer figures: each account's time to first value and KPI progress, kept by the health refresh
for the peer benchmarks of a QBR (read back, not recomputed per document)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Empty at first: until the next health refresh fills it, the benchmarks compute the
    # figures as before.
    op.create_table(
        "peer_figures",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("ttfv_days", sa.Integer(), nullable=True),
        sa.Column("kpi_progress", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_peer_figures_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_peer_figures")),
    )


def downgrade() -> None:
    op.drop_table("peer_figures")
