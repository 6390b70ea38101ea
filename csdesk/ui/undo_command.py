"""An edit on the undo stack (`Editor` pushes it once its first run has landed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand
from shiboken6 import isValid

from csdesk.errors import CsdeskError
from csdesk.services.changes import Changes
from csdesk.ui.known_values import Key

if TYPE_CHECKING:
    from csdesk.ui.editing import Editor


class UndoCommand(QUndoCommand):
    """One edit on the undo stack: done when pushed; undo and redo run as writes off the GUI
    thread (at once without the window's operations), and a step refused (the record changed
    since) is dropped."""

    def __init__(self, editor: Editor, text: str, redo: Callable[[], Any],
                 undo: Callable[[], Any], changes: Changes,
                 fields: dict[Key, tuple[Any, Any]] | None = None) -> None:
        super().__init__(text)
        self._editor, self._redo, self._undo = editor, redo, undo
        self._changes = changes
        self._fields = fields or {}  # field -> (its value before, after), for `known`
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done when it was pushed
            self._first = False
            return
        self._run(self._redo, after=True)

    def undo(self) -> None:
        self._run(self._undo, after=False)

    def _run(self, action: Callable[[], Any], *, after: bool) -> None:
        editor = self._editor
        if self.isObsolete():
            return
        for key, values in self._fields.items():
            editor.moved(key, values[1] if after else values[0])
        fields = list(self._fields)

        def refused(error: Exception) -> None:
            if not isinstance(error, CsdeskError):
                raise error
            for key in fields:
                editor.known.forget(key)
            # e.g. the record changed since: this step is dropped (the stack deletes an
            # obsolete command the next time it is undone or redone, without running it)
            if isValid(self):
                self.setObsolete(True)
            editor.failed.emit(f"Could not {text[:1].lower()}{text[1:]}: {error}")

        text = self.text()

        operations = editor.operations
        if operations is None:
            try:
                action()
            except CsdeskError as error:
                refused(error)
            editor.changed.emit(self._changes)
            return
        changes = self._changes
        operations.write(text, action, Changes(),
                         done=lambda _result: editor.saved.emit(changes),
                         failed=lambda error: (refused(error), editor.saved.emit(changes)))
