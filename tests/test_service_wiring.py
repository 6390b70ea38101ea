"""How services are put together, and what one document export costs.

- No service makes another: `Services` (csdesk/services/__init__.py) makes every service and
  hands each its collaborators.
- A QBR export gathers its facts once: the account's critical path is tracked once, and the
  export runs a fixed, small number of transactions (its facts in one, whatever the size of
  the book, once the health refresh has kept the peers' figures).
- The peers' figures kept by the health refresh give the same benchmarks as computing them.
- The document kinds are declared once (documents/kinds.py); an unknown kind is an error.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, event, select, update

from csdesk.errors import CsdeskError
from csdesk.models import Milestone, PeerFigures, SuccessPlan
from csdesk.services import Services
from csdesk.services.benchmarks import refresh_peer_figures
from csdesk.services.demo import DemoService

TODAY = date(2026, 11, 23)
SERVICES = Path(__file__).resolve().parents[1] / "csdesk" / "services"
# Modules still making services themselves: being rewired (by another change) to receive them
# from Services. Take a module out of this list once it no longer makes any.
BEING_REWIRED = {
    "renewals.py",  # being rewired: RiskService
    "demo.py",  # being rewired: TemplateService, HealthService
    "portfolio_metrics.py",  # being rewired: RenewalService
    "health.py",  # being rewired
}
# A QBR export: its facts (one unit of work), the workspace's choice of template, and the
# snapshot with the activity entry (one unit of work).
QBR_EXPORT_TRANSACTIONS = 3


def _constructions(path: Path) -> list[str]:
    """Every call of a name ending in "Service" in ``path``: ``SomeService(…)``,
    ``module.SomeService(…)``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else ""
            if name.endswith("Service"):
                found.append(f"{path.name}:{node.lineno}: {name}(…)")
    return found


def test_no_service_makes_another() -> None:
    """Services receive their collaborators from Services (csdesk/services/__init__.py), so
    there is one place that knows how they are put together."""
    made = [line for path in sorted(SERVICES.glob("*.py"))
            if path.name != "__init__.py" and path.name not in BEING_REWIRED
            for line in _constructions(path)]
    assert made == [], "services made outside Services.__init__ (take them as keyword " \
                       "arguments and wire them in csdesk/services/__init__.py):\n" + \
                       "\n".join(made)


def test_the_check_sees_a_construction(tmp_path: Path) -> None:
    source = tmp_path / "example.py"
    source.write_text("from csdesk.services import health\n"
                      "def f(ws):\n    return health.HealthService(ws), PlanService(ws)\n")
    assert _constructions(source) == ["example.py:3: HealthService(…)",
                                      "example.py:3: PlanService(…)"]


def test_services_share_their_collaborators(services: Services) -> None:
    assert services.documents._document_facts is services.document_facts
    assert services.document_facts._benchmarks is services.benchmarks
    assert services.benchmarks._health is services.health
    assert services.handover._documents is services.documents
    assert services.importing._mappings is services.mappings
    assert services.people_import._mappings is services.mappings


# What one QBR export costs


@pytest.fixture
def tracked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[frozenset[int]]]:
    """Every critical path tracked, as the set of its stages' milestone ids."""
    from csdesk.services import tracking

    real = tracking.track
    calls: list[frozenset[int]] = []

    def spy(kickoff, stages, today, renewal=None):
        calls.append(frozenset(s.id for s in stages))
        return real(kickoff, stages, today, renewal)

    for name, module in list(sys.modules.items()):
        if name.startswith("csdesk.") and getattr(module, "track", None) is real:
            monkeypatch.setattr(module, "track", spy)
    yield calls


@pytest.fixture
def transactions(services: Services) -> Iterator[list[int]]:
    """Transactions begun on the workspace's engine: SQLAlchemy's ``begin`` event fires once
    per transaction (on SQLite it is where csdesk issues BEGIN IMMEDIATE)."""
    begun: list[int] = []

    def count(_connection) -> None:
        begun.append(1)

    engine = services.workspace.engine
    event.listen(engine, "begin", count)
    yield begun
    event.remove(engine, "begin", count)


def _keep_peer_figures(services: Services, today: date = TODAY) -> int:
    """What the health refresh does: every account's figures kept for ``today``."""
    facts = services.health._facts(today, None)
    with services.workspace.session() as session:
        return refresh_peer_figures(session, today, facts)


def _milestone_ids(services: Services, account_id: int) -> frozenset[int]:
    with services.workspace.session() as session:
        return frozenset(session.scalars(select(Milestone.id).join(SuccessPlan).where(
            SuccessPlan.account_id == account_id)))


def _path_account(services: Services) -> int:
    return next(r.account_id for r in services.critical_path.portfolio(TODAY)
                if r.track.stages and r.track.next_stage is not None)


