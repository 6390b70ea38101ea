"""Ctrl+K: search everything as you type; results grouped by kind; Enter opens the hit. The
search runs off the GUI thread (the window's operations); a newer query supersedes one on its
way, and Enter pressed before the results came opens the first of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from csdesk.services import Services
from csdesk.services.search import Hit

if TYPE_CHECKING:
    from csdesk.ui.operations import Operations

HIT_ROLE = Qt.ItemDataRole.UserRole + 30
TAB_OF_KIND = {"account": "overview", "contact": "overview", "canvas": "plan", "kpi": "plan",
               "milestone": "path", "meeting": "meetings", "action": "meetings"}


class SearchDialog(QDialog):
    hit_chosen = Signal(object)  # Hit

    def __init__(self, services: Services, parent=None,
                 operations: Operations | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.operations = operations
        self.searching = False  # a query on its way
        self._open_first = False  # Enter pressed before its results came
        self.setWindowTitle("Search")
        self.query = QLineEdit(placeholderText="Search accounts, contacts, plans, notes and "
                                               "action items")
        self.query.setClearButtonEnabled(True)
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setColumnCount(2)
        self.results.setRootIsDecorated(False)
        self.status = QLabel()
        self.status.setEnabled(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self.open_current)
        self.results.itemActivated.connect(lambda item, _col: self._open(item))
        self.query.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        layout.addWidget(self.status)
        self.resize(720, 460)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # Up and Down in the search box move through the results.
        if watched is self.query and isinstance(event, QKeyEvent) and \
                event.type() == QKeyEvent.Type.KeyPress and \
                event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self._step(1 if event.key() == Qt.Key.Key_Down else -1)
            return True
        return super().eventFilter(watched, event)

    def run_search(self) -> None:
        self._timer.stop()
        text = self.query.text()
        search = self.services.search
        if not text.strip() or self.operations is None:
            self._show_results(text, search.grouped(text) if text.strip() else [])
            return
        self.searching = True
        self.operations.read("search", lambda: search.grouped(text),
                             lambda groups: self._show_results(text, groups),
                             doing="Searching", failed=self._not_searched)

    def _not_searched(self, error: Exception) -> None:
        self.searching = self._open_first = False
        self.results.clear()
        self.status.setText(f"The search did not run: {error}")

    def _show_results(self, text: str, groups: list[tuple[str, list[Any]]]) -> None:
        self.searching = False
        self.results.clear()
        first = None
        for label, hits in groups:
            group = QTreeWidgetItem([f"{label} ({len(hits)})"])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.results.addTopLevelItem(group)
            for hit in hits:
                title = hit.title if hit.kind == "account" else f"{hit.title} — {hit.account_name}"
                item = QTreeWidgetItem([title, hit.snippet.replace("\n", " ")])
                item.setData(0, HIT_ROLE, hit)
                group.addChild(item)
                first = first or item
            group.setExpanded(True)
        self.results.resizeColumnToContents(0)
        count = sum(len(h) for _l, h in groups)
        self.status.setText("" if not text.strip() else
                            f"No results for “{text}”." if not count else
                            f"{count} results · Enter opens the selected one")
        if first is not None:
            self.results.setCurrentItem(first)
        if self._open_first:
            self._open_first = False
            self.open_current()

    def _step(self, step: int) -> None:
        items = []
        for g in range(self.results.topLevelItemCount()):
            group = self.results.topLevelItem(g)
            items += [group.child(i) for i in range(group.childCount())]
        if not items:
            return
        current = self.results.currentItem()
        index = items.index(current) if current in items else -1
        self.results.setCurrentItem(items[max(0, min(len(items) - 1, index + step))])

    def open_current(self) -> None:
        if self._timer.isActive():
            self.run_search()
        if self.searching:  # opened once the results come
            self._open_first = True
            return
        item = self.results.currentItem()
        if item is not None:
            self._open(item)

    def _open(self, item: QTreeWidgetItem) -> None:
        hit: Hit | None = item.data(0, HIT_ROLE)
        if hit is None:
            return
        self.hit_chosen.emit(hit)
        self.accept()
