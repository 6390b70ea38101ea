"""Writing a table as CSV or XLSX: typed cells, safe text, and never a half-written file.

A cell is text, a whole number, a Decimal (money in currency units, or a rate), a date, or None.
Text that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a carriage
return) is written so it stays text: with a leading apostrophe in CSV (the convention Excel,
LibreOffice and Google Sheets understand), and as a string cell with the "quote prefix" style
in XLSX. Numbers stay numbers, so a negative amount is still a number.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from csdesk.errors import CsdeskError
from csdesk.files import replace_file

Cell = str | int | Decimal | date | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """A titled table: one header per column, rows of typed cells, and per-column formats."""

    title: str
    headers: list[str]
    rows: list[list[Cell]]
    # An Excel number format per column for XLSX ("" = general), e.g. "#,##0.00", "0.0%".
    formats: list[str] | None = None


def safe_text(text: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula (for CSV)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_table(table: Table, path: Path) -> Path:
    """Write ``table`` to ``path`` (.csv or .xlsx). The target is replaced only by a complete
    file: on any failure it is left as it was."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise CsdeskError(f"{path.name}: tables are exported as .csv or .xlsx")
    for number, row in enumerate(table.rows, start=1):
        if len(row) != len(table.headers):  # a bug in the caller, caught before any writing
            raise ValueError(f"row {number} of {table.title} has {len(row)} cells for "
                             f"{len(table.headers)} columns")
    write = _write_csv if suffix == ".csv" else _write_xlsx
    # A failed write is a FileWriteError: a CsdeskError "cannot write <path>: <why>".
    return replace_file(path, lambda partial: write(table, partial))


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # never exponent notation such as 4.3E+6
    return str(value)


def _write_csv(table: Table, path: Path) -> None:
    # UTF-8 with a byte-order mark: Excel then reads accents and symbols correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_text(header) for header in table.headers])
        writer.writerows([_csv_cell(value) for value in row] for row in table.rows)


def _write_xlsx(table: Table, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(table.title))
    formats = table.formats or [""] * len(table.headers)
    widths = [len(header) for header in table.headers]
    for row in table.rows[:200]:  # wide enough for what a screen of rows holds
        for column, value in enumerate(row):
            widths[column] = max(widths[column], len(_csv_cell(value)))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in table.headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, value, fmt) for value, fmt in zip(row, formats,
                                                                             strict=True)])
    workbook.save(path)


def _xlsx_cell(sheet, value: Cell, number_format: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # and editing the cell keeps it text
        return cell
    cell.value = value
    if isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif number_format and value is not None:
        cell.number_format = number_format
    return cell


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Table"
