"""Success plans and QBRs as data, Word files and snapshots.

The QBR draft follows DOMAIN.md's eight-part agenda; every export keeps a snapshot so the next
review can say what changed since.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from csdesk.assets import resource
from csdesk.errors import CsdeskError
from csdesk.models import (
    ActionItem,
    ActivityAction,
    Attendee,
    CanvasItemKind,
    Kpi,
    Meeting,
    MeetingKind,
    QbrSnapshot,
    RoadmapItem,
    Side,
    StakeholderRole,
    WorkspaceSetting,
)
from csdesk.services.base import Service, record
from csdesk.services.benchmarks import BenchmarkService
from csdesk.services.chart_data import critical_path_chart, describe_ttfv, kpi_chart
from csdesk.services.critical_path import CriticalPathService
from csdesk.services.measures import number_text, progress, progress_text
from csdesk.services.portfolio_metrics import parse_quarter
from csdesk.services.schedule import plural_days
from csdesk.services.tracking import PathHealth, StageStatus
from csdesk.services.validation import format_money

KINDS = ("plan", "qbr")
DEFAULT_TEMPLATES = {"plan": "success_plan.docx", "qbr": "qbr.docx"}
TEMPLATES_KEY = "document_templates"
NAME_KEY = "csm_name"
STAKEHOLDER_ORDER = list(StakeholderRole)


TO_BE_AGREED = "to be agreed"  # an owner or a date not yet settled with the customer
NEEDS_A_NEW_DATE = "needs a new date"  # work whose date has passed: never promised for it


def _customer_people(contacts: Any) -> list:
    """The customer's people as a customer document names them: by role order, and never
    with an internal label (a contact we see as a detractor risk is not listed)."""
    from csdesk.documents.data import Person

    return [Person(c.name, c.role.label, c.title or "") for c in sorted(
        contacts, key=lambda c: STAKEHOLDER_ORDER.index(c.role))
        if c.role is not StakeholderRole.DETRACTOR_RISK]


def _d(value: date | None) -> str:
    return value.isoformat() if value else "—"


def quarter_label(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


class DocumentService(Service):
    # Settings: default templates and the name documents are signed with

    def template_for(self, kind: str, override: Path | None = None) -> Path:
        if override is not None:
            if not override.is_file():
                raise CsdeskError(f"no template at {override}")
            return override
        chosen = self.settings().get(kind)
        if chosen:
            path = Path(chosen)
            if not path.is_file():
                raise CsdeskError(f"the default {kind} template {path} is missing; pick another "
                                  "in Tools → Document templates")
            return path
        return self.builtin_template(kind)

    @staticmethod
    def builtin_template(kind: str) -> Path:
        if kind not in KINDS:
            raise CsdeskError(f"unknown document '{kind}': use plan or qbr")
        return Path(str(resource("templates", DEFAULT_TEMPLATES[kind])))

    def settings(self) -> dict[str, Any]:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, TEMPLATES_KEY)
            return dict(setting.value) if setting else {}

    def set_default_template(self, kind: str, path: Path | None) -> None:
        if kind not in KINDS:
            raise CsdeskError(f"unknown document '{kind}': use plan or qbr")
        if path is not None and not path.is_file():
            raise CsdeskError(f"no template at {path}")
        values = self.settings()
        values[kind] = str(path) if path else None
        self._put(TEMPLATES_KEY, values)

    def csm_name(self) -> str:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, NAME_KEY)
            return str(setting.value) if setting and setting.value else "Customer Success"

    def set_csm_name(self, name: str) -> None:
        from csdesk.services.validation import optional_line

        self._put(NAME_KEY, optional_line(name, "your name") or "")

    def _put(self, key: str, value: Any) -> None:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, key)
            if setting is None:
                session.add(WorkspaceSetting(key=key, value=value))
            else:
                setting.value = value

    # The documents' data

    def plan_document(self, account_id: int, today: date, charts: bool = True):  # noqa: ANN201
        from csdesk.documents.data import MilestoneLine, PlanDocument

        plan, account = self._plan_and_account(account_id)
        track = CriticalPathService(self._workspace).track(account_id, today)
        milestones = [
            MilestoneLine(s.stage.name, m.owner or "", m.owner_side.label, _d(s.stage.due),
                          _d(s.stage.actual), _status_text(s))
            for s, m in zip(track.stages, self._milestones(plan.id), strict=True)]
        document = PlanDocument(
            account=self._facts(account), date=_d(today),
            prepared_by=account.owner or self.csm_name(),
            plan_status=plan.status.label,
            likelihood=plan.likelihood.label if plan.likelihood else "not assessed yet",
            assessment=plan.assessment_notes or "",
            objectives=[i.text for i in plan.items_of(CanvasItemKind.OBJECTIVE)],
            challenges=[i.text for i in plan.items_of(CanvasItemKind.CHALLENGE)],
            benefits=[i.text for i in plan.items_of(CanvasItemKind.BENEFIT)],
            success_criteria=[i.text for i in plan.items_of(CanvasItemKind.SUCCESS_CRITERION)],
            milestones=milestones, kpis=[_kpi_line(k) for k in plan.kpis],
            stakeholders=_customer_people(account.contacts),
            path_summary=_path_summary(track))
        if charts:
            document.charts = self._charts(account.name, track, [], with_kpis=False)
        return document

    def qbr_document(self, account_id: int, today: date, quarter: str | None = None,
                     roadmap_ids: list[int] | None = None, charts: bool = True):  # noqa: ANN201
        """The eight-part agenda drafted from the data (insights and plan are editable)."""
        from csdesk.documents.data import ActionLine, QbrDocument, RoadmapLine

        quarter = quarter or quarter_label(today)
        start, _end = parse_quarter(quarter)  # also refuses a quarter that is not one
        plan, account = self._plan_and_account(account_id)
        since = self._last_qbr_date(account_id, today) or start
        track = CriticalPathService(self._workspace).track(account_id, today)
        with self._uow() as session:
            actions = list(session.scalars(select(ActionItem).where(
                ActionItem.account_id == account_id).order_by(ActionItem.due_date)))
            ours = sorted({a.name for a in session.scalars(
                select(Attendee).join(Meeting).where(Meeting.account_id == account_id,
                                                     Attendee.side == Side.OURS))})
            query = select(RoadmapItem).where(RoadmapItem.active.is_(True))
            if roadmap_ids is not None:
                query = query.where(RoadmapItem.id.in_(roadmap_ids))
            roadmap = list(session.scalars(query.order_by(RoadmapItem.horizon,
                                                          RoadmapItem.title)))
        from csdesk.documents.data import Person

        customer = _customer_people(account.contacts)
        done = [ActionLine(a.text, a.owner or "", _d(a.due_date), _d(a.done_on))
                for a in actions if a.done_on and a.done_on >= since]
        open_ = [ActionLine(a.text, a.owner or "", _d(a.due_date)) for a in actions
                 if a.done_on is None]
        upcoming = track.next_stage
        next_milestone = "not planned yet" if track.health is PathHealth.NOT_PLANNED else \
            "all stages done" if upcoming is None else (
            f"{upcoming.stage.name}, {upcoming.late_words()}"
            + (f"; {upcoming.forecast_words()}" if upcoming.forecast else ""))
        document = QbrDocument(
            account=self._facts(account), quarter=quarter, date=_d(today), since=_d(since),
            prepared_by=account.owner or self.csm_name(), customer_attendees=customer,
            our_attendees=[Person(account.owner or self.csm_name(),
                                  "Customer Success Manager")] + [
                Person(name, "") for name in ours if name != (account.owner or self.csm_name())],
            objectives=[i.text for i in plan.items_of(CanvasItemKind.OBJECTIVE)],
            kpis=[_kpi_line(k) for k in plan.kpis], actions_done=done, actions_open=open_,
            path_summary=_path_summary(track), next_milestone=next_milestone,
            benchmarks=[line for b in BenchmarkService(self._workspace)
                        .for_account(account_id, today)
                        if (line := b.customer_sentence()) is not None],
            insights=self._insights(account, plan, track, today),
            roadmap=[RoadmapLine(r.title, r.horizon.label, r.description or "")
                     for r in roadmap],
            plan_90=self._plan_90(track, actions, today, account_id),
            changes=self.changes_since_last(account_id, today))
        if charts:
            document.charts = self._charts(account.name, track, plan.kpis, with_kpis=True,
                                           kickoff=plan.kickoff_date)
        return document

    # Exports

    def export_plan(self, account_id: int, output: Path, today: date,
                    template: Path | None = None) -> Path:
        from csdesk.documents.render import render_docx

        path = render_docx(self.template_for("plan", template),
                           self.plan_document(account_id, today), output)
        self._log(account_id, f"Success plan exported to {output.name}")
        return path

    def export_qbr(self, account_id: int, output: Path, today: date, quarter: str | None = None,
                   template: Path | None = None, document: Any = None,
                   meeting_id: int | None = None) -> Path:
        """Render the QBR (the given, possibly edited, draft or a fresh one) and keep a
        snapshot of the facts, for the next review's "what changed"."""
        from csdesk.documents.render import render_docx

        document = document or self.qbr_document(account_id, today, quarter)
        if not document.charts:
            plan, account = self._plan_and_account(account_id)
            track = CriticalPathService(self._workspace).track(account_id, today)
            document.charts = self._charts(account.name, track, plan.kpis, with_kpis=True,
                                           kickoff=plan.kickoff_date)
        path = render_docx(self.template_for("qbr", template), document, output)
        with self._uow() as session:
            session.add(QbrSnapshot(account_id=account_id, meeting_id=meeting_id,
                                    quarter=document.quarter, taken_on=today,
                                    data=self._facts_now(account_id, today)))
        self._log(account_id, f"QBR {document.quarter} exported to {output.name}")
        return path

    def save_qbr_meeting(self, account_id: int, document: Any, held_on: date) -> Meeting:
        """The reviewed draft becomes a QBR meeting whose agenda is the eight parts."""
        from csdesk.services.meetings import AttendeeInput, MeetingService

        contacts = {c.name: c.id for c in self._plan_and_account(account_id)[1].contacts}
        attendees = [AttendeeInput(p.name, Side.CUSTOMER, p.role, contacts.get(p.name))
                     for p in document.customer_attendees]
        attendees += [AttendeeInput(p.name, Side.OURS, p.role) for p in document.our_attendees]
        return MeetingService(self._workspace).create(
            account_id, title=f"QBR {document.quarter}", kind=MeetingKind.QBR, held_on=held_on,
            agenda=agenda_text(document), attendees=attendees)

    # What changed since the last review

    def changes_since_last(self, account_id: int, today: date) -> list[str]:
        with self._uow() as session:
            last = session.scalar(select(QbrSnapshot).where(QbrSnapshot.account_id == account_id)
                                  .order_by(QbrSnapshot.taken_at.desc()).limit(1))
            if last is None:
                return []
            before, taken_on = last.data, last.taken_on
        now = self._facts_now(account_id, today)
        lines = [f"Since the last review ({taken_on.isoformat()}):"]
        for mid, stage in now["milestones"].items():
            old = before.get("milestones", {}).get(mid)
            if old is None:
                lines.append(f"New milestone: {stage['name']}.")
            elif stage["actual"] and not old["actual"]:
                lines.append(f"Milestone completed: {stage['name']} on {stage['actual']}.")
            elif stage["overdue"] and not old["overdue"]:
                lines.append(f"Milestone slipped: {stage['name']} is now overdue "
                             f"(planned {stage['planned']}).")
            elif stage["planned"] and old["planned"] and stage["planned"] > old["planned"]:
                lines.append(f"Milestone re-planned later: {stage['name']} from "
                             f"{old['planned']} to {stage['planned']}.")
        for kid, kpi in now["kpis"].items():
            old = before.get("kpis", {}).get(kid)
            if old and old["latest"] != kpi["latest"] and kpi["latest"] is not None:
                lines.append(f"{kpi['name']}: {old['latest'] or '—'} → {kpi['latest']}.")
        return lines if len(lines) > 1 else lines + ["Nothing has changed."]

    def _facts_now(self, account_id: int, today: date) -> dict[str, Any]:
        plan, account = self._plan_and_account(account_id)
        track = CriticalPathService(self._workspace).track(account_id, today)
        return {
            "milestones": {str(s.stage.id): {"name": s.stage.name, "planned": _iso(s.stage.due),
                                             "actual": _iso(s.stage.actual),
                                             "overdue": s.status is StageStatus.OVERDUE}
                           for s in track.stages},
            "kpis": {str(k.id): {"name": k.name,
                                 "latest": number_text(k.latest.value, k.unit)
                                 if k.latest else None} for k in plan.kpis},
            "health": account.health_score,
        }

    # Pieces

    def _plan_and_account(self, account_id: int):  # noqa: ANN202
        from csdesk.services.accounts import AccountService
        from csdesk.services.plans import PlanService

        plan = PlanService(self._workspace).get(account_id)
        with self._uow() as session:
            from sqlalchemy.orm import selectinload

            from csdesk.models import Account

            account = session.scalar(select(Account).where(Account.id == account_id)
                                     .options(selectinload(Account.contacts)))
        if account is None:
            AccountService(self._workspace).get(account_id)  # raises the usual message
        return plan, account

    def _milestones(self, plan_id: int) -> list:
        return CriticalPathService(self._workspace).milestones(plan_id)

    def _facts(self, account: Any):  # noqa: ANN202
        from csdesk.documents.data import AccountFacts
        from csdesk.services.health_score import band_of

        band = band_of(account.health_score)
        return AccountFacts(
            name=account.name, industry=account.industry or "", website=account.website or "",
            employees=f"{account.employees:,}" if account.employees is not None else "",
            offices=str(account.offices or ""), founded=str(account.founded or ""),
            segment=account.segment.label, edition=account.edition or "",
            lifecycle_stage=account.lifecycle_stage.label,
            arr=format_money(account.arr_cents, account.currency),
            contract_start=_d(account.contract_start), renewal_date=_d(account.renewal_date),
            health=f"{account.health_score} ({band.label})" if band else "not scored",
            highlights=account.highlights or "")

    def _charts(self, name: str, track: Any, kpis: list[Kpi], *, with_kpis: bool,
                kickoff: date | None = None) -> dict[str, Any]:
        from csdesk.charts.critical_path import critical_path_figure
        from csdesk.charts.export import figure_bytes
        from csdesk.charts.kpi import kpi_figure

        charts: dict[str, Any] = {"critical_path_chart": None, "kpi_charts": []}
        if any(s.stage.due for s in track.stages):
            charts["critical_path_chart"] = figure_bytes(
                critical_path_figure(critical_path_chart(name, track), width=8.0))
        if with_kpis:
            charts["kpi_charts"] = [figure_bytes(kpi_figure(kpi_chart(k, kickoff), width=7.0,
                                                            height=3.0))
                                    for k in kpis if k.readings]
        return charts

    def _insights(self, account: Any, plan: Any, track: Any, today: date) -> list[str]:
        lines = []
        for stage in track.stages:
            if stage.status is StageStatus.OVERDUE:
                forecast = f"; {stage.forecast_words()}" if stage.forecast else ""
                lines.append(f"{stage.stage.name} {stage.late_words()}{forecast}.")
        if track.health is not PathHealth.NOT_PLANNED and track.ttfv_days is not None:
            lines.append(describe_ttfv(track).capitalize() + ".")
        for kpi in plan.kpis:
            if not kpi.latest:
                continue
            share = progress(kpi.baseline, kpi.target, kpi.latest.value)
            if share is not None and share < 0:
                lines.append(f"{kpi.name} has moved away from its target: now "
                             f"{number_text(kpi.latest.value, kpi.unit)}, baseline "
                             f"{number_text(kpi.baseline, kpi.unit)}.")
            elif share is not None and share >= 1:
                lines.append(f"{kpi.name} has reached its target "
                             f"({number_text(kpi.target, kpi.unit)}).")
            elif kpi.target_date and kpi.target_date < today:
                lines.append(f"{kpi.name} missed its target date {_d(kpi.target_date)}: "
                             f"{progress_text(kpi.baseline, kpi.target, kpi.latest.value)} "
                             "of the way.")
        if account.renewal_date and account.renewal_date >= today:
            days = (account.renewal_date - today).days
            lines.append(f"Renewal in {days} days ({_d(account.renewal_date)}).")
        from csdesk.services.risks import RiskService

        for risk in RiskService(self._workspace).for_account(account.id):
            if risk.status.is_open:
                plan = (f" Mitigation: {risk.mitigation.splitlines()[0]}"
                        if risk.mitigation else " No mitigation plan yet.")
                lines.append(f"Open risk ({risk.severity.label.lower()}): {risk.title}."
                             + plan)
        return lines

    def _plan_90(self, track: Any, actions: list[ActionItem], today: date,
                 account_id: int) -> list:
        """The next 90 days as the customer reads them: what, who ("to be agreed" until
        someone is named) and when, soonest first; work whose date has passed comes first as
        "needs a new date" (it is not promised for a day already gone); one line per task."""
        from csdesk.documents.data import PlanLine
        from csdesk.models import Milestone

        horizon = today + timedelta(days=90)
        open_stages = [s for s in track.stages if not s.status.is_done
                       and (s.forecast or s.stage.due) and (s.forecast or s.stage.due) <= horizon]
        with self._uow() as session:
            owners = dict(session.execute(select(Milestone.id, Milestone.owner).where(
                Milestone.id.in_([s.stage.id for s in open_stages]))).all())
        steps = [(f"Reach {s.stage.name}", owners.get(s.stage.id), s.forecast or s.stage.due)
                 for s in open_stages]
        steps += [(a.text, a.owner, a.due_date) for a in actions
                  if a.done_on is None and (a.due_date is None or a.due_date <= horizon)]
        steps += self._picked_opportunities(account_id)
        lines: dict[str, tuple[tuple[int, date], PlanLine]] = {}
        for what, owner, when in steps:
            key = " ".join(what.casefold().split())
            passed = when is not None and when < today
            order = (0 if passed else 1 if when else 2, when or date.max)
            line = PlanLine(what, (owner or "").strip() or TO_BE_AGREED,
                            NEEDS_A_NEW_DATE if passed else _d(when) if when else TO_BE_AGREED)
            if key not in lines or order < lines[key][0]:  # the same task once, its soonest
                lines[key] = (order, line)
        return [line for _order, line in sorted(lines.values(), key=lambda item: item[0])]

    def _picked_opportunities(self, account_id: int) -> list[tuple[str, str | None,
                                                                    date | None]]:
        """The opportunities the CSM picked for the QBR, as go-forward steps."""
        from csdesk.services.growth import GrowthService

        return [(f"{o.kind.label}: {o.title}"
                 + (f" ({format_money(o.expected_arr_cents)} ARR)"
                    if o.expected_arr_cents else "")
                 + (f"; next step: {o.next_step}" if o.next_step else ""),
                 o.contact.name if o.contact else None, o.expected_on)
                for o in GrowthService(self._workspace).opportunities(account_id)
                if o.in_qbr and o.stage.is_open]

    def _last_qbr_date(self, account_id: int, today: date) -> date | None:
        with self._uow() as session:
            return session.scalar(select(Meeting.held_on).where(
                Meeting.account_id == account_id, Meeting.kind.in_([MeetingKind.QBR,
                                                                    MeetingKind.EBR]),
                Meeting.held_on < today).order_by(Meeting.held_on.desc()).limit(1))

    def _log(self, account_id: int, summary: str) -> None:
        with self._uow() as session:
            record(session, account_id=account_id, entity="document", entity_id=None,
                   action=ActivityAction.CREATED, summary=summary)


