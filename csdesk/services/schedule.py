"""Where a dated piece of work stands today: pure functions, no database."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

DUE_SOON_DAYS = 7


class DueState(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE = "due"  # within the next week
    UPCOMING = "upcoming"
    UNSCHEDULED = "unscheduled"

    @property
    def label(self) -> str:
        return {"overdue": "Late", "due": "Due within 7 days"}.get(self.value,
                                                               self.value.capitalize())


def due_state(due: date | None, done: bool, today: date) -> DueState:
    if done:
        return DueState.DONE
    if due is None:
        return DueState.UNSCHEDULED
    if due < today:
        return DueState.OVERDUE
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return DueState.DUE
    return DueState.UPCOMING


def days_late(due: date | None, today: date) -> int | None:
    """Open work: today − due date, when positive (DOMAIN.md). Work due today or later is not
    late, however long ago it started."""
    if due is None or due >= today:
        return None
    return (today - due).days


def done_late(actual: date | None, due: date | None) -> int | None:
    """Finished work: actual date − due date, when positive; on or before the due date is on
    time (None)."""
    if actual is None or due is None or actual <= due:
        return None
    return (actual - due).days


def plural_days(n: int) -> str:
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def days_until(when: date | None, today: date) -> int | None:
    return None if when is None else (when - today).days


def countdown(when: date | None, today: date) -> str:
    """'renews in 34 days', 'renews today', 'renewal 3 days ago'."""
    days = days_until(when, today)
    if days is None:
        return "no renewal date"
    if days == 0:
        return "renews today"
    if days == 1:
        return "renews tomorrow"
    if days > 0:
        return f"renews in {days} days"
    return f"renewal was {-days} day{'s' if days != -1 else ''} ago"
