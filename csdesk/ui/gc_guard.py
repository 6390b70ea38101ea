"""Python's cycle collector never runs in a background task.

The collector runs in whichever thread happens to allocate when a threshold is crossed. When
that is a worker (building a demo book, refreshing health) and the garbage holds a Qt widget
from an earlier window, Qt destroys the widget off the GUI thread and the process crashes
(seen as a segmentation fault inside `gc` during a background flush). So while any task of a
`TaskRunner` runs, automatic collection is off and the GUI thread collects on a timer with the
usual thresholds; when no task runs, automatic collection is back on (so start-up and other
work on the GUI thread keep their memory in check as usual).
"""

from __future__ import annotations

import gc
import weakref
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class Busy(Protocol):
    def busy(self) -> bool: ...


class MainThreadCollector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        self._runners: weakref.WeakSet[Busy] = weakref.WeakSet()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(INTERVAL_MS)

    def watch(self, runner: Busy) -> None:
        self._runners.add(runner)

    def hold(self) -> None:
        """A task is about to start (call on the GUI thread): no automatic collection."""
        gc.disable()

    def tick(self) -> None:
        if any(runner.busy() for runner in list(self._runners)):
            gc.disable()
            self.collect_if_due()
        else:
            gc.enable()

    def collect_if_due(self) -> int:
        """Collect the generations whose counts crossed their thresholds; objects freed."""
        counts = gc.get_count()
        freed = 0
        for generation in range(3):
            if counts[generation] <= self.thresholds[generation]:
                break
            freed = gc.collect(generation)
        return freed


def collect_on_gui_thread(app: QCoreApplication) -> MainThreadCollector:
    """Install the collector once per application (later calls return the same one)."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
