"""A CSM's book comes in as their CRM exports it: Salesforce, HubSpot and Gainsight files import
with no edit (footers, US dates, currency strings, CRM lifecycle values); a file with bad rows
imports its good rows when asked and writes the others to a rejects file; an import can be
undone exactly; contacts come in as stakeholders; product usage moves adoption health."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from csdesk import cli
from csdesk.errors import ImportRowsError
from csdesk.models import LifecycleStage, StakeholderRole
from csdesk.services import Services
from csdesk.services.importing import ImportService
from csdesk.services.people_import import PeopleImportService
from tests.conftest import TODAY

CRM = Path(__file__).parent / "data" / "crm"


def _accounts(services: Services) -> dict[str, object]:
    return {a.name: a for a in services.accounts.list()}


@pytest.mark.parametrize("export", ["salesforce_accounts.csv", "hubspot_companies.csv",
                                    "gainsight_companies.xlsx"])
def test_crm_exports_import_as_they_are(services: Services, export: str) -> None:
    result = ImportService(services.workspace).import_accounts(CRM / export)
    accounts = _accounts(services)
    assert len(result.created) == 5 and "Total Logistics" in accounts  # not a footer
    northwind = accounts["Northwind Traders"]
    assert northwind.owner == "Dana Whitfield"
    assert northwind.lifecycle_stage is not LifecycleStage.CHURNED
    if export == "salesforce_accounts.csv":
        assert northwind.renewal_date == date(2027, 6, 30)  # 6/30/2027, a US date
        assert northwind.contract_start == date(2024, 7, 1)
        assert (northwind.arr_cents, northwind.currency) == (120_000_00, "USD")
        assert northwind.employees == 1250
        assert any("Grand Totals" in line for line in result.footer)
    if export == "hubspot_companies.csv":
        assert northwind.arr_cents == 0  # HubSpot's Annual Revenue is the company's own
        assert "Annual Revenue" in result.ignored and "Record ID" in result.ignored


def test_the_command_line_imports_a_crm_export_and_backs_up_first(tmp_path: Path,
                                                                  capsys) -> None:  # noqa: ANN001
    db = tmp_path / "w.db"
    assert cli.main(["demo", "--db", str(db), "--accounts", "3"]) == 0
    capsys.readouterr()
    assert cli.main(["import", "accounts", str(CRM / "salesforce_accounts.csv"), "--db",
                     str(db), "--show-mapping"]) == 0
    out = capsys.readouterr().out
    assert "Annual Recurring Revenue → arr" in out and "Contract End Date → renewal_date" in out
    assert "5 accounts were created" in out and "skipped the report's footer" in out
    backup = next(line for line in out.splitlines() if line.startswith("Backed up first: "))
    saved = backup.removeprefix("Backed up first: ").split(" (csdesk restore")[0]
    assert Path(saved).is_file()
    assert cli.main(["restore", saved, "--db", str(db)]) == 0  # brings the book back
    capsys.readouterr()
    assert cli.main(["export", "table", "accounts", "--db", str(db), "-o",
                     str(tmp_path / "a.csv")]) == 0
    assert "Northwind Traders" not in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")


def _with_two_bad_rows(tmp_path: Path) -> Path:
    rows = (CRM / "salesforce_accounts.csv").read_text(encoding="utf-8").splitlines()
    bad = ['"Broken One","Dana Whitfield","Customer - Direct","Retail","","10","USD 1,000",'
           '"13/45/2026","6/30/2027"',
           '"Broken Two","Dana Whitfield","Customer - Direct","Retail","","ten","USD 1,000",'
           '"7/1/2024","6/30/2027"']
    path = tmp_path / "accounts.csv"
    path.write_text("\n".join(rows[:3] + bad + rows[3:]) + "\n", encoding="utf-8")
    return path


def test_only_the_good_rows_when_asked_and_the_others_to_a_rejects_file(
        services: Services, tmp_path: Path) -> None:
    path = _with_two_bad_rows(tmp_path)
    importer = ImportService(services.workspace)
    with pytest.raises(ImportRowsError) as refused:  # all or nothing by default
        importer.import_accounts(path)
    problems = "\n".join(refused.value.problems)
    assert "row 4" in problems and "row 5, column employees" in problems
    assert services.accounts.count() == 0
    preview = importer.preview_accounts(path)
    assert (len(preview.created), len(preview.rejected)) == (5, 2)
    assert services.accounts.count() == 0 and not (tmp_path / "accounts rejected rows.csv"
                                                   ).exists()
    result = importer.import_accounts(path, good_rows_only=True)
    assert len(result.created) == 5 and set(_accounts(services)).isdisjoint(
        {"Broken One", "Broken Two"})
    with result.rejects_file.open(encoding="utf-8-sig", newline="") as handle:
        rejected = list(csv.reader(handle))
    assert rejected[0][-1] == "Problem" and [r[0] for r in rejected[1:]] == [
        "Broken One", "Broken Two"]
    assert "not a date" in rejected[1][-1] or "date" in rejected[1][-1]


def test_an_import_is_undone_exactly(services: Services) -> None:
    before = services.accounts.create(name="Northwind Traders", industry="Shipping")
    keep = services.accounts.create(name="Stays Put")
    importer = ImportService(services.workspace)
    result = importer.import_accounts(CRM / "salesforce_accounts.csv")
    assert services.accounts.get(before.id).industry == "Retail"
    importer.undo_import(result.changes)
    assert set(_accounts(services)) == {"Northwind Traders", "Stays Put"}
    assert services.accounts.get(before.id).industry == "Shipping"
    assert services.accounts.get(keep.id).name == "Stays Put"


def test_contacts_come_in_as_stakeholders(services: Services) -> None:
    ImportService(services.workspace).import_accounts(CRM / "salesforce_accounts.csv")
    people = PeopleImportService(services.workspace)
    result = people.import_contacts(CRM / "salesforce_contacts.csv")
    assert result.created >= 5
    northwind = _accounts(services)["Northwind Traders"]
    contacts = {c.name: c for c in services.contacts.for_account(northwind.id)}
    priya = contacts["Priya Natarajan"]
    assert (priya.title, priya.role) == ("VP Operations", StakeholderRole.EXECUTIVE_SPONSOR)
    again = people.import_contacts(CRM / "salesforce_contacts.csv")
    assert (again.created, again.unchanged) == (0, result.created)
    people.undo(result)
    assert services.contacts.for_account(northwind.id) == []


def test_product_usage_moves_adoption_health(services: Services, tmp_path: Path) -> None:
    account = services.accounts.create(name="Usage Co", contract_start=TODAY - timedelta(90))
    plan = services.plans.get(account.id)
    services.plans.update(plan.id, kickoff_date=TODAY - timedelta(days=90))
    services.plans.add_kpi(plan.id, name="Weekly active users", unit="users", baseline=100,
                           target=500, target_date=TODAY + timedelta(days=90))

    def adoption() -> int | None:
        score = services.health.explain(account.id, TODAY)
        return next(c.score for c in score.components if c.key == "adoption")

    assert adoption() is None  # no readings: no data
    path = tmp_path / "usage.csv"
    days = [TODAY - timedelta(days=d) for d in (21, 14, 7)]
    path.write_text("Account,Date,Metric,Value\n" + "".join(
        f"Usage Co,{d.month}/{d.day}/{d.year},weekly active users,{v}\n"
        for d, v in zip(days, (180, 260, 420), strict=True)), encoding="utf-8")
    result = PeopleImportService(services.workspace).import_usage(path)
    assert result.created == 3
    kpi = services.plans.get(account.id).kpis[0]
    assert [(r.taken_on, int(r.value)) for r in kpi.readings] == list(
        zip(days, (180, 260, 420), strict=True))
    assert adoption() is not None and adoption() > 0
    unknown = tmp_path / "other.csv"
    unknown.write_text(f"Account,Date,Metric,Value\nUsage Co,{TODAY.isoformat()},Logins,5\n",
                       encoding="utf-8")
    with pytest.raises(ImportRowsError) as refused:
        PeopleImportService(services.workspace).import_usage(unknown)
    assert "no KPI of that name" in "\n".join(refused.value.problems)
    mapped = PeopleImportService(services.workspace).import_usage(
        unknown, metrics={"Logins": "Weekly active users"})
    assert mapped.created == 1
