"""The critical path tab's right side: the selected stage's dates, owner, exit criteria and
barriers, each edited in place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csdesk.models import BarrierKind, Milestone
from csdesk.ui.account.context import AccountContext
from csdesk.ui.account.inline_add import outcome
from csdesk.ui.account_form import PlainText
from csdesk.ui.dialogs.simple_form import enum_combo
from csdesk.ui.format import short_date
from csdesk.ui.widgets import error_label, heading, hint, show_error

CRITERION_ROLE = Qt.ItemDataRole.UserRole + 40


class StageDetails(QWidget):
    """The selected stage: its exit-criteria checklist, barriers, owner and notes."""

    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.milestone: Milestone | None = None
        self._loading = False
        self.title = heading("Select a stage", 4)
        self.criteria = QListWidget()
        self.criteria.setObjectName("exit_criteria")
        self.criteria.setMaximumHeight(120)
        self.criteria.itemChanged.connect(self._save_criteria)
        self.owner = QLineEdit(placeholderText="Owner")
        self.owner.editingFinished.connect(
            lambda: self._save({"owner": self.owner.text()}))
        self.notes = PlainText()
        self.notes.setPlaceholderText("Notes about this stage")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self.notes.editingFinished.connect(
            lambda: self._save({"notes": self.notes.toPlainText()}))
        self.barriers = QListWidget()
        self.barriers.setObjectName("barriers")
        self.barriers.setMaximumHeight(100)
        self.barrier_kind = enum_combo(BarrierKind)
        self.barrier_text = QLineEdit(placeholderText="A barrier, e.g. “subdomain takes time”")
        self.barrier_text.returnPressed.connect(self.add_barrier)
        add_barrier = QPushButton("Add")
        add_barrier.clicked.connect(self.add_barrier)
        resolve = QPushButton("Resolved")
        resolve.clicked.connect(self.resolve_barrier)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_barrier)
        self.error = error_label()
        barrier_row = QHBoxLayout()
        for widget in (self.barrier_kind, self.barrier_text, add_barrier, resolve, remove):
            barrier_row.addWidget(widget)
        barrier_row.setStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(hint("Exit criteria: tick each one the customer has met"))
        layout.addWidget(self.criteria)
        layout.addWidget(hint("Barriers: the customer's challenges and our own issues"))
        layout.addWidget(self.barriers)
        layout.addLayout(barrier_row)
        owner_row = QHBoxLayout()
        owner_row.addWidget(QLabel("Owner"))
        owner_row.addWidget(self.owner)
        layout.addLayout(owner_row)
        layout.addWidget(self.notes)
        layout.addWidget(self.error)

    def show_stage(self, milestone: Milestone | None) -> None:
        self.milestone = milestone
        self.setEnabled(milestone is not None)
        self._loading = True
        self.criteria.clear()
        self.barriers.clear()
        if milestone is None:
            self.title.setText("<h4 style='margin:0'>Select a stage to see its exit criteria "
                               "and barriers</h4>")
            self.owner.clear()
            self.notes.clear()
            self._loading = False
            return
        self.title.setText(f"<h4 style='margin:0'>{milestone.name}</h4>")
        for criterion in milestone.exit_criteria or []:
            item = QListWidgetItem(criterion["text"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if criterion.get("done")
                               else Qt.CheckState.Unchecked)
            self.criteria.addItem(item)
        for barrier in milestone.barriers:
            state = f"resolved {short_date(barrier.resolved_on)}" if barrier.resolved_on \
                else "open"
            item = QListWidgetItem(f"{barrier.kind.label}: {barrier.description} ({state})")
            item.setData(CRITERION_ROLE, barrier.id)
            self.barriers.addItem(item)
        if not self.owner.hasFocus():
            self.owner.setText(milestone.owner or "")
        if not self.notes.hasFocus() and self.notes.toPlainText() != (milestone.notes or ""):
            self.notes.setPlainText(milestone.notes or "")
        self._loading = False

    def _save(self, changes: dict) -> None:
        milestone = self.milestone
        if milestone is None or self._loading:
            return
        old = {k: getattr(milestone, k) for k in changes}
        self.ctx.editor.save_fields(
            f"Edit stage {milestone.name}", self.ctx.services.critical_path.update_milestone,
            milestone.id, old, changes, self.ctx.account_id,
            refused=lambda error: show_error(self.error, str(error)),
            saved=lambda: show_error(self.error, None))

    def _save_criteria(self, _item: QListWidgetItem) -> None:
        if self._loading or self.milestone is None:
            return
        ticked = [{"text": self.criteria.item(i).text(),
                   "done": self.criteria.item(i).checkState() == Qt.CheckState.Checked}
                  for i in range(self.criteria.count())]
        self._save({"exit_criteria": ticked})

    def add_barrier(self) -> None:
        milestone = self.milestone
        if milestone is None:
            return
        paths = self.ctx.services.critical_path
        fields = {"kind": self.barrier_kind.currentData(),
                  "description": self.barrier_text.text(), "raised_on": self.ctx.today()}
        refused, landed = outcome(self.error, self.barrier_text)
        self.ctx.editor.add(f"Add barrier to {milestone.name}",
                            lambda: paths.add_barrier(milestone.id, **fields), "Barrier",
                            paths.remove_barrier, self.ctx.account_id, refused=refused,
                            landed=landed)

    def _selected_barrier(self) -> int | None:
        item = self.barriers.currentItem()
        return item.data(CRITERION_ROLE) if item else None

    def resolve_barrier(self) -> None:
        barrier_id = self._selected_barrier()
        if barrier_id is None:
            return
        paths = self.ctx.services.critical_path
        today = self.ctx.today()
        self.ctx.editor.save_fields("Resolve barrier", paths.update_barrier, barrier_id,
                                   {"resolved_on": None}, {"resolved_on": today},
                                   self.ctx.account_id)

    def remove_barrier(self) -> None:
        barrier_id = self._selected_barrier()
        if barrier_id is not None:
            self.ctx.editor.delete("Remove barrier", "Barrier", barrier_id,
                                   self.ctx.services.critical_path.remove_barrier,
                                   self.ctx.account_id)
