"""Success plans and QBRs as data, Word files and snapshots.

The QBR draft follows DOMAIN.md's eight-part agenda; every export keeps a snapshot so the next
review can say what changed since.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select

from csdesk.assets import resource
from csdesk.documents.canvas import CANVAS_SECTIONS
from csdesk.documents.data import ContactCard
from csdesk.documents.kinds import (
    CRITICAL_PATH_CHART,
    DOCUMENT_KINDS,
    KPI_CHARTS,
    PLAN,
    QBR,
    DocumentKind,
    document_kind,
)
from csdesk.errors import CsdeskError
from csdesk.models import (
    ActivityAction,
    CanvasItemKind,
    Kpi,
    Meeting,
    MeetingKind,
    QbrSnapshot,
    Side,
    StakeholderRole,
    WorkspaceSetting,
)
from csdesk.services.base import Service, record
from csdesk.services.chart_data import critical_path_chart, describe_ttfv, kpi_chart
from csdesk.services.document_facts import DocumentFacts, DocumentFactsService
from csdesk.services.executive_summary import NEEDS_A_NEW_DATE, TO_BE_AGREED, summary_lines
from csdesk.services.measures import number_text, places_of, progress, progress_text
from csdesk.services.portfolio_metrics import parse_quarter
from csdesk.services.schedule import plural_days
from csdesk.services.tracking import PathHealth, StageStatus
from csdesk.services.validation import format_money

if TYPE_CHECKING:
    from csdesk.services.contacts import ContactService
    from csdesk.services.meetings import MeetingService

# The document kinds (declared in documents/kinds.py): two for the customer, one internal
# brief for the CSM and their manager.
KINDS = tuple(DOCUMENT_KINDS)
CUSTOMER_KINDS = tuple(name for name, kind in DOCUMENT_KINDS.items() if kind.for_customer)
KIND_TITLES = {name: kind.title for name, kind in DOCUMENT_KINDS.items()}
DEFAULT_TEMPLATES = {name: kind.template for name, kind in DOCUMENT_KINDS.items()}
TEMPLATES_KEY = "document_templates"
STAKEHOLDER_ORDER = list(StakeholderRole)
CSM_ROLE = "Customer Success Manager"  # our CSM's role when Settings give no title
# What the CSM edits in a QBR draft; everything else is computed again at export.
EDITABLE = QBR.editable
__all__ = ["NEEDS_A_NEW_DATE", "TO_BE_AGREED"]


def _customer_people(contacts: Any) -> list:
    """The customer's people as a customer document names them: by role order, and never
    with an internal label (a contact we see as a detractor risk is not listed)."""
    from csdesk.documents.data import Person

    return [Person(c.name, c.role.label, c.title or "—") for c in sorted(
        contacts, key=lambda c: STAKEHOLDER_ORDER.index(c.role))
        if c.role is not StakeholderRole.DETRACTOR_RISK]


def _d(value: date | None) -> str:
    return value.isoformat() if value else "—"


def quarter_label(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


class DocumentService(Service):
    def __init__(self, workspace: Any, *, facts: DocumentFactsService, contacts: ContactService,
                 meetings: MeetingService) -> None:
        super().__init__(workspace)
        self._document_facts = facts
        self._contacts = contacts
        self._meetings = meetings

    # Settings: the default template of each kind

    def template_for(self, kind: str, override: Path | None = None) -> Path:
        document_kind(kind)  # an unknown kind is refused, whatever the template
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
        return Path(str(resource("templates", document_kind(kind).template)))

    def settings(self) -> dict[str, Any]:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, TEMPLATES_KEY)
            return dict(setting.value) if setting else {}

    def set_default_template(self, kind: str, path: Path | None) -> None:
        document_kind(kind)
        if path is not None and not path.is_file():
            raise CsdeskError(f"no template at {path}")
        values = self.settings()
        values[kind] = str(path) if path else None
        self._put(TEMPLATES_KEY, values)

    def _put(self, key: str, value: Any) -> None:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, key)
            if setting is None:
                session.add(WorkspaceSetting(key=key, value=value))
            else:
                setting.value = value

    # The documents' data: each built from one DocumentFacts (one read, one tracked path)

    def facts(self, account_id: int, today: date, *, with_health: bool = False,
              for_review: bool = True) -> DocumentFacts:
        return self._document_facts.gather(account_id, today, with_health=with_health,
                                           for_review=for_review)

    def build(self, kind: str | DocumentKind, facts: DocumentFacts, *,
              quarter: str | None = None, draft: Any = None, signature: Any = None,
              charts: bool = True) -> Any:
        """The ``kind`` of document from ``facts`` (with the CSM's edits of ``draft`` kept,
        for a kind that has a draft)."""
        declared = kind if isinstance(kind, DocumentKind) else document_kind(kind)
        builder = getattr(self, declared.builder)
        if declared.quarterly:
            return builder(facts.account.id, facts.today, quarter, charts=charts,
                           signature=signature, facts=facts, draft=draft)
        return builder(facts.account.id, facts.today, charts=charts, signature=signature,
                       facts=facts)

    def plan_document(self, account_id: int, today: date, charts: bool = True,
                      signature: Any = None, facts: DocumentFacts | None = None):
        from csdesk.documents.data import MilestoneLine, PlanDocument

        facts = facts or self.facts(account_id, today, for_review=False)
        plan, account, track = facts.plan, facts.account, facts.track
        card = self._card(facts, signature)
        milestones = [
            MilestoneLine(s.stage.name, (m.owner or "").strip() or TO_BE_AGREED,
                          m.owner_side.label, _d(s.stage.due), _d(s.stage.actual),
                          _status_text(s))
            for s, m in facts.stages]
        document = PlanDocument(
            account=self._account_facts(account), date=_d(today),
            prepared_by=card.name, csm=card,
            **cast("dict[str, Any]", _statements(plan)),  # objectives…: PlanDocument's fields
            milestones=milestones, kpis=[_kpi_line(k) for k in plan.kpis],
            stakeholders=_customer_people(account.contacts),
            path_summary=_path_summary(track),
            summary=summary_lines(facts, self._plan_90(facts), _kpi_pair))
        if charts:
            document.charts = self._charts(facts, PLAN.charts)
        return document

    def qbr_document(self, account_id: int, today: date, quarter: str | None = None,
                     roadmap_ids: list[int] | None = None, charts: bool = True,
                     signature: Any = None, facts: DocumentFacts | None = None,
                     draft: Any = None):
        """The eight-part agenda drafted from the data (the summary, insights, roadmap and
        90-day plan are the CSM's to edit: ``draft``'s are kept)."""
        from csdesk.documents.data import ActionLine, Person, QbrDocument, RoadmapLine

        quarter = quarter or (draft.quarter if draft is not None else None) \
            or quarter_label(today)
        start, _end = parse_quarter(quarter)  # also refuses a quarter that is not one
        if facts is None or not facts.for_review:
            facts = self.facts(account_id, today)
        plan, account, track = facts.plan, facts.account, facts.track
        since = facts.last_review or start
        roadmap = [r for r in facts.roadmap if roadmap_ids is None or r.id in roadmap_ids]
        card = self._card(facts, signature)
        done = [ActionLine(f"Milestone reached: {s.stage.name}", (m.owner or "").strip() or "—",
                           _d(s.stage.due), _d(s.stage.actual))
                for s, m in facts.stages if s.stage.actual and s.stage.actual >= since]
        done += [ActionLine(a.text, (a.owner or "").strip() or "—", _d(a.due_date),
                            _d(a.done_on))
                 for a in facts.actions if a.done_on and a.done_on >= since]
        done.sort(key=lambda line: line.done)
        open_ = [ActionLine(a.text, (a.owner or "").strip() or TO_BE_AGREED,
                            _d(a.due_date) if a.due_date else TO_BE_AGREED)
                 for a in facts.actions if a.done_on is None]
        plan_90 = self._plan_90(facts)
        document = QbrDocument(
            account=self._account_facts(account), quarter=quarter, date=_d(today),
            since=_d(since), prepared_by=card.name, csm=card,
            customer_attendees=_customer_people(account.contacts),
            our_attendees=[Person(card.name, card.title or CSM_ROLE)] * bool(card.name) + [
                Person(name, "—") for name in facts.our_attendees if name != card.name],
            objectives=_statements(plan)["objectives"],
            kpis=[_kpi_line(k) for k in plan.kpis], actions_done=done, actions_open=open_,
            path_summary=_path_summary(track), next_milestone=_next_milestone(track),
            benchmarks=[line for b in facts.benchmarks
                        if (line := b.customer_sentence()) is not None],
            insights=self._insights(facts),
            roadmap=[RoadmapLine(r.title, r.horizon.label, r.description or "")
                     for r in roadmap],
            plan_90=plan_90, changes=self.changes_since_last(account_id, today, facts),
            summary=summary_lines(facts, plan_90, _kpi_pair))
        if draft is not None:
            document = replace(document, **{name: getattr(draft, name)
                                            for name in QBR.editable})
        if charts:
            document.charts = self._charts(facts, QBR.charts)
        return document

    def brief_document(self, account_id: int, today: date, quarter: str | None = None,
                       charts: bool = True, signature: Any = None,
                       customer: Any = None, facts: DocumentFacts | None = None,
                       draft: Any = None):
        """The internal QBR brief for the CSM and their manager: the QBR's facts and, beside
        them, what never goes to the customer (health, risks, sentiment, the commercials).
        ``customer`` (or ``draft``) is the (edited) pre-read it accompanies; its facts are
        gathered anew (or given, with health)."""
        from csdesk.services.qbr_brief import brief_of

        customer = customer if customer is not None else draft
        if facts is None or facts.health is None or not facts.for_review:
            facts = self.facts(account_id, today, with_health=True)
        qbr = self.qbr_document(account_id, today, quarter, charts=charts,
                                signature=signature, facts=facts, draft=customer)
        return brief_of(qbr, facts, _kpi_pair)

    # Exports

    def export(self, kind: str, account_id: int, output: Path, today: date, *,
               quarter: str | None = None, template: Path | None = None,
               document: Any = None, signature: Any = None,
               meeting_id: int | None = None) -> Path:
        """Write one document kind to ``output``. Its facts are gathered once, and the
        document, its charts and (for a QBR) the snapshot kept for the next review's "what
        changed" all come from them; of a given draft only the CSM's edits are kept."""
        declared = document_kind(kind)
        facts = self.facts(account_id, today, with_health=not declared.for_customer,
                           for_review=declared.quarterly)
        built = self.build(declared, facts, quarter=quarter, draft=document,
                           signature=signature)
        named = {"quarter": getattr(built, "quarter", "")}
        path = self.render(declared.name, template, built, output,
                           declared.heading.format(**named))
        with self._uow() as session:
            if declared.keeps_snapshot:
                session.add(QbrSnapshot(account_id=account_id, meeting_id=meeting_id,
                                        quarter=built.quarter, taken_on=today,
                                        data=_snapshot(facts)))
            record(session, account_id=account_id, entity="document", entity_id=None,
                   action=ActivityAction.CREATED,
                   summary=f"{declared.logged.format(**named)} exported to {output.name}")
        return path

    def export_plan(self, account_id: int, output: Path, today: date,
                    template: Path | None = None, *, signature: Any = None) -> Path:
        return self.export(PLAN.name, account_id, output, today, template=template,
                           signature=signature)

    def export_qbr(self, account_id: int, output: Path, today: date, quarter: str | None = None,
                   template: Path | None = None, document: Any = None,
                   meeting_id: int | None = None, *, signature: Any = None) -> Path:
        """Render the QBR and keep a snapshot of its facts, for the next review's "what
        changed" (see ``export``)."""
        return self.export(QBR.name, account_id, output, today, quarter=quarter,
                           template=template, document=document, signature=signature,
                           meeting_id=meeting_id)

    def render(self, kind: str, template: Path | None, document: Any, output: Path,
               title: str) -> Path:
        """Write ``document`` with the kind's template; refused when no one signs it."""
        from csdesk.documents.render import render_docx

        if not document.prepared_by:
            raise CsdeskError("documents are signed with your name, and none is set: set it "
                              "in Settings → You on documents (or: csdesk settings set "
                              "my_name \"Your Name\"), or give the account an owner")
        from csdesk import clock
        from csdesk.documents.finish import DocumentProperties, finish_document

        properties = DocumentProperties(
            title=f"{document.account.name}: {title}", subject=title,
            author=document.prepared_by, company=document.csm.company, created=clock.now())
        return render_docx(self.template_for(kind, template), document, output,
                           finish=lambda docx: finish_document(docx, properties))

    def save_qbr_meeting(self, account_id: int, document: Any, held_on: date) -> Meeting:
        """The reviewed draft becomes a QBR meeting whose agenda is the eight parts."""
        from csdesk.services.meetings import AttendeeInput

        contacts = {c.name: c.id for c in self._contacts.for_account(account_id)}
        attendees = [AttendeeInput(p.name, Side.CUSTOMER, p.role, contacts.get(p.name))
                     for p in document.customer_attendees]
        attendees += [AttendeeInput(p.name, Side.OURS, p.role) for p in document.our_attendees]
        return self._meetings.create(
            account_id, title=f"QBR {document.quarter}", kind=MeetingKind.QBR, held_on=held_on,
            agenda=agenda_text(document), attendees=attendees)

    # What changed since the last review

    def changes_since_last(self, account_id: int, today: date,
                           facts: DocumentFacts | None = None) -> list[str]:
        if facts is not None and facts.for_review:
            last = facts.previous
        else:
            with self._uow() as session:
                last = session.scalar(select(QbrSnapshot)
                                      .where(QbrSnapshot.account_id == account_id)
                                      .order_by(QbrSnapshot.taken_at.desc()).limit(1))
        if last is None:
            return []
        before, taken_on = last.data, last.taken_on
        now = _snapshot(facts or self.facts(account_id, today))
        lines = [f"Since the last review ({taken_on.isoformat()}):"]
        for mid, stage in now["milestones"].items():
            old = before.get("milestones", {}).get(mid)
            if old is None:
                lines.append(f"New milestone: {stage['name']}.")
            elif stage["actual"] and not old["actual"]:
                lines.append(f"Milestone completed: {stage['name']} on {stage['actual']}.")
            elif stage["overdue"] and not old["overdue"]:
                lines.append(f"Milestone slipped: {stage['name']} is now late "
                             f"(due {stage['planned']}).")
            elif stage["planned"] and old["planned"] and stage["planned"] > old["planned"]:
                lines.append(f"Milestone re-planned later: {stage['name']} from "
                             f"{old['planned']} to {stage['planned']}.")
        for kid, kpi in now["kpis"].items():
            old = before.get("kpis", {}).get(kid)
            if old and old["latest"] != kpi["latest"] and kpi["latest"] is not None:
                lines.append(f"{kpi['name']}: {old['latest'] or '—'} → {kpi['latest']}.")
        return lines if len(lines) > 1 else lines + ["Nothing has changed."]

    # Pieces

    def _card(self, facts: DocumentFacts, signature: Any) -> ContactCard:
        """Who signs the document: the CSM from Settings, else the account's owner by name;
        never a placeholder person (`_render` refuses a document signed by no one)."""
        from csdesk import settings as user_settings
        from csdesk.documents.data import ContactCard

        if signature is None:  # the CSM using this computer, as their settings name them
            signature = user_settings.signature(user_settings.load())
        name = (getattr(signature, "name", "") or "").strip()
        if name:
            return ContactCard(name, getattr(signature, "title", "") or "",
                               getattr(signature, "email", "") or "",
                               getattr(signature, "phone", "") or "",
                               getattr(signature, "company", "") or "")
        # No one named yet: a draft can still be shown, but no export is signed by nobody.
        return ContactCard((facts.account.owner or "").strip())

    @staticmethod
    def _account_facts(account: Any):
        """The customer's facts as a customer document shows them: "—" for no value (and no
        renewal date once they have left)."""
        from csdesk.documents.data import AccountFacts
        from csdesk.models import AccountStatus

        churned = account.status is AccountStatus.CHURNED

        def text(value: Any) -> str:
            return str(value) if value not in (None, "") else "—"

        return AccountFacts(
            name=account.name, industry=text(account.industry), website=text(account.website),
            employees=f"{account.employees:,}" if account.employees is not None else "—",
            offices=text(account.offices), founded=text(account.founded),
            edition=text(account.edition),
            arr=format_money(account.arr_cents, account.currency),
            contract_start=_d(account.contract_start),
            renewal_date=_d(None if churned else account.renewal_date),
            highlights=account.highlights or "")

    def _charts(self, facts: DocumentFacts, names: tuple[str, ...]) -> dict[str, Any]:
        """The charts ``names`` (a kind's `charts`), drawn from the document's own facts."""
        from csdesk.charts.critical_path import critical_path_figure
        from csdesk.charts.export import figure_bytes
        from csdesk.charts.kpi import kpi_figure

        charts: dict[str, Any] = {CRITICAL_PATH_CHART: None, KPI_CHARTS: []}
        if CRITICAL_PATH_CHART in names and any(s.stage.due for s in facts.track.stages):
            charts[CRITICAL_PATH_CHART] = figure_bytes(critical_path_figure(
                critical_path_chart(facts.account.name, facts.track), width=8.0))
        if KPI_CHARTS in names:
            charts[KPI_CHARTS] = [figure_bytes(kpi_figure(
                kpi_chart(k, facts.plan.kickoff_date), width=7.0, height=3.0))
                for k in facts.plan.kpis if k.readings]
        return charts

    @staticmethod
    def _insights(facts: DocumentFacts) -> list[str]:
        """Insights for the customer: the path, time to value, KPIs, the renewal (risks and
        health stay in the internal brief)."""
        track, today = facts.track, facts.today
        lines = []
        for stage in track.stages:
            if stage.status is StageStatus.OVERDUE:
                forecast = f"; {stage.forecast_words()}" if stage.forecast else ""
                lines.append(f"{stage.stage.name} {stage.late_words()}{forecast}.")
        if track.health is not PathHealth.NOT_PLANNED and track.ttfv_days is not None:
            lines.append(describe_ttfv(track).capitalize() + ".")
        for kpi in facts.plan.kpis:
            if not kpi.latest:
                continue
            current, target = _kpi_pair(kpi)
            share = progress(kpi.baseline, kpi.target, kpi.latest.value)
            if share is not None and share < 0:
                lines.append(f"{kpi.name} has moved away from its target: now {current}, "
                             f"baseline {_kpi_number(kpi, kpi.baseline)}.")
            elif share is not None and share >= 1:
                lines.append(f"{kpi.name} has reached its target ({target}).")
            elif kpi.target_date and kpi.target_date < today:
                lines.append(f"{kpi.name} missed its target date {_d(kpi.target_date)}: "
                             f"{progress_text(kpi.baseline, kpi.target, kpi.latest.value)} "
                             "of the way.")
        if (renewal := facts.renewal_ahead) is not None:
            days = (renewal - today).days
            lines.append(f"Renewal in {plural_days(days)} ({_d(renewal)}).")
        return lines

    def _plan_90(self, facts: DocumentFacts) -> list:
        """The next 90 days as the customer reads them: what, who ("to be agreed" until
        someone is named) and when, soonest first; work whose date has passed comes first as
        "needs a new date" (it is not promised for a day already gone); one line per task."""
        from csdesk.documents.data import PlanLine

        today = facts.today
        horizon = today + timedelta(days=90)
        steps = [(f"Reach {s.stage.name}", m.owner, s.forecast or s.stage.due)
                 for s, m in facts.stages if not s.status.is_done
                 for due in [s.forecast or s.stage.due] if due and due <= horizon]
        steps += [(a.text, a.owner, a.due_date) for a in facts.actions
                  if a.done_on is None and (a.due_date is None or a.due_date <= horizon)]
        steps += _opportunity_steps(facts)
        lines: dict[tuple[str, str], tuple[tuple[int, date], PlanLine]] = {}
        for what, owner, when in steps:
            text, who = " ".join(what.casefold().split()), (owner or "").strip()
            passed = when is not None and when < today
            order = (0 if passed else 1 if when else 2, when or date.max)
            line = PlanLine(what, who or TO_BE_AGREED,
                            NEEDS_A_NEW_DATE if passed else _d(when) if when else TO_BE_AGREED)
            key = (text, who.casefold())
            if key not in lines or order < lines[key][0]:  # the same task once, its soonest
                lines[key] = (order, line)
        # A task with no owner is the same task as one someone owns: listed once, owned.
        owned = {text for text, who in lines if who}
        kept = [item for (text, who), item in lines.items() if who or text not in owned]
        return [line for _order, line in sorted(kept, key=lambda item: item[0])]


