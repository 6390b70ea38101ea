"""Secrets (encryption keys, server passwords) live in the OS keychain through keyring.

Everything goes through this small interface so tests can install an in-memory backend with
``keyring.set_keyring`` and the app can say clearly when no keychain is available.
"""

from __future__ import annotations

import contextlib

from csdesk import APP_NAME
from csdesk.errors import CsdeskError

# keyring is imported on first use: it and its backends cost about 60 ms at start-up, and a
# plain workspace never reads the keychain.


class NoKeychainError(CsdeskError):
    pass


def keychain_available() -> bool:
    import keyring

    backend = keyring.get_keyring()
    priority = getattr(backend, "priority", 0)
    return priority > 0  # the fail and null backends have priority 0 or less


def get_secret(name: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        return keyring.get_password(APP_NAME, name)
    except NoKeyringError:
        return None
    except KeyringError as error:
        raise NoKeychainError(f"the keychain could not be read: {error}") from error


def set_secret(name: str, value: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    if not keychain_available():
        raise NoKeychainError("no keychain is available on this system to store the secret")
    try:
        keyring.set_password(APP_NAME, name, value)
    except KeyringError as error:
        raise NoKeychainError(f"the keychain refused the secret: {error}") from error


def delete_secret(name: str) -> None:
    import keyring
    from keyring.errors import NoKeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, NoKeyringError):
        keyring.delete_password(APP_NAME, name)
