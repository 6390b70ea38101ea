"""Success plans and QBRs as data, Word files and snapshots.

The QBR draft follows DOMAIN.md's eight-part agenda; every export keeps a snapshot so the next
review can say what changed since (`review_changes`). The documents' lines are written by
`document_lines`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from csdesk.assets import resource
from csdesk.documents.controls import tracked
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
    Meeting,
    MeetingKind,
    QbrSnapshot,
    Side,
    WorkspaceSetting,
)
from csdesk.services.base import Service, record
from csdesk.services.chart_data import critical_path_chart, kpi_chart
from csdesk.services.document_exports import ExportCapture, workspace_uid
from csdesk.services.document_facts import (
    DocumentFacts,
    DocumentFactsService,
    review_before,
    reviews_kept_of,
)
from csdesk.services.document_lines import (
    account_facts_of,
    canvas_statements,
    customer_insights,
    customer_people,
    day_text,
    kpi_line,
    kpi_pair,
    next_90_days,
    next_milestone_text,
    path_sentence,
    stage_status_text,
)
from csdesk.services.executive_summary import NEEDS_A_NEW_DATE, TO_BE_AGREED, summary_lines
from csdesk.services.portfolio_metrics import parse_quarter
from csdesk.services.qbr_agenda import agenda_text
from csdesk.services.review_changes import changes_since, review_snapshot

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
CSM_ROLE = "Customer Success Manager"  # our CSM's role when Settings give no title
# What the CSM edits in a QBR draft; everything else is computed again at export.
EDITABLE = QBR.editable
__all__ = ["NEEDS_A_NEW_DATE", "TO_BE_AGREED"]


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
        if path is not None:  # a file that is not a .docx is refused now, not at export
            from csdesk.documents.tags import open_template

            open_template(path)
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
        milestones = [  # each value a content control where the template says |control
            MilestoneLine(tracked(s.stage.name, "milestone", m.id, "name"),
                          tracked((m.owner or "").strip() or TO_BE_AGREED, "milestone", m.id,
                                  "owner"), m.owner_side.label,
                          # the renewal's date is the contract's, kept with the account
                          day_text(s.stage.due) if s.stage.is_renewal else
                          tracked(day_text(s.stage.due), "milestone", m.id, "planned"),
                          tracked(day_text(s.stage.actual), "milestone", m.id, "actual"),
                          tracked(stage_status_text(s), "milestone", m.id, "status"))
            for s, m in facts.stages]
        document = PlanDocument(
            account=account_facts_of(account), date=day_text(today),
            prepared_by=card.name, csm=card,
            **cast("dict[str, Any]", canvas_statements(plan)),  # objectives…: PlanDocument's fields
            milestones=milestones, kpis=[kpi_line(k) for k in plan.kpis],
            stakeholders=customer_people(account.contacts),
            path_summary=path_sentence(track),
            summary=summary_lines(facts, next_90_days(facts), kpi_pair))
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
                           day_text(s.stage.due), day_text(s.stage.actual))
                for s, m in facts.stages if s.stage.actual and s.stage.actual >= since]
        done += [ActionLine(a.text, (a.owner or "").strip() or "—", day_text(a.due_date),
                            day_text(a.done_on))
                 for a in facts.actions if a.done_on and a.done_on >= since]
        done.sort(key=lambda line: line.done)
        open_ = [ActionLine(a.text, (a.owner or "").strip() or TO_BE_AGREED,
                            day_text(a.due_date) if a.due_date else TO_BE_AGREED)
                 for a in facts.actions if a.done_on is None]
        plan_90 = next_90_days(facts)
        document = QbrDocument(
            account=account_facts_of(account), quarter=quarter, date=day_text(today),
            since=day_text(since), prepared_by=card.name, csm=card,
            customer_attendees=customer_people(account.contacts),
            our_attendees=[Person(card.name, card.title or CSM_ROLE)] * bool(card.name) + [
                Person(name, "—") for name in facts.our_attendees if name != card.name],
            objectives=canvas_statements(plan)["objectives"],
            kpis=[kpi_line(k) for k in plan.kpis], actions_done=done, actions_open=open_,
            path_summary=path_sentence(track), next_milestone=next_milestone_text(track),
            benchmarks=[line for b in facts.benchmarks
                        if (line := b.customer_sentence()) is not None],
            insights=customer_insights(facts),
            roadmap=[RoadmapLine(r.title, r.horizon.label, r.description or "")
                     for r in roadmap],
            plan_90=plan_90,
            changes=self.changes_since_last(account_id, today, quarter, facts),
            summary=summary_lines(facts, plan_90, kpi_pair))
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
        return brief_of(qbr, facts, kpi_pair)

    # Exports

    def export(self, kind: str, account_id: int, output: Path, today: date, *,
               quarter: str | None = None, template: Path | None = None,
               document: Any = None, signature: Any = None,
               meeting_id: int | None = None) -> Path:
        """Write one document kind to ``output``. Its facts are gathered once, and the
        document, its charts and (for a QBR) the snapshot kept for the next review's "what
        changed" all come from them; of a given draft only the CSM's edits are kept."""
        declared = document_kind(kind)
        with self._workspace.snapshot() as session:  # the facts and the workspace's id: one read
            facts = self.facts(account_id, today, with_health=not declared.for_customer,
                               for_review=declared.quarterly)
            capture = ExportCapture(workspace_uid(session), account_id)
        built = self.build(declared, facts, quarter=quarter, draft=document,
                           signature=signature)
        named = {"quarter": getattr(built, "quarter", "")}
        path = self.render(declared.name, template, built, output,
                           declared.heading.format(**named), capture=capture)
        with self._uow() as session:
            capture.record(session, declared.name, output.name)
            if declared.keeps_snapshot:
                session.add(QbrSnapshot(account_id=account_id, meeting_id=meeting_id,
                                        quarter=built.quarter, taken_on=today,
                                        data=review_snapshot(facts)))
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
               title: str, *, capture: ExportCapture | None = None) -> Path:
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
        finish: Any = lambda docx: finish_document(docx, properties)  # noqa: E731
        if capture is not None:  # then the values to read back, and the file's ids
            finish = capture.after(finish)
        return render_docx(self.template_for(kind, template), document, output, finish=finish)

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

    def changes_since_last(self, account_id: int, today: date, quarter: str,
                           facts: DocumentFacts | None = None) -> list[str]:
        """What changed since the review before ``quarter``'s (none kept: no lines)."""
        if facts is not None and facts.for_review:
            kept = facts.reviews_kept
        else:
            with self._uow() as session:
                kept = reviews_kept_of(session, account_id)
        last = review_before(kept, quarter)
        if last is None:
            return []
        before, taken_on = last.data, last.taken_on
        now = review_snapshot(facts or self.facts(account_id, today))
        return changes_since(before, taken_on, now)

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

    def _charts(self, facts: DocumentFacts, names: tuple[str, ...]) -> dict[str, Any]:
        """The charts ``names`` (a kind's `charts`), drawn from the document's own facts."""
        from csdesk.charts.critical_path import critical_path_figure
        from csdesk.charts.export import figure_bytes
        from csdesk.charts.kpi import kpi_figure

        charts: dict[str, Any] = {CRITICAL_PATH_CHART: None, KPI_CHARTS: []}
        if CRITICAL_PATH_CHART in names and any(s.stage.due for s in facts.track.stages):
            charts[CRITICAL_PATH_CHART] = figure_bytes(critical_path_figure(
                critical_path_chart(facts.account.name, facts.track, for_customer=True),
                width=8.0))
        if KPI_CHARTS in names:
            charts[KPI_CHARTS] = [figure_bytes(kpi_figure(
                kpi_chart(k, facts.plan.kickoff_date), width=7.0, height=3.0))
                for k in facts.plan.kpis if k.readings]
        return charts
