"""Reading CRM exports as they are: CSV or XLSX, headers as written, cells as a person reads
them, report footers skipped (and said) only at the end, big files streamed, other files refused
with what to do instead."""

from __future__ import annotations

import codecs
import tracemalloc
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from csdesk.errors import CsdeskError
from csdesk.services import csv_files
from csdesk.services.table_files import cell_text, open_table, sheet_names

CRM = Path(__file__).parent / "data" / "crm"
SALESFORCE_FOOTER = ["Grand Totals (5 records)", "Confidential Information - Do Not Distribute",
                     "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."]


def _read(path: Path, sheet: str | None = None):
    with open_table(path, sheet) as table:
        rows = list(table.rows())
    return table, rows


def _csv(tmp_path: Path, text: str | bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _xlsx(tmp_path: Path, rows: list[list[object]], name: str = "in.xlsx",
          sheets: dict[str, list[list[object]]] | None = None) -> Path:
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    for row in rows:
        workbook.active.append(row)
    for title, more in (sheets or {}).items():
        sheet = workbook.create_sheet(title)
        for row in more:
            sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


# The vendors' files -----------------------------------------------------------------------------

def test_a_salesforce_report_is_read_without_its_footer_and_says_so() -> None:
    table, rows = _read(CRM / "salesforce_accounts.csv")
    assert table.headers[:3] == ["Account Name", "Account Owner", "Type"]
    assert [cells[0] for _n, cells in rows] == [
        "Northwind Traders", "Total Logistics", "Brightwave Health", "Cobalt Analytics",
        "Evergreen Foods"]
    assert rows[0] == (2, ["Northwind Traders", "Dana Whitfield", "Customer - Direct", "Retail",
                           "www.northwindtraders.example.com", "1,250", "USD 120,000.00",
                           "7/1/2024", "6/30/2027"])
    assert table.footer == SALESFORCE_FOOTER
    assert table.note == "skipped the report's footer: 3 lines (Grand Totals (5 records) …)"
    assert table.rows_read == 5 and table.sheet is None


def test_a_hubspot_export_keeps_its_column_names_as_written() -> None:
    table, rows = _read(CRM / "hubspot_companies.csv")
    assert table.headers[:5] == ["Record ID", "Company name", "Company owner", "Create Date",
                                 "Lifecycle Stage"]
    assert rows[0][1][3:6] == ["2024-06-30 09:12", "customer", "48000000"]
    assert table.footer == [] and table.note is None


def test_a_gainsight_workbook_gives_dates_and_numbers_as_a_person_reads_them() -> None:
    assert sheet_names(CRM / "gainsight_companies.xlsx") == ["Company"]
    table, rows = _read(CRM / "gainsight_companies.xlsx")
    assert table.headers == ["Company Name", "CSM", "Stage", "ARR", "Renewal Date",
                             "Original Contract Date", "Employees", "Industry", "Tier"]
    assert table.sheet == "Company" and table.note is None
    assert rows[0] == (2, ["Northwind Traders", "Dana Whitfield", "Adoption", "120000",
                           "2027-06-30", "2024-07-01", "1250", "Retail", "Enterprise"])
    assert rows[-1][1][3] == "64250.5"
    assert len(rows) == table.rows_read == 5


def test_the_test_data_names_the_same_companies_everywhere() -> None:
    names = {}
    for file, column in [("salesforce_accounts.csv", "Account Name"),
                         ("hubspot_companies.csv", "Company name"),
                         ("gainsight_companies.xlsx", "Company Name"),
                         ("salesforce_contacts.csv", "Account Name"),
                         ("usage_metrics.csv", "Account")]:
        table, rows = _read(CRM / file)
        index = table.headers.index(column)
        names[file] = {cells[index] for _n, cells in rows}
        assert len(rows) < 30
    assert len({frozenset(n) for n in names.values()}) == 1, names


# Footers ----------------------------------------------------------------------------------------

HEADER = "Account Name,Owner,ARR\n"


def test_total_logistics_in_the_middle_or_at_the_end_is_data(tmp_path) -> None:
    text = (HEADER + "Acme,Dana,100\nTotal Logistics,Dana,200\nTotal,,300\nBeta,Lee,400\n"
            "Total Logistics 2,Lee,500\n")
    table, rows = _read(_csv(tmp_path, text))
    assert [c[0] for _n, c in rows] == ["Acme", "Total Logistics", "Total", "Beta",
                                        "Total Logistics 2"]
    assert table.footer == [] and table.note is None


def test_a_totals_row_with_sums_at_the_end_is_footer(tmp_path) -> None:
    table, rows = _read(_csv(tmp_path, HEADER + 'Acme,Dana,100\nBeta,Lee,200\nTotal,,"$300"\n'))
    assert [c[0] for _n, c in rows] == ["Acme", "Beta"]
    assert table.footer == ["Total, $300"]
    assert table.note == "skipped the report's footer: 1 line (Total, $300)"


def test_an_account_called_total_at_the_end_is_data(tmp_path) -> None:
    table, rows = _read(_csv(tmp_path, HEADER + "Acme,Dana,100\nTotal,Lee,200\n"))
    assert [c[0] for _n, c in rows] == ["Acme", "Total"]
    assert table.footer == []


def test_a_last_row_with_only_a_name_is_data_not_footer(tmp_path) -> None:
    table, rows = _read(_csv(tmp_path, HEADER + "Acme,Dana,100\n\nBeta,,\n"))
    assert [(n, c[0]) for n, c in rows] == [(2, "Acme"), (4, "Beta")]
    assert table.footer == []


def test_a_name_only_row_right_before_a_footer_is_still_data(tmp_path) -> None:
    table, rows = _read(_csv(tmp_path, HEADER + "Acme,Dana,100\nBeta,,\n\nCopyright (c) X\n"))
    assert [c[0] for _n, c in rows] == ["Acme", "Beta"]
    assert table.footer == ["Copyright (c) X"]


@pytest.mark.parametrize("footer", [
    ["Generated by HubSpot on 6/30/2026 9:12 AM"],
    ["Accounts by Renewal", "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.",
     "Confidential Information - Do Not Distribute", "Generated By:  Dana Whitfield  6/30/2026",
     "Northwind Software Inc."],
    ["Filtered By:", "   Type equals Customer - Direct,Customer - Channel"],
    ["Grand Totals (2 records)"],
    ["Total Records: 2", "Exported on 2026-06-30 by Dana"],
], ids=["hubspot", "salesforce-classic", "filters", "grand-totals", "record-count"])
def test_report_footers_are_skipped(tmp_path, footer) -> None:
    lines = "\n".join(f'"{line}"' for line in footer)
    table, rows = _read(_csv(tmp_path, HEADER + "Acme,Dana,100\nBeta,Lee,200\n\n" + lines + "\n"))
    assert [c[0] for _n, c in rows] == ["Acme", "Beta"]
    assert table.footer == [line.strip() for line in footer]
    assert table.note.startswith(f"skipped the report's footer: {len(footer)} line")


def test_a_footer_phrase_as_a_full_row_is_data(tmp_path) -> None:
    table, rows = _read(_csv(tmp_path, HEADER + "Acme,Dana,100\nConfidential Inc,Lee,200\n"))
    assert [c[0] for _n, c in rows] == ["Acme", "Confidential Inc"]


def test_the_encoding_note_and_the_footer_note_are_both_kept(tmp_path) -> None:
    data = (HEADER + "Caf\xe9,Dana,100\n\nGrand Totals (1 record)\n").encode("cp1252")
    table, rows = _read(_csv(tmp_path, data))
    assert rows == [(2, ["Café", "Dana", "100"])]
    assert table.note == ("in.csv is not all UTF-8: what is not was read as Windows-1252, "
                          "first on line 2: 'Café,Dana,100'; skipped the report's footer: 1 "
                          "line (Grand Totals (1 record))")


def test_an_xlsx_report_footer_is_skipped_too(tmp_path) -> None:
    path = _xlsx(tmp_path, [["Account Name", "ARR"], ["Acme", 100], ["Total Logistics", 200],
                            [], ["Grand Totals (2 records)", 300],
                            ["Confidential Information - Do Not Distribute"]])
    table, rows = _read(path)
    assert rows == [(2, ["Acme", "100"]), (3, ["Total Logistics", "200"])]
    assert table.footer == ["Grand Totals (2 records), 300",
                            "Confidential Information - Do Not Distribute"]


ROW_NAMES = st.sampled_from(["Acme", "Total Logistics", "Total", "Grand Totals Ltd",
                             "Copyright Kings", "Filtered Water Co", "Report"])
FOOTERS = st.lists(st.sampled_from([
    "Grand Totals (12 records)", "Total", "Confidential Information - Do Not Distribute",
    "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.",
    "Generated by HubSpot on 2026-06-30", "Filtered By: Type equals Customer"]),
    max_size=4)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(ROW_NAMES, min_size=1, max_size=8),
       blank_before=st.booleans(), footer=FOOTERS)
