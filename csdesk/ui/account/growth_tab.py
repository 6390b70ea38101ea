"""Growth tab: the account's opportunities (and advocacy proposals to accept or dismiss), and
the voice of the customer: feature requests and feedback, each linked to a product gap."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import ValidationError
from csdesk.models import (
    FeatureRequest,
    FeedbackKind,
    Opportunity,
    OpportunityKind,
    OpportunityStage,
)
from csdesk.services.changes import GROWTH, Changes
from csdesk.services.growth import AdvocacyProposal
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.dialogs.simple_form import FormDialog, enum_combo
from csdesk.ui.format import cents_typed, money_or_dash
from csdesk.ui.table_model import GOOD, Column, RowsTableModel
from csdesk.ui.widgets import DateEdit, TableWithEmptyState, hint, titled_section


class GrowthTab(QWidget):

    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self._picking: set[int] = set()  # opportunities whose QBR pick is on its way
        self.proposal_model: RowsTableModel[AdvocacyProposal] = RowsTableModel([
            Column("Proposed", lambda p: p.title),
            Column("Why", lambda p: p.why),
        ])
        self.proposals = TableWithEmptyState(
            self.proposal_model, "No advocacy to propose: a promoter NPS response or reaching "
                                 "first value proposes a referral or a case study here.")
        self.proposals.stretch_column(1)
        self.accept_button = QPushButton("Accept…")
        self.accept_button.clicked.connect(self.accept_selected)
        self.dismiss_button = QPushButton("Dismiss…")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.model: RowsTableModel[Opportunity] = RowsTableModel([
            Column("Kind", lambda o: o.kind.label),
            Column("Stage", lambda o: o.stage.label,
                   sort=lambda o: list(OpportunityStage).index(o.stage),
                   colour=lambda o: GOOD if o.stage is OpportunityStage.WON else None),
            Column("Opportunity", lambda o: o.title),
            Column("Expected ARR", lambda o: money_or_dash(o.expected_arr_cents),
                   sort=lambda o: o.expected_arr_cents or 0, align_right=True),
            Column("Expected", lambda o: o.expected_on.isoformat() if o.expected_on else "—",
                   sort=lambda o: o.expected_on.toordinal() if o.expected_on else 10**7),
            Column("Next step", lambda o: o.next_step or "—"),
            Column("Contact", lambda o: o.contact.name if o.contact else "—"),
            Column("In QBR", lambda o: "yes" if o.in_qbr else "",
                   tooltip=lambda o: "In the QBR's go-forward plan" if o.in_qbr else ""),
        ])
        self.table = TableWithEmptyState(
            self.model, "No opportunity yet. Add an up-sell, cross-sell, renewal uplift, "
                        "referral, testimonial or case study with New opportunity.")
        self.table.stretch_column(5)
        self.table.activated_row.connect(lambda o: self.edit(o))
        self.new_button = QPushButton("New opportunity…")
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(lambda: self._with_selected(self.edit))
        self.qbr_button = QPushButton("Pick for the QBR")
        self.qbr_button.setToolTip("Put it in (or take it out of) the QBR's 90-day plan")
        self.qbr_button.clicked.connect(lambda: self._with_selected(self.toggle_qbr))
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self._with_selected(self.delete))

        self.request_model: RowsTableModel[FeatureRequest] = RowsTableModel([
            Column("Date", lambda r: r.requested_on.isoformat(),
                   sort=lambda r: r.requested_on.toordinal()),
            Column("Kind", lambda r: r.kind.label),
            Column("Product gap", lambda r: r.gap.title),
            Column("In their words", lambda r: r.quote.splitlines()[0] if r.quote else ""),
            Column("Contact", lambda r: r.contact.name if r.contact else "—"),
        ])
        self.requests = TableWithEmptyState(
            self.request_model, "No feature request or feedback logged. Log what the customer "
                                "asks for: similar requests share one product gap, which the "
                                "Product gaps view ranks across the book.")
        self.requests.stretch_column(3)
        self.requests.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.log_button = QPushButton("Log feedback…")
        self.log_button.clicked.connect(self.log_feedback)
        self.remove_request_button = QPushButton("Remove")
        self.remove_request_button.clicked.connect(self.remove_request)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(titled_section("Proposed advocacy",
                                         [self.accept_button, self.dismiss_button],
                                         self.proposals))
        self.splitter.addWidget(titled_section("Opportunities",
                                         [self.new_button, self.edit_button, self.qbr_button,
                                          self.delete_button], self.table))
        self.splitter.addWidget(titled_section("Voice of the customer",
                                         [self.log_button, self.remove_request_button],
                                         self.requests))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def load(self) -> Loader:
        """What the tab shows, read by the returned function (off the GUI thread)."""
        growth, today, account_id = self.ctx.services.growth, self.ctx.today(), \
            self.ctx.account_id
        return lambda: (growth.advocacy_proposals(today, [account_id]),
                        growth.opportunities(account_id), growth.requests(account_id))

    def show(self, data: tuple[list[Any], list[Any], list[Any]]) -> None:
        proposals, opportunities, requests = data
        self.proposal_model.set_rows(proposals)
        self.model.set_rows(opportunities)
        self.request_model.set_rows(requests)

    def _with_selected(self, action: Any) -> None:
        rows = self.table.selected_rows()
        if rows:
            action(rows[0])

    def _contacts(self, selected: int | None) -> QComboBox:
        combo = QComboBox()
        combo.addItem("—", None)
        for contact in self.ctx.services.contacts.for_account(self.ctx.account_id):
            combo.addItem(contact.name, contact.id)
        combo.setCurrentIndex(max(0, combo.findData(selected)))
        return combo

    # Proposals

    def _selected_proposal(self) -> AdvocacyProposal | None:
        rows = self.proposals.selected_rows()
        return rows[0] if rows else None

    def accept_selected(self) -> FormDialog | None:
        proposal = self._selected_proposal()
        return None if proposal is None else self.edit(None, proposal)

    def dismiss_selected(self) -> FormDialog | None:
        proposal = self._selected_proposal()
        if proposal is None:
            return None
        dialog = FormDialog(f"Dismiss “{proposal.title}”", self)
        dialog.add("reason", "Why not?", QPlainTextEdit())
        growth, today = self.ctx.services.growth, self.ctx.today()
        dialog.save = self.ctx.editor.dialog_writes(
            f"Dismiss {proposal.title}",
            lambda values: growth.dismiss(proposal, values["reason"], today),
            Changes.of(self.ctx.account_id, GROWTH))
        dialog.open()
        return dialog

    # Opportunities

    def edit(self, item: Opportunity | None,
             proposal: AdvocacyProposal | None = None) -> FormDialog:
        dialog = FormDialog("New opportunity" if item is None else f"Opportunity: {item.title}",
                            self)
        source: Any = item or proposal
        dialog.add("kind", "Kind", enum_combo(OpportunityKind),
                   source.kind if source else OpportunityKind.UPSELL)
        dialog.add("title", "Opportunity", QLineEdit(), source.title if source else None)
        dialog.add("stage", "Stage", enum_combo(OpportunityStage),
                   item.stage if item else OpportunityStage.IDENTIFIED)
        arr = item.expected_arr_cents if item else None
        dialog.add("expected_arr", "Expected ARR (up-sell, cross-sell, uplift)", QLineEdit(),
                   None if arr is None else f"{arr // 100}.{arr % 100:02d}")
        dialog.add("expected_on", "Expected by", DateEdit(), item.expected_on if item else None)
        dialog.add("next_step", "Next step", QPlainTextEdit(),
                   item.next_step if item else (f"Ask: {proposal.why}." if proposal else None))
        dialog.add("contact_id", "Contact",
                   self._contacts(item.contact_id if item else
                                  proposal.contact_id if proposal else None))
        dialog.add("closed_on", "Won or lost on", DateEdit(), item.closed_on if item else None)

        growth, editor, account_id = self.ctx.services.growth, self.ctx.editor, self.ctx.account_id

        def save(values: dict[str, Any], done: Any, refused: Any) -> None:
            try:
                values["expected_arr_cents"] = cents_typed(values.pop("expected_arr"),
                                                           "expected_arr")
            except ValidationError as error:
                refused(error)
                return
            if item is not None:
                old = {name: getattr(item, name) for name in values}
                editor.dialog_edits(f"Edit opportunity {item.title}", growth.update_opportunity,
                                    item.id, old, item.account_id)(values, done, refused)
            elif proposal is not None:
                editor.dialog_writes(f"Record opportunity {proposal.title}",
                                     lambda v: growth.accept(proposal, **v),
                                     Changes.of(account_id, GROWTH))(values, done, refused)
            else:
                editor.dialog_adds(lambda v: f"Add opportunity {v['title'].strip()}",
                                   lambda v: growth.create_opportunity(account_id, **v),
                                   "Opportunity", growth.delete_opportunity,
                                   account_id)(values, done, refused)

        dialog.save = save
        dialog.open()
        return dialog

    def toggle_qbr(self, item: Opportunity) -> None:
        if item.id in self._picking:
            return  # clicked again before the first click landed and the row reloaded
        growth, picked = self.ctx.services.growth, not item.in_qbr
        self._picking.add(item.id)
        done = lambda *_: self._picking.discard(item.id)  # noqa: E731
        self.ctx.editor.submit(("Pick " if picked else "Unpick ") + f"{item.title} for the QBR",
                               lambda: growth.pick_for_qbr(item.id, picked),
                               lambda: growth.pick_for_qbr(item.id, not picked), item.account_id,
                               kinds=[GROWTH], landed=lambda _r: self.ctx.when_shown(done),
                               failed=lambda error: (done(), self.ctx.editor.failed.emit(
                                   f"Could not pick {item.title}: {error}")))

    def delete(self, item: Opportunity, confirm: bool = True) -> None:
        if confirm and QMessageBox.question(self, "Delete the opportunity?",
                                            f"Delete “{item.title}”?") \
                != QMessageBox.StandardButton.Yes:
            return
        self.ctx.editor.delete(f"Delete opportunity {item.title}", "Opportunity", item.id,
                               self.ctx.services.growth.delete_opportunity, item.account_id)

    # Voice of the customer

    def log_feedback(self) -> FormDialog:
        growth = self.ctx.services.growth
        dialog = FormDialog("Log feedback", self)
        quote = dialog.add("quote", "In their words", QPlainTextEdit())
        dialog.add("kind", "Kind", enum_combo(FeedbackKind), FeedbackKind.FEATURE_REQUEST)
        dialog.add("requested_on", "Asked on", DateEdit(), self.ctx.today())
        dialog.add("contact_id", "Who asked", self._contacts(None))
        gap = QComboBox()
        gap.setEditable(True)
        gap.lineEdit().setPlaceholderText("pick a product gap, or name a new one")
        titles = {g.title.casefold(): g.id for g in growth.gaps()}
        gap.addItems(sorted((g.title for g in growth.gaps()), key=str.casefold))
        dialog.add("gap", "Product gap", gap)
        gap.setCurrentIndex(-1)  # nothing chosen until the user (or a similar gap) does
        similar = hint("")
        dialog.layout().insertWidget(1, similar)

        def suggest() -> None:
            found = growth.similar_gaps(quote.toPlainText())  # type: ignore[attr-defined]
            similar.setText("Similar product gaps: " + ", ".join(g.title for g in found)
                            if found else "")
            if found and not gap.currentText().strip():
                gap.setCurrentText(found[0].title)

        quote.textChanged.connect(suggest)  # type: ignore[attr-defined]

        account_id = self.ctx.account_id

        def log(values: dict[str, Any]) -> FeatureRequest:
            typed = values["gap"]
            return growth.log_request(
                account_id, values["quote"], values["requested_on"],
                gap_id=titles.get(typed.casefold()), new_gap=typed or None,
                contact_id=values["contact_id"], kind=values["kind"])

        write = self.ctx.editor.dialog_writes("Log feedback", log,
                                              Changes.of(account_id, GROWTH))
        dialog.save = lambda values, done, refused: write(
            {**values, "gap": gap.currentText().strip()}, done, refused)
        dialog.open()
        return dialog

    def remove_request(self) -> None:
        rows = self.requests.selected_rows()
        if rows:
            self.ctx.editor.delete("Remove feedback", "FeatureRequest", rows[0].id,
                                   self.ctx.services.growth.delete_request, self.ctx.account_id)
