"""Building the demo book's rows, one account at a time, from a seeded random stream.

``BookBuilder.account`` lays out an account around "today": its contacts, success plan
(canvas, KPIs and readings, critical path with barriers), meetings with attendees and action
items, survey responses, risks and growth (``demo_growth``), ARR history and activity. The rows
are plain dicts in ``demo_rows.Rows``, written by ``DemoService``.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from csdesk.models import (
    Account,
    AccountStatus,
    ActionItem,
    ActivityAction,
    ActivityEntry,
    ArrChange,
    ArrChangeKind,
    Attendee,
    Barrier,
    CanvasItem,
    CanvasItemKind,
    Contact,
    Kpi,
    KpiReading,
    LifecycleStage,
    Likelihood,
    Meeting,
    MeetingKind,
    Milestone,
    MilestoneStatus,
    PlanStatus,
    Segment,
    Side,
    StakeholderRole,
    SuccessPlan,
    SurveyKind,
    SurveyResponse,
)
from csdesk.services.demo_content import (
    ACTIONS,
    BARRIERS,
    BENEFITS,
    CHALLENGES,
    CRITERIA,
    CUSTOMER_ACTIONS,
    FIRST,
    INDUSTRY,
    KPIS,
    LAST,
    NOTES,
    OBJECTIVES,
    OUR_ACTIONS,
    OUR_TEAM,
    PREFIXES,
    SUFFIXES,
)
from csdesk.services.demo_growth import add_growth, add_risks
from csdesk.services.demo_rows import Rows, Stage

_TENTH = Decimal("0.1")


def _ascii(name: str) -> str:
    """A name as an e-mail address writes it: élodie → elodie, O'Brien → obrien."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(char for char in plain.lower() if char.isalnum())


