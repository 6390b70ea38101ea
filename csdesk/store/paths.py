"""Where the workspace lives: platformdirs by default, overridable for tests and portables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from csdesk import APP_NAME

WORKSPACE_FILENAME = "workspace.db"


def data_dir() -> Path:
    """``CSDESK_DATA_DIR`` if set, else the platform's user data folder."""
    override = os.environ.get("CSDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    override = os.environ.get("CSDESK_DATA_DIR")
    if override:
        return Path(override).expanduser() / "logs"
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


@dataclass(frozen=True)
class WorkspaceLocation:
    """Either a SQLite file (``path``) or a full SQLAlchemy URL (``url``) for a server database."""

    path: Path | None = None
    url: str | None = None

    @property
    def sqlalchemy_url(self) -> str:
        """The URL to connect with (a server's password comes from the keychain)."""
        if self.url:
            from csdesk.store.server import connect_url

            return connect_url(self.url)
        assert self.path is not None
        return f"sqlite:///{self.path}"

    @property
    def is_sqlite_file(self) -> bool:
        return self.path is not None

    def describe(self) -> str:
        if self.path is not None:
            return str(self.path)
        return mask_url(self.url or "")


def mask_url(url: str) -> str:
    """The address with its password masked whole, however it is spelled (an unencoded ``@``
    or ``:`` in it included): everything between the user name and the last ``@`` before the
    host goes. Readable: a local server's socket folder is shown as a path, not
    percent-encoded."""
    from urllib.parse import unquote

    scheme, sep, rest = url.partition("://")
    if not sep:
        return unquote(url)
    cut = len(rest)
    for mark in "/?":  # the host part ends at the path or the query, after the last "@"
        found = rest.find(mark, rest.rfind("@") + 1)
        cut = min(cut, found) if found >= 0 else cut
    netloc, tail = rest[:cut], rest[cut:]
    if "@" in netloc:
        userinfo, _at, host = netloc.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        netloc = f"{user}:***@{host}" if colon else f"{user}@{host}"
    return f"{scheme}://{unquote(netloc)}{unquote(tail)}"


def resolve_location(db: str | os.PathLike[str] | None = None) -> WorkspaceLocation:
    """``--db`` wins, then ``CSDESK_DATABASE_URL``, ``CSDESK_DB``, the team workspace or the
    workspace file chosen in the settings, then the data folder."""
    if db:
        return WorkspaceLocation(path=Path(db).expanduser().absolute())
    url = os.environ.get("CSDESK_DATABASE_URL")
    if url:
        if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
            return WorkspaceLocation(path=Path(url.removeprefix("sqlite:///")).absolute())
        return WorkspaceLocation(url=url)
    env_path = os.environ.get("CSDESK_DB")
    if env_path:
        return WorkspaceLocation(path=Path(env_path).expanduser().absolute())
    from csdesk.settings import load

    settings = load()
    if settings.server_url:
        return WorkspaceLocation(url=settings.server_url)
    if settings.workspace:
        return WorkspaceLocation(path=Path(settings.workspace).expanduser().absolute())
    return WorkspaceLocation(path=data_dir() / WORKSPACE_FILENAME)
