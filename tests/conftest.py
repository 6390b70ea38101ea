"""Every test runs offscreen, on its own temporary workspace, away from the user's real data,
settings and keychain."""

from __future__ import annotations

import os
import tempfile

# Before anything imports Qt: no display here, and Qt's settings must not touch the real ones.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="csdesk-test-config-")

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import keyring
import pytest

from csdesk.services import Services
from csdesk.services.demo import DemoService
from csdesk.store import Workspace, resolve_location
from tests.memory_keyring import MemoryKeyring

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    """Every test runs as on TODAY, whatever the wall clock says (CI runs the suite again
    under shifted clocks to catch code that reads the wall clock behind the program's back)."""
    from csdesk import clock

    with clock.moved_to(TODAY):
        yield


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CSDESK_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("CSDESK_CONFIG_DIR", str(tmp_path / "user-config"))  # settings.json
    monkeypatch.delenv("CSDESK_DB", raising=False)
    monkeypatch.delenv("CSDESK_DATABASE_URL", raising=False)
    keyring.set_keyring(MemoryKeyring())
    from csdesk.store import encryption

    encryption._SESSION_KEYS.clear()  # passphrases typed in one test stay in that test


SIGNED_BY = "Dana Whitfield"  # the CSM that tests' documents are signed with


@pytest.fixture
def signed(_isolated: None) -> None:
    """Settings name the CSM (and their title, contacts, company), as documents require."""
    from csdesk import settings as user_settings

    user_settings.save(replace(user_settings.load(), my_name=SIGNED_BY,
                               my_title="Senior Customer Success Manager",
                               my_email="dana.whitfield@northstar.example",
                               my_phone="+1 415 555 0142", company="Northstar Analytics"))


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """As the app does (csdesk/ui/gc_guard.py): a worker thread must never collect Qt objects."""
    if "qapp" not in request.fixturenames:
        yield
        return
    import gc

    from csdesk.ui.gc_guard import collect_on_gui_thread

    collect_on_gui_thread(request.getfixturevalue("qapp"))
    yield
    gc.collect()  # the test's windows, on this (the GUI) thread
    gc.enable()  # for the tests without Qt that follow


def on_postgresql() -> bool:
    """The PostgreSQL pass of the suite (./dev test runs it after the SQLite one)."""
    return os.environ.get("CSDESK_TEST_ENGINE") == "postgresql"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-references", action="store_true",
                     help="write tests/reference's images from this run instead of comparing "
                          "(after a change to the look made on purpose: ./dev references)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In the PostgreSQL pass, run the tests that use a workspace and can use a server's."""
    if not on_postgresql():
        return
    keep, drop = [], []
    for item in items:
        uses_workspace = "workspace" in getattr(item, "fixturenames", ())
        (keep if uses_workspace and item.get_closest_marker("sqlite_only") is None
         else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.db"


@pytest.fixture
def workspace(db_path: Path, request: pytest.FixtureRequest) -> Iterator[Workspace]:
    if on_postgresql():  # the suite's second pass, on a team server
        from csdesk.store.paths import WorkspaceLocation

        ws = Workspace.open(WorkspaceLocation(url=request.getfixturevalue("pg_url")))
    else:
        ws = Workspace.open(resolve_location(db_path))
    yield ws
    ws.close()


@pytest.fixture
def services(workspace: Workspace) -> Services:
    return Services(workspace)


@pytest.fixture
def demo_services(services: Services) -> Services:
    DemoService(services.workspace).create_book(12, seed=3, today=TODAY)
    return services


def _started_server() -> Iterator[object]:
    from tests.pg_server import Server, find_binaries

    binaries = find_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    server = Server(binaries)
    try:
        server.start()
    except Exception as error:
        pytest.skip(f"PostgreSQL could not be started: {error}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A PostgreSQL server for the tests, or a skip that says why there is none."""
    yield from _started_server()


@pytest.fixture
def own_pg_server() -> Iterator[object]:
    """A PostgreSQL server of this test's own, which it may halt and resume."""
    yield from _started_server()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A fresh, empty PostgreSQL database for this test."""
    return pg_server.new_database()
