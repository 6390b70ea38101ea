"""The rare paths keep the data (issue 16): encrypt, decrypt, restore and backup killed at every
step or stopped by a full disk, two processes at once, wrong keys, a vanished workspace file.

A kill is real: a worker process SIGKILLs itself just before its Nth file-system step (each
rename, link, unlink, fsync and copy): every N for a restore and a backup, twelve steps spread
from the first to the last for encrypt and decrypt; the workspace is then opened as the next
csdesk would open it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import pytest

from csdesk import cli
from csdesk.errors import CsdeskError, DamagedWorkspaceError
from csdesk.services import Services
from csdesk.store import Workspace, backup, encrypting, encryption, resolve_location
from csdesk.store.encrypting import ConversionError
from csdesk.store.encryption import KeychainKeyError
from csdesk.store.integrity import check_file
from csdesk.store.lock import InstanceLock
from csdesk.store.workspace import MissingWorkspaceError

ACCOUNTS = 30

WORKER = textwrap.dedent("""
    import os, shutil, signal, sys
    from pathlib import Path
    import keyring
    from csdesk.store import backup, encrypting, encryption
    from tests.memory_keyring import FileKeyring

    db, action, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    keyring.set_keyring(FileKeyring(str(db.parent / "keychain.json")))
    steps = [0]

    def counted(function):
        def wrapper(*args, **kwargs):
            steps[0] += 1
            if steps[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return function(*args, **kwargs)
        return wrapper

    for module, name in ((os, "replace"), (os, "link"), (os, "unlink"), (os, "fsync"),
                         (shutil, "copyfile")):
        setattr(module, name, counted(getattr(module, name)))
    if action == "encrypt":
        encrypting.encrypt_workspace(db)
    elif action == "decrypt":
        encrypting.decrypt_workspace(db)
    elif action == "restore":
        backup.restore(db, backup.list_backups(db)[-1].path)
    elif action == "backup":
        backup.make_backup(db, "manual")
    print("done", steps[0], flush=True)
""")


def _book(db: Path, backups: int = 2) -> None:
    """A workspace with accounts and backups, the newest account made after the last backup."""
    with Workspace.open(resolve_location(db), daily_backup=False) as ws:
        services = Services(ws)
        for n in range(ACCOUNTS):
            services.accounts.create(name=f"Account {n}", highlights="renewal terms " * 20)
    for _ in range(backups):
        backup.make_backup(db, "manual")
    with Workspace.open(resolve_location(db), daily_backup=False) as ws:
        Services(ws).accounts.create(name="Added after the backups")


def _names(db: Path) -> set[str]:
    with Workspace.open(resolve_location(db), lock=True, daily_backup=False) as ws:
        return {a.name for a in Services(ws).accounts.list()}


def _shared_keychain(db: Path) -> None:
    """The keychain the worker uses too (raw keys: no passphrase stretching at each open)."""
    from tests.memory_keyring import FileKeyring

    keyring.set_keyring(FileKeyring(str(db.parent / "keychain.json")))


def _run_worker(db: Path, action: str, kill_at: int) -> int:
    """Run the worker; 0 when it was killed, else the number of steps its work took."""
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = subprocess.run([sys.executable, "-c", WORKER, str(db), action, str(kill_at)],
                            capture_output=True, text=True, env=env, timeout=120)
    if result.returncode == -signal.SIGKILL:
        return 0
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def _kill_points(db: Path, action: str, count: int = 12) -> list[int]:
    """Steps to kill at, spread over the whole run from the first to the last (counted on a
    copy run to the end): every step would take minutes for each pass of the suite."""
    trial = db.parent.with_name(db.parent.name + "-trial")
    shutil.copytree(db.parent, trial)
    total = _run_worker(trial / db.name, action, 0)
    shutil.rmtree(trial)
    assert total > count  # every rename, link, unlink and fsync is a step
    return sorted({1 + round(i * (total - 1) / (count - 1)) for i in range(count)})


def _all_files_open(db: Path) -> None:
    """The workspace and every backup pass a full check with the key their bytes call for."""
    for path in [db] + [b.path for b in backup.list_backups(db)]:
        assert check_file(path, full=True, key=encryption.key_for_file(path, db)) == [], path
    leftovers = [p.name for p in db.parent.rglob("*") if p.name.endswith(
        (".partial", ".restoring", ".converting", "-journal"))]
    assert leftovers == []


def _entries(db: Path) -> int:
    import json

    keychain = db.parent / "keychain.json"
    return len(json.loads(keychain.read_text(encoding="utf-8"))) if keychain.exists() else 0


def _states(db: Path) -> set[bool]:
    return {encryption.is_plain(p) for p in [db] + [b.path for b in backup.list_backups(db)]}


kill_tests = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@kill_tests
def test_encrypt_killed_across_the_run_keeps_every_account(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    _shared_keychain(db)
    _book(db)
    expected = _names(db)
    for kill_at in _kill_points(db, "encrypt"):
        assert not _run_worker(db, "encrypt", kill_at)
        assert _names(db) == expected, f"killed before step {kill_at}"
        _all_files_open(db)
        assert len(_states(db)) == 1, f"killed before step {kill_at}: a mixed workspace"
        if encryption.is_encrypted(db):  # the run got far enough to be finished: start over
            encrypting.decrypt_workspace(db)
        assert _entries(db) == 0  # a rolled-back key does not stay in the keychain
    assert _run_worker(db, "encrypt", 0)
    assert encryption.is_encrypted(db) and _states(db) == {False}
    assert _names(db) == expected


@kill_tests
def test_decrypt_killed_across_the_run_keeps_every_account(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    _shared_keychain(db)
    _book(db)
    expected = _names(db)
    encrypting.encrypt_workspace(db)
    for kill_at in _kill_points(db, "decrypt"):
        assert not _run_worker(db, "decrypt", kill_at)
        assert _names(db) == expected, f"killed before step {kill_at}"
        _all_files_open(db)
        assert len(_states(db)) == 1, f"killed before step {kill_at}: a mixed workspace"
        if not encryption.is_encrypted(db):
            assert not encryption.marker(db).exists()  # a finished decryption leaves no marker
            assert _entries(db) == 0  # nor its key in the keychain
            encrypting.encrypt_workspace(db)
    assert _run_worker(db, "decrypt", 0)
    assert _names(db) == expected
    assert not encryption.is_encrypted(db) and not encryption.marker(db).exists()
    assert _states(db) == {True}


@kill_tests
@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_restore_killed_at_every_step_leaves_a_workspace(tmp_path: Path, encrypted: bool) -> None:
    db = tmp_path / "w.db"
    _shared_keychain(db)
    _book(db)
    current = _names(db)
    if encrypted:
        encrypting.encrypt_workspace(db)
    restored = current - {"Added after the backups"}  # what the oldest backup holds
    kill_at = 1
    while True:
        finished = _run_worker(db, "restore", kill_at)
        assert db.exists(), f"killed before step {kill_at}: the workspace file is gone"
        names = _names(db)
        kept = [p for p in tmp_path.iterdir() if ".replaced-" in p.name
                and not p.name.endswith(("-wal", "-shm"))]
        # Either not swapped yet (as it was) or swapped, with the previous file kept aside.
        assert names in (current, restored), f"killed before step {kill_at}"
        if names == restored:
            assert len(kept) == 1 and check_file(kept[0], key=encryption.key_for(db)) == []
            break
        assert kept == [] or finished
        _all_files_open(db)
        assert not finished
        kill_at += 1
    assert encryption.is_encrypted(db) == encrypted


@kill_tests
def test_a_backup_killed_at_every_step_leaves_no_half_copy(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    _book(db, backups=1)
    expected = _names(db)
    kill_at = 1
    while not _run_worker(db, "backup", kill_at):
        assert _names(db) == expected  # opening with the lock removes the half copy
        _all_files_open(db)
        kill_at += 1
    assert len(backup.list_backups(db)) >= 2  # a kill after the rename kept a whole backup
    assert kill_at > 3


def test_a_full_disk_while_encrypting_leaves_everything_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.db"
    _book(db)
    expected = _names(db)
    real = encrypting.convert_file
    calls = []

    def full_on_a_backup(source, source_key, target, target_key) -> None:
        calls.append(source)
        if len(calls) == 2:  # the workspace is done, the first backup fills the disk
            raise sqlite3.OperationalError("database or disk is full")
        real(source, source_key, target, target_key)

    monkeypatch.setattr(encrypting, "convert_file", full_on_a_backup)
    with Workspace.open(resolve_location(db), lock=True) as ws, \
            pytest.raises(ConversionError, match="encrypting stopped: the disk is full") as err:
        ws.encrypt()
    # The workspace was already encrypted: the run is finished for the rest, not half left.
    assert "nothing was lost" in str(err.value)
    monkeypatch.setattr(encrypting, "convert_file", real)
    assert _names(db) == expected
    _all_files_open(db)
    assert len(_states(db)) == 1


def test_a_full_disk_while_decrypting_rolls_back(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.db"
    _book(db)
    expected = _names(db)
    with Workspace.open(resolve_location(db), lock=True) as ws:
        ws.encrypt()
    key_id = encryption.marker_id(db)
    real = encrypting.convert_file

    def full_at_the_workspace(source, source_key, target, target_key) -> None:
        if source == db:
            raise OSError(28, "No space left on device")
        real(source, source_key, target, target_key)

    monkeypatch.setattr(encrypting, "convert_file", full_at_the_workspace)
    with Workspace.open(resolve_location(db), lock=True) as ws, \
            pytest.raises(ConversionError, match="decrypting stopped: the disk is full"):
        ws.decrypt()
    monkeypatch.setattr(encrypting, "convert_file", real)
    assert encryption.is_encrypted(db) and _states(db) == {False}  # all encrypted again
    assert keyring.get_password("csdesk", encryption.KEY_PREFIX + key_id)  # key kept
    assert _names(db) == expected
    _all_files_open(db)


def test_space_is_checked_before_anything_changes(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.db"
    _book(db)
    before = db.read_bytes()
    names = _names(db)

    class Usage:
        free = 1_000_000

    monkeypatch.setattr(encrypting.shutil, "disk_usage", lambda _folder: Usage())
    code = cli.main(["--db", str(db), "encrypt"])
    assert code == 1
    with Workspace.open(resolve_location(db), lock=True) as ws, \
            pytest.raises(ConversionError, match=r"encrypting needs [\d.]+ MB free in .+, and "
                                                 r"1\.0 MB is free.*nothing was changed"):
        ws.encrypt()
    assert db.read_bytes()[:100] == before[:100]
    assert not encryption.marker(db).exists() and not encryption.journal(db).exists()
    assert cli.main(["--db", str(db), "restore", "--latest"]) == 1  # a restore too
    assert _names(db) == names


def test_an_interrupted_encryption_is_finished_at_the_next_open(tmp_path: Path, capsys) -> None:
    """As a kill after the workspace was converted leaves it: encrypted, backups still plain,
    the journal there. The next command finishes the job and says so."""
    db = tmp_path / "w.db"
    _book(db)
    with Workspace.open(resolve_location(db), lock=True) as ws:
        ws.encrypt()
    key = encryption.key_for(db)
    for info in backup.list_backups(db):  # back to the state of a kill
        encrypting.convert_file(info.path, key, info.path, None)
    encryption.journal(db).write_text('{"to": "encrypted"}', encoding="utf-8")
    assert _states(db) == {True, False}
    assert cli.main(["--db", str(db), "export", "table", "accounts", "-o",
                     str(tmp_path / "a.csv")]) == 0
    assert "an interrupted encryption was completed" in capsys.readouterr().err
    assert _states(db) == {False} and not encryption.journal(db).exists()


def test_two_processes_one_writer(tmp_path: Path, capsys) -> None:
    """Every command that writes refuses a workspace another csdesk holds, and says who."""
    db = tmp_path / "w.db"
    _book(db)
    csv = tmp_path / "a.csv"
    csv.write_text("name\nSneaked in\n", encoding="utf-8")
    revenue = tmp_path / "r.csv"
    revenue.write_text("account,date,arr\nAccount 1,2026-01-01,1000\n", encoding="utf-8")
    responses = tmp_path / "n.csv"
    responses.write_text("account,date,kind,score\nAccount 1,2026-01-01,nps,9\n",
                         encoding="utf-8")
    commands = [
        ["import", "accounts", str(csv)],
        ["import", "revenue", str(revenue)],
        ["import", "responses", str(responses)],
        ["demo", "--force", "--accounts", "3"],
        ["encrypt"], ["decrypt"], ["backup"], ["restore", "--latest"],
    ]
    before = _names(db)
    with InstanceLock(db):  # the app has the workspace open
        for command in commands:
            assert cli.main(["--db", str(db), *command]) == 1, command
            err = capsys.readouterr().err
            assert "this workspace is in use by the csdesk window" in err, (command, err)
            assert "nothing was changed" in err
    assert _names(db) == before
    with InstanceLock(db):  # reading goes on beside the app
        assert cli.main(["--db", str(db), "export", "table", "accounts", "-o",
                         str(tmp_path / "out.csv")]) == 0


def test_the_app_is_told_which_command_holds_the_workspace(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    _book(db, backups=0)
    from csdesk.store import lock

    lock.holder = "csdesk import accounts"
    try:
        with InstanceLock(db), pytest.raises(CsdeskError,
                                             match="in use by csdesk import accounts"):
            Workspace.open(resolve_location(db), lock=True)
    finally:
        lock.holder = "the csdesk window"


def test_a_wrong_key_in_the_keychain_is_said_not_called_damage(tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.db"
    _book(db)
    with Workspace.open(resolve_location(db), lock=True) as ws:
        ws.encrypt()
    entry = encryption.KEY_PREFIX + encryption.marker_id(db)
    right = keyring.get_password("csdesk", entry)
    keyring.set_password("csdesk", entry, "\"x'" + "00" * 32 + "'\"")
    with pytest.raises(KeychainKeyError, match="does not open") as err:
        Workspace.open(resolve_location(db))
    assert not isinstance(err.value, DamagedWorkspaceError)
    assert cli.main(["--db", str(db), "check"]) == 1
    said = capsys.readouterr().err
    assert "the key in this computer's keychain" in said and "not damaged" in said
    assert "no good backup" not in said
    keyring.delete_password("csdesk", entry)
    with pytest.raises(KeychainKeyError, match="is not in this computer's keychain"):
        Workspace.open(resolve_location(db))
    keyring.set_password("csdesk", entry, right)
    assert cli.main(["--db", str(db), "check"]) == 0  # and the backups are found good
    assert "backups: 3" in capsys.readouterr().out


def test_a_passphrase_in_the_environment_does_not_override_the_keychain(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    db = tmp_path / "w.db"
    _book(db, backups=0)
    with Workspace.open(resolve_location(db), lock=True) as ws:
        ws.encrypt()
    monkeypatch.setenv("CSDESK_PASSPHRASE", "something else entirely")
    assert cli.main(["--db", str(db), "check"]) == 0, capsys.readouterr().err


def test_a_vanished_workspace_is_never_replaced_by_an_empty_one(tmp_path: Path,
                                                                capsys) -> None:
    db = tmp_path / "w.db"
    _book(db)
    db.unlink()
    with pytest.raises(MissingWorkspaceError, match="is missing, but 2 backups of it"):
        Workspace.open(resolve_location(db))
    assert not db.exists()
    assert cli.main(["--db", str(db), "export", "table", "accounts", "-o",
                     str(tmp_path / "x.csv")]) == 1
    assert "csdesk restore --latest" in capsys.readouterr().err
    assert cli.main(["--db", str(db), "restore", "--latest"]) == 0
    assert "Account 0" in _names(db)


def _limit_the_disk(engine, pragma: str) -> None:
    """Every new connection sees a full disk (SQLite's own SQLITE_FULL, from a page limit at
    the file's size) or a read-only file (SQLITE_READONLY)."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _full(dbapi_connection, _record) -> None:
        if pragma == "full":
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")
        else:
            dbapi_connection.execute("PRAGMA query_only = ON")


@pytest.mark.parametrize(("pragma", "said"), [
    ("full", "is full; nothing was saved"),
    ("read-only", "cannot be written (it or its folder is read-only); nothing was saved"),
])
def test_a_full_disk_or_a_read_only_file_is_said_without_sql_or_values(
        tmp_path: Path, pragma: str, said: str) -> None:
    db = tmp_path / "w.db"
    _book(db, backups=0)
    private = "Confidential pricing " + "x" * 50_000  # more than the pages left
    with Workspace.open(resolve_location(db), lock=True, daily_backup=False) as ws:
        _limit_the_disk(ws.engine, pragma)
        with pytest.raises(CsdeskError) as error:
            Services(ws).accounts.create(name="Secret Co", highlights=private)
    message = str(error.value)
    assert said in message
    for leak in ("INSERT", "SELECT", "Secret Co", "Confidential"):
        assert leak not in message
    assert not isinstance(error.value, DamagedWorkspaceError)
    assert "Secret Co" not in _names(db)


def test_an_unexpected_database_error_leaves_no_sql_or_values_in_the_message_or_log(
        tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import text

    from csdesk.logs import log_file

    db = tmp_path / "w.db"
    _book(db, backups=0)

    statement = " ".join(["INSERT", "INTO", "no_such_table", "VALUES", "(:secret)"])
    value = "-".join(["Confidential", "pricing"])  # built here, so no source line shows it

    def broken(args) -> int:
        with Workspace.open(resolve_location(db), daily_backup=False) as ws, \
                ws.session() as session:
            session.execute(text(statement), {"secret": value})
        return 0

    monkeypatch.setattr(cli.workspace, "_cmd_list_backups", broken)  # where the parser finds it
    assert cli.main(["--db", str(db), "backups"]) == 1
    said = capsys.readouterr().err
    assert "unexpected error: OperationalError" in said and "no such table" in said
    logged = log_file().read_text(encoding="utf-8")
    assert "no such table" in logged
    for leak in (statement, value, "[SQL:"):
        assert leak not in said and leak not in logged


def test_a_reading_command_never_disturbs_a_conversion_under_way(tmp_path: Path) -> None:
    """A reader does not take the lock, so it must neither finish a conversion another csdesk
    is running nor remove the half-written copy that run is writing."""
    from csdesk.errors import WorkspaceLockedError

    db = tmp_path / "w.db"
    _book(db, backups=0)
    partial = db.with_name(db.name + ".partial")
    with InstanceLock(db):  # `csdesk encrypt` is running
        encryption.journal(db).write_text('{"to": "encrypted"}', encoding="utf-8")
        partial.write_bytes(b"half a copy")
        with pytest.raises(WorkspaceLockedError, match="is being encrypted or decrypted"):
            Workspace.open(resolve_location(db))
        assert partial.exists() and encryption.journal(db).exists()
        encryption.journal(db).unlink()
        Workspace.open(resolve_location(db), daily_backup=False).close()  # reading goes on
        assert partial.exists()
    Workspace.open(resolve_location(db), daily_backup=False).close()  # free: tidied
    assert not partial.exists()


def test_an_encryption_killed_before_the_workspace_changed_is_said_undone(
        tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.db"
    _book(db, backups=1)
    encryption.journal(db).write_text('{"to": "encrypted", "key_id": "abc"}', encoding="utf-8")
    encryption.marker(db).write_text("abc\n", encoding="utf-8")
    assert cli.main(["--db", str(db), "backups"]) == 0
    assert cli.main(["--db", str(db), "export", "table", "accounts", "-o",
                     str(tmp_path / "a.csv")]) == 0
    said = capsys.readouterr().err
    assert "an interrupted encryption was undone: w.db and its backups are plain" in said
    assert not encryption.marker(db).exists() and not encryption.journal(db).exists()


def test_a_disk_error_while_checking_is_not_called_damage(tmp_path: Path, capsys,
                                                          monkeypatch) -> None:
    from csdesk.store import integrity

    db = tmp_path / "w.db"
    _book(db)
    monkeypatch.setattr(integrity, "check_file", lambda *args, **kwargs: ["disk I/O error"])
    with pytest.raises(CsdeskError, match="the disk reported an error") as error:
        Workspace.open(resolve_location(db))
    assert not isinstance(error.value, DamagedWorkspaceError)  # the app offers no restore
    assert cli.main(["--db", str(db), "check"]) == 1
    said = capsys.readouterr().err
    assert "(is it full?)" in said and "damaged" not in said and "restore" not in said


def test_a_backup_on_a_full_disk_says_so_and_leaves_no_half_copy(tmp_path: Path, capsys,
                                                                 monkeypatch) -> None:
    db = tmp_path / "w.db"
    _book(db, backups=0)

    def full(source, target, key=None) -> None:
        target.write_bytes(b"half")
        Path(f"{target}-journal").write_bytes(b"journal")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "_copy_database", full)
    assert cli.main(["--db", str(db), "backup"]) == 1
    said = capsys.readouterr().err
    assert "the backup could not be made: the backup folder is full" in said
    assert "unexpected" not in said
    assert list((tmp_path / "w-backups").iterdir()) == []


def test_a_restore_that_cannot_swap_leaves_the_workspace_as_it_was(tmp_path: Path,
                                                                   monkeypatch) -> None:
    db = tmp_path / "w.db"
    _book(db)
    before = _names(db)
    real = os.replace

    def refused(source, target, *args, **kwargs) -> None:
        if Path(target) == db:
            raise PermissionError(1, "Operation not permitted")
        real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(CsdeskError, match="cannot be replaced .*it was left as it was"):
        backup.restore(db, backup.list_backups(db)[-1].path)
    monkeypatch.setattr(os, "replace", real)
    assert [p.name for p in tmp_path.iterdir() if ".replaced-" in p.name or
            p.name.endswith(".restoring")] == []
    assert _names(db) == before


def test_two_real_processes_one_writer(tmp_path: Path, capsys) -> None:
    """Another csdesk process holds the workspace: a writing command here is refused, names
    that process, and changes nothing."""
    db = tmp_path / "w.db"
    _book(db, backups=0)
    csv = tmp_path / "a.csv"
    csv.write_text("name\nSneaked in\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            from pathlib import Path
            from csdesk.store import Workspace, resolve_location
            workspace = Workspace.open(resolve_location(Path(sys.argv[1])), lock=True,
                                       daily_backup=False)
            print("ready", flush=True)
            sys.stdin.read()  # hold the workspace until the test closes our input
            workspace.close()
        """), str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert cli.main(["--db", str(db), "import", "accounts", str(csv)]) == 1
        said = capsys.readouterr().err
        assert f"in use by the csdesk window (process {holder.pid} on" in said
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert "Sneaked in" not in _names(db)
    assert cli.main(["--db", str(db), "import", "accounts", str(csv)]) == 0  # free again


def test_an_interrupted_run_that_cannot_be_finished_yet_still_opens(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.db"
    _book(db)
    expected = _names(db)
    with Workspace.open(resolve_location(db), lock=True, daily_backup=False) as ws:
        ws.encrypt()
    key = encryption.key_for(db)
    for info in backup.list_backups(db):  # as a kill after the workspace was converted
        encrypting.convert_file(info.path, key, info.path, None)
    encryption.journal(db).write_text('{"to": "encrypted"}', encoding="utf-8")

    def full(*args, **kwargs) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    real = encrypting.convert_file
    monkeypatch.setattr(encrypting, "convert_file", full)
    with Workspace.open(resolve_location(db), lock=True, daily_backup=False) as ws:
        assert "could not be finished yet (the disk is full)" in ws.report.finished_conversion
        assert {a.name for a in Services(ws).accounts.list()} == expected
    assert encryption.journal(db).exists()
    monkeypatch.setattr(encrypting, "convert_file", real)
    assert _names(db) == expected  # room again: finished
    assert not encryption.journal(db).exists() and _states(db) == {False}
