"""File → Import accounts, contacts and product usage through the real wizard: columns, values,
preview, all or only the good rows, saved mappings, and one step to undo."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from csdesk.services import Services
from csdesk.services.column_mapping import IGNORE
from csdesk.ui.dialogs.import_dialog import ImportDialog
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import settled, shown_window

TODAY = date(2026, 11, 23)
CRM = Path(__file__).parent / "data" / "crm"
SALESFORCE = CRM / "salesforce_accounts.csv"
SALESFORCE_NAMES = ["Brightwave Health", "Cobalt Analytics", "Evergreen Foods",
                    "Northwind Traders", "Total Logistics"]
HEADERS = ["Account Name", "Account Owner", "Type", "Annual Recurring Revenue",
           "Contract End Date"]


@pytest.fixture
def window(qtbot, services: Services):
    win = shown_window(qtbot, services, TODAY)
    yield win
    win.runner.wait()


def _write(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _open(qtbot, window: MainWindow, path: Path, kind: str = "accounts") -> ImportDialog:
    dialog = window.files.import_file(kind, str(path))
    assert dialog is not None and dialog.isVisible()
    assert dialog.busy  # the file is read on the window's task runner, not here
    qtbot.waitUntil(lambda: dialog.step == "columns" and not dialog.busy, timeout=15000)
    return dialog


def _click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _next(qtbot, dialog: ImportDialog, step: str) -> None:
    _click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.step == step and not dialog.busy, timeout=15000)


def _import(qtbot, dialog: ImportDialog, good_rows_only: bool = False) -> None:
    _click(qtbot, dialog.good_button if good_rows_only else dialog.all_button)
    qtbot.waitUntil(lambda: dialog.result_outcome is not None and not dialog.isVisible(),
                    timeout=30000)


def _names(services: Services) -> list[str]:
    return sorted(a.name for a in services.accounts.list())


def test_a_salesforce_export_is_mapped_previewed_imported_and_undone_as_one_step(
        qtbot, window: MainWindow, services: Services) -> None:
    # Total Logistics is already in the book, renewing earlier at a lower ARR.
    existing = services.accounts.create(name="Total Logistics", arr_cents=200_000_00,
                                        currency="USD", industry="Transportation",
                                        contract_start=date(2025, 1, 15),
                                        renewal_date=date(2026, 12, 31))
    dialog = _open(qtbot, window, SALESFORCE)
    page = dialog.mapping_page
    assert page.headers[:3] == ["Account Name", "Account Owner", "Type"]
    assert page.combo("Account Name").currentData() == "name"
    assert page.combo("Contract End Date").currentData() == "renewal_date"
    assert "known name (Salesforce)" in page.combo("Account Name").toolTip()
    samples = page.table.item(0, page.SAMPLE).text()
    assert "Northwind Traders" in samples and "Total Logistics" in samples
    assert "9 of 9 columns matched" in page.source.text()
    assert dialog.next_button.isEnabled() and dialog.next_button.isDefault()
    assert not page.problems.isVisible()

    _next(qtbot, dialog, "preview")  # nothing to ask: every value is one csdesk knows
    assert dialog.headline.text() == ("4 accounts will be created, 1 updated, 0 unchanged")
    assert "Grand Totals (5 records)" in dialog.footer.text()
    assert dialog.footer.text().startswith("Skipped the report's footer:")
    assert not dialog.problem_list.isVisible()
    assert dialog.all_button.isEnabled() and not dialog.good_button.isEnabled()
    _import(qtbot, dialog)

    assert _names(services) == SALESFORCE_NAMES
    assert services.accounts.get(existing.id).arr_cents == 245_500_00
    assert services.accounts.get(existing.id).renewal_date == date(2027, 1, 14)
    assert window.statusBar().currentMessage() == (
        "Imported from salesforce_accounts.csv: 4 accounts created, 1 updated, 0 unchanged "
        "· Ctrl+Z to undo")
    renewal_item = [a.text for a in services.meetings.actions_for_account(existing.id)]
    assert renewal_item == ["Start renewal (renews 2027-01-14)"]
    assert window.undo_action.isEnabled()
    assert window.undo_action.text().endswith("Import accounts from salesforce_accounts.csv")

    window.undo_action.trigger()  # Edit → Undo
    settled(window)
    assert _names(services) == ["Total Logistics"]
    back = services.accounts.get(existing.id)
    assert (back.arr_cents, back.renewal_date) == (200_000_00, date(2026, 12, 31))
    assert back.industry == "Transportation"
    renewal_item = [a.text for a in services.meetings.actions_for_account(existing.id)]
    assert renewal_item == ["Start renewal (renews 2026-12-31)"]  # followed the date back

    window.redo_action.trigger()  # the same import again, with the same choices
    settled(window)
    assert _names(services) == SALESFORCE_NAMES
    window.undo_action.trigger()
    settled(window)
    assert _names(services) == ["Total Logistics"]


def test_a_column_not_matched_must_be_decided_before_next(qtbot, window: MainWindow,
                                                          services: Services,
                                                          tmp_path: Path) -> None:
    path = _write(tmp_path / "accounts.csv", [*HEADERS, "Sales Region"], [
        ["Acme Corp", "Dana Whitfield", "Customer - Direct", "$120,000.00", "06/30/2027",
         "West"],
        ["Globex", "Dana Whitfield", "Customer - Direct", "$80,000.00", "01/14/2027", "East"],
    ])
    dialog = _open(qtbot, window, path)
    page = dialog.mapping_page
    assert page.combo("Sales Region").currentData() is None
    assert not dialog.next_button.isEnabled()
    assert page.problems.isVisible()
    assert "'Sales Region' is not decided" in page.problems.text()
    row = page.headers.index("Sales Region")
    assert page.table.item(row, page.HEADER).background().style() != Qt.BrushStyle.NoBrush
    assert page.table.item(0, page.HEADER).background().style() == Qt.BrushStyle.NoBrush
    assert "1 needs your decision" in page.source.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter does not get past a column undecided
    QApplication.processEvents()
    assert dialog.step == "columns" and not dialog.busy

    # Two columns for one field is not allowed either.
    page.choose("Sales Region", "name")
    assert not dialog.next_button.isEnabled()
    assert "all give the Account name" in page.problems.text()
    page.choose("Sales Region", IGNORE)
    assert dialog.next_button.isEnabled() and not page.problems.isVisible()
    assert page.table.item(row, page.HEADER).background().style() == Qt.BrushStyle.NoBrush
    assert "chosen by you" in page.combo("Sales Region").toolTip()

    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter = Next
    qtbot.waitUntil(lambda: dialog.step == "preview" and not dialog.busy, timeout=15000)
    assert dialog.ignored.text() == "Columns not imported: Sales Region"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc = Cancel: nothing imported
    assert not dialog.isVisible()
    assert services.accounts.count() == 0


def test_rows_with_problems_block_import_all_and_go_to_a_rejects_file(
        qtbot, window: MainWindow, services: Services, tmp_path: Path) -> None:
    path = _write(tmp_path / "Q4 accounts.csv", HEADERS, [
        ["Acme Corp", "Dana Whitfield", "Customer - Direct", "$120,000.00", "06/30/2027"],
        ["Globex", "Dana Whitfield", "Customer - Direct", "lots", "01/14/2027"],
        ["Initech", "Dana Whitfield", "Customer - Direct", "$45,000.00", "02/30/2027"],
        ["Umbrella", "Dana Whitfield", "Customer - Direct", "$9,000.00", "03/31/2027"],
    ])
    dialog = _open(qtbot, window, path)
    _next(qtbot, dialog, "preview")
    assert dialog.headline.text() == ("2 accounts will be created, 0 updated, 0 unchanged; "
                                      "2 rows have problems")
    problems = dialog.problem_rows.stringList()
    assert len(problems) == 2
    assert problems[0].startswith("row 3, column arr: 'lots'")
    assert problems[1].startswith("row 4, column renewal_date: '02/30/2027'")
    assert not dialog.all_button.isEnabled()
    assert dialog.all_reason.isVisible() and "all or nothing" in dialog.all_reason.text()
    assert "“Q4 accounts rejected rows.csv” beside the file" in dialog.good_hint.text()
    _import(qtbot, dialog, good_rows_only=True)

    assert _names(services) == ["Acme Corp", "Umbrella"]
    rejects = tmp_path / "Q4 accounts rejected rows.csv"
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*HEADERS, "Problem"]
    assert [r[0] for r in rows[1:]] == ["Globex", "Initech"]
    assert window.statusBar().currentMessage().endswith(
        "2 rows with problems left out, in “Q4 accounts rejected rows.csv”")
    window.undo_action.trigger()
    settled(window)
    assert services.accounts.count() == 0


def test_a_saved_mapping_is_offered_for_the_same_headers(qtbot, window: MainWindow,
                                                          services: Services,
                                                          tmp_path: Path) -> None:
    rows = [["Acme Corp", "Dana Whitfield", "Customer - Direct", "$120,000.00", "06/30/2027",
             "West"]]
    first = _write(tmp_path / "october.csv", [*HEADERS, "Sales Region"], rows)
    dialog = _open(qtbot, window, first)
    assert "matched by their names" in dialog.mapping_page.source.text()
    dialog.mapping_page.choose("Sales Region", IGNORE)
    dialog.mapping_page.choose("Account Owner", IGNORE)
    qtbot.keyClicks(dialog.mapping_page.save_as, "Salesforce accounts")
    _next(qtbot, dialog, "preview")
    _import(qtbot, dialog)
    assert "mapping saved as “Salesforce accounts”" in window.statusBar().currentMessage()

    # November's report: the same columns, in another order and case.
    second = _write(tmp_path / "november.csv",
                    ["sales region", *reversed(HEADERS)], [["East", *reversed(rows[0][:5])]])
    again = _open(qtbot, window, second)
    page = again.mapping_page
    assert page.source.text().startswith("Using your saved mapping “Salesforce accounts”")
    assert page.combo("sales region").currentData() == IGNORE
    assert page.combo("Account Owner").currentData() == IGNORE  # my choice, not the name's
    assert page.save_as.text() == "Salesforce accounts"
    assert "saved mapping Salesforce accounts" in page.combo("Account Name").toolTip()
    assert again.next_button.isEnabled()
    again.reject()


def test_product_usage_moves_the_adoption_part_of_health(qtbot, window: MainWindow,
                                                         services: Services,
                                                         tmp_path: Path) -> None:
    acme = services.accounts.create(name="Acme Corp", contract_start=date(2026, 1, 1),
                                    renewal_date=date(2027, 6, 30))
    plan = services.plans.get(acme.id)
    services.plans.add_kpi(plan.id, name="Weekly active users", baseline=Decimal(100),
                           target=Decimal(300), target_date=date(2027, 6, 30))
    services.plans.add_kpi(plan.id, name="Reports shared", baseline=Decimal(0),
                           target=Decimal(50), target_date=date(2027, 6, 30))

    def adoption() -> int | None:
        explained = services.health.explain(acme.id, TODAY)
        return next(c.score for c in explained.components if c.key == "adoption")

    assert adoption() is None  # no readings yet
    # US dates that read either way, and a metric named otherwise than the KPI.
    path = _write(tmp_path / "usage.csv", ["Account", "Date", "Metric", "Value"], [
        ["Acme Corp", "11/02/2026", "Weekly active users", "240"],
        ["Acme Corp", "11/09/2026", "Weekly active users", "260"],
        ["Acme Corp", "11/09/2026", "WAU (mobile)", "30"],
    ])
    dialog = _open(qtbot, window, path, "usage")
    assert [dialog.mapping_page.combo(h).currentData()
            for h in ("Account", "Date", "Metric", "Value")] == ["account", "date", "metric",
                                                                  "value"]
    _next(qtbot, dialog, "values")
    values = dialog.values_page
    assert values.date_example == "11/02/2026"
    assert values.day_first is not None and values.month_first is not None
    assert values.day_first.text() == "11 February 2026 (day first)"
    assert values.month_first.text() == "November 2, 2026 (month first)"
    assert not dialog.next_button.isEnabled()  # the date order must be chosen
    values.month_first.setChecked(True)
    assert dialog.next_button.isEnabled()
    # Once the dates read, the metric no KPI is named like comes to light.
    _next(qtbot, dialog, "values")
    combo = values.combo("metric", "WAU (mobile)")
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["Leave the rows out", "Reports shared", "Weekly active users"]
    values.choose("metric", "WAU (mobile)", "Reports shared")
    _next(qtbot, dialog, "preview")
    assert dialog.headline.text() == "3 readings will be created, 0 updated, 0 unchanged"
    _import(qtbot, dialog)

    readings = {k.name: [(r.taken_on, r.value) for r in k.readings]
                for k in services.plans.get(acme.id).kpis}
    assert readings == {"Weekly active users": [(date(2026, 11, 2), Decimal(240)),
                                                (date(2026, 11, 9), Decimal(260))],
                        "Reports shared": [(date(2026, 11, 9), Decimal(30))]}
    assert adoption() is not None
    assert window.undo_action.text().endswith("Import product usage from usage.csv")
    window.undo_action.trigger()
    settled(window)
    assert adoption() is None
    assert all(not k.readings for k in services.plans.get(acme.id).kpis)


def test_lifecycle_values_csdesk_does_not_know_are_mapped_or_left_out(
        qtbot, window: MainWindow, services: Services, tmp_path: Path) -> None:
    path = _write(tmp_path / "accounts.csv", HEADERS, [
        ["Acme Corp", "Dana Whitfield", "Customer - Direct", "$120,000.00", "06/30/2027"],
        ["Globex", "Dana Whitfield", "Pilot Plus", "$80,000.00", "01/14/2027"],
        ["Initech", "Dana Whitfield", "Pilot Plus", "$45,000.00", "02/28/2027"],
        ["Hooli", "Dana Whitfield", "Other", "$9,000.00", "03/31/2027"],
    ])
    dialog = _open(qtbot, window, path)
    _next(qtbot, dialog, "values")
    values = dialog.values_page
    assert values.day_first is None  # the dates can only be read one way
    combo = values.combo("lifecycle_stage", "Pilot Plus")
    assert combo.currentText() == "Leave the rows out"
    assert "Free trial" in [combo.itemText(i) for i in range(combo.count())]
    values.choose("lifecycle_stage", "Pilot Plus", "free_trial")
    _next(qtbot, dialog, "preview")
    assert dialog.headline.text() == ("3 accounts will be created, 0 updated, 0 unchanged; "
                                      "1 row has problems")
    assert "'Other'" in dialog.problem_rows.stringList()[0]
    _click(qtbot, dialog.back_button)  # back to the values, choices kept
    assert dialog.step == "values"
    assert values.combo("lifecycle_stage", "Pilot Plus").currentData() == "free_trial"
    values.choose("lifecycle_stage", "Other", "engagement")
    _next(qtbot, dialog, "preview")
    _import(qtbot, dialog)
    stages = {a.name: a.lifecycle_stage.value for a in services.accounts.list()}
    assert stages == {"Acme Corp": "engagement", "Globex": "free_trial",
                      "Initech": "free_trial", "Hooli": "engagement"}


def test_contacts_import_creates_stakeholders(qtbot, window: MainWindow,
                                              services: Services) -> None:
    ids = {name: services.accounts.create(name=name).id for name in SALESFORCE_NAMES}
    dialog = _open(qtbot, window, CRM / "salesforce_contacts.csv", "contacts")
    page = dialog.mapping_page
    assert page.combo("First Name").currentData() == "first_name"
    assert page.combo("Contact Role").currentData() == "role"
    assert page.combo("Mailing City").currentData() == IGNORE
    _next(qtbot, dialog, "preview")
    assert dialog.headline.text() == "9 contacts will be created, 0 updated, 0 unchanged"
    _import(qtbot, dialog)
    northwind = services.contacts.for_account(ids["Northwind Traders"])
    assert sorted((c.name, c.role.value) for c in northwind) == [
        ("Priya Natarajan", "executive_sponsor"), ("Tom Becker", "power_user")]
    assert window.undo_action.text().endswith("Import contacts from salesforce_contacts.csv")
    window.undo_action.trigger()
    settled(window)
    assert services.contacts.for_account(ids["Northwind Traders"]) == []


def test_a_workbook_of_several_sheets_offers_the_sheet(qtbot, window: MainWindow,
                                                        services: Services,
                                                        tmp_path: Path) -> None:
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Read me"
    notes.append(["Exported from Gainsight for the Q4 review"])
    companies = workbook.create_sheet("Companies")
    companies.append(["Company Name", "CSM", "ARR", "Renewal Date"])
    companies.append(["Acme Corp", "Dana Whitfield", 120000, date(2027, 6, 30)])
    path = tmp_path / "gainsight.xlsx"
    workbook.save(path)
    dialog = _open(qtbot, window, path)
    page = dialog.mapping_page
    assert page.sheet.isVisible()
    assert [page.sheet.itemText(i) for i in range(page.sheet.count())] == ["Read me",
                                                                          "Companies"]
    assert not dialog.next_button.isEnabled()  # the notes sheet has no account name
    page.sheet.setCurrentText("Companies")
    qtbot.waitUntil(lambda: not dialog.busy and page.headers[0] == "Company Name",
                    timeout=15000)
    assert page.combo("Renewal Date").currentData() == "renewal_date"
    _next(qtbot, dialog, "preview")
    _import(qtbot, dialog)
    account = services.accounts.find("Acme Corp")
    assert (account.arr_cents, account.renewal_date) == (120_000_00, date(2027, 6, 30))


def test_a_file_that_cannot_be_read_is_explained_in_the_dialog(qtbot, window: MainWindow,
                                                               tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 not a table")
    dialog = window.files.import_file("accounts", str(path))
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error.isVisible(), timeout=15000)
    assert "is a PDF document, not a table" in dialog.error.text()
    assert not dialog.next_button.isEnabled() and dialog.cancel_button.isEnabled()
    dialog.reject()


def test_an_import_refused_at_the_last_moment_is_explained_and_keeps_the_choices(
        qtbot, window: MainWindow, services: Services, tmp_path: Path) -> None:
    rows = [["Acme Corp", "Dana Whitfield", "Customer - Direct", "$120,000.00", "06/30/2027",
             "West"]]
    path = _write(tmp_path / "accounts.csv", [*HEADERS, "Sales Region"], rows)
    dialog = _open(qtbot, window, path)
    dialog.mapping_page.choose("Sales Region", IGNORE)
    _next(qtbot, dialog, "preview")
    # Someone saves the report again meanwhile, with a row that cannot be read.
    _write(path, [*HEADERS, "Sales Region"],
           [*rows, ["Globex", "Dana Whitfield", "Customer - Direct", "lots", "01/14/2027", ""]])
    _click(qtbot, dialog.all_button)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.error.isVisible(), timeout=15000)
    assert dialog.isVisible() and dialog.step == "preview"
    assert "row 3, column arr: 'lots'" in dialog.error.text()
    assert "Nothing was imported; your choices are kept." in dialog.error.text()
    assert services.accounts.count() == 0
    assert not window.undo_action.isEnabled()
    _click(qtbot, dialog.back_button)
    assert dialog.mapping_page.combo("Sales Region").currentData() == IGNORE
    _next(qtbot, dialog, "preview")  # checked again: the new row's problem is listed
    assert dialog.headline.text().endswith("1 row has problems")
    _import(qtbot, dialog, good_rows_only=True)
    assert _names(services) == ["Acme Corp"]