class BookBuilder:
    """Every random choice is made in the order the demo book has always made them: the same
    seed gives the same book, row for row."""

    def __init__(self, rows: Rows, rng: random.Random, today: date,
                 templates: list[tuple[int, list[Stage]]], gaps: dict[str, int]) -> None:
        self.rows, self.rng, self.today, self.templates = rows, rng, today, templates
        self.gaps = gaps  # title -> id: one shared gap per title across the whole book
        # Looked up once, not for each of millions of rows.
        self.month = (today + timedelta(days=60)).strftime("%B")
        self.labels: dict[Any, str] = {**{kind: kind.label for kind in MeetingKind},
                       **{role: role.label for role in StakeholderRole}}

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def name(self, index: int) -> str:
        # Every (prefix, suffix) pair once before any name repeats with a number.
        prefix_no, cycle = index % len(PREFIXES), index // len(PREFIXES)
        prefix = PREFIXES[prefix_no]
        suffix = SUFFIXES[(prefix_no * 7 + cycle) % len(SUFFIXES)]
        round_ = index // (len(PREFIXES) * len(SUFFIXES))
        return f"{prefix} {suffix}" + (f" {round_ + 1}" if round_ else "")

    def account(self, index: int) -> None:
        rng, today = self.rng, self.today
        name = self.name(index)
        suffix = name.split()[1] if not name.startswith(("Pied", "Blue", "Paper")) else \
            name.split()[2]
        high_touch = rng.random() < 0.4
        stage = rng.choices(list(LifecycleStage),
                            weights=[3, 22, 20, 25, 12, 10, 8])[0]
        contract_start = today - self.days(20, 3 * 365)
        if stage in (LifecycleStage.FREE_TRIAL, LifecycleStage.ONBOARDING):
            contract_start = today - self.days(10, 80)
        renewal = contract_start + timedelta(days=365)
        while renewal < today - timedelta(days=20):
            renewal += timedelta(days=365)
        arr = (rng.randint(60, 600) * 1000_00 if high_touch else rng.randint(6, 48) * 1000_00)
        churned = stage is LifecycleStage.CHURNED
        if churned:  # they left at their last renewal: no renewal ahead of a customer gone
            while renewal > today - timedelta(days=20) and \
                    renewal - timedelta(days=365) > contract_start:
                renewal -= timedelta(days=365)
            contract_start = min(contract_start, renewal - timedelta(days=365))
        account = self.rows.add(
            Account,
            name=name, name_key=name.casefold(), industry=INDUSTRY.get(suffix, "Services"),
            website=f"https://www.{name.lower().replace(' ', '')}.example",
            employees=rng.choice([25, 80, 150, 400, 1200, 5000, 18000]),
            offices=rng.randint(1, 40), founded=rng.randint(1950, today.year - 2),
            highlights=f"{name} is {_a(INDUSTRY.get(suffix, 'services').lower())} company "
                       f"using us to modernise how it finds and keeps customers.",
            owner=OUR_TEAM[0],  # the CSM whose book it is
            segment=Segment.HIGH_TOUCH if high_touch else Segment.LOW_TOUCH,
            edition="Enterprise" if high_touch else rng.choice(["Professional", "Starter"]),
            lifecycle_stage=stage, arr_cents=0 if churned else arr, currency="USD",
            contract_start=contract_start, renewal_date=renewal,
            status=AccountStatus.CHURNED if churned else AccountStatus.ACTIVE,
            health_score=None,
            usage_notes=f"{rng.randint(10, 300)} weekly active users; "
                        f"{rng.choice(['steady', 'growing', 'dipping'])} over the last month.",
            sentiment=None, sentiment_note=None, sentiment_on=None, version=1,
            archived_at=None,
        )
        if rng.random() < 0.3:
            happy = rng.random() < 0.6
            account["sentiment"] = rng.randint(70, 90) if happy else rng.randint(25, 50)
            account["sentiment_note"] = rng.choice(
                ["Champion is engaged and keen to expand to a second team",
                 "Sponsor praised the rollout in the last steering meeting"] if happy else
                ["Budget review next quarter worries the sponsor",
                 "Champion is leaving in January; no successor named yet"])
            account["sentiment_on"] = today - self.days(3, 40)
        contacts = self.contacts(account)
        plan = self.rows.add(
            SuccessPlan,
            account_id=account["id"], likelihood=rng.choice(list(Likelihood)),
            status=rng.choice(list(PlanStatus)),
            assessment_notes="Judged against the success criteria agreed at discovery.",
            last_reviewed_on=today - self.days(5, 80), template_id=None, kickoff_date=None)
        plan["next_review_on"] = plan["last_reviewed_on"] + timedelta(days=90)
        self.canvas(plan["id"])
        self.kpis(plan["id"], contract_start)
        milestones = self.critical_path(plan, contract_start)
        meetings = self.meetings(account, contacts, milestones, contract_start)
        self.responses(account, contacts, contract_start)
        add_risks(self, account)
        add_growth(self, account, contacts)
        self.arr_history(account, arr, contract_start, churned)
        self.history(account, milestones, meetings)

    def history(self, account: dict[str, Any], milestones: list[dict[str, Any]],
                meetings: list[dict[str, Any]]) -> None:
        """Activity entries as the CSM's own edits would have left them."""
        def at(day: date, hour: int) -> datetime:
            return datetime.combine(day, time(hour, self.rng.randint(0, 59)), tzinfo=UTC)

        entries = [(at(account["contract_start"], 9), ActivityAction.CREATED, "account",
                    f"Account {account['name']} created")]
        entries += [(at(m["actual_date"], 16), ActivityAction.UPDATED, "milestone",
                     f"Milestone {m['name']}: actual date, status changed")
                    for m in milestones if m["actual_date"]]
        entries += [(at(m["held_on"], 11), ActivityAction.CREATED, "meeting",
                     f"{self.labels[m['kind']]} '{m['title']}' on {m['held_on'].isoformat()} "
                     "added")
                    for m in meetings]
        for when, action, entity, summary in entries:
            # No "changes" key: NULL, as the ORM left it (a None would be JSON 'null').
            self.rows.add(ActivityEntry, at=when, account_id=account["id"], entity=entity,
                          entity_id=None, action=action, summary=summary, actor=None)

    def contacts(self, account: dict[str, Any]) -> list[dict[str, Any]]:
        rng = self.rng
        roles = [StakeholderRole.CHAMPION, StakeholderRole.EXECUTIVE_SPONSOR]
        roles += rng.sample([StakeholderRole.POWER_USER, StakeholderRole.ADMIN,
                             StakeholderRole.DECISION_MAKER, StakeholderRole.DETRACTOR_RISK],
                            rng.randint(0, 3))
        people = []
        domain = (account["website"] or "").removeprefix("https://www.")
        for role in roles:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            people.append(self.rows.add(
                Contact, account_id=account["id"], name=f"{first} {last}", role=role,
                title={StakeholderRole.EXECUTIVE_SPONSOR: "VP Marketing",
                       StakeholderRole.CHAMPION: "Marketing Operations Lead"}
                .get(role, "Manager"),
                email=f"{_ascii(first)}.{_ascii(last)}@{domain}",
                phone=f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                notes=None))
        return people

    def canvas(self, plan_id: int) -> None:
        rng = self.rng
        pools = [(CanvasItemKind.OBJECTIVE, OBJECTIVES, 2, 3),
                 (CanvasItemKind.CHALLENGE, CHALLENGES, 1, 3),
                 (CanvasItemKind.BENEFIT, BENEFITS, 1, 3),
                 (CanvasItemKind.SUCCESS_CRITERION, CRITERIA, 1, 3)]
        for kind, pool, low, high in pools:
            for position, text_ in enumerate(rng.sample(pool, rng.randint(low, high))):
                self.rows.add(CanvasItem, plan_id=plan_id, kind=kind, position=position,
                              text=text_)

    def kpis(self, plan_id: int, start: date) -> None:
        rng, today = self.rng, self.today
        for position, (name, unit, base, target) in enumerate(rng.sample(KPIS, 3)):
            baseline, goal = Decimal(base), Decimal(target)
            kpi = self.rows.add(Kpi, plan_id=plan_id, objective_id=None, position=position,
                                name=name, unit=unit, baseline=baseline, target=goal,
                                target_date=start + timedelta(days=365), notes=None)
            months = max(1, min(10, (today - start).days // 30))
            # readings as precise as the KPI's own figures: 137 leads, 2.4%
            precision = _TENTH if _TENTH.as_tuple().exponent in (
                baseline.as_tuple().exponent, goal.as_tuple().exponent) else Decimal(1)
            pace = rng.uniform(0.3, 1.2)
            for month in range(1, months + 1):
                if start + timedelta(days=30 * month) > today:
                    break  # no readings from the future
                share = Decimal(str(round(min(1.0, pace * month / 12), 3)))
                value = (baseline + (goal - baseline) * share)
                self.rows.add(KpiReading, kpi_id=kpi["id"],
                              taken_on=start + timedelta(days=30 * month),
                              value=value.quantize(precision), note=None)

    def critical_path(self, plan: dict[str, Any], kickoff: date) -> list[dict[str, Any]]:
        rng, today = self.rng, self.today
        template_id, stages = rng.choice(self.templates)
        plan["template_id"], plan["kickoff_date"] = template_id, kickoff
        pace = rng.choice([0.9, 1.0, 1.0, 1.15, 1.4])  # how fast this customer really moves
        # Some customers stall part-way along their path: nothing achieved since then.
        path_days = max(7, stages[-1].week_start * 7)
        elapsed = max(1, min((today - kickoff).days, path_days))
        progress_until = today
        if rng.random() < 0.5 and (today - kickoff).days <= path_days + 60:
            progress_until = kickoff + timedelta(days=round(elapsed * rng.uniform(0.3, 0.85)))
        milestones = []
        for position, stage in enumerate(stages):
            planned = kickoff + timedelta(weeks=stage.week_start)
            due_week = stage.week_end if stage.week_end is not None else stage.week_start
            expected = kickoff + timedelta(days=round(due_week * 7 * pace))
            reached = expected <= progress_until
            status = (MilestoneStatus.DONE if reached else MilestoneStatus.IN_PROGRESS
                      if planned <= today + timedelta(days=14) else MilestoneStatus.NOT_STARTED)
            milestone = self.rows.add(
                Milestone,
                plan_id=plan["id"], stage_id=stage.id, position=position, name=stage.name,
                description=None, planned_date=planned,
                planned_end_date=(kickoff + timedelta(weeks=stage.week_end)
                                  if stage.week_end is not None else None),
                is_first_value=stage.is_first_value,
                owner=rng.choice(OUR_TEAM) if rng.random() < 0.6 else "Customer team",
                owner_side=Side.OURS if rng.random() < 0.6 else Side.CUSTOMER,
                exit_criteria=[{"text": c, "done": reached} for c in stage.exit_criteria],
                actual_date=expected if reached else None, status=status, notes=None)
            if status is not MilestoneStatus.DONE and planned < today \
                    and rng.random() < 0.7:
                kind, description = rng.choice(BARRIERS)
                self.rows.add(Barrier, milestone_id=milestone["id"], kind=kind,
                              description=description, raised_on=planned - self.days(0, 7),
                              resolved_on=None)
            milestones.append(milestone)
        return milestones

    def meetings(self, account: dict[str, Any], contacts: list[dict[str, Any]],
                 milestones: list[dict[str, Any]], start: date) -> list[dict[str, Any]]:
        rng, today = self.rng, self.today
        champion = contacts[0]
        span = max(7, (today - start).days)
        count = min(10, max(2, span // 45))
        dates = sorted({start + timedelta(days=rng.randint(0, span)) for _ in range(count)})
        dates[0] = start
        if rng.random() < 0.2 and account["status"] is AccountStatus.ACTIVE and span > 10:
            dates.append(today - self.days(1, 6))  # a recent call whose notes are still due
        meetings = []
        for number, held_on in enumerate(dates):
            kind = (MeetingKind.KICKOFF if number == 0 else
                    rng.choice([MeetingKind.CHECK_IN, MeetingKind.CHECK_IN, MeetingKind.QBR,
                                MeetingKind.DISCOVERY, MeetingKind.ESCALATION]))
            recent_without_notes = held_on > today - timedelta(days=7) and rng.random() < 0.5
            stage = next((m["name"] for m in milestones if m["actual_date"] is None), "Renewal")
            notes = None if recent_without_notes else " ".join(
                t.format(stage=stage, champion=champion["name"], users=rng.randint(10, 300),
                         month=self.month)
                for t in rng.sample(NOTES, 2))
            meeting = self.rows.add(
                Meeting, account_id=account["id"], kind=kind, held_on=held_on,
                title=f"{self.labels[kind]} with {account['name']}",
                duration_minutes=rng.choice([30, 45, 60]), agenda=None, notes=notes,
                decisions=None if notes is None else "Agreed next steps and owners below.",
                calendar_uid=None)
            meetings.append(meeting)
            for contact in contacts[:3]:
                self.rows.add(Attendee, meeting_id=meeting["id"], contact_id=contact["id"],
                              name=contact["name"], side=Side.CUSTOMER,
                              role=self.labels[contact["role"]])
            self.rows.add(Attendee, meeting_id=meeting["id"], contact_id=None,
                          name=OUR_TEAM[0], side=Side.OURS, role="CSM")
            if notes is None:
                continue
            for _ in range(rng.randint(1, 2)):
                due = held_on + self.days(5, 30)
                # Old items are nearly all done; recent ones often still open.
                age = (today - due).days
                done = age > 3 and rng.random() < (0.97 if age > 45 else 0.6)
                drawn = rng.random() < 0.6  # drawn before the text: the same book as before
                text = rng.choice(ACTIONS)
                ours = text in OUR_ACTIONS or (drawn and text not in CUSTOMER_ACTIONS)
                self.rows.add(
                    ActionItem, account_id=account["id"], meeting_id=meeting["id"],
                    milestone_id=None, risk_id=None, text=text,
                    owner=OUR_TEAM[0] if ours else champion["name"],
                    owner_side=Side.OURS if ours else Side.CUSTOMER, due_date=due,
                    done_on=(due - self.days(0, 4)) if done else None)
        return meetings

    def responses(self, account: dict[str, Any], contacts: list[dict[str, Any]],
                  start: date) -> None:
        rng, today = self.rng, self.today
        happy = (account["sentiment"] or rng.randint(35, 95)) / 100  # how pleased they are
        for _ in range(rng.randint(1, 4)):
            when = start + timedelta(days=rng.randint(0, max(1, (today - start).days)))
            nps = max(0, min(10, round(rng.gauss(happy * 11, 2))))
            self.rows.add(SurveyResponse, account_id=account["id"],
                          contact_id=rng.choice(contacts)["id"], kind=SurveyKind.NPS,
                          responded_on=when, score=nps,
                          comment=None if rng.random() < 0.5 else
                          "Great team, reporting still needs work.")
        if rng.random() < 0.7:
            self.rows.add(SurveyResponse, account_id=account["id"], contact_id=None,
                          kind=SurveyKind.CSAT, responded_on=today - self.days(1, 120),
                          score=max(1, min(5, round(rng.gauss(happy * 5.5, 1)))),
                          comment=None)

    def arr_history(self, account: dict[str, Any], arr: int, start: date,
                    churned: bool) -> None:
        rng, today = self.rng, self.today

        def change(effective_on: date, kind: ArrChangeKind, cents: int,
                   note: str | None = None) -> None:
            self.rows.add(ArrChange, account_id=account["id"], effective_on=effective_on,
                          kind=kind, arr_cents=cents, note=note)

        change(start, ArrChangeKind.NEW, arr)
        current, last = arr, start
        when = start + timedelta(days=365)
        while when < today:  # a churn can still follow the last change, by today
            roll = rng.random()
            if roll < 0.3:
                current = current + current * rng.randint(10, 40) // 100
                kind = ArrChangeKind.EXPANSION
            elif roll < 0.45:
                current = current - current * rng.randint(5, 25) // 100
                kind = ArrChangeKind.CONTRACTION
            else:
                kind = ArrChangeKind.RENEWAL
            change(when, kind, current)
            last, when = when, when + timedelta(days=365)
        if churned:
            lost_on = max(last + timedelta(days=1), today - self.days(5, 150))
            change(min(lost_on, today), ArrChangeKind.CHURN, 0, "Did not renew: budget cut.")
        else:
            account["arr_cents"] = current


def _a(word: str) -> str:
    """'a retail', 'an industrial': the article as it is said."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"
