"""The book of accounts: a filterable, sortable table with multi-select and archive."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from csdesk.services.book import AccountSummary
from csdesk.services.schedule import DueState
from csdesk.ui.format import (
    days_text,
    due_colour,
    format_money,
    health_colour,
    health_words,
    short_date,
)
from csdesk.ui.table_model import Column, RowsTableModel
from csdesk.ui.views.book_scope import BookScope
from csdesk.ui.widgets import TableWithEmptyState


def haystack(row: AccountSummary) -> str:
    """The text the filter looks in: name, industry, segment, stage and next milestone."""
    return " ".join(filter(None, [row.name, row.industry, row.segment, row.lifecycle_stage,
                                  row.next_milestone])).casefold()


def matches(words: list[str], haystacks: dict[int, str]) -> Callable[[AccountSummary], bool]:
    """Every word typed must appear in the row's haystack."""
    def accept(row: AccountSummary) -> bool:
        text = haystacks.get(row.id)
        if text is None:
            text = haystacks[row.id] = haystack(row)
        return all(word in text for word in words)

    return accept


def account_columns() -> list[Column[AccountSummary]]:
    never = 10**9
    return [
        Column("Account", lambda r: r.name + (" (archived)" if r.archived else ""),
               sort=lambda r: r.name.casefold()),
        Column("Segment", lambda r: r.segment),
        Column("Stage", lambda r: r.lifecycle_stage),
        Column("ARR", lambda r: format_money(r.arr_cents, r.currency),
               sort=lambda r: r.arr_cents, align_right=True),
        Column("Renewal", lambda r: short_date(r.renewal_date),
               sort=lambda r: r.renewal_date.toordinal() if r.renewal_date else never),
        Column("Days left", lambda r: days_text(r.days_to_renewal),
               sort=lambda r: never if r.days_to_renewal is None else r.days_to_renewal,
               align_right=True),
        Column("Next milestone", lambda r: r.next_milestone or "—"),
        Column("Due", lambda r: r.next_milestone_state.label
               if r.next_milestone_state else "—",
               sort=lambda r: r.next_milestone_date.toordinal() if r.next_milestone_date
               else never,
               colour=lambda r: due_colour(r.next_milestone_state),
               bold=lambda r: r.next_milestone_state is DueState.OVERDUE),
        Column("Open actions", lambda r: str(r.open_actions), sort=lambda r: r.open_actions,
               align_right=True),
        Column("Health", lambda r: health_words(r.health_score),
               sort=lambda r: -1 if r.health_score is None else r.health_score,
               colour=lambda r: health_colour(r.health_score)),
        Column("Owner", lambda r: r.owner or "—", sort=lambda r: (r.owner or "").casefold()),
    ]


class AccountsView(QWidget):
    account_requested = Signal(int, str)
    new_requested = Signal()
    archive_requested = Signal(list)  # [AccountSummary]
    unarchive_requested = Signal(list)
    edit_requested = Signal(int)
    show_archived_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.filter = QLineEdit(placeholderText="Filter by name, industry, segment, stage or "
                                                "milestone (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.show_archived = QCheckBox("Show archived")
        self.scope = BookScope()
        self.scope.currentIndexChanged.connect(lambda _i: self._apply_filter(self.filter.text()))
        self.new_button = QPushButton("New account")
        self.archive_button = QPushButton("Archive")
        self.archive_button.setEnabled(False)
        self.model: RowsTableModel[AccountSummary] = RowsTableModel(account_columns())
        self._haystacks: dict[int, str] = {}
        self.table = TableWithEmptyState(
            self.model, "No accounts yet. Create one with New account (Ctrl+N) or import a CSV "
                        "file (Ctrl+I).")
        self.table.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.stretch_column(0)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.textChanged.connect(self._update_empty_text)
        self.table.activated_row.connect(lambda r: self.account_requested.emit(r.id, ""))
        self.table.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.new_button.clicked.connect(self.new_requested)
        self.archive_button.clicked.connect(self._archive_or_restore)
        self.show_archived.toggled.connect(self.show_archived_changed)
        self.table.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.table.customContextMenuRequested.connect(self._context_menu)
        archive = QAction("Archive selected accounts", self)
        archive.setShortcut(QKeySequence.StandardKey.Delete)
        archive.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        archive.triggered.connect(self._archive_or_restore)
        self.table.table.addAction(archive)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.scope)
        bar.addWidget(self.show_archived)
        bar.addWidget(self.archive_button)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def set_rows(self, rows: list[AccountSummary]) -> None:
        selected = {r.id for r in self.table.selected_rows()}
        self._haystacks.clear()  # built as the user types, once per set of rows
        self.model.set_rows(rows)
        self._update_empty_text()
        self._reselect(selected)
        self._update_buttons()

    def set_my_name(self, name: str) -> None:
        """Whose book "My book" is."""
        self.scope.set_my_name(name)
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        selected = {r.id for r in self.table.selected_rows()}
        text_match = matches(words, self._haystacks) if words else None
        self.model.set_filter(self.scope.row_filter(lambda row: row.owner, text_match))
        self._reselect(selected)

    def _reselect(self, ids: set[int]) -> None:
        if ids:
            self.table.select_where(lambda row: row.id in ids)

    def visible_ids(self) -> list[int]:
        return [row.id for row in self.table.visible_rows()]

    def _update_empty_text(self) -> None:
        # With rows that all got filtered out, say so instead of showing a blank table.
        if self.model.total and not self.model.rowCount():
            self.table.empty.setText(f"No account matches “{self.filter.text()}”.")
            self.table.setCurrentWidget(self.table.empty)
        elif self.model.total:
            self.table.setCurrentWidget(self.table.table)

    def _update_buttons(self) -> None:
        rows = self.table.selected_rows()
        self.archive_button.setEnabled(bool(rows))
        archived = bool(rows) and all(r.archived for r in rows)
        self.archive_button.setText("Unarchive" if archived else "Archive")

    def _archive_or_restore(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        if all(r.archived for r in rows):
            self.unarchive_requested.emit(rows)
        else:
            self.archive_requested.emit([r for r in rows if not r.archived])

    def _context_menu(self, position) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.account_requested.emit(rows[0].id, ""))
        menu.addAction("Edit…", lambda: self.edit_requested.emit(rows[0].id))
        menu.addSeparator()
        menu.addAction(self.archive_button.text(), self._archive_or_restore)
        menu.exec(self.table.table.viewport().mapToGlobal(position))
