"""Reading CSV files people export from spreadsheets, row by row.

Encodings: UTF-8 (with or without a BOM) and UTF-16 with a BOM. A file that is not valid UTF-8
is still read: its UTF-8 as UTF-8 and each byte that is not as Windows-1252 (so a whole
Windows-1252 file reads as Windows-1252), and the file's ``note`` says so with the first line
concerned, for the import's result to show. Delimiter: comma, semicolon or tab, from the header.

A file is never held whole: it is read once in binary to choose its encoding (and refused if
it has NUL bytes), then row by row. A file of more than MAX_ROWS rows is refused before any row
is checked (a quick count, made only when it has that many line breaks).
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from csdesk.errors import CsdeskError, ImportRowsError
from csdesk.services.validation import clean_line

MAX_BYTES = 100 * 1024 * 1024
MAX_ROWS = 100_000  # an import of more is refused: split the file
_CHUNK = 1024 * 1024
_WINDOWS_1252 = "csdesk-windows-1252"  # decoding error handler: a non-UTF-8 byte as Windows-1252


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error(_WINDOWS_1252, _as_windows_1252)


@dataclass(frozen=True)
class _Encoding:
    codec: str
    errors: str = "strict"
    label: str = "UTF-8"
    note: str | None = None
    line_breaks: int = 0  # LF or CR, whichever is more: rows cannot be more than this + 1


class CsvFile:
    """An open CSV file: ``headers`` (lower-cased, trimmed), then its rows once, one by one.

    The header is row 1 (blank lines before it are skipped); ``rows()`` yields (spreadsheet row
    number, cells) for each row that is not blank and counts them in ``rows_read``.
    """

    def __init__(self, name: str, handle: IO[str], encoding: _Encoding) -> None:
        self.name = name
        self.note = encoding.note
        self.rows_read = 0
        self._label = encoding.label
        lines = self._decoded(handle)
        leading: list[str] = []
        for line in lines:  # the first line with text picks the delimiter
            leading.append(line)
            if line.strip("\r\n"):
                break
        first_line = leading[-1] if leading else ""
        delimiter = max([",", ";", "\t"], key=first_line.count)
        self._reader = csv.reader(itertools.chain(leading, lines),
                                  delimiter=delimiter, strict=True)
        self._remaining = self._records()
        for cells in self._remaining:
            if any(cell.strip() for cell in cells):
                self.headers = [cell.strip().lower() for cell in cells]
                break
        else:
            raise CsdeskError(f"{name} is empty")

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        for number, cells in enumerate(self._remaining, start=2):
            if number - 1 > MAX_ROWS:
                raise CsdeskError(f"{self.name} has more than {MAX_ROWS:,} rows; csdesk imports "
                                  f"up to {MAX_ROWS:,} rows at a time: split it into smaller "
                                  f"files")
            if any(cell.strip() for cell in cells):
                self.rows_read += 1
                yield number, cells

    def _records(self) -> Iterator[list[str]]:
        try:
            yield from self._reader
        except csv.Error as error:
            raise CsdeskError(f"{self.name} is not valid CSV near line "
                              f"{self._reader.line_num}: {error}") from None

    def _decoded(self, lines: IO[str]) -> Iterator[str]:
        """The lines; a file that changed since it was checked is refused, not half-read."""
        try:
            yield from lines
        except UnicodeDecodeError:
            raise CsdeskError(f"{self.name} is not valid {self._label} (did it change while "
                              f"being read?)") from None


@contextmanager
def open_csv(path: Path) -> Iterator[CsvFile]:
    """The file, open for reading row by row; refused clearly if it is not a text CSV file."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CsdeskError(f"{path.name} is {size // 2**20} MB; csdesk imports files up to "
                              f"{MAX_BYTES // 2**20} MB")
        encoding = _encoding(path)
        # A cell may be large (a pasted document); the field's own length check says so clearly.
        csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
        handle = path.open(encoding=encoding.codec, errors=encoding.errors, newline="")
    except OSError as error:
        raise CsdeskError(f"cannot read {path}: {error.strerror or error}") from None
    with handle:
        table = CsvFile(path.name, handle, encoding)
        if encoding.line_breaks > MAX_ROWS:  # perhaps too many rows: say so before any work
            with path.open(encoding=encoding.codec, errors=encoding.errors,
                           newline="") as again:
                for _row in CsvFile(path.name, again, encoding).rows():
                    pass
        yield table


