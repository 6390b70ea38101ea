"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("industry", sa.String(length=120), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("offices", sa.Integer(), nullable=True),
        sa.Column("founded", sa.Integer(), nullable=True),
        sa.Column("highlights", sa.Text(), nullable=True),
        sa.Column(
            "segment",
            sa.Enum(
                "high_touch",
                "low_touch",
                name="segment",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("edition", sa.String(length=120), nullable=True),
        sa.Column(
            "lifecycle_stage",
            sa.Enum(
                "free_trial",
                "onboarding",
                "engagement",
                "adoption",
                "renewal",
                "expansion",
                "churned",
                name="lifecyclestage",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("arr_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("contract_start", sa.Date(), nullable=True),
        sa.Column("renewal_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "churned",
                name="accountstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("health_score", sa.Integer(), nullable=True),
        sa.Column("usage_notes", sa.Text(), nullable=True),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
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
        sa.CheckConstraint("arr_cents >= 0", name=op.f("ck_accounts_arr_not_negative")),
        sa.CheckConstraint(
            "employees IS NULL OR employees >= 0", name=op.f("ck_accounts_employees_not_negative")
        ),
        sa.CheckConstraint(
            "founded IS NULL OR (founded >= 1000 AND founded <= 9999)",
            name=op.f("ck_accounts_founded_is_a_year"),
        ),
        sa.CheckConstraint(
            "health_score IS NULL OR (health_score >= 0 AND health_score <= 100)",
            name=op.f("ck_accounts_health_score_range"),
        ),
        sa.CheckConstraint("length(currency) = 3", name=op.f("ck_accounts_currency_is_iso_code")),
        sa.CheckConstraint(
            "offices IS NULL OR offices >= 0", name=op.f("ck_accounts_offices_not_negative")
        ),
        sa.CheckConstraint(
            "renewal_date IS NULL OR contract_start IS NULL OR renewal_date >= contract_start",
            name=op.f("ck_accounts_renewal_after_start"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("name_key", name=op.f("uq_accounts_name_key")),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accounts_renewal_date"), ["renewal_date"], unique=False
        )

    op.create_table(
        "critical_path_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("builtin", sa.Boolean(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_critical_path_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_critical_path_templates_name")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column(
            "action",
            sa.Enum(
                "created",
                "updated",
                "archived",
                "restored",
                "deleted",
                "imported",
                name="activityaction",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_activity_account_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_at"), ["at"], unique=False)

    op.create_table(
        "arr_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "new",
                "expansion",
                "contraction",
                "churn",
                "renewal",
                name="arrchangekind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("arr_cents", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
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
        sa.CheckConstraint("arr_cents >= 0", name=op.f("ck_arr_changes_arr_not_negative")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_arr_changes_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arr_changes")),
        sa.UniqueConstraint(
            "account_id", "effective_on", name=op.f("uq_arr_changes_account_id_effective_on")
        ),
    )
    with op.batch_alter_table("arr_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_arr_changes_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_arr_changes_effective_on"), ["effective_on"], unique=False
        )

    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "executive_sponsor",
                "champion",
                "power_user",
                "admin",
                "decision_maker",
                "detractor_risk",
                "other",
                name="stakeholderrole",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=60), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_contacts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_account_id"), ["account_id"], unique=False)

    op.create_table(
        "health_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "score >= 0 AND score <= 100", name=op.f("ck_health_snapshots_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_health_snapshots_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_snapshots")),
        sa.UniqueConstraint(
            "account_id", "taken_on", name=op.f("uq_health_snapshots_account_id_taken_on")
        ),
    )
    with op.batch_alter_table("health_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_health_snapshots_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "kickoff",
                "discovery",
                "check_in",
                "qbr",
                "ebr",
                "escalation",
                "other",
                name="meetingkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("decisions", sa.Text(), nullable=True),
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
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes > 0",
            name=op.f("ck_meetings_duration_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_meetings_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_held_on"), ["held_on"], unique=False)

    op.create_table(
        "success_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pre_work",
                "discovery",
                "assessment",
                "milestones",
                "criteria_and_measures",
                "canvas_complete",
                "review",
                name="planstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "likelihood",
            sa.Enum(
                "high",
                "medium",
                "low",
                name="likelihood",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("assessment_notes", sa.Text(), nullable=True),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("kickoff_date", sa.Date(), nullable=True),
        sa.Column("last_reviewed_on", sa.Date(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_success_plans_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["critical_path_templates.id"],
            name=op.f("fk_success_plans_template_id_critical_path_templates"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_success_plans")),
        sa.UniqueConstraint("account_id", name=op.f("uq_success_plans_account_id")),
    )
    with op.batch_alter_table("success_plans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_success_plans_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "template_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("week_start", sa.Integer(), nullable=False),
        sa.Column("week_end", sa.Integer(), nullable=True),
        sa.Column("exit_criteria", sa.JSON(), nullable=False),
        sa.Column("is_first_value", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "week_end IS NULL OR week_end >= week_start",
            name=op.f("ck_template_stages_week_end_after_start"),
        ),
        sa.CheckConstraint(
            "week_start >= 0", name=op.f("ck_template_stages_week_start_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["critical_path_templates.id"],
            name=op.f("fk_template_stages_template_id_critical_path_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_stages")),
    )
    with op.batch_alter_table("template_stages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_template_stages_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "attendees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "customer",
                "ours",
                name="side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_attendees_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_attendees_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendees")),
    )
    with op.batch_alter_table("attendees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendees_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendees_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "canvas_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "objective",
                "challenge",
                "benefit",
                "success_criterion",
                name="canvasitemkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["success_plans.id"],
            name=op.f("fk_canvas_items_plan_id_success_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canvas_items")),
    )
    with op.batch_alter_table("canvas_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_canvas_items_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("planned_date", sa.Date(), nullable=True),
        sa.Column("planned_end_date", sa.Date(), nullable=True),
        sa.Column("actual_date", sa.Date(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column(
            "owner_side",
            sa.Enum(
                "customer",
                "ours",
                name="side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "in_progress",
                "done",
                "blocked",
                "skipped",
                name="milestonestatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("is_first_value", sa.Boolean(), nullable=False),
        sa.Column("exit_criteria", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["success_plans.id"],
            name=op.f("fk_milestones_plan_id_success_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["stage_id"],
            ["template_stages.id"],
            name=op.f("fk_milestones_stage_id_template_stages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestones_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_milestones_planned_date"), ["planned_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_milestones_stage_id"), ["stage_id"], unique=False)

    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "nps",
                "csat",
                name="surveykind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("responded_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
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
        sa.CheckConstraint(
            "(kind = 'nps' AND score >= 0 AND score <= 10) OR (kind = 'csat' AND score >= 1 AND score <= 5)",
            name=op.f("ck_survey_responses_score_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_survey_responses_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_survey_responses_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_responses_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_responses_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_responses_responded_on"), ["responded_on"], unique=False
        )

    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column(
            "owner_side",
            sa.Enum(
                "customer",
                "ours",
                name="side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_action_items_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_action_items_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_action_items_milestone_id_milestones"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_action_items_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_action_items_due_date"), ["due_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_items_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_items_milestone_id"), ["milestone_id"], unique=False
        )

    op.create_table(
        "barriers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "customer_challenge",
                "our_issue",
                name="barrierkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_barriers_milestone_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_barriers")),
    )
    with op.batch_alter_table("barriers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_barriers_milestone_id"), ["milestone_id"], unique=False
        )

    op.create_table(
        "kpis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("baseline", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
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
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["canvas_items.id"],
            name=op.f("fk_kpis_objective_id_canvas_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["success_plans.id"],
            name=op.f("fk_kpis_plan_id_success_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpis")),
    )
    with op.batch_alter_table("kpis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpis_objective_id"), ["objective_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_kpis_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "kpi_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["kpi_id"], ["kpis.id"], name=op.f("fk_kpi_readings_kpi_id_kpis"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_readings")),
        sa.UniqueConstraint("kpi_id", "taken_on", name=op.f("uq_kpi_readings_kpi_id_taken_on")),
    )
    with op.batch_alter_table("kpi_readings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_readings_kpi_id"), ["kpi_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("kpi_readings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kpi_readings_kpi_id"))

    op.drop_table("kpi_readings")
    with op.batch_alter_table("kpis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kpis_plan_id"))
        batch_op.drop_index(batch_op.f("ix_kpis_objective_id"))

    op.drop_table("kpis")
    with op.batch_alter_table("barriers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_barriers_milestone_id"))

    op.drop_table("barriers")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_milestone_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_due_date"))
        batch_op.drop_index(batch_op.f("ix_action_items_account_id"))

    op.drop_table("action_items")
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_responses_responded_on"))
        batch_op.drop_index(batch_op.f("ix_survey_responses_contact_id"))
        batch_op.drop_index(batch_op.f("ix_survey_responses_account_id"))

    op.drop_table("survey_responses")
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestones_stage_id"))
        batch_op.drop_index(batch_op.f("ix_milestones_planned_date"))
        batch_op.drop_index(batch_op.f("ix_milestones_plan_id"))

    op.drop_table("milestones")
    with op.batch_alter_table("canvas_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_canvas_items_plan_id"))

    op.drop_table("canvas_items")
    with op.batch_alter_table("attendees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendees_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_attendees_contact_id"))

    op.drop_table("attendees")
    with op.batch_alter_table("template_stages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_template_stages_template_id"))

    op.drop_table("template_stages")
    with op.batch_alter_table("success_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_success_plans_template_id"))

    op.drop_table("success_plans")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_held_on"))
        batch_op.drop_index(batch_op.f("ix_meetings_account_id"))

    op.drop_table("meetings")
    with op.batch_alter_table("health_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_snapshots_account_id"))

    op.drop_table("health_snapshots")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_account_id"))

    op.drop_table("contacts")
    with op.batch_alter_table("arr_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arr_changes_effective_on"))
        batch_op.drop_index(batch_op.f("ix_arr_changes_account_id"))

    op.drop_table("arr_changes")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_at"))
        batch_op.drop_index(batch_op.f("ix_activity_account_id"))

    op.drop_table("activity")
    op.drop_table("critical_path_templates")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_renewal_date"))

    op.drop_table("accounts")
