"""Success plan tab: the seven canvas sections, the plan's status and the success assessment."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from csdesk.documents.canvas import CANVAS_SECTIONS
from csdesk.models import Account, CanvasItemKind, Likelihood, PlanStatus, SuccessPlan
from csdesk.ui.account.canvas_list import CanvasListEditor
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.account.measures import MeasuresSection
from csdesk.ui.account.milestones import MilestonesSection
from csdesk.ui.account_form import PlainText
from csdesk.ui.dialogs.simple_form import enum_combo
from csdesk.ui.widgets import DateEdit, error_label, heading, hint, section_frame, show_error


class PlanTab(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.plan: SuccessPlan | None = None
        self.account: Account | None = None  # as shown: its highlights are what an edit changes
        self.status = enum_combo(PlanStatus)
        self.status.setObjectName("plan_status")
        self.likelihood = enum_combo(Likelihood, allow_none=True)
        self.likelihood.setObjectName("likelihood")
        self.assessment = PlainText()
        self.assessment.setObjectName("assessment_notes")
        self.assessment.setPlaceholderText("Why this likelihood, judged against the key criteria")
        self.assessment.setTabChangesFocus(True)
        self.assessment.setFixedHeight(60)
        self.next_review = DateEdit()
        self.plan_error = error_label()
        self.status.activated.connect(lambda _i: self._save_plan("status",
                                                                 self.status.currentData()))
        self.likelihood.activated.connect(
            lambda _i: self._save_plan("likelihood", self.likelihood.currentData()))
        self.assessment.editingFinished.connect(
            lambda: self._save_plan("assessment_notes", self.assessment.toPlainText()))
        self.next_review.editingFinished.connect(self._save_review_date)
        header = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.status)
        row.addWidget(hint("Next review"))
        row.addWidget(self.next_review)
        row.addStretch(1)
        header.addRow("Plan status", row)
        header.addRow("Likelihood of success", self.likelihood)
        header.addRow("Success assessment", self.assessment)
        header.addRow("", self.plan_error)
        header_box = QWidget()
        header_box.setLayout(header)

        self.highlights = PlainText()
        self.highlights.setObjectName("canvas_highlights")
        self.highlights.setTabChangesFocus(True)
        self.highlights.setPlaceholderText("Who they are: industry, size, offices, history, "
                                           "what they use us for")
        self.highlights.setFixedHeight(70)
        self.highlights.editingFinished.connect(self._save_highlights)
        self.highlights_error = error_label()
        highlights = QWidget()
        highlights_layout = QVBoxLayout(highlights)
        highlights_layout.setContentsMargins(0, 0, 0, 0)
        highlights_layout.addWidget(heading("1. Customer highlights", 4))
        highlights_layout.addWidget(self.highlights)
        highlights_layout.addWidget(self.highlights_error)

        self.lists = {CanvasItemKind(section.kind): CanvasListEditor(
            context, CanvasItemKind(section.kind)) for section in CANVAS_SECTIONS}
        # In the document's order: the lists numbered before the milestones (5) above them,
        # those after below them
        lists, later_lists = (self._grid([s for s in CANVAS_SECTIONS if (s.number > 5) is after])
                              for after in (False, True))
        self.milestones = MilestonesSection(context)
        self.measures = MeasuresSection(context)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(section_frame("Plan status and success assessment", header_box))
        body_layout.addWidget(highlights)
        body_layout.addWidget(lists)
        body_layout.addWidget(self.milestones)
        body_layout.addWidget(later_lists)
        body_layout.addWidget(self.measures)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)


    def _grid(self, sections: list) -> QWidget:
        """The lists of ``sections`` in their cells; one alone on its row takes the row."""
        grid = QGridLayout()
        on_row = Counter(section.cell[0] for section in sections)
        for section in sections:
            row, column = section.cell
            grid.addWidget(self.lists[CanvasItemKind(section.kind)], row,
                           0 if on_row[row] == 1 else column, 1, 2 if on_row[row] == 1 else 1)
        widget = QWidget()
        widget.setLayout(grid)
        return widget
    def load(self) -> Loader:
        """The plan (its canvas and measures), the account and the milestones, read by the
        returned function (off the GUI thread)."""
        services, account_id = self.ctx.services, self.ctx.account_id

        def load() -> tuple[Any, Any, Any]:
            plan = services.plans.get(account_id)
            return (plan, services.accounts.get(account_id),
                    services.critical_path.milestones(plan.id))

        return load

    def show(self, data: tuple[Any, Any, Any]) -> None:
        plan, account, milestones = data
        self.plan, self.account = plan, account
        self.status.setCurrentIndex(max(0, self.status.findData(plan.status)))
        self.likelihood.setCurrentIndex(max(0, self.likelihood.findData(plan.likelihood)))
        if not self.assessment.hasFocus():
            self._set_text(self.assessment, plan.assessment_notes)
        if not self.next_review.hasFocus():
            self.next_review.set_value(plan.next_review_on)
        if not self.highlights.hasFocus() and not self.highlights_error.isVisible():
            self._set_text(self.highlights, account.highlights)
        for kind, editor in self.lists.items():
            editor.show_items(plan.id, plan.items_of(kind))
        self.milestones.show_milestones(plan.id, milestones)
        self.measures.show_kpis(plan.id, plan.kpis, plan.kickoff_date)

    @staticmethod
    def _set_text(widget: PlainText, text: str | None) -> None:
        if widget.toPlainText() != (text or ""):
            widget.setPlainText(text or "")

    def _save_plan(self, field: str, value: object) -> None:
        if self.plan is None:
            return
        labels = {"status": "plan status", "likelihood": "likelihood of success",
                  "assessment_notes": "success assessment", "next_review_on": "next review"}
        self.ctx.editor.save_fields(
            f"Change {labels[field]}", self.ctx.services.plans.update, self.plan.id,
            {field: getattr(self.plan, field)}, {field: value}, self.ctx.account_id,
            refused=lambda error: show_error(self.plan_error, str(error)),
            saved=lambda: show_error(self.plan_error, None))

    def _save_review_date(self) -> None:
        try:
            value = self.next_review.value()
        except ValueError as error:
            show_error(self.plan_error, f"next review '{self.next_review.text()}' is {error}")
            return
        self._save_plan("next_review_on", value)

    def _save_highlights(self) -> None:
        account = self.account
        if account is None or account.id != self.ctx.account_id:
            return
        self.ctx.editor.save_fields(
            "Change customer highlights", self.ctx.services.accounts.update, account.id,
            {"highlights": account.highlights}, {"highlights": self.highlights.toPlainText()},
            account.id, refused=lambda error: show_error(self.highlights_error, str(error)),
            saved=lambda: show_error(self.highlights_error, None))


