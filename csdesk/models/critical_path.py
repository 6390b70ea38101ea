"""Critical-path templates and each account's milestones along its path."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, String, Text, func, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from csdesk.models.base import Base, Timestamped, enum_type
from csdesk.models.enums import BarrierKind, MilestoneStatus, Side

if TYPE_CHECKING:
    from csdesk.models.meeting import ActionItem
    from csdesk.models.plan import SuccessPlan


class CriticalPathTemplate(Timestamped, Base):
    """A reusable onboarding journey: stages with week offsets from kick-off and exit criteria."""

    __tablename__ = "critical_path_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)

    stages: Mapped[list[TemplateStage]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateStage.position",
        lazy="raise",
    )


class TemplateStage(Base):
    """A stage of a template, planned for week ``week_start`` (to ``week_end``) after kick-off."""

    __tablename__ = "template_stages"
    __table_args__ = (
        CheckConstraint("week_start >= 0", name="week_start_not_negative"),
        CheckConstraint("week_end IS NULL OR week_end >= week_start", name="week_end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("critical_path_templates.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    week_start: Mapped[int]
    week_end: Mapped[int | None]
    exit_criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_first_value: Mapped[bool] = mapped_column(Boolean, default=False)

    template: Mapped[CriticalPathTemplate] = relationship(lazy="raise", back_populates="stages")


class Milestone(Timestamped, Base):
    """A checkpoint on the account's journey, planned and actual, possibly from a template stage."""

    __tablename__ = "milestones"
    # Today, the book's "next milestone" and late counts look only at milestones not reached.
    __table_args__ = (
        Index("ix_milestones_open_planned", "planned_date",
              sqlite_where=text("actual_date IS NULL")),
        # Today tests every open milestone's dates, status and name: read from this index
        # alone (migration 0015), in the order of their plans, which it then looks up in
        # turn (in due-date order each lookup was a page anywhere: 60 ms, not 40, at 20,000).
        Index("ix_milestones_open_due", "plan_id", "planned_end_date", "planned_date",
              "status", "name", "actual_date", sqlite_where=text("actual_date IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("success_plans.id", ondelete="CASCADE"), index=True
    )
    stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_stages.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    planned_date: Mapped[date | None] = mapped_column(index=True)
    planned_end_date: Mapped[date | None]
    actual_date: Mapped[date | None]
    owner: Mapped[str | None] = mapped_column(String(200))
    owner_side: Mapped[Side] = mapped_column(enum_type(Side), default=Side.OURS)
    status: Mapped[MilestoneStatus] = mapped_column(
        enum_type(MilestoneStatus), default=MilestoneStatus.NOT_STARTED
    )
    is_first_value: Mapped[bool] = mapped_column(Boolean, default=False)
    # [{"text": "blog migrated", "done": true}, ...]
    exit_criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[SuccessPlan] = relationship(lazy="raise", back_populates="milestones")
    stage: Mapped[TemplateStage | None] = relationship(lazy="raise")
    barriers: Mapped[list[Barrier]] = relationship(
        back_populates="milestone", cascade="all, delete-orphan", order_by="Barrier.id",
        lazy="raise",
    )
    actions: Mapped[list[ActionItem]] = relationship(
        back_populates="milestone", order_by="ActionItem.due_date",
        lazy="raise",
    )

    @hybrid_property
    def due_date(self) -> date | None:
        """The due date (DOMAIN.md): the planned end, else the planned date; never the start
        of a span. The same expression in SQL, for Today and the accounts list."""
        return self.planned_end_date or self.planned_date

    @due_date.inplace.expression
    @classmethod
    def _due_date_expression(cls) -> ColumnElement[date | None]:
        return func.coalesce(cls.planned_end_date, cls.planned_date)


class Barrier(Timestamped, Base):
    """Something slowing a milestone: a customer challenge or an issue on our side."""

    __tablename__ = "barriers"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[BarrierKind] = mapped_column(enum_type(BarrierKind))
    description: Mapped[str] = mapped_column(Text)
    raised_on: Mapped[date | None]
    resolved_on: Mapped[date | None]

    milestone: Mapped[Milestone] = relationship(lazy="raise", back_populates="barriers")
