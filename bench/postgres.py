"""The PostgreSQL side of the bench (``--engine postgresql``): a throwaway local server (as
tests/pg_server.py starts one: the Debian packages' binaries, run as the ``postgres`` user when
running as root, reached over a Unix socket in a temporary folder), the cached SQLite demo book
copied into a database of it (csdesk's own verified copy, as ``csdesk migrate-workspace``
does), and a count of the statements and connection checkouts an operation costs."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if not initdb:
        raise SystemExit("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    return Path(initdb).parent


class Server:
    """A throwaway server, stopped and deleted by ``stop``."""

    user = "csdesk"

    def __init__(self) -> None:
        self.binaries = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="csdesk-bench-pg-"))
        self.data = self.folder / "data"

    def _run(self, *args: str) -> None:
        command = [str(self.binaries / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.folder, "postgres")
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                  "--locale=C")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-k {self.folder} -c listen_addresses='' -c fsync=off", "start")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.folder}"

    def execute(self, sql: str, database: str = "postgres") -> list[tuple]:
        import psycopg

        with psycopg.connect(host=str(self.folder), user=self.user, dbname=database,
                             autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def new_database(self, name: str | None = None) -> str:
        """A fresh, empty database; its SQLAlchemy URL."""
        name = name or f"b_{uuid.uuid4().hex[:12]}"
        self.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def version(self) -> str:
        return str(self.execute("SHOW server_version")[0][0])


def load_book(server: Server, book: Path, size: int) -> str:
    """The SQLite book copied into a new database (rows, ids and search index; verified by
    counts and checksums), then analysed as autovacuum would in time; its URL."""
    from csdesk.store import Workspace, resolve_location
    from csdesk.store.copy import copy_workspace
    from csdesk.store.paths import WorkspaceLocation

    print(f"copying the book of {size:,} accounts into PostgreSQL…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    url = server.new_database(f"book_{size}")
    source = Workspace.open(resolve_location(book), create=False, daily_backup=False)
    try:
        target = Workspace.open(WorkspaceLocation(url=url))
        try:
            with source.engine.connect() as reading, target.engine.begin() as writing:
                report = copy_workspace(reading, writing)
        finally:
            target.close()
    finally:
        source.close()
    server.execute("VACUUM ANALYZE", f"book_{size}")
    print(f"  {report.summary()} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return url


@contextmanager
def counting(engine: object) -> Iterator[dict[str, int]]:
    """Statements sent (``before_cursor_execute``, one per executemany) and connections
    checked out of the pool while the block runs, on any thread."""
    from sqlalchemy import event

    counts = {"statements": 0, "checkouts": 0}

    def on_statement(*_args: object) -> None:
        counts["statements"] += 1

    def on_checkout(*_args: object) -> None:
        counts["checkouts"] += 1

    from sqlalchemy import Engine
    from sqlalchemy.pool import Pool

    # The Engine class itself: every engine's statements (one made during the block included).
    pool = Pool if engine is Engine else engine.pool  # type: ignore[attr-defined]
    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(pool, "checkout", on_checkout)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(pool, "checkout", on_checkout)


def count(engine: object, action: Callable[[], object]) -> tuple[int, int]:
    """(statements, checkouts) of one run of ``action``."""
    with counting(engine) as counts:
        action()
    return counts["statements"], counts["checkouts"]
