"""What a dialog's OK runs (`SavingDialog.save`): the record made or changed off the GUI
thread, the dialog closing once it landed and showing a refusal at its fields. A mixin of
`Editor`, whose writes these are."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from csdesk.errors import CsdeskError
from csdesk.services.base import same_value
from csdesk.services.changes import Changes

if TYPE_CHECKING:
    from csdesk.ui.dialogs.saving import Save
    from csdesk.ui.editing import Editor


class DialogSaves:
    def dialog_adds(self: Editor, text: Callable[[dict[str, Any]], str],
                    create: Callable[[dict[str, Any]], Any], model: str,
                    delete: Callable[[int], Any], account_id: int | None) -> Save:
        def save(values: dict[str, Any], done: Callable[[Any], None],
                 refused: Callable[[CsdeskError], None]) -> None:
            self.add(text(values), lambda: create(values), model, delete, account_id,
                     refused=refused, failed=refused, landed=done)
        return save

    def dialog_edits(self: Editor, text: str, update: Callable[..., Any], item_id: int,
                     old: dict[str, Any], account_id: int | None, *,
                     adjust: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> Save:
        def save(values: dict[str, Any], done: Callable[[Any], None],
                 refused: Callable[[CsdeskError], None]) -> None:
            values = adjust(values) if adjust is not None else values
            # what was changed in the form, not what it showed (an undo since is not undone)
            values = {k: v for k, v in values.items() if not same_value(old.get(k), v)}
            if not self.save_fields(text, update, item_id, old, values, account_id,
                                    refused=refused, failed=refused,
                                    saved=lambda: done(None)):
                done(None)  # nothing changed: nothing to save
        return save

    def dialog_writes(self: Editor, text: str, write: Callable[[dict[str, Any]], Any],
                      changes: Changes) -> Save:
        """A dialog's write that is not undone from the stack (accepting a proposal, an
        escalation): off the GUI thread all the same, the views told what it changed."""
        def save(values: dict[str, Any], done: Callable[[Any], None],
                 refused: Callable[[CsdeskError], None]) -> None:
            operations = self.operations
            if operations is None:
                try:
                    result = write(values)
                except CsdeskError as error:
                    refused(error)
                    return
                self.changed.emit(changes)
                done(result)
                return

            def landed(result: Any) -> None:
                self.saved.emit(changes)
                self.done.emit(text)
                done(result)

            def not_done(error: Exception) -> None:
                if not isinstance(error, CsdeskError):
                    raise error  # a bug: the crash handler reports it
                refused(error)

            operations.write(text, lambda: write(values), Changes(), done=landed,
                             failed=not_done)
        return save
