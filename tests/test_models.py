"""The schema itself refuses impossible data, whatever code writes it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DataError, IntegrityError, StatementError
from sqlalchemy.orm import selectinload

from csdesk.models import (
    Account,
    Contact,
    Kpi,
    KpiReading,
    LifecycleStage,
    Segment,
    StakeholderRole,
    SuccessPlan,
    SurveyKind,
    SurveyResponse,
)
from csdesk.store import Workspace


def _account(name: str = "Acme", **fields: object) -> Account:
    return Account(name=name, name_key=name.casefold(), **fields)


@pytest.mark.parametrize("fields", [
    {"arr_cents": -1},
    {"employees": -5},
    {"founded": 99},
    {"contract_start": date(2026, 3, 1), "renewal_date": date(2026, 1, 1)},
    {"health_score": 101},
    {"currency": "DOLLARS"},
])
def test_check_constraints_refuse_impossible_accounts(workspace: Workspace, fields) -> None:
    # PostgreSQL refuses a too-long value before its CHECK: a DataError rather than an
    # IntegrityError. Either way the database itself refuses it.
    with pytest.raises((IntegrityError, DataError)), workspace.session() as session:
        session.add(_account(**fields))
    with workspace.session() as session:
        assert session.scalar(select(Account)) is None


def test_account_names_are_unique_ignoring_case(workspace: Workspace) -> None:
    with workspace.session() as session:
        session.add(_account("Acme"))
    with pytest.raises(IntegrityError), workspace.session() as session:
        session.add(Account(name="ACME", name_key="acme"))


@pytest.mark.parametrize(("kind", "score", "ok"), [
    (SurveyKind.NPS, 0, True), (SurveyKind.NPS, 10, True), (SurveyKind.NPS, 11, False),
    (SurveyKind.CSAT, 1, True), (SurveyKind.CSAT, 5, True), (SurveyKind.CSAT, 0, False),
    (SurveyKind.CSAT, 6, False),
])
def test_survey_scores_are_range_checked_per_kind(workspace, kind, score, ok) -> None:
    with workspace.session() as session:
        account = _account()
        session.add(account)
    def add() -> None:
        with workspace.session() as session:
            session.add(SurveyResponse(account_id=account.id, kind=kind, score=score,
                                       responded_on=date(2026, 1, 1)))
    if ok:
        add()
    else:
        with pytest.raises(IntegrityError):
            add()


def test_unknown_enum_value_is_refused(workspace: Workspace) -> None:
    with pytest.raises(IntegrityError), workspace.session() as session:
        session.execute(text("INSERT INTO accounts (name, name_key, segment, lifecycle_stage, "
                             "arr_cents, currency, status) VALUES ('X', 'x', 'vip', "
                             "'onboarding', 0, 'USD', 'active')"))


def test_deleting_an_account_removes_what_belongs_to_it(workspace: Workspace) -> None:
    with workspace.session() as session:
        account = _account(plan=SuccessPlan())
        session.add(account)
        session.add(Contact(account=account, name="Dana", role=StakeholderRole.CHAMPION))
    with workspace.session() as session:
        session.execute(text("DELETE FROM accounts"))  # the database cascades, not just the ORM
    with workspace.session() as session:
        assert session.scalar(text("SELECT count(*) FROM contacts")) == 0
        assert session.scalar(text("SELECT count(*) FROM success_plans")) == 0


def test_foreign_keys_are_enforced(workspace: Workspace) -> None:
    with pytest.raises(IntegrityError), workspace.session() as session:
        session.add(Contact(account_id=999, name="Nobody"))


def test_timestamps_come_back_in_utc(workspace: Workspace) -> None:
    tokyo = timezone(timedelta(hours=9))
    with workspace.session() as session:
        account = _account(archived_at=datetime(2026, 5, 1, 9, 0, tzinfo=tokyo))
        session.add(account)
    with workspace.session() as session:
        stored = session.get(Account, account.id)
        assert stored.archived_at == datetime(2026, 5, 1, 0, 0, tzinfo=UTC)
        assert stored.archived_at.tzinfo is UTC
        assert stored.created_at.tzinfo is UTC


def test_naive_datetimes_are_refused(workspace: Workspace) -> None:
    with pytest.raises(StatementError, match="timezone-aware"), workspace.session() as session:
        session.add(_account(archived_at=datetime(2026, 5, 1, 9, 0)))


def test_kpi_values_are_exact_decimals(workspace: Workspace) -> None:
    with workspace.session() as session:
        plan = SuccessPlan(account=_account())
        kpi = Kpi(plan=plan, name="Conversion", baseline=Decimal("0.1"),
                  target=Decimal("0.30000000000000004"))
        session.add_all([plan, kpi, KpiReading(kpi=kpi, taken_on=date(2026, 1, 1),
                                               value=Decimal("0.2"))])
    with workspace.session() as session:
        stored = session.get(Kpi, kpi.id, options=[selectinload(Kpi.readings)])
        assert stored.target == Decimal("0.30000000000000004")
        assert stored.readings[0].value + stored.baseline == Decimal("0.3")


@pytest.mark.parametrize(("arr", "mrr"), [(1200000, 100000), (100, 8), (99, 8), (90, 8),
                                          (6, 1), (5, 0), (0, 0)])
def test_mrr_is_arr_over_twelve_rounded_half_up(arr: int, mrr: int) -> None:
    assert _account(arr_cents=arr).mrr_cents == mrr


def test_enum_labels_and_parsing_use_the_domain_words() -> None:
    assert Segment.parse("High-touch") is Segment.HIGH_TOUCH
    assert Segment.parse("enterprise") is Segment.HIGH_TOUCH
    assert LifecycleStage.parse("Free trial") is LifecycleStage.FREE_TRIAL
    assert StakeholderRole.CHAMPION.label == "Internal champion"
    with pytest.raises(ValueError, match="not one of"):
        Segment.parse("platinum")
