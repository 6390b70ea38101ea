"""Account commands act on the account selected in the list on screen, never on the account
opened last (issue 15: Ctrl+Shift+Q on Accounts opened the QBR of the account opened before).
For every list view: open Alpha, go to the list, select Bravo, run each command: it is Bravo's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from csdesk.services import Services
from csdesk.ui.dialogs.account_dialog import AccountDialog
from csdesk.ui.main_window import MainWindow
from csdesk.ui.widgets import TableWithEmptyState
from tests.conftest import TODAY
from tests.ui_helpers import settled, shown_window

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM


@pytest.fixture
def ids(services: Services) -> dict[str, int]:
    """Alpha and Bravo, each in every list: Today's four, Accounts, Renewals, Portfolio's
    onboarding progress and Opportunities; and a product gap both ask for."""
    found = {}
    for number, name in enumerate(("Alpha", "Bravo")):
        account = services.accounts.create(name=name, renewal_date=TODAY + timedelta(20 + number))
        found[name] = account.id
        services.meetings.add_action(account.id, text=f"Call {name}", due_date=TODAY)
        services.risks.create(account.id, title=f"{name} budget cut", detected_on=TODAY)
        services.meetings.create(account.id, title=f"{name} sync",
                                 held_on=TODAY - timedelta(days=1))
        services.critical_path.add_milestone(services.plans.get(account.id).id, name="Go-live",
                                             planned_date=TODAY + timedelta(days=30))
        services.growth.create_opportunity(account.id, kind="upsell", title=f"{name} seats")
        services.growth.log_request(account.id, "We need SSO", TODAY, new_gap="SSO")
    return found


@pytest.fixture
def window(qtbot, services: Services, ids: dict[str, int]):
    win = shown_window(qtbot, services, TODAY)
    yield win
    win.runner.wait()


def _tables(window: MainWindow) -> dict[str, tuple[str, Callable[[], TableWithEmptyState],
                                                    Callable[[Any], int]]]:
    """Each list of accounts: its view, the table, and a row's account id."""
    of = lambda row: row.account_id  # noqa: E731
    return {
        "today: due": ("today", lambda: window.today_view.due, of),
        "today: renewals": ("today", lambda: window.today_view.renewals, of),
        "today: risks": ("today", lambda: window.today_view.risks, of),
        "today: meetings": ("today", lambda: window.today_view.meetings, of),
        "accounts": ("accounts", lambda: window.accounts_view.table, lambda row: row.id),
        "renewals": ("renewals", lambda: window.renewals_view.table, of),
        "portfolio": ("portfolio", lambda: window.portfolio_view.table, of),
        "opportunities": ("opportunities", lambda: window.opportunities_view.table, of),
    }


def _select(window: MainWindow, where: str, account_id: int) -> TableWithEmptyState:
    view, table_of, account_of = _tables(window)[where]
    window.show_view(view)
    settled(window)
    if view == "portfolio":
        window.portfolio_view.tabs.setCurrentIndex(1)  # Onboarding progress, with the table
    table = table_of()
    assert table.select_where(lambda row: account_of(row) == account_id)
    table.table.setFocus()
    QApplication.processEvents()
    return table


