"""The program's one clock: every "now" and "today" in csdesk comes from here.

Nothing else reads the wall clock (tests/test_clock.py reads the source to keep it so), so any
figure can be computed "as on" another day: the command line's ``--today D`` and the tests
move this clock, and every layer (services, store, models, documents) follows it.

"now" is a timezone-aware UTC instant, for timestamps; "today" is the user's local calendar
day, for due dates, lateness and renewals. A clock moved to another day keeps ticking, so
timestamps taken one after the other still come in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta


class Clock:
    """The wall clock, optionally moved by a whole number of days."""

    def __init__(self, shift: timedelta = timedelta(0)) -> None:
        self._shift = shift

    @classmethod
    def on(cls, day: date) -> Clock:
        """A clock whose today is ``day`` (and whose now is this moment's time on that day)."""
        return cls(timedelta(days=(day - _wall_now().astimezone().date()).days))

    def now(self) -> datetime:
        return _wall_now() + self._shift

    def today(self) -> date:
        return self.now().astimezone().date()


def _wall_now() -> datetime:
    return datetime.now(UTC)  # the only read of the wall clock in csdesk


_current = Clock()


def now() -> datetime:
    """This moment, timezone-aware UTC."""
    return _current.now()


def today() -> date:
    """Today's local calendar day."""
    return _current.today()


def current() -> Clock:
    return _current


def set_clock(clock: Clock) -> Clock:
    """Install ``clock`` for the whole program; returns the one it replaces."""
    global _current
    previous, _current = _current, clock
    return previous


def set_today(day: date | None) -> None:
    """Move the program's clock to ``day`` (``None``: back to the wall clock's day)."""
    set_clock(Clock.on(day) if day is not None else Clock())


@contextmanager
def moved_to(day: date) -> Iterator[Clock]:
    """Run a block as on ``day``, then put the previous clock back."""
    previous = set_clock(Clock.on(day))
    try:
        yield _current
    finally:
        set_clock(previous)
