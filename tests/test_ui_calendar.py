"""Importing meetings from a calendar file, and exporting calendars, through the window."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from csdesk.services import Services
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import settled, shown_window

TODAY = date(2026, 11, 23)
DATA = Path(__file__).parent / "data"


def _window(qtbot, services: Services) -> MainWindow:
    return shown_window(qtbot, services, TODAY)


def test_picking_events_and_accounts_creates_meetings(qtbot, services: Services) -> None:
    acme = services.accounts.create(name="Acme", website="acme.example").id
    globex = services.accounts.create(name="Globex", website="globex.example").id
    window = _window(qtbot, services)
    dialog = window.files.import_meetings(str(DATA / "google_calendar.ics"))
    model = dialog.model
    titles = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert titles == ["Acme QBR", "Globex kick-off", "Team sync"]
    ticks = [model.index(r, 0).data(Qt.ItemDataRole.CheckStateRole)
             for r in range(model.rowCount())]
    assert ticks == [Qt.CheckState.Checked, Qt.CheckState.Checked, Qt.CheckState.Unchecked]
    assert model.index(2, 4).data() == "—"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Create 2 meetings"
    model.setData(model.index(2, 4), acme)  # the internal sync goes to Acme after all
    assert ok.text() == "Create 3 meetings"
    model.setData(model.index(1, 0), Qt.CheckState.Unchecked.value,
                  Qt.ItemDataRole.CheckStateRole)  # not the kick-off
    assert ok.text() == "Create 2 meetings"
    dialog.matched_only.setChecked(True)
    dialog.start.set_value(TODAY - timedelta(days=5))  # the QBR on the 17th drops out
    dialog.apply_filter()
    assert [model.index(r, 2).data() for r in range(model.rowCount())] == [
        "Globex kick-off", "Team sync"]
    dialog.start.set_value(TODAY - timedelta(days=30))
    dialog.apply_filter()
    ok.click()
    assert sorted(m.title for m in services.meetings.for_account(acme)) == ["Acme QBR",
                                                                           "Team sync"]
    assert services.meetings.for_account(globex) == []
    assert "2 meetings created" in window.statusBar().currentMessage()

    again = window.files.import_meetings(str(DATA / "google_calendar.ics"))
    accounts = [again.model.index(r, 4).data() for r in range(again.model.rowCount())]
    assert accounts == ["Acme (imported before)", "Globex", "Acme (imported before)"]
    assert again.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == \
        "Create 1 meeting"  # only the kick-off, left out last time
    again.reject()


def test_a_file_that_is_not_a_calendar_is_explained(qtbot, services: Services,
                                                    tmp_path: Path) -> None:
    window = _window(qtbot, services)
    bad = tmp_path / "accounts.ics"
    bad.write_text("name,arr\nAcme,100\n", encoding="utf-8")
    assert window.files.import_meetings(str(bad)) is None
    from PySide6.QtWidgets import QMessageBox

    box = window.findChild(QMessageBox)
    assert box is not None and "not a calendar file" in box.text()


def test_exporting_the_open_accounts_calendar(qtbot, services: Services,
                                              tmp_path: Path) -> None:
    account = services.accounts.create(name="Acme", renewal_date=TODAY + timedelta(days=40))
    window = _window(qtbot, services)
    window.open_account(account.id, "overview")
    settled(window)
    window.files.export_calendar(account.id, str(tmp_path / "acme"))
    written = tmp_path / "acme.ics"
    qtbot.waitUntil(written.exists, timeout=10000)
    window.runner.wait()
    summaries = [str(e["summary"]) for e in Calendar.from_ical(written.read_bytes())
                 .walk("VEVENT")]
    assert sorted(summaries) == ["Acme: due: Start renewal (renews 2027-01-02)",
                                 "Acme: renewal", "Acme: renewal T-30, close the renewal"]
