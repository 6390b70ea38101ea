"""The Tools dialogs opened from the window read and write off the GUI thread: the
critical-path templates, the product roadmap and the document templates. The dialogs wait,
disabled, while a write is on its way, and show what it refused at once it comes back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QThread

from csdesk.services import Services
from csdesk.ui.dialogs.templates_dialog import ID_ROLE, NAME
from tests.ui_helpers import settled, shown_window, type_into

TODAY = date(2026, 3, 2)


@pytest.fixture
def window(qtbot, services):
    return shown_window(qtbot, services, TODAY)


def _threads(monkeypatch, service, *methods: str) -> list[tuple[str, bool]]:
    """Each call of ``methods``: its name and whether it ran on the GUI thread."""
    threads: list[tuple[str, bool]] = []
    gui = QThread.currentThread()
    for method in methods:
        original = getattr(service, method)

        def recorded(*args, _original=original, _name=method, **kwargs):
            threads.append((_name, QThread.currentThread() is gui))
            return _original(*args, **kwargs)

        monkeypatch.setattr(service, method, recorded)
    return threads


def test_the_templates_dialog_reads_and_saves_off_the_gui_thread(qtbot, window, monkeypatch,
                                                                 tmp_path: Path) -> None:
    templates = Services(window.services.workspace).templates  # the test's own reads
    threads = _threads(monkeypatch, window.services.templates, "list", "get", "create",
                       "update", "copy", "export_json")
    window.tools.open_templates()
    dialog = window.tools.templates_dialog
    settled(window)
    assert dialog.template is not None and dialog.template.builtin  # the first, shown read-only
    assert not any(button.isEnabled() for button in dialog.stage_buttons)  # nothing to edit
    assert dialog.list.count() == len(templates.list())

    dialog.new_template()
    assert not dialog.isEnabled()  # waits while the template is created
    settled(window)
    assert dialog.isEnabled() and dialog.template.name == "New template"
    assert dialog.save_button.isEnabled()
    assert all(button.isEnabled() for button in dialog.stage_buttons)  # one's own: editable

    type_into(qtbot, dialog.name, "Enterprise rollout")
    dialog.stages.item(1, NAME).setText("Go live")
    dialog.save()
    settled(window)
    assert [s.name for s in templates.find("Enterprise rollout").stages] == ["Kick-off",
                                                                              "Go live"]
    assert dialog.list.currentItem().text() == "Enterprise rollout"

    dialog.stages.cellWidget(0, 1).setValue(9)  # kick-off after go-live: refused
    dialog.save()
    settled(window)
    assert "in order of their week" in dialog.error.text()
    assert dialog.isEnabled() and dialog._dirty  # what was typed is still there to fix

    dialog.stages.cellWidget(0, 1).setValue(0)
    out = tmp_path / "rollout.json"
    dialog.save()
    dialog.export_template(str(out))  # after the save, in order
    settled(window)
    assert json.loads(out.read_text(encoding="utf-8"))["name"] == "Enterprise rollout"
    assert threads and not [name for name, on_gui in threads if on_gui]


def test_a_template_left_unsaved_is_saved_before_another_is_shown(qtbot, window,
                                                                  monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    window.tools.open_templates()
    dialog = window.tools.templates_dialog
    settled(window)
    dialog.new_template()
    settled(window)
    type_into(qtbot, dialog.name, "Mine")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: QMessageBox.StandardButton.Save)
    dialog.list.setCurrentRow(0)  # another template: the edits are saved first
    settled(window)
    assert window.services.templates.find("Mine") is not None
    assert dialog.template.id == dialog.list.item(0).data(ID_ROLE)  # the one asked for
    assert dialog.list.currentRow() == 0 and not dialog._dirty


def test_the_roadmap_dialog_adds_and_removes_off_the_gui_thread(qtbot, window,
                                                                 monkeypatch) -> None:
    roadmap = Services(window.services.workspace).roadmap  # the test's own reads
    threads = _threads(monkeypatch, window.services.roadmap, "list", "add", "remove")
    window.tools.open_roadmap()
    dialog = window.tools.roadmap_dialog
    settled(window)
    dialog.add()  # no title
    settled(window)
    assert "title is required" in dialog.error.text()
    type_into(qtbot, dialog.title, "SSO for everyone")
    dialog.add()
    assert not dialog.isEnabled()
    settled(window)
    assert dialog.error.isHidden() and dialog.title.text() == ""
    assert [row.title for row in dialog.model.rows] == ["SSO for everyone"]
    dialog.table.table.selectRow(0)
    dialog.remove()
    settled(window)
    assert dialog.model.rows == [] and roadmap.list() == []
    assert threads and not [name for name, on_gui in threads if on_gui]


def test_the_document_templates_dialog_sets_and_checks_off_the_gui_thread(
        qtbot, window, monkeypatch, tmp_path: Path) -> None:
    documents = window.services.documents
    threads = _threads(monkeypatch, documents, "settings", "set_default_template")
    window.tools.open_document_templates()
    dialog = window.tools.documents_dialog
    settled(window)
    assert "default shipped" in dialog.labels["plan"].text()
    copy = tmp_path / "mine.docx"
    dialog.copy_default("plan", str(copy))
    dialog.choose("plan", str(copy))
    settled(window)
    assert dialog.labels["plan"].text() == str(copy)
    dialog.choose("qbr", str(tmp_path / "missing.docx"))
    settled(window)
    assert "no template at" in dialog.error.text()
    dialog.check_template(str(copy))
    settled(window)
    assert "no problems found" in dialog.check_result.toPlainText()
    assert threads and not [name for name, on_gui in threads if on_gui]


@pytest.mark.parametrize("leave", ["escape", "close"])
def test_leaving_the_templates_dialog_asks_about_unsaved_edits(qtbot, window, monkeypatch,
                                                               leave) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    window.tools.open_templates()
    dialog = window.tools.templates_dialog
    settled(window)
    dialog.new_template()
    settled(window)
    type_into(qtbot, dialog.name, "Typed, not saved")
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: asked.append("asked") or next(answers))

    def go() -> None:
        if leave == "escape":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()

    go()
    assert asked == ["asked"] and dialog.isVisible()  # Cancel: stays, with the edits
    assert dialog.name.text() == "Typed, not saved"
    go()
    assert asked == ["asked", "asked"] and not dialog.isVisible()  # Discard: closes


def test_a_tools_dialog_open_is_brought_forward_not_opened_twice(qtbot, window) -> None:
    from csdesk.ui.dialogs.weights_dialog import WeightsDialog

    window.tools.open_templates()
    first = window.tools.templates_dialog
    window.tools.open_templates()
    settled(window)
    assert window.tools.templates_dialog is first and first.template is not None
    window.tools.open_weights()
    window.tools.open_weights()  # before the first one's values came
    settled(window)
    window.tools.open_weights()  # while it is open
    settled(window)
    assert len([d for d in window.findChildren(WeightsDialog) if d.isVisible()]) == 1


def test_a_file_that_is_not_a_word_template_is_refused_when_chosen(qtbot, window,
                                                                   tmp_path: Path) -> None:
    window.tools.open_document_templates()
    dialog = window.tools.documents_dialog
    settled(window)
    fake = tmp_path / "notes.docx"
    fake.write_text("just text", encoding="utf-8")
    dialog.choose("plan", str(fake))
    settled(window)
    assert "notes.docx is not a Word .docx template" in dialog.error.text()
    assert "default shipped" in dialog.labels["plan"].text()
