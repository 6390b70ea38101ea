"""Meetings with the customer and the action items tracked until done."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csdesk.models.base import Base, Timestamped, enum_type
from csdesk.models.enums import MeetingKind, Side

if TYPE_CHECKING:
    from csdesk.models.account import Account, Contact
    from csdesk.models.critical_path import Milestone
    from csdesk.models.risk import Risk


class Meeting(Timestamped, Base):
    """A kick-off, discovery session, check-in, QBR/EBR or escalation."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0",
                        name="duration_positive"),
        # One meeting per calendar event (and occurrence) per account: re-importing adds nothing.
        Index("ix_meetings_calendar_uid", "account_id", "calendar_uid", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind), default=MeetingKind.CHECK_IN)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(index=True)
    duration_minutes: Mapped[int | None]
    agenda: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text)
    # The UID (and date) of the calendar event this meeting was imported from, if any.
    calendar_uid: Mapped[str | None] = mapped_column(String(500))

    account: Mapped[Account] = relationship(lazy="raise", back_populates="meetings")
    attendees: Mapped[list[Attendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendee.id",
        lazy="raise",
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="meeting", order_by="ActionItem.id",
        lazy="raise",
    )


class Attendee(Base):
    """Someone at a meeting: a known contact or a free-text name, on our side or theirs."""

    __tablename__ = "attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    side: Mapped[Side] = mapped_column(enum_type(Side), default=Side.CUSTOMER)
    role: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(lazy="raise", back_populates="attendees")
    contact: Mapped[Contact | None] = relationship(lazy="raise")


class ActionItem(Timestamped, Base):
    """Something someone agreed to do, from a meeting or for a milestone, tracked until done."""

    __tablename__ = "action_items"
    # Today and the overdue counts look only at open items: a small index of those alone,
    # holding their accounts too, so Today reads it without the table (migration 0014).
    __table_args__ = (
        Index("ix_action_items_open_due", "due_date", "account_id",
              sqlite_where=text("done_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL"), index=True
    )
    # An action of a risk's mitigation plan.
    risk_id: Mapped[int | None] = mapped_column(
        ForeignKey("risks.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    owner_side: Mapped[Side] = mapped_column(enum_type(Side), default=Side.OURS)
    due_date: Mapped[date | None] = mapped_column(index=True)
    done_on: Mapped[date | None]

    account: Mapped[Account] = relationship(lazy="raise", back_populates="action_items")
    meeting: Mapped[Meeting | None] = relationship(lazy="raise", back_populates="action_items")
    milestone: Mapped[Milestone | None] = relationship(lazy="raise", back_populates="actions")
    risk: Mapped[Risk | None] = relationship(lazy="raise", back_populates="actions")

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
