"""The critical-path templates dialog's commands (save, new, copy, delete, import, export):
each a write off the GUI thread through the dialog's `DialogWork`, the dialog waiting
meanwhile; what a write refuses is shown under the editor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from csdesk.errors import CsdeskError, NotFoundError, ValidationError
from csdesk.models import CriticalPathTemplate
from csdesk.services.changes import SETTINGS, Changes
from csdesk.ui.widgets import show_error

if TYPE_CHECKING:
    from csdesk.ui.dialogs.templates_dialog import TemplatesDialog


class TemplateCommands:
    def save(self: TemplatesDialog, then: Callable[[], None] | None = None) -> None:
        """Save the edited template; then ``then()``, or show it as saved."""
        if self.template is None or self.template.builtin:
            if then is not None:
                then()
            return
        template_id, definition = self.template.id, self.definition()

        def saved(template: CriticalPathTemplate) -> None:
            self._dirty = False
            show_error(self.error, None)
            (then or (lambda: self.reload(template.id)))()

        self._write("Save the template",
                    lambda: self.services.templates.update(template_id, definition), saved)

    def new_template(self: TemplatesDialog) -> None:
        templates = self.services.templates

        def create() -> CriticalPathTemplate:
            return templates.create({"name": _free_name(templates, "New template"), "stages": [
                {"name": "Kick-off", "week": 0},
                {"name": "First value", "week": 6, "first_value": True}]})

        def created(template: CriticalPathTemplate) -> None:
            self.reload(template.id)
            self.name.setFocus()
            self.name.selectAll()

        self._write("Create a template", create, created)

    def copy_template(self: TemplatesDialog) -> None:
        if self.template is not None:
            template_id = self.template.id
            self._settle(lambda: self._write(
                "Copy the template", lambda: self.services.templates.copy(template_id),
                lambda copied: self.reload(copied.id)))

    def delete_template(self: TemplatesDialog) -> None:
        if self.template is None or self.template.builtin:
            return
        answer = QMessageBox.question(
            self, "Delete template",
            f"Delete the template '{self.template.name}'? Accounts planned from it keep their "
            "milestones.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        template_id = self.template.id

        def deleted(_none: None) -> None:
            self.template, self._dirty = None, False
            self.reload()

        self._write("Delete the template", lambda: self.services.templates.delete(template_id),
                    deleted)

    def import_template(self: TemplatesDialog, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import a template", str(Path.home()),
                                                  "Templates (*.json);;All files (*)")
        if not path:
            return
        source = Path(path)
        self._write("Import a template", lambda: self.services.templates.import_json(source),
                    lambda imported: self.reload(imported.id), prefix="Not imported: ")

    def export_template(self: TemplatesDialog, path: str | None = None) -> None:
        if self.template is None:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the template", str(Path.home() / f"{self.template.name}.json"),
                "Templates (*.json)")
        if not path:
            return
        template_id, target = self.template.id, Path(path)
        self._write("Export the template",
                    lambda: self.services.templates.export_json(template_id, target),
                    lambda _path: show_error(self.error, None), changes=Changes())

    def _write(self: TemplatesDialog, doing: str, work: Callable[[], Any],
               done: Callable[[Any], None], *, prefix: str = "",
               changes: Changes | None = None) -> None:
        def refused(error: CsdeskError) -> None:
            if isinstance(error, NotFoundError):  # deleted elsewhere: show what is there
                self.template, self._dirty = None, False
                self.reload()
            details = error.errors if isinstance(error, ValidationError) else {"": str(error)}
            show_error(self.error, prefix + ("; " if prefix else "\n").join(details.values()))

        self.work.write(doing, work, done, refused=refused,
                        changes=Changes.of(None, SETTINGS) if changes is None else changes)

    def _settle(self: TemplatesDialog, then: Callable[[], None]) -> None:
        """Unsaved edits: save them, drop them, or stay; ``then()`` unless the CSM stays."""
        if not self._dirty or self.template is None:
            then()
            return
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save the changes to '{self.template.name}'?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            self.save(then)
        elif answer == QMessageBox.StandardButton.Discard:
            self._dirty = False
            then()

    # Leaving: Close, the window's close button and Escape alike ask about unsaved edits and
    # wait for a template on its way (closing would hide what it says).

    def done(self: TemplatesDialog, result: int) -> None:
        if self.work.busy:
            return
        self._settle(lambda: QDialog.done(self, result))

    def closeEvent(self: TemplatesDialog, event) -> None:  # noqa: N802
        if self.work.busy or (self._dirty and self.template is not None):
            event.ignore()  # then hidden by `done` once the edits are settled
            self.done(QDialog.DialogCode.Rejected)
        else:
            event.accept()


def _free_name(templates: Any, wanted: str) -> str:
    names = {t.name for t in templates.list()}
    name, number = wanted, 2
    while name in names:
        name, number = f"{wanted} {number}", number + 1
    return name