def _kpi_line(kpi: Kpi):  # noqa: ANN202
    from csdesk.documents.data import KpiLine

    latest = kpi.latest.value if kpi.latest else None
    return KpiLine(kpi.name, kpi.unit or "", number_text(kpi.baseline, kpi.unit),
                   number_text(kpi.target, kpi.unit), number_text(latest, kpi.unit),
                   progress_text(kpi.baseline, kpi.target, latest), _d(kpi.target_date))


def _status_text(s: Any) -> str:
    """A stage's status as the customer reads it, with the same days late as everywhere."""
    if s.days_late is not None:
        return f"{plural_days(s.days_late)} late"
    if s.done_late_days is not None:
        return f"Done {plural_days(s.done_late_days)} late"
    return "Done" if s.status is StageStatus.DONE_ON_TIME else s.status.label


def _path_summary(track: Any) -> str:
    if track.health is PathHealth.NOT_PLANNED:
        return "The critical path has not been planned yet."
    return (f"{track.done_count} of {len(track.stages)} stages done. {track.health.label}: "
            f"{track.reason}. {describe_ttfv(track).capitalize()}.")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def agenda_text(document: Any) -> str:
    """The eight parts as plain text, for the QBR meeting's agenda."""
    def block(title: str, lines: list[str]) -> str:
        return title + "\n" + ("\n".join(f"- {line}" for line in lines) if lines else "- —")

    parts = [
        block("1. Introduction", [f"{p.name} ({p.role})" if p.role else p.name
                                  for p in document.customer_attendees + document.our_attendees]),
        block("2. Objectives and measures", document.objectives +
              [f"{k.name}: {k.current} of target {k.target} ({k.progress})"
               for k in document.kpis]),
        block("3. Review of past actions", [f"Done: {a.text}" for a in document.actions_done] +
              [f"Open: {a.text} ({a.owner}, due {a.due})" for a in document.actions_open]),
        block("4. Success plan progress", [document.path_summary,
                                           f"Next milestone: {document.next_milestone}"]),
        block("5. Benchmarking", document.benchmarks),
        block("6. Insights", document.insights + document.changes),
        block("7. Product roadmap", [f"{r.title} ({r.horizon})" for r in document.roadmap]),
        block("8. The next 90 days", [f"{p.what} — {p.owner or 'owner to agree'} — {p.when}"
                                      for p in document.plan_90]),
    ]
    return "\n\n".join(parts)

