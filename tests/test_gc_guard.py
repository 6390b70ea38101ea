"""Garbage holding Qt objects is collected on the GUI thread, never by a background task."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget

from csdesk.ui.gc_guard import collect_on_gui_thread
from csdesk.ui.tasks import Task, TaskRunner


class _Holder:
    def __init__(self, collected_on: list[str]) -> None:
        self.widget = QWidget()
        self.myself = self  # a reference cycle: only the cycle collector frees it
        self._collected_on = collected_on

    def __del__(self) -> None:
        self._collected_on.append(threading.current_thread().name)


def _allocate(seen: list[bool]) -> int:  # far past the collector's thresholds, in the worker
    seen.append(gc.isenabled())
    keep = [[index] for index in range(200_000)]
    seen.append(gc.isenabled())
    return len(keep)


def test_a_background_task_never_collects_the_gui_threads_garbage(qtbot, qapp) -> None:
    runner = TaskRunner()
    collector = collect_on_gui_thread(qapp)
    gc.enable()
    gc.collect()
    collected_on: list[str] = []
    _Holder(collected_on)  # garbage from now on, but still in memory
    seen: list[bool] = []
    task = Task(_allocate, seen)
    with qtbot.waitSignal(task.signals.succeeded, timeout=10000):
        runner.start(task)
    # Automatic collection was off for the whole task. (Checked inside the task: once it has
    # finished, the timer may already have turned collection back on.)
    assert seen == [False, False]
    pending = [[index] for index in range(collector.thresholds[0] * 3)]  # a collection is due
    qtbot.waitUntil(lambda: collected_on != [], timeout=5000)
    assert collected_on == [threading.main_thread().name]
    qtbot.waitUntil(gc.isenabled, timeout=5000)  # no task running: automatic collection again
    assert collect_on_gui_thread(qapp) is collector  # installed once
    del pending