@pytest.mark.usefixtures("signed")
def test_a_qbr_export_tracks_the_path_once_and_reads_once(
        demo_services: Services, tracked: list[frozenset[int]], transactions: list[int],
        tmp_path: Path) -> None:
    services = demo_services
    account = _path_account(services)
    mine = _milestone_ids(services, account)
    _keep_peer_figures(services)
    tracked.clear()
    transactions.clear()
    services.documents.export_qbr(account, tmp_path / "q.docx", TODAY)
    assert tracked.count(mine) == 1
    assert len(tracked) == 1  # the peers' paths are not tracked again: their figures are kept
    assert len(transactions) <= QBR_EXPORT_TRANSACTIONS
    # Without kept figures (the refresh has not run today) the peers are computed as the
    # refresh would: one more transaction, and still the account's own path once.
    with services.workspace.session() as session:
        session.execute(delete(PeerFigures))
    tracked.clear()
    transactions.clear()
    services.documents.export_qbr(account, tmp_path / "q2.docx", TODAY)
    assert tracked.count(mine) == 1
    assert len(transactions) <= QBR_EXPORT_TRANSACTIONS + 1


@pytest.mark.usefixtures("signed")
def test_the_export_snapshot_comes_from_the_same_facts(demo_services: Services,
                                                       tmp_path: Path) -> None:
    services = demo_services
    account = _path_account(services)
    services.documents.export_qbr(account, tmp_path / "q.docx", TODAY, "2026Q4")
    draft = services.documents.qbr_document(account, TODAY, "2026Q4", charts=False)
    facts = services.documents.facts(account, TODAY)
    assert [kept.quarter for kept in facts.reviews_kept] == ["2026Q4"]
    assert draft.changes == []  # the same review: nothing before it to compare with
    following = services.documents.qbr_document(account, TODAY, "2027Q1", charts=False)
    assert following.changes == ["Since the last review (2026-11-23):", "Nothing has changed."]


def test_kept_peer_figures_give_the_same_benchmarks(services: Services) -> None:
    DemoService(services.workspace).create_book(30, seed=5, today=TODAY)
    with services.workspace.session() as session:
        session.execute(delete(PeerFigures))  # whatever the demo's health refresh kept
    accounts = [a.id for a in services.accounts.list()]

    def everything() -> list:
        return [(services.benchmarks.for_account(a, TODAY),
                 services.documents.facts(a, TODAY).benchmarks) for a in accounts]

    computed = everything()
    assert any(b.percentile is not None for pair in computed for b in pair[0]
               if b.metric != "health")  # the book has peers to compare with
    assert _keep_peer_figures(services) == len(accounts)
    assert everything() == computed
    # Figures kept on another day are not used
    with services.workspace.session() as session:
        session.execute(update(PeerFigures).values(as_of=TODAY - timedelta(days=1),
                                                   ttfv_days=1, kpi_progress=99.9))
    assert everything() == computed
    # A refresh of some accounts keeps theirs, and leaves out an account deleted meanwhile
    facts = services.health._facts(TODAY, accounts[:3])
    services.accounts.delete(accounts[0])
    with services.workspace.session() as session:
        assert refresh_peer_figures(session, TODAY, facts) == 2
        assert sorted(session.scalars(select(PeerFigures.account_id)
                                      .where(PeerFigures.as_of == TODAY))) == accounts[1:3]


# The document kinds


def test_document_kinds_are_declared_once(services: Services) -> None:
    from csdesk.assets import resource
    from csdesk.documents import fields, kinds
    from csdesk.services import documents

    assert fields.KINDS == documents.KINDS == kinds.KINDS == ("plan", "qbr", "brief")
    for kind in kinds.DOCUMENT_KINDS.values():
        assert callable(getattr(services.documents, kind.builder)), kind.name
        assert resource("templates", kind.template).is_file(), kind.name
        assert kind.preview is None or resource("templates", kind.preview).is_file()
        assert set(kind.editable) <= {f for f, _ in fields.describe_fields(kind.name)}
        assert [name for name, _ in fields.describe_fields(kind.name)
                if name.endswith("_chart") or name.endswith("_charts")] == list(kind.charts)
    assert documents.CUSTOMER_KINDS == ("plan", "qbr")
    assert "kpi_charts" not in dict(fields.describe_fields("plan"))


@pytest.mark.usefixtures("signed")
def test_an_unknown_kind_is_an_error_never_a_default(services: Services,
                                                     tmp_path: Path) -> None:
    from csdesk.documents.fields import describe_fields

    account = services.accounts.create(name="Acme")
    for attempt in (
            lambda: services.documents.export("ebr", account.id, tmp_path / "e.docx", TODAY),
            lambda: services.documents.template_for("ebr"),
            lambda: services.documents.builtin_template("ebr"),
            lambda: services.documents.set_default_template("ebr", None),
            lambda: services.documents.build("ebr", services.documents.facts(account.id,
                                                                             TODAY)),
            lambda: describe_fields("ebr")):
        with pytest.raises(CsdeskError, match="unknown document 'ebr': use plan, qbr, brief"):
            attempt()
    assert not (tmp_path / "e.docx").exists()
