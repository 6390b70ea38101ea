"""A realistic, deterministic demo book: for demos, screenshots, tests and benchmarks only.

The same seed and the same "today" always give the same book. Dates are laid out around
"today" so that renewals, late milestones and overdue action items look current.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from csdesk import clock
from csdesk.errors import CsdeskError
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
    BarrierKind,
    CanvasItem,
    CanvasItemKind,
    Contact,
    CriticalPathTemplate,
    EscalationLevel,
    FeatureRequest,
    FeedbackKind,
    HealthSnapshot,
    Kpi,
    KpiReading,
    LifecycleStage,
    Likelihood,
    Meeting,
    MeetingKind,
    Milestone,
    MilestoneStatus,
    Opportunity,
    OpportunityKind,
    OpportunityStage,
    PlanStatus,
    ProductGap,
    Risk,
    RiskKind,
    RiskSeverity,
    RiskStatus,
    Segment,
    Side,
    StakeholderRole,
    SuccessPlan,
    SurveyKind,
    SurveyResponse,
)
from csdesk.services.base import Service, record
from csdesk.services.demo_rows import Rows, Stage, first_ids, sync_sequences
from csdesk.services.health import HealthService
from csdesk.services.renewals import ensure_start_renewal_items
from csdesk.services.templates import TemplateService
from csdesk.store import fulltext

MAX_ACCOUNTS = 20_000

_PREFIXES = ["Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Acme",
             "Hooli", "Vandelay", "Tyrell", "Soylent", "Cyberdyne", "Aperture", "Gringotts",
             "Wonka", "Oscorp", "Monarch", "Pied Piper", "Dunder", "Blue Sun", "Nakatomi",
             "Sirius", "Massive", "Virtucon", "Zorg", "Ollivander", "Bluth", "Prestige",
             "Sterling", "Kramerica", "Paper Street", "Lacuna", "Rekall", "Yoyodyne", "Abstergo"]
_SUFFIXES = ["Labs", "Logistics", "Health", "Analytics", "Foods", "Energy", "Media", "Capital",
             "Robotics", "Retail", "Travel", "Insurance", "Software", "Manufacturing", "Bank",
             "Pharma", "Education", "Studios", "Motors", "Telecom"]
_INDUSTRY = {"Labs": "Research", "Logistics": "Logistics", "Health": "Healthcare",
             "Analytics": "Software", "Foods": "Food & beverage", "Energy": "Energy",
             "Media": "Media", "Capital": "Financial services", "Robotics": "Industrial",
             "Retail": "Retail", "Travel": "Travel", "Insurance": "Insurance",
             "Software": "Software", "Manufacturing": "Manufacturing", "Bank": "Banking",
             "Pharma": "Pharmaceuticals", "Education": "Education", "Studios": "Media",
             "Motors": "Automotive", "Telecom": "Telecommunications"}
_FIRST = ["Dana", "Sam", "Priya", "Jonas", "Mei", "Carlos", "Aisha", "Tom", "Lena", "Omar",
          "Sofia", "Raj", "Hannah", "Kenji", "Zoë", "Mateo", "Ingrid", "Kwame", "Élodie", "Ravi"]
_LAST = ["Okafor", "Schmidt", "Nguyen", "García", "Kowalski", "Patel", "Andersson", "Murphy",
         "Rossi", "Tanaka", "Haddad", "Johnson", "Silva", "Novak", "O'Brien", "Larsen"]
_OUR_TEAM = ["Alex (CSM)", "Jordan (Solutions)", "Taylor (Support)", "Morgan (Sales)"]
_OBJECTIVES = ["Grow qualified pipeline by 30% this year", "Cut customer acquisition cost by 15%",
               "Launch in two new regions by Q3", "Reduce time-to-quote from days to hours",
               "Give leadership one trusted revenue dashboard",
               "Retire three legacy tools and their licences",
               "Improve first-contact resolution to 80%", "Double self-serve sign-ups"]
_CHALLENGES = ["Data spread across three CRMs", "Small marketing-ops team (2 people)",
               "Subdomain set-up takes time with their IT", "Low adoption outside head office",
               "Executive sponsor changed in the last quarter",
               "Security review slows every integration", "No agreed lead definition"]
_BENEFITS = ["Attribution shows which campaigns pay off", "Workflows remove manual hand-offs",
             "One view of every customer touchpoint", "Templates cut campaign build time",
             "Reporting leadership trusts"]
_CRITERIA = ["Sales accepts 90% of marketing-qualified leads",
             "Monthly board report built in the product, not spreadsheets",
             "Every region runs campaigns without our help",
             "Champion can show ROI to the CFO in one page"]
# (kind, severity, title, what is happening, mitigation, mitigation actions)
_RISKS = [
    (RiskKind.CHAMPION_LEFT, RiskSeverity.HIGH, "Champion leaving in January",
     "Our champion moves to another company; no successor named yet.",
     "Find and onboard a successor with the sponsor; re-run the value review with them.",
     ["Ask the sponsor to name a successor", "Onboarding session for the new champion"]),
    (RiskKind.BUDGET, RiskSeverity.MEDIUM, "Budget review next quarter",
     "Finance reviews every tool over 50k; ours is on the list.",
     "Show the ROI in the QBR with the pipeline numbers; offer a two-year price.",
     ["Prepare the ROI one-pager"]),
    (RiskKind.COMPETITOR, RiskSeverity.HIGH, "Competitor pilot in one team",
     "The APAC team is piloting a competitor for lead scoring.",
     "Demo the new scoring model to the APAC lead; bring in the solutions architect.",
     ["Book the APAC scoring demo", "Share the lead-scoring benchmark"]),
    (RiskKind.ADOPTION, RiskSeverity.MEDIUM, "Weekly active users falling",
     "Usage dropped a third since the reorganisation.",
     "Targeted training for the new teams; usage report every two weeks.",
     ["Run training for the two new teams"]),
    (RiskKind.PRODUCT_GAP, RiskSeverity.LOW, "Missing SSO for contractors",
     "Contractors cannot sign in with their SSO; IT blocks the rollout to them.",
     "Raise with product; workaround with invited accounts until the release.",
     ["Log the SSO request with product"]),
    (RiskKind.SUPPORT_EXPERIENCE, RiskSeverity.MEDIUM, "Two escalated support tickets",
     "Data export tickets took over a week; the admin is frustrated.",
     "Weekly check-in with support until both tickets are closed.",
     ["Review the open tickets with support"]),
]

# (kind, title, next step, share of the account's ARR expected; None for advocacy)
_OPPORTUNITIES = [
    (OpportunityKind.UPSELL, "Second team on the platform", "Pricing call with the sponsor",
     Decimal("0.3")),
    (OpportunityKind.CROSS_SELL, "Analytics add-on", "Demo the add-on to the CMO",
     Decimal("0.15")),
    (OpportunityKind.RENEWAL_UPLIFT, "Move to the Enterprise edition at renewal",
     "Show the Enterprise features in the QBR", Decimal("0.2")),
    (OpportunityKind.REFERRAL, "Referral to their sister company", "Ask for an introduction",
     None),
    (OpportunityKind.TESTIMONIAL, "Quote for the website", "Send the draft quote", None),
    (OpportunityKind.CASE_STUDY, "Case study on the pipeline growth",
     "Agree the numbers with marketing", None),
]
# Product gaps the demo customers ask for, and how they put it.
_GAPS = [
    ("SSO for contractors", ["Our contractors cannot sign in with SSO",
                             "We need SSO for the agency staff too"]),
    ("PDF export of dashboards", ["The board wants the dashboard as a PDF every month",
                                  "Let us export dashboards to PDF"]),
    ("Salesforce two-way sync", ["Changes in Salesforce do not come back",
                                 "Two-way sync with Salesforce would save hours"]),
    ("Audit log export", ["Compliance asks for the audit log as a file"]),
    ("Custom fields on leads", ["We need our own fields on leads",
                                "Custom lead fields for the regional teams"]),
    ("Mobile app offline mode", ["Field sales have no signal at trade shows"]),
    ("Data residency in the EU", ["Legal requires EU data residency before the renewal"]),
    ("Bulk edit of campaigns", ["Editing 200 campaigns one by one is painful"]),
]

_KPIS: list[tuple[str, str, int | Decimal, int | Decimal]] = [
    ("Marketing-qualified leads per month", "leads", 120, 200),
    ("Lead-to-sale conversion", "%", Decimal("2.1"), Decimal("3.5")),
    ("Website visitors per month", "visits", 18000, 30000),
    ("Active users", "users", 40, 150),
    ("Time to build a campaign", "days", 10, 3),
    ("Support tickets per month", "tickets", 60, 25),
]
_NOTES = ["Walked through the {stage} exit criteria; {champion} is confident about the next step.",
          "Reviewed adoption: {users} weekly active users, up from last month.",
          "{champion} raised concerns about the integration timeline.",
          "Agreed to focus on the attribution report before the QBR.",
          "Discussed renewal timing and the budget cycle; procurement starts in {month}."]
_ACTIONS = ["Send the product roadmap", "Book training for the regional teams",
            "Share the attribution report template", "Confirm executive sponsor for the QBR",
            "Fix the CRM field mapping", "Draft the 90-day plan", "Send usage report",
            "Introduce the solutions architect", "Collect feedback on the new dashboard"]
_BARRIERS = [(BarrierKind.CUSTOMER_CHALLENGE, "Subdomain takes time with their IT team"),
    (BarrierKind.OUR_ISSUE, "Blog migration is slow"),
    (BarrierKind.CUSTOMER_CHALLENGE, "Champion on leave for two weeks"),
    (BarrierKind.OUR_ISSUE, "Integration bug waiting on engineering"),
]


_TENTH = Decimal("0.1")
CHUNK = 500  # accounts written at a time: memory stays flat on big books


class DemoService(Service):
    def create_book(self, accounts: int = 25, *, seed: int = 7, today: date | None = None,
                    force: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> int:
        """Fill the workspace with ``accounts`` demo accounts; returns how many were made.

        The rows are built as plain dicts and written with bulk inserts (the ORM's unit of
        work made 20,000 accounts take ten minutes), with ids given here in the order the
        ORM would have given them, so the book is the one it always was."""
        if not 1 <= accounts <= MAX_ACCOUNTS:
            raise CsdeskError(f"a demo book has 1 to {MAX_ACCOUNTS:,} accounts, not {accounts}")
        today = today or clock.today()
        if not DEMO_YEARS[0] <= today.year <= DEMO_YEARS[1]:  # its history reaches years back
            raise CsdeskError(f"a demo book is laid out around a day in {DEMO_YEARS[0]}–"
                              f"{DEMO_YEARS[1]}, not {today.isoformat()}")
        TemplateService(self._workspace).ensure_builtin()
        with self._uow() as session:
            existing = session.scalar(select(func.count()).select_from(Account)) or 0
            if existing and not force:
                raise CsdeskError(f"the workspace already has {existing} accounts; "
                                  "use --force to replace them with a demo book")
            if existing:
                for account in session.scalars(select(Account)):
                    session.delete(account)
                session.flush()
            templates = [(template.id, [Stage(s.id, s.name, s.week_start, s.week_end,
                                               list(s.exit_criteria), s.is_first_value)
                                        for s in template.stages])
                         for template in session.scalars(select(CriticalPathTemplate).options(
                             selectinload(CriticalPathTemplate.stages))
                             .filter_by(builtin=True).order_by(CriticalPathTemplate.name))]
            gaps = dict(session.execute(select(ProductGap.title, ProductGap.id)).all())
            rows = Rows(first_ids(session), clock.now())
            builder = _Builder(rows, random.Random(seed), today, templates, gaps)
            with fulltext.deferred(session):  # one index rebuild instead of one per row
                for index in range(accounts):
                    builder.account(index)
                    if index % CHUNK == CHUNK - 1 or index == accounts - 1:
                        rows.write(session, rows.take())
                    if progress:
                        progress(index + 1, accounts)
                sync_sequences(session)
                record(session, account_id=None, entity="workspace", entity_id=None,
                       action=ActivityAction.CREATED,
                       summary=f"Demo book of {accounts} accounts created (seed {seed})")
                # As for any new account: its renewal within 90 days has its item at once.
                ensure_start_renewal_items(session, today)
        HealthService(self._workspace).refresh(today)
        self._health_history(random.Random(seed + 1), today)
        return accounts

    def _health_history(self, rng: random.Random, today: date) -> None:
        """Monthly scores before today, drifting towards where each account is now."""
        with self._uow() as session:
            snapshots = []
            for account_id, health, contract_start in session.execute(
                    select(Account.id, Account.health_score, Account.contract_start)
                    .where(Account.health_score.is_not(None)).order_by(Account.id)):
                score = health or 50
                for months in range(1, 7):
                    day = today - timedelta(days=30 * months)
                    if contract_start and day < contract_start:
                        break
                    score = max(0, min(100, score + rng.randint(-9, 9)))
                    snapshots.append({"account_id": account_id, "taken_on": day,
                                      "score": score, "components": []})
            if snapshots:
                session.execute(insert(HealthSnapshot), snapshots)


DEMO_YEARS = (1960, 2190)


class _Builder:
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
        prefix_no, cycle = index % len(_PREFIXES), index // len(_PREFIXES)
        prefix = _PREFIXES[prefix_no]
        suffix = _SUFFIXES[(prefix_no * 7 + cycle) % len(_SUFFIXES)]
        round_ = index // (len(_PREFIXES) * len(_SUFFIXES))
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
        account = self.rows.add(
            Account,
            name=name, name_key=name.casefold(), industry=_INDUSTRY.get(suffix, "Services"),
            website=f"https://www.{name.lower().replace(' ', '')}.example",
            employees=rng.choice([25, 80, 150, 400, 1200, 5000, 18000]),
            offices=rng.randint(1, 40), founded=rng.randint(1950, today.year - 2),
            highlights=f"{name} is {_a(_INDUSTRY.get(suffix, 'services').lower())} company "
                       f"using us to modernise how it finds and keeps customers.",
            owner=None,
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
        self.risks(account)
        self.growth(account, contacts)
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
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            people.append(self.rows.add(
                Contact, account_id=account["id"], name=f"{first} {last}", role=role,
                title={StakeholderRole.EXECUTIVE_SPONSOR: "VP Marketing",
                       StakeholderRole.CHAMPION: "Marketing Operations Lead"}
                .get(role, "Manager"),
                email=f"{first.lower()}.{last.lower().replace(chr(39), '')}@{domain}",
                phone=f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                notes=None))
        return people

    def canvas(self, plan_id: int) -> None:
        rng = self.rng
        pools = [(CanvasItemKind.OBJECTIVE, _OBJECTIVES, 2, 3),
                 (CanvasItemKind.CHALLENGE, _CHALLENGES, 1, 3),
                 (CanvasItemKind.BENEFIT, _BENEFITS, 1, 3),
                 (CanvasItemKind.SUCCESS_CRITERION, _CRITERIA, 1, 3)]
        for kind, pool, low, high in pools:
            for position, text_ in enumerate(rng.sample(pool, rng.randint(low, high))):
                self.rows.add(CanvasItem, plan_id=plan_id, kind=kind, position=position,
                              text=text_)

    def kpis(self, plan_id: int, start: date) -> None:
        rng, today = self.rng, self.today
        for position, (name, unit, base, target) in enumerate(rng.sample(_KPIS, 3)):
            baseline, goal = Decimal(base), Decimal(target)
            kpi = self.rows.add(Kpi, plan_id=plan_id, objective_id=None, position=position,
                                name=name, unit=unit, baseline=baseline, target=goal,
                                target_date=start + timedelta(days=365), notes=None)
            months = max(1, min(10, (today - start).days // 30))
            pace = rng.uniform(0.3, 1.2)
            for month in range(1, months + 1):
                if start + timedelta(days=30 * month) > today:
                    break  # no readings from the future
                share = Decimal(str(round(min(1.0, pace * month / 12), 3)))
                value = (baseline + (goal - baseline) * share)
                self.rows.add(KpiReading, kpi_id=kpi["id"],
                              taken_on=start + timedelta(days=30 * month),
                              value=value.quantize(_TENTH), note=None)

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
                owner=rng.choice(_OUR_TEAM) if rng.random() < 0.6 else "Customer team",
                owner_side=Side.OURS if rng.random() < 0.6 else Side.CUSTOMER,
                exit_criteria=[{"text": c, "done": reached} for c in stage.exit_criteria],
                actual_date=expected if reached else None, status=status, notes=None)
            if status is not MilestoneStatus.DONE and planned < today \
                    and rng.random() < 0.7:
                kind, description = rng.choice(_BARRIERS)
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
                for t in rng.sample(_NOTES, 2))
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
                          name=_OUR_TEAM[0], side=Side.OURS, role="CSM")
            if notes is None:
                continue
            for _ in range(rng.randint(1, 2)):
                due = held_on + self.days(5, 30)
                # Old items are nearly all done; recent ones often still open.
                age = (today - due).days
                done = age > 3 and rng.random() < (0.97 if age > 45 else 0.6)
                ours = rng.random() < 0.6
                self.rows.add(
                    ActionItem, account_id=account["id"], meeting_id=meeting["id"],
                    milestone_id=None, risk_id=None, text=rng.choice(_ACTIONS),
                    owner=_OUR_TEAM[0] if ours else champion["name"],
                    owner_side=Side.OURS if ours else Side.CUSTOMER, due_date=due,
                    done_on=(due - self.days(0, 4)) if done else None)
        return meetings

    def risks(self, account: dict[str, Any]) -> None:
        """About a third of the accounts carry risks: open, mitigated, escalated or closed.
        Their own random stream, so the rest of the demo book stays as it was."""
        rng, today = random.Random(f"risks:{account['name']}"), self.today
        if rng.random() > 0.35:
            return
        for kind, severity, title, what, plan, actions in rng.sample(_RISKS, rng.randint(1, 2)):
            detected = today - timedelta(days=rng.randint(3, 120))
            status = rng.choices(list(RiskStatus), weights=[4, 4, 2, 1])[0]
            risk = self.rows.add(
                Risk, account_id=account["id"], kind=kind, severity=severity, status=status,
                title=title, description=what, mitigation=plan, detected_on=detected,
                owner="Alex (CSM)", arr_at_risk_cents=account["arr_cents"] or None,
                closed_on=None if status.is_open
                else min(today, detected + timedelta(days=rng.randint(10, 60))),
                escalated_on=None, escalation_level=None, escalation_people=None, rule=None,
                fact_key=None)
            if severity is RiskSeverity.HIGH and rng.random() < 0.6:
                risk["escalated_on"] = detected + timedelta(days=rng.randint(1, 10))
                risk["escalation_level"] = rng.choice(list(EscalationLevel))
                risk["escalation_people"] = rng.choice(
                    ["VP Customer Success, account executive", "Their CMO and our CRO",
                     "Head of support, product manager"])
            for action in actions:
                due = detected + timedelta(days=rng.randint(7, 45))
                done = due if (not status.is_open or (due < today and rng.random() < 0.5)) \
                    else None
                self.rows.add(ActionItem, account_id=account["id"], meeting_id=None,
                              milestone_id=None, risk_id=risk["id"], text=action,
                              owner="Alex (CSM)", owner_side=Side.OURS, due_date=due,
                              done_on=done)

    def growth(self, account: dict[str, Any], contacts: list[dict[str, Any]]) -> None:
        """Opportunities on about 40% of the accounts, feedback from about half; their own
        random stream, like the risks."""
        rng, today = random.Random(f"growth:{account['name']}"), self.today
        arr_cents = account["arr_cents"]
        if rng.random() < 0.4:
            for kind, title, step, share in rng.sample(_OPPORTUNITIES, rng.randint(1, 2)):
                stage = rng.choices(list(OpportunityStage), weights=[4, 3, 2, 1, 1])[0]
                expected = (int(arr_cents * share) if share is not None and arr_cents
                            else None)
                self.rows.add(
                    Opportunity, account_id=account["id"], kind=kind, stage=stage,
                    title=title, next_step=step, expected_arr_cents=expected,
                    in_qbr=rng.random() < 0.3,
                    expected_on=today + timedelta(days=rng.randint(14, 160)),
                    contact_id=rng.choice(contacts)["id"] if contacts else None,
                    closed_on=None if stage.is_open else today - self.days(5, 60),
                    rule=None, fact_key=None)
        if rng.random() < 0.5:
            for gap_title, quotes in rng.sample(_GAPS[:5], rng.randint(1, 2)) + (
                    [rng.choice(_GAPS[5:])] if rng.random() < 0.3 else []):
                self.rows.add(
                    FeatureRequest, account_id=account["id"], gap_id=self.gap(gap_title),
                    kind=FeedbackKind.FEATURE_REQUEST, quote=rng.choice(quotes),
                    contact_id=rng.choice(contacts)["id"] if contacts else None,
                    requested_on=today - timedelta(days=rng.randint(3, 200)))

    def gap(self, title: str) -> int:
        """One shared gap per title across the whole demo book: its id."""
        found = self.gaps.get(title)
        if found is None:
            found = self.gaps[title] = self.rows.add(ProductGap, title=title,
                                                     description=None)["id"]
        return found

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
