"""Opening a workspace safely: sniff, lock, check, migrate, back up; then hand out sessions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from csdesk.errors import (
    DamagedWorkspaceError,
    ServerUnreachableError,
    WorkspaceError,
    WorkspaceLockedError,
)
from csdesk.store import (  # noqa: F401 - fulltext: index
    backup,
    clean_close,
    encrypting,
    encryption,
    fulltext,
    migrate,
    scratch,
)
from csdesk.store.engine import make_engine
from csdesk.store.integrity import check_file, ensure_healthy, sniff_file, storage_reason
from csdesk.store.lock import InstanceLock
from csdesk.store.paths import WorkspaceLocation
from csdesk.store.privacy import make_private_dir, make_private_files


@dataclass
class OpenReport:
    """What happened while opening, for the status bar or the command line."""

    created: bool = False
    upgraded_from: str | None = None
    backups: list[Path] = field(default_factory=list)
    backup_problem: str | None = None  # today's backup failed; the workspace itself is fine
    finished_conversion: str | None = None  # an encryption or decryption killed earlier


class Workspace:
    """An open workspace: its engine and a session factory. Close it when done."""

    def __init__(self, location: WorkspaceLocation, engine: Engine,
                 lock: InstanceLock | None, report: OpenReport) -> None:
        self.location = location
        self.engine = engine
        self.report = report
        self._lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # The unit of work every `session()` of this thread joins while a `snapshot()` is open.
        self._ambient: ContextVar[Session | None] = ContextVar(f"snapshot-{id(self)}",
                                                               default=None)
        # Who is working: written on each activity entry (a team sees who changed what).
        self.actor: str | None = None

    @property
    def path(self) -> Path | None:
        return self.location.path

    @classmethod
    def open(cls, location: WorkspaceLocation, *, create: bool = True, lock: bool = False,
             daily_backup: bool = True, today: date | None = None) -> Workspace:
        """Open (or create) the workspace at ``location``.

        Raises DamagedWorkspaceError for a corrupt/0-byte/foreign file, WorkspaceLockedError if
        another csdesk holds it, WorkspaceTooNewError for a schema from a newer csdesk.
        """
        if location.path is None:
            return cls._open_server(location, create=create)
        path = location.path
        exists = sniff_file(path, encrypted=encryption.is_encrypted(path))
        if not exists and not create:
            raise WorkspaceError(f"no workspace at {path}")
        if not exists:
            _refuse_to_replace_a_lost_workspace(path)
        make_private_dir(path.parent)
        instance_lock = InstanceLock(path) if lock else None
        if instance_lock:
            instance_lock.acquire()
        try:
            report = OpenReport()
            key = encryption.require_key(path) if exists else None
            if exists:
                report.finished_conversion = _tidy(path, instance_lock)
            if exists and not clean_close.closed_cleanly_and_unchanged(path):
                ensure_healthy(path, key=key)
            clean_close.forget(path)  # from here on only a clean close vouches for the file
            engine = make_engine(location.sqlalchemy_url, key=key)
            try:
                cls._bring_schema_to_head(location, engine, report, key=key)
                make_private_files(path)
                if exists and daily_backup and backup.daily_backup_due(path, today):
                    report.backup_problem = cls._daily_backup(path, report)
            except BaseException:
                engine.dispose()
                raise
        except (sqlite3.DatabaseError, SADatabaseError) as error:
            if instance_lock:
                instance_lock.release()
            problem = storage_problem(error, path)
            if problem:  # a full disk or a read-only file is not damage: never offer a restore
                raise WorkspaceError(f"{problem}; the workspace was not changed") from None
            raise DamagedWorkspaceError(f"{path} cannot be read: {_reason(error)}") from error
        except BaseException:
            if instance_lock:
                instance_lock.release()
            raise
        return cls(location, engine, instance_lock, report)

    @staticmethod
    def _daily_backup(path: Path, report: OpenReport) -> str | None:
        """Make today's backup. A backup that cannot be written (a full or read-only backup
        folder) is its own problem, said as such: the workspace is healthy and opens; only
        real damage of the workspace (checked first by make_backup) stops the open."""
        try:
            report.backups.append(backup.make_backup(path, "daily").path)
        except backup.BackupWriteError as error:
            return f"today's backup could not be made: {error.reason}"
        return None

    @classmethod
    def _open_server(cls, location: WorkspaceLocation, *, create: bool) -> Workspace:
        scratch.remove_leftovers(scratch.base_for(None))
        engine = make_engine(location.sqlalchemy_url)
        report = OpenReport()
        try:
            cls._bring_schema_to_head(location, engine, report, allow_create=create)
        except OperationalError as error:
            engine.dispose()
            raise ServerUnreachableError(
                f"the team workspace {location.describe()} cannot be reached: "
                f"{_reason(error)}") from None
        return cls(location, engine, None, report)

    @staticmethod
    def _bring_schema_to_head(location: WorkspaceLocation, engine: Engine, report: OpenReport,
                              *, allow_create: bool = True, key: str | None = None) -> None:
        state = migrate.schema_state(engine)
        if state.empty:
            if not allow_create:
                raise WorkspaceError(f"{location.describe()} holds no csdesk workspace")
            migrate.create_at_head(engine)
            report.created = True
            return
        migrate.ensure_not_newer(state)
        if state.at_head:
            return
        saved = None
        if location.path is not None:
            saved = backup.make_backup(location.path, "pre-migration").path
            report.backups.append(saved)
        upgrade_engine = make_engine(location.sqlalchemy_url, enforce_foreign_keys=False,
                                     key=key)
        try:
            migrate.upgrade(upgrade_engine)
        except Exception as error:
            upgrade_engine.dispose()
            engine.dispose()
            _undo_failed_upgrade(location, state.revision, saved, key)
            raise WorkspaceError(
                f"upgrading the workspace from schema {state.revision} failed "
                f"({type(error).__name__}: {error}); it was left as it was"
                + (f" (a copy was made first: {saved})" if saved else "")) from error
        upgrade_engine.dispose()
        report.upgraded_from = state.revision

    # Encryption at rest (SQLite files only)

    @property
    def encrypted(self) -> bool:
        return self.path is not None and encryption.is_encrypted(self.path)

    def encrypt(self, passphrase: str | None = None) -> str:
        """Encrypt this workspace and its backups in place; "keychain" or "passphrase"."""
        path = self._file()
        self.engine.dispose()
        try:
            return encrypting.encrypt_workspace(path, passphrase)
        finally:
            self._reconnect()

    def decrypt(self) -> None:
        path = self._file()
        self.engine.dispose()
        try:
            encrypting.decrypt_workspace(path)
        finally:
            self._reconnect()

    def _file(self) -> Path:
        if self.path is None:
            raise WorkspaceError("only a workspace file can be encrypted")
        return self.path

    def _reconnect(self) -> None:
        key = encryption.key_for(self._file())
        self.engine = make_engine(self.location.sqlalchemy_url, key=key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """One transaction for everything the block reads (and writes): every `session()`
        opened inside it, by any service, joins it. A screen or a document is built from one
        snapshot this way: the figures agree with each other, and a team workspace is asked
        once instead of once per service call. Only the calling thread joins."""
        if self._ambient.get() is not None:  # already inside one
            with self.session() as session:
                yield session
            return
        with self._unit() as session:
            token = self._ambient.set(session)
            try:
                yield session
            finally:
                self._ambient.reset(token)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back if it raises. Inside a
        `snapshot()`, the snapshot's own (which commits when the snapshot ends)."""
        ambient = self._ambient.get()
        if ambient is not None:
            yield ambient
            return
        with self._unit() as session:
            yield session

    @contextmanager
    def _unit(self) -> Iterator[Session]:
        session = self._sessions(info={"actor": self.actor})
        try:
            yield session
            session.commit()
        except BaseException as error:
            with suppress(DBAPIError):  # the connection is gone; the server rolls back itself
                session.rollback()
            if self.path is None and _server_gone(error):
                raise ServerUnreachableError(
                    f"the team workspace {self.location.describe()} cannot be reached; "
                    "nothing was saved", detail=_reason(error)) from error
            problem = storage_problem(error, self.path) if self.path else None
            if problem:
                raise WorkspaceError(f"{problem}; nothing was saved") from None
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
        if self.path is not None:
            clean_close.mark_clean(self.path)
        if self._lock:
            self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _tidy(path: Path, held: InstanceLock | None) -> str | None:
    """Remove what a killed backup, conversion, restore or export left behind, and finish (or
    roll back) a conversion that was killed; only ever holding the lock, so nothing another
    csdesk is doing right now is touched. A reading command takes the lock for this moment if
    it is free; while another csdesk holds it, a conversion is refused (it is under way), and
    anything else is left for a later open."""
    converting = encryption.journal(path).exists()
    if not held and not encrypting.has_leftovers(path) and \
            not scratch.scratch_root(path).exists():
        return None  # nothing to tidy: a reader leaves no trace, not even a lock file
    lock = held or InstanceLock(path)
    if not held:
        try:
            lock.acquire()
        except WorkspaceLockedError as error:
            if converting:
                raise WorkspaceLockedError(
                    f"{path.name} is being encrypted or decrypted: {error}") from None
            return None
    try:
        encrypting.remove_partials(path)
        scratch.remove_leftovers(path)
        try:
            finished = encrypting.finish_interrupted(path)
        except Exception as error:
            return (f"an interrupted encryption or decryption could not be finished yet "
                    f"({encrypting.why(error)}); {path.name} opens as it is, and csdesk tries "
                    "again at the next open")
        return finished.message(path) if finished else None
    finally:
        if not held:
            lock.release()


