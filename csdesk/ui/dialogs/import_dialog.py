"""File → Import accounts, contacts or product usage: a wizard from a CRM's export to records.

1. **Columns**: which column goes to which field (`MappingPage`), matched by name or from a
   saved mapping for the same headers; every column must be decided, no field given twice,
   every required field given, before Next.
2. **Values** (only when needed): what the lifecycle stages, segments or metrics csdesk does
   not know mean, and how an ambiguous date such as 03/04/2027 reads (`ValuesPage`).
3. **Preview** (`PreviewPage`): what would be created, updated and left unchanged, every row
   with a problem, the report footer skipped and the columns not imported; then "Import all"
   (all or nothing, off while rows have problems) or "Import only the good rows" (the others
   go to a rejects file beside the file).

Reading, checking and importing run on the window's task runner (one writer), never on the
GUI thread; errors are shown in the dialog, which keeps every choice. The import is one step
on the undo stack: undo takes back exactly what it created and changed; redo imports the same
file again with the same choices. What each kind runs is `import_kinds`; the questions of the
values step are gathered by `import_questions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import CsdeskError, ImportRowsError
from csdesk.services import Services
from csdesk.services.saved_mappings import MappingService
from csdesk.ui.dialogs.import_kinds import KINDS, Choices, Loaded, Outcome, Progress, load
from csdesk.ui.dialogs.import_mapping_page import MappingPage, ValuesPage
from csdesk.ui.dialogs.import_preview_page import PreviewPage, good_rows
from csdesk.ui.dialogs.import_questions import ValueQuestions
from csdesk.ui.editing import Editor
from csdesk.ui.format import sentence
from csdesk.ui.tasks import Task, TaskRunner
from csdesk.ui.widgets import error_label, heading, show_error


class ImportDialog(QDialog):
    """The wizard; ``start()`` reads the file. ``imported(message)`` once it is done (and on
    the undo stack)."""

    imported = Signal(str)

    COLUMNS, VALUES, PREVIEW = "columns", "values", "preview"

    def __init__(self, kind: str, path: Path, services: Services, runner: TaskRunner,
                 editor: Editor, today: Callable[[], date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = KINDS[kind]
        self.path = path
        self.services, self.runner, self.editor, self.today = services, runner, editor, today
        self.setWindowTitle(f"{self.kind.title} from {path.name}")
        self.setObjectName("importDialog")
        self.resize(1000, 680)
        self.loaded: Loaded | None = None
        self.outcome: Outcome | None = None  # the last preview
        self.choices: Choices | None = None  # what the last preview was made with
        self.step = ""
        self.busy = False
        self.importing = False
        self._token = 0
        self._pending: Callable[[Any], None] | None = None
        self._values_needed = False
        self._questions = ValueQuestions(self.kind.value_fields)
        self.result_outcome: Outcome | None = None  # what the import did, once done

        self.title = heading(f"{self.kind.title} from “{path.name}”")
        self.steps = QLabel()
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.mapping_page = MappingPage()
        self.mapping_page.changed.connect(self._update_buttons)
        self.mapping_page.sheet.currentTextChanged.connect(self._on_sheet)
        self.values_page = ValuesPage()
        self.values_page.changed.connect(self._update_buttons)
        self.preview_page = PreviewPage()
        page = self.preview_page  # its widgets, named on the dialog as they always were
        self.headline, self.updated_names, self.note = page.headline, page.updated_names, page.note
        self.problems_title, self.problem_rows = page.problems_title, page.problem_rows
        self.problem_list, self.footer, self.ignored = page.problem_list, page.footer, page.ignored
        self.all_reason, self.good_hint = page.all_reason, page.good_hint
        self.reading = QLabel(f"Reading {path.name}…")
        self.reading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        for page in (self.reading, self.mapping_page, self.values_page, self.preview_page):
            self.pages.addWidget(page)
        self.error = error_label()
        self.error.setObjectName("importError")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        self.progress_label.hide()
        self.progress.hide()

        self.back_button = QPushButton("< &Back")
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.go_back)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.next_button = QPushButton("&Next >")
        self.next_button.clicked.connect(self.go_next)
        self.good_button = QPushButton("Import only the &good rows")
        self.good_button.setAutoDefault(False)
        self.good_button.clicked.connect(lambda: self.start_import(good_rows_only=True))
        self.all_button = QPushButton("&Import all")
        self.all_button.clicked.connect(lambda: self.start_import(good_rows_only=False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.cancel_button, self.good_button, self.all_button,
                       self.next_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.steps)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(progress_row)
        layout.addLayout(buttons)
        self._show_step("")

    # Steps and buttons

    def _show_step(self, step: str) -> None:
        self.step = step
        self.pages.setCurrentWidget({self.COLUMNS: self.mapping_page,
                                     self.VALUES: self.values_page,
                                     self.PREVIEW: self.preview_page}.get(step, self.reading))
        names = [(self.COLUMNS, "Columns"), (self.VALUES, "Values"),
                 (self.PREVIEW, "Preview")]
        parts = []
        for number, (key, name) in enumerate(names, start=1):
            text = f"{number}. {name}"
            if key == self.VALUES and not self._values_needed and step != self.VALUES:
                text += " (not needed)" if step == self.PREVIEW else ""
            parts.append(f"<b>{text}</b>" if key == step else text)
        self.steps.setText(" &nbsp;›&nbsp; ".join(parts))
        self._update_buttons()

    def _update_buttons(self) -> None:
        step, idle = self.step, not self.busy
        preview = step == self.PREVIEW
        self.back_button.setEnabled(idle and step in (self.VALUES, self.PREVIEW))
        self.next_button.setVisible(not preview)
        self.all_button.setVisible(preview)
        self.good_button.setVisible(preview)
        self.cancel_button.setEnabled(not self.importing)
        if step == self.COLUMNS:
            self.next_button.setEnabled(idle and not self.mapping_page.problems_now())
        elif step == self.VALUES:
            self.next_button.setEnabled(idle and not self.values_page.needs_date_order())
        else:
            self.next_button.setEnabled(False)
        if preview and self.outcome is not None:
            rejected, good = len(self.outcome.rejected), good_rows(self.outcome)
            self.all_button.setEnabled(idle and not rejected and good > 0)
            self.good_button.setEnabled(idle and bool(rejected) and good > 0)
        (self.all_button if preview else self.next_button).setDefault(True)
        if preview and not self.all_button.isEnabled():
            self.all_button.setDefault(False)  # Enter never imports only part of a file
        self.pages.setEnabled(idle)

    def go_next(self) -> None:
        if self.busy or not self.next_button.isEnabled():
            return
        if self.step == self.COLUMNS:
            self._check(discover=True)
        elif self.step == self.VALUES:
            self._check(discover=False)

    def go_back(self) -> None:
        if self.busy:
            return
        show_error(self.error, None)
        if self.step == self.PREVIEW and self._values_needed:
            self._show_step(self.VALUES)
        elif self.step in (self.PREVIEW, self.VALUES):
            self._show_step(self.COLUMNS)

    def reject(self) -> None:
        if self.importing:  # a write cannot be cancelled half-way; it is quick and atomic
            return
        self._token += 1  # a preview still running is not shown
        super().reject()

    # Background work

    def _run(self, fn: Callable[..., Any], label: str, done: Callable[[Any], None],
             *args: Any, with_progress: bool = False) -> None:
        self._token += 1
        token = self._token
        self.busy = True
        show_error(self.error, None)
        self.progress_label.setText(label)
        self.progress.setRange(0, 0)
        self.progress_label.show()
        self.progress.show()
        self._update_buttons()
        task = Task(fn, *args, with_progress=with_progress)
        self._pending = done
        task.signals.progressed.connect(self._on_progress)
        task.signals.succeeded.connect(lambda result: self._on_finished(token, result, None))
        task.signals.failed.connect(lambda error: self._on_finished(token, None, error))
        self.runner.start(task)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, token: int, result: Any, error: Exception | None) -> None:
        if token != self._token:
            return  # an answer for a step the user has left
        self.busy = False
        self.progress_label.hide()
        self.progress.hide()
        if error is not None:
            self.importing = False
            self._show_failure(error)
        elif self._pending is not None:
            self._pending(result)
        self._update_buttons()

    def _show_failure(self, error: Exception) -> None:
        from csdesk.logs import log_exception, short_reason

        if isinstance(error, ImportRowsError):
            lines = error.problems[:10]
            more = (f"\n… and {len(error.problems) - 10} more" if len(error.problems) > 10
                    else "")
            text = sentence(str(error)) + "\n" + "\n".join(lines) + more
        elif isinstance(error, CsdeskError):
            text = sentence(str(error))
        else:
            log_exception(error, "import")
            text = f"Something went wrong: {short_reason(error)}"
        if self.step == self.PREVIEW:
            text += "\nNothing was imported; your choices are kept."
        if not self.step:
            self.reading.setText(f"{self.path.name} could not be read.")
        show_error(self.error, text)

    # Step 0: reading the file

    def start(self, sheet: str | None = None) -> None:
        self._run(load, f"Reading {self.path.name}…", self._on_loaded, self.services,
                  self.path, self.kind.key, sheet)

    def _on_sheet(self, sheet: str) -> None:
        if sheet and self.loaded is not None and sheet != self.loaded.sheet:
            self.start(sheet)

    def _on_loaded(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.mapping_page.show_sheets(loaded.sheets, loaded.sheet)
        self.mapping_page.show_columns(self.kind.key, loaded.headers, loaded.samples,
                                       loaded.mapping, loaded.saved_name)
        self._show_step(self.COLUMNS)

    # Steps 1–2: checking the rows

    def _current_choices(self, discover: bool) -> Choices:
        assert self.loaded is not None
        mapping = self.mapping_page.mapping()
        if discover:  # what needs asking: no values mapped, dates read as written
            return Choices(mapping, self.loaded.sheet)
        return Choices(mapping, self.loaded.sheet, self.values_page.date_order() or "auto",
                       self.values_page.values())

    def _check(self, discover: bool) -> None:
        choices = self._current_choices(discover)
        self._run(self.kind.run, f"Checking the rows of {self.path.name}…",
                  lambda outcome: self._on_checked(outcome, choices, discover),
                  self.services, self.path, choices, True)

    def _on_checked(self, outcome: Outcome, choices: Choices, discover: bool) -> None:
        if discover:
            self._questions.clear()
        more = self._questions.ask(outcome, choices.mapping, self.loaded, self.values_page)
        if discover:
            self._values_needed = more
        if more:  # (after the values step: values that came to light once dates read)
            self._show_step(self.VALUES)
            if not discover:
                show_error(self.error, "More values to decide: they came to light once the "
                                       "other rows could be read.")
            return
        self.outcome, self.choices = outcome, choices
        self._show_preview(outcome)

    # Step 3: the preview

    def _show_preview(self, outcome: Outcome) -> None:
        self.preview_page.show_outcome(outcome, self.kind.nouns, self.path)
        self._show_step(self.PREVIEW)

    # The import

    def start_import(self, good_rows_only: bool) -> None:
        if self.busy or self.choices is None:
            return
        button = self.good_button if good_rows_only else self.all_button
        if not button.isEnabled():
            return
        choices = replace(self.choices, good_rows_only=good_rows_only)
        name = self.mapping_page.save_as.text().strip()
        services, path, kind, today = self.services, self.path, self.kind, self.today()

        def work(progress: Progress | None = None) -> Outcome:
            outcome = kind.run(services, path, choices, False, progress)
            if name:
                try:
                    MappingService(services.workspace).save(name, choices.mapping)
                    outcome.saved_as = name
                except CsdeskError as error:
                    outcome.not_saved = str(error)
            if outcome.changed:
                services.health.refresh(today)
            return outcome

        self.importing = True
        self._run(work, f"Importing from {path.name}…",
                  lambda outcome: self._on_imported(outcome, choices), with_progress=True)

    def _on_imported(self, outcome: Outcome, choices: Choices) -> None:
        self.importing = False
        services, path, kind, today = self.services, self.path, self.kind, self.today
        if outcome.changed:
            done = {"result": outcome.raw}

            def redo() -> None:
                done["result"] = kind.run(services, path, choices, False).raw
                services.health.refresh(today())

            def undo() -> None:
                kind.undo(services, done["result"])
                services.health.refresh(today())

            self.editor.run(f"{kind.title} from {path.name}", redo, undo, None,
                            first=lambda: None)
        one, many = kind.nouns
        made = outcome.created
        message = (f"Imported from {path.name}: {made:,} {one if made == 1 else many} created, "
                   f"{outcome.updated:,} updated, {outcome.unchanged:,} unchanged")
        if outcome.changed:
            message += " · Ctrl+Z to undo"
        if outcome.rejects_file is not None:
            left = len(outcome.rejected)
            message += (f" · {left:,} {'row' if left == 1 else 'rows'} with problems left out, "
                        f"in “{outcome.rejects_file.name}”")
        if outcome.saved_as:
            message += f" · mapping saved as “{outcome.saved_as}”"
        if outcome.not_saved:
            message += f" · the mapping was not saved: {outcome.not_saved}"
        self.result_outcome = outcome
        self.imported.emit(message)
        self.accept()