@pytest.fixture
def file_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file names suggested by every save dialog (each is then cancelled)."""
    asked: list[str] = []

    def save(_parent: object, _caption: str, suggested: str = "", *_rest: object
             ) -> tuple[str, str]:
        asked.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    return asked


def _edited_name(window: MainWindow) -> str | None:
    settled(window)  # the account is read off the GUI thread, then its form opens
    dialogs = [d for d in window.findChildren(AccountDialog) if d.isVisible()]
    for dialog in dialogs:
        dialog.reject()
    return dialogs[-1].form.widgets["name"].text() if dialogs else None


@pytest.mark.parametrize("where", ["today: due", "today: renewals", "today: risks",
                                   "today: meetings", "accounts", "renewals", "portfolio",
                                   "opportunities"])
def test_every_account_command_acts_on_the_account_selected_in_the_list(
        qtbot, window: MainWindow, ids: dict[str, int], file_dialogs: list[str],
        where: str) -> None:
    alpha, bravo = ids["Alpha"], ids["Bravo"]

    def from_the_list() -> None:
        window.open_account(alpha, "overview")  # Alpha is the account opened last
        settled(window)
        _select(window, where, bravo)
        assert window.target_accounts() == [bravo]

    from_the_list()
    window.export_qbr_action.trigger()  # Ctrl+Shift+Q
    assert (window.account_view.account_id, window.account_view.current_tab()) == (bravo, "qbr")
    assert window.pages.currentWidget() is window.account_view

    from_the_list()
    window.export_plan_action.trigger()  # Ctrl+Shift+E
    assert window.account_view.account_id == bravo
    assert file_dialogs.pop().endswith("Bravo success plan.docx")

    from_the_list()
    window.export_qbr_document_action.trigger()
    assert (window.account_view.account_id, window.account_view.current_tab()) == (bravo, "qbr")
    settled(window)  # the export waits for the QBR's draft
    assert file_dialogs.pop().endswith("Bravo QBR 2026Q4.docx")

    from_the_list()
    window.export_account_calendar_action.trigger()
    assert file_dialogs.pop().endswith("Bravo.ics")

    from_the_list()
    window.handover_export_action.trigger()
    assert file_dialogs.pop().endswith(f"Bravo handover {TODAY.isoformat()}.zip")

    from_the_list()
    window.edit_account_action.trigger()  # Ctrl+E
    assert _edited_name(window) == "Bravo"

    from_the_list()
    before = {a: len(window.services.meetings.for_account(a)) for a in (alpha, bravo)}
    window.new_meeting_action.trigger()  # Ctrl+Shift+M
    settled(window)
    assert (window.account_view.account_id, window.account_view.current_tab()) == (
        bravo, "meetings")
    after = {a: len(window.services.meetings.for_account(a)) for a in (alpha, bravo)}
    assert after == {alpha: before[alpha], bravo: before[bravo] + 1}
    assert file_dialogs == []


def test_the_shortcut_on_the_accounts_list_prepares_the_selected_accounts_qbr(
        qtbot, window: MainWindow, ids: dict[str, int]) -> None:
    window.open_account(ids["Alpha"], "overview")
    settled(window)
    table = _select(window, "accounts", ids["Bravo"])
    window.activateWindow()
    qtbot.keyClick(table.table, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert (window.account_view.account_id, window.account_view.current_tab()) == (
        ids["Bravo"], "qbr")


def test_in_the_account_workspace_commands_act_on_the_open_account(
        qtbot, window: MainWindow, ids: dict[str, int], file_dialogs: list[str]) -> None:
    _select(window, "accounts", ids["Bravo"])  # a selection left behind in the list
    window.open_account(ids["Alpha"], "overview")
    settled(window)
    assert window.target_accounts() == [ids["Alpha"]]
    window.edit_account_action.trigger()
    assert _edited_name(window) == "Alpha"
    window.export_plan_action.trigger()
    assert file_dialogs.pop().endswith("Alpha success plan.docx")


def test_with_nothing_selected_or_open_it_says_so_and_opens_no_dialog(
        qtbot, window: MainWindow, ids: dict[str, int], file_dialogs: list[str]) -> None:
    window.open_account(ids["Alpha"], "overview")
    settled(window)
    window.show_view("renewals")
    settled(window)
    window.renewals_view.table.table.clearSelection()
    for action, doing in ((window.export_qbr_action, "prepare its QBR"),
                          (window.export_plan_action, "export its success plan"),
                          (window.export_qbr_document_action, "export its QBR"),
                          (window.export_account_calendar_action, "export its calendar"),
                          (window.edit_account_action, "edit it"),
                          (window.new_meeting_action, "add a meeting to it")):
        action.trigger()
        assert window.statusBar().currentMessage() == \
            f"Select an account in the list, or open one, to {doing}."
        assert window.pages.currentWidget() is window.renewals_view
    assert file_dialogs == [] and _edited_name(window) is None
    # Product gaps' rows are gaps that many accounts ask for: no one account to act on.
    window.show_view("gaps")
    settled(window)
    assert window.gaps_view.table.select_where(lambda row: row.title == "SSO")
    window.export_qbr_action.trigger()
    assert "Select an account in the list" in window.statusBar().currentMessage()
    assert window.pages.currentWidget() is window.gaps_view
    # With nothing selected, a handover is the whole book, as before.
    window.show_view("renewals")
    settled(window)
    assert window.files.accounts_to_hand_over() is None


def test_several_selected_accounts_are_handed_over_but_one_is_needed_for_a_qbr(
        qtbot, window: MainWindow, ids: dict[str, int]) -> None:
    window.open_account(ids["Alpha"], "overview")
    settled(window)
    window.show_view("accounts")
    settled(window)
    assert window.accounts_view.table.select_where(lambda row: True)
    assert sorted(window.files.accounts_to_hand_over()) == sorted(ids.values())
    window.export_qbr_action.trigger()
    assert window.statusBar().currentMessage() == \
        "2 accounts are selected: select one to prepare its QBR."
    assert window.pages.currentWidget() is window.accounts_view


def test_on_today_the_list_in_use_decides(qtbot, window: MainWindow,
                                          ids: dict[str, int]) -> None:
    _select(window, "today: risks", ids["Alpha"])
    meetings = window.today_view.meetings
    assert meetings.select_where(lambda row: row.account_id == ids["Bravo"])
    meetings.table.setFocus()  # focus, and used last
    QApplication.processEvents()
    assert window.today_view.risks.selected_rows()  # Alpha's risk is still selected there
    assert window.target_accounts() == [ids["Bravo"]]
    window.today_view.risks.table.setFocus()  # back to the risks: Alpha's is selected there
    QApplication.processEvents()
    assert window.target_accounts() == [ids["Alpha"]]
    window.nav.setFocus()  # focus elsewhere: the list used last still decides
    QApplication.processEvents()
    assert window.target_accounts() == [ids["Alpha"]]