def _opportunity_steps(facts: DocumentFacts) -> list[tuple[str, str | None, date | None]]:
    """The open opportunities the CSM picked for the QBR, as go-forward steps."""
    return [(f"{o.kind.label}: {o.title}"
             + (f" ({format_money(o.expected_arr_cents)} ARR)" if o.expected_arr_cents else "")
             + (f"; next step: {o.next_step}" if o.next_step else ""),
             o.contact.name if o.contact else None, o.expected_on)
            for o in facts.opportunities if o.in_qbr]


def _snapshot(facts: DocumentFacts) -> dict[str, Any]:
    """The facts a QBR export keeps for the next review's "what changed"."""
    return {
        "milestones": {str(s.stage.id): {"name": s.stage.name, "planned": _iso(s.stage.due),
                                         "actual": _iso(s.stage.actual),
                                         "overdue": s.status is StageStatus.OVERDUE}
                       for s in facts.track.stages},
        "kpis": {str(k.id): {"name": k.name,
                             "latest": _kpi_number(k, k.latest.value) if k.latest else None}
                 for k in facts.plan.kpis},
        "health": facts.account.health_score,
    }


def _next_milestone(track: Any) -> str:
    if not track.stages:
        return "the critical path has not been planned yet"
    upcoming = track.next_stage
    if upcoming is None:
        return "every stage is done"
    return (f"{upcoming.stage.name}, {upcoming.late_words()}"
            + (f"; {upcoming.forecast_words()}" if upcoming.forecast else ""))


