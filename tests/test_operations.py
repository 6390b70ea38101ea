"""Operations: reads and writes off the GUI thread, what they changed, the busy indicator."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread, QTimer
from sqlalchemy import event

from csdesk.services.changes import ACCOUNTS, HEALTH, PLAN, Changes
from csdesk.ui.operations import SLOW_MS, Operations
from csdesk.ui.tasks import TaskRunner


@pytest.fixture
def operations(qapp, services):
    ops = Operations(services, TaskRunner())
    yield ops
    ops.settle()


def test_a_read_runs_off_the_gui_thread_in_one_transaction(qtbot, operations, services) -> None:
    services.accounts.create(name="Acme")
    begins: list[int] = []
    event.listen(services.workspace.engine, "begin", lambda _c: begins.append(1))
    threads: list[QThread] = []
    shown: list[object] = []

    def load() -> tuple[int, int, str]:
        threads.append(QThread.currentThread())
        # three service calls, each its own unit of work outside a snapshot
        return (services.accounts.count(), len(services.accounts.list()),
                services.accounts.find("Acme").name)

    operations.read("accounts", load, shown.append)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [(1, 1, "Acme")]
    assert threads[0] is not QThread.currentThread()  # not the GUI thread
    assert len(begins) == 1


def test_a_newer_read_of_the_same_screen_wins(qtbot, operations) -> None:
    gate = threading.Event()
    shown: list[str] = []

    def slow_old() -> str:
        gate.wait(5)
        return "old"

    operations.read("today", slow_old, shown.append)
    operations.read("today", lambda: "skipped", shown.append)  # superseded before it starts
    operations.read("today", lambda: "new", shown.append)
    gate.set()
    assert operations.settle()
    assert shown == ["new"]


def test_writes_run_in_order_and_say_what_changed(qtbot, operations, services) -> None:
    account = services.accounts.create(name="Acme")
    heard: list[Changes] = []
    done: list[str] = []
    operations.changed.connect(heard.append)
    for name in ("Beta", "Gamma"):
        operations.write(f"Rename to {name}",
                         lambda name=name: services.accounts.update(account.id, name=name).name,
                         Changes.of(account.id, ACCOUNTS), done=done.append)
    assert operations.settle()
    assert done == ["Beta", "Gamma"]
    assert services.accounts.get(account.id).name == "Gamma"
    assert heard == [Changes.of(account.id, ACCOUNTS)] * 2


def test_a_failed_write_changes_nothing_and_says_why(qtbot, operations, services) -> None:
    heard: list[Changes] = []
    errors: list[Exception] = []
    operations.changed.connect(heard.append)

    def refuse() -> None:
        raise ValueError("the ARR must be a number")

    operations.write("Change ARR", refuse, Changes.of(1, ACCOUNTS), failed=errors.append)
    assert operations.settle()
    assert heard == [] and [str(e) for e in errors] == ["the ARR must be a number"]


def test_the_window_keeps_answering_while_a_long_operation_runs(qtbot, operations) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    finished: list[object] = []
    operations.write("Refreshing every health score", lambda: time.sleep(1.2),
                     Changes(), done=finished.append)
    qtbot.waitUntil(lambda: operations.indicator.isVisible(), timeout=SLOW_MS + 700)
    assert "Refreshing every health score" in operations.indicator.label.text()
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    timer.stop()
    # the event loop ran all along: ticks kept coming, never more than a moment apart
    assert len(ticks) >= 20
    assert max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) < 0.5
    assert not operations.indicator.isVisible()


def test_quick_work_never_flashes_the_busy_indicator(qtbot, operations) -> None:
    seen: list[bool] = []
    operations.read("today", lambda: None, lambda _r: seen.append(
        operations.indicator.isVisible()))
    assert operations.settle()
    assert seen == [False] and not operations.indicator.isVisible()


def test_changes_say_what_they_touch() -> None:
    edit = Changes.of(7, PLAN)
    assert edit.touches({PLAN}, 7) and not edit.touches({PLAN}, 8)
    assert not edit.touches({ACCOUNTS}, 7)
    assert edit.needs_health() == {7}
    assert Changes.of(7, HEALTH).needs_health() == frozenset()
    book = Changes.of(None, ACCOUNTS)
    assert book.touches({ACCOUNTS}, 123) and book.book
    assert (edit | Changes.of(8, ACCOUNTS)).accounts == {7, 8}
    assert Changes.of(7).touches({HEALTH}, 7)  # no kind named: every kind
