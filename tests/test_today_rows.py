"""Today on a large book: each list shows its first rows with how many it has in all, My book
reads only my accounts' work, "Show all" brings every row, and exporting the table writes every
row whatever is on screen."""

from __future__ import annotations

import csv
from dataclasses import astuple
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread

from csdesk.services import Services
from csdesk.services.today_agenda import TodayAgenda
from csdesk.ui.views import today as today_module
from tests.conftest import TODAY
from tests.ui_helpers import settled, shown_window

DAYS = [TODAY, TODAY + timedelta(days=40), TODAY - timedelta(days=400)]
LISTS = ("due", "renewals", "meetings_without_notes", "risks")


def _rows(agenda: TodayAgenda) -> dict[str, list[tuple]]:
    return {name: [astuple(row) for row in getattr(agenda, name)] for name in LISTS}


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("limit", [1, 3, 7])
def test_the_first_rows_are_the_first_of_the_whole_list(demo_services: Services, day,
                                                        limit: int) -> None:
    whole = demo_services.book.today(day)
    first = demo_services.book.today(day, limit=limit)
    for name, rows in _rows(whole).items():
        assert _rows(first)[name] == rows[:limit], name
    assert first.counts == whole.counts
    assert (whole.counts.due, whole.counts.renewals, whole.counts.meetings,
            whole.counts.risks) == (len(whole.due), len(whole.renewals),
                                    len(whole.meetings_without_notes), len(whole.risks))
    assert whole.counts.late == sum(1 for item in whole.due if item.due < day)
    assert whole.complete
    assert first.complete == all(len(rows) <= limit for rows in _rows(whole).values())


def test_my_book_is_my_accounts_work_only(demo_services: Services) -> None:
    accounts = demo_services.accounts.list()
    mine = {a.id for a in accounts[::3]}
    for account in accounts:
        if account.id in mine:
            demo_services.accounts.update(account.id, owner="Dana Rossi")
    whole = demo_services.book.today(TODAY)
    scoped = demo_services.book.today(TODAY, owner=" dana rossi ")
    for name, rows in _rows(whole).items():
        expected = [row for row, item in zip(rows, getattr(whole, name), strict=True)
                    if item.account_id in mine]
        assert _rows(scoped)[name] == expected, name
    assert scoped.counts.due == len(scoped.due) and scoped.due
    assert demo_services.book.today(TODAY, owner="Nobody").counts.due == 0


def test_a_long_list_says_how_many_more_and_shows_them_all(
        qtbot, demo_services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(today_module, "TODAY_ROWS", 2)
    whole = demo_services.book.today(TODAY)
    assert len(whole.due) > 2 and len(whole.renewals) > 2
    window = shown_window(qtbot, demo_services, TODAY)
    window.show_view("today")
    settled(window)
    view = window.today_view
    assert view.due_model.rowCount() == 2
    assert [r.text for r in view.due.visible_rows()] == [i.text for i in whole.due[:2]]
    more = view.more["due"]
    assert more.isVisible()
    assert more.text().startswith(f"Showing the first 2 by due date of {len(whole.due):,}.")
    late = sum(1 for item in whole.due if item.due < TODAY)
    assert f"{late} late · {len(whole.due) - late} due in the next 7 days" in view.title.text()
    meetings = len(whole.meetings_without_notes)
    assert f"{meetings} meeting{'' if meetings == 1 else 's'} without notes" in view.title.text()

    # Exported while partial: every row of Today, not the two on screen, read off the GUI
    # thread where the file is written.
    book, reads = demo_services.book, []
    original = book.today
    monkeypatch.setattr(book, "today", lambda *a, **k: (
        reads.append(QThread.currentThread()) or original(*a, **k)))
    window.files.export_table(str(tmp_path / "today.csv"))
    qtbot.waitUntil((tmp_path / "today.csv").exists, timeout=10000)
    window.runner.wait()
    assert reads and all(thread is not QThread.currentThread() for thread in reads)
    monkeypatch.setattr(book, "today", original)
    with (tmp_path / "today.csv").open(encoding="utf-8-sig") as handle:
        kinds = [row[0] for row in csv.reader(handle)][1:]
    assert kinds.count("renewal") == len(whole.renewals)
    assert kinds.count("action item") + kinds.count("milestone") == len(whole.due)

    more.linkActivated.emit("all")  # the "Show all" link
    settled(window)
    assert view.due_model.rowCount() == len(whole.due)
    assert view.renewal_model.rowCount() == len(whole.renewals)
    assert not any(label.isVisible() for label in view.more.values())
    view.due.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # every row sorts, by account
    names = [r.account_name for r in view.due.visible_rows()]
    assert names == sorted(names, key=str.casefold) and len(names) == len(whole.due)


def test_my_book_reads_again_and_counts_what_it_shows(qtbot, demo_services: Services) -> None:
    account = demo_services.accounts.list()[0]
    demo_services.accounts.update(account.id, owner="Dana Rossi")
    window = shown_window(qtbot, demo_services, TODAY)
    window.show_view("today")
    settled(window)
    view = window.today_view
    view.set_my_name("Dana Rossi")
    view.scope.setCurrentIndex(view.scope.findData("mine"))
    settled(window)
    mine = demo_services.book.today(TODAY, owner="Dana Rossi")
    assert {r.account_name for r in view.due.visible_rows()} <= {account.name}
    assert view.due_model.rowCount() == len(mine.due)
    assert f"{mine.counts.late} late" in view.title.text()
    assert f"{len(mine.renewals)} renewal" in view.title.text()
    assert mine == view.agenda


def test_many_rows_are_read_whole_by_their_list_not_by_id(
        demo_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past a thousand rows shown ("Show all" on a large book) each list's text is read by
    its own filter; the rows are the same as when read by id."""
    import csdesk.services.today_agenda as today_agenda

    by_id = demo_services.book.today(TODAY)
    monkeypatch.setattr(today_agenda, "_IDS_PER_QUERY", 1)
    by_filter = demo_services.book.today(TODAY)
    assert len(by_id.due) > 1 and len(by_id.risks) > 1
    assert _rows(by_filter) == _rows(by_id)


@pytest.mark.sqlite_only
def test_the_open_milestones_and_live_accounts_are_read_from_their_indexes_alone(
        demo_services: Services) -> None:
    """Today tests every open milestone and reads every live account: from the two indexes
    that hold what it reads (migration 0015), not from the wide rows."""
    from sqlalchemy import event

    engine = demo_services.workspace.engine
    statements: list[tuple[str, object]] = []

    def keep(_connection, _cursor, statement, parameters, _context, _many) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        demo_services.book.today(TODAY, limit=3)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    with engine.connect() as connection:
        plans = [" / ".join(row[3] for row in connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters))  # type: ignore[arg-type]
            for statement, parameters in statements if statement.startswith("SELECT")]
    assert any(plan == "SCAN milestones USING COVERING INDEX ix_milestones_open_due / "
               "SEARCH success_plans USING INTEGER PRIMARY KEY (rowid=?)" for plan in plans)
    assert "SCAN accounts USING COVERING INDEX ix_accounts_live" in plans