def test_every_data_row_is_kept_and_only_the_footer_skipped(
        tmp_path, names, blank_before, footer) -> None:
    """Whatever the accounts are called, a full data row is never taken for a footer line."""
    lines = [f'"{name}",Dana,{100 + i}' for i, name in enumerate(names)]
    tail = ([""] if blank_before and footer else []) + [f'"{line}"' for line in footer]
    table, rows = _read(_csv(tmp_path, HEADER + "\n".join(lines + tail) + "\n"))
    assert [c[0] for _n, c in rows] == names
    assert table.footer == footer


# Streaming and bounds ---------------------------------------------------------------------------

def test_a_100000_row_csv_is_streamed_not_held_whole(tmp_path) -> None:
    """Up to the row limit (100,000 lines, the footer's included), in a few MB."""
    rows = "".join(f"Account {i:06d},Owner {i % 50},{1000 + i}\n" for i in range(99_997))
    path = _csv(tmp_path, HEADER + rows + "\n\"Grand Totals (99,997 records)\"\n")
    tracemalloc.start()
    try:
        with open_table(path) as table:
            count = sum(1 for _row in table.rows())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == table.rows_read == 99_997
    assert table.footer == ["Grand Totals (99,997 records)"]
    assert peak < 6 * 2**20, f"{peak / 2**20:.1f} MB for a {path.stat().st_size // 2**20} MB file"


