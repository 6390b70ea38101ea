"""Work off the GUI thread: a function runs on the thread pool, results come back as signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from csdesk.ui.gc_guard import collect_on_gui_thread


class TaskSignals(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """Runs ``fn(*args, progress=callback, **kwargs)``; emits succeeded(result) or failed(error)."""

    def __init__(self, fn: Callable[..., Any], *args: Any, with_progress: bool = False,
                 **kwargs: Any) -> None:
        super().__init__()
        self.signals = TaskSignals()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        if with_progress:
            self._kwargs["progress"] = self.signals.progressed.emit

    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except Exception as error:  # handed to the GUI thread, which shows it
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


class TaskRunner:
    """Starts tasks on a one-thread pool: SQLite has one writer, so writes are serialised."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        # Python owns each task (and so its signals object) until its result is delivered.
        self._running: set[Task] = set()
        app = QCoreApplication.instance()
        self._collector = collect_on_gui_thread(app) if app is not None else None
        if self._collector is not None:
            self._collector.watch(self)

    def busy(self) -> bool:
        return bool(self._running) or self._pool.activeThreadCount() > 0

    def start(self, task: Task) -> None:
        if self._collector is not None:
            self._collector.hold()  # the worker must never run the cycle collector
        task.setAutoDelete(False)
        self._running.add(task)
        task.signals.succeeded.connect(lambda _result: self._running.discard(task))
        task.signals.failed.connect(lambda _error: self._running.discard(task))
        self._pool.start(task)

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)
