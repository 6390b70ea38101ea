"""`csdesk export table today`: one row per item on Today, with its kind, account, due date
and days late (DOMAIN.md: today − due, when positive), read back with worked numbers; the app's
Export table on Today writes the same."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from csdesk import cli
from csdesk.services import Services
from csdesk.services.schedule import days_late
from csdesk.services.tables import TABLE_NAMES, TODAY_HEADERS
from tests.conftest import TODAY
from tests.ui_helpers import settled, shown_window


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def book(services: Services) -> Services:
    """Two live accounts with work of every kind around TODAY (2026-11-23), and a churned one."""
    acme = services.accounts.create(name="Acme", renewal_date=_day(200), owner="Dana")
    services.meetings.add_action(acme.id, text="Send the roadmap", owner="Dana",
                                 due_date=_day(-3))
    services.meetings.add_action(acme.id, text="Call the champion", due_date=TODAY)
    services.meetings.add_action(acme.id, text="Book the QBR", due_date=_day(2))
    services.meetings.add_action(acme.id, text="Plan next year", due_date=_day(30))
    done = services.meetings.add_action(acme.id, text="Already done", due_date=_day(-9))
    services.meetings.complete_action(done.id, on=_day(-9))
    plan = services.plans.get(acme.id)
    # Due is the planned end: Go-live ended 5 days ago; Initial value started 20 days ago but
    # is due in 3 days, so it is not late.
    services.critical_path.add_milestone(plan.id, name="Go-live", owner="Sam",
                                         planned_date=_day(-30), planned_end_date=_day(-5))
    services.critical_path.add_milestone(plan.id, name="Initial value",
                                         planned_date=_day(-20), planned_end_date=_day(3))
    services.meetings.create(acme.id, title="Kick-off", held_on=_day(-2))
    services.meetings.create(acme.id, title="Check-in", held_on=_day(-1), notes="Went well.")
    beta = services.accounts.create(name="Beta", renewal_date=_day(30))  # + its start-renewal
    services.risks.create(beta.id, title="Champion left", severity="high",
                          detected_on=_day(-10))
    gone = services.accounts.create(name="Gone", status="churned")
    services.meetings.add_action(gone.id, text="Nobody's job", due_date=_day(-1))
    return services


EXPECTED = [
    TODAY_HEADERS,
    ["milestone", "Acme", "Go-live", "Sam", "2026-11-18", "5", "Late"],
    ["action item", "Acme", "Send the roadmap", "Dana", "2026-11-20", "3", "Late"],
    ["action item", "Acme", "Call the champion", "", "2026-11-23", "", "Due within 7 days"],
    ["action item", "Beta", "Start renewal (renews 2026-12-23)", "", "2026-11-23", "",
     "Due within 7 days"],
    ["action item", "Acme", "Book the QBR", "", "2026-11-25", "", "Due within 7 days"],
    ["milestone", "Acme", "Initial value", "", "2026-11-26", "", "Due within 7 days"],
    ["renewal", "Beta", "Renews in 30 days", "", "2026-12-23", "", "Upcoming"],
    ["risk", "Beta", "Champion left", "", "", "", "High · open since 2026-11-13"],
    ["meeting", "Acme", "Kick-off", "", "2026-11-21", "2", "No notes yet"],
]


def test_days_late_is_today_minus_due_when_positive() -> None:
    assert [days_late(d, TODAY) for d in (_day(-5), _day(-1), TODAY, _day(1), None)] == [
        5, 1, None, None, None]
    assert TODAY_HEADERS[:2] == ["Kind", "Account"] and "today" in TABLE_NAMES


def test_the_table_has_one_row_per_item_on_today(book: Services, tmp_path: Path) -> None:
    table = book.tables.table("today", TODAY)
    assert table.headers == ["Kind", "Account", "What", "Owner", "Due", "Days late", "Status"]
    late = {row[2]: row[5] for row in table.rows}
    assert (late["Go-live"], late["Send the roadmap"], late["Book the QBR"]) == (5, 3, None)
    book.tables.export("today", tmp_path / "today.csv", TODAY)
    assert _read(tmp_path / "today.csv") == EXPECTED


@pytest.mark.sqlite_only
def test_the_command_writes_csv_and_xlsx_as_on_any_day(book: Services, db_path: Path,
                                                       tmp_path: Path) -> None:
    book.workspace.close()
    out = tmp_path / "today.csv"
    assert cli.main(["export", "table", "today", "--db", str(db_path), "-o", str(out),
                     "--today", TODAY.isoformat()]) == 0
    assert _read(out) == EXPECTED
    # A day later everything open and due is a day later still; Book the QBR is not due yet.
    assert cli.main(["export", "table", "today", "--db", str(db_path), "-o",
                     str(tmp_path / "later.xlsx"), "--today", _day(1).isoformat()]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "later.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == TODAY_HEADERS
    late = {(kind, what): (due, days) for kind, _account, what, _owner, due, days, _status
            in rows[1:]}
    assert late[("milestone", "Go-live")] == (datetime(2026, 11, 18), 6)
    assert late[("action item", "Send the roadmap")] == (datetime(2026, 11, 20), 4)
    assert late[("action item", "Call the champion")] == (datetime(2026, 11, 23), 1)
    assert late[("action item", "Book the QBR")] == (datetime(2026, 11, 25), None)
    assert late[("meeting", "Kick-off")] == (datetime(2026, 11, 21), 3)
    assert late[("risk", "Champion left")] == (None, None)


def test_the_apps_export_on_today_writes_the_same(qtbot, book: Services,
                                                  tmp_path: Path) -> None:
    window = shown_window(qtbot, book, TODAY)
    window.show_view("today")
    settled(window)
    window.files.export_table(str(tmp_path / "today.csv"))
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10000)
    window.runner.wait()
    rows = _read(tmp_path / "today.csv")
    assert rows[0] == TODAY_HEADERS
    # Each of Today's lists in the order it shows (the due list by date, as the service does)
    assert sorted(rows[1:]) == sorted(EXPECTED[1:])
    assert [r[0] for r in rows[1:]] == [r[0] for r in EXPECTED[1:]]
