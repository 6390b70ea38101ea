"""opportunities, product gaps and the feature requests linked to them

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("upsell", "cross_sell", "renewal_uplift", "referral", "testimonial", "case_study")
STAGES = ("identified", "qualified", "proposed", "won", "lost")
FEEDBACK = ("feature_request", "product_feedback")


def _enum(name: str, values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _timestamps() -> list[sa.Column]:
    return [sa.Column(name, sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                      nullable=False) for name in ("created_at", "updated_at")]


def upgrade() -> None:
    op.create_table(
        "opportunities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("opportunitykind", KINDS), nullable=False),
        sa.Column("stage", _enum("opportunitystage", STAGES), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("expected_arr_cents", sa.Integer(), nullable=True),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("in_qbr", sa.Boolean(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=True),
        sa.Column("fact_key", sa.String(length=200), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("expected_arr_cents IS NULL OR expected_arr_cents >= 0",
                           name=op.f("ck_opportunities_expected_arr_not_negative")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_opportunities_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"],
                                name=op.f("fk_opportunities_contact_id_contacts"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunities")),
    )
    op.create_index(op.f("ix_opportunities_account_id"), "opportunities", ["account_id"])
    op.create_index(op.f("ix_opportunities_contact_id"), "opportunities", ["contact_id"])
    op.create_table(
        "product_gaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_gaps")),
        sa.UniqueConstraint("title", name=op.f("uq_product_gaps_title")),
    )
    op.create_table(
        "feature_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("gap_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("feedbackkind", FEEDBACK), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"],
                                name=op.f("fk_feature_requests_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["gap_id"], ["product_gaps.id"],
                                name=op.f("fk_feature_requests_gap_id_product_gaps"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"],
                                name=op.f("fk_feature_requests_contact_id_contacts"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feature_requests")),
    )
    for column in ("account_id", "gap_id", "contact_id"):
        op.create_index(op.f(f"ix_feature_requests_{column}"), "feature_requests", [column])


def downgrade() -> None:
    op.drop_table("feature_requests")
    op.drop_table("product_gaps")
    op.drop_table("opportunities")
