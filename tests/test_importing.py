"""Importing accounts from CSV: all or nothing, every bad row named, any common file format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csdesk.errors import CsdeskError, ImportRowsError
from csdesk.models import Segment
from csdesk.services import Services


def _write(tmp_path: Path, content: str, encoding: str = "utf-8", name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


def _import(services: Services, path: Path, **kwargs):
    return services.importing.import_accounts(path, **kwargs)


def test_a_good_file_creates_accounts(services: Services, tmp_path: Path) -> None:
    path = _write(tmp_path, (
        "Name,Industry,Website,Employees,Offices,Founded,Segment,Lifecycle_Stage,ARR,Currency,"
        "Contract_Start,Renewal_Date\n"
        'Acme,Retail,acme.example,"1,200",3,1999,high-touch,adoption,"$1,200,000.50",,'
        "2026-01-01,2027-01-01\n"
        "Beta GmbH,,,,,,low touch,Onboarding,\"1.500,00 €\",EUR,,\n"))
    result = _import(services, path)
    assert result.created == ["Acme", "Beta GmbH"] and result.updated == []
    acme = services.accounts.find("acme")
    assert (acme.arr_cents, acme.currency, acme.employees, acme.segment) == (
        120_000_050, "USD", 1200, Segment.HIGH_TOUCH)
    assert acme.renewal_date == date(2027, 1, 1)
    beta = services.accounts.find("Beta GmbH")
    assert (beta.arr_cents, beta.currency) == (150_000, "EUR")
    assert services.plans.get(beta.id) is not None
    # Acme renews within 90 days: its "Start renewal" item comes with the import
    assert [e.summary for e in services.activity.for_account(acme.id)][:2] == [
        "Renewal checkpoint T-90: 'Start renewal (renews 2027-01-01)' added",
        "Account Acme imported from a.csv"]
    assert result.renewal_actions == 1


def test_one_bad_row_imports_nothing_and_every_problem_is_named(services, tmp_path) -> None:
    services.accounts.create(name="Existing", contract_start=date(2026, 6, 1))
    path = _write(tmp_path, (
        "name;arr;renewal_date;segment;employees\n"
        "Good one;100;;;\n"
        "Bad money;12x;;;\n"
        "Bad date;;2026-02-30;;\n"
        ";100;;;\n"
        "Bad segment;;;platinum;\n"
        "existing;;2026-01-01;;\n"
        "good ONE;;;;\n"
        "Negative;;;;-4\n"
        "Far future;;9999-01-01;;\n"))
    with pytest.raises(ImportRowsError) as caught:
        _import(services, path)
    assert caught.value.problems == [
        "row 3, column arr: '12x' — not an amount of money",
        "row 4, column renewal_date: '2026-02-30' — no such date",
        "row 5, column name: (empty) — name is required",
        "row 6, column segment: 'platinum' — not a segment csdesk knows: map it to one of "
        "high_touch, low_touch",
        "row 7, column renewal_date: '2026-01-01' — renewal date 2026-01-01 is before "
        "contract start 2026-06-01",
        "row 8, column name: 'good ONE' — same account as row 2",
        "row 9, column employees: '-4' — employees cannot be negative",
        "row 10, column renewal_date: '9999-01-01' — outside 1900–2200",
    ]
    assert [a.name for a in services.accounts.list()] == ["Existing"]


def test_existing_accounts_are_updated_by_name_and_empty_cells_keep_values(
        services: Services, tmp_path: Path) -> None:
    account = services.accounts.create(name="Acme", industry="Retail", arr_cents=500_00)
    path = _write(tmp_path, "name,industry,arr\nACME,,900\nNew Co,Media,\n")
    result = _import(services, path)
    assert (result.created, result.updated) == (["New Co"], ["Acme"])
    stored = services.accounts.get(account.id)
    assert (stored.name, stored.industry, stored.arr_cents) == ("Acme", "Retail", 900_00)
    again = _import(services, path)
    assert again.unchanged == ["Acme", "New Co"]


def test_dry_run_changes_nothing(services: Services, tmp_path: Path) -> None:
    result = _import(services, _write(tmp_path, "name\nAcme\n"), dry_run=True)
    assert result.created == ["Acme"] and result.dry_run
    assert services.accounts.count() == 0


@pytest.mark.parametrize(("content", "encoding"), [
    ("\ufeffname;industry\nCafé Müller;Food\n", "utf-8"),
    ("name\tindustry\nCafé Müller\tFood\n", "utf-8"),
    ("name,industry\nCafé Müller,Food\n", "cp1252"),
])
def test_encodings_and_delimiters_are_detected(services, tmp_path, content, encoding) -> None:
    _import(services, _write(tmp_path, content, encoding))
    account = services.accounts.find("Café Müller")
    assert account.industry == "Food"


def test_quoted_cells_may_hold_delimiters_and_newlines(services, tmp_path) -> None:
    _import(services, _write(tmp_path, 'name,industry\n"Smith, Jones & Co","Law\nand tax"\n'))
    assert services.accounts.find("Smith, Jones & Co").industry == "Law and tax"


@pytest.mark.parametrize(("content", "message"), [
    ("", "is empty"),
    ("industry\nRetail\n", "no 'name' column"),
    ("name,name\nA,B\n", "more than once"),
    ("name\x00\nAcme\n", "not a text CSV"),
])
def test_malformed_files_are_refused_clearly(services, tmp_path, content, message) -> None:
    with pytest.raises(CsdeskError) as caught:
        _import(services, _write(tmp_path, content))
    text = str(caught.value) + " ".join(getattr(caught.value, "problems", []))
    assert message in text
    assert services.accounts.count() == 0


def test_a_column_csdesk_does_not_know_is_left_out_and_said_so(services: Services,
                                                               tmp_path: Path) -> None:
    result = _import(services, _write(tmp_path, "name,favourite colour\nAcme,teal\n"))
    assert result.ignored == ["favourite colour"]
    assert "columns not imported: favourite colour" in result.summary()
    assert services.accounts.find("Acme").name == "Acme"


def test_a_row_with_too_many_cells_is_named(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ImportRowsError) as caught:
        _import(services, _write(tmp_path, "name,industry\nAcme,Retail,extra\n"))
    assert caught.value.problems == ["row 2: 3 cells but only 2 columns"]


def test_imported_and_updated_accounts_are_found_by_search(services: Services,
                                                           tmp_path: Path) -> None:
    services.accounts.create(name="Zephyr Mills", industry="Textiles")
    path = _write(tmp_path, "name,industry\nZephyr Mills,Aerospace\nQuillon Labs,Biotech\n")
    result = _import(services, path)
    assert result.created == ["Quillon Labs"] and result.updated == ["Zephyr Mills"]
    assert [h.title for h in services.search.query("Quillon")] == ["Quillon Labs"]
    assert [h.title for h in services.search.query("Aerospace")] == ["Zephyr Mills"]
    assert services.search.query("Textiles") == []