def test_many_name_only_rows_are_not_held_back_as_a_possible_footer(tmp_path) -> None:
    rows = "".join(f"Account {i:06d},,\n" for i in range(20_000))
    path = _csv(tmp_path, HEADER + rows)
    with open_table(path) as table:
        stream = table.rows()
        first = next(stream)
        assert first == (2, ["Account 000000", "", ""])
        assert table.rows_read == 1  # given before the rest was read
        assert sum(1 for _row in stream) == 19_999
    assert table.footer == []


def test_a_sheet_over_the_row_limit_is_refused_clearly(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(csv_files, "MAX_ROWS", 100)
    fits = _xlsx(tmp_path, [["Name"]] + [[f"A{i}"] for i in range(100)], "fits.xlsx")
    assert len(_read(fits)[1]) == 100
    over = _xlsx(tmp_path, [["Name"]] + [[f"A{i}"] for i in range(101)], "over.xlsx")
    with pytest.raises(CsdeskError) as caught, open_table(over):
        pass  # refused on opening: the sheet's dimension says it is long
    assert str(caught.value) == ("over.xlsx has more than 100 rows; csdesk imports up to 100 "
                                 "rows at a time: split it into smaller files")


def _wrong_dimension(path: Path) -> Path:
    """The sheet says it is one cell (as some report generators write): it is not."""
    import re

    with zipfile.ZipFile(path) as archive:
        members = {m: archive.read(m) for m in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"',
                                                 sheet)
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def test_a_sheet_with_a_wrong_dimension_is_read_whole_and_still_bounded(tmp_path,
                                                                       monkeypatch) -> None:
    monkeypatch.setattr(csv_files, "MAX_ROWS", 100)
    path = _wrong_dimension(_xlsx(tmp_path, [["Name", "ARR"]] + [[f"A{i}", i] for i in range(3)]))
    table, rows = _read(path)
    assert table.headers == ["Name", "ARR"] and rows[-1] == (4, ["A2", "2"])
    over = _wrong_dimension(_xlsx(tmp_path, [["Name"]] + [[f"A{i}"] for i in range(101)],
                                  "over.xlsx"))
    with open_table(over) as table:
        stream = table.rows()
        with pytest.raises(CsdeskError, match="^over.xlsx has more than 100 rows"):
            for _row in stream:
                pass
    assert table.rows_read == 100  # the 101st is never given


def test_a_csv_over_the_row_limit_keeps_the_csv_message(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(csv_files, "MAX_ROWS", 10)
    with pytest.raises(CsdeskError, match=r"^in.csv has more than 10 rows; csdesk imports"):
        _read(_csv(tmp_path, "name\n" + "".join(f"A{i}\n" for i in range(11))))


# Headers and encodings --------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + "Company Name;ARR\nCafé;1\n".encode("utf-16-le"),
    codecs.BOM_UTF8 + b"Company Name\tARR\nCaf\xc3\xa9\t1\n",
    b"\n\n  Company Name ,ARR\nCaf\xe9,1\n",
], ids=["utf-16-semicolon", "utf-8-bom-tab", "cp1252-leading-blank-lines"])
def test_csv_headers_keep_their_case_in_every_encoding(tmp_path, data) -> None:
    table, rows = _read(_csv(tmp_path, data))
    assert table.headers == ["Company Name", "ARR"]
    assert rows[0][1][0] == "Café"


