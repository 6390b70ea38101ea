"""Secrets go to the keychain through one small interface; tests use an in-memory keychain."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from csdesk.store import secrets


def test_secrets_round_trip_through_the_keychain() -> None:
    assert secrets.get_secret("workspace-key") is None
    secrets.set_secret("workspace-key", "s3cret")
    assert secrets.get_secret("workspace-key") == "s3cret"
    assert keyring.get_password("csdesk", "workspace-key") == "s3cret"
    secrets.delete_secret("workspace-key")
    secrets.delete_secret("workspace-key")  # deleting twice is harmless
    assert secrets.get_secret("workspace-key") is None


def test_no_keychain_is_said_plainly() -> None:
    keyring.set_keyring(FailKeyring())
    assert not secrets.keychain_available()
    assert secrets.get_secret("anything") is None
    with pytest.raises(secrets.NoKeychainError, match="no keychain"):
        secrets.set_secret("workspace-key", "s3cret")
