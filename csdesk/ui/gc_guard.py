"""Python's cycle collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed. When
that is a worker (building a demo book, refreshing health) and the garbage holds a Qt widget
from an earlier window, Qt destroys the widget off the GUI thread and the process crashes
(seen as a segmentation fault inside `gc` during a background flush). So automatic collection
is switched off and the GUI thread collects on a timer, with the same generational thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start(INTERVAL_MS)

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
    gc.disable()
    return existing if existing is not None else MainThreadCollector(app)
