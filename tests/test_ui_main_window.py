"""The foundation's window, driven like a user would: welcome, demo book, filter, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from csdesk.services import Services
from csdesk.ui.accounts_model import AccountRow, AccountsTableModel
from csdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.runner.wait()


def test_an_empty_workspace_opens_on_the_welcome(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.welcome
    assert window.statusBar().currentMessage().startswith("0 accounts")


def test_open_a_demo_book_from_the_welcome(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.accounts_page, timeout=30000)
    assert window.accounts_page.proxy.rowCount() == 25
    assert window.services.accounts.count() == 25


def test_typing_in_the_filter_narrows_the_table(qtbot, demo_services, window) -> None:
    window.refresh()
    page = window.accounts_page
    assert page.proxy.rowCount() == 12
    qtbot.keyClicks(page.filter, "labs")
    shown = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert shown and all("labs" in name.lower() for name in shown)
    assert len(shown) < 12


def test_sorting_by_arr_uses_amounts_not_text(demo_services, window) -> None:
    window.refresh()
    page = window.accounts_page
    page.table.sortByColumn(AccountsTableModel.ARR, Qt.SortOrder.DescendingOrder)
    values = [page.proxy.index(r, AccountsTableModel.ARR).data(AccountsTableModel.SORT_ROLE)
              for r in range(page.proxy.rowCount())]
    assert values == sorted(values, reverse=True)


def test_a_bad_csv_shows_every_problem_and_imports_nothing(qtbot, window, tmp_path: Path,
                                                           monkeypatch) -> None:
    shown: list[tuple[str, str, list[str] | None]] = []
    monkeypatch.setattr(window, "show_error", lambda t, m, d=None: shown.append((t, m, d)))
    bad = tmp_path / "bad.csv"
    bad.write_text("name,arr\nAcme,lots\n", encoding="utf-8")
    window.import_accounts(str(bad))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    title, message, details = shown[0]
    assert title == "Nothing was imported"
    assert details == ["row 2, column arr: 'lots' — not an amount of money"]
    assert window.services.accounts.count() == 0


def test_a_good_csv_fills_the_table(qtbot, window, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("name,arr,renewal_date\nAcme,\"$12,000\",2027-01-31\n", encoding="utf-8")
    window.import_accounts(str(good))
    qtbot.waitUntil(lambda: window.accounts_page.proxy.rowCount() == 1, timeout=10000)
    index = window.accounts_page.proxy.index(0, AccountsTableModel.ARR)
    assert index.data() == "$12,000"
    assert "1 account was created" in window.statusBar().currentMessage()


def test_the_model_shows_days_to_renewal() -> None:
    from datetime import date

    model = AccountsTableModel(today=date(2026, 11, 23))
    model.set_rows([AccountRow(1, "Acme", "High-touch", "Adoption", 100, "USD",
                               date(2026, 12, 3)),
                    AccountRow(2, "Beta", "Low-touch", "Onboarding", 0, "EUR", None)])
    assert model.index(0, AccountsTableModel.DAYS_LEFT).data() == "10"
    assert model.index(1, AccountsTableModel.RENEWAL).data() == "—"
    assert model.index(1, AccountsTableModel.ARR).data() == "€0"