def test_an_empty_file_or_sheet_is_refused(tmp_path) -> None:
    with pytest.raises(CsdeskError, match="^in.csv is empty$"):
        _read(_csv(tmp_path, "\n\n"))
    with pytest.raises(CsdeskError, match="^in.xlsx is empty$"):
        _read(_xlsx(tmp_path, []))


# Workbooks --------------------------------------------------------------------------------------

def test_xlsx_cells_read_as_a_person_reads_them(tmp_path) -> None:
    path = _xlsx(tmp_path, [
        [None, None],
        ["  Company  ", "Renewal", "Signed", "Seats", "Share", "Rate", "Active", "Note", None],
        ["Acme", date(2027, 6, 30), datetime(2024, 6, 30, 9, 12), 120.0, 0.25, 0.1 + 0.2, True,
         None, None],
        ["Beta", datetime(2027, 1, 14), datetime(2024, 6, 30, 0, 0), 1_250, 0.125, 1.5e-7,
         False, "x"],
    ])
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    for row in (3, 4):
        workbook.active.cell(row, 5).number_format = "0.0%"
    workbook.save(path)
    table, rows = _read(path)
    assert table.headers == ["Company", "Renewal", "Signed", "Seats", "Share", "Rate", "Active",
                             "Note"]
    assert rows == [
        (3, ["Acme", "2027-06-30", "2024-06-30 09:12", "120", "25%", "0.3", "TRUE"]),
        (4, ["Beta", "2027-01-14", "2024-06-30", "1250", "12.5%", "0.00000015", "FALSE", "x"]),
    ]


def test_cell_text_rounds_excel_times_to_the_minute() -> None:
    assert cell_text(datetime(2024, 6, 30, 9, 11, 59, 999_000)) == "2024-06-30 09:12"
    assert cell_text(datetime(2024, 6, 30, 23, 59, 59, 999_500)) == "2024-07-01"
    assert cell_text(time(17, 0)) == "17:00"
    assert cell_text(46568.0) == "46568"


def test_the_first_visible_sheet_is_read_and_the_others_named(tmp_path) -> None:
    path = _xlsx(tmp_path, [["Name"], ["Acme"]], sheets={"Notes": [["Name"], ["Beta"]]})
    assert sheet_names(path) == ["Sheet1", "Notes"]
    table, rows = _read(path)
    assert (table.sheet, rows) == ("Sheet1", [(2, ["Acme"])])
    assert table.note == "read the sheet 'Sheet1', the first of 2 ('Sheet1', 'Notes')"
    table, rows = _read(path, "notes")
    assert (table.sheet, rows, table.note) == ("Notes", [(2, ["Beta"])], None)


