"""Turning encryption at rest on and off so that a kill, a full disk or any failure at any
instant leaves a workspace that opens with the data it had.

Each file (the workspace, then its backups; backups first when decrypting) is converted into a
copy beside it, checked, and moved into place in one atomic rename. Every file says by its own
first bytes whether it is encrypted (store/encryption.is_plain), and the marker naming the key
is written before the first file is converted and removed only after the last, so no state in
between hides any data. A journal (``<workspace>.converting``) records the run; whatever ends
it early, ``finish_interrupted`` brings the backups to the state of the workspace file itself:
an encryption that got as far as the workspace is finished, one that did not is rolled back
(and the same for decryption). Free space is checked before anything starts.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets as random_secrets
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from csdesk.errors import CsdeskError, WorkspaceError
from csdesk.files import fsync_file, fsync_folder, replace_file
from csdesk.store import secrets
from csdesk.store.backup_files import backup_dirs, list_backups
from csdesk.store.encryption import (
    _SESSION_KEYS,
    KEY_PREFIX,
    PASSPHRASE_ID,
    _pragma_value,
    connect,
    is_encrypted,
    is_plain,
    journal,
    marker,
    marker_id,
    marker_key,
    require_key,
)
from csdesk.store.privacy import make_private

SPACE_MARGIN = 1.1  # SQLCipher pages carry a little more than plain ones
SPACE_SLACK = 4 * 1024 * 1024  # and the filesystem needs room to breathe


class ConversionError(WorkspaceError):
    """Encrypting or decrypting stopped; the message says what state everything is in."""


@dataclass(frozen=True)
class Finished:
    """What finish_interrupted did: the workspace is ``state`` ("encrypted" or "plain"), the
    run had set out to make it ``wanted``."""

    state: str
    wanted: str
    converted: int
    pending: int  # backups that could not be converted yet (no key this session)

    def message(self, db_path: Path) -> str:
        doing = "encryption" if self.wanted == "encrypted" else "decryption"
        if self.state != self.wanted:
            again = "encrypt" if self.wanted == "encrypted" else "decrypt"
            return (f"an interrupted {doing} was undone: {db_path.name} and its backups are "
                    f"{self.state}, as before it started (run {again} again)")
        done = (f"{db_path.name} and its backups are {self.state}" if not self.pending else
                f"{db_path.name} is {self.state}; {self.pending} backups will be converted "
                "when the key is known")
        return f"an interrupted {doing} was completed: {done}"


def encrypt_workspace(db_path: Path, passphrase: str | None = None) -> str:
    """Encrypt the workspace and its backups. Returns "keychain" or "passphrase".

    With no passphrase the key is generated and must go to the keychain (written, then read
    back); if no keychain works, NoKeychainError says so and nothing is changed.
    """
    finish_interrupted(db_path)
    if is_encrypted(db_path):
        raise CsdeskError(f"{db_path} is already encrypted")
    if passphrase is not None and len(passphrase) < 8:
        raise CsdeskError("a passphrase needs at least 8 characters")
    if passphrase is None and not secrets.keychain_available():
        raise secrets.NoKeychainError(
            "no keychain is available on this computer to keep the key; encrypt with a "
            "passphrase instead (you will type it each time you open the workspace)")
    files = _all_files(db_path)
    check_space(files, "encrypting")
    if passphrase is None:
        key_id = uuid.uuid4().hex
        key = _pragma_value(raw_hex=random_secrets.token_hex(32))
        _write_small(journal(db_path), json.dumps({"to": "encrypted", "key_id": key_id}))
        secrets.set_secret(KEY_PREFIX + key_id, key)
        if secrets.get_secret(KEY_PREFIX + key_id) != key:
            secrets.delete_secret(KEY_PREFIX + key_id)
            journal(db_path).unlink(missing_ok=True)
            raise secrets.NoKeychainError("the keychain accepted the key but did not give it "
                                          "back; nothing was encrypted")
        how = "keychain"
    else:
        key_id, key, how = PASSPHRASE_ID, _pragma_value(passphrase=passphrase), "passphrase"
        _write_small(journal(db_path), json.dumps({"to": "encrypted", "key_id": key_id}))
    _write_small(marker(db_path), key_id + "\n")
    if how == "passphrase":
        _SESSION_KEYS[str(db_path.absolute())] = key
    _run(db_path, files, None, key, "encrypting")
    return how


def decrypt_workspace(db_path: Path) -> None:
    """Back to a plain SQLite workspace (and backups); the key leaves the keychain."""
    finish_interrupted(db_path)
    if not is_encrypted(db_path):
        raise CsdeskError(f"{db_path} is not encrypted")
    key = require_key(db_path)
    files = _all_files(db_path)
    check_space(files, "decrypting")
    _write_small(journal(db_path), json.dumps({"to": "plain", "key_id": marker_id(db_path)}))
    # Backups first, the workspace last: its state decides how a killed run ends.
    _run(db_path, files[1:] + files[:1], key, None, "decrypting")


def _run(db_path: Path, files: list[Path], source_key: str | None, target_key: str | None,
         doing: str) -> None:
    try:
        for path in files:
            if is_plain(path) == (target_key is None):
                continue  # already converted (a file can be listed once per folder)
            convert_file(path, source_key, path, target_key)
    except BaseException as error:
        try:
            finished = finish_interrupted(db_path)
        except Exception:
            finished = None
        if finished is not None:
            state = (f"nothing was lost: {db_path.name} is {finished.state}"
                     + (f", {finished.pending} backups are not yet" if finished.pending else ""))
        else:
            state = (f"nothing was lost: {db_path.name} opens as it is, and csdesk finishes "
                     "the conversion of its backups at the next open")
        if isinstance(error, KeyboardInterrupt):
            raise
        raise ConversionError(f"{doing} stopped: {why(error)}; {state}") from None
    finish_interrupted(db_path)


def finish_interrupted(db_path: Path) -> Finished | None:
    """Bring the backups of a run that did not end (killed, or failed) to the state of the
    workspace file, then clear the run's journal, marker, key and partial files. None when no
    run was interrupted."""
    if not journal(db_path).exists():
        return None
    remove_partials(db_path)
    try:
        started = json.loads(journal(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        started = {}
    key_id = started.get("key_id") or marker_id(db_path)
    encrypted = marker(db_path).is_file() and not is_plain(db_path)
    state = "encrypted" if encrypted else "plain"
    wanted = started.get("to") if started.get("to") in ("encrypted", "plain") else state
    key = marker_key(db_path) if marker(db_path).is_file() else None
    converted = pending = 0
    for path in _all_files(db_path)[1:]:
        if is_plain(path) != encrypted:
            continue
        if key is None:
            pending += 1
            continue
        convert_file(path, None if encrypted else key, path, key if encrypted else None)
        converted += 1
    if pending:
        return Finished(state, wanted, converted, pending)
    if not encrypted:
        marker(db_path).unlink(missing_ok=True)
        _SESSION_KEYS.pop(str(db_path.absolute()), None)
        if key_id and key_id != PASSPHRASE_ID:
            secrets.delete_secret(KEY_PREFIX + key_id)
    for companion in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        if companion.exists() and companion.stat().st_size == 0:
            companion.unlink(missing_ok=True)
    journal(db_path).unlink(missing_ok=True)
    return Finished(state, wanted, converted, 0)


def check_space(files: list[Path], doing: str) -> None:
    """Each file is converted beside itself, one at a time: each folder needs room for the
    largest of its files (and a margin). Says how much is needed and where."""
    largest: dict[Path, int] = {}
    for path in files:
        if path.exists():
            folder = path.parent
            largest[folder] = max(largest.get(folder, 0), path.stat().st_size)
    for folder, size in largest.items():
        ensure_space(folder, size, doing)


def ensure_space(folder: Path, size: int, doing: str) -> None:
    """Room in ``folder`` for a file of ``size`` bytes written beside the others, or a
    message naming how much is needed and where."""
    needed = int(size * SPACE_MARGIN) + SPACE_SLACK
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise ConversionError(
            f"{doing} needs {_mb(needed)} free in {folder}, and {_mb(free)} is free: free "
            "some space (or move the backup folder in Settings) and try again; nothing "
            "was changed")


def convert_file(source: Path, source_key: str | None, target: Path,
             target_key: str | None) -> None:
    """Copy a database into a new file with another key (or none), check the copy, and move it
    into place in one atomic step."""
    import sqlcipher3.dbapi2 as sqlcipher

    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        connection = sqlcipher.connect(str(source))
        try:
            connection.execute("PRAGMA cipher_log_level = NONE")
            if source_key:
                connection.execute(f"PRAGMA key = {source_key}")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            attach_key = target_key or "''"
            connection.execute(f"ATTACH DATABASE ? AS converted KEY {attach_key}",
                               (str(partial),))
            connection.execute("SELECT sqlcipher_export('converted')")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            connection.execute(f"PRAGMA converted.user_version = {int(version)}")
            connection.execute("DETACH DATABASE converted")
        finally:
            connection.close()
        check = connect(partial, target_key)
        try:
            problems = [row[0] for row in check.execute("PRAGMA integrity_check")
                        if row[0] != "ok"]
        finally:
            check.close()
        if problems:
            raise CsdeskError(f"the converted copy of {source.name} failed its check: "
                              f"{problems[0]}")
        make_private(partial)
        fsync_file(partial)
        os.replace(partial, target)
        fsync_folder(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def _all_files(db_path: Path) -> list[Path]:
    return [db_path] + [b.path for b in list_backups(db_path)]


def _leftovers(db_path: Path) -> list[Path]:
    found = [p for folder in [db_path.parent, *backup_dirs(db_path)] if folder.is_dir()
             for p in folder.glob(f"{db_path.stem}*.partial*")]
    found += [p for p in db_path.parent.glob(f"{db_path.name}.restoring*")]
    found += [p for p in db_path.parent.glob(f"{db_path.name}.*-*")
              if db_path.exists() and _same_file(p, db_path)]
    return found


def has_leftovers(db_path: Path) -> bool:
    """Anything a killed run left beside the workspace (cheap: a few directory listings)."""
    return journal(db_path).exists() or bool(_leftovers(db_path))


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def remove_partials(db_path: Path) -> None:
    """Half-written copies a killed conversion, backup or restore left, and a restore's second
    name for the live file (call it holding the lock)."""
    for leftover in _leftovers(db_path):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _write_small(path: Path, text: str) -> None:
    """A marker or journal: whole or absent, and on the disk before the next step."""
    replace_file(path, text.encode("utf-8"), private=True)


def why(error: BaseException) -> str:
    """Why a conversion stopped, in the user's words."""
    text = str(error)
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or \
            isinstance(error, sqlite3.Error | OSError) and "disk is full" in text.lower() or \
            type(error).__name__ == "OperationalError" and "full" in text.lower():
        return "the disk is full"
    if isinstance(error, PermissionError) or "readonly" in text.lower():
        return "a file or folder cannot be written"
    return text.splitlines()[0] if text else type(error).__name__


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"
