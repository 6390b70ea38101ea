"""Team workspaces on a database server: URLs without passwords, passwords in the keychain.

A server URL is stored (in settings, in `CSDESK_DATABASE_URL`) without its password; the
password lives in the OS keychain under the URL's user, host, port and database, and is added
only when connecting. A URL typed with a password has it moved to the keychain.
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

from csdesk.errors import CsdeskError
from csdesk.store.secrets import delete_secret, get_secret, set_secret

DRIVER = "postgresql+psycopg"


def server_host(url: URL) -> str:
    """The host name, or the socket folder of a local server (given as ?host=/folder)."""
    return url.host or str(url.query.get("host", ""))


def secret_name(url: str | URL) -> str:
    parsed = make_url(url) if isinstance(url, str) else url
    return (f"server:{parsed.username or ''}@{server_host(parsed)}:{parsed.port or 5432}/"
            f"{parsed.database or ''}")


def build_url(host: str, database: str, user: str, port: int | None = None) -> str:
    """A server URL without a password (the keychain keeps it)."""
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host or not database or not user:
        raise CsdeskError("a team workspace needs a server, a database and a user")
    if host.startswith("/"):  # a local server's socket folder
        url = URL.create(DRIVER, username=user, database=database, query={"host": host})
    else:
        url = URL.create(DRIVER, username=user, host=host, port=port, database=database)
    return url.render_as_string(hide_password=False)


def remember_password(url: str, password: str) -> None:
    set_secret(secret_name(url), password)


def forget_password(url: str) -> None:
    delete_secret(secret_name(url))


def without_password(url: str) -> str:
    """The URL to store; a password in it goes to the keychain."""
    parsed = make_url(url)
    if parsed.password:
        remember_password(url, parsed.password)
    return parsed._replace(password=None).render_as_string(hide_password=False)


def connect_url(url: str) -> str:
    """The URL to connect with: the keychain's password added, if there is one."""
    parsed = make_url(url)
    if parsed.password or not parsed.drivername.startswith("postgresql"):
        return url
    password = get_secret(secret_name(parsed))
    if not password:
        return url  # trust, peer or .pgpass authentication
    return parsed.set(password=password).render_as_string(hide_password=False)
