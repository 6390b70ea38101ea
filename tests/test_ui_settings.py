"""Tools → Settings: saved to the settings file, applied at once, and switching workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from csdesk import settings as user_settings
from csdesk.services import Services
from csdesk.services.validation import set_number_format
from csdesk.ui.app import next_location
from csdesk.ui.dialogs.account_dialog import AccountDialog
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import shown_window

TODAY = date(2026, 11, 23)


def _window(qtbot, services: Services) -> MainWindow:  # noqa: ANN001
    return shown_window(qtbot, services, TODAY)


def test_settings_are_saved_and_applied(qtbot, services: Services) -> None:
    services.accounts.create(name="Acme", arr_cents=123456789, currency="EUR")
    window = _window(qtbot, services)
    window.show_view("accounts")
    dialog = window.open_settings()
    dialog.currency.setCurrentText("EUR")
    dialog.number_format.setCurrentIndex(dialog.number_format.findData("1.234,56"))
    dialog.gross_margin.setValue(60)
    dialog.keep.setValue(30)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    try:
        saved = user_settings.load()
        assert (saved.currency, saved.number_format, str(saved.gross_margin),
                saved.backup_keep_daily) == ("EUR", "1.234,56", "0.6", 30)
        model = window.accounts_view.table.model
        assert model.index(0, 3).data() == "€1.234.567,89"  # the ARR column, at once
        window.new_account_action.trigger()
        form = window.findChild(AccountDialog).form
        assert form.widgets["currency"].currentText() == "EUR"  # new accounts: EUR
    finally:
        set_number_format("1,234.56")


def test_a_bad_value_is_shown_at_its_field(qtbot, services: Services, tmp_path: Path) -> None:
    window = _window(qtbot, services)
    dialog = window.open_settings()
    dialog.currency.setCurrentText("Euro")
    dialog.backup_folder.setText("relative/folder")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "three-letter" in dialog.errors["currency"].text()
    assert "full path" in dialog.errors["backup_folder"].text()
    assert user_settings.load() == user_settings.Settings()  # nothing saved


def test_switching_to_a_new_workspace(qtbot, services: Services, tmp_path: Path) -> None:
    window = _window(qtbot, services)
    window.confirm = lambda _title, _text: True
    dialog = window.open_settings()
    new = tmp_path / "team book.db"
    dialog.workspace.setText(str(new))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.next_workspace == str(new) and not window.isVisible()
    assert next_location(window).path == new  # run_app opens it next
    assert user_settings.load().recent_workspaces == [str(new)]

