"""The success plan and its canvas: statements, measures of success and their readings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csdesk.models.base import Base, Timestamped, enum_type
from csdesk.models.enums import CanvasItemKind, Likelihood, PlanStatus

if TYPE_CHECKING:
    from csdesk.models.account import Account
    from csdesk.models.critical_path import CriticalPathTemplate, Milestone


class SuccessPlan(Timestamped, Base):
    """The one living success plan of an account."""

    __tablename__ = "success_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus), default=PlanStatus.PRE_WORK)
    # Success assessment: likelihood of success against the key criteria, and why.
    likelihood: Mapped[Likelihood | None] = mapped_column(enum_type(Likelihood))
    assessment_notes: Mapped[str | None] = mapped_column(Text)
    # The critical path the milestones were planned from, and its kick-off.
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("critical_path_templates.id", ondelete="SET NULL"), index=True
    )
    kickoff_date: Mapped[date | None]
    last_reviewed_on: Mapped[date | None]
    next_review_on: Mapped[date | None]

    account: Mapped[Account] = relationship(lazy="raise", back_populates="plan")
    template: Mapped[CriticalPathTemplate | None] = relationship(lazy="raise")
    items: Mapped[list[CanvasItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan",
        order_by="(CanvasItem.kind, CanvasItem.position)",
        lazy="raise",
    )
    kpis: Mapped[list[Kpi]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Kpi.position",
        lazy="raise",
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="plan", cascade="all, delete-orphan",
        order_by="(Milestone.position, Milestone.id)",
        lazy="raise",
    )

    def items_of(self, kind: CanvasItemKind) -> list[CanvasItem]:
        return [item for item in self.items if item.kind == kind]


class CanvasItem(Timestamped, Base):
    """One objective, key challenge, key benefit or success criterion, in its section's order."""

    __tablename__ = "canvas_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("success_plans.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CanvasItemKind] = mapped_column(enum_type(CanvasItemKind))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)

    plan: Mapped[SuccessPlan] = relationship(lazy="raise", back_populates="items")


class Kpi(Timestamped, Base):
    """A measure of success: the exact KPI with baseline, target, unit and target date."""

    __tablename__ = "kpis"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("success_plans.id", ondelete="CASCADE"), index=True
    )
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("canvas_items.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    baseline: Mapped[Decimal]
    target: Mapped[Decimal]
    target_date: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[SuccessPlan] = relationship(lazy="raise", back_populates="kpis")
    readings: Mapped[list[KpiReading]] = relationship(
        back_populates="kpi", cascade="all, delete-orphan", order_by="KpiReading.taken_on",
        lazy="raise",
    )

    @property
    def latest(self) -> KpiReading | None:
        return self.readings[-1] if self.readings else None


class KpiReading(Base):
    """A dated value of a KPI."""

    __tablename__ = "kpi_readings"
    __table_args__ = (UniqueConstraint("kpi_id", "taken_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"), index=True)
    taken_on: Mapped[date]
    value: Mapped[Decimal]
    note: Mapped[str | None] = mapped_column(Text)

    kpi: Mapped[Kpi] = relationship(lazy="raise", back_populates="readings")
