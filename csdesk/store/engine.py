"""Engines with the settings csdesk relies on: WAL, foreign keys, busy timeout, full sync.

pysqlite's own transaction handling is switched off so that every transaction starts with an
explicit ``BEGIN IMMEDIATE``: writes never fail half-way on a lock upgrade, and DDL (migrations)
is transactional, so a failed migration rolls back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 5


def make_engine(url: str, *, enforce_foreign_keys: bool = True, echo: bool = False,
                key: str | None = None, wal: bool = True) -> Engine:
    """hide_parameters everywhere: a failed statement never carries a row's values into a
    message or the log."""
    if not url.startswith("sqlite"):
        # A server that cannot be reached is reported within seconds, not minutes.
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S} if url.startswith(
            "postgresql") else {}
        return create_engine(url, echo=echo, pool_pre_ping=True, connect_args=connect_args,
                             hide_parameters=True)
    if key is not None:  # SQLCipher: the same SQLite dialect over an encrypting connection
        from csdesk.store.encryption import connect

        path = url.removeprefix("sqlite:///")
        engine = create_engine("sqlite://", echo=echo, poolclass=NullPool, hide_parameters=True,
                               creator=lambda: connect(path, key,
                                                       timeout=BUSY_TIMEOUT_MS / 1000))
        _configure_sqlite(engine, enforce_foreign_keys=enforce_foreign_keys, wal=wal)
        return engine
    # NullPool: connections close when released, so no file handle outlives its work
    # (needed to move, restore or delete the file safely on every platform).
    engine = create_engine(
        url, echo=echo, poolclass=NullPool, hide_parameters=True,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    _configure_sqlite(engine, enforce_foreign_keys=enforce_foreign_keys, wal=wal)
    return engine


def _configure_sqlite(engine: Engine, *, enforce_foreign_keys: bool, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if wal:  # not for reading a backup, which stays a single file
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if enforce_foreign_keys else 'OFF'}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
