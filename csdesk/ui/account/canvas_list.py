"""One ordered canvas section (objectives, key challenges, key benefits, success criteria):
add, edit in place, reorder by drag or Alt+Up/Down, remove with Delete; all undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csdesk.documents.canvas import SECTION_OF
from csdesk.errors import ValidationError
from csdesk.models import CanvasItem, CanvasItemKind
from csdesk.services.changes import PLAN
from csdesk.ui.account.context import AccountContext
from csdesk.ui.widgets import error_label, heading, hint, show_error

ID_ROLE = Qt.ItemDataRole.UserRole + 10
STORED_TEXT_ROLE = Qt.ItemDataRole.UserRole + 11  # the text as loaded: an edit's original


class CanvasListEditor(QWidget):
    def __init__(self, context: AccountContext, kind: CanvasItemKind) -> None:
        super().__init__()
        self.ctx, self.kind = context, kind
        section = SECTION_OF[kind.value]
        self.plan_id: int | None = None
        self._loading = False
        self.list = QListWidget()
        self.list.setObjectName(f"canvas_{kind.value}")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.empty = hint(f"Nothing yet. {section.hint}")
        self.error = error_label()
        self.add_button = QPushButton(f"Add {kind.label.lower()}")
        self.add_button.clicked.connect(self.add_item)
        for text, shortcut, slot in (
                ("Move up", "Alt+Up", lambda: self.move_selected(-1)),
                ("Move down", "Alt+Down", lambda: self.move_selected(1)),
                ("Remove", QKeySequence.StandardKey.Delete, self.remove_selected)):
            action = QAction(text, self.list)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.list.addAction(action)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        top = QHBoxLayout()
        top.addWidget(heading(f"{section.number}. {section.title}", 4))
        top.addStretch(1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addWidget(self.error)
        self.list.setMinimumHeight(90)
        self.list.setMaximumHeight(170)
        self.list.setSpacing(2)

    def show_items(self, plan_id: int, items: list[CanvasItem]) -> None:
        self.plan_id = plan_id
        if self.list.state() == QAbstractItemView.State.EditingState:
            return  # keep what the user is typing
        current = self.list.currentItem().data(ID_ROLE) if self.list.currentItem() else None
        self._loading = True
        self.list.clear()
        for item in items:
            row = QListWidgetItem(item.text)
            row.setData(ID_ROLE, item.id)
            row.setData(STORED_TEXT_ROLE, item.text)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(row)
            if item.id == current:
                self.list.setCurrentItem(row)
        self._loading = False
        self.empty.setVisible(not items)
        self.list.setVisible(bool(items))

    def _ids(self) -> list[int]:
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def add_item(self) -> None:
        if self.plan_id is None:
            return
        plans = self.ctx.services.plans
        plan_id, kind = self.plan_id, self.kind

        def edit_it(created: CanvasItem) -> None:  # once the reload shows it
            for row in range(self.list.count()):
                if self.list.item(row).data(ID_ROLE) == created.id:
                    self.list.setCurrentRow(row)
                    self.list.editItem(self.list.item(row))

        self.ctx.editor.add(
            f"Add {kind.label.lower()}", lambda: plans.add_item(plan_id, kind, "New " +
                                                                 kind.label.lower()),
            "CanvasItem", plans.remove_item, self.ctx.account_id,
            landed=lambda created: self.ctx.when_shown(lambda: edit_it(created)))

    def _on_item_changed(self, row: QListWidgetItem) -> None:
        if self._loading:
            return
        item_id = row.data(ID_ROLE)
        plans = self.ctx.services.plans
        old = row.data(STORED_TEXT_ROLE) or ""  # as shown when the edit began
        new = row.text()
        if new.strip() == old:
            return

        def refused(error: ValidationError) -> None:
            show_error(self.error, str(error))
            for index in range(self.list.count()):  # the row, if still on screen
                shown = self.list.item(index)
                if shown.data(ID_ROLE) == item_id:
                    self._loading = True
                    shown.setText(old)  # the stored text stays as it was
                    shown.setData(STORED_TEXT_ROLE, old)
                    self._loading = False

        self.ctx.editor.submit(f"Edit {self.kind.label.lower()}",
                               lambda: plans.update_item(item_id, new, original=old),
                               lambda: plans.update_item(item_id, old, original=new),
                               self.ctx.account_id,
                               overwrite=lambda: plans.update_item(item_id, new), kinds=[PLAN],
                               refused=refused, landed=lambda _: show_error(self.error, None))
        self._loading = True
        row.setData(STORED_TEXT_ROLE, new.strip())  # what its next edit expects stored
        self._loading = False

    def _on_rows_moved(self, _parent, start: int, _end: int, _dest, row: int) -> None:
        if self._loading:
            return
        new_position = row if row < start else row - 1
        item_id = self.list.item(new_position).data(ID_ROLE)
        self._move(item_id, start, new_position)

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        self._move(self.list.item(row).data(ID_ROLE), row, target)

    def _move(self, item_id: int, old: int, new: int) -> None:
        plans = self.ctx.services.plans
        self.ctx.editor.submit(f"Reorder {SECTION_OF[self.kind.value].title.lower()}",
                               lambda: plans.move_item(item_id, new),
                               lambda: plans.move_item(item_id, old), self.ctx.account_id,
                               kinds=[PLAN])

    def remove_selected(self) -> None:
        row = self.list.currentItem()
        if row is None:
            return
        plans = self.ctx.services.plans
        self.ctx.editor.delete(f"Remove {self.kind.label.lower()}", "CanvasItem",
                               row.data(ID_ROLE), plans.remove_item, self.ctx.account_id)


