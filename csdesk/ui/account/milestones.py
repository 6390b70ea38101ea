"""Canvas section 5: milestones, actions and dates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from csdesk.models import Milestone, MilestoneStatus, Side
from csdesk.services.schedule import DueState, due_state
from csdesk.ui.account.actions_panel import ActionsPanel
from csdesk.ui.account.context import AccountContext
from csdesk.ui.dialogs.simple_form import FormDialog, enum_combo
from csdesk.ui.format import due_colour, short_date
from csdesk.ui.splitters import fit_first_pane
from csdesk.ui.table_model import Column, RowsTableModel
from csdesk.ui.widgets import DateEdit, TableWithEmptyState, heading, hint

FIELDS = ("name", "planned_date", "planned_end_date", "actual_date", "owner", "owner_side",
          "status", "description", "notes")


ACTIONS_HEIGHT = 190  # px: a few actions and the row that adds one


class MilestonesSection(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.plan_id: int | None = None
        today = context.today
        state = lambda m: due_state(m.planned_date, m.actual_date is not None  # noqa: E731
                                    or m.status is MilestoneStatus.DONE, today())
        self.model: RowsTableModel[Milestone] = RowsTableModel([
            Column("Milestone", lambda m: m.name + ("  ★ first value" if m.is_first_value
                                                     else ""),
                   sort=lambda m: m.position),
            Column("Planned", lambda m: short_date(m.planned_date),
                   sort=lambda m: m.planned_date.toordinal() if m.planned_date else 10**9),
            Column("Actual", lambda m: short_date(m.actual_date),
                   sort=lambda m: m.actual_date.toordinal() if m.actual_date else 10**9),
            Column("Owner", lambda m: m.owner or "—"),
            Column("Side", lambda m: m.owner_side.label),
            Column("Status", lambda m: state(m).label if state(m) is not DueState.DONE
                   else "Done", colour=lambda m: due_colour(state(m)),
                   bold=lambda m: state(m) is DueState.OVERDUE),
        ])
        self.table = TableWithEmptyState(
            self.model, "No milestones yet. Add the checkpoints of the customer's journey, or "
                        "apply a critical-path template.")
        self.table.stretch_column(0)
        self.table.activated_row.connect(self.edit)
        self.table.table.selectionModel().selectionChanged.connect(self._show_actions)
        self.actions = ActionsPanel(context, "Select a milestone to see its actions.",
                                    lambda: {"milestone_id": self._selected_id()})
        buttons = QHBoxLayout()
        for text, slot in (("Add milestone…", self.add), ("Edit…", self._edit_selected),
                           ("Mark done today", self._mark_done), ("Remove", self._remove)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        left_layout.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(hint("Actions for the selected milestone"))
        right_layout.addWidget(self.actions)
        # The milestones over the selected one's actions: each gets the whole width, so the
        # milestones' columns and the action's fields read whole on a laptop.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("5. Milestones, actions and dates", 4))
        layout.addWidget(self.splitter)
        self.setMinimumHeight(260)

    def show_milestones(self, plan_id: int, milestones: list[Milestone]) -> None:
        self.plan_id = plan_id
        selected = self._selected_id()
        self.model.set_rows(milestones)
        self.table.select_where(lambda milestone: milestone.id == selected)
        self._show_actions()
        # Every milestone in sight (the plan scrolls, not this list), up to about 12, over
        # the actions.
        wanted = min(self.table.table.height_of_rows(), 340) + 40  # and the buttons
        self.setMinimumHeight(wanted + ACTIONS_HEIGHT + 30)
        fit_first_pane(self.splitter, wanted)

    def _selected_id(self) -> int | None:
        rows = self.table.selected_rows()
        return rows[0].id if rows else None

    def _show_actions(self) -> None:
        rows = self.table.selected_rows()
        self.actions.setEnabled(bool(rows))
        self.actions.show_items(list(rows[0].actions) if rows else [])

    def _dialog(self, milestone: Milestone | None) -> FormDialog:
        dialog = FormDialog("Edit milestone" if milestone else "Add milestone", self)
        value = (lambda k: getattr(milestone, k)) if milestone else (lambda k: None)
        dialog.add("name", "Milestone", QLineEdit(), value("name"))
        dialog.add("planned_date", "Planned date", DateEdit(), value("planned_date"))
        dialog.add("planned_end_date", "Planned end (optional)", DateEdit(),
                   value("planned_end_date"))
        dialog.add("actual_date", "Actual date", DateEdit(), value("actual_date"))
        dialog.add("owner", "Owner", QLineEdit(), value("owner"))
        dialog.add("owner_side", "Whose side", enum_combo(Side), value("owner_side") or Side.OURS)
        dialog.add("status", "Status", enum_combo(MilestoneStatus),
                   value("status") or MilestoneStatus.NOT_STARTED)
        for name, label in (("description", "Description"), ("notes", "Notes")):
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setFixedHeight(70)
            dialog.add(name, label, box, value(name))
        return dialog

    def add(self) -> None:
        plan_id, account_id = self.plan_id, self.ctx.account_id
        if plan_id is None:
            return
        paths = self.ctx.services.critical_path
        dialog = self._dialog(None)
        dialog.save = self.ctx.editor.dialog_adds(
            lambda values: f"Add milestone {values['name'].strip()}",
            lambda values: paths.add_milestone(plan_id, **values), "Milestone",
            paths.remove_milestone, account_id)
        dialog.open()

    def edit(self, milestone: Milestone) -> None:
        dialog = self._dialog(milestone)
        old = {k: getattr(milestone, k) for k in FIELDS}
        dialog.save = self.ctx.editor.dialog_edits(
            f"Edit milestone {milestone.name}", self.ctx.services.critical_path.update_milestone,
            milestone.id, old, self.ctx.account_id)
        dialog.open()

    def _edit_selected(self) -> None:
        rows = self.table.selected_rows()
        if rows:
            self.edit(rows[0])

    def _mark_done(self) -> None:
        for milestone in self.table.selected_rows():
            old = {"actual_date": milestone.actual_date, "status": milestone.status}
            new = {"actual_date": self.ctx.today(), "status": MilestoneStatus.DONE}
            self.ctx.editor.save_fields(f"Mark {milestone.name} done",
                                       self.ctx.services.critical_path.update_milestone,
                                       milestone.id, old, new, self.ctx.account_id)

    def _remove(self) -> None:
        for milestone in self.table.selected_rows():
            self.ctx.editor.delete(f"Remove milestone {milestone.name}", "Milestone",
                                   milestone.id, self.ctx.services.critical_path.remove_milestone,
                                   self.ctx.account_id)
