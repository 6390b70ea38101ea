"""Risks on an account, their escalation, and the early-warning proposals a CSM dismissed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csdesk.models.base import Base, Timestamped, enum_type
from csdesk.models.enums import EscalationLevel, RiskKind, RiskSeverity, RiskStatus

if TYPE_CHECKING:
    from csdesk.models.account import Account
    from csdesk.models.meeting import ActionItem


class Risk(Timestamped, Base):
    """Something that could cost the account: how bad, what is at stake, what is being done.

    A risk an early-warning rule proposed keeps the rule and the facts (``rule``, ``fact_key``)
    so the same facts never propose it again. Escalated: raised internally or with the
    customer, on a date, with the people involved.
    """

    __tablename__ = "risks"
    __table_args__ = (
        CheckConstraint("arr_at_risk_cents IS NULL OR arr_at_risk_cents >= 0",
                        name="arr_at_risk_not_negative"),
        CheckConstraint("(escalated_on IS NULL) = (escalation_level IS NULL)",
                        name="escalation_has_date_and_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RiskKind] = mapped_column(enum_type(RiskKind), default=RiskKind.OTHER)
    severity: Mapped[RiskSeverity] = mapped_column(enum_type(RiskSeverity),
                                                   default=RiskSeverity.MEDIUM)
    status: Mapped[RiskStatus] = mapped_column(enum_type(RiskStatus), default=RiskStatus.OPEN,
                                               index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    arr_at_risk_cents: Mapped[int | None]
    detected_on: Mapped[date]
    owner: Mapped[str | None] = mapped_column(String(200))
    mitigation: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None]
    escalated_on: Mapped[date | None]
    escalation_level: Mapped[EscalationLevel | None] = mapped_column(enum_type(EscalationLevel))
    escalation_people: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[str | None] = mapped_column(String(40))
    fact_key: Mapped[str | None] = mapped_column(String(200))

    account: Mapped[Account] = relationship(lazy="raise", back_populates="risks")
    actions: Mapped[list[ActionItem]] = relationship(
        back_populates="risk", order_by="ActionItem.due_date",
        lazy="raise",
    )


class DismissedProposal(Base):
    """An early-warning proposal the CSM dismissed, with why: it never comes back for the same
    facts (a new meeting, a new response or a later slip are new facts)."""

    __tablename__ = "dismissed_proposals"
    __table_args__ = (UniqueConstraint("account_id", "rule", "fact_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(String(40))
    fact_key: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    dismissed_on: Mapped[date]
