"""What the window's commands need from it (`Host`), and running their slow part on the task
runner behind a progress dialog (`run`), with what went wrong said in a message box
(`show_failure`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QStackedWidget, QStatusBar, QWidget

from csdesk.errors import CsdeskError, ImportRowsError
from csdesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from csdesk.services import Services
    from csdesk.ui.account.workspace import AccountWorkspace
    from csdesk.ui.editing import Editor
    from csdesk.ui.operations import Operations
    from csdesk.ui.views.registry import TableRead


class Host(Protocol):
    """The main window, as the commands see it. Dialogs open over it (`parent_of`)."""

    services: Services
    runner: TaskRunner
    editor: Editor
    operations: Operations
    today: Callable[[], date]
    account_view: AccountWorkspace
    pages: QStackedWidget  # the page on screen: a view or the account workspace
    encrypt_action: QAction
    decrypt_action: QAction

    def statusBar(self) -> QStatusBar: ...  # noqa: N802

    def show_error(self, title: str, message: str, details: list[str] | None = None) -> None:
        ...

    def failed(self, error: Exception, title: str = ...) -> None: ...

    def confirm(self, title: str, text: str) -> bool: ...

    def target_account(self, doing: str) -> int | None: ...

    def target_accounts(self) -> list[int]: ...

    def open_account(self, account_id: int, tab: str = "") -> None: ...

    def show_view(self, view: str) -> None: ...

    def refresh(self) -> None: ...

    def after_bulk_change(self, message: str) -> None: ...

    def table_on_screen(self) -> tuple[str, TableRead] | None: ...

    def use_my_name(self, name: str) -> None: ...

    def switch_workspace(self, path: str) -> None: ...


def parent_of(host: Host) -> QWidget:
    """The window itself, as the parent of the dialogs a command opens."""
    return cast(QWidget, host)


def show_failure(host: Host, error: Exception, title: str = "csdesk") -> None:
    """What went wrong, in a message box: an import's rows, a refusal in our words, or else
    the short reason of an unexpected error (logged in full elsewhere)."""
    from csdesk.logs import short_reason

    if isinstance(error, ImportRowsError):
        host.show_error("Nothing was imported", str(error), error.problems)
    elif isinstance(error, CsdeskError):
        host.show_error(title, str(error))
    else:
        host.show_error("Something went wrong", short_reason(error))


def run(host: Host, task: Task, label: str, on_success: Callable[[object], None], *,
        failed_title: str = "csdesk",
        on_failure: Callable[[Exception], None] | None = None) -> None:
    """Start ``task`` on the window's runner behind a progress dialog (shown after 300 ms,
    with no Cancel); ``on_success`` gets its result on the GUI thread, and a failure is shown
    (`show_failure`, titled ``failed_title``) unless ``on_failure`` takes it."""
    dialog = QProgressDialog(label, "", 0, 0, parent_of(host))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    task.signals.progressed.connect(lambda done, total: (dialog.setMaximum(total),
                                                         dialog.setValue(done)))
    task.signals.succeeded.connect(lambda result: (dialog.reset(), on_success(result)))
    fail = on_failure or (lambda error: show_failure(host, error, failed_title))
    task.signals.failed.connect(lambda error: (dialog.reset(), fail(error)))
    host.runner.start(task)

