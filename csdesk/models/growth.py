"""Growth and the voice of the customer: opportunities on an account, and product feedback
linked to shared product gaps."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csdesk.models.base import Base, Timestamped, enum_type
from csdesk.models.enums import FeedbackKind, OpportunityKind, OpportunityStage

if TYPE_CHECKING:
    from csdesk.models.account import Account, Contact


class Opportunity(Timestamped, Base):
    """Up-sell, cross-sell, renewal uplift (with expected ARR), or advocacy: a referral, a
    testimonial, a case study. ``in_qbr``: the CSM picked it for the QBR's go-forward plan."""

    __tablename__ = "opportunities"
    __table_args__ = (
        CheckConstraint("expected_arr_cents IS NULL OR expected_arr_cents >= 0",
                        name="expected_arr_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[OpportunityKind] = mapped_column(enum_type(OpportunityKind))
    stage: Mapped[OpportunityStage] = mapped_column(enum_type(OpportunityStage),
                                                    default=OpportunityStage.IDENTIFIED)
    title: Mapped[str] = mapped_column(String(200))
    expected_arr_cents: Mapped[int | None]
    expected_on: Mapped[date | None]
    next_step: Mapped[str | None] = mapped_column(Text)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    closed_on: Mapped[date | None]
    in_qbr: Mapped[bool] = mapped_column(Boolean, default=False)
    rule: Mapped[str | None] = mapped_column(String(40))
    fact_key: Mapped[str | None] = mapped_column(String(200))

    account: Mapped[Account] = relationship(lazy="raise", back_populates="opportunities")
    contact: Mapped[Contact | None] = relationship(lazy="raise")


class ProductGap(Timestamped, Base):
    """One thing the product lacks, shared by every account that asked for it."""

    __tablename__ = "product_gaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)

    requests: Mapped[list[FeatureRequest]] = relationship(lazy="raise", back_populates="gap")


class FeatureRequest(Timestamped, Base):
    """A feature request or product feedback from an account: who said it, what, when."""

    __tablename__ = "feature_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    gap_id: Mapped[int] = mapped_column(
        ForeignKey("product_gaps.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[FeedbackKind] = mapped_column(enum_type(FeedbackKind),
                                               default=FeedbackKind.FEATURE_REQUEST)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    quote: Mapped[str] = mapped_column(Text)
    requested_on: Mapped[date]

    account: Mapped[Account] = relationship(lazy="raise", back_populates="feature_requests")
    gap: Mapped[ProductGap] = relationship(lazy="raise", back_populates="requests")
    contact: Mapped[Contact | None] = relationship(lazy="raise")