def _kpi_number(kpi: Kpi, value: Decimal | None) -> str:
    """A KPI's value at the KPI's own precision (that of its baseline and target)."""
    return number_text(value, kpi.unit, places_of(kpi.baseline, kpi.target))


def _kpi_pair(kpi: Kpi) -> tuple[str, str]:
    """(current, target) as the documents write them."""
    return (_kpi_number(kpi, kpi.latest.value if kpi.latest else None),
            _kpi_number(kpi, kpi.target))


def _kpi_line(kpi: Kpi):
    from csdesk.documents.data import KpiLine

    latest = kpi.latest.value if kpi.latest else None
    return KpiLine(kpi.name, kpi.unit or "", _kpi_number(kpi, kpi.baseline),
                   _kpi_number(kpi, kpi.target), _kpi_number(kpi, latest),
                   progress_text(kpi.baseline, kpi.target, latest), _d(kpi.target_date))


def _status_text(s: Any) -> str:
    """A stage's status as the customer reads it, with the same days late as everywhere."""
    if s.days_late is not None:
        return f"{plural_days(s.days_late)} late"
    if s.done_late_days is not None:
        return f"Done {plural_days(s.done_late_days)} late"
    return "Done" if s.status is StageStatus.DONE_ON_TIME else s.status.label


