"""Joining a team workspace on a database server, and going back to the local one.

The window asks these; they need no open workspace (they choose which one opens next).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from csdesk import settings as user_settings
from csdesk.errors import CsdeskError
from csdesk.store.engine import make_engine
from csdesk.store.paths import WORKSPACE_FILENAME, WorkspaceLocation, data_dir
from csdesk.store.server import build_url, forget_password, remember_password, server_host


@dataclass(frozen=True)
class ServerAddress:
    """The parts of a team workspace's address, as the Connect dialog shows them."""

    host: str = ""
    port: int = 5432
    database: str = "csdesk"
    user: str = ""


def address_of(url: str | None) -> ServerAddress:
    if not url:
        return ServerAddress()
    parsed = make_url(url)
    return ServerAddress(server_host(parsed), parsed.port or 5432, parsed.database or "",
                         parsed.username or "")


def url_of(address: ServerAddress) -> str:
    """The address as a URL without a password; CsdeskError when a part is missing."""
    return build_url(address.host, address.database, address.user, address.port)


def check_connection(url: str, password: str) -> str:
    """Connect once (within the connect timeout); a sentence saying what answered."""
    with_password = make_url(url).set(password=password or None)
    engine = make_engine(with_password.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar()
    except Exception as error:
        raise CsdeskError(f"cannot connect: {str(error).splitlines()[0]}") from None
    finally:
        engine.dispose()
    return f"Connected: PostgreSQL {version}."


def join(url: str, password: str, remember: bool) -> None:
    """Make the team workspace the one that opens, once it has answered. The password goes
    to the keychain (if it should be remembered), never to the settings."""
    check_connection(url, password)  # nothing is saved for a server that does not answer
    if password and remember:
        remember_password(url, password)
    elif not password:
        forget_password(url)
    user_settings.save(replace(user_settings.load(), server_url=url))


def leave() -> WorkspaceLocation:
    """Back to this laptop's workspace file; its location."""
    user_settings.save(replace(user_settings.load(), server_url=None))
    return local_workspace()


def local_workspace() -> WorkspaceLocation:
    """This laptop's workspace file (the one the settings or the data folder name)."""
    chosen = user_settings.load().workspace
    return WorkspaceLocation(path=Path(chosen).expanduser().absolute() if chosen
                             else data_dir() / WORKSPACE_FILENAME)
