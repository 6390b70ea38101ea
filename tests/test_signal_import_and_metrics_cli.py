"""Revenue and response imports, and `csdesk metrics`, end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from csdesk import cli
from csdesk.errors import ImportRowsError
from csdesk.models import AccountStatus, ArrChangeKind
from csdesk.services import Services
from csdesk.services.signal_import import SignalImportService


def _csv(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def book(services: Services) -> Services:
    services.accounts.create(name="Acme", renewal_date=date(2026, 9, 1))
    beta = services.accounts.create(name="Beta")
    services.contacts.add(beta.id, name="Dana Okafor", role="champion")
    return services


def test_revenue_history_with_derived_kinds(book: Services, tmp_path: Path) -> None:
    path = _csv(tmp_path, "account,date,arr\nAcme,2025-01-01,\"$100,000\"\n"
                          "acme,2026-01-01,120000\nAcme,2026-06-01,0\nBeta,2026-02-01,50000\n")
    result = SignalImportService(book.workspace).import_revenue(path)
    assert (result.added, result.accounts) == (4, 2)
    acme = book.accounts.find("Acme")
    kinds = [(c.effective_on, c.kind, c.arr_cents) for c in book.signals.arr_history(acme.id)]
    assert kinds == [(date(2025, 1, 1), ArrChangeKind.NEW, 100_000_00),
                     (date(2026, 1, 1), ArrChangeKind.EXPANSION, 120_000_00),
                     (date(2026, 6, 1), ArrChangeKind.CHURN, 0)]
    assert (acme.arr_cents, acme.status) == (0, AccountStatus.CHURNED)
    again = SignalImportService(book.workspace).import_revenue(path)
    assert (again.added, again.replaced) == (0, 4)  # the same dates are replaced, not doubled


def test_bad_revenue_rows_import_nothing(book: Services, tmp_path: Path) -> None:
    path = _csv(tmp_path, "account,date,arr\nAcme,2026-01-01,100\nGhost Inc,2026-01-01,5\n"
                          "Acme,2026-13-01,5\nBeta,2026-01-01,lots\nAcme,2026-01-01,7\n"
                          "Beta,2026-02-01,€50\n")
    with pytest.raises(ImportRowsError) as caught:
        SignalImportService(book.workspace).import_revenue(path)
    assert caught.value.problems == [
        "row 3, column account: 'Ghost Inc' — no such account",
        "row 4, column date: '2026-13-01' — no such date",
        "row 5, column arr: 'lots' — not an amount of money",
        "row 6, column date: '2026-01-01' — Acme already has a row for that date (row 2)",
        "row 7, column arr: '€50' — Beta is billed in USD",
    ]
    assert book.signals.arr_history(book.accounts.find("Acme").id) == []


def test_responses_import(book: Services, tmp_path: Path) -> None:
    path = _csv(tmp_path, "account;date;kind;score;contact;comment\n"
                          "Beta;2026-03-01;NPS;9;dana okafor;Love it\n"
                          "Acme;2026-03-02;csat;4;;\n")
    result = SignalImportService(book.workspace).import_responses(path)
    assert (result.added, result.accounts) == (2, 2)
    beta = book.signals.responses(book.accounts.find("Beta").id)[0]
    assert (beta.score, beta.comment, beta.contact_id is not None) == (9, "Love it", True)


def test_bad_responses_are_named(book: Services, tmp_path: Path) -> None:
    path = _csv(tmp_path, "account,date,kind,score,contact\nAcme,2026-03-01,nps,11,\n"
                          "Acme,2026-03-01,ces,3,\nBeta,2026-03-01,csat,0,\n"
                          "Beta,2026-03-01,nps,8,Nobody\n")
    with pytest.raises(ImportRowsError) as caught:
        SignalImportService(book.workspace).import_responses(path)
    assert caught.value.problems == [
        "row 2, column score: '11' — NPS scores run from 0 to 10",
        "row 3, column kind: 'ces' — 'ces' is not one of: nps, csat",
        "row 4, column score: '0' — CSAT scores run from 1 to 5",
        "row 5, column contact: 'Nobody' — not a contact of Beta",
    ]
    assert book.signals.responses(book.accounts.find("Acme").id) == []


def test_missing_columns_are_named(book: Services, tmp_path: Path) -> None:
    with pytest.raises(ImportRowsError) as caught:
        SignalImportService(book.workspace).import_revenue(_csv(tmp_path, "account,arr\nA,1\n"))
    assert caught.value.problems == ["header: missing column(s) date"]


def test_metrics_command_json_and_table(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "w.db")
    accounts = _csv(tmp_path, "name,renewal_date\nAcme,2026-09-01\nBeta,2026-10-01\n"
                              "Gamma,2027-01-01\n", "accounts.csv")
    revenue = _csv(tmp_path, "account,date,arr\nAcme,2025-01-01,100000\nBeta,2025-01-01,50000\n"
                             "Beta,2026-10-01,0\nGamma,2026-03-01,30000\nAcme,2026-09-01,110000\n",
                   "revenue.csv")
    responses = _csv(tmp_path, "account,date,kind,score\nAcme,2026-05-01,nps,10\n"
                               "Beta,2026-05-01,nps,3\n", "responses.csv")
    for args in (["import", "accounts", str(accounts)], ["import", "revenue", str(revenue)],
                 ["import", "responses", str(responses)]):
        assert cli.main([*args, "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["metrics", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31",
                     "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("period_days", "customers_start", "customers_lost",
                                 "customers_new", "arr_start", "arr_end", "arr_expansion",
                                 "arr_churned", "arr_new", "nps", "nps_responses")} == {
        "period_days": 365, "customers_start": 2, "customers_lost": 1, "customers_new": 1,
        "arr_start": 150000.0, "arr_end": 140000.0, "arr_expansion": 10000.0,
        "arr_churned": 50000.0, "arr_new": 30000.0, "nps": 0.0, "nps_responses": 2}
    assert data["logo_churn_rate"] == 0.5 and data["nrr"] == pytest.approx(110000 / 150000,
                                                                             abs=1e-6)
    assert data["eligible_arr_due"] == 150000.0 and data["eligible_churn_rate"] == pytest.approx(
        1 / 3, abs=1e-6)
    assert data["csat"] is None
    assert cli.main(["metrics", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31"]) == 0
    table = capsys.readouterr().out
    assert "Logo churn / retention" in table and "50.0% / 50.0%" in table
    assert cli.main(["metrics", "--db", db, "--from", "2026-12-31", "--to", "2026-01-01"]) == 1
    assert "before --from" in capsys.readouterr().err
    assert cli.main(["metrics", "--db", db, "--gross-margin", "75"]) == 2
