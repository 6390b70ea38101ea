"""Dated signals about an account: survey responses, ARR changes and health snapshots."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csdesk.models.base import Base, Timestamped, enum_type
from csdesk.models.enums import ArrChangeKind, SurveyKind

if TYPE_CHECKING:
    from csdesk.models.account import Account, Contact


class SurveyResponse(Timestamped, Base):
    """An NPS (0-10) or CSAT (1-5) answer."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'nps' AND score >= 0 AND score <= 10) "
            "OR (kind = 'csat' AND score >= 1 AND score <= 5)",
            name="score_in_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[SurveyKind] = mapped_column(enum_type(SurveyKind))
    responded_on: Mapped[date] = mapped_column(index=True)
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)

    account: Mapped[Account] = relationship(lazy="raise", back_populates="survey_responses")
    contact: Mapped[Contact | None] = relationship(lazy="raise")


class ArrChange(Timestamped, Base):
    """The ARR in effect for an account from ``effective_on``, and what kind of change it was."""

    __tablename__ = "arr_changes"
    __table_args__ = (
        UniqueConstraint("account_id", "effective_on"),
        CheckConstraint("arr_cents >= 0", name="arr_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    effective_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[ArrChangeKind] = mapped_column(enum_type(ArrChangeKind))
    arr_cents: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)

    account: Mapped[Account] = relationship(lazy="raise", back_populates="arr_changes")


class HealthSnapshot(Base):
    """A health score as computed on a day, with the components that explain it."""

    __tablename__ = "health_snapshots"
    __table_args__ = (
        UniqueConstraint("account_id", "taken_on"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    taken_on: Mapped[date]
    score: Mapped[int]
    # [{"name": "Adoption", "weight": 0.3, "score": 70, "reason": "..."}, ...]
    components: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    account: Mapped[Account] = relationship(lazy="raise", back_populates="health_snapshots")
