"""File → Export table writes the table on screen, as filtered and sorted there."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from csdesk.services import Services
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import settled, shown_window

TODAY = date(2026, 11, 23)


def _window(qtbot, services: Services) -> MainWindow:
    return shown_window(qtbot, services, TODAY)


def test_accounts_export_is_what_the_table_shows(qtbot, demo_services: Services,
                                                 tmp_path: Path) -> None:
    window = _window(qtbot, demo_services)
    window.show_view("accounts")
    settled(window)
    view = window.accounts_view
    view.table.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # ARR, largest first
    shown_all = [row.name for row in view.table.visible_rows()]
    word = shown_all[0].split()[0]
    view.filter.setText(word)
    shown = [row.name for row in view.table.visible_rows()]
    assert 0 < len(shown) < len(shown_all)
    target = tmp_path / "accounts"  # no suffix: a workbook is written
    window.files.export_table(str(target))
    written = tmp_path / "accounts.xlsx"
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=10000)
    assert f"Exported {len(shown)} rows" in window.statusBar().currentMessage()
    sheet = openpyxl.load_workbook(written).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == shown


def test_today_and_renewals_export_as_csv(qtbot, demo_services: Services,
                                          tmp_path: Path) -> None:
    window = _window(qtbot, demo_services)
    window.show_view("today")
    settled(window)
    window.files.export_table(str(tmp_path / "today.csv"))
    qtbot.waitUntil((tmp_path / "today.csv").exists, timeout=10000)
    with (tmp_path / "today.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Kind", "Account", "What", "Owner", "Due", "Days late", "Status"]
    shown = window.today_view  # every list of Today: due, renewals, risks, meetings
    assert len(rows) - 1 == sum(table.model.rowCount() for table in (
        shown.due, shown.renewals, shown.risks, shown.meetings))
    window.show_view("renewals")
    settled(window)
    window.files.export_table(str(tmp_path / "renewals.csv"))
    qtbot.waitUntil((tmp_path / "renewals.csv").exists, timeout=10000)
    window.show_view("portfolio")  # the dashboard's metrics, by quarter and for its period
    window.files.export_table(str(tmp_path / "metrics.csv"))
    qtbot.waitUntil((tmp_path / "metrics.csv").exists, timeout=10000)
    window.runner.wait()
    with (tmp_path / "metrics.csv").open(encoding="utf-8-sig") as handle:
        periods = [row[0] for row in csv.reader(handle)][1:]
    assert len(periods) == 5 and periods[-1] == "2025-11-24 to 2026-11-23"  # last 12 months


def test_export_is_explained_where_there_is_no_table(qtbot, demo_services: Services) -> None:
    window = _window(qtbot, demo_services)
    account = demo_services.accounts.list()[0]
    window.open_account(account.id, "overview")
    settled(window)
    window.export_table_action.trigger()
    assert "Open Today, Accounts, Renewals, Portfolio" in window.statusBar().currentMessage()
