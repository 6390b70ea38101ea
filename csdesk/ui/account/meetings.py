"""Meetings tab: the account's meetings by date, and an editor that saves as you type.

Notes are saved when you leave the field or pause typing; a line such as
`AI: send the roadmap @Dana due 2026-12-01` becomes an action item of the meeting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from csdesk.errors import ConflictError, CsdeskError, ValidationError
from csdesk.models import Meeting, MeetingKind, Side
from csdesk.services import AttendeeInput
from csdesk.services.changes import MEETINGS
from csdesk.services.drafts import NotesDraft
from csdesk.services.meetings import ANY_NOTES
from csdesk.ui.account.actions_panel import ActionsPanel
from csdesk.ui.account.context import AccountContext
from csdesk.ui.account.meeting_notes import NotesSave, ask_about_notes
from csdesk.ui.account_form import PlainText
from csdesk.ui.dialogs.simple_form import enum_combo
from csdesk.ui.widgets import DateEdit, error_label, hint, show_error

CONTACT_ROLE = Qt.ItemDataRole.UserRole + 20
NOTES_IDLE_MS = 1500
NOTES_RETRY_MS = 20_000  # notes that could not be saved are tried again this often


class MeetingEditor(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        # The account's contacts, read with the meetings tab's data: (account id, contacts)
        self.account_contacts: tuple[int, list[Any]] | None = None
        self.meeting: Meeting | None = None
        self.kind = enum_combo(MeetingKind)
        self.kind.setObjectName("meeting_kind")
        self.held_on = DateEdit()
        self.held_on.setObjectName("meeting_date")
        self.title = QLineEdit()
        self.title.setObjectName("meeting_title")
        self.duration = QLineEdit(placeholderText="minutes")
        self.duration.setFixedWidth(90)
        self.contacts = QListWidget()
        self.contacts.setObjectName("meeting_contacts")
        self.contacts.setMaximumHeight(110)
        self.ours = QLineEdit(placeholderText="Who came from our side, comma-separated")
        self.others = QLineEdit(placeholderText="Other customer attendees, comma-separated")
        self.notes = PlainText()
        self.notes.setObjectName("meeting_notes")
        self.notes.setPlaceholderText(
            "Notes. A line such as “AI: send the roadmap @Dana due 2026-12-01” becomes an "
            "action item.")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(140)
        self.decisions = PlainText()
        self.decisions.setObjectName("meeting_decisions")
        self.decisions.setTabChangesFocus(True)
        self.decisions.setFixedHeight(60)
        self.error = error_label()
        self.notes_message = error_label()
        self.actions = ActionsPanel(context, "No action items from this meeting yet.",
                                    lambda: {"meeting_id": self.meeting.id} if self.meeting
                                    else {})
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(NOTES_IDLE_MS)
        self._idle.timeout.connect(self._save_notes_in_background)
        self._saving_notes = False  # a save after a pause in typing is on its way
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(NOTES_RETRY_MS)
        self._retry.timeout.connect(self.save_notes)
        self._loading = False

        self.kind.activated.connect(lambda _i: self._save({"kind": self.kind.currentData()}))
        self.title.editingFinished.connect(lambda: self._save({"title": self.title.text()}))
        self.held_on.editingFinished.connect(self._save_date)
        self.duration.editingFinished.connect(self._save_duration)
        self.decisions.editingFinished.connect(
            lambda: self._save({"decisions": self.decisions.toPlainText()}))
        self.notes.textChanged.connect(self._on_notes_typed)
        self.notes.editingFinished.connect(self.save_notes)
        self.contacts.itemChanged.connect(lambda _item: self._save_attendees())
        self.ours.editingFinished.connect(self._save_attendees)
        self.others.editingFinished.connect(self._save_attendees)

        when = QHBoxLayout()
        for widget in (self.kind, self.held_on, hint("Duration"), self.duration):
            when.addWidget(widget)
        when.addStretch(1)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Type and date", when)
        form.addRow("Attendees", self.contacts)
        form.addRow("Others", self.others)
        form.addRow("Our team", self.ours)
        form.addRow("", self.error)
        form.addRow("Notes", self.notes)
        form.addRow("", self.notes_message)
        form.addRow("Decisions", self.decisions)
        form.addRow("Action items", self.actions)
        self.setLayout(form)

    # Loading

    def show_meeting(self, meeting: Meeting | None) -> None:
        same = self.meeting is not None and meeting is not None and self.meeting.id == meeting.id
        left_unsaved = None
        # Nothing typed is lost when switching meetings: saved, or kept as a draft.
        if self.meeting is not None and not same and not self.save_notes() \
                and self.ctx.services.meetings.drafts.get(self.meeting.id) is not None:
            left_unsaved = self.meeting.title
        self.meeting = meeting
        if meeting is None:
            return
        self._loading = True
        try:  # a read that fails (the server gone) must not leave the editor loading
            self._fill(meeting, same, left_unsaved)
        finally:
            self._loading = False

    def _fill(self, meeting: Meeting, same: bool, left_unsaved: str | None) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(meeting.kind)))
        for widget, value in ((self.title, meeting.title),
                              (self.duration, str(meeting.duration_minutes or ""))):
            if not (same and widget.hasFocus()):
                widget.setText(value)
        if not (same and self.held_on.hasFocus()):
            self.held_on.set_value(meeting.held_on)
        # Notes typed here and not saved yet (waiting for a pause, or for the server) stay.
        typing = same and (self.notes.hasFocus() or self._idle.isActive()
                           or self._retry.isActive())
        for box, value, keep in ((self.notes, meeting.notes, typing),
                                 (self.decisions, meeting.decisions,
                                  same and self.decisions.hasFocus())):
            if not keep and box.toPlainText() != (value or ""):
                box.setPlainText(value or "")
        if not typing:
            # What the notes were when this editor last showed or saved them: a save checks
            # that nobody else has changed them since (ConflictError otherwise).
            self._notes_base = meeting.notes or ""
        self._show_attendees(meeting, keep_typing=same)
        if not same:
            show_error(self.error, None)
            show_error(self.notes_message, None)
            self._restore_draft(meeting)
            if left_unsaved:
                show_error(self.notes_message, f"The notes of '{left_unsaved}' could not be "
                           "saved yet; they are kept on this computer and come back when you "
                           "open that meeting.")
        self.actions.show_items(meeting.action_items)  # read with it (MeetingService.get)

    def _show_attendees(self, meeting: Meeting, *, keep_typing: bool) -> None:
        chosen = {a.contact_id for a in meeting.attendees if a.contact_id}
        self.contacts.clear()
        known = self.account_contacts
        for contact in known[1] if known and known[0] == meeting.account_id else \
                self.ctx.services.contacts.for_account(meeting.account_id):
            item = QListWidgetItem(f"{contact.name} — {contact.role.label}")
            item.setData(CONTACT_ROLE, contact.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if contact.id in chosen
                               else Qt.CheckState.Unchecked)
            self.contacts.addItem(item)
        free = [a for a in meeting.attendees if a.contact_id is None]
        for line, side in ((self.ours, Side.OURS), (self.others, Side.CUSTOMER)):
            if not (keep_typing and line.hasFocus()):
                line.setText(", ".join(a.name for a in free if a.side is side))

    # Saving

    def _save(self, changes: dict[str, Any], label: QWidget | None = None) -> bool:
        meeting = self.meeting
        if meeting is None or self._loading:
            return False
        old = {k: getattr(meeting, k) for k in changes}
        shown = label or self.error
        self.ctx.editor.save_fields(
            f"Edit meeting {meeting.title}", self.ctx.services.meetings.update, meeting.id, old,
            changes, meeting.account_id, refused=lambda error: show_error(shown, str(error)),
            saved=lambda: show_error(shown, None))
        return True

    def _save_date(self) -> None:
        try:
            value = self.held_on.value()
        except ValueError as error:
            show_error(self.error, f"meeting date '{self.held_on.text()}' is {error}")
            return
        self._save({"held_on": value})

    def _save_duration(self) -> None:
        text = self.duration.text().strip()
        if text and not text.isdigit():
            show_error(self.error, f"duration '{text}' must be a whole number of minutes")
            return
        self._save({"duration_minutes": int(text) if text else None})

    def _attendee_inputs(self) -> list[AttendeeInput]:
        people = []
        for row in range(self.contacts.count()):
            item = self.contacts.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                people.append(AttendeeInput("", Side.CUSTOMER, contact_id=item.data(CONTACT_ROLE)))
        for line, side in ((self.ours, Side.OURS), (self.others, Side.CUSTOMER)):
            people += [AttendeeInput(name.strip(), side) for name in line.text().split(",")
                       if name.strip()]
        return people

    def _save_attendees(self) -> None:
        meeting = self.meeting
        if meeting is None or self._loading:
            return
        before = [AttendeeInput(a.name, a.side, a.role, a.contact_id) for a in meeting.attendees]
        after = self._attendee_inputs()
        key = lambda people: tuple((p.contact_id, p.name if p.contact_id is None else "",  # noqa: E731
                                    p.side) for p in people)
        # Saved again before the meeting reloaded: it expects its own last save.
        field, known = ("attendees", meeting.id, "attendees"), self.ctx.editor.known
        expected = known.expected(field, key(before))
        if expected != key(before):
            before = [AttendeeInput(name, side, None, contact) for contact, name, side in expected]
        if key(before) == key(after):
            return
        forget = known.wrote(field, key(before), key(after))

        def refused(error: ValidationError) -> None:
            forget()
            show_error(self.error, str(error))

        meetings = self.ctx.services.meetings
        self.ctx.editor.submit(
            f"Change attendees of {meeting.title}",
            lambda: meetings.update(meeting.id, attendees=after, originals={"attendees": before}),
            lambda: meetings.update(meeting.id, attendees=before, originals={"attendees": after}),
            meeting.account_id, overwrite=lambda: meetings.update(meeting.id, attendees=after),
            kinds=[MEETINGS], refused=refused,
            fields={field: (key(before), key(after))})

    def _on_notes_typed(self) -> None:
        if not self._loading:
            self._idle.start()

    def resolve_notes(self, theirs: str, mine: str) -> str:
        return ask_about_notes(self, theirs, mine)

    def save_notes(self) -> bool:
        """Save the notes typed here, now (switching meetings, leaving, closing must know);
        False if they could not be saved (they are then kept on this computer as a draft and
        tried again)."""
        self._idle.stop()
        self._retry.stop()
        if self._saving_notes:  # a save after a pause is on its way: it lands first, and
            self.ctx.editor.operations.writes.wait()  # is on the undo stack before this one
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
        save = self._notes_save()
        if save is None:
            return True
        try:
            self.ctx.editor.run(save.text, save.do, save.undo, save.meeting.account_id)
        except CsdeskError as error:
            return self._notes_not_saved(save, error)
        self._notes_saved(save)
        return True

    def _save_notes_in_background(self) -> None:
        """After a pause in typing: the notes saved off the GUI thread, one save at a time."""
        operations = self.ctx.editor.operations
        if operations is None:
            self.save_notes()
            return
        if self._saving_notes:
            self._idle.start()  # again once the one on its way has landed
            return
        self._retry.stop()
        save = self._notes_save()
        if save is None:
            return
        self._saving_notes = True

        def landed(_result: object) -> None:
            self._saving_notes = False
            self._notes_saved(save)

        def refused(error: CsdeskError) -> None:
            self._saving_notes = False
            self._notes_not_saved(save, error)

        self.ctx.editor.submit(save.text, save.do, save.undo, save.meeting.account_id,
                               kinds=[MEETINGS], refused=refused, failed=refused,
                               landed=landed)

    def _notes_save(self) -> NotesSave | None:
        """What saving the notes typed here does and undoes; None when nothing changed."""
        meeting = self.meeting
        if meeting is None or self._loading:
            return None
        new, old = self.notes.toPlainText(), meeting.notes
        base = getattr(self, "_notes_base", None)
        if isinstance(base, str) and base != (old or ""):
            old = base  # saved since this meeting was shown (its reload is on its way)
        meetings = self.ctx.services.meetings
        if (old or "") == new.strip():
            meetings.drafts.drop(meeting.id)
            return None
        save = NotesSave(meeting, new, old, f"Edit notes of {meeting.title}")
        checked: list[bool] = []

        def do() -> None:
            # The first save checks for someone else's notes; redo writes back plainly.
            expected = ANY_NOTES if checked else getattr(self, "_notes_base", ANY_NOTES)
            checked.append(True)
            saved = meetings.save_notes(meeting.id, new, expected)
            save.created[:] = [item.id for item in saved.created]
            save.problems[:] = [p.message for p in saved.problems]
            self._notes_base = saved.meeting.notes or ""  # what the next save expects

        def undo() -> None:
            for item_id in save.created:
                meetings.remove_action(item_id)
            meetings.update(meeting.id, notes=old)

        save.do, save.undo = do, undo
        return save

    def _notes_saved(self, save: NotesSave) -> None:
        self.ctx.services.meetings.drafts.drop(save.meeting.id)
        if save.created:
            count = len(save.created)
            self.ctx.editor.done.emit(f"{count} action item{'s' if count > 1 else ''} "
                                      "created from the notes")
        show_error(self.notes_message, "; ".join(save.problems) or None)

    def _notes_not_saved(self, save: NotesSave, error: CsdeskError) -> bool:
        if isinstance(error, ValidationError):
            show_error(self.notes_message, str(error))
            return False
        if isinstance(error, ConflictError):
            return self._settle_notes(error)
        # the team server is out of reach, say: kept here, and tried again
        base = getattr(self, "_notes_base", save.old or "")
        self.ctx.services.meetings.drafts.keep(
            save.meeting.id, NotesDraft(save.new, base if isinstance(base, str) else ""))
        show_error(self.notes_message, f"Not saved yet: {error}. Your notes are kept on "
                   "this computer and saved as soon as the workspace can be reached.")
        self._retry.start()
        return False

    def _settle_notes(self, conflict: ConflictError) -> bool:
        """Someone else saved notes meanwhile: take theirs, keep mine, or keep both."""
        _was, theirs, mine = conflict.fields["notes"]
        choice = self.resolve_notes(str(theirs or ""), str(mine or ""))
        if choice == "theirs":
            self._loading = True
            self.notes.setPlainText(str(theirs or ""))
            self._loading = False
            self._notes_base = str(theirs or "")
            if self.meeting is not None:
                self.ctx.services.meetings.drafts.drop(self.meeting.id)
            return True
        if choice == "both":
            self.notes.setPlainText(f"{mine}\n\n{theirs}")
        self._notes_base = str(theirs or "")  # mine (or both) now knowingly replaces theirs
        return self.save_notes()

    def _restore_draft(self, meeting: Meeting) -> None:
        """Notes typed earlier that could not be saved come back into the editor."""
        draft = self.ctx.services.meetings.drafts.get(meeting.id)
        if draft is None:
            return
        if draft.text.strip() == (meeting.notes or "").strip():
            self.ctx.services.meetings.drafts.drop(meeting.id)
            return
        self.notes.setPlainText(draft.text)
        self._notes_base = draft.base
        show_error(self.notes_message, "These notes were typed earlier but not saved yet; "
                   "csdesk is saving them now.")
        self._idle.start()
