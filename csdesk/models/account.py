"""Accounts (customers) and their stakeholders."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csdesk.models.base import Base, Timestamped, enum_type
from csdesk.models.enums import AccountStatus, LifecycleStage, Segment, StakeholderRole

if TYPE_CHECKING:
    from csdesk.models.growth import FeatureRequest, Opportunity
    from csdesk.models.meeting import ActionItem, Meeting
    from csdesk.models.plan import SuccessPlan
    from csdesk.models.risk import Risk
    from csdesk.models.signals import ArrChange, HealthSnapshot, SurveyResponse


class Account(Timestamped, Base):
    """A customer in the CSM's book, with its highlights and commercials."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("arr_cents >= 0", name="arr_not_negative"),
        CheckConstraint("employees IS NULL OR employees >= 0", name="employees_not_negative"),
        CheckConstraint("offices IS NULL OR offices >= 0", name="offices_not_negative"),
        CheckConstraint("founded IS NULL OR (founded >= 1000 AND founded <= 9999)",
                        name="founded_is_a_year"),
        CheckConstraint(
            "renewal_date IS NULL OR contract_start IS NULL OR renewal_date >= contract_start",
            name="renewal_after_start",
        ),
        CheckConstraint("health_score IS NULL OR (health_score >= 0 AND health_score <= 100)",
                        name="health_score_range"),
        CheckConstraint("length(currency) = 3", name="currency_is_iso_code"),
        CheckConstraint("sentiment IS NULL OR (sentiment >= 0 AND sentiment <= 100)",
                        name="sentiment_range"),
        # What Today reads of every live account, and what says it is live: read from this
        # narrow index alone, not the wide rows (migration 0015). Led by the id, so a query
        # it does not cover is never drawn to it.
        Index("ix_accounts_live", "id", "name", "owner", "renewal_date", "archived_at",
              "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Case-folded name: account names are unique in a workspace regardless of case.
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    # Customer highlights
    industry: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(300))
    employees: Mapped[int | None]
    offices: Mapped[int | None]
    founded: Mapped[int | None]
    highlights: Mapped[str | None] = mapped_column(Text)
    # The CSM who owns the account (My book / Team in a shared workspace).
    owner: Mapped[str | None] = mapped_column(String(200), index=True)
    # Commercials
    segment: Mapped[Segment] = mapped_column(enum_type(Segment), default=Segment.HIGH_TOUCH)
    edition: Mapped[str | None] = mapped_column(String(120))
    lifecycle_stage: Mapped[LifecycleStage] = mapped_column(
        enum_type(LifecycleStage), default=LifecycleStage.ONBOARDING
    )
    arr_cents: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    contract_start: Mapped[date | None]
    renewal_date: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[AccountStatus] = mapped_column(
        enum_type(AccountStatus), default=AccountStatus.ACTIVE
    )
    # Signals kept on the account itself; dated signals live in their own tables.
    health_score: Mapped[int | None]
    usage_notes: Mapped[str | None] = mapped_column(Text)
    # The CSM's own read of the relationship (0-100), with the note that justifies it.
    sentiment: Mapped[int | None]
    sentiment_note: Mapped[str | None] = mapped_column(Text)
    sentiment_on: Mapped[date | None]
    # Raised by every update (SQLAlchemy's version counter): two people saving the same account
    # in a team workspace cannot silently overwrite each other (AccountService.update).
    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    archived_at: Mapped[datetime | None]
    __mapper_args__ = {"version_id_col": version}

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Contact.name",
        lazy="raise",
    )
    plan: Mapped[SuccessPlan | None] = relationship(
        back_populates="account", cascade="all, delete-orphan", uselist=False,
        lazy="raise",
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="account", cascade="all, delete-orphan",
        lazy="raise",
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="account", cascade="all, delete-orphan",
        lazy="raise",
    )
    survey_responses: Mapped[list[SurveyResponse]] = relationship(
        back_populates="account", cascade="all, delete-orphan",
        lazy="raise",
    )
    arr_changes: Mapped[list[ArrChange]] = relationship(
        back_populates="account", cascade="all, delete-orphan",
        lazy="raise",
    )
    health_snapshots: Mapped[list[HealthSnapshot]] = relationship(
        back_populates="account", cascade="all, delete-orphan",
        lazy="raise",
    )
    risks: Mapped[list[Risk]] = relationship(
        back_populates="account", cascade="all, delete-orphan", order_by="Risk.detected_on",
        lazy="raise",
    )
    opportunities: Mapped[list[Opportunity]] = relationship(
        back_populates="account", cascade="all, delete-orphan",
        lazy="raise",
    )
    feature_requests: Mapped[list[FeatureRequest]] = relationship(
        back_populates="account", cascade="all, delete-orphan",
        lazy="raise",
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def mrr_cents(self) -> int:
        """MRR = ARR / 12, rounded half up to the cent."""
        return (self.arr_cents * 2 + 12) // 24

    def __repr__(self) -> str:
        return f"<Account {self.id} {self.name!r}>"


class Contact(Timestamped, Base):
    """A stakeholder at the customer."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[StakeholderRole] = mapped_column(
        enum_type(StakeholderRole), default=StakeholderRole.OTHER
    )
    title: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(60))
    notes: Mapped[str | None] = mapped_column(Text)

    account: Mapped[Account] = relationship(lazy="raise", back_populates="contacts")

    def __repr__(self) -> str:
        return f"<Contact {self.id} {self.name!r} {self.role}>"
