"""Two people editing one account: the second save shows both versions instead of losing one."""

from __future__ import annotations

from datetime import date

from csdesk.services import Services
from tests.ui_helpers import shown_window

TODAY = date(2026, 11, 23)


def _window(qtbot, services: Services):  # noqa: ANN001, ANN202
    return shown_window(qtbot, services, TODAY)


def test_a_conflicting_save_shows_both_versions_and_keeps_theirs_if_asked(
        qtbot, services: Services) -> None:
    account = services.accounts.create(name="Acme", industry="Banking")
    window = _window(qtbot, services)
    dialog = window.edit_account(account.id)
    services.accounts.update(account.id, industry="Aviation")  # someone else saves meanwhile
    shown = []
    window.keep_mine = lambda conflict: shown.append(conflict.fields) or False
    dialog.form.widgets["industry"].setText("Retail")
    dialog.accept()
    assert shown == [{"industry": ("Banking", "Aviation", "Retail")}]
    assert services.accounts.get(account.id).industry == "Aviation"  # theirs kept
    again = window.edit_account(account.id)
    services.accounts.update(account.id, industry="Media")
    window.keep_mine = lambda conflict: True
    again.form.widgets["industry"].setText("Retail")
    again.accept()
    assert services.accounts.get(account.id).industry == "Retail"  # mine, knowingly
