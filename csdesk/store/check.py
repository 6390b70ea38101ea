"""`csdesk check`: a read-only health report of a workspace file or a team workspace on a
server; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text

from csdesk.errors import ServerUnreachableError, WorkspaceError
from csdesk.store import backup, migrate
from csdesk.store.encryption import is_encrypted, require_key
from csdesk.store.engine import make_engine
from csdesk.store.integrity import ensure_healthy, sniff_file
from csdesk.store.paths import WorkspaceLocation

COUNTED_TABLES = ("accounts", "contacts", "milestones", "meetings", "action_items", "kpis",
                  "survey_responses", "arr_changes", "activity")


@dataclass
class CheckReport:
    path: Path | str  # a file, or a server workspace's address (without its password)
    revision: str | None
    head: str
    counts: dict[str, int] = field(default_factory=dict)
    backups: list[backup.BackupInfo] | None = field(default_factory=list)  # None: a server

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != self.head

    def lines(self) -> list[str]:
        schema = "current" if not self.needs_upgrade else f"will be upgraded to {self.head}"
        integrity = ("ok (full integrity check and foreign keys)" if self.backups is not None
                     else "kept by the server (reachable; constraints enforced)")
        lines = [f"workspace: {self.path}", f"integrity: {integrity}",
                 f"schema: revision {self.revision} ({schema})"]
        lines += [f"{name.replace('_', ' ')}: {count}" for name, count in self.counts.items()]
        if self.backups is None:
            lines.append("backups: made by the server's administrator (pg_dump), not by csdesk")
        elif self.backups:
            newest = self.backups[0]
            lines.append(f"backups: {len(self.backups)}, newest {newest.path.name}")
        else:
            lines.append("backups: none yet")
        return lines


def check_workspace(path: Path) -> CheckReport:
    if not sniff_file(path, encrypted=is_encrypted(path)):
        raise WorkspaceError(f"no workspace at {path}")
    key = require_key(path)
    ensure_healthy(path, full=True, key=key)  # damage, or a full or read-only disk said as such
    report = _schema_and_counts(make_engine(f"sqlite:///{path}", key=key), path)
    report.backups = backup.list_backups(path)
    return report


def check_server(location: WorkspaceLocation) -> CheckReport:
    """A team workspace: reachable, at which schema, how much is in it."""
    from sqlalchemy.exc import OperationalError

    where = location.describe()
    try:
        report = _schema_and_counts(make_engine(location.sqlalchemy_url), where)
    except OperationalError as error:
        reason = str(getattr(error, "orig", error)).splitlines()[0]
        raise ServerUnreachableError(f"the team workspace {where} cannot be reached",
                                     detail=reason) from None
    report.backups = None
    return report


def _schema_and_counts(engine: Engine, where: Path | str) -> CheckReport:
    try:
        state = migrate.schema_state(engine)
        if state.empty:
            raise WorkspaceError(f"{where} is an empty database, not a csdesk workspace")
        migrate.ensure_not_newer(state)
        report = CheckReport(where, state.revision, migrate.head_revision())
        with engine.connect() as connection:
            for table in COUNTED_TABLES:
                report.counts[table] = connection.execute(
                    text(f"SELECT count(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()
    return report
