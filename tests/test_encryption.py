"""Promise 5: encryption at rest with SQLCipher, the key in the keychain (or a passphrase for
the session), backups encrypted too, and back to plain SQLite with the key."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring

from csdesk import cli
from csdesk.errors import DamagedWorkspaceError
from csdesk.services import Services
from csdesk.store import Workspace, backup, encryption, resolve_location
from csdesk.store.encryption import EncryptionKeyMissingError
from csdesk.store.secrets import NoKeychainError
from tests.ui_helpers import settled

SECRET = "Confidential renewal terms 4711"


@pytest.fixture
def workspace_file(tmp_path: Path) -> Path:
    db = tmp_path / "w.db"
    with Workspace.open(resolve_location(db)) as ws:
        services = Services(ws)
        account = services.accounts.create(name="Acme", highlights=SECRET)
        services.contacts.add(account.id, name="Dana", email="dana@acme.example")
    backup.make_backup(db, "manual")
    return db


def _plaintext_anywhere(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_encrypt_with_the_keychain_then_decrypt(workspace_file: Path) -> None:
    db = workspace_file
    with Workspace.open(resolve_location(db), lock=True) as ws:
        assert ws.encrypt() == "keychain"
        assert ws.encrypted
        assert Services(ws).accounts.find("Acme").highlights == SECRET  # still working
    assert not db.read_bytes().startswith(b"SQLite format 3")
    assert _plaintext_anywhere(db.parent) == []  # workspace and backups alike
    key_id = encryption.marker(db).read_text(encoding="utf-8").strip()
    key = keyring.get_password("csdesk", encryption.KEY_PREFIX + key_id)
    assert key and key.startswith("\"x'") and len(key) == 64 + 5
    for path in db.parent.rglob("*"):
        if path.is_file():
            assert key[3:-2].encode() not in path.read_bytes()  # the key is nowhere on disk
    with Workspace.open(resolve_location(db)) as ws:  # a later session, key from the keychain
        assert Services(ws).accounts.find("Acme").highlights == SECRET
    saved = backup.list_backups(db)
    assert saved and all(not b.path.read_bytes().startswith(b"SQLite") for b in saved)
    with Workspace.open(resolve_location(db), lock=True) as ws:
        ws.decrypt()
    assert db.read_bytes().startswith(b"SQLite format 3")
    assert not encryption.marker(db).exists()
    assert keyring.get_password("csdesk", encryption.KEY_PREFIX + key_id) is None
    with Workspace.open(resolve_location(db)) as ws:
        assert Services(ws).accounts.find("Acme").highlights == SECRET


def test_without_a_keychain_the_user_is_told_and_can_use_a_passphrase(workspace_file) -> None:
    keyring.set_keyring(FailKeyring())
    db = workspace_file
    before = db.read_bytes()
    with Workspace.open(resolve_location(db), lock=True) as ws, \
            pytest.raises(NoKeychainError, match="no keychain is available"):
        ws.encrypt()
    assert db.read_bytes().startswith(b"SQLite format 3") and not encryption.is_encrypted(db)
    assert len(db.read_bytes()) == len(before)
    with Workspace.open(resolve_location(db), lock=True) as ws:
        assert ws.encrypt("correct horse battery") == "passphrase"
    encryption._SESSION_KEYS.clear()  # a new session: the passphrase is not remembered
    with pytest.raises(EncryptionKeyMissingError, match="enter the passphrase"):
        Workspace.open(resolve_location(db))
    encryption.use_passphrase(db, "wrong passphrase")
    with pytest.raises(EncryptionKeyMissingError, match="does not open"):
        Workspace.open(resolve_location(db))
    encryption.use_passphrase(db, "correct horse battery")
    with Workspace.open(resolve_location(db)) as ws:
        assert Services(ws).accounts.find("Acme").highlights == SECRET
    assert _plaintext_anywhere(db.parent) == []


class ForgetfulKeyring(KeyringBackend):
    """Accepts a secret and cannot give it back: the key must not be used."""

    priority = 5  # type: ignore[assignment]

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        pass


def test_a_key_that_cannot_be_read_back_is_never_used(workspace_file: Path) -> None:
    keyring.set_keyring(ForgetfulKeyring())
    with Workspace.open(resolve_location(workspace_file), lock=True) as ws, \
            pytest.raises(NoKeychainError, match="did not give it back; nothing was encrypted"):
        ws.encrypt()
    assert workspace_file.read_bytes().startswith(b"SQLite format 3")


def test_a_passphrase_must_not_be_trivial(workspace_file: Path) -> None:
    with Workspace.open(resolve_location(workspace_file), lock=True) as ws, \
            pytest.raises(Exception, match="at least 8 characters"):
        ws.encrypt("short")
    assert not encryption.is_encrypted(workspace_file)


def test_an_encrypted_workspace_still_checks_backs_up_and_restores(workspace_file) -> None:
    db = workspace_file
    with Workspace.open(resolve_location(db), lock=True) as ws:
        ws.encrypt()
        Services(ws).accounts.create(name="After encryption")
    saved = backup.make_backup(db, "manual")
    assert not saved.path.read_bytes().startswith(b"SQLite")
    with Workspace.open(resolve_location(db)) as ws:
        Services(ws).accounts.create(name="After the backup")
    backup.restore(db, saved.path)
    with Workspace.open(resolve_location(db)) as ws:
        names = sorted(a.name for a in Services(ws).accounts.list())
    assert names == ["Acme", "After encryption"]


def test_a_damaged_encrypted_file_is_reported(workspace_file: Path) -> None:
    db = workspace_file
    with Workspace.open(resolve_location(db), lock=True) as ws:
        ws.encrypt()
    data = bytearray(db.read_bytes())
    data[4096 * 2:4096 * 3] = os.urandom(4096)
    db.write_bytes(bytes(data))
    with pytest.raises(DamagedWorkspaceError):
        Workspace.open(resolve_location(db))


def test_encrypt_and_decrypt_commands(workspace_file: Path, capsys, monkeypatch) -> None:
    db = str(workspace_file)
    assert cli.main(["encrypt", "--db", db]) == 0
    assert "the key is in this computer's keychain" in capsys.readouterr().out
    assert cli.main(["check", "--db", db]) == 0
    assert "accounts: 1" in capsys.readouterr().out
    assert cli.main(["encrypt", "--db", db]) == 1
    assert "already encrypted" in capsys.readouterr().err
    assert cli.main(["decrypt", "--db", db]) == 0
    assert workspace_file.read_bytes().startswith(b"SQLite format 3")
    keyring.set_keyring(FailKeyring())
    monkeypatch.setenv("CSDESK_PASSPHRASE", "a long passphrase")
    assert cli.main(["encrypt", "--passphrase", "--db", db]) == 0
    encryption._SESSION_KEYS.clear()
    assert cli.main(["check", "--db", db]) == 0  # the passphrase comes from the environment
    monkeypatch.delenv("CSDESK_PASSPHRASE")
    encryption._SESSION_KEYS.clear()
    capsys.readouterr()
    assert cli.main(["check", "--db", db]) == 1
    assert "enter the passphrase" in capsys.readouterr().err


def test_encrypting_from_the_app_and_opening_with_a_passphrase(qtbot, workspace_file) -> None:
    from csdesk.ui.app import open_workspace_or_explain
    from csdesk.ui.main_window import MainWindow

    keyring.set_keyring(FailKeyring())  # no keychain: the app asks for a passphrase
    workspace = Workspace.open(resolve_location(workspace_file), lock=True)
    window = MainWindow(Services(workspace), remember_layout=False)
    qtbot.addWidget(window)
    assert window.encrypt_action.isEnabled() and not window.decrypt_action.isEnabled()
    window.security.encrypt_workspace(ask_passphrase=lambda: "a long passphrase")
    qtbot.waitUntil(lambda: "encrypted" in window.statusBar().currentMessage(), timeout=30000)
    window.runner.wait()
    assert workspace.encrypted and window.decrypt_action.isEnabled()
    assert "You will type the passphrase" in window.statusBar().currentMessage()
    window.refresh()  # the window keeps working on the encrypted file
    assert window.services.accounts.find("Acme").highlights == SECRET
    workspace.close()
    encryption._SESSION_KEYS.clear()
    asked = []
    reopened = open_workspace_or_explain(
        resolve_location(workspace_file),
        ask_passphrase=lambda error: asked.append(str(error)) or "a long passphrase")
    assert reopened is not None and "enter the passphrase" in asked[0]
    assert Services(reopened).accounts.find("Acme").highlights == SECRET
    reopened.close()
    encryption._SESSION_KEYS.clear()
    assert open_workspace_or_explain(resolve_location(workspace_file),
                                     ask_passphrase=lambda error: None) is None


def test_the_app_encrypts_and_decrypts_in_the_background(qtbot, workspace_file,
                                                          monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from csdesk.ui.main_window import MainWindow

    workspace = Workspace.open(resolve_location(workspace_file), lock=True)
    window = MainWindow(Services(workspace), remember_layout=False)
    qtbot.addWidget(window)
    try:
        window.security.encrypt_workspace()
        assert not workspace.encrypted or window.runner.busy()  # handed to the worker thread
        qtbot.waitUntil(lambda: "keychain" in window.statusBar().currentMessage(),
                        timeout=30000)
        window.runner.wait()
        assert workspace.encrypted and window.decrypt_action.isEnabled()
        assert _plaintext_anywhere(workspace_file.parent) == []
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
        window.security.decrypt_workspace()
        qtbot.waitUntil(lambda: "without encryption" in window.statusBar().currentMessage(),
                        timeout=30000)
        window.runner.wait()
        assert not workspace.encrypted and window.encrypt_action.isEnabled()
        window.refresh()
        settled(window)
        assert window.services.accounts.find("Acme").highlights == SECRET
    finally:
        workspace.close()
