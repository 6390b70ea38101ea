"""Team workspaces on PostgreSQL: the same schema and services as SQLite, and a local book
copied into a team workspace, verified."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from csdesk import cli
from csdesk.errors import WorkspaceError
from csdesk.models import Base
from csdesk.services import Services
from csdesk.services.demo import DemoService
from csdesk.store import Workspace, migrate
from csdesk.store.copy import checksum, copy_workspace
from csdesk.store.engine import make_engine
from csdesk.store.paths import WorkspaceLocation

TODAY = date(2026, 11, 23)


def test_the_migrations_build_the_models_schema_on_postgresql(pg_url: str) -> None:
    engine = make_engine(pg_url)
    migrate.upgrade(engine, "head")  # every revision, from an empty database
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            "include_name": lambda n, t, _p: t != "table" or migrate.is_model_table(n)})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_a_team_workspace_runs_the_same_services(pg_url: str) -> None:
    with Workspace.open(WorkspaceLocation(url=pg_url)) as workspace:
        assert workspace.report.created
        services = Services(workspace)
        DemoService(workspace).create_book(4, seed=3, today=TODAY)
        account = services.accounts.list()[0]
        assert services.book.today(TODAY).due  # the read models work on PostgreSQL
        assert services.metrics.compute(date(2025, 11, 24), TODAY).customers_start >= 1
        assert [h.account_name for h in services.search.query(account.name)][0] == \
            account.name
        services.accounts.update(account.id, industry="Aviation")
        assert services.accounts.get(account.id).industry == "Aviation"


@pytest.mark.sqlite_only
def test_a_local_book_is_copied_into_a_team_workspace_and_verified(
        demo_services: Services, db_path: Path, pg_url: str, capsys, monkeypatch) -> None:
    demo_services.workspace.close()
    assert cli.main(["migrate-workspace", "--db", str(db_path), "--to", pg_url]) == 0
    assert "copied and verified (counts and checksums match)" in capsys.readouterr().out
    local = make_engine(f"sqlite:///{db_path}")
    team = make_engine(pg_url)
    with local.connect() as a, team.connect() as b:
        for table in Base.metadata.sorted_tables:
            assert checksum(a, table) == checksum(b, table), table.name
    local.dispose()
    team.dispose()
    with Workspace.open(WorkspaceLocation(url=pg_url)) as workspace:
        services = Services(workspace)
        copied = [a.id for a in services.accounts.list()]
        assert len(copied) == 12
        created = services.accounts.create(name="A new one after the copy")
        assert created.id > max(copied)  # the id sequences were moved past the copied rows
    assert cli.main(["migrate-workspace", "--db", str(db_path), "--to", pg_url]) == 1
    assert "not empty" in capsys.readouterr().err  # never copies over a team's data
    monkeypatch.setenv("CSDESK_DATABASE_URL", pg_url)
    assert cli.main(["check"]) == 0  # csdesk check on the team workspace
    report = capsys.readouterr().out
    assert "schema: revision " + migrate.head_revision() + " (current)" in report
    assert "accounts: 13" in report and "reachable" in report
    monkeypatch.setenv("CSDESK_DATABASE_URL", pg_url.rsplit("?", 1)[0] + "?host=/nonexistent")
    assert cli.main(["check"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "cannot be reached (" in error  # one line, and why


@pytest.mark.sqlite_only
def test_a_failed_copy_leaves_the_team_workspace_empty(demo_services: Services,
                                                       pg_url: str, monkeypatch) -> None:
    import csdesk.store.copy as copying

    real = copying._copy_table
    calls = []

    def failing(source, target, table):
        calls.append(table.name)
        if len(calls) == 5:
            raise RuntimeError("the network went away")
        return real(source, target, table)

    monkeypatch.setattr(copying, "_copy_table", failing)
    target = Workspace.open(WorkspaceLocation(url=pg_url))
    with pytest.raises(RuntimeError), demo_services.workspace.engine.connect() as reading, \
            target.engine.begin() as writing:
        copy_workspace(reading, writing)
    with target.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM accounts")).scalar() == 0
    target.close()
    with pytest.raises(WorkspaceError, match="not empty"), \
            demo_services.workspace.engine.connect() as a, \
            demo_services.workspace.engine.begin() as b:
        copy_workspace(a, b)  # onto a workspace with data: refused


def test_an_unreachable_server_is_reported_within_seconds() -> None:
    from csdesk.errors import ServerUnreachableError

    started = time.monotonic()
    with pytest.raises(ServerUnreachableError, match="cannot be reached"):
        Workspace.open(WorkspaceLocation(
            url="postgresql+psycopg://csdesk@10.255.255.1:5432/none"))
    assert time.monotonic() - started < 15


def test_the_password_lives_in_the_keychain_not_in_the_url(pg_server) -> None:
    import psycopg

    from csdesk import settings as user_settings
    from csdesk.store.server import connect_url, without_password

    with psycopg.connect(host=str(pg_server.folder), user="csdesk", dbname="postgres",
                         autocommit=True) as connection:
        connection.execute("CREATE ROLE alex LOGIN PASSWORD 's3cret pass'")
        connection.execute("CREATE DATABASE team OWNER alex")
    typed = "postgresql+psycopg://alex:s3cret%20pass@localhost:5999/team"
    stored = without_password(typed)
    assert "s3cret" not in stored and stored.startswith("postgresql+psycopg://alex@")
    assert "s3cret%20pass" in connect_url(stored) or "s3cret pass" in connect_url(stored)
    saved = user_settings.save(user_settings.Settings(server_url=stored))
    assert "s3cret" not in saved.read_text()
    with pytest.raises(ValueError, match="without a password"):
        user_settings.save(user_settings.Settings(server_url=typed))


def test_two_people_editing_one_account_never_lose_an_update(pg_url: str) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    from csdesk.errors import ConflictError
    from csdesk.models import Account

    mine = Workspace.open(WorkspaceLocation(url=pg_url))
    theirs = Workspace.open(WorkspaceLocation(url=pg_url))
    try:
        me, them = Services(mine), Services(theirs)
        account = me.accounts.create(name="Acme", industry="Banking", offices=3)
        began = {"industry": "Banking", "offices": 3}
        them.accounts.update(account.id, industry="Aviation")  # they save first
        with pytest.raises(ConflictError) as conflict:
            me.accounts.update(account.id, expected_version=account.version, originals=began,
                               industry="Retail")
        assert conflict.value.fields == {"industry": ("Banking", "Aviation", "Retail")}
        assert "changed by someone else" in str(conflict.value)
        # A different field is no conflict: mine is saved and theirs kept.
        me.accounts.update(account.id, expected_version=account.version, originals=began,
                           offices=4)
        saved = them.accounts.get(account.id)
        assert (saved.industry, saved.offices) == ("Aviation", 4)
        # And at the lowest level, a write based on a stale read is refused by the version.
        with pytest.raises(StaleDataError), mine.session() as session:
            stale = session.get(Account, account.id)
            them.accounts.update(account.id, industry="Media")
            stale.industry = "Retail"
            session.flush()
        assert them.accounts.get(account.id).industry == "Media"
    finally:
        mine.close()
        theirs.close()


def test_search_uses_postgresql_full_text_search(pg_url: str) -> None:
    with Workspace.open(WorkspaceLocation(url=pg_url)) as workspace:
        services = Services(workspace)
        acme = services.accounts.create(name="Acme Rockets")
        services.meetings.create(acme.id, title="Kick-off", held_on=TODAY,
                                 notes="We agreed the onboarding roadmap and the budget.")
        services.accounts.create(name="Roadrunner Logistics", industry="Roadmaps for trucks")
        hits = services.search.query("roadm")  # a prefix, in notes and in a highlight
        assert {(h.kind, h.account_name) for h in hits} == {
            ("meeting", "Acme Rockets"), ("account", "Roadrunner Logistics")}
        meeting = next(h for h in hits if h.kind == "meeting")
        assert "roadmap" in meeting.snippet
        assert services.search.query("budget roadmap")[0].kind == "meeting"  # every word
        assert services.search.query("'; DROP TABLE accounts; --") == []  # just words
        with workspace.engine.connect() as connection:  # the GIN index is what answers
            plan = connection.execute(text(
                "EXPLAIN SELECT 1 FROM search_index WHERE document @@ "
                "to_tsquery('simple', 'roadm:*')")).scalars().all()
        assert any("search_index" in line for line in plan)


def test_an_older_team_workspace_gets_its_search_index_on_upgrade(pg_url: str) -> None:
    engine = make_engine(pg_url)
    migrate.upgrade(engine, "0009")
    with engine.begin() as connection:  # an account written before the index existed
        connection.execute(text(
            "INSERT INTO accounts (name, name_key, segment, lifecycle_stage, arr_cents, "
            "currency, status, version, created_at, updated_at) VALUES ('Acme Rockets', "
            "'acme rockets', 'high_touch', 'onboarding', 0, 'USD', 'active', 1, now(), now())"))
    engine.dispose()
    with Workspace.open(WorkspaceLocation(url=pg_url)) as workspace:  # upgrades to head
        assert workspace.report.upgraded_from == "0009"
        assert [h.account_name for h in Services(workspace).search.query("rocket")] == [
            "Acme Rockets"]
