"""Health scores from the workspace: gather each account's facts in a few queries, score them
(services/health_score.py), keep the score on the account and a dated snapshot when it moves.

An account not scored yet, churned or archived keeps no score (``health_score`` is None), so
it stays out of every health figure."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

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
from csdesk.services.critical_path import stages_by_account
from csdesk.services.health_score import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    HealthFacts,
    HealthScore,
    expected_share,
    first_meeting_due,
    left_book_score,
    score_health,
)
from csdesk.services.measures import progress
from csdesk.services.tracking import PathHealth, track
from csdesk.services.validation import optional_block

WEIGHTS_KEY = "health_weights"
VOICE_WINDOW_DAYS = 180


class HealthService(Service):
    # Weights

    def weights(self) -> dict[str, int]:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, WEIGHTS_KEY)
            stored = setting.value if setting else {}
        return {**DEFAULT_WEIGHTS, **{k: int(v) for k, v in stored.items() if k in COMPONENTS}}

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
            mine = {"sentiment": sentiment,
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
        facts = self._facts(today, [account_id])
        with self._uow() as session:
            row = session.execute(select(Account.status, Account.archived_at)
                                  .where(Account.id == account_id)).first()
        why = _left_book(*row) if row else None
        account_facts = facts.get(account_id, HealthFacts(as_of=today))
        if why:
            return left_book_score(account_facts, self.weights(), why)
        return score_health(account_facts, self.weights())

    def refresh(self, today: date, account_ids: list[int] | None = None) -> int:
        """Recompute scores (all accounts, or some); keep a snapshot when one moves. An account
        not scored yet, churned or archived is left without a score (and no snapshot).
        Returns how many scores changed."""
        weights = self.weights()
        facts = self._facts(today, account_ids)
        changed = 0
        with self._uow() as session:
            query = select(Account)
            if account_ids is not None:
                query = query.where(Account.id.in_(account_ids))
            accounts = list(session.scalars(query))
            latest = _latest_snapshots(session, [a.id for a in accounts])
            for account in accounts:
                result = score_health(facts.get(account.id, HealthFacts(as_of=today)), weights)
                if result.score is None or _left_book(account.status, account.archived_at):
                    if account.health_score is not None:
                        account.health_score = None
                        changed += 1
                    continue
                account.health_score = result.score
                last = latest.get(account.id)
                if last is not None and last.score == result.score:
                    continue
                changed += 1
                if last is not None and last.taken_on == today:
                    last.score, last.components = result.score, result.as_json()
                else:
                    session.add(HealthSnapshot(account_id=account.id, taken_on=today,
                                               score=result.score,
                                               components=result.as_json()))
        return changed

    def history(self, account_id: int) -> list[HealthSnapshot]:
        with self._uow() as session:
            return list(session.scalars(select(HealthSnapshot)
                                        .where(HealthSnapshot.account_id == account_id)
                                        .order_by(HealthSnapshot.taken_on)))

    def _facts(self, today: date, account_ids: list[int] | None) -> dict[int, HealthFacts]:
        """Every account's facts in a handful of queries, whatever the size of the book."""
        def only(query, column):
            return query if account_ids is None else query.where(column.in_(account_ids))

        with self._uow() as session:
            accounts = session.execute(only(select(Account.id, Account.renewal_date,
                                                   Account.sentiment, Account.sentiment_note,
                                                   Account.contract_start, Account.created_at),
                                            Account.id)).all()
            plans = dict(session.execute(only(select(SuccessPlan.id, SuccessPlan.account_id),
                                              SuccessPlan.account_id)).all())
            kickoffs = dict(session.execute(only(select(SuccessPlan.account_id,
                                                        SuccessPlan.kickoff_date),
                                                 SuccessPlan.account_id)).all())
            # Readings as plain rows: tens of thousands of ORM objects cost seconds.
            readings = defaultdict(list)
            for kpi_id, taken_on, value in session.execute(only(
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
            for kpi in session.execute(only(kpi_query, SuccessPlan.account_id)):
                kpis[plans[kpi.plan_id]].append((kpi, readings.get(kpi.id, [])))
            last_meeting = dict(session.execute(only(
                select(Meeting.account_id, func.max(Meeting.held_on))
                .where(Meeting.held_on <= today).group_by(Meeting.account_id),
                Meeting.account_id)).all())
            voice = defaultdict(lambda: ([], []))
            for account_id, kind, score in session.execute(only(
                    select(SurveyResponse.account_id, SurveyResponse.kind, SurveyResponse.score)
                    .where(SurveyResponse.responded_on > today - timedelta(VOICE_WINDOW_DAYS),
                           SurveyResponse.responded_on <= today), SurveyResponse.account_id)):
                voice[account_id][0 if kind is SurveyKind.NPS else 1].append(score)
            overdue = dict(session.execute(only(
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
            kpi_now, kpi_expected = _kpi_progress(kpis.get(account.id, []),
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


def _left_book(status: AccountStatus, archived_at: object) -> str | None:
    """Why a churned or archived account is not scored, or None for an account in the book."""
    if status is AccountStatus.CHURNED:
        return "the account has churned: churned accounts leave health figures"
    if archived_at is not None:
        return "the account is archived: archived accounts leave health figures"
    return None


def _kpi_progress(kpis: list, kickoff: date | None, today: date
                  ) -> tuple[Decimal | None, Decimal | None]:
    shares, expected = [], []
    for kpi, readings in kpis:
        current = [value for taken_on, value in readings if taken_on <= today]
        share = progress(kpi.baseline, kpi.target, current[-1] if current else None)
        if share is None:
            continue
        shares.append(share)
        start = kickoff or (kpi.created_at.date() if kpi.created_at else None)
        expect = expected_share(start, kpi.target_date, today)
        if expect is not None:
            expected.append(expect)
    if not shares:
        return None, None
    mean = sum(shares, Decimal(0)) / len(shares)
    return mean, (sum(expected, Decimal(0)) / len(expected) if expected else None)


def _latest_snapshots(session, account_ids: list[int]) -> dict[int, HealthSnapshot]:
    latest: dict[int, HealthSnapshot] = {}
    for snapshot in session.scalars(select(HealthSnapshot)
                                    .where(HealthSnapshot.account_id.in_(account_ids))
                                    .order_by(HealthSnapshot.taken_on)):
        latest[snapshot.account_id] = snapshot
    return latest
