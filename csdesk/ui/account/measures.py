"""Canvas section 7: measures of success, each KPI with its readings and progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import ConflictError, CsdeskError
from csdesk.models import Kpi, KpiReading
from csdesk.services.changes import PLAN, Changes
from csdesk.services.measures import number_text, progress, progress_text
from csdesk.ui.account.context import AccountContext
from csdesk.ui.account.inline_add import outcome
from csdesk.ui.chart_view import ChartView
from csdesk.ui.dialogs.simple_form import FormDialog
from csdesk.ui.format import short_date
from csdesk.ui.splitters import fit_first_pane
from csdesk.ui.table_model import ALERT, GOOD, Column, RowsTableModel
from csdesk.ui.widgets import DateEdit, TableWithEmptyState, error_label, heading, hint, show_error

FIELDS = ("name", "unit", "baseline", "target", "target_date", "notes")


def _progress_colour(kpi: Kpi):
    share = progress(kpi.baseline, kpi.target, kpi.latest.value if kpi.latest else None)
    if share is None:
        return None
    return GOOD if share >= 1 else ALERT if share < 0 else None


class MeasuresSection(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.plan_id: int | None = None
        self.kickoff: date | None = None  # the plan's, for the KPI chart's time axis
        self._kpis: list[Kpi] = []
        self.model: RowsTableModel[Kpi] = RowsTableModel([
            Column("KPI", lambda k: k.name, sort=lambda k: k.position),
            Column("Baseline", lambda k: number_text(k.baseline, k.unit),
                   sort=lambda k: k.baseline, align_right=True),
            Column("Target", lambda k: number_text(k.target, k.unit), sort=lambda k: k.target,
                   align_right=True),
            Column("Target date", lambda k: short_date(k.target_date)),
            Column("Latest", lambda k: number_text(k.latest.value, k.unit) if k.latest else "—",
                   align_right=True),
            Column("Progress", lambda k: progress_text(k.baseline, k.target,
                                                       k.latest.value if k.latest else None),
                   align_right=True, colour=_progress_colour),
        ])
        self.table = TableWithEmptyState(
            self.model, "No measures of success yet. Agree the exact KPIs with the customer: "
                        "a baseline, a target, a unit and a target date.")
        self.table.stretch_column(0)
        self.table.activated_row.connect(self.edit)
        self.table.table.selectionModel().selectionChanged.connect(self._show_readings)
        self.readings_model: RowsTableModel[KpiReading] = RowsTableModel([
            Column("Date", lambda r: short_date(r.taken_on), sort=lambda r: r.taken_on.toordinal()),
            Column("Value", lambda r: number_text(r.value), sort=lambda r: r.value,
                   align_right=True),
            Column("Note", lambda r: r.note or ""),
        ])
        self.readings = TableWithEmptyState(self.readings_model,
                                            "Select a KPI to see and add its readings.")
        self.readings.stretch_column(2)
        self.reading_date = DateEdit()
        self.reading_value = QLineEdit(placeholderText="Value")
        self.reading_value.setFixedWidth(100)
        self.reading_note = QLineEdit(placeholderText="Note (optional)")
        self.reading_error = error_label()
        add_reading = QPushButton("Add reading")
        remove_reading = QPushButton("Remove")
        add_reading.clicked.connect(self.add_reading)
        self.reading_value.returnPressed.connect(self.add_reading)
        remove_reading.clicked.connect(self.remove_reading)
        reading_row = QHBoxLayout()
        for widget in (self.reading_date, self.reading_value, self.reading_note, add_reading,
                       remove_reading):
            reading_row.addWidget(widget)
        reading_row.setStretch(2, 1)
        buttons = QHBoxLayout()
        for text, slot in (("Add KPI…", self.add), ("Edit…", self._edit_selected),
                           ("Remove", self._remove)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        # The KPIs over the selected one's readings, with its chart beside them: the KPI
        # table gets the width its columns need (money and figures are never cut).
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 3)
        left_layout.addLayout(buttons)
        left_layout.addWidget(hint("Readings of the selected KPI"))
        left_layout.addWidget(self.readings, 2)
        left_layout.addLayout(reading_row)
        left_layout.addWidget(self.reading_error)
        self.chart = ChartView("Select a KPI to chart its progress.", file_stem="kpi")
        self.chart.setMinimumHeight(220)
        self.reading_controls = [self.readings, self.reading_date, self.reading_value,
                                 self.reading_note, add_reading, remove_reading]
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("7. Measures of success", 4))
        layout.addWidget(self.splitter)
        self.setMinimumHeight(420)

    def show_kpis(self, plan_id: int, kpis: list[Kpi], kickoff: date | None) -> None:
        self.plan_id, self.kickoff = plan_id, kickoff
        selected = self._selected()
        selected_id = selected.id if selected else None
        self.model.set_rows(kpis)
        self.table.select_where(lambda kpi: kpi.id == selected_id)
        self._show_readings()
        fit_first_pane(self.splitter, self.table.table.width_of_columns())

    def _selected(self) -> Kpi | None:
        rows = self.table.selected_rows()
        return rows[0] if rows else None

    def _show_readings(self) -> None:
        kpi = self._selected()
        for control in (*self.reading_controls, self.chart):  # a KPI's, once one is chosen
            control.setEnabled(kpi is not None)
        self.readings_model.set_rows(list(reversed(kpi.readings)) if kpi else [])
        if kpi is not None:
            from csdesk.charts.kpi import kpi_figure
            from csdesk.services.chart_data import kpi_chart

            self.chart.show_figure(kpi_figure(kpi_chart(kpi, self.kickoff), width=5.2,
                                              height=2.8))
            self.chart.file_stem = kpi.name

    def _dialog(self, kpi: Kpi | None) -> FormDialog:
        dialog = FormDialog("Edit KPI" if kpi else "Add KPI", self)
        value = (lambda k: getattr(kpi, k)) if kpi else (lambda k: None)
        dialog.add("name", "KPI", QLineEdit(), value("name"))
        dialog.add("unit", "Unit", QLineEdit(), value("unit"))
        dialog.add("baseline", "Baseline", QLineEdit(), value("baseline"))
        dialog.add("target", "Target", QLineEdit(), value("target"))
        dialog.add("target_date", "Target date", DateEdit(), value("target_date"))
        notes = QPlainTextEdit()
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(70)
        dialog.add("notes", "Notes", notes, value("notes"))
        return dialog

    def add(self) -> None:
        plan_id = self.plan_id
        if plan_id is None:
            return
        plans = self.ctx.services.plans
        dialog = self._dialog(None)
        dialog.save = self.ctx.editor.dialog_adds(
            lambda values: f"Add KPI {values['name'].strip()}",
            lambda values: plans.add_kpi(plan_id, **values), "Kpi", plans.remove_kpi,
            self.ctx.account_id)
        dialog.open()

    def edit(self, kpi: Kpi) -> None:
        dialog = self._dialog(kpi)
        old = {k: getattr(kpi, k) for k in FIELDS}
        plans = self.ctx.services.plans

        def as_numbers(values: dict) -> dict:
            # Compare as numbers: "120" typed again is not a change of the baseline 120.
            for key in ("baseline", "target"):
                try:
                    if str(values[key]).strip() and type(old[key])(values[key]) == old[key]:
                        values[key] = old[key]
                except ArithmeticError:
                    pass
            return values

        dialog.save = self.ctx.editor.dialog_edits(f"Edit KPI {kpi.name}", plans.update_kpi,
                                                   kpi.id, old, self.ctx.account_id,
                                                   adjust=as_numbers)
        dialog.open()

    def _edit_selected(self) -> None:
        kpi = self._selected()
        if kpi:
            self.edit(kpi)

    def _remove(self) -> None:
        kpi = self._selected()
        if kpi:
            self.ctx.editor.delete(f"Remove KPI {kpi.name}", "Kpi", kpi.id,
                                   self.ctx.services.plans.remove_kpi, self.ctx.account_id)

    def add_reading(self) -> None:
        kpi = self._selected()
        if kpi is None:
            return
        plans = self.ctx.services.plans
        try:
            when = self.reading_date.value() or self.ctx.today()
        except ValueError as error:
            show_error(self.reading_error, f"date '{self.reading_date.text()}' is {error}")
            return
        value, note = self.reading_value.text(), self.reading_note.text()
        same_day = next((r for r in kpi.readings if r.taken_on == when), None)
        editor, account_id = self.ctx.editor, self.ctx.account_id
        refused, landed = outcome(self.reading_error, self.reading_value, self.reading_note)

        def replace_theirs() -> None:
            old: list[Any] = []  # theirs, read where it is replaced

            def first() -> Any:
                reading = next(r for r in plans.get(account_id).kpis if r.id == kpi.id)
                theirs = next(r for r in reading.readings if r.taken_on == when)
                old[:] = [theirs.value, theirs.note]
                return plans.record_reading(kpi.id, when, value, note)

            editor.submit(f"Replace reading of {kpi.name}",
                          lambda: plans.record_reading(kpi.id, when, value, note),
                          lambda: plans.record_reading(kpi.id, when, *old), account_id,
                          first=first, kinds=[PLAN], refused=refused, landed=landed)

        def not_added(error: CsdeskError) -> None:
            if not isinstance(error, ConflictError):  # e.g. the server is out of reach
                show_error(self.reading_error, f"Not saved: {error}")
            elif editor.keep_mine is not None and editor.keep_mine(error):
                replace_theirs()  # someone else read the KPI that day: mine, knowingly
            else:
                editor.announce(Changes.of(account_id, PLAN))

        if same_day:  # replaces that day's reading; undo puts the old value back
            old = (same_day.value, same_day.note)
            editor.submit(
                f"Replace reading of {kpi.name}",
                lambda: plans.record_reading(kpi.id, when, value, note, replacing=old),
                lambda: plans.record_reading(kpi.id, when, *old), account_id,
                overwrite=lambda: plans.record_reading(kpi.id, when, value, note),
                kinds=[PLAN], refused=refused, landed=landed)
        else:
            editor.add(f"Add reading of {kpi.name}",
                       lambda: plans.record_reading(kpi.id, when, value, note, replacing=None),
                       "KpiReading", plans.remove_reading, account_id, refused=refused,
                       landed=landed, failed=not_added)

    def remove_reading(self) -> None:
        for reading in self.readings.selected_rows():
            self.ctx.editor.delete("Remove KPI reading", "KpiReading", reading.id,
                                   self.ctx.services.plans.remove_reading, self.ctx.account_id)
