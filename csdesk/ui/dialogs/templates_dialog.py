"""Critical-path templates: the shipped ones (read-only, copy to change) and your own: create,
copy, edit stages (order, weeks, exit criteria, the first-value stage), delete, import, export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from csdesk.models import CriticalPathTemplate
from csdesk.services import Services
from csdesk.ui.dialog_work import DialogWork
from csdesk.ui.dialogs.template_commands import TemplateCommands
from csdesk.ui.widgets import error_label, hint, show_error

if TYPE_CHECKING:
    from csdesk.ui.operations import Operations

ID_ROLE = Qt.ItemDataRole.UserRole + 50
NAME, WEEK, WEEK_END, FIRST_VALUE = range(4)


class TemplatesDialog(TemplateCommands, QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None,
                 operations: Operations | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.work = DialogWork(self, operations, "critical-path templates")
        self.setWindowTitle("Critical-path templates")
        self.template: CriticalPathTemplate | None = None
        self._criteria: list[list[str]] = []  # exit criteria of each row, edited below
        self._dirty = False
        self._loading = False
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._on_current)
        buttons = QHBoxLayout()
        for text, slot in (("New", self.new_template), ("Copy", self.copy_template),
                           ("Delete", self.delete_template), ("Import…", self.import_template),
                           ("Export…", self.export_template)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            setattr(self, f"{text.rstrip('…').lower()}_button", button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(buttons)

        self.name = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(50)
        self.description.setTabChangesFocus(True)
        self.read_only = hint("This template ships with csdesk and cannot be changed: copy it "
                              "to make your own.")
        self.stages = QTableWidget(0, 4)
        self.stages.setHorizontalHeaderLabels(["Stage", "Week", "Until week", "First value"])
        self.stages.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.stages.verticalHeader().hide()
        self.stages.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.stages.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.stages.currentCellChanged.connect(self._on_stage_selected)
        self.stages.itemChanged.connect(lambda _i: self._mark_dirty())
        self.criteria = QPlainTextEdit()
        self.criteria.setPlaceholderText("One per line")
        self.criteria.setFixedHeight(80)
        self.criteria.textChanged.connect(self._on_criteria_typed)
        stage_buttons = QHBoxLayout()
        self.stage_buttons: list[QPushButton] = []  # off on a shipped (read-only) template
        for text, slot in (("Add stage", self.add_stage), ("Remove stage", self.remove_stage),
                           ("Move up", lambda: self.move_stage(-1)),
                           ("Move down", lambda: self.move_stage(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            stage_buttons.addWidget(button)
            self.stage_buttons.append(button)
        stage_buttons.addStretch(1)
        self.error = error_label()
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(lambda: self.show_template(self.template))
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for button in (self.revert_button, self.save_button, close):
            bottom.addWidget(button)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Description", self.description)
        self.editor = QWidget()
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.read_only)
        editor_layout.addLayout(form)
        editor_layout.addWidget(self.stages, 1)
        editor_layout.addLayout(stage_buttons)
        criteria_label = QLabel("E&xit criteria of the selected stage")
        criteria_label.setBuddy(self.criteria)
        editor_layout.addWidget(criteria_label)
        editor_layout.addWidget(self.criteria)
        editor_layout.addWidget(self.error)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addLayout(bottom)
        self.name.textEdited.connect(lambda _t: self._mark_dirty())
        self.description.textChanged.connect(self._mark_dirty)
        self.resize(900, 560)
        self.reload()

    # Loading

    def reload(self, select_id: int | None = None) -> None:
        """The list of templates and the one to show (``select_id``, the one shown, or the
        first), read together."""
        current = select_id or (self.template.id if self.template else None)
        templates = self.services.templates

        def load() -> tuple[list[CriticalPathTemplate], CriticalPathTemplate | None]:
            listed = templates.list()
            ids = [t.id for t in listed]
            shown = current if current in ids else (ids[0] if ids else None)
            return listed, templates.get(shown) if shown is not None else None

        self.editor.setEnabled(False)  # until what it shows is the template selected
        self.work.read(load, self._show_list)

    def _show_list(self, loaded: tuple[list[CriticalPathTemplate],
                                       CriticalPathTemplate | None]) -> None:
        listed, shown = loaded
        self.list.blockSignals(True)
        self.list.clear()
        for template in listed:
            suffix = " (shipped)" if template.builtin else ""
            item = QListWidgetItem(template.name + suffix)
            item.setData(ID_ROLE, template.id)
            self.list.addItem(item)
            if shown is not None and template.id == shown.id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.show_template(shown)

    def _on_current(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is None:
            self.show_template(None)
            return
        wanted = item.data(ID_ROLE)
        if self.template is not None and wanted == self.template.id:
            return
        if self._dirty and self.template is not None:
            self._select(self.template.id)  # stays on the edited one unless the CSM lets go
            self._settle(lambda: self.reload(wanted))
            return
        self.reload(wanted)

    def _select(self, template_id: int) -> None:
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == template_id:
                self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def show_template(self, template: CriticalPathTemplate | None) -> None:
        self._loading = True
        self.template = template
        self.editor.setEnabled(True)
        editable = template is not None and not template.builtin
        self.read_only.setVisible(template is not None and template.builtin)
        self.name.setText(template.name if template else "")
        self.description.setPlainText(template.description or "" if template else "")
        self.stages.setRowCount(0)
        self._criteria = []
        for stage in template.stages if template else []:
            self._append_row(stage.name, stage.week_start, stage.week_end, stage.is_first_value,
                             stage.id, list(stage.exit_criteria))
        for widget in (self.name, self.description, self.stages, self.criteria):
            widget.setEnabled(editable)
        for button in (self.save_button, self.revert_button, self.delete_button,
                       *self.stage_buttons):
            button.setEnabled(editable)
        self.export_button.setEnabled(template is not None)
        self.copy_button.setEnabled(template is not None)
        show_error(self.error, None)
        self._loading = False
        self._dirty = False
        if self.stages.rowCount():
            self.stages.setCurrentCell(0, 0)
        self._on_stage_selected(self.stages.currentRow(), 0, -1, -1)

    def _append_row(self, name: str, week: int, week_end: int | None, first_value: bool,
                    stage_id: int | None, criteria: list[str], row: int | None = None) -> None:
        row = self.stages.rowCount() if row is None else row
        self.stages.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(ID_ROLE, stage_id)
        self.stages.setItem(row, NAME, name_item)
        week_box = QSpinBox()
        week_box.setRange(0, 520)
        week_box.setValue(week)
        week_box.valueChanged.connect(lambda _v: self._mark_dirty())
        self.stages.setCellWidget(row, WEEK, week_box)
        end_box = QSpinBox()
        end_box.setRange(-1, 520)
        end_box.setSpecialValueText("—")
        end_box.setValue(-1 if week_end is None else week_end)
        end_box.valueChanged.connect(lambda _v: self._mark_dirty())
        self.stages.setCellWidget(row, WEEK_END, end_box)
        check = QCheckBox()
        check.setChecked(first_value)
        check.toggled.connect(lambda on, b=check: self._one_first_value(b, on))
        self.stages.setCellWidget(row, FIRST_VALUE, check)
        self._criteria.insert(row, criteria)

    def _one_first_value(self, box: QCheckBox, on: bool) -> None:
        if on:  # only one stage marks first value
            for row in range(self.stages.rowCount()):
                other = self.stages.cellWidget(row, FIRST_VALUE)
                if other is not box and other.isChecked():
                    other.setChecked(False)
        self._mark_dirty()

    def _on_stage_selected(self, row: int, _col: int, _prev_row: int, _prev_col: int) -> None:
        self._loading, was = True, self._loading
        criteria = self._criteria[row] if 0 <= row < len(self._criteria) else []
        self.criteria.setPlainText("\n".join(criteria))
        self.criteria.setEnabled(0 <= row < len(self._criteria) and self.stages.isEnabled())
        self._loading = was

    def _on_criteria_typed(self) -> None:
        row = self.stages.currentRow()
        if self._loading or not 0 <= row < len(self._criteria):
            return
        self._criteria[row] = [line.strip() for line in self.criteria.toPlainText().splitlines()
                               if line.strip()]
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        if not self._loading:
            self._dirty = True

    # Reading the editor

    def definition(self) -> dict[str, Any]:
        stages = []
        for row in range(self.stages.rowCount()):
            end = self.stages.cellWidget(row, WEEK_END).value()
            stages.append({
                "id": self.stages.item(row, NAME).data(ID_ROLE),
                "name": self.stages.item(row, NAME).text(),
                "week": self.stages.cellWidget(row, WEEK).value(),
                "week_end": None if end < 0 else end,
                "first_value": self.stages.cellWidget(row, FIRST_VALUE).isChecked(),
                "exit_criteria": self._criteria[row],
            })
        return {"name": self.name.text(), "description": self.description.toPlainText(),
                "stages": stages}

    # Stage editing

    def add_stage(self) -> None:
        row = self.stages.rowCount()
        last_week = self.stages.cellWidget(row - 1, WEEK).value() if row else 0
        self._append_row(f"Stage {row + 1}", last_week + 1, None, False, None, [])
        self.stages.setCurrentCell(row, NAME)
        self.stages.editItem(self.stages.item(row, NAME))
        self._mark_dirty()

    def remove_stage(self) -> None:
        row = self.stages.currentRow()
        if row >= 0:
            self.stages.removeRow(row)
            del self._criteria[row]
            self._mark_dirty()

    def move_stage(self, step: int) -> None:
        row = self.stages.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.stages.rowCount():
            return
        rows = self.definition()["stages"]
        rows[row], rows[target] = rows[target], rows[row]
        self._loading = True
        self.stages.setRowCount(0)
        self._criteria = []
        for spec in rows:
            self._append_row(spec["name"], spec["week"], spec["week_end"], spec["first_value"],
                             spec["id"], spec["exit_criteria"])
        self._loading = False
        self.stages.setCurrentCell(target, NAME)
        self._mark_dirty()
