"""Schema versions through Alembic: create at head, upgrade older workspaces, refuse newer ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from csdesk.errors import WorkspaceError, WorkspaceTooNewError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = "csdesk.store:migrations"
# Every revision, oldest first. Opening a workspace checks its revision against this list
# without importing Alembic (it costs start-up time); a test keeps the list equal to the
# scripts, and Alembic itself runs only to create or upgrade a workspace.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009",
             "0010", "0011", "0012", "0013", "0014", "0015", "0016")
HEAD = REVISIONS[-1]


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return HEAD


@dataclass(frozen=True)
class SchemaState:
    """What the database holds: nothing yet, csdesk at some revision, or something else."""

    empty: bool
    revision: str | None
    known: bool  # the revision is one this csdesk has a script for

    @property
    def at_head(self) -> bool:
        return self.revision == head_revision()


def is_model_table(name: str | None) -> bool:
    """Tables Alembic compares with the models: not the search index (FTS5 virtual tables)."""
    return not (name or "").startswith("search_index")


def schema_state(engine: Engine) -> SchemaState:
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(
                text("SELECT version_num FROM alembic_version")).scalar()
    if not tables:
        return SchemaState(empty=True, revision=None, known=True)
    if revision is None:
        raise WorkspaceError("the file is a database, but not a csdesk workspace")
    return SchemaState(empty=False, revision=revision, known=revision in REVISIONS)


def ensure_not_newer(state: SchemaState) -> None:
    if not state.known:
        raise WorkspaceTooNewError(
            f"this workspace was written by a newer csdesk (schema {state.revision}); "
            "update csdesk to open it"
        )


def _run(engine: Engine, action: str, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    # One transaction around the whole run: Alembic sees it and leaves commit/rollback to us.
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        if action == "stamp":
            command.stamp(config, revision)
        else:
            command.upgrade(config, revision)
            _check_foreign_keys(connection)


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if problems:
        raise WorkspaceError(f"the upgrade left {len(problems)} broken references; not applied")


def create_at_head(engine: Engine) -> None:
    """A new workspace: build the schema from the models and mark it as the newest revision."""
    from csdesk.models import Base
    from csdesk.store import fulltext

    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        fulltext.create_schema(connection)
    _run(engine, "stamp", "head")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade an existing workspace. The engine should not enforce foreign keys while tables are
    rebuilt (SQLite batch mode); references are checked once at the end instead."""
    _run(engine, "upgrade", revision)
