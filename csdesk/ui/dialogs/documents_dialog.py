"""Tools → Document templates: your name on documents, the default Word template for the
success plan and the QBR and the slide template of the QBR deck, a copy of a shipped template to
restyle in Word or PowerPoint, the fields, and a check of a template that lists every problem
it has."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from csdesk.documents.fields import describe_fields
from csdesk.errors import CsdeskError
from csdesk.services import Services
from csdesk.services.changes import QBR, Changes
from csdesk.ui.dialog_work import DialogWork
from csdesk.ui.widgets import error_label, hint, show_error

if TYPE_CHECKING:
    from csdesk.documents.template_check import TemplateCheck
    from csdesk.services.decks import DeckTemplateCheck
    from csdesk.ui.operations import Operations

KINDS = (("plan", "Success plan"), ("qbr", "QBR agenda and pre-read"),
         ("brief", "Internal QBR brief"), ("deck", "QBR deck (slides)"))
WORD = "Word templates (*.docx)"
SLIDES = "PowerPoint templates (*.pptx)"


def _filter(kind: str) -> str:
    return SLIDES if kind == "deck" else WORD


class DocumentTemplatesDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None,
                 operations: Operations | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.work = DialogWork(self, operations, "document templates")
        self.setWindowTitle("Document templates")
        self.labels: dict[str, QLabel] = {}
        self.error = error_label()
        form = QFormLayout()
        form.addRow(hint("Documents are signed with your name, title, e-mail, phone and "
                         "company from Settings → You on documents."))
        for kind, title in KINDS:
            label = QLabel()
            label.setWordWrap(True)
            self.labels[kind] = label
            choose, default, copy = (QPushButton("Choose…"), QPushButton("Use the default"),
                                     QPushButton("Copy the default to edit…"))
            choose.clicked.connect(lambda _c=False, k=kind: self.choose(k))
            default.clicked.connect(lambda _c=False, k=kind: self.use_default(k))
            copy.clicked.connect(lambda _c=False, k=kind: self.copy_default(k))
            row = QHBoxLayout()
            row.addWidget(label, 1)
            for button in (choose, default, copy):
                row.addWidget(button)
            form.addRow(title, row)
        fields = QTabWidget()
        for kind, title in KINDS[:3]:  # the deck has no fields: its slides are csdesk's
            text = QPlainTextEdit("\n".join(f"{name:<22} {description}"
                                            for name, description in describe_fields(kind)))
            text.setReadOnly(True)
            fields.addTab(text, f"Fields: {title}")
        self.tabs = fields
        self.check_result = QPlainTextEdit()
        self.check_result.setObjectName("template_check")
        self.check_result.setReadOnly(True)
        self.check_result.setPlaceholderText(
            "Check a template… lists every problem of a Word template here, each with its "
            "paragraph and tag (or, for a slide template, the layouts it will use), without "
            "exporting anything.")
        fields.addTab(self.check_result, "Check")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        check = QPushButton("Check a template…")
        check.setObjectName("check_template")
        check.clicked.connect(lambda _c=False: self.check_template())
        buttons.addButton(check, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(hint("A template is a Word .docx with Jinja2 tags such as "
                              "{{ account.name }} or {%p for o in objectives %}; docs/templates.md "
                              "explains them. Copy a default, restyle it in Word (or the deck's "
                              "slide master in PowerPoint), then choose it."))
        layout.addWidget(fields, 1)
        layout.addWidget(buttons)
        self.resize(860, 560)
        self.show_choices()

    def show_choices(self) -> None:  # the deck's template is a setting of its own
        documents, decks = self.services.documents, self.services.decks
        self.work.read(lambda: {**documents.settings(), "deck": decks.chosen_template()},
                       self._show_settings)

    def _show_settings(self, settings: dict[str, str | None]) -> None:
        for kind, label in self.labels.items():
            chosen = settings.get(kind)
            label.setText(chosen if chosen else "the default shipped with csdesk")

    def choose(self, kind: str, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Choose a template", str(Path.home()),
                                                  _filter(kind))
        if path:
            self._set_default(kind, Path(path))

    def use_default(self, kind: str) -> None:
        self._set_default(kind, None)

    def _set_default(self, kind: str, path: Path | None) -> None:
        documents, decks = self.services.documents, self.services.decks

        def saved(_none: None) -> None:
            show_error(self.error, None)
            self.show_choices()

        self.work.write("Set the document template",
                        lambda: decks.set_default_template(path) if kind == "deck" else
                        documents.set_default_template(kind, path), saved,
                        refused=lambda error: show_error(self.error, str(error)),
                        changes=Changes.of(None, QBR))

    def check_template(self, path: str | None = None) -> None:
        """Pick a .docx and show its problems (or that it has none) in the Check tab; the
        template is read off the GUI thread."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Check a template", str(Path.home()),
                                                  f"{WORD};;{SLIDES}")
        if path:
            show_error(self.error, None)
            self.check_result.clear()  # the result shown is always the file asked for
            self.work.write("Check the template", lambda: _inspect(Path(path)),
                            self._show_check,
                            refused=lambda error: show_error(self.error, str(error)),
                            changes=Changes())

    def _show_check(self, check: TemplateCheck | DeckTemplateCheck) -> None:
        show_error(self.error, None)
        found = getattr(check, "found", [])  # a slide template: the layouts it will use
        self.check_result.setPlainText("\n\n".join(
            [check.summary(), *found, *(f"• {problem}" for problem in check.problems)]))
        self.tabs.setCurrentWidget(self.check_result)

    def copy_default(self, kind: str, path: str | None = None) -> None:
        source = self.services.decks.builtin_template() if kind == "deck" else \
            self.services.documents.builtin_template(kind)
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "Save a copy to edit",
                                                  str(Path.home() / source.name),
                                                  _filter(kind))
        if path:
            target = Path(path)
            self.work.write("Copy the template", lambda: _copy(source, target),
                            lambda _target: show_error(self.error, None),
                            refused=lambda error: show_error(self.error, str(error)),
                            changes=Changes())


def _inspect(path: Path) -> TemplateCheck | DeckTemplateCheck:
    if path.suffix.lower() == ".pptx":
        from csdesk.services.decks import check_template

        return check_template(path)
    from csdesk.documents.template_check import inspect_template

    return inspect_template(path)


def _copy(source: Path, target: Path) -> Path:
    try:
        shutil.copyfile(source, target)
    except OSError as error:
        raise CsdeskError(f"cannot write {target}: {error.strerror or error}") from error
    return target
