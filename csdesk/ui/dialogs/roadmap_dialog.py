"""Tools → Product roadmap: the items kept once in the workspace and picked per QBR."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csdesk.models import RoadmapHorizon, RoadmapItem
from csdesk.services import Services
from csdesk.services.changes import SETTINGS, Changes
from csdesk.ui.dialog_work import DialogWork
from csdesk.ui.dialogs.simple_form import enum_combo
from csdesk.ui.table_model import Column, RowsTableModel
from csdesk.ui.widgets import TableWithEmptyState, error_label, show_error

if TYPE_CHECKING:
    from csdesk.ui.operations import Operations

CHANGES = Changes.of(None, SETTINGS)  # the roadmap is the workspace's, picked per QBR


class RoadmapDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None,
                 operations: Operations | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.work = DialogWork(self, operations, "product roadmap")
        self.setWindowTitle("Product roadmap")
        self.model: RowsTableModel[RoadmapItem] = RowsTableModel([
            Column("Item", lambda r: r.title),
            Column("When", lambda r: r.horizon.label,
                   sort=lambda r: list(RoadmapHorizon).index(r.horizon)),
            Column("What it brings", lambda r: r.description or ""),
        ])
        self.table = TableWithEmptyState(self.model, "No roadmap items yet. Add what was "
                                                     "recently released and what is coming in "
                                                     "3, 6 and 12 months.")
        self.table.stretch_column(2)
        self.title = QLineEdit(placeholderText="Item")
        self.horizon = enum_combo(RoadmapHorizon)
        self.description = QLineEdit(placeholderText="What it brings the customer")
        self.description.returnPressed.connect(self.add)
        add, remove = QPushButton("Add"), QPushButton("Remove")
        add.clicked.connect(self.add)
        remove.clicked.connect(self.remove)
        self.error = error_label()
        row = QHBoxLayout()
        for widget in (self.title, self.horizon, self.description, add, remove):
            row.addWidget(widget)
        row.setStretch(2, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        self.work.read(self.services.roadmap.list, self.model.set_rows)

    def add(self) -> None:
        roadmap = self.services.roadmap
        title, horizon = self.title.text(), self.horizon.currentData()
        description = self.description.text()

        def added(_item: RoadmapItem) -> None:
            show_error(self.error, None)
            self.title.clear()
            self.description.clear()
            self.title.setFocus()
            self.reload()

        self.work.write("Add a roadmap item",
                        lambda: roadmap.add(title=title, horizon=horizon,
                                            description=description),
                        added, refused=lambda error: show_error(self.error, str(error)),
                        changes=CHANGES)

    def remove(self) -> None:
        ids = [item.id for item in self.table.selected_rows()]
        show_error(self.error, None if ids else "Select the items to remove first.")
        if not ids:
            return
        roadmap = self.services.roadmap

        def remove_all() -> None:
            for item_id in ids:
                roadmap.remove(item_id)

        self.work.write("Remove roadmap items", remove_all, lambda _none: self.reload(),
                        refused=lambda error: show_error(self.error, str(error)),
                        changes=CHANGES)
