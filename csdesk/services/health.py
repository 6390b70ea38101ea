"""Health scores from the workspace: gather each account's facts in a few queries, score them
(services/health_score.py), keep the score on the account and a dated snapshot when it moves.

An account not scored yet, churned or archived keeps no score (``health_score`` is None), so
it stays out of every health figure."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from csdesk import clock
from csdesk.errors import ValidationError
from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    ActivityAction,
    HealthSnapshot,
    Kpi,
    KpiReading,
    Meeting,
    Risk,
    RiskStatus,
    SuccessPlan,
    SurveyKind,
    SurveyResponse,
    WorkspaceSetting,
)
from csdesk.services.base import Service, get_to_change, record, refuse_overwrite
from csdesk.services.benchmarks import refresh_peer_figures
from csdesk.services.critical_path import stages_by_account
from csdesk.services.health_score import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    HealthFacts,
    HealthScore,
    first_meeting_due,
    kpi_progress,
    left_book_score,
    score_health,
)
from csdesk.services.tracking import PathHealth, track
from csdesk.services.validation import optional_block

WEIGHTS_KEY = "health_weights"
VOICE_WINDOW_DAYS = 180


class HealthService(Service):
    # Weights

    def weights(self) -> dict[str, int]:
        with self._uow() as session:
            return _weights(session)

    def set_weights(self, weights: dict[str, Any]) -> dict[str, int]:
        clean: dict[str, int] = {}
        errors = {}
        for key, value in weights.items():
            if key not in COMPONENTS:
                errors[key] = f"unknown health component '{key}'"
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                errors[key] = f"{COMPONENTS[key][0]}: the weight must be 0 to 100"
                continue
            clean[key] = value
        merged = {**self.weights(), **clean}
        if not errors and not any(merged.values()):
            errors["weights"] = "at least one component needs a weight above 0"
        if errors:
            raise ValidationError(errors)
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, WEIGHTS_KEY)
            if setting is None:
                session.add(WorkspaceSetting(key=WEIGHTS_KEY, value=merged))
            else:
                setting.value = merged
        return merged

    # Sentiment

    def set_sentiment(self, account_id: int, sentiment: int | None, note: str | None,
                      today: date, *, original: tuple[int | None, str | None] | None = None,
                      ) -> tuple[int | None, str | None]:
        """The CSM's own read, 0–100. It needs a note saying why. ``original``: the
        sentiment and note this edit began from; someone else's since raises ConflictError.
        Returns the sentiment and note as stored."""
        clean_note = optional_block(note, "sentiment note", 2000)
        if sentiment is not None:
            if isinstance(sentiment, bool) or not isinstance(sentiment, int) \
                    or not 0 <= sentiment <= 100:
                raise ValidationError({"sentiment": "sentiment must be 0 to 100"})
            if not clean_note:
                raise ValidationError({"sentiment_note": "say why: a sentiment needs a note"})
        with self._uow() as session:
            account = get_to_change(session, Account, account_id, "account")
            mine: dict[str, Any] = {"sentiment": sentiment,
                    "sentiment_note": clean_note if sentiment is not None else None}
            refuse_overwrite(account, mine,
                             None if original is None else dict(zip(
                                 ("sentiment", "sentiment_note"), original, strict=True)),
                             {}, f"The sentiment of {account.name}")
            account.sentiment, account.sentiment_note = sentiment, mine["sentiment_note"]
            account.sentiment_on = today if sentiment is not None else None
            summary = (f"CSM sentiment set to {sentiment}: {clean_note}" if sentiment is not None
                       else "CSM sentiment cleared")
            record(session, account_id=account_id, entity="account", entity_id=account_id,
                   action=ActivityAction.UPDATED, summary=summary)
        return sentiment, mine["sentiment_note"]

    # Scores

    def explain(self, account_id: int, today: date) -> HealthScore:
        with self._uow() as session:
            weights = _weights(session)
            facts = _gather_facts(session, today, [account_id])
            row = session.execute(select(Account.status, Account.archived_at)
                                  .where(Account.id == account_id)).first()
        why = _left_book(*row) if row else None
        account_facts = facts.get(account_id, HealthFacts(as_of=today))
        if why:
            return left_book_score(account_facts, weights, why)
        return score_health(account_facts, weights)

    def refresh(self, today: date, account_ids: list[int] | None = None) -> int:
        """Recompute scores (all accounts, or some); keep a snapshot when one moves. An account
        not scored yet, churned or archived is left without a score (and no snapshot).
        Returns how many scores changed.

        Some accounts (an edit): a fixed handful of queries, each by account id, whatever the
        size of the book. Written as plain rows: a score is not in the search index, so
        the accounts are not loaded as objects (each update re-indexed its account)."""
        changed = 0
        scores: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        inserts: list[dict[str, Any]] = []
        with self._uow() as session:  # one transaction: the facts and the scores agree
            weights = _weights(session)
            facts = _gather_facts(session, today, account_ids)
            query = select(Account.id, Account.status, Account.archived_at,
                           Account.health_score).order_by(Account.id)
            if account_ids is not None:
                query = query.where(Account.id.in_(account_ids))
            accounts = session.execute(query).all()
            latest = _latest_snapshots(session, account_ids)
            # documents compare an account with its peers from these, not by tracking them all
            refresh_peer_figures(session, today, facts)
            for account_id, status, archived_at, stored in accounts:
                result = score_health(facts.get(account_id, HealthFacts(as_of=today)), weights)
                if result.score is None or _left_book(status, archived_at):
                    if stored is not None:
                        scores.append({"i": account_id, "s": None})
                        changed += 1
                    continue
                if stored != result.score:
                    scores.append({"i": account_id, "s": result.score})
                last = latest.get(account_id)
                if last is not None and last.score == result.score:
                    continue
                changed += 1
                if last is not None and last.taken_on == today:
                    updates.append({"i": last.id, "s": result.score,
                                    "c": result.as_json()})
                else:
                    inserts.append({"account_id": account_id, "taken_on": today,
                                    "score": result.score, "components": result.as_json()})
            if scores:  # as an edit through the ORM would: a new version, a new updated_at
                session.execute(
                    update(Account.__table__)
                    .where(Account.__table__.c.id == bindparam("i"))
                    .values(health_score=bindparam("s"),
                            version=Account.__table__.c.version + 1,
                            updated_at=bindparam("now", type_=Account.updated_at.type)),
                    [{**row, "now": clock.now()} for row in scores])
            if updates:
                table = HealthSnapshot.__table__
                session.execute(update(table).where(table.c.id == bindparam("i"))
                                .values(score=bindparam("s"),
                                        components=bindparam("c", type_=table.c.components.type)),
                                updates)
            if inserts:
                session.execute(insert(HealthSnapshot), inserts)
            for stale in [obj for obj in session.identity_map.values()
                          if isinstance(obj, Account | HealthSnapshot)]:
                session.expire(stale)  # a caller's unit of work sees the new scores
        return changed

    def history(self, account_id: int) -> list[HealthSnapshot]:
        with self._uow() as session:
            return list(session.scalars(select(HealthSnapshot)
                                        .where(HealthSnapshot.account_id == account_id)
                                        .order_by(HealthSnapshot.taken_on)))

    def _facts(self, today: date, account_ids: list[int] | None) -> dict[int, HealthFacts]:
        """Every account's facts in a handful of queries, whatever the size of the book."""
        with self._uow() as session:
            return _gather_facts(session, today, account_ids)


