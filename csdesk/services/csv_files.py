"""Reading CSV files people export from spreadsheets: any common encoding and delimiter."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from csdesk.errors import CsdeskError

MAX_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class CsvTable:
    headers: list[str]  # lower-cased, trimmed
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells); the header is row 1


def read_csv(path: Path) -> CsvTable:
    """UTF-8 with or without BOM, else cp1252; comma, semicolon or tab detected from the header."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise CsdeskError(f"cannot read {path}: {error.strerror or error}") from None
    if size > MAX_BYTES:
        raise CsdeskError(f"{path.name} is {size // 2**20} MB; csdesk imports files up to "
                          f"{MAX_BYTES // 2**20} MB")
    data = path.read_bytes()
    if b"\x00" in data:
        raise CsdeskError(f"{path.name} is not a text CSV file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise CsdeskError(f"{path.name} is empty")
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    # A cell may be large (a pasted document); the field's own length check says so clearly.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise CsdeskError(f"{path.name} is not valid CSV near line {reader.line_num}: "
                          f"{error}") from None
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
    headers = [cell.strip().lower() for cell in records[0]]
    rows = [(number, cells) for number, cells in enumerate(records[1:], start=2)
            if any(cell.strip() for cell in cells)]
    return CsvTable(headers, rows)
