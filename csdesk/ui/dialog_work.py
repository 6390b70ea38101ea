"""A Tools dialog's reads and writes (the roadmap, the critical-path and document templates):
through the window's operations, off the GUI thread, when the dialog is opened from the
window; at once when a dialog is made on its own (a test of the dialog's form alone).

While a write is on its way the dialog's content waits, disabled, so nothing is typed into
what is about to be replaced; what the write refused comes back to ``refused``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from csdesk.errors import CsdeskError
from csdesk.services.changes import Changes

if TYPE_CHECKING:
    from csdesk.ui.operations import Operations


class DialogWork:
    def __init__(self, content: QWidget, operations: Operations | None, screen: str) -> None:
        self.content = content  # what waits, disabled, while a write runs
        self.operations = operations
        self.screen = screen
        self.writing = 0

    def read(self, load: Callable[[], Any], show: Callable[[Any], None]) -> None:
        """``show(load())``, the load in one snapshot off the GUI thread; a newer read of
        this dialog supersedes one on its way."""
        if self.operations is None:
            show(load())
            return
        self.operations.read(self.screen, load, show, doing="Loading")

    def write(self, doing: str, work: Callable[[], Any], done: Callable[[Any], None], *,
              refused: Callable[[CsdeskError], None] | None = None,
              changes: Changes | None = None) -> None:
        """Run ``work`` after every earlier write; ``done(result)`` once it landed, or
        ``refused(error)`` for what it refused (a bug goes to the crash handler)."""
        if self.operations is None:
            try:
                result = work()
            except CsdeskError as error:
                if refused is None:
                    raise
                refused(error)
                return
            done(result)
            return
        self.writing += 1
        self.content.setEnabled(False)

        def finish() -> None:
            self.writing -= 1
            if not self.writing:
                self.content.setEnabled(True)

        def landed(result: Any) -> None:
            finish()
            done(result)

        def not_done(error: Exception) -> None:
            finish()
            if not isinstance(error, CsdeskError) or refused is None:
                raise error
            refused(error)

        self.operations.write(doing, work, changes or Changes(), done=landed, failed=not_done)

    @property
    def busy(self) -> bool:
        return self.writing > 0
