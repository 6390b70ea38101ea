"""Helpers for driving the real windows in tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget


def leave(widget: QWidget) -> None:
    """Leave a field the way a user does (focus moves away), so it saves."""
    widget.setFocus()
    QApplication.processEvents()
    if widget.hasFocus():
        widget.clearFocus()
    else:  # offscreen windows are not always active; leaving means editingFinished all the same
        widget.editingFinished.emit()
    QApplication.processEvents()


def press_ok(qtbot, dialog: QDialog) -> None:
    """Press OK as a user does, then wait for what it saves (off the GUI thread) to land
    and show, when the dialog belongs to a window."""
    from PySide6.QtCore import Qt

    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    owner = dialog.parent()
    while owner is not None and not hasattr(owner, "operations"):
        owner = owner.parent()
    if owner is not None:
        settled(owner)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def shown_window(qtbot, services, today):
    """The real main window on ``services``, shown, with a fixed "today" and no saved layout."""
    from csdesk.ui.main_window import MainWindow

    window = MainWindow(services, today=lambda: today, remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.operations.settle()
    return window


def settled(window):
    """The window once its background reads and writes are done and shown."""
    assert window.operations.settle(), "the window's operations did not finish"
    return window
