"""Copy a whole workspace into an empty one on another engine (a laptop's SQLite book into a
team's PostgreSQL workspace), and prove the copy: the same rows in every table, by count and
by checksum.

The copy runs in one transaction on the target, so a failure leaves it empty. Rows keep their
ids (references stay right); PostgreSQL's id sequences are moved past them afterwards.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, func, select, text

from csdesk.errors import WorkspaceError
from csdesk.models import Base

BATCH = 1000


@dataclass(frozen=True)
class CopyReport:
    rows: dict[str, int]  # table -> rows copied
    checksums: dict[str, str]  # table -> checksum, equal on both sides

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def summary(self) -> str:
        tables = sum(1 for n in self.rows.values() if n)
        return (f"{self.total:,} rows in {tables} tables copied and verified "
                f"(counts and checksums match)")


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)  # parents before children


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, bytes):
        return value.hex()
    return value


def checksum(connection: Connection, table: Table) -> tuple[int, str]:
    """(rows, sha256 of the rows in primary-key order, values made engine-neutral)."""
    digest = hashlib.sha256()
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)
    for row in connection.execute(select(table).order_by(*order)).mappings():
        values = {key: _plain(value) for key, value in row.items()}
        digest.update(json.dumps(values, sort_keys=True, default=str).encode())
        count += 1
    return count, digest.hexdigest()


def copy_workspace(source: Connection, target: Connection,
                   progress: Callable[[int, int], None] | None = None) -> CopyReport:
    """Copy every table from ``source`` to ``target`` (both at the same schema revision; the
    target empty) in the caller's transaction on the target, then verify."""
    tables = _tables()
    busy = [t.name for t in tables
            if target.execute(select(func.count()).select_from(t)).scalar()]
    if busy:
        raise WorkspaceError("the target workspace is not empty (it has rows in "
                             f"{', '.join(busy[:4])}): copy into a new, empty one")
    rows: dict[str, int] = {}
    for done, table in enumerate(tables, start=1):
        rows[table.name] = _copy_table(source, target, table)
        if progress:
            progress(done, len(tables))
    if target.dialect.name == "postgresql":
        _advance_sequences(target, tables)
    from csdesk.store import fulltext

    fulltext.rebuild_all(target)  # the search index is not a model table: built from the rows
    checksums = {}
    for table in tables:
        source_sum, target_sum = checksum(source, table), checksum(target, table)
        if source_sum != target_sum:
            raise WorkspaceError(f"the copy of {table.name} does not match the original "
                                 f"({source_sum[0]} rows there, {target_sum[0]} here): "
                                 "nothing was kept")
        checksums[table.name] = target_sum[1]
    return CopyReport(rows, checksums)


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    count = 0
    batch: list[dict[str, Any]] = []
    for row in _stream(source, table):
        batch.append(dict(row))
        if len(batch) >= BATCH:
            target.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        target.execute(table.insert(), batch)
        count += len(batch)
    return count


def _stream(connection: Connection, table: Table) -> Iterable[Any]:
    order = list(table.primary_key.columns) or list(table.columns)
    return connection.execute(select(table).order_by(*order)).mappings()


def _advance_sequences(target: Connection, tables: list[Table]) -> None:
    """Rows came with their ids: move each id sequence past the largest, so new rows fit."""
    for table in tables:
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or not columns[0].autoincrement or \
                columns[0].type.python_type is not int:
            continue
        target.execute(text(
            "SELECT setval(pg_get_serial_sequence(:table, :column), "
            f"COALESCE((SELECT MAX({columns[0].name}) FROM {table.name}), 0) + 1, false)"),
            {"table": table.name, "column": columns[0].name})