def test_an_unknown_sheet_is_refused_naming_the_sheets(tmp_path) -> None:
    path = _xlsx(tmp_path, [["Name"]], sheets={"Notes": [["Name"]]})
    with pytest.raises(CsdeskError) as caught:
        _read(path, "Accounts")
    assert str(caught.value) == "in.xlsx has no sheet 'Accounts'; its sheets: 'Sheet1', 'Notes'"
    with pytest.raises(CsdeskError, match="is a CSV file: it has no sheets"):
        _read(CRM / "usage_metrics.csv", "Accounts")
    assert sheet_names(CRM / "usage_metrics.csv") == []


def test_a_hidden_first_sheet_is_passed_over(tmp_path) -> None:
    path = _xlsx(tmp_path, [["Name"], ["Lookup"]], sheets={"Accounts": [["Name"], ["Acme"]]})
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    workbook["Sheet1"].sheet_state = "hidden"
    workbook.save(path)
    table, rows = _read(path)
    assert (table.sheet, rows) == ("Accounts", [(2, ["Acme"])])


# Files that are not tables ----------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(tmp_path: Path, name: str, members: dict[str, str]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    return path


@pytest.mark.parametrize(("name", "data", "message"), [
    ("accounts.xls", OLE + b"\x00" * 600 + "Workbook".encode("utf-16-le"),
     "accounts.xls is an Excel 97-2003 .xls file: save it as .xlsx or CSV"),
    ("accounts.xlsx", OLE + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"),
     "accounts.xlsx is a password-protected Excel file: open it in Excel, remove the password "
     "and save it as .xlsx or CSV"),
    ("report.xls", b"<html><body><table><tr><td>Account Name</td></tr></table></body></html>",
     "report.xls is a web page (HTML), not a spreadsheet, though Excel opens it: save it from "
     "Excel as .xlsx or CSV"),
    ("report.xls", b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
                   b'spreadsheet"></Workbook>',
     "report.xls is an Excel 2003 XML spreadsheet: save it as .xlsx or CSV"),
    ("report.pdf", b"%PDF-1.7\n...",
     "report.pdf is a PDF document, not a table: export the report as .xlsx or CSV"),
    ("broken.xlsx", b"PK\x03\x04 not really a zip",
     "broken.xlsx is damaged (not a readable .xlsx file): save it again as .xlsx or CSV"),
])
def test_files_that_are_not_tables_are_refused_with_what_to_do(tmp_path, name, data,
                                                                message) -> None:
    path = _csv(tmp_path, data, name)
    with pytest.raises(CsdeskError) as caught:
        _read(path)
    assert str(caught.value) == message
    with pytest.raises(CsdeskError):
        sheet_names(path)


@pytest.mark.parametrize(("members", "what"), [
    ({"xl/workbook.bin": ""}, "an Excel binary workbook (.xlsb): save it as .xlsx or CSV"),
    ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": ""},
     "an OpenDocument file (.ods): save it as .xlsx or CSV"),
    ({"word/document.xml": ""}, "a Word document, not a table: save the table as .xlsx or CSV"),
    ({"notes.txt": "hello"},
     "a ZIP archive, not a spreadsheet: unpack it, or save the table as .xlsx or CSV"),
])
def test_other_zip_files_are_named_for_what_they_are(tmp_path, members, what) -> None:
    with pytest.raises(CsdeskError) as caught:
        _read(_zip(tmp_path, "in.xlsx", members))
    assert str(caught.value) == f"in.xlsx is {what}"


def test_a_damaged_workbook_is_refused_clearly(tmp_path) -> None:
    path = _zip(tmp_path, "in.xlsx", {"xl/workbook.xml": "<not xml", "[Content_Types].xml": ""})
    with pytest.raises(CsdeskError, match=r"^in.xlsx is damaged \(not a readable .xlsx file"):
        _read(path)


def test_a_csv_saved_with_an_excel_name_is_read_as_csv_and_said_so(tmp_path) -> None:
    table, rows = _read(_csv(tmp_path, "Account Name,ARR\nAcme,100\n", "export.xls"))
    assert rows == [(2, ["Acme", "100"])]
    assert table.note == "export.xls is a text (CSV) file despite its name: it was read as CSV"


def test_a_missing_file_says_it_cannot_be_read(tmp_path) -> None:
    with pytest.raises(CsdeskError, match=r"^cannot read .*nothing.csv: No such file"):
        _read(tmp_path / "nothing.csv")
