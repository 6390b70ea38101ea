"""What every part of the account workspace needs: the services, the editor, the account."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel

from csdesk.errors import ValidationError
from csdesk.services import Services
from csdesk.ui.editing import Editor
from csdesk.ui.widgets import show_error

# A tab's `load()` notes on the GUI thread what to read (the account, the day, a selection)
# and returns a function that reads it, run off the GUI thread in one snapshot; the tab's
# `show(data)` puts the result on screen.
Loader = Callable[[], Any]


def _at_once(then: Callable[[], None]) -> None:
    then()


@dataclass
class AccountContext:
    services: Services
    editor: Editor
    today: Callable[[], date]
    account_id: int | None = None
    runner: Any = None  # the window's TaskRunner, for slow work such as documents
    operations: Any = None  # the window's Operations: reads off the GUI thread
    shown_name: tuple[int, str] | None = None  # the account in the header: (id, name)
    # Runs what an edit saved off the GUI thread goes on to do with its new row once the
    # account's data on its way is on screen (the workspace's `when_shown`).
    when_shown: Callable[[Callable[[], None]], None] = _at_once


def guarded(label: QLabel | None, action: Callable[[], object], status=None) -> bool:
    """Run an edit; show its refusal at the field (or in the status callback)."""
    try:
        action()
    except ValidationError as error:
        message = str(error)
        if label is not None:
            show_error(label, message)
        elif status:
            status(message)
        return False
    if label is not None:
        show_error(label, None)
    return True