def _path_summary(track: Any) -> str:
    """One sentence on the path that agrees with the milestones listed beside it: a path
    with stages but no kick-off date (or no dates) is not called unplanned."""
    if not track.stages:
        return "The critical path has not been planned yet."
    count = len(track.stages)
    done = f"{track.done_count} of {count} {'stage' if count == 1 else 'stages'} done"
    if track.health is PathHealth.NOT_PLANNED:
        dated = any(s.stage.due for s in track.stages)
        return (f"{done}. No kick-off date yet, so no forecast." if dated else
                f"{done}. The stages have no planned dates yet.")
    reason = re.sub(r"^\d+ of \d+ stages? done[,;]?\s*", "", track.reason)
    if track.done_count == count:
        reason = "every stage is done"
    status = track.health.label + (f": {reason}" if reason and reason != "on plan" else "")
    return f"{done}. {status}. {describe_ttfv(track).capitalize()}."


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
        block("8. The next 90 days", [f"{p.what} — {p.owner or TO_BE_AGREED} — {p.when}"
                                      for p in document.plan_90]),
    ]
    return "\n\n".join(parts)


def _statements(plan: Any) -> dict[str, list[str]]:
    """Each canvas section's statements, in order, by its document field."""
    return {section.field: [item.text for item in plan.items_of(CanvasItemKind(section.kind))]
            for section in CANVAS_SECTIONS}
