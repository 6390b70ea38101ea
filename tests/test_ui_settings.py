"""Tools → Settings: saved to the settings file, applied at once, and switching workspace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QGroupBox

from csdesk import settings as user_settings
from csdesk.services import Services
from csdesk.services.validation import set_number_format
from csdesk.ui.app import next_location
from csdesk.ui.dialogs.account_dialog import AccountDialog
from csdesk.ui.dialogs.profile_dialog import TITLE, SignatureDialog, ensure_signature
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import press_ok, settled, shown_window, type_into

TODAY = date(2026, 11, 23)


def _window(qtbot, services: Services) -> MainWindow:
    return shown_window(qtbot, services, TODAY)


def test_settings_are_saved_and_applied(qtbot, services: Services) -> None:
    services.accounts.create(name="Acme", arr_cents=123456789, currency="EUR")
    window = _window(qtbot, services)
    window.show_view("accounts")
    settled(window)
    dialog = window.tools.open_settings()
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
    dialog = window.tools.open_settings()
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
    dialog = window.tools.open_settings()
    new = tmp_path / "team book.db"
    dialog.workspace.setText(str(new))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.next_workspace == str(new) and not window.isVisible()
    assert next_location(window).path == new  # run_app opens it next
    assert user_settings.load().recent_workspaces == [str(new)]



DANA = {"my_name": "Dana Rossi", "my_title": "Senior CSM", "my_email": "dana@northwind.example",
        "my_phone": "+1 (555) 010-0199", "company": "Northwind Software"}
DANA_SIGNS = user_settings.Signature(name="Dana Rossi", title="Senior CSM",
                                     email="dana@northwind.example", phone="+1 (555) 010-0199",
                                     company="Northwind Software")


def test_you_on_documents_is_saved_from_the_settings_dialog(qtbot, services: Services) -> None:
    window = _window(qtbot, services)
    dialog = window.tools.open_settings()
    group = next(g for g in dialog.findChildren(QGroupBox) if g.title() == "You on documents")
    for key, text in DANA.items():
        field = getattr(dialog, key)
        assert group.isAncestorOf(field)
        type_into(qtbot, field, text)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert user_settings.signature(user_settings.load()) == DANA_SIGNS
    assert services.workspace.actor == "Dana Rossi"  # the activity log, at once
    assert window.accounts_view.scope.my_name == "Dana Rossi"  # My book, at once
    again = window.tools.open_settings()
    assert [getattr(again, key).text() for key in DANA] == list(DANA.values())


def test_a_bad_email_or_phone_is_shown_at_its_field(qtbot, services: Services) -> None:
    window = _window(qtbot, services)
    dialog = window.tools.open_settings()
    type_into(qtbot, dialog.my_email, "dana@northwind")
    type_into(qtbot, dialog.my_phone, "555-CALL-NOW")
    type_into(qtbot, dialog.company, "Northwind Software")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "e-mail address" in dialog.errors["my_email"].text()
    assert dialog.errors["my_email"].isVisible() and dialog.errors["my_phone"].isVisible()
    assert "digits, spaces and + ( ) - . only" in dialog.errors["my_phone"].text()
    assert not dialog.errors["company"].isVisible()
    assert user_settings.load() == user_settings.Settings()  # nothing saved
    type_into(qtbot, dialog.my_email, "dana@northwind.example")
    type_into(qtbot, dialog.my_phone, "")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert (user_settings.load().my_email, user_settings.load().company) == (
        "dana@northwind.example", "Northwind Software")


def _answer(qtbot, steps: Callable[[SignatureDialog], None]) -> list[str]:
    """Drive the modal dialog ensure_signature opens; what went wrong, if anything (the
    dialog is always closed, so a failure cannot leave the test waiting)."""
    failures: list[str] = []

    def answer() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, SignatureDialog) and w.isVisible()), None)
        if dialog is None:
            failures.append("no dialog")
            return
        try:
            steps(dialog)
        except Exception as error:
            failures.append(repr(error))
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, answer)
    return failures


def test_the_first_export_asks_how_you_sign_and_saves_it(qtbot, services: Services) -> None:
    window = _window(qtbot, services)
    account = services.accounts.create(name="Acme")
    window.open_account(account.id)
    settled(window)
    seen: dict[str, object] = {}

    def steps(dialog: SignatureDialog) -> None:
        seen["title"] = dialog.windowTitle()
        type_into(qtbot, dialog.fields["my_title"], "Senior CSM")
        press_ok(qtbot, dialog)  # no name yet: refused at the field
        seen["refused"] = (dialog.isVisible(), dialog.errors["my_name"].text())
        type_into(qtbot, dialog.fields["my_email"], "dana@")
        type_into(qtbot, dialog.fields["my_name"], "Dana Rossi")
        press_ok(qtbot, dialog)
        seen["email"] = dialog.errors["my_email"].text()
        for key, text in DANA.items():
            type_into(qtbot, dialog.fields[key], text)
        press_ok(qtbot, dialog)

    failures = _answer(qtbot, steps)
    assert ensure_signature(window.account_view) is True, failures  # from an account tab
    assert failures == []
    assert seen["title"] == TITLE == "Before your first document: how you sign it"
    assert seen["refused"] == (True, "your name is needed: documents are signed with it")
    assert "e-mail address" in str(seen["email"])
    assert user_settings.signature(user_settings.load()) == DANA_SIGNS
    assert services.workspace.actor == "Dana Rossi"
    assert window.today_view.scope.my_name == "Dana Rossi"


def test_cancel_means_no_document_and_nothing_saved(qtbot, services: Services) -> None:
    window = _window(qtbot, services)

    def steps(dialog: SignatureDialog) -> None:
        type_into(qtbot, dialog.fields["my_name"], "Dana Rossi")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    failures = _answer(qtbot, steps)
    assert ensure_signature(window) is False
    assert failures == []
    assert not user_settings.settings_path().exists()
    assert services.workspace.actor is None


def test_with_a_name_set_it_does_not_ask(qtbot, services: Services,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, services)
    user_settings.save(user_settings.Settings(my_name="Dana Rossi"))
    monkeypatch.setattr(SignatureDialog, "exec",
                        lambda self: pytest.fail("asked although a name is set"))
    assert ensure_signature(window) is True
