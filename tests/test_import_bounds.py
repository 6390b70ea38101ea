"""Bounds on CSV imports: a big or hostile file is read row by row, its problems counted and
only the first ones listed, the encoding it was read in said out loud, dates kept to 1900–2200."""

from __future__ import annotations

import codecs
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import event

from csdesk import cli
from csdesk.errors import CsdeskError, ImportRowsError
from csdesk.services import Services
from csdesk.services.signal_import import SignalImportService


def _file(tmp_path: Path, data: bytes | str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _accounts(services: Services, path: Path):
    return services.importing.import_accounts(path)


@pytest.fixture
def book(services: Services) -> Services:
    services.accounts.create(name="Acme")
    return services


# Many problems: the first ones listed, the rest counted -----------------------------------------

IMPORTS = {
    "accounts": ("name,arr\n", "A{i},12x\n", "column arr: '12x' — not an amount of money"),
    "revenue": ("account,date,arr\n", "Ghost {i},2026-01-01,5\n", "column account: 'Ghost"),
    "responses": ("account,date,kind,score\n", "Acme,2026-01-01,nps,{i}1\n",
                  "column score: '"),
}


def _run(book: Services, kind: str, path: Path):
    if kind == "accounts":
        return _accounts(book, path)
    signals = SignalImportService(book.workspace)
    return signals.import_revenue(path) if kind == "revenue" else signals.import_responses(path)


@pytest.mark.parametrize("kind", list(IMPORTS))
def test_problems_are_capped_counted_and_summed_up(book: Services, tmp_path, kind) -> None:
    header, row, message = IMPORTS[kind]
    path = _file(tmp_path, header + "".join(row.format(i=i + 1) for i in range(500)))
    with pytest.raises(ImportRowsError) as caught:
        _run(book, kind, path)
    problems = caught.value.problems
    assert problems[0].startswith("row 2, ") and message in problems[0]
    assert problems[19].startswith("row 21, ")
    assert problems[20:] == ["… and 480 more rows with problems"]
    assert str(caught.value) == "in.csv: 500 rows read, 500 with problems; nothing was imported"
    assert [a.name for a in book.accounts.list()] == ["Acme"]


def test_a_long_file_with_two_bad_rows_says_how_much_was_read(services, tmp_path) -> None:
    rows = [f"A{i},{100 + i}" for i in range(1000)]
    rows[3], rows[997] = "Bad one,12x", "Bad two,-5"
    with pytest.raises(ImportRowsError) as caught:
        _accounts(services, _file(tmp_path, "name,arr\n" + "\n".join(rows) + "\n"))
    assert str(caught.value) == "in.csv: 1,000 rows read, 2 with problems; nothing was imported"
    assert caught.value.problems == [
        "row 5, column arr: '12x' — not an amount of money",
        "row 999, column arr: '-5' — cannot be negative"]
    assert services.accounts.count() == 0


def test_the_command_line_prints_at_most_the_first_problems(tmp_path, capsys) -> None:
    path = _file(tmp_path, "name,arr\n" + "".join(f"A{i},12x\n" for i in range(5000)))
    assert cli.main(["import", "accounts", str(path), "--db", str(tmp_path / "w.db")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("csdesk: error: in.csv: 5,000 rows read, 5,000 with problems; "
                      "nothing was imported")
    assert len(err) == 22 and err[-1] == "  … and 4,980 more rows with problems"


def test_a_file_over_the_row_limit_is_refused_clearly(services, tmp_path, monkeypatch) -> None:
    from csdesk.services import csv_files

    monkeypatch.setattr(csv_files, "MAX_ROWS", 100)
    fits = _file(tmp_path, "name\n" + "".join(f"A{i}\n" for i in range(100)), "fits.csv")
    assert len(_accounts(services, fits).created) == 100
    over = _file(tmp_path, "name\n" + "".join(f"B{i}\n" for i in range(101)), "over.csv")
    with pytest.raises(CsdeskError) as caught:
        _accounts(services, over)
    assert str(caught.value) == ("over.csv has more than 100 rows; csdesk imports up to 100 "
                                 "rows at a time: split it into smaller files")
    assert services.accounts.count() == 100


def test_a_big_file_is_checked_row_by_row_in_bounded_memory(services, tmp_path) -> None:
    """50,001 bad rows: they are read and checked one at a time, and neither they nor 50,001
    messages are kept."""
    lines = ["name,industry,arr", "Bad,Retail,12x"]
    lines += [f"Account {i:06d},Industry {i % 40},x{i}" for i in range(50_000)]
    path = _file(tmp_path, "\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        with pytest.raises(ImportRowsError) as caught:
            _accounts(services, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value).startswith("in.csv: 50,001 rows read, 50,001 with problems")
    assert peak < 15 * 2**20, f"{peak / 2**20:.1f} MB"


def test_revenue_history_is_read_once_per_account(book: Services, tmp_path: Path) -> None:
    rows = "".join(f"Acme,{1950 + m // 12}-{m % 12 + 1:02d}-01,{1000 + m}\n" for m in range(600))
    selects: list[str] = []
    engine = book.workspace.engine

    def count(conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "arr_changes" in statement:
            selects.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        result = SignalImportService(book.workspace).import_revenue(
            _file(tmp_path, "account,date,arr\n" + rows))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert (result.added, result.accounts) == (600, 1)
    assert len(selects) <= 5, len(selects)
    history = book.signals.arr_history(book.accounts.find("Acme").id)
    assert history[-1].arr_cents == 1599_00 and len(history) == 600


# Encodings ------------------------------------------------------------------------------------

TEXT = "name,industry\nCafé Müller,Food\n"


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    codecs.BOM_UTF16_LE + TEXT.replace("\n", "\r\n").encode("utf-16-le"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
], ids=["utf-16-le", "utf-16-be", "utf-16-le-crlf", "utf-8-bom"])
def test_utf16_and_utf8_with_a_bom_are_read_as_such(services, tmp_path, data) -> None:
    result = _accounts(services, _file(tmp_path, data))
    assert result.note is None
    assert services.accounts.find("Café Müller").industry == "Food"


def test_utf16_without_a_bom_is_refused_with_a_hint(services, tmp_path) -> None:
    with pytest.raises(CsdeskError) as caught:
        _accounts(services, _file(tmp_path, TEXT.encode("utf-16-le")))
    assert str(caught.value) == ("in.csv is not a text CSV file (it contains NUL bytes; "
                                 "a UTF-16 file needs its byte order mark)")


def test_one_windows_byte_in_utf8_is_read_so_and_said(services, tmp_path) -> None:
    data = "name,industry\nCafé Müller,Food\n".encode() + b"Good \xdc Co,Retail\n"
    result = _accounts(services, _file(tmp_path, data))
    assert [a.name for a in services.accounts.list()] == ["Café Müller", "Good Ü Co"]
    assert result.note == ("in.csv is not all UTF-8: what is not was read as Windows-1252, "
                           "first on line 3: 'Good Ü Co,Retail'")
    assert result.summary().endswith("; " + result.note)


def test_a_windows_1252_file_is_imported_and_said_so(services, tmp_path) -> None:
    data = "name,industry\nPlain,Retail\nCafé Müller,Food\n".encode("cp1252")
    result = _accounts(services, _file(tmp_path, data))
    assert services.accounts.find("Café Müller").industry == "Food"
    assert result.note == ("in.csv is not all UTF-8: what is not was read as Windows-1252, "
                           "first on line 3: 'Café Müller,Food'")


def test_a_bom_then_a_windows_byte_keeps_the_header(services, tmp_path) -> None:
    data = codecs.BOM_UTF8 + b"name,industry\nCaf\xe9,Food\n"
    result = _accounts(services, _file(tmp_path, data))
    assert services.accounts.find("Café").industry == "Food"
    assert "first on line 2: 'Café,Food'" in result.note


def test_a_long_line_shows_where_the_odd_byte_is(services, tmp_path) -> None:
    data = b"name,industry\nAcme," + b"x" * 150 + b"\xe9" + b"y" * 150 + b"\n"
    with pytest.raises(ImportRowsError) as caught:
        _accounts(services, _file(tmp_path, data))
    note = caught.value.problems[-1]
    assert note.startswith("in.csv is not all UTF-8: what is not was read as Windows-1252, "
                           "first on line 2: '…")
    assert "xxé" + "y" * 10 in note and len(note) < 200


def test_the_encoding_note_reaches_the_command_line(tmp_path, capsys) -> None:
    data = b"name\nCaf\xe9\n"
    path = _file(tmp_path, data)
    assert cli.main(["import", "accounts", str(path), "--db", str(tmp_path / "w.db")]) == 0
    out = capsys.readouterr().out
    assert "read as Windows-1252, first on line 2: 'Café'" in out.splitlines()[1]
    assert out.splitlines()[0].startswith("Backed up first: ")


def test_signal_imports_say_how_they_read_the_file(book: Services, tmp_path) -> None:
    data = b"account,date,kind,score,comment\nAcme,2026-01-01,nps,9,tr\xe8s bien\n"
    result = SignalImportService(book.workspace).import_responses(_file(tmp_path, data))
    assert result.summary("responses") == (
        "1 responses added, 0 replaced, for 1 account; in.csv is not all UTF-8: what is not "
        "was read as Windows-1252, first on line 2: 'Acme,2026-01-01,nps,9,très bien'")
    assert book.signals.responses(book.accounts.find("Acme").id)[0].comment == "très bien"


# Dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize(("kind", "text", "column"), [
    ("accounts", "name,contract_start\nAcme,{day}\n", "contract_start"),
    ("accounts", "name,renewal_date\nAcme,{day}\n", "renewal_date"),
    ("revenue", "account,date,arr\nAcme,{day},100\n", "date"),
    ("responses", "account,date,kind,score\nAcme,{day},nps,9\n", "date"),
])
def test_years_outside_1900_2200_are_refused(book, tmp_path, kind, text, column, day) -> None:
    with pytest.raises(ImportRowsError) as caught:
        _run(book, kind, _file(tmp_path, text.format(day=day)))
    assert caught.value.problems == [f"row 2, column {column}: '{day}' — outside 1900–2200"]
    acme = book.accounts.find("Acme")
    assert (acme.contract_start, acme.renewal_date) == (None, None)
    assert book.signals.arr_history(acme.id) == book.signals.responses(acme.id) == []
