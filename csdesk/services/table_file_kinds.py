"""Telling a table file's kind by its content, not its name: CSV or XLSX, and anything else
(an .xls, an .xlsb, an .ods, a web page saved as .xls, a PDF, an XLSX that unpacks too large...)
refused with what to do instead.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path
from typing import Literal

from csdesk.errors import CsdeskError
from csdesk.services import csv_files

MAX_UNPACKED = 10 * csv_files.MAX_BYTES  # an XLSX that unpacks to more is refused (zip bomb)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls (and encrypted .xlsx)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def kind_of(path: Path) -> tuple[Literal["csv", "xlsx"], str | None]:
    """The file's kind by its content, and a note when its name says otherwise."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as error:
        raise CsdeskError(f"cannot read {path}: {error.strerror or error}") from None
    if head.startswith(_ZIP):
        _check_zip(path)
        return "xlsx", None
    if head.startswith(_OLE):
        _refuse_ole(name, path)
    if head.startswith(b"%PDF"):
        raise CsdeskError(f"{name} is a PDF document, not a table: export the report as .xlsx "
                          f"or CSV")
    _refuse_markup(name, head)
    note = None
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        note = f"{name} is a text (CSV) file despite its name: it was read as CSV"
    return "csv", note


def _check_zip(path: Path) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CsdeskError(f"{name} is damaged (not a readable .xlsx file): save it again as "
                          f".xlsx or CSV") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" in names:
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED:
            raise CsdeskError(f"{name} unpacks to {unpacked // 2**20:,} MB; csdesk imports "
                              f"workbooks up to {MAX_UNPACKED // 2**20:,} MB: save it as CSV")
        return
    if "xl/workbook.bin" in names:
        what = "an Excel binary workbook (.xlsb): save it as .xlsx or CSV"
    elif "mimetype" in names and any(n.startswith("content.xml") for n in names):
        what = "an OpenDocument file (.ods): save it as .xlsx or CSV"
    elif any(n.startswith("Index/") for n in names):
        what = "an Apple Numbers file: export it as .xlsx or CSV"
    elif "word/document.xml" in names:
        what = "a Word document, not a table: save the table as .xlsx or CSV"
    elif any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint file, not a table: save the table as .xlsx or CSV"
    else:
        what = "a ZIP archive, not a spreadsheet: unpack it, or save the table as .xlsx or CSV"
    raise CsdeskError(f"{name} is {what}")


def _refuse_ole(name: str, path: Path) -> None:
    """An OLE container: an .xls, an encrypted .xlsx, an old Word file (by its streams' names,
    in the directory, which is near the start or the end of the file)."""
    with path.open("rb") as handle:
        start = handle.read(2 * 2**20)
        if len(start) == 2 * 2**20:
            handle.seek(-2**20, 2)
            start += handle.read()
    if "EncryptionInfo".encode("utf-16-le") in start:
        raise CsdeskError(f"{name} is a password-protected Excel file: open it in Excel, "
                          f"remove the password and save it as .xlsx or CSV")
    if "WordDocument".encode("utf-16-le") in start:
        raise CsdeskError(f"{name} is a Word 97-2003 document, not a table: save the table as "
                          f".xlsx or CSV")
    raise CsdeskError(f"{name} is an Excel 97-2003 .xls file: save it as .xlsx or CSV")


def _refuse_markup(name: str, head: bytes) -> None:
    """Web pages and Excel 2003 XML, which CRMs (Salesforce's "Export to Excel") name .xls."""
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text = head[2:4096].decode("utf-16-le" if head[:2] == codecs.BOM_UTF16_LE
                                   else "utf-16-be", errors="ignore")
    else:
        text = head[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff")
    text = text.lstrip().casefold()
    if text.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in text:
        raise CsdeskError(f"{name} is an Excel 2003 XML spreadsheet: save it as .xlsx or CSV")
    if text.startswith(("<!doctype html", "<html", "<table", "<meta", "<head")):
        raise CsdeskError(f"{name} is a web page (HTML), not a spreadsheet, though Excel opens "
                          f"it: save it from Excel as .xlsx or CSV")
