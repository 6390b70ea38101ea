"""Reading the activity log."""

from __future__ import annotations

from sqlalchemy import select

from csdesk.models import ActivityEntry
from csdesk.services.base import Service


class ActivityService(Service):
    def for_account(self, account_id: int, limit: int = 500) -> list[ActivityEntry]:
        with self._uow() as session:
            query = (select(ActivityEntry).where(ActivityEntry.account_id == account_id)
                     .order_by(ActivityEntry.at.desc(), ActivityEntry.id.desc()).limit(limit))
            return list(session.scalars(query))

    def recent(self, limit: int = 100) -> list[ActivityEntry]:
        with self._uow() as session:
            query = (select(ActivityEntry)
                     .order_by(ActivityEntry.at.desc(), ActivityEntry.id.desc()).limit(limit))
            return list(session.scalars(query))
