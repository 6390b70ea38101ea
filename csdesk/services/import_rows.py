"""Reading an import file's rows through a column mapping: each row's cells become checked
field values, or the row is rejected with its problems (kept with its cells, for a rejects file
the user can fix and import again).

Shared by every import kind (accounts, contacts, product usage): the file is CSV or XLSX
(`table_files`), headers are matched to fields (`header_matching`), values are read as CRMs
write them (`import_values`, dates `import_dates`). Date columns are read twice: the first pass
finds each column's day and month order from its values (a 30/06/2027 anywhere settles the
column), the second parses.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csdesk.errors import CsdeskError, ImportRowsError
from csdesk.files import FileWriteError, replace_file
from csdesk.services import validation as v
from csdesk.services.column_mapping import IGNORE
from csdesk.services.import_dates import date_order_of
from csdesk.services.import_mapping import ColumnMapping
from csdesk.services.import_values import UnknownValue
from csdesk.services.table_files import open_table

Parser = Callable[[str], Any]
PROBLEM = "problem"  # the rejects file's last column: never read as data
# A row check: (row number, the row's values, its problems so far) → more problems.
RowCheck = Callable[[int, dict[str, Any]], list[str]]


@dataclass
class Rejected:
    number: int
    cells: list[str]
    problems: list[str]


@dataclass
class ReadRows:
    """What one pass over a file found: the good rows' values and the rejected rows."""

    source: str
    headers: list[str]
    mapping: ColumnMapping
    note: str | None = None
    footer: list[str] = field(default_factory=list)
    good: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    rows_read: int = 0
    # Values of a field that no known name matches (a value-mapping step asks for them).
    unknown_values: dict[str, set[str]] = field(default_factory=dict)
    date_orders: dict[str, str] = field(default_factory=dict)  # field → mdy, dmy, ambiguous

    def error(self) -> ImportRowsError:
        """The all-or-nothing refusal: the first rows' problems, the count of the rest."""
        shown: list[str] = []
        left_out = 0
        for row in self.rejected:
            if len(shown) < ImportRowsError.SHOWN:
                shown.extend(row.problems)
            else:
                left_out += 1
        return ImportRowsError(self.source, shown, rows_read=self.rows_read,
                               rows_with_problems=len(self.rejected), rows_left_out=left_out,
                               note=self.note)

    def write_rejects(self, beside: Path) -> Path:
        """The rejected rows as a CSV beside the imported file (its own headers, then a
        'Problem' column), ready to fix and import again; complete or not written."""
        target = beside.with_name(f"{beside.stem} rejected rows.csv")
        # A rejects file imported again keeps one Problem column: the old one is replaced.
        keep = [i for i, h in enumerate(self.headers) if h.strip().casefold() != PROBLEM]

        def write(partial: Path) -> None:
            with partial.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([*(self.headers[i] for i in keep), "Problem"])
                for row in self.rejected:
                    cells = row.cells + [""] * len(self.headers)
                    writer.writerow([_spreadsheet_safe(cells[i]) for i in keep]
                                    + ["; ".join(row.problems)])

        try:
            return replace_file(target, write, hidden=True)
        except FileWriteError as error:  # "cannot write <target>: <why>", said of the import
            why = str(error).removeprefix(f"cannot write {target}: ")
            raise CsdeskError(f"cannot write the rejected rows to {target}: {why}; "
                              "nothing was imported") from None


def read_rows(path: Path, mapping_for: Callable[[list[str]], ColumnMapping],
              parsers: dict[str, Parser], check: RowCheck, *, sheet: str | None = None,
              date_fields: Iterable[str] = (), date_order: str = "auto",
              date_parser: Callable[[str, str], Any] | None = None,
              all_or_nothing: bool = False) -> ReadRows:
    """Read ``path`` through the mapping ``mapping_for(headers)`` returns. ``parsers`` read
    one field's cell (ValueError: the row's problem); ``date_fields`` are read with
    ``date_parser(text, order)`` in their column's order; ``check`` adds a row's own
    problems (a missing name, the same account twice). ``all_or_nothing``: once a row is
    bad nothing will be written, so no good row is kept and only the first bad rows' cells
    (a file of a million bad rows costs no more memory than twenty)."""
    dates = tuple(date_fields)
    orders = _date_orders(path, mapping_for, dates, sheet) if date_order == "auto" else \
        {name: date_order for name in dates}
    with open_table(path, sheet) as table:
        _refuse_repeated(table.name, table.headers, table.note)
        mapping = mapping_for(table.headers)
        _refuse_unusable(table.name, mapping, table.note)
        result = ReadRows(table.name, list(table.headers), mapping, date_orders=orders)
        fields = [mapping.field_of(h) for h in table.headers]
        for number, cells in table.rows():
            values, problems = _read_row(number, cells, fields, parsers, dates, orders,
                                         date_parser, result.unknown_values)
            if not problems:
                problems = check(number, values)
            if problems:
                kept = not all_or_nothing or len(result.rejected) < ImportRowsError.SHOWN
                result.rejected.append(Rejected(number, cells if kept else [],
                                                problems if kept else []))
                if all_or_nothing:
                    result.good.clear()
            elif not (all_or_nothing and result.rejected):
                result.good.append((number, values))
        result.rows_read, result.note, result.footer = table.rows_read, table.note, \
            list(table.footer)
    return result


