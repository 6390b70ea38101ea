"""Every edit goes through here: run it as one service call, put it on the undo stack, and tell
the views what changed so each can refresh what it shows.

A command is pushed only after its first run succeeded, so a refused edit (a ValidationError)
never lands on the stack and the stored value stays as it was.

With the window's `Operations` (``editor.operations``), a field saved as it is typed
(`save_fields`) and every undo and redo run as writes off the GUI thread, in order with the
app's other writes; a refusal comes back to the field (``refused``) and the views reload what
the change touches when it has landed (`saved`). Without them (no window), they run at once.

Field edits carry the values they began from, so nobody's save is silently overwritten: when
someone else (on a team workspace) changed the same field meanwhile, the editor asks whether
to keep mine or theirs (``keep_mine``), and undo/redo refuse to overwrite a later change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from csdesk.errors import ConflictError, CsdeskError, ValidationError
from csdesk.services import Services
from csdesk.services.base import same_value
from csdesk.services.changes import KIND_OF_MODEL, Changes, kind_of_call
from csdesk.services.restore import Snapshot
from csdesk.ui.dialog_saves import DialogSaves
from csdesk.ui.known_values import Key, KnownValues
from csdesk.ui.undo_command import UndoCommand

if TYPE_CHECKING:
    from csdesk.ui.operations import Operations


class Editor(DialogSaves, QObject):
    """The one way the UI changes the workspace."""

    changed = Signal(object)  # Changes: what kinds of record, of which accounts
    saved = Signal(object)  # Changes of a write that landed off the GUI thread
    done = Signal(str)  # what was just done, for the status bar
    failed = Signal(str)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(200)
        # Asked when someone else saved the same field meanwhile: True saves mine over theirs.
        # The window shows both versions; unset, the ConflictError reaches the caller.
        self.keep_mine: Callable[[ConflictError], bool] | None = None
        # The window's operations: saves and undo/redo then run off the GUI thread.
        self.operations: Operations | None = None
        # What this window last saved to each field: a field saved again before its view has
        # reloaded expects the value it saved, not the one shown.
        self.known = KnownValues()
        self._chain: dict[Key, dict[str, Any]] = {}  # each field's last save: what it left
        # Edits on their way to the workspace; an undo or redo asked for meanwhile waits for
        # them, so it undoes the last edit (which is on the stack once it has landed).
        self._on_their_way = 0
        self._after_them: list[Callable[[], None]] = []

    def run(self, text: str, do: Callable[[], Any], undo: Callable[[], Any],
            account_id: int | None, *, first: Callable[[], Any] | None = None,
            kinds: Iterable[str] = ()) -> Any:
        """Do it now (may raise ValidationError), then make it undoable. ``first``, if
        given, is what runs now instead of ``do`` (which then serves as redo). ``kinds`` say
        what it changes (every kind of the account, or of the book, when not said)."""
        result = (first or do)()
        changes = Changes.of(account_id, *kinds)
        self.stack.push(UndoCommand(self, text, do, undo, changes))
        self.changed.emit(changes)
        self.done.emit(text)
        return result

    def set_fields(self, text: str, update: Callable[..., Any], item_id: int,
                   old: dict[str, Any], new: dict[str, Any], account_id: int | None) -> Any:
        """Change some fields of one record; undo puts the old values back. ``update`` takes
        ``originals=`` (the values the change expects to find) and raises ConflictError when
        someone else has changed one of them since."""
        changed = {k: v for k, v in new.items() if not same_value(old.get(k), v)}
        if not changed:
            return None
        before = {k: old.get(k) for k in changed}
        kind = kind_of_call(update)
        return self.guarded(
            text, lambda: update(item_id, originals=before, **changed),
            lambda: update(item_id, originals=changed, **before), account_id,
            overwrite=lambda: update(item_id, **changed), kinds=[kind] if kind else ())

    def save_fields(self, text: str, update: Callable[..., Any], item_id: int,
                    old: dict[str, Any], new: dict[str, Any], account_id: int | None, *,
                    refused: Callable[[ValidationError], None] | None = None,
                    saved: Callable[[], None] | None = None,
                    failed: Callable[[CsdeskError], None] | None = None) -> bool:
        """`set_fields` as a write off the GUI thread: ``saved`` is called when it landed
        (or when theirs was kept), ``refused`` with the ValidationError when it was refused
        (nothing saved), ``failed`` with any other refusal (else the window says it). False
        when nothing differs (nothing to save)."""
        name = getattr(update, "__qualname__", repr(update))
        shown = dict(old)
        old = {k: self.known.expected((name, item_id, k), shown.get(k)) for k in new}
        changed = {k: v for k, v in new.items() if not same_value(old.get(k), v)}
        if not changed:
            return False
        before = {k: old.get(k) for k in changed}
        kind = kind_of_call(update)
        kinds = [kind] if kind else []
        # the writes run in order: a save after this one expects its value
        notes = [self.known.wrote((name, item_id, k), shown.get(k), changed[k]) for k in changed]
        fields = {(name, item_id, k): (before[k], changed[k]) for k in changed}
        # What each field holds once this save has run (its value, or what it found if it
        # was refused): the next save of the field, made before this one landed, expects it.
        earlier = {k: self._chain.get((name, item_id, k)) for k in changed
                   if not same_value(old[k], shown.get(k))}
        outcome: dict[str, Any] = {}
        for k in changed:
            self._chain[(name, item_id, k)] = outcome

        def first() -> Any:  # on the write thread, after every earlier save
            for k, found in earlier.items():
                if found is not None and k in found:
                    before[k] = found[k]
                    fields[(name, item_id, k)] = (found[k], changed[k])
            try:
                result = update(item_id, originals=before, **changed)
            except Exception:
                outcome.update(before)  # refused: the field holds what it held
                raise
            outcome.update(changed)
            return result

        def forget() -> None:  # not saved: the next save expects what was there before
            for undo_note in reversed(notes):
                undo_note()

        def not_reached(error: CsdeskError) -> None:  # the server out of reach, say
            forget()
            if failed is not None:
                failed(error)
            else:
                self.failed.emit(f"Could not {text[:1].lower()}{text[1:]}: {error}")

        def not_saved(error: ValidationError) -> None:
            forget()
            if refused is not None:
                refused(error)
            elif self.operations is None:
                raise error  # at once: to the caller, as `set_fields`
            else:
                self.failed.emit(f"Could not {text[:1].lower()}{text[1:]}: {error}")

        self.submit(text, lambda: update(item_id, originals=before, **changed),
                    lambda: update(item_id, originals=changed, **before), account_id,
                    overwrite=lambda: update(item_id, **changed), kinds=kinds,
                    refused=not_saved, landed=lambda _result: saved() if saved else None,
                    failed=not_reached, fields=fields, first=first)
        return True

    def submit(self, text: str, do: Callable[[], Any], undo: Callable[[], Any],
               account_id: int | None, *, overwrite: Callable[[], Any] | None = None,
               kinds: Iterable[str] = (), first: Callable[[], Any] | None = None,
               refused: Callable[[ValidationError], None] | None = None,
               landed: Callable[[Any], None] | None = None,
               failed: Callable[[CsdeskError], None] | None = None,
               fields: dict[Key, tuple[Any, Any]] | None = None) -> None:
        """`run` (or `guarded`, given ``overwrite``) as a write off the GUI thread, in order
        with the others: pushed on the stack and announced (`saved`) when it has landed.
        ``landed(None)`` too when someone else's change was kept instead; ``refused`` gets
        a ValidationError, ``failed`` any other refusal (else the window says it)."""
        operations = self.operations
        if operations is None:  # no window: at once
            try:
                result = (self.guarded(text, do, undo, account_id, overwrite=overwrite,
                                       kinds=kinds) if overwrite is not None else
                          self.run(text, do, undo, account_id, first=first, kinds=kinds))
            except ValidationError as error:
                if refused is None:
                    raise
                refused(error)
                return
            except CsdeskError as error:
                if failed is None:
                    raise
                failed(error)
                return
            if landed is not None:
                landed(result)
            return
        changes = Changes.of(account_id, *kinds)

        def done(result: Any) -> None:
            try:
                self.stack.push(UndoCommand(self, text, do, undo, changes, fields))
                self.saved.emit(changes)
                self.done.emit(text)
                if landed is not None:
                    landed(result)
            finally:
                self._landed()

        def not_done(error: Exception) -> None:
            try:
                self._not_done(error, text, do, undo, account_id, overwrite, kinds, refused,
                               landed, failed, fields, changes)
            finally:
                self._landed()

        self._on_their_way += 1
        operations.write(text, first or do, Changes(), done=done, failed=not_done)

    def _not_done(self, error: Exception, text: str, do: Callable[[], Any],
                  undo: Callable[[], Any], account_id: int | None,
                  overwrite: Callable[[], Any] | None, kinds: Iterable[str],
                  refused: Callable[[ValidationError], None] | None,
                  landed: Callable[[Any], None] | None,
                  failed: Callable[[CsdeskError], None] | None,
                  fields: dict[Key, tuple[Any, Any]] | None, changes: Changes) -> None:
        """An edit written off the GUI thread was refused: someone else's change (ask whether
        to keep mine), a value (``refused``), or the workspace (``failed``)."""
        if isinstance(error, ConflictError) and overwrite is not None \
                and self.keep_mine is not None:
            if self.keep_mine(error):
                self.submit(text, do, undo, account_id, first=overwrite, kinds=kinds,
                            refused=refused, landed=landed, failed=failed, fields=fields)
            else:
                for key in fields or {}:
                    self.known.forget(key)  # theirs is stored: the view will say
                self.saved.emit(changes)
                self.done.emit(f"Kept their change (not saved: {text})")
                if landed is not None:
                    landed(None)
            return
        if isinstance(error, ValidationError) and refused is not None:
            refused(error)
            return
        if not isinstance(error, CsdeskError):
            raise error  # a bug: the crash handler reports it
        if failed is not None:
            failed(error)
            return
        self.failed.emit(f"Could not {text[:1].lower()}{text[1:]}: {error}")

    def moved(self, key: Key, value: Any) -> None:
        """An undo or redo (run after every edit on its way) puts ``value`` back: what the
        field's next save expects."""
        self.known.moved(key, value)
        self._chain.pop(key, None)

    def _landed(self) -> None:
        self._on_their_way -= 1
        if self._on_their_way == 0:
            waiting, self._after_them = self._after_them, []
            for then in waiting:
                then()

    def undo(self) -> None:
        """Undo the last edit: once the edits on their way have landed (and are on the
        stack)."""
        if self._on_their_way:
            self._after_them.append(self.stack.undo)
        else:
            self.stack.undo()

    def redo(self) -> None:
        if self._on_their_way:
            self._after_them.append(self.stack.redo)
        else:
            self.stack.redo()

    def guarded(self, text: str, do: Callable[[], Any], undo: Callable[[], Any],
                account_id: int | None, *, overwrite: Callable[[], Any],
                kinds: Iterable[str] = ()) -> Any:
        """Run an edit that may meet someone else's change (ConflictError): ask whether to
        keep mine (``overwrite`` then saves it knowingly) or theirs (nothing is saved and the
        views refresh to show it; returns None)."""
        try:
            return self.run(text, do, undo, account_id, kinds=kinds)
        except ConflictError as conflict:
            if self.keep_mine is None:
                raise
            if not self.keep_mine(conflict):
                self.changed.emit(Changes.of(account_id, *kinds))
                self.done.emit(f"Kept their change (not saved: {text})")
                return None
            return self.run(text, do, undo, account_id, first=overwrite, kinds=kinds)

    def add(self, text: str, create: Callable[[], Any], model: str,
            delete: Callable[[int], Any], account_id: int | None, *,
            refused: Callable[[ValidationError], None] | None = None,
            landed: Callable[[Any], None] | None = None,
            failed: Callable[[CsdeskError], None] | None = None) -> None:
        """`create` as a write off the GUI thread: ``landed(record)`` once it is saved (the
        views reload off the GUI thread meanwhile: what needs the new row on screen waits for
        the account's `when_shown`), ``refused`` with the ValidationError."""
        restore = self.services.restore
        state: dict[str, Any] = {}

        def first() -> Any:
            created = create()
            state["id"] = created.id
            return created

        def undo() -> None:
            state["snapshot"] = restore.snapshot(model, state["id"])
            delete(state["id"])

        def redo() -> None:
            restore.restore(state["snapshot"], account_id=account_id, summary=f"{text} (redo)")

        self.submit(text, redo, undo, account_id, first=first,
                    kinds=_changes_of_model(model, account_id).kinds, refused=refused,
                    landed=landed, failed=failed)

    def delete(self, text: str, model: str, item_id: int, delete: Callable[[int], Any],
               account_id: int | None) -> None:
        """Delete a record with everything it owns (off the GUI thread, with the window's
        operations); undo restores it exactly."""
        restore = self.services.restore
        state: dict[str, Snapshot] = {}

        def first() -> None:  # what it was, then gone
            state["snapshot"] = restore.snapshot(model, item_id)
            delete(item_id)

        self.submit(text, lambda: delete(item_id),
                    lambda: restore.restore(state["snapshot"], account_id=account_id,
                                            summary=f"Undo: {text}"),
                    account_id, first=first, kinds=_changes_of_model(model, account_id).kinds)

    def announce(self, changes: Changes) -> None:
        """Tell the views about a change made outside the undo stack (an import, say)."""
        self.changed.emit(changes)


def _changes_of_model(model: str, account_id: int | None) -> Changes:
    kind = KIND_OF_MODEL.get(model)
    return Changes.of(account_id, *([kind] if kind else []))
