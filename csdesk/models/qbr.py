"""What the QBR builder keeps: the product roadmap (once per workspace) and a snapshot of each
exported review, so the next one can say what changed since."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from csdesk.models.base import Base, Timestamped, enum_type, utcnow
from csdesk.models.enums import LabelledEnum


class RoadmapHorizon(LabelledEnum):
    RELEASED = "released"
    THREE_MONTHS = "three_months"
    SIX_MONTHS = "six_months"
    TWELVE_MONTHS = "twelve_months"

    @property
    def label(self) -> str:
        return {"released": "Recently released", "three_months": "Next 3 months",
                "six_months": "In 6 months", "twelve_months": "In 12 months"}[self.value]


class RoadmapItem(Timestamped, Base):
    __tablename__ = "roadmap_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    horizon: Mapped[RoadmapHorizon] = mapped_column(enum_type(RoadmapHorizon),
                                                    default=RoadmapHorizon.THREE_MONTHS)
    released_on: Mapped[date | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class QbrSnapshot(Base):
    """The facts of a QBR as exported: milestones, KPIs, health. The next QBR compares."""

    __tablename__ = "qbr_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    quarter: Mapped[str] = mapped_column(String(8))
    taken_on: Mapped[date]
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
