"""Operations: the app's work off the GUI thread, in two kinds (as Anki's CollectionOp/QueryOp).

- A **read** builds what one screen shows from one snapshot (one transaction), on its own
  thread; the screen shows it when it arrives. A newer read for the same screen supersedes an
  older one: a read not started yet is skipped and a late result is dropped, so fast clicking
  never shows an old page.
- A **write** runs one change at a time, in order, and says what it changed (`Changes`); the
  views subscribed to `changed` refresh only what the change touches.

Anything still running after 300 ms shows in the busy indicator (the status bar's), with what
it is doing; the window keeps answering meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from csdesk.services import Services
from csdesk.services.changes import Changes
from csdesk.ui.tasks import Task, TaskRunner

SLOW_MS = 300  # work taking longer shows the busy indicator


class _Superseded:
    """What a read returns when a newer read of its screen was asked for before it started."""


SUPERSEDED = _Superseded()


class BusyIndicator(QWidget):
    """'Loading Today…' with an indeterminate bar, for work past `SLOW_MS`."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()

    def show_doing(self, doing: str) -> None:
        self.label.setText(f"{doing}…")
        self.show()


class Operations(QObject):
    changed = Signal(object)  # Changes, after a write succeeded

    def __init__(self, services: Services, writes: TaskRunner, parent: QObject | None = None,
                 *, reads: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.writes = writes
        self.reads = reads or TaskRunner()
        self.indicator = BusyIndicator()
        self._latest: dict[str, int] = {}  # screen -> the number of its newest read
        self._running: dict[int, str] = {}  # operation number -> what it is doing
        self._count = 0
        self._slow = QTimer(self)
        self._slow.setSingleShot(True)
        self._slow.timeout.connect(self._show_slow)

    # The two kinds

    def read(self, screen: str, load: Callable[[], Any], show: Callable[[Any], None], *,
             doing: str = "Loading", failed: Callable[[Exception], None] | None = None) -> None:
        """Run ``load`` off the GUI thread in one snapshot; ``show`` its result on the GUI
        thread, unless a newer read of ``screen`` was asked for meanwhile."""
        number = self._begin(doing)
        self._latest[screen] = number
        workspace = self.services.workspace

        def work() -> Any:
            if self._latest.get(screen) != number:
                return SUPERSEDED
            with workspace.snapshot():
                return load()

        def delivered(result: Any) -> None:
            self._end(number)
            if result is not SUPERSEDED and self._latest.get(screen) == number:
                show(result)

        def refused(error: Exception) -> None:
            self._end(number)
            if self._latest.get(screen) == number and failed is not None:
                failed(error)

        self._start(self.reads, Task(work), delivered, refused)

    def write(self, doing: str, work: Callable[[], Any],
              changes: Changes | Callable[[Any], Changes], *,
              done: Callable[[Any], None] | None = None,
              failed: Callable[[Exception], None] | None = None) -> None:
        """Run ``work`` off the GUI thread after every earlier write; then announce what it
        changed (``changes``, or what ``changes(result)`` says) and call ``done(result)``."""
        number = self._begin(doing)

        def delivered(result: Any) -> None:
            self._end(number)
            made = changes(result) if callable(changes) else changes
            if made:
                self.changed.emit(made)
            if done is not None:
                done(result)

        def refused(error: Exception) -> None:
            self._end(number)
            if failed is not None:
                failed(error)

        self._start(self.writes, Task(work), delivered, refused)

    # State

    def busy(self) -> bool:
        return bool(self._running)

    def settle(self, timeout_ms: int = 30_000) -> bool:
        """Wait (delivering results) until nothing runs; for screenshots, tests and closing.
        False when still busy after ``timeout_ms``."""
        clock = QElapsedTimer()
        clock.start()
        while self._running and clock.elapsed() < timeout_ms:
            self.reads.wait(20)
            self.writes.wait(20)
            QCoreApplication.processEvents()
        return not self._running

    # Inside

    def _begin(self, doing: str) -> int:
        self._count += 1
        self._running[self._count] = doing
        if not self._slow.isActive() and not self.indicator.isVisible():
            self._slow.start(SLOW_MS)
        return self._count

    def _end(self, number: int) -> None:
        self._running.pop(number, None)
        if self._running:
            if self.indicator.isVisible():
                self._show_slow()
            return
        self._slow.stop()
        self.indicator.hide()

    def _show_slow(self) -> None:
        if self._running:
            self.indicator.show_doing(next(reversed(self._running.values())))

    @staticmethod
    def _start(runner: TaskRunner, task: Task, delivered: Callable[[Any], None],
               refused: Callable[[Exception], None]) -> None:
        connection = Qt.ConnectionType.QueuedConnection  # always back on the GUI thread
        task.signals.succeeded.connect(delivered, connection)
        task.signals.failed.connect(refused, connection)
        runner.start(task)
