"""The activity log: what changed, when, written in the same transaction as the change."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from csdesk.models.base import Base, enum_type, utcnow
from csdesk.models.enums import ActivityAction

if TYPE_CHECKING:
    from csdesk.models.account import Account


class ActivityEntry(Base):
    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Kept (set to NULL) when the account is deleted, so the deletion itself stays on record.
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    action: Mapped[ActivityAction] = mapped_column(enum_type(ActivityAction))
    summary: Mapped[str] = mapped_column(Text)
    # {"field": [old, new], ...} as JSON-friendly strings
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Who made the change: the name set in Settings on the computer that made it, if any.
    actor: Mapped[str | None] = mapped_column(String(200))

    account: Mapped[Account | None] = relationship(lazy="raise")
