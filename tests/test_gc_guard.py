"""Garbage holding Qt objects is collected on the GUI thread, never by a worker thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget

from csdesk.ui.gc_guard import collect_on_gui_thread


class _Holder:
    def __init__(self, collected_on: list[str]) -> None:
        self.widget = QWidget()
        self.myself = self  # a reference cycle: only the cycle collector frees it
        self._collected_on = collected_on

    def __del__(self) -> None:
        self._collected_on.append(threading.current_thread().name)


def test_a_worker_thread_allocating_never_collects_the_gui_threads_garbage(qtbot, qapp) -> None:
    collector = collect_on_gui_thread(qapp)
    assert not gc.isenabled()
    gc.collect()
    collected_on: list[str] = []
    _Holder(collected_on)  # garbage from now on, but still in memory

    def allocate() -> None:  # far past the collector's thresholds
        keep = [[index] for index in range(200_000)]
        del keep

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert collected_on == []
    pending = [[index] for index in range(collector.thresholds[0] * 3)]  # a collection is due
    qtbot.waitUntil(lambda: collected_on != [], timeout=5000)  # the GUI thread's timer
    assert collected_on == [threading.main_thread().name]
    assert collect_on_gui_thread(qapp) is collector  # installed once
    del pending
