"""Schema versions: the revisions build exactly the models' schema, every revision upgrades to
head with data in it, older workspaces are backed up first, newer ones are refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from csdesk.errors import WorkspaceError, WorkspaceTooNewError
from csdesk.models import Base
from csdesk.services import Services
from csdesk.store import Workspace, backup, migrate, resolve_location
from csdesk.store.engine import make_engine


def _seed_0001(connection: Connection) -> None:
    """Data as revision 0001 stored it, written with plain SQL (the models may have moved on)."""
    connection.execute(text(
        "INSERT INTO accounts (id, name, name_key, segment, lifecycle_stage, arr_cents, "
        "currency, status, contract_start, renewal_date, created_at, updated_at) VALUES "
        "(1, 'Acme', 'acme', 'high_touch', 'adoption', 1200000, 'USD', 'active', "
        "'2026-01-01', '2027-01-01', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
    connection.execute(text(
        "INSERT INTO success_plans (id, account_id, status, created_at, updated_at) VALUES "
        "(1, 1, 'discovery', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
    connection.execute(text(
        "INSERT INTO canvas_items (plan_id, kind, position, text, created_at, updated_at) "
        "VALUES (1, 'objective', 0, 'Grow pipeline', '2026-01-01 00:00:00', "
        "'2026-01-01 00:00:00')"))
    connection.execute(text(
        "INSERT INTO meetings (id, account_id, kind, title, held_on, notes, created_at, "
        "updated_at) VALUES (1, 1, 'kickoff', 'Kick-off', '2026-01-05', 'Notes', "
        "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"))


def _seed_0002(connection: Connection) -> None:
    """As 0001, with the search index filled the way csdesk at 0002 keeps it."""
    _seed_0001(connection)
    fill = migrate.script_directory().get_revision("0002").module.FILL
    for select_rows in fill:
        connection.execute(text("INSERT INTO search_index (rowid, kind, ref_id, account_id, "
                                "title, body) " + select_rows))


def _seed_0007(connection: Connection) -> None:
    """As 0002, plus a risk with a mitigation action (risks arrived in 0007)."""
    _seed_0002(connection)
    connection.execute(text(
        "INSERT INTO risks (account_id, kind, severity, status, title, detected_on, "
        "created_at, updated_at) SELECT id, 'budget', 'high', 'open', 'Budget review', "
        "'2026-11-01', '2026-11-01', '2026-11-01' FROM accounts"))
    connection.execute(text(
        "INSERT INTO action_items (account_id, risk_id, text, owner_side, created_at, "
        "updated_at) SELECT account_id, id, 'ROI one-pager', 'ours', '2026-11-01', "
        "'2026-11-01' FROM risks"))


def _seed_0013(connection: Connection) -> None:
    """As 0007, plus the peer figures a health refresh kept (peer_figures arrived in 0013)."""
    _seed_0007(connection)
    connection.execute(text(
        "INSERT INTO peer_figures (account_id, as_of, ttfv_days, kpi_progress) "
        "SELECT id, '2026-11-01', 42, 37.5 FROM accounts"))


# Every revision needs a seeder: add one with each new revision.
SEEDERS: dict[str, Callable[[Connection], None]] = {
    "0001": _seed_0001, "0002": _seed_0002, "0003": _seed_0002, "0004": _seed_0002,
    "0005": _seed_0002, "0006": _seed_0002, "0007": _seed_0007, "0008": _seed_0007,
    "0009": _seed_0007, "0010": _seed_0007, "0011": _seed_0007,
    "0012": _seed_0007, "0013": _seed_0013, "0014": _seed_0013, "0015": _seed_0013,
    "0016": _seed_0013}


def _revisions() -> list[str]:
    return [r.revision for r in reversed(list(migrate.script_directory().walk_revisions()))]


def test_risks_survive_the_upgrades_after_them(db_path: Path) -> None:
    engine = make_engine(f"sqlite:///{db_path}", enforce_foreign_keys=False)
    migrate.upgrade(engine, "0007")
    with engine.begin() as connection:
        _seed_0007(connection)
    engine.dispose()
    with Workspace.open(resolve_location(db_path), daily_backup=False) as workspace:
        services = Services(workspace)
        account = services.accounts.find("acme")
        [risk] = services.risks.for_account(account.id)
        assert (risk.title, [a.text for a in risk.actions]) == ("Budget review",
                                                                ["ROI one-pager"])


def test_every_revision_has_seed_data() -> None:
    assert set(_revisions()) == set(SEEDERS)


@pytest.mark.parametrize("revision", _revisions())
def test_upgrade_from_each_revision_keeps_the_data(revision: str, db_path: Path) -> None:
    engine = make_engine(f"sqlite:///{db_path}", enforce_foreign_keys=False)
    migrate.upgrade(engine, revision)
    with engine.begin() as connection:
        SEEDERS[revision](connection)
    engine.dispose()
    with Workspace.open(resolve_location(db_path)) as workspace:
        services = Services(workspace)
        account = services.accounts.find("acme")
        assert account.arr_cents == 1200000
        plan = services.plans.get(account.id)
        assert [i.text for i in plan.items] == ["Grow pipeline"]
        assert services.meetings.for_account(account.id)[0].title == "Kick-off"
        with workspace.session() as session:  # the search index covers data from before it
            from csdesk.store import fulltext

            hits = fulltext.search(session, "pipeline")
        assert [(h.kind, h.account_name) for h in hits] == [("canvas", "Acme")]
        # The schema's rules survive every upgrade (SQLite rebuilds tables to alter them)
        with pytest.raises(IntegrityError), workspace.session() as session:
            session.execute(text("UPDATE accounts SET arr_cents = -1"))
        with pytest.raises(IntegrityError), workspace.session() as session:
            session.execute(text("UPDATE accounts SET segment = 'vip'"))
        with pytest.raises(IntegrityError), workspace.session() as session:
            session.execute(text("UPDATE accounts SET sentiment = 150"))
        with pytest.raises(IntegrityError), workspace.session() as session:
            session.execute(text("INSERT INTO contacts (account_id, name, role, created_at, "
                                 "updated_at) VALUES (999, 'x', 'other', '2026-01-01', "
                                 "'2026-01-01')"))
        assert migrate.schema_state(workspace.engine).at_head


def test_migrations_build_exactly_the_models_schema(db_path: Path) -> None:
    engine = make_engine(f"sqlite:///{db_path}", enforce_foreign_keys=False)
    migrate.upgrade(engine, "head")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            "include_name": lambda n, t, _p: t != "table" or migrate.is_model_table(n),
        })
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_a_workspace_from_a_newer_csdesk_is_refused(db_path: Path) -> None:
    Workspace.open(resolve_location(db_path)).close()
    engine = make_engine(f"sqlite:///{db_path}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    engine.dispose()
    with pytest.raises(WorkspaceTooNewError, match="newer csdesk"):
        Workspace.open(resolve_location(db_path))


def test_an_older_workspace_is_backed_up_before_it_is_upgraded(db_path: Path) -> None:
    engine = make_engine(f"sqlite:///{db_path}", enforce_foreign_keys=False)
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        _seed_0001(connection)
    engine.dispose()
    with Workspace.open(resolve_location(db_path), daily_backup=False) as workspace:
        assert workspace.report.upgraded_from == "0001"
        assert migrate.schema_state(workspace.engine).at_head
    saved = backup.list_backups(db_path)
    assert [b.reason for b in saved] == ["pre-migration"]
    backup_engine = make_engine(f"sqlite:///{saved[0].path}")
    assert migrate.schema_state(backup_engine).revision == "0001"  # the state before upgrading
    backup_engine.dispose()


def test_a_migration_that_fails_half_way_leaves_the_workspace_as_it_was(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(f"sqlite:///{db_path}", enforce_foreign_keys=False)
    migrate.upgrade(engine, "0003")
    with engine.begin() as connection:
        _seed_0002(connection)
    engine.dispose()
    from alembic.operations import Operations

    real_create = Operations.create_table
    calls: list[str] = []

    def create_then_fail(self, name, *columns, **kw):
        calls.append(name)
        if len(calls) > 1:  # the first new table is made, then the disk fills up
            raise RuntimeError("disk full")
        return real_create(self, name, *columns, **kw)

    monkeypatch.setattr(Operations, "create_table", create_then_fail)
    with pytest.raises(WorkspaceError, match="failed .RuntimeError: disk full.; it was left"):
        Workspace.open(resolve_location(db_path))
    engine = make_engine(f"sqlite:///{db_path}")
    with engine.connect() as connection:
        from sqlalchemy import inspect

        tables = inspect(connection).get_table_names()
        assert "roadmap_items" not in tables and "qbr_snapshots" not in tables
        assert connection.execute(text("SELECT name FROM accounts")).scalars().all() == ["Acme"]
    assert migrate.schema_state(engine).revision == "0003"
    engine.dispose()
    assert len(calls) == 2
    monkeypatch.setattr(Operations, "create_table", real_create)
    with Workspace.open(resolve_location(db_path)) as workspace:  # and it upgrades next time
        assert migrate.schema_state(workspace.engine).at_head


def test_the_list_of_revisions_matches_the_scripts() -> None:
    assert list(migrate.REVISIONS) == _revisions()
    assert migrate.script_directory().get_current_head() == migrate.HEAD
