"""Early-warning rules: facts in the data that *propose* a risk, for the CSM to accept or dismiss.

Each rule looks at one kind of fact and names it with a key (the meeting date, the response, the
milestone, the snapshot…). A proposal whose rule and key already became a risk, or were
dismissed, is not proposed again; new facts (a later meeting and a new silence, another
detractor) make a new proposal. Rules and thresholds are workspace settings
(`early_warning_rules`), because everyone using the workspace should see the same warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from csdesk.errors import ValidationError
from csdesk.models import (
    Account,
    AccountStatus,
    ActivityAction,
    ActivityEntry,
    HealthSnapshot,
    Meeting,
    Risk,
    RiskKind,
    RiskSeverity,
    SuccessPlan,
    SurveyKind,
    SurveyResponse,
    WorkspaceSetting,
)
from csdesk.services.base import Service
from csdesk.services.health_score import Band, band_of
from csdesk.services.proposals import handled_facts

RULES_KEY = "early_warning_rules"


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # with {days} for the threshold
    days: int  # the default threshold (or look-back) in days
    kind: RiskKind
    severity: RiskSeverity

    def describe(self, days: int) -> str:
        return self.label.format(days=days)


RULES: dict[str, Rule] = {rule.key: rule for rule in (
    Rule("no_meeting", "No meeting in {days} days", 45, RiskKind.ENGAGEMENT,
         RiskSeverity.MEDIUM),
    Rule("champion_left", "Champion contact removed (in the last {days} days)", 90,
         RiskKind.CHAMPION_LEFT, RiskSeverity.HIGH),
    Rule("nps_detractor", "NPS detractor response (in the last {days} days)", 90,
         RiskKind.SENTIMENT, RiskSeverity.MEDIUM),
    Rule("health_drop", "Health dropped a band (in the last {days} days)", 30,
         RiskKind.ADOPTION, RiskSeverity.MEDIUM),
    Rule("milestone_slip", "A milestone slipping more than {days} days", 14,
         RiskKind.ONBOARDING, RiskSeverity.MEDIUM),
    Rule("renewal_unhealthy", "Renewal within {days} days while not healthy", 90,
         RiskKind.RENEWAL, RiskSeverity.HIGH),
)}
MAX_DAYS = 730


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool
    days: int


@dataclass(frozen=True)
class Proposal:
    """A risk the data suggests, not yet accepted or dismissed."""

    account_id: int
    account_name: str
    rule: str
    fact_key: str
    kind: RiskKind
    severity: RiskSeverity
    title: str
    why: str
    detected_on: date
    arr_at_risk_cents: int | None


def _settings(session: Any) -> dict[str, RuleSetting]:
    stored = session.get(WorkspaceSetting, RULES_KEY)
    values = stored.value if stored and isinstance(stored.value, dict) else {}
    result = {}
    for key, rule in RULES.items():
        entry = values.get(key)
        if not isinstance(entry, dict):
            entry = {}
        days = entry.get("days", rule.days)
        result[key] = RuleSetting(bool(entry.get("enabled", True)),
                                  days if isinstance(days, int) and 1 <= days <= MAX_DAYS
                                  else rule.days)
    return result


class EarlyWarningService(Service):
    def settings(self) -> dict[str, RuleSetting]:
        with self._uow() as session:
            return _settings(session)

    def set_settings(self, settings: dict[str, dict[str, Any]]) -> dict[str, RuleSetting]:
        errors = {}
        clean: dict[str, dict[str, Any]] = {}
        for key, entry in settings.items():
            if key not in RULES:
                errors[key] = f"no rule '{key}'"
                continue
            days = entry.get("days")
            if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
                errors[key] = f"the days are a whole number from 1 to {MAX_DAYS}"
                continue
            clean[key] = {"enabled": bool(entry.get("enabled", True)), "days": days}
        if errors:
            raise ValidationError(errors)
        with self._uow() as session:
            stored = session.get(WorkspaceSetting, RULES_KEY)
            merged = {**(stored.value if stored else {}), **clean}
            if stored is None:
                session.add(WorkspaceSetting(key=RULES_KEY, value=merged))
            else:
                stored.value = merged
        return self.settings()

    def proposals(self, today: date, account_ids: list[int] | None = None) -> list[Proposal]:
        """Every proposal across the (active) book, or for some accounts, most severe first."""
        with self._uow() as session:
            settings = _settings(session)
            query = select(Account.id, Account.name, Account.arr_cents, Account.renewal_date,
                           Account.health_score, Account.contract_start).where(
                Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE)
            if account_ids is not None:
                query = query.where(Account.id.in_(account_ids))
            accounts = {row.id: row for row in session.execute(query)}
            ids = list(accounts)
            known = handled_facts(session, Risk, ids)
            found: list[Proposal] = []
            for key, setting in settings.items():
                if setting.enabled:
                    found += FINDERS[key](session, accounts, setting.days, today)
        fresh = [p for p in found if (p.account_id, p.rule, p.fact_key) not in known]
        order = list(RiskSeverity)
        return sorted(fresh, key=lambda p: (-order.index(p.severity), p.account_name.casefold(),
                                            p.rule))


def _proposal(account: Any, rule_key: str, fact_key: str, title: str, why: str,
              detected_on: date, severity: RiskSeverity | None = None) -> Proposal:
    rule = RULES[rule_key]
    return Proposal(account.id, account.name, rule_key, fact_key, rule.kind,
                    severity or rule.severity, title, why, detected_on,
                    account.arr_cents or None)


def _no_meeting(session: Any, accounts: dict[int, Any], days: int, today: date) -> list:
    last = dict(session.execute(
        select(Meeting.account_id, func.max(Meeting.held_on))
        .where(Meeting.held_on <= today, Meeting.account_id.in_(list(accounts)))
        .group_by(Meeting.account_id)).all())
    found = []
    for account_id, account in accounts.items():
        met = last.get(account_id)
        since = met or account.contract_start
        if since is None or (today - since).days <= days:
            continue
        why = (f"the last meeting was on {met.isoformat()}, {(today - met).days} days ago"
               if met else f"no meeting since the contract started on {since.isoformat()}")
        # Since the first day without a meeting for longer than the rule allows
        found.append(_proposal(account, "no_meeting", f"last:{met or 'never'}",
                               "No recent meeting", why, since + timedelta(days=days + 1)))
    return found


def _champion_left(session: Any, accounts: dict[int, Any], days: int, today: date) -> list:
    since = today - timedelta(days=days)
    found = []
    for account_id, entity_id, action, changes, summary, at in session.execute(
            select(ActivityEntry.account_id, ActivityEntry.entity_id, ActivityEntry.action,
                   ActivityEntry.changes, ActivityEntry.summary, ActivityEntry.at)
            .where(ActivityEntry.entity == "contact",
                   ActivityEntry.action.in_([ActivityAction.DELETED, ActivityAction.UPDATED]),
                   ActivityEntry.account_id.in_(list(accounts)))):
        role = (changes or {}).get("role")
        was_champion = role == "champion" if action is ActivityAction.DELETED else (
            isinstance(role, list) and role and role[0] == "champion")
        if not was_champion or at.date() < since or at.date() > today:
            continue
        account = accounts[account_id]
        what = "removed" if action is ActivityAction.DELETED else "no longer the champion"
        found.append(_proposal(account, "champion_left", f"contact:{entity_id}",
                               "Champion left", f"{summary} on {at.date().isoformat()} "
                               f"({what})", at.date()))
    return found


def _nps_detractor(session: Any, accounts: dict[int, Any], days: int, today: date) -> list:
    found = []
    for response_id, account_id, score, responded_on, comment in session.execute(
            select(SurveyResponse.id, SurveyResponse.account_id, SurveyResponse.score,
                   SurveyResponse.responded_on, SurveyResponse.comment)
            .where(SurveyResponse.kind == SurveyKind.NPS, SurveyResponse.score <= 6,
                   SurveyResponse.responded_on > today - timedelta(days=days),
                   SurveyResponse.responded_on <= today,
                   SurveyResponse.account_id.in_(list(accounts)))):
        said = f": “{comment[:120]}”" if comment else ""
        found.append(_proposal(
            accounts[account_id], "nps_detractor", f"response:{response_id}",
            "Detractor NPS response", f"NPS {score} on {responded_on.isoformat()}{said}",
            responded_on, RiskSeverity.HIGH if score <= 3 else RiskSeverity.MEDIUM))
    return found


def _health_drop(session: Any, accounts: dict[int, Any], days: int, today: date) -> list:
    history: dict[int, list[tuple[date, int]]] = {}
    for account_id, taken_on, score in session.execute(
            select(HealthSnapshot.account_id, HealthSnapshot.taken_on, HealthSnapshot.score)
            .where(HealthSnapshot.account_id.in_(list(accounts)),
                   HealthSnapshot.taken_on <= today)
            .order_by(HealthSnapshot.account_id, HealthSnapshot.taken_on)):
        history.setdefault(account_id, []).append((taken_on, score))
    order = [Band.HEALTHY, Band.AT_RISK, Band.UNHEALTHY]
    found = []
    for account_id, snapshots in history.items():
        if len(snapshots) < 2:
            continue
        (_, before), (taken_on, now) = snapshots[-2], snapshots[-1]
        old, new = band_of(before), band_of(now)
        assert old is not None and new is not None  # a stored score is never None
        if (today - taken_on).days > days or order.index(new) <= order.index(old):
            continue
        found.append(_proposal(
            accounts[account_id], "health_drop", f"health:{taken_on.isoformat()}",
            f"Health dropped to {new.label.lower()}",
            f"health went from {before} ({old.label.lower()}) to {now} "
            f"({new.label.lower()}) on {taken_on.isoformat()}", taken_on,
            RiskSeverity.HIGH if new is Band.UNHEALTHY else RiskSeverity.MEDIUM))
    return found


def _milestone_slip(session: Any, accounts: dict[int, Any], days: int, today: date) -> list:
    from csdesk.services.critical_path import stages_by_account
    from csdesk.services.tracking import StageStatus, track

    kickoffs = dict(session.execute(select(SuccessPlan.account_id, SuccessPlan.kickoff_date)
                                    .where(SuccessPlan.account_id.in_(list(accounts)))).all())
    found = []
    for account_id, stages in stages_by_account(session, list(accounts)).items():
        account = accounts[account_id]
        path = track(kickoffs.get(account_id), stages, today, account.renewal_date)
        for stage in path.stages:
            if stage.status is StageStatus.OVERDUE and (stage.days_late or 0) > days:
                found.append(_proposal(
                    account, "milestone_slip", f"milestone:{stage.stage.id}",
                    f"{stage.stage.name} slipping", f"{stage.stage.name} {stage.late_words()}",
                    today))
    return found


def _renewal_unhealthy(session: Any, accounts: dict[int, Any], days: int, today: date) -> list:
    found = []
    for account in accounts.values():
        renewal, band = account.renewal_date, band_of(account.health_score)
        if renewal is None or band in (None, Band.HEALTHY):
            continue
        if not 0 <= (renewal - today).days <= days:
            continue
        found.append(_proposal(
            account, "renewal_unhealthy", f"renewal:{renewal.isoformat()}",
            "Renewal at risk", f"renews on {renewal.isoformat()}, in {(renewal - today).days} "
            f"days, with health {account.health_score} ({band.label.lower()})", today,
            RiskSeverity.CRITICAL if band is Band.UNHEALTHY else RiskSeverity.HIGH))
    return found


FINDERS = {"no_meeting": _no_meeting, "champion_left": _champion_left,
           "nps_detractor": _nps_detractor, "health_drop": _health_drop,
           "milestone_slip": _milestone_slip, "renewal_unhealthy": _renewal_unhealthy}
