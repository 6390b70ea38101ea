"""File → Import accounts, contacts or product usage: a wizard from a CRM's export to records.

1. **Columns**: which column goes to which field (`MappingPage`), matched by name or from a
   saved mapping for the same headers; every column must be decided, no field given twice,
   every required field given, before Next.
2. **Values** (only when needed): what the lifecycle stages, segments or metrics csdesk does
   not know mean, and how an ambiguous date such as 03/04/2027 reads (`ValuesPage`).
3. **Preview**: what would be created, updated and left unchanged, every row with a problem,
   the report footer skipped and the columns not imported; then "Import all" (all or nothing,
   off while rows have problems) or "Import only the good rows" (the others go to a rejects
   file beside the file).

Reading, checking and importing run on the window's task runner (one writer), never on the
GUI thread; errors are shown in the dialog, which keeps every choice. The import is one step
on the undo stack: undo takes back exactly what it created and changed; redo imports the same
file again with the same choices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import CsdeskError, ImportRowsError
from csdesk.models import LifecycleStage, Segment
from csdesk.services import Services
from csdesk.services.column_mapping import (
    IGNORE,
    KIND_LABELS,
    ColumnMapping,
    MappingService,
    auto_mapping,
)
from csdesk.services.import_rows import Rejected
from csdesk.services.import_values import date_order_of, value_key
from csdesk.services.importing import ImportService
from csdesk.services.people_import import PeopleImportService
from csdesk.services.table_files import open_table, sheet_names
from csdesk.ui.dialogs.import_mapping_page import MappingPage, ValuesPage
from csdesk.ui.editing import Editor
from csdesk.ui.format import sentence
from csdesk.ui.tasks import Task, TaskRunner
from csdesk.ui.widgets import error_label, heading, hint, show_error

SAMPLE_ROWS = 20  # the first rows whose values the columns step shows
Progress = Callable[[int, int], None]


# What is chosen, and what a run found -----------------------------------------------------------

@dataclass
class Choices:
    """Everything the user decided: the same choices preview, import and redo."""

    mapping: ColumnMapping
    sheet: str | None = None
    date_order: str = "auto"
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field → {theirs: ours}
    good_rows_only: bool = False


@dataclass
class Outcome:
    """What a preview or an import of any kind found, in the same words."""

    created: int
    updated: int
    unchanged: int
    rejected: list[Rejected]
    footer: list[str]
    ignored: list[str]
    note: str | None
    unknown_values: dict[str, set[str]]
    date_orders: dict[str, str]
    summary: str  # the service's own summary (said after the import)
    raw: Any  # the service's result, which undo takes
    rejects_file: Path | None = None
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # field → options
    updated_names: list[str] = field(default_factory=list)
    saved_as: str | None = None
    not_saved: str | None = None  # why the mapping could not be saved

    @property
    def changed(self) -> int:
        return self.created + self.updated


@dataclass
class Loaded:
    sheets: list[str]
    sheet: str | None
    headers: list[str]
    samples: dict[str, list[str]]
    mapping: ColumnMapping
    saved_name: str | None


# The kinds of import, declared once --------------------------------------------------------------

def _accounts(services: Services, path: Path, choices: Choices, dry_run: bool,
              progress: Progress | None = None) -> Outcome:
    importer = ImportService(services.workspace)
    values = {k: v for k, v in choices.values.items() if k in ("lifecycle_stage", "segment")}
    options: dict[str, Any] = {"mapping": choices.mapping, "sheet": choices.sheet,
                               "date_order": choices.date_order, "values": values or None}
    result = (importer.preview_accounts(path, **options) if dry_run else
              importer.import_accounts(path, good_rows_only=choices.good_rows_only,
                                       progress=progress, **options))
    return Outcome(len(result.created), len(result.updated), len(result.unchanged),
                   list(result.rejected), list(result.footer), list(result.ignored), result.note,
                   dict(result.unknown_values), dict(result.date_orders), result.summary(),
                   result, result.rejects_file,
                   {"lifecycle_stage": [(s.label, s.value) for s in LifecycleStage],
                    "segment": [(s.label, s.value) for s in Segment]},
                   list(result.updated))


def _records(what: str) -> Callable[..., Outcome]:
    def run(services: Services, path: Path, choices: Choices, dry_run: bool,
            progress: Progress | None = None) -> Outcome:
        importer = PeopleImportService(services.workspace)
        common: dict[str, Any] = {"dry_run": dry_run, "mapping": choices.mapping,
                                  "sheet": choices.sheet,
                                  "good_rows_only": dry_run or choices.good_rows_only}
        result = (importer.import_contacts(path, **common) if what == "contacts" else
                  importer.import_usage(path, date_order=choices.date_order,
                                        metrics=choices.values.get("metric") or None,
                                        **common))
        read = result.read
        assert read is not None
        outcome = Outcome(result.created, result.updated, result.unchanged,
                          list(read.rejected), list(read.footer),
                          [h for h in read.headers if read.mapping.field_of(h) in (None, IGNORE)],
                          read.note, dict(read.unknown_values), dict(read.date_orders),
                          result.summary(), result, result.rejects_file)
        if "metric" in read.unknown_values:
            accounts = _cells_of(read.rejected, read.headers, read.mapping, "account")
            names = importer.kpi_names(sorted(accounts) or None)
            outcome.choices["metric"] = [(name, name) for name in names]
        return outcome

    return run


def _undo_accounts(services: Services, result: Any) -> None:
    ImportService(services.workspace).undo_import(result.changes)


def _undo_records(services: Services, result: Any) -> None:
    PeopleImportService(services.workspace).undo(result)


@dataclass(frozen=True)
class ImportKind:
    key: str
    nouns: tuple[str, str]  # one, many
    run: Callable[..., Outcome]  # (services, path, choices, dry_run, progress) → Outcome
    undo: Callable[[Services, Any], None]
    # Fields whose values may need the user's word: field → what the values are.
    value_fields: dict[str, str]

    @property
    def title(self) -> str:
        return f"Import {KIND_LABELS[self.key].lower()}"


KINDS = {
    "accounts": ImportKind("accounts", ("account", "accounts"), _accounts, _undo_accounts,
                           {"lifecycle_stage": "Lifecycle stage", "segment": "Segment"}),
    "contacts": ImportKind("contacts", ("contact", "contacts"), _records("contacts"),
                           _undo_records, {}),
    "usage": ImportKind("usage", ("reading", "readings"), _records("usage"), _undo_records,
                        {"metric": "Metric (to a KPI of the success plan)"}),
}


def load(services: Services, path: Path, kind: str, sheet: str | None) -> Loaded:
    """The file's sheets, headers and first values, and the mapping to start from: a saved
    mapping for the same headers, else matched by name."""
    sheets = sheet_names(path)
    with open_table(path, sheet) as table:
        headers = list(table.headers)
        samples: dict[str, list[str]] = {h: [] for h in headers}
        for count, (_number, cells) in enumerate(table.rows(), start=1):
            for header, cell in zip(headers, cells, strict=False):
                text = " ".join(cell.split())
                if text and text not in samples[header] and len(samples[header]) < 3:
                    samples[header].append(text if len(text) <= 40 else text[:39] + "…")
            if count >= SAMPLE_ROWS:
                break
        chosen = table.sheet
    found = MappingService(services.workspace).for_headers(headers, kind)
    mapping = found[1] if found else auto_mapping(headers, kind)
    return Loaded(sheets, chosen, headers, samples, mapping, found[0] if found else None)


def _columns_of(headers: list[str], mapping: ColumnMapping, name: str) -> list[int]:
    return [i for i, h in enumerate(headers) if mapping.field_of(h) == name]


def _cells_of(rows: list[Rejected], headers: list[str], mapping: ColumnMapping,
              name: str) -> set[str]:
    columns = _columns_of(headers, mapping, name)
    return {" ".join(row.cells[i].split()) for row in rows for i in columns
            if i < len(row.cells) and row.cells[i].strip()}


# The dialog -------------------------------------------------------------------------------------

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
        self._asked: dict[str, dict[str, int]] = {}  # field → values asked → rows with them
        self._date_question: tuple[tuple[str, list[str]], str | None] | None = None
        self.result_outcome: Outcome | None = None  # what the import did, once done

        self.title = heading(f"{self.kind.title} from “{path.name}”")
        self.steps = QLabel()
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.mapping_page = MappingPage()
        self.mapping_page.changed.connect(self._update_buttons)
        self.mapping_page.sheet.currentTextChanged.connect(self._on_sheet)
        self.values_page = ValuesPage()
        self.values_page.changed.connect(self._update_buttons)
        self.preview_page = self._preview_page()
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

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.headline = QLabel()
        self.headline.setObjectName("previewHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        self.problems_title = QLabel("Rows with problems:")
        self.problem_rows = QStringListModel(self)
        self.problem_list = QListView()
        self.problem_list.setModel(self.problem_rows)
        self.problem_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_list.setWordWrap(True)  # a long reason is read whole
        self.problem_list.setAlternatingRowColors(True)
        self.problem_list.setLayoutMode(QListView.LayoutMode.Batched)  # thousands stay quick
        self.updated_names = QLabel()
        self.updated_names.setWordWrap(True)
        self.footer = QLabel()
        self.footer.setWordWrap(True)
        self.ignored = QLabel()
        self.ignored.setWordWrap(True)
        self.note = hint("")
        self.all_reason = QLabel()
        self.all_reason.setWordWrap(True)
        self.all_reason.setObjectName("importAllReason")
        self.good_hint = QLabel()
        self.good_hint.setWordWrap(True)
        self.good_hint.setObjectName("goodRowsHint")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.updated_names)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problem_list, 1)
        for label in (self.footer, self.ignored, self.note, self.all_reason, self.good_hint):
            layout.addWidget(label)
        return page

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
            rejected, good = len(self.outcome.rejected), self._good_rows(self.outcome)
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
            self._asked, self._date_question = {}, None
        more = self._ask(outcome, choices.mapping)
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

    def _ask(self, outcome: Outcome, mapping: ColumnMapping) -> bool:
        """Add the questions a check raised to the values step; False when none is new."""
        headers = list(self.loaded.headers) if self.loaded else []
        new = False
        ambiguous = [name for name, order in outcome.date_orders.items() if order == "ambiguous"]
        settled = [order for order in outcome.date_orders.values() if order in ("mdy", "dmy")]
        if ambiguous and self._date_question is None:
            columns = [h for name in ambiguous for h in headers if mapping.field_of(h) == name]
            example = self._ambiguous_example(outcome, headers, mapping, ambiguous)
            self._date_question = ((example, columns), settled[0] if settled else None)
            new = True
        for name in self.kind.value_fields:
            columns = _columns_of(headers, mapping, name)
            asked = self._asked.setdefault(name, {})
            for value in outcome.unknown_values.get(name, set()):
                key = value_key(value)
                rows = sum(1 for row in outcome.rejected
                           if any(i < len(row.cells) and value_key(row.cells[i]) == key
                                  for i in columns))
                if value not in asked:
                    new = True
                asked[value] = max(rows, asked.get(value, 0))
        if not new:
            return False
        questions = []
        for name, title in self.kind.value_fields.items():
            found = sorted(self._asked.get(name, {}).items(), key=lambda v: v[0].casefold())
            if found:
                where = ", ".join(f"“{headers[i]}”" for i in _columns_of(headers, mapping,
                                                                          name))
                questions.append((name, f"{title}: values in {where} csdesk does not know",
                                  found, outcome.choices.get(name, [])))
        dates, date_default = self._date_question or (None, None)
        self.values_page.show_questions(dates=dates, date_default=date_default,
                                        values=questions, chosen=self.values_page.values(),
                                        order=self.values_page.date_order())
        return True

    def _ambiguous_example(self, outcome: Outcome, headers: list[str],
                           mapping: ColumnMapping, names: list[str]) -> str:
        columns = [i for name in names for i in _columns_of(headers, mapping, name)]
        candidates = [row.cells[i] for row in outcome.rejected for i in columns
                      if i < len(row.cells)]
        if self.loaded is not None:
            candidates += [s for i in columns for s in self.loaded.samples.get(headers[i], [])]
        for cell in candidates:
            if cell.strip() and date_order_of([cell]) == "ambiguous":
                return " ".join(cell.split()).split(" ")[0]
        return "03/04/2027"

    # Step 3: the preview

    def _good_rows(self, outcome: Outcome) -> int:
        return outcome.created + outcome.updated + outcome.unchanged

    def _show_preview(self, outcome: Outcome) -> None:
        one, many = self.kind.nouns
        rejected = len(outcome.rejected)

        def count(n: int, noun: bool = False) -> str:
            return f"{n:,} {one if n == 1 else many}" if noun else f"{n:,}"

        will = "will be"
        text = (f"{count(outcome.created, True)} {will} created, {count(outcome.updated)} "
                f"updated, {count(outcome.unchanged)} unchanged")
        if rejected:
            text += f"; {rejected:,} {'row has' if rejected == 1 else 'rows have'} problems"
        self.headline.setText(text)
        names = outcome.updated_names
        self.updated_names.setText(
            f"Updated from the file: {', '.join(names[:12])}"
            + (f" and {len(names) - 12:,} more" if len(names) > 12 else "") if names else "")
        self.updated_names.setVisible(bool(names))
        problems = [p for row in outcome.rejected for p in row.problems]
        self.problem_rows.setStringList(problems)
        self.problems_title.setVisible(bool(problems))
        self.problem_list.setVisible(bool(problems))
        if outcome.footer:
            shown = "; ".join(outcome.footer[:3]) + (" …" if len(outcome.footer) > 3 else "")
            self.footer.setText(f"Skipped the report's footer: {shown}")
        self.footer.setVisible(bool(outcome.footer))
        if outcome.ignored:
            self.ignored.setText("Columns not imported: " + ", ".join(
                h or "(no header)" for h in outcome.ignored))
        self.ignored.setVisible(bool(outcome.ignored))
        note = "; ".join(part for part in (outcome.note or "").split("; ")
                         if part and not part.startswith("skipped the report's footer"))
        self.note.setText(sentence(note) if note else "")
        self.note.setVisible(bool(note))
        rejects = f"{self.path.stem} rejected rows.csv"
        good = self._good_rows(outcome)
        if not good:
            self.all_reason.setText("No row can be imported: fix the rows in the file (or go "
                                    "back and change the columns), then try again.")
        elif rejected:
            self.all_reason.setText(
                "Import all is off while rows have problems: an import is all or nothing. "
                "Fix them in the file and import it again, or import only the good rows.")
        else:
            self.all_reason.setText("")
        self.all_reason.setVisible(bool(self.all_reason.text()))
        self.good_hint.setText(
            f"Import only the good rows: the {good:,} good rows are imported and the "
            f"{rejected:,} with problems go to “{rejects}” beside the file, ready to fix "
            "and import again." if rejected and good else "")
        self.good_hint.setVisible(bool(self.good_hint.text()))
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
