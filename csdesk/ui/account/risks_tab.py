"""Risks tab: the account's early warnings (accept or dismiss) and its risks (record, escalate,
mitigate with actions, resolve)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import ValidationError
from csdesk.models import EscalationLevel, Risk, RiskKind, RiskSeverity, RiskStatus
from csdesk.sentences import sentence
from csdesk.services.changes import MEETINGS, RISKS, Changes
from csdesk.services.early_warning import Proposal
from csdesk.services.health import left_book
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.dialogs.simple_form import FormDialog, enum_combo
from csdesk.ui.format import cents_typed, money_or_dash
from csdesk.ui.table_model import ALERT, WARN, Column, RowsTableModel
from csdesk.ui.widgets import DateEdit, TableWithEmptyState, titled_section

SEVERITY_COLOUR = {RiskSeverity.CRITICAL: ALERT, RiskSeverity.HIGH: ALERT,
                   RiskSeverity.MEDIUM: WARN}


def _escalation(risk: Risk) -> str:
    if risk.escalated_on is None or risk.escalation_level is None:
        return "—"
    return f"{risk.escalation_level.label} {risk.escalated_on.isoformat()}"


QUIET = ("No early warning for this account: nothing in its meetings, responses, health, "
         "milestones or renewal suggests a risk.")


class RisksTab(QWidget):
    rules_requested = Signal()

    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.warning_model: RowsTableModel[Proposal] = RowsTableModel([
            Column("Severity", lambda p: p.severity.label,
                   sort=lambda p: -list(RiskSeverity).index(p.severity),
                   colour=lambda p: SEVERITY_COLOUR.get(p.severity)),
            Column("Early warning", lambda p: p.title),
            Column("Why", lambda p: sentence(p.why)),
            Column("Since", lambda p: p.detected_on.isoformat(),
                   sort=lambda p: p.detected_on.toordinal()),
        ])
        self.warnings = TableWithEmptyState(self.warning_model, QUIET)
        self.warnings.stretch_column(2)
        self.warnings.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # most severe first
        self.accept_button = QPushButton("Accept as a risk…")
        self.accept_button.clicked.connect(self.accept_selected)
        self.dismiss_button = QPushButton("Dismiss…")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.rules_button = QPushButton("Rules…")
        self.rules_button.setToolTip("Which early-warning rules run, and their thresholds")
        self.rules_button.clicked.connect(self.rules_requested)
        self.risk_model: RowsTableModel[Risk] = RowsTableModel([
            Column("Status", lambda r: r.status.label,
                   sort=lambda r: (not r.status.is_open, r.status.value)),
            Column("Severity", lambda r: r.severity.label,
                   sort=lambda r: -list(RiskSeverity).index(r.severity),
                   colour=lambda r: SEVERITY_COLOUR.get(r.severity) if r.status.is_open
                   else None),
            Column("Kind", lambda r: r.kind.label),
            Column("Risk", lambda r: r.title, tooltip=lambda r: r.mitigation or ""),
            Column("ARR at risk", lambda r: money_or_dash(r.arr_at_risk_cents),
                   sort=lambda r: r.arr_at_risk_cents or 0, align_right=True),
            Column("Detected", lambda r: r.detected_on.isoformat(),
                   sort=lambda r: r.detected_on.toordinal()),
            Column("Owner", lambda r: r.owner or "—"),
            Column("Escalated", _escalation),
            Column("Actions", lambda r: f"{sum(1 for a in r.actions if a.done_on)}/"
                                        f"{len(r.actions)} done" if r.actions else "—"),
        ])
        self.risks = TableWithEmptyState(
            self.risk_model, "No risk recorded. Accept an early warning above, or record one "
                             "with New risk.")
        self.risks.stretch_column(3)
        self.risks.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # most severe first
        self.risks.activated_row.connect(lambda risk: self.edit_risk(risk))
        self.new_button = QPushButton("New risk…")
        self.new_button.clicked.connect(lambda: self.edit_risk(None))
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(lambda: self._with_selected(self.edit_risk))
        self.escalate_button = QPushButton("Escalate…")
        self.escalate_button.clicked.connect(lambda: self._with_selected(self.escalate))
        self.action_button = QPushButton("Add mitigation action…")
        self.action_button.clicked.connect(lambda: self._with_selected(self.add_action))
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self._with_selected(self.delete))

        self.warnings.enable_with_selection(self.accept_button, self.dismiss_button)
        self.risks.enable_with_selection(self.edit_button, self.escalate_button,
                                         self.action_button, self.delete_button)
        top = titled_section("Early warnings",
                             [self.accept_button, self.dismiss_button, self.rules_button],
                             self.warnings)
        bottom = titled_section("Risks and escalations",
                                [self.new_button, self.edit_button, self.escalate_button,
                                 self.action_button, self.delete_button], self.risks)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def load(self) -> Loader:
        """What the tab shows, read by the returned function (off the GUI thread)."""
        services, today, account_id = self.ctx.services, self.ctx.today(), self.ctx.account_id

        def read() -> tuple[list[Proposal], list[Risk], str | None]:
            account = services.accounts.get(account_id)
            return (services.early_warning.proposals(today, [account_id]),
                    services.risks.for_account(account_id),
                    left_book(account.status, account.archived_at))
        return read

    def show(self, data: tuple[list[Proposal], list[Risk], str | None]) -> None:
        proposals, risks, left = data
        # Early warnings watch the book: a churned or archived account has none, and says why
        self.warnings.empty.setText(QUIET if left is None else
                                    f"No early warnings: the account {left}, and early "
                                    "warnings watch the accounts in your book.")
        self.warning_model.set_rows(proposals)
        self.risk_model.set_rows(risks)

    def _with_selected(self, action: Any) -> None:
        rows = self.risks.selected_rows()
        if rows:
            action(rows[0])

    # Early warnings

    def _selected_warning(self) -> Proposal | None:
        rows = self.warnings.selected_rows()
        return rows[0] if rows else None

    def accept_selected(self) -> FormDialog | None:
        proposal = self._selected_warning()
        if proposal is None:
            return None
        return self.edit_risk(None, proposal)

    def dismiss_selected(self) -> FormDialog | None:
        proposal = self._selected_warning()
        if proposal is None:
            return None
        dialog = FormDialog(f"Dismiss “{proposal.title}”", self)
        dialog.add("reason", "Why is it not a risk?", QPlainTextEdit())

        risks, today = self.ctx.services.risks, self.ctx.today()
        dialog.save = self.ctx.editor.dialog_writes(
            f"Dismiss {proposal.title}",
            lambda values: risks.dismiss(proposal, values["reason"], today),
            Changes.of(self.ctx.account_id, RISKS))
        dialog.open()
        return dialog

    # Risks

    def edit_risk(self, risk: Risk | None, proposal: Proposal | None = None) -> FormDialog:
        title = "New risk" if risk is None else f"Risk: {risk.title}"
        dialog = FormDialog(title, self)
        source: Any = risk or proposal
        dialog.add("title", "Risk", QLineEdit(), source.title if source else None)
        dialog.add("kind", "Kind", enum_combo(RiskKind),
                   source.kind if source else RiskKind.OTHER)
        dialog.add("severity", "Severity", enum_combo(RiskSeverity),
                   source.severity if source else RiskSeverity.MEDIUM)
        dialog.add("status", "Status", enum_combo(RiskStatus),
                   risk.status if risk else RiskStatus.OPEN)
        arr = (risk.arr_at_risk_cents if risk else proposal.arr_at_risk_cents if proposal
               else None)
        dialog.add("arr_at_risk", "ARR at risk", QLineEdit(),
                   None if arr is None else f"{arr // 100}.{arr % 100:02d}")
        dialog.add("detected_on", "Detected", DateEdit(),
                   risk.detected_on if risk else proposal.detected_on if proposal
                   else self.ctx.today())
        dialog.add("owner", "Owner", QLineEdit(), risk.owner if risk else None)
        description = risk.description if risk else (
            sentence(proposal.why) if proposal else None)
        dialog.add("description", "What is happening", QPlainTextEdit(), description)
        dialog.add("mitigation", "Mitigation plan", QPlainTextEdit(),
                   risk.mitigation if risk else None)
        dialog.add("closed_on", "Resolved or realised on", DateEdit(),
                   risk.closed_on if risk else None)

        risks, editor, account_id = self.ctx.services.risks, self.ctx.editor, self.ctx.account_id

        def save(values: dict[str, Any], done: Any, refused: Any) -> None:
            try:
                values["arr_at_risk_cents"] = cents_typed(values.pop("arr_at_risk"),
                                                          "arr_at_risk")
            except ValidationError as error:
                refused(error)
                return
            if risk is not None:
                old = {name: getattr(risk, name) for name in values}
                editor.dialog_edits(f"Edit risk {risk.title}", risks.update, risk.id, old,
                                    risk.account_id)(values, done, refused)
            elif proposal is not None:
                editor.dialog_writes(f"Record risk {proposal.title}",
                                     lambda v: risks.accept(proposal, **v),
                                     Changes.of(account_id, RISKS))(values, done, refused)
            else:
                editor.dialog_adds(lambda v: f"Add risk {v['title'].strip()}",
                                   lambda v: risks.create(account_id, **v), "Risk",
                                   risks.delete, account_id)(values, done, refused)

        dialog.save = save
        dialog.open()
        return dialog

    def escalate(self, risk: Risk) -> FormDialog:
        dialog = FormDialog(f"Escalate “{risk.title}”", self)
        dialog.add("escalation_level", "Raised", enum_combo(EscalationLevel),
                   risk.escalation_level or EscalationLevel.INTERNAL)
        dialog.add("escalated_on", "On", DateEdit(), risk.escalated_on or self.ctx.today())
        dialog.add("people", "Who was involved", QPlainTextEdit(), risk.escalation_people)

        risks = self.ctx.services.risks
        dialog.save = self.ctx.editor.dialog_writes(
            f"Escalate {risk.title}",
            lambda values: risks.escalate(risk.id, values["escalation_level"],
                                          values["escalated_on"], values["people"]),
            Changes.of(risk.account_id, RISKS))
        dialog.open()
        return dialog

    def add_action(self, risk: Risk) -> FormDialog:
        dialog = FormDialog(f"Mitigation action for “{risk.title}”", self)
        dialog.add("text", "Action", QLineEdit())
        dialog.add("owner", "Owner", QLineEdit(), risk.owner)
        dialog.add("due_date", "Due", DateEdit())

        risks = self.ctx.services.risks
        dialog.save = self.ctx.editor.dialog_writes(
            f"Add mitigation action for {risk.title}",
            lambda values: risks.add_action(risk.id, values["text"], values["owner"],
                                            values["due_date"]),
            Changes.of(risk.account_id, RISKS, MEETINGS))
        dialog.open()
        return dialog

    def delete(self, risk: Risk, confirm: bool = True) -> None:
        if confirm and QMessageBox.question(
                self, "Delete the risk?",
                f"Delete “{risk.title}”? Resolving it keeps its history; deleting does not."
        ) != QMessageBox.StandardButton.Yes:
            return
        self.ctx.editor.delete(f"Delete risk {risk.title}", "Risk", risk.id,
                               self.ctx.services.risks.delete, risk.account_id)

