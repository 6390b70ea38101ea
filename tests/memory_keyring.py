"""An in-memory keyring backend: tests never read or write the real keychain."""

from __future__ import annotations

from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self._store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class FileKeyring(MemoryKeyring):
    """The same, kept in a JSON file under the test's temporary folder, so a worker process
    and the test share one keychain (a real one would be shared the same way)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path

    def _load(self) -> dict[str, str]:
        import json
        import os

        if not os.path.exists(self._path):
            return {}
        with open(self._path, encoding="utf-8") as handle:
            return json.load(handle)

    def _save(self, entries: dict[str, str]) -> None:
        import json

        with open(self._path, "w", encoding="utf-8") as handle:
            json.dump(entries, handle)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self._save({**self._load(), f"{service}/{username}": password})

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        entries = self._load()
        if entries.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(entries)