def _read_row(number: int, cells: list[str], fields: list[str | None],
              parsers: dict[str, Parser], dates: tuple[str, ...], orders: dict[str, str],
              date_parser: Callable[[str, str], Any] | None,
              unknown: dict[str, set[str]]) -> tuple[dict[str, Any], list[str]]:
    if len(cells) > len(fields) and any(c.strip() for c in cells[len(fields):]):
        return {}, [f"row {number}: {len(cells)} cells but only {len(fields)} columns"]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, raw in zip(fields, cells, strict=False):
        if name is None or name == IGNORE or not raw.strip():
            continue
        cell = _unguarded(raw)
        try:
            if name in dates and date_parser is not None:
                values[name] = date_parser(cell, orders.get(name, "auto"))
            else:
                values[name] = parsers[name](cell)
        except UnknownValue as error:
            unknown.setdefault(name, set()).add(error.value)
            problems.append(f"row {number}, column {name}: {_show(cell)} — {error}")
        except ValueError as error:
            problems.append(f"row {number}, column {name}: {_show(cell)} — {error}")
    return values, problems


def _date_orders(path: Path, mapping_for: Callable[[list[str]], ColumnMapping],
                 dates: tuple[str, ...], sheet: str | None) -> dict[str, str]:
    """Each date column's order (mdy, dmy, ambiguous or none), from all of its values."""
    if not dates:
        return {}
    with open_table(path, sheet) as table:
        mapping = mapping_for(table.headers)
        columns = {i: mapping.field_of(h) for i, h in enumerate(table.headers)
                   if mapping.field_of(h) in dates}
        samples: dict[str, list[str]] = {name: [] for name in columns.values() if name}
        for _number, cells in table.rows():
            for index, name in columns.items():
                if name and index < len(cells) and cells[index].strip():
                    samples[name].append(cells[index])
    orders: dict[str, str] = {}
    for name, values in samples.items():
        try:
            orders[name] = date_order_of(values)
        except ValueError:  # both orders appear: each value is judged on its own
            orders[name] = "auto"
    # One file is written by one system in one locale: a column whose dates could be either
    # way takes the order another column shows (6/30/2027 beside 7/1/2024).
    shown = {order for order in orders.values() if order in ("mdy", "dmy")}
    if len(shown) == 1:
        settled = shown.pop()
        orders = {name: settled if order == "ambiguous" else order
                  for name, order in orders.items()}
    return orders


def _refuse_repeated(source: str, headers: list[str], note: str | None) -> None:
    """Two columns of one name: which one is meant cannot be known."""
    keys = [" ".join(h.casefold().split()) for h in headers]
    repeated = sorted({k for k in keys if k and keys.count(k) > 1})
    if repeated:
        raise ImportRowsError(source, [f"header: column(s) {', '.join(repeated)} appear more "
                                       "than once"], note=note)


def _refuse_unusable(source: str, mapping: ColumnMapping, note: str | None) -> None:
    """A mapping the rows cannot be read with: a required field no column gives, or one
    field given by two columns. (Columns not decided are left out, and said so.)"""
    problems = [f"there is no '{name}' column (nor one csdesk knows by another name; "
                "see docs/importing.md, or give a mapping)" for name in mapping.missing_required()]
    given: dict[str, list[str]] = {}
    for header, name in mapping.columns.items():
        if name and name != IGNORE:
            given.setdefault(name, []).append(header)
    problems += [f"columns {', '.join(repr(h) for h in headers)} all give the {name}"
                 for name, headers in given.items() if len(headers) > 1]
    if problems:
        raise ImportRowsError(source, [f"header: {p}" for p in problems], note=note)


def _unguarded(cell: str) -> str:
    """A cell as typed before a rejects file guarded it ("'=1+1" → "=1+1")."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "|", "\t", "\r"):
        return cell[1:]
    return cell


def _spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula stays text (a number stays a number)."""
    formula = cell[:1] in ("=", "@", "|", "\t", "\r") or (
        cell[:1] in ("+", "-") and not cell[1:].replace(".", "", 1).replace(",", "").isdigit())
    return "'" + cell if formula else cell


def _show(cell: Any) -> str:
    text = v.clean_line(str(cell))
    return repr(text if len(text) <= 60 else text[:57] + "...")
