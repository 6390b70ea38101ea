"""risks and escalations, dismissed early-warning proposals, actions of a mitigation plan

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("adoption", "champion_left", "budget", "competitor", "product_gap",
         "support_experience", "sentiment", "engagement", "onboarding", "renewal", "other")
SEVERITIES = ("low", "medium", "high", "critical")
STATUSES = ("open", "mitigating", "resolved", "realised")
LEVELS = ("internal", "customer")


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "risks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("riskkind", KINDS), nullable=False),
        sa.Column("severity", _enum("riskseverity", SEVERITIES), nullable=False),
        sa.Column("status", _enum("riskstatus", STATUSES), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("arr_at_risk_cents", sa.Integer(), nullable=True),
        sa.Column("detected_on", sa.Date(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("mitigation", sa.Text(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("escalated_on", sa.Date(), nullable=True),
        sa.Column("escalation_level", _enum("escalationlevel", LEVELS), nullable=True),
        sa.Column("escalation_people", sa.Text(), nullable=True),
        sa.Column("rule", sa.String(length=40), nullable=True),
        sa.Column("fact_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.CheckConstraint("arr_at_risk_cents IS NULL OR arr_at_risk_cents >= 0",
                           name=op.f("ck_risks_arr_at_risk_not_negative")),
        sa.CheckConstraint("(escalated_on IS NULL) = (escalation_level IS NULL)",
                           name=op.f("ck_risks_escalation_has_date_and_level")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_risks_account_id_accounts"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risks")),
    )
    op.create_index(op.f("ix_risks_account_id"), "risks", ["account_id"])
    op.create_index(op.f("ix_risks_status"), "risks", ["status"])
    op.create_table(
        "dismissed_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("fact_key", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("dismissed_on", sa.Date(), nullable=False),
        sa.UniqueConstraint("account_id", "rule", "fact_key",
                            name=op.f("uq_dismissed_proposals_account_id_rule_fact_key")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_dismissed_proposals_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dismissed_proposals")),
    )
    op.create_index(op.f("ix_dismissed_proposals_account_id"), "dismissed_proposals",
                    ["account_id"])
    with op.batch_alter_table("action_items") as batch:
        batch.add_column(sa.Column("risk_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_action_items_risk_id_risks"), "risks", ["risk_id"],
                                 ["id"], ondelete="SET NULL")
        batch.create_index(op.f("ix_action_items_risk_id"), ["risk_id"])


def downgrade() -> None:
    with op.batch_alter_table("action_items") as batch:
        batch.drop_index("ix_action_items_risk_id")
        batch.drop_constraint("fk_action_items_risk_id_risks", type_="foreignkey")
        batch.drop_column("risk_id")
    op.drop_table("dismissed_proposals")
    op.drop_table("risks")
