"""Meetings tab: the account's meetings, newest first, and the one selected open in the
meeting editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from csdesk.models import Meeting, MeetingKind
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.account.meetings import MeetingEditor
from csdesk.ui.format import short_date
from csdesk.ui.table_model import Column, RowsTableModel
from csdesk.ui.widgets import TableWithEmptyState, hint


class MeetingsTab(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self._read: Any = None  # the meeting just read with the list, shown without a read
        self._then: Callable[[], None] | None = None  # what follows once it shows
        self._wanted: int | None = None  # the meeting asked for last
        self.model: RowsTableModel[Meeting] = RowsTableModel([
            Column("Date", lambda m: short_date(m.held_on), sort=lambda m: m.held_on.toordinal()),
            Column("Type", lambda m: m.kind.label),
            Column("Title", lambda m: m.title),
            Column("Notes", lambda m: "✓" if m.notes else "—"),
        ])
        self.list = TableWithEmptyState(
            self.model, "No meetings yet. New meeting (Ctrl+Shift+M) records a kick-off, "
                        "check-in, QBR or escalation with its notes and action items.")
        self.list.stretch_column(2)
        self.list.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.list.table.selectionModel().selectionChanged.connect(self._on_selected)
        self.new_button = QPushButton("New meeting")
        self.delete_button = QPushButton("Delete")
        self.new_button.clicked.connect(self.new_meeting)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(buttons)
        self.editor = MeetingEditor(context)
        self.placeholder = hint("Select a meeting to see and edit its notes, or create one.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor_scroll = QScrollArea()  # the editor is tall; small screens scroll it
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setWidget(self.editor)
        self.right = QStackedWidget()
        self.right.addWidget(self.placeholder)
        self.right.addWidget(editor_scroll)
        self._editor_page = editor_scroll
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([420, 680])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def load(self) -> Loader:
        """The account's meetings, the one shown (the one open now, else the newest) and the
        account's contacts (its attendees to tick), read by the returned function (off the GUI
        thread)."""
        services, account_id = self.ctx.services, self.ctx.account_id
        current = self.editor.meeting.id if self.editor.meeting else None

        def load() -> tuple[list[Any], Any, tuple[int, list[Any]]]:
            meetings = services.meetings.for_account(account_id)
            shown = current if current in {m.id for m in meetings} else \
                meetings[0].id if meetings else None  # the newest, ready for notes
            return (meetings, services.meetings.get(shown) if shown else None,
                    (account_id, services.contacts.for_account(account_id)))

        return load

    def show(self, data: tuple[list[Any], Any, tuple[int, list[Any]]]) -> None:
        meetings, meeting, self.editor.account_contacts = data
        self.model.set_rows(meetings)
        self.select(meeting.id if meeting else None, meeting)

    def select(self, meeting_id: int | None, meeting: Any = None,
               then: Callable[[], None] | None = None) -> None:
        """Select a meeting in the list and show it (``meeting``, when already read; else it
        is read off the GUI thread); ``then()`` once it shows."""
        self._read, self._then = meeting, then
        try:
            if self.list.select_where(lambda row: row.id == meeting_id):
                self._show(meeting_id)
                return
            self.list.table.clearSelection()
            self._show(None)
        finally:
            self._read, self._then = None, None

    def _on_selected(self) -> None:
        rows = self.list.selected_rows()
        self._show(rows[0].id if rows else None)

    def _show(self, meeting_id: int | None) -> None:
        read, then = self._read, self._then
        shown = self.editor.meeting
        if read is None and shown is not None and shown.id == meeting_id:
            read = shown  # already in the editor: nothing to read
        self._wanted = meeting_id  # a meeting read for an earlier click is not shown
        if meeting_id is None or (read is not None and read.id == meeting_id):
            self._display(read if meeting_id else None, then)
            return
        meetings, operations = self.ctx.services.meetings, self.ctx.operations
        if operations is None:
            self._display(meetings.get(meeting_id), then)
            return
        self.editor.setEnabled(False)  # nothing typed into the one leaving meanwhile

        def arrived(meeting: Any) -> None:
            if self._wanted == meeting_id:
                self._display(meeting, then)

        def failed(error: Exception) -> None:  # deleted meanwhile, or the server gone
            if self._wanted == meeting_id:
                self._display(None, None)
                self.ctx.editor.failed.emit(f"Could not open the meeting: {error}")

        operations.read("meeting", lambda: meetings.get(meeting_id), arrived, failed=failed,
                        doing="Opening the meeting")

    def _display(self, meeting: Any, then: Callable[[], None] | None) -> None:
        self.editor.setEnabled(True)
        self.editor.show_meeting(meeting)
        self.right.setCurrentWidget(self._editor_page if meeting else self.placeholder)
        self.delete_button.setEnabled(meeting is not None)
        if then is not None and meeting is not None:
            then()

    def new_meeting(self) -> None:
        account_id = self.ctx.account_id
        if account_id is None:
            return
        meetings = self.ctx.services.meetings
        today = self.ctx.today()

        self.editor.save_notes()  # the meeting shown keeps what was typed in it
        self.editor.setEnabled(False)  # nothing typed goes to it while the new one comes

        def edit_title() -> None:
            self.editor.title.setFocus()
            self.editor.title.selectAll()

        def edit_it(meeting_id: int) -> None:  # once the reload shows it
            self.editor.setEnabled(True)
            self.select(meeting_id, then=edit_title)

        self.ctx.editor.add(
            "New meeting", lambda: meetings.create(account_id, title="Check-in",
                                                   kind=MeetingKind.CHECK_IN, held_on=today),
            "Meeting", meetings.delete, account_id,
            landed=lambda created: self.ctx.when_shown(lambda: edit_it(created.id)),
            failed=lambda error: (self.editor.setEnabled(True), self.ctx.editor.failed.emit(
                f"Could not add the meeting: {error}")))

    def delete_selected(self) -> None:
        meeting = self.editor.meeting
        if meeting is None:
            return
        self.editor.meeting = None  # do not save the notes of a meeting being deleted
        self.ctx.editor.delete(f"Delete meeting {meeting.title} of {short_date(meeting.held_on)}",
                               "Meeting", meeting.id, self.ctx.services.meetings.delete,
                               meeting.account_id)
