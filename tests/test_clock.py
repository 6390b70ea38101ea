"""One clock: nothing in csdesk reads the wall clock except csdesk/clock.py, and every layer
follows the clock when it is moved (the command line's --today, the tests)."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from csdesk import clock
from csdesk.services import Services

ROOT = Path(__file__).resolve().parents[1] / "csdesk"

# Calls that read the wall clock, as attribute chains.
WALL_CLOCK_READS = {
    ("date", "today"), ("datetime", "today"), ("datetime", "now"), ("datetime", "utcnow"),
    ("datetime", "date", "today"), ("datetime", "datetime", "now"),
    ("datetime", "datetime", "today"), ("datetime", "datetime", "utcnow"),
    ("time", "time"), ("time", "localtime"), ("time", "gmtime"), ("time", "ctime"),
    ("QDate", "currentDate"), ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"), ("QDateTime", "currentSecsSinceEpoch"),
}
# Where reading the wall clock is the point, and why.
ALLOWED = {
    "clock.py": "the one clock",
    # Compares with file modification times, which the kernel stamps from the wall clock.
    "store/clean_close.py": "file times",
    # How old a scratch folder is, from its modification time (same reason).
    "store/scratch.py": "file times",
}


def _chain(node: ast.AST) -> tuple[str, ...]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return tuple(reversed(parts))


def wall_clock_reads(source: str) -> list[tuple[int, str]]:
    """Every call (or reference, e.g. ``default=date.today``) that reads the wall clock,
    including those inside functions and after imports made inside functions."""
    tree = ast.parse(source)
    found = []
    imported_names: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("datetime", "time"):
            for alias in node.names:
                imported_names[alias.asname or alias.name] = (node.module, alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute | ast.Name):
            chain = _chain(node)
            if chain and chain[0] in imported_names and imported_names[chain[0]][0] == "time":
                chain = imported_names[chain[0]] + chain[1:]
            if chain in WALL_CLOCK_READS or chain[:1] in (("time_ns",), ("localtime",)):
                found.append((node.lineno, ".".join(chain)))
    return found


def test_nothing_but_the_clock_reads_the_wall_clock() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in ALLOWED or "/migrations/" in relative:
            continue
        offenders += [f"{relative}:{line}: {what}"
                      for line, what in wall_clock_reads(path.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("source", [
    "from datetime import date\nx = date.today()",
    "def f():\n    from datetime import datetime, UTC\n    return datetime.now(UTC)",
    "import datetime\nx = datetime.date.today()",
    "import time\nx = time.time()",
    "from time import time\nx = time()",
    "from datetime import date\ndef f(today=date.today): ...",
])
def test_the_source_check_sees_every_way_of_reading_the_wall_clock(source: str) -> None:
    assert wall_clock_reads(source)


def test_the_clock_can_be_moved_to_any_day_and_keeps_ticking() -> None:
    day = date(2028, 2, 29)
    with clock.moved_to(day):
        first = clock.now()
        assert clock.today() == day
        assert first.tzinfo is not None and first.utcoffset() == timedelta(0)
        assert clock.now() >= first
    assert clock.today() != day or date(2028, 2, 29) == datetime.now(UTC).date()


def test_every_layer_stamps_from_the_clock(services: Services) -> None:
    """Activity, created_at, an archive, a backup and a lock are stamped as on the clock's day."""
    from csdesk.store.backup import daily_backup_due, list_backups, make_backup

    day = date(2029, 7, 4)
    with clock.moved_to(day):
        account = services.accounts.create(name="Stamped Inc")
        services.accounts.archive(account.id)
        assert services.accounts.get(account.id).created_at.astimezone().date() == day
        assert services.accounts.get(account.id).archived_at.astimezone().date() == day
        entries = services.activity.for_account(account.id)
        assert entries and {e.at.astimezone().date() for e in entries} == {day}
        if services.workspace.location.path is not None:
            assert daily_backup_due(services.workspace.location.path)
            make_backup(services.workspace.location.path, "daily")
            assert not daily_backup_due(services.workspace.location.path)
            newest = list_backups(services.workspace.location.path)[0]
            assert newest.taken_at.astimezone().date() == day