def _weights(session: Session) -> dict[str, int]:
    setting = session.get(WorkspaceSetting, WEIGHTS_KEY)
    stored = setting.value if setting else {}
    return {**DEFAULT_WEIGHTS, **{k: int(v) for k, v in stored.items() if k in COMPONENTS}}


def _gather_facts(session: Session, today: date, account_ids: list[int] | None
                  ) -> dict[int, HealthFacts]:
    """The accounts' facts (all, or ``account_ids``) in the caller's unit of work: a dozen
    queries, each by account id when some are asked for, whatever the size of the book."""
    def only(query, column):
        return query if account_ids is None else query.where(column.in_(account_ids))

    # Core rows (the ORM's handling of column rows cost a third as much again), after any
    # change still pending in the caller's unit of work.
    session.flush()
    connection = session.connection()
    accounts = connection.execute(only(select(Account.id, Account.renewal_date,
                                           Account.sentiment, Account.sentiment_note,
                                           Account.contract_start, Account.created_at),
                                    Account.id)).all()
    plans = dict(connection.execute(only(select(SuccessPlan.id, SuccessPlan.account_id),
                                      SuccessPlan.account_id)).all())
    kickoffs = dict(connection.execute(only(select(SuccessPlan.account_id,
                                                SuccessPlan.kickoff_date),
                                         SuccessPlan.account_id)).all())
    # Readings as plain rows: tens of thousands of ORM objects cost seconds.
    readings = defaultdict(list)
    for kpi_id, taken_on, value in connection.execute(only(
            select(KpiReading.kpi_id, KpiReading.taken_on, KpiReading.value)
            .join(Kpi, Kpi.id == KpiReading.kpi_id)
            .join(SuccessPlan, SuccessPlan.id == Kpi.plan_id)
            .order_by(KpiReading.kpi_id, KpiReading.taken_on),
            SuccessPlan.account_id)):
        readings[kpi_id].append((taken_on, value))
    kpis = defaultdict(list)
    kpi_query = (select(Kpi.id, Kpi.plan_id, Kpi.baseline, Kpi.target, Kpi.target_date,
                        Kpi.created_at)
                 .join(SuccessPlan, SuccessPlan.id == Kpi.plan_id))
    for kpi in connection.execute(only(kpi_query, SuccessPlan.account_id)):
        kpis[plans[kpi.plan_id]].append((kpi, readings.get(kpi.id, [])))
    last_meeting = dict(connection.execute(only(
        select(Meeting.account_id, func.max(Meeting.held_on))
        .where(Meeting.held_on <= today).group_by(Meeting.account_id),
        Meeting.account_id)).all())
    voice: defaultdict[int, tuple[list[Any], list[Any]]] = defaultdict(lambda: ([], []))
    for account_id, kind, score in connection.execute(only(
            select(SurveyResponse.account_id, SurveyResponse.kind, SurveyResponse.score)
            .where(SurveyResponse.responded_on > today - timedelta(VOICE_WINDOW_DAYS),
                   SurveyResponse.responded_on <= today), SurveyResponse.account_id)):
        voice[account_id][0 if kind is SurveyKind.NPS else 1].append(score)
    overdue = dict(connection.execute(only(
        select(ActionItem.account_id, func.count())
        .where(ActionItem.done_on.is_(None), ActionItem.due_date < today)
        .group_by(ActionItem.account_id), ActionItem.account_id)).all())
    stages = stages_by_account(session, account_ids)
    risks = defaultdict(list)
    for account_id, title, severity in session.execute(only(
            select(Risk.account_id, Risk.title, Risk.severity)
            .where(Risk.status.in_([RiskStatus.OPEN, RiskStatus.MITIGATING]))
            .order_by(Risk.detected_on), Risk.account_id)):
        risks[account_id].append((title, severity.value))
    facts = {}
    for account in accounts:
        path = track(kickoffs.get(account.id), stages.get(account.id, []), today,
                     account.renewal_date)
        kpi_now, kpi_expected = kpi_progress(kpis.get(account.id, []),
                                              kickoffs.get(account.id), today)
        met = last_meeting.get(account.id)
        nps_scores, csat_scores = voice.get(account.id, ([], []))
        facts[account.id] = HealthFacts(
            kpi_progress=kpi_now, kpi_expected=kpi_expected,
            days_since_meeting=(today - met).days if met else None,
            nps_scores=list(nps_scores), csat_scores=list(csat_scores),
            path_planned=path.health is not PathHealth.NOT_PLANNED,
            path_days_late=path.days_late, path_health=path.health.value,
            path_reason=path.reason, overdue_actions=overdue.get(account.id, 0),
            sentiment=account.sentiment, sentiment_note=account.sentiment_note,
            ttfv_days=path.ttfv_days, open_risks=risks.get(account.id, []),
            as_of=today, contract_start=account.contract_start,
            first_meeting_by=first_meeting_due(
                account.contract_start,
                account.created_at.astimezone().date() if account.created_at else None))
    return facts


