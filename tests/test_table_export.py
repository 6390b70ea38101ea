"""Tables exported as CSV and XLSX: typed values, safe text, all-or-nothing files."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csdesk import cli
from csdesk.errors import CsdeskError
from csdesk.services import Services
from csdesk.services.spreadsheet import Table, safe_text, write_table
from csdesk.services.tables import accounts_table

TODAY = date(2026, 11, 23)
HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR",
           "plain", "ünïcødé — ✓"]


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_formula_like_text_is_made_safe_and_numbers_stay_numbers(tmp_path: Path) -> None:
    table = Table("Test", ["Text", "Amount", "Day"],
                  [[text, Decimal("-12.50"), date(2026, 1, 2)] for text in HOSTILE],
                  ["", "#,##0.00", ""])
    rows = _csv_rows(write_table(table, tmp_path / "t.csv"))
    assert [row[0] for row in rows[1:]] == [
        "'=HYPERLINK(\"http://evil\",\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tTab", "'\rCR",
        "plain", "ünïcødé — ✓"]
    assert rows[1][1:] == ["-12.50", "2026-01-02"]  # a negative amount is still a number

    sheet = openpyxl.load_workbook(write_table(table, tmp_path / "t.xlsx")).active
    assert [cell.value for cell in sheet[1]] == ["Text", "Amount", "Day"]
    for index, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(index, 1)
        assert cell.value == text and cell.data_type == "s"  # text, never a formula
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert sheet.cell(2, 2).value == -12.5 and sheet.cell(2, 2).number_format == "#,##0.00"
    assert sheet.cell(2, 3).value == datetime(2026, 1, 2)
    assert sheet.freeze_panes == "A2"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_text_survives_a_csv_round_trip(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("csv")
    rows = _csv_rows(write_table(Table("T", ["Text"], [[text]]), folder / "t.csv"))
    expected = safe_text(text)
    assert rows[1] == [expected.replace("\r\n", "\n").replace("\r", "\n")] or \
        rows[1] == [expected]


def test_a_failed_export_leaves_the_old_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "accounts.xlsx"
    target.write_bytes(b"the old file")
    table = Table("T", ["A", "B"], [["one", 1], ["two"]])  # a row short of a cell
    with pytest.raises(ValueError):
        write_table(table, target)
    assert target.read_bytes() == b"the old file"
    assert list(tmp_path.iterdir()) == [target]  # no partial file left behind
    with pytest.raises(CsdeskError, match=r"\.csv or \.xlsx"):
        write_table(table, tmp_path / "accounts.pdf")


def test_the_accounts_table_has_exact_money_and_dates(demo_services: Services,
                                                      tmp_path: Path) -> None:
    summaries = demo_services.book.account_summaries(TODAY)
    table = accounts_table(summaries)
    assert len(table.rows) == len(summaries) == 12
    first = summaries[0]
    row = dict(zip(table.headers, table.rows[0], strict=True))
    assert row["Account"] == first.name
    assert row["ARR"] == Decimal(first.arr_cents) / 100
    assert row["Renewal date"] == first.renewal_date
    rows = _csv_rows(write_table(table, tmp_path / "a.csv"))
    assert rows[1][table.headers.index("ARR")] == f"{first.arr_cents // 100}." \
                                                  f"{first.arr_cents % 100:02d}"


@pytest.mark.sqlite_only
def test_export_table_command_writes_each_table(demo_services: Services, db_path: Path,
                                                tmp_path: Path, capsys) -> None:
    demo_services.workspace.close()
    for name in ("accounts", "renewals", "actions", "metrics"):
        for suffix in (".csv", ".xlsx"):
            out = tmp_path / f"{name}{suffix}"
            args = ["export", "table", name, "--db", str(db_path), "-o", str(out),
                    "--today", TODAY.isoformat()]
            assert cli.main(args + (["--from", "2025-11-24"] if name == "metrics" else [])) == 0
            assert out.exists()
    metrics = _csv_rows(tmp_path / "metrics.csv")
    assert metrics[0][:4] == ["Period", "From", "To", "Customers at start"]
    assert [row[0] for row in metrics[1:]] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4",
                                               "2025-11-24 to 2026-11-23"]
    actions = _csv_rows(tmp_path / "actions.csv")
    assert actions[0] == ["Account", "Action item", "Owner", "Due", "Status"]
    dues = [row[3] for row in actions[1:] if row[3]]
    assert dues == sorted(dues) and len(actions) > 10
    capsys.readouterr()
    assert cli.main(["export", "table", "accounts", "--db", str(db_path), "-o",
                     str(tmp_path / "a.pdf")]) != 0
    assert ".csv or .xlsx" in capsys.readouterr().err