def _encoding(path: Path) -> _Encoding:
    """UTF-16 if the file starts with its BOM, else UTF-8; see the module's docstring."""
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(0)
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            line_breaks = _check_utf16(path.name, handle)
            return _Encoding("utf-16", label="UTF-16", line_breaks=line_breaks)
        start = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        handle.seek(start)
        first_bad, line_breaks = _first_non_utf8(path.name, handle, start)
    codec = "utf-8-sig" if start else "utf-8"
    if first_bad is None:
        return _Encoding(codec, line_breaks=line_breaks)
    number, line = _line_at(path, first_bad)
    note = (f"{path.name} is not all UTF-8: what is not was read as Windows-1252, first on "
            f"line {number}: {line}")
    return _Encoding(codec, _WINDOWS_1252, note=note, line_breaks=line_breaks)


def _first_non_utf8(name: str, handle: IO[bytes], offset: int) -> tuple[int | None, int]:
    """The offset of the first byte that is not UTF-8 (if any) and the number of line breaks;
    a file with NUL bytes is refused."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first_bad = None
    line_breaks = 0
    while chunk := handle.read(_CHUNK):
        line_breaks += max(chunk.count(b"\n"), chunk.count(b"\r"))
        if b"\x00" in chunk:
            hint = "; a UTF-16 file needs its byte order mark" if _looks_like_utf16(chunk) else ""
            raise CsdeskError(f"{name} is not a text CSV file (it contains NUL bytes{hint})")
        if first_bad is None:
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                first_bad = offset - pending + error.start
        offset += len(chunk)
    if first_bad is None:
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            first_bad = offset - pending + error.start
    return first_bad, line_breaks


def _check_utf16(name: str, handle: IO[bytes]) -> int:
    """The number of line breaks; a file that is not UTF-16 text is refused."""
    decoder = codecs.getincrementaldecoder("utf-16")()
    line_breaks = 0
    try:
        while chunk := handle.read(_CHUNK):
            text = decoder.decode(chunk)
            if "\x00" in text:
                raise CsdeskError(f"{name} is not a text CSV file (it contains NUL characters)")
            line_breaks += max(text.count("\n"), text.count("\r"))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise CsdeskError(f"{name} starts as UTF-16 but is not valid UTF-16") from None
    return line_breaks


def _looks_like_utf16(chunk: bytes) -> bool:
    """Text in UTF-16 without its BOM: every other byte is NUL and the others are not."""
    sample = chunk[:400]
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 8 and any(
        part.count(0) >= len(part) * 0.8 and other.count(0) == 0
        for part, other in ((even, odd), (odd, even)))


def _line_at(path: Path, offset: int) -> tuple[int, str]:
    """The number of the line holding byte ``offset`` and that line as read, shortened around
    that byte. Lines are counted as the CSV reader counts them (LF, CRLF or CR)."""
    position = 0
    # Latin-1 maps each byte to one character: offsets stay byte offsets.
    with path.open(encoding="latin-1", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if position + len(line) > offset:
                raw = line.encode("latin-1")
                column = offset - position
                before = raw[:column].decode("utf-8-sig", errors=_WINDOWS_1252)
                after = raw[column:].decode("utf-8", errors=_WINDOWS_1252)
                return number, _excerpt(before, after)
            position += len(line)
    return 1, "''"  # not reached: the offset is inside the file


def _excerpt(before: str, after: str, width: int = 40) -> str:
    head = before if len(before) <= width else "…" + before[-width:]
    tail = after if len(after) <= width else after[:width] + "…"
    return repr(clean_line(head + tail))


class RowProblems:
    """The problems of an import's rows as they are checked: every bad row is counted, the first
    ones' problems are kept (about ``ImportRowsError.SHOWN`` lines), so a million bad rows cost
    no more memory than twenty."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.rows = 0
        self.left_out = 0

    def add(self, row_problems: list[str]) -> None:
        """One row's problems (none for a good row)."""
        if not row_problems:
            return
        self.rows += 1
        if len(self.shown) < ImportRowsError.SHOWN:
            self.shown.extend(row_problems)
        else:
            self.left_out += 1

    def __bool__(self) -> bool:
        return self.rows > 0

    def error(self, table: CsvFile) -> ImportRowsError:
        return ImportRowsError(table.name, self.shown, rows_read=table.rows_read,
                               rows_with_problems=self.rows, rows_left_out=self.left_out,
                               note=table.note)
