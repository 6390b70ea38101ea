"""An unexpected error in the app: the work in progress is saved, the details go to the log,
and the user is told plainly where the log is; the app keeps running."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from csdesk.errors import CsdeskError
from csdesk.logs import log_exception, short_reason
from csdesk.ui.not_saved import tell_not_saved


def install_excepthook(window: Callable[[], QWidget | None]) -> None:
    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        if isinstance(error, CsdeskError):  # expected (a server out of reach), not a bug
            tell_not_saved(window(), error, kept="Meeting notes and open windows keep what "
                                                 "you typed.")
            return
        report_unexpected(error, window())

    sys.excepthook = hook


def report_unexpected(error: BaseException, parent: QWidget | None) -> None:
    saved = _save_work(parent)
    path = log_exception(error, "desktop app")
    where = f"The details are in {path}." if path else "The log could not be written."
    kept = " Your work has been saved." if saved else ""
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                      f"csdesk hit an unexpected error: {short_reason(error)}."
                      f"{kept}\n\n{where} You can keep working; if it happens again, please "
                      "send that file to support.", parent=parent)
    box.open()
    report_unexpected.last_box = box  # keep a reference while it is shown


def _save_work(window: QWidget | None) -> bool:
    """Meeting notes are the only edit not saved on the spot: save them now."""
    try:
        window.account_view.save_typed_notes()  # type: ignore[union-attr]
        return True
    except Exception:
        return False
