"""What the book's read models share: a milestone's state in SQL's words, and the renewals of
the coming days (the Renewals list and Today's)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Executable, and_, func, select

from csdesk.models import Account, AccountStatus, Milestone, MilestoneStatus, Segment
from csdesk.services.tracking import RENEWAL_STAGE_NAMES

RENEWAL_WINDOW_DAYS = 90


@dataclass(frozen=True)
class RenewalRow:
    account_id: int
    account_name: str
    segment: str
    renewal_date: date
    days_left: int
    arr_cents: int
    currency: str
    health_score: int | None


def driver_rows(connection: Connection, statement: Executable) -> list[Any]:
    """The rows as the database driver returns them, for the long narrow lists the read
    models sort and count: SQLAlchemy's handling of each row and value (a date from SQLite's
    text, say) cost more than the reading itself on tens of thousands of rows. Dates come as
    the driver gives them (`days_of` converts them); enums as their values."""
    result = connection.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def days_of(values: Iterable[date | str | None]) -> dict[Any, Any]:
    """Each date as a driver gives it (SQLite's ISO text, PostgreSQL's date) mapped to the
    date: a list has few distinct dates, so each is read once."""
    return {value: value if value is None or isinstance(value, date)
            else date.fromisoformat(value) for value in set(values)}


def is_renewal_stage() -> Any:
    """A milestone named as a Renewal stage (services/tracking.py), in SQL's words. An open
    Renewal stage is due on the contract's renewal date, any other on its own due date."""
    return func.lower(func.trim(Milestone.name)).in_(RENEWAL_STAGE_NAMES)


def open_milestone() -> ColumnElement[bool]:
    return and_(Milestone.actual_date.is_(None),
                Milestone.status.not_in([MilestoneStatus.DONE, MilestoneStatus.SKIPPED]))


def renewal_rows(connection: Connection, today: date, days: int, *,
                 accepts: Callable[[int], bool] | None = None,
                 limit: int | None = None) -> tuple[list[RenewalRow], int]:
    """The live accounts renewing from today to ``days`` ahead, soonest first (then by name):
    the first ``limit`` of those ``accepts`` takes (every one when None), and how many it takes
    in all."""
    # As the driver gives them: only the rows shown have their values converted
    accounts = driver_rows(connection, (
        select(Account.id, Account.name, Account.segment, Account.renewal_date,
               Account.arr_cents, Account.currency, Account.health_score)
        .where(Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE,
               Account.renewal_date >= today,
               Account.renewal_date <= today + timedelta(days=days))
        .order_by(Account.renewal_date, Account.name_key)))
    if accepts is not None:
        accounts = [a for a in accounts if accepts(a[0])]
    shown = accounts[:limit]
    on = days_of(a[3] for a in shown)
    return [RenewalRow(account_id, name, Segment(segment).label, on[renewal],
                       (on[renewal] - today).days, arr_cents, currency, health_score)
            for account_id, name, segment, renewal, arr_cents, currency, health_score
            in shown], len(accounts)
