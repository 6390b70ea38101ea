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
from tests.conftest import TODAY

CRM = Path(__file__).parent / "data" / "crm"


def _accounts(services: Services) -> dict[str, object]:
    return {a.name: a for a in services.accounts.list()}


@pytest.mark.parametrize("export", ["salesforce_accounts.csv", "hubspot_companies.csv",
                                    "gainsight_companies.xlsx"])
def test_crm_exports_import_as_they_are(services: Services, export: str) -> None:
    result = services.importing.import_accounts(CRM / export)
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
                                                                  capsys) -> None:
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
    importer = services.importing
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
    importer = services.importing
    result = importer.import_accounts(CRM / "salesforce_accounts.csv")
    assert services.accounts.get(before.id).industry == "Retail"
    importer.undo_import(result.changes)
    assert set(_accounts(services)) == {"Northwind Traders", "Stays Put"}
    assert services.accounts.get(before.id).industry == "Shipping"
    assert services.accounts.get(keep.id).name == "Stays Put"


def test_contacts_come_in_as_stakeholders(services: Services) -> None:
    services.importing.import_accounts(CRM / "salesforce_accounts.csv")
    people = services.people_import
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
    result = services.people_import.import_usage(path)
    assert result.created == 3
    kpi = services.plans.get(account.id).kpis[0]
    assert [(r.taken_on, int(r.value)) for r in kpi.readings] == list(
        zip(days, (180, 260, 420), strict=True))
    assert adoption() is not None and adoption() > 0
    unknown = tmp_path / "other.csv"
    unknown.write_text(f"Account,Date,Metric,Value\nUsage Co,{TODAY.isoformat()},Logins,5\n",
                       encoding="utf-8")
    with pytest.raises(ImportRowsError) as refused:
        services.people_import.import_usage(unknown)
    assert "no KPI of that name" in "\n".join(refused.value.problems)
    mapped = services.people_import.import_usage(
        unknown, metrics={"Logins": "Weekly active users"})
    assert mapped.created == 1


@pytest.mark.sqlite_only  # runs the command line on the workspace's file
def test_what_an_independent_review_found_stays_fixed(services: Services, tmp_path: Path,
                                                      capsys) -> None:
    """A year alone is not a date; European usage values; a rejects file that cannot be
    written imports nothing; a rejects file imports again (its guard and Problem column
    undone); a last row named like a notice is data; a case-only match keeps the name;
    currency names; a saved mapping is said."""
    from csdesk.errors import CsdeskError
    from csdesk.services.header_matching import auto_mapping
    from csdesk.services.import_dates import parse_any_date
    from csdesk.services.import_values import parse_currency, parse_number
    from csdesk.services.saved_mappings import MappingService

    with pytest.raises(ValueError, match="not a date"):
        parse_any_date("2024")
    assert [parse_number(t) for t in ("1.234,5", "1,204", "1 234", "0.5")] == [
        1234.5, 1204, 1234, 0.5]
    assert (parse_currency("Euro"), parse_currency("US Dollar")) == ("EUR", "USD")
    importer = services.importing
    path = _with_two_bad_rows(tmp_path)
    (tmp_path / "accounts rejected rows.csv").mkdir()  # the rejects file cannot be written
    with pytest.raises(CsdeskError, match="nothing was imported"):
        importer.import_accounts(path, good_rows_only=True)
    assert services.accounts.count() == 0
    (tmp_path / "accounts rejected rows.csv").rmdir()
    rejects = importer.import_accounts(path, good_rows_only=True).rejects_file
    text = rejects.read_text(encoding="utf-8-sig").replace("13/45/2026", "1/13/2026")
    rejects.write_text(text, encoding="utf-8-sig")
    again = importer.import_accounts(rejects, good_rows_only=True)  # once more: one Problem
    assert again.created == ["Broken One"]  # its dates read in the other column's order
    assert services.accounts.find("Broken One").contract_start == date(2026, 1, 13)
    second = again.rejects_file.read_text(encoding="utf-8-sig").splitlines()[0]
    assert second.count("Problem") == 1
    from csdesk.services.import_rows import _spreadsheet_safe, _unguarded

    assert _unguarded(_spreadsheet_safe("=HYPERLINK(1)")) == "=HYPERLINK(1)"
    assert _spreadsheet_safe("-5") == "-5"  # a number stays a number
    services.accounts.create(name="Confidential Ltd")
    named = tmp_path / "named.csv"
    named.write_text("Account Name,Industry\nNorthwind Traders,Retail\nconfidential LTD,\n",
                     encoding="utf-8")
    result = importer.import_accounts(named)
    assert result.footer == [] and services.accounts.find("Confidential Ltd").name == \
        "Confidential Ltd"  # data, and the name as it was
    headers = ["Account Name", "Industry"]
    MappingService(services.workspace).save("My CRM", auto_mapping(headers, "accounts"))
    db = services.workspace.path
    services.workspace.close()
    assert cli.main(["import", "accounts", str(named), "--db", str(db)]) == 0
    assert "Using your saved mapping My CRM" in capsys.readouterr().out


def test_a_mapping_file_that_is_not_one_is_refused_clearly(services: Services,
                                                           tmp_path: Path) -> None:
    from csdesk.errors import CsdeskError
    from csdesk.services.saved_mappings import MappingService

    mappings = MappingService(services.workspace)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    for spec, message in ((str(deep), "nested too deeply|not JSON"),
                          ("/dev/zero", "not a file"),
                          ("x" * 100_000, "too long")):
        with pytest.raises(CsdeskError, match=message):
            mappings.resolve(spec, ["Account Name"], "accounts")


def test_hubspot_roles_of_several_values_take_the_first_known(services: Services,
                                                              tmp_path: Path) -> None:
    services.accounts.create(name="Acme")
    path = tmp_path / "contacts.csv"
    path.write_text("First Name,Last Name,Company,Buying Role\n"
                    "Ana,Ruiz,Acme,Champion;Decision Maker\n", encoding="utf-8")
    result = services.people_import.import_contacts(path)
    assert result.summary().startswith("1 contact was created")
    contact = services.contacts.for_account(services.accounts.find("Acme").id)[0]
    assert (contact.name, contact.role) == ("Ana Ruiz", StakeholderRole.CHAMPION)