def left_book(status: AccountStatus, archived_at: object) -> str | None:
    """How an account left the book ("has churned", "is archived"), or None while it is in
    it: health and early warnings watch the accounts in the book only."""
    if status is AccountStatus.CHURNED:
        return "has churned"
    return "is archived" if archived_at is not None else None


def _left_book(status: AccountStatus, archived_at: object) -> str | None:
    """Why a churned or archived account is not scored, or None for an account in the book."""
    how = left_book(status, archived_at)
    return f"the account {how}, so it is left out of the health figures" if how else None


def _latest_snapshots(session: Session, account_ids: list[int] | None) -> dict[int, Any]:
    """Each account's latest snapshot (id, account_id, taken_on, score), without its
    components: one row per account, not its whole history."""
    newest = (select(HealthSnapshot.account_id, func.max(HealthSnapshot.taken_on).label("day"))
              .group_by(HealthSnapshot.account_id))
    if account_ids is not None:
        newest = newest.where(HealthSnapshot.account_id.in_(account_ids))
    latest = newest.subquery()
    rows = session.execute(
        select(HealthSnapshot.id, HealthSnapshot.account_id, HealthSnapshot.taken_on,
               HealthSnapshot.score)
        .join(latest, and_(latest.c.account_id == HealthSnapshot.account_id,
                           latest.c.day == HealthSnapshot.taken_on)))
    return {row.account_id: row for row in rows}