class MissingWorkspaceError(DamagedWorkspaceError):
    """The workspace file is gone but its backups are there: restore, never start empty."""


def _refuse_to_replace_a_lost_workspace(path: Path) -> None:
    """A workspace file that vanished (deleted, or lost by a crash) must not silently become
    an empty one beside its backups: the user restores the newest, or moves them away."""
    found = backup.list_backups(path)
    if found:
        raise MissingWorkspaceError(
            f"{path} is missing, but {len(found)} backups of it are there (the newest taken "
            f"{found[0].taken_at:%Y-%m-%d %H:%M} UTC): restore it (csdesk restore --latest), "
            f"or move {found[0].path.parent} away to start an empty workspace")


def _undo_failed_upgrade(location: WorkspaceLocation, revision: str | None,
                         saved: Path | None, key: str | None = None) -> None:
    """The upgrade ran in one transaction, so it rolled back; should anything be left
    half-done anyway, put the copy taken just before back in place."""
    if location.path is None or saved is None:
        return
    check_engine = make_engine(location.sqlalchemy_url, key=key)
    try:
        unchanged = migrate.schema_state(check_engine).revision == revision
    except Exception:
        unchanged = False
    finally:
        check_engine.dispose()
    if not unchanged or check_file(location.path, key=key):
        backup.restore(location.path, saved)


def storage_problem(error: BaseException, path: Path) -> str | None:
    """A full disk, a read-only file or a failing disk, in the user's words (never the SQL or
    the row, which the database's own message would carry); None for anything else."""
    orig = getattr(error, "orig", None) or error
    if isinstance(orig, OSError | sqlite3.OperationalError) or \
            type(orig).__name__ == "OperationalError":
        return storage_reason(str(orig), path)
    return None


def _server_gone(error: BaseException) -> bool:
    """A lost or refused connection to the server, as opposed to a refused statement."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    state = getattr(error.orig, "sqlstate", None)
    # No SQLSTATE: the client could not reach the server at all. 08: connection exception;
    # 57P: the server is shutting down or cannot accept connections.
    return isinstance(error, OperationalError | InterfaceError) and (
        state is None or state.startswith(("08", "57P")))


def _reason(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error)
    return text.splitlines()[0] if text else type(error).__name__
