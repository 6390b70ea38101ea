"""The OS keychain, as the UI asks about it: whether this computer has one to keep an
encryption key in (else the user chooses a passphrase), and the error saying it would not."""

from __future__ import annotations

from csdesk.store import secrets
from csdesk.store.secrets import NoKeychainError

__all__ = ["NoKeychainError", "keychain_available"]


def keychain_available() -> bool:
    """True when a keychain can keep secrets on this computer (not the fail or null one)."""
    return secrets.keychain_available()
