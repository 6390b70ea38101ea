"""`csdesk check`: a read-only health report of a workspace file; nothing is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from csdesk.errors import DamagedWorkspaceError, WorkspaceError
from csdesk.store import backup, migrate
from csdesk.store.encryption import is_encrypted, require_key
from csdesk.store.engine import make_engine
from csdesk.store.integrity import check_file, sniff_file

COUNTED_TABLES = ("accounts", "contacts", "milestones", "meetings", "action_items", "kpis",
                  "survey_responses", "arr_changes", "activity")


@dataclass
class CheckReport:
    path: Path
    revision: str | None
    head: str
    counts: dict[str, int] = field(default_factory=dict)
    backups: list[backup.BackupInfo] = field(default_factory=list)

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != self.head

    def lines(self) -> list[str]:
        schema = "current" if not self.needs_upgrade else f"will be upgraded to {self.head}"
        lines = [f"workspace: {self.path}",
                 "integrity: ok (full integrity check and foreign keys)",
                 f"schema: revision {self.revision} ({schema})"]
        lines += [f"{name.replace('_', ' ')}: {count}" for name, count in self.counts.items()]
        if self.backups:
            newest = self.backups[0]
            lines.append(f"backups: {len(self.backups)}, newest {newest.path.name}")
        else:
            lines.append("backups: none yet")
        return lines


def check_workspace(path: Path) -> CheckReport:
    if not sniff_file(path, encrypted=is_encrypted(path)):
        raise WorkspaceError(f"no workspace at {path}")
    key = require_key(path)
    problems = check_file(path, full=True, key=key)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DamagedWorkspaceError(f"{path} is damaged: {problems[0]}{more}")
    engine = make_engine(f"sqlite:///{path}", key=key)
    try:
        state = migrate.schema_state(engine)
        if state.empty:
            raise WorkspaceError(f"{path} is an empty database, not a csdesk workspace")
        migrate.ensure_not_newer(state)
        report = CheckReport(path, state.revision, migrate.head_revision())
        with engine.connect() as connection:
            for table in COUNTED_TABLES:
                report.counts[table] = connection.execute(
                    text(f"SELECT count(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()
    report.backups = backup.list_backups(path)
    return report
