"""Critical path tab: plan the account from a template, track every stage in place (dates,
exit-criteria checklist, barriers, owner, notes) beside the chart of its progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from csdesk.models import Milestone, MilestoneStatus
from csdesk.services.chart_data import critical_path_chart, describe_ttfv
from csdesk.services.tracking import PathHealth, PathTrack, StageStatus, StageTrack
from csdesk.services.validation import parse_date
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.account.stage_details import StageDetails
from csdesk.ui.chart_view import ChartView
from csdesk.ui.format import short_date
from csdesk.ui.splitters import fit_first_pane
from csdesk.ui.status_colours import readable
from csdesk.ui.table_model import ALERT, GOOD, WARN, Column, RowsTableModel
from csdesk.ui.widgets import DateEdit, TableWithEmptyState, error_label, hint, show_error

HEALTH_COLOURS = {PathHealth.ON_TRACK: GOOD, PathHealth.AT_RISK: WARN,
                  PathHealth.OFF_TRACK: ALERT}
STATUS_COLOURS = {StageStatus.OVERDUE: ALERT, StageStatus.DONE_LATE: ALERT,
                  StageStatus.DUE: WARN, StageStatus.DONE_ON_TIME: GOOD}
PLANNED, ACTUAL = 1, 2


def _late_text(s: StageTrack) -> str:
    """Days late (open work past its due date) or done late; nothing for work not yet due."""
    if s.days_late is not None:
        return f"{s.days_late} d late"
    if s.done_late_days is not None:
        return f"done {s.done_late_days} d late"
    return "on time" if s.stage.actual else ""


def _forecast_text(s: StageTrack) -> str:
    if s.forecast is None:
        return ""
    slip = s.forecast_slip_days or 0
    return short_date(s.forecast) + (f" (+{slip} d)" if slip > 0 else "")


class PathTab(QWidget):
    templates_requested = Signal()

    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.track: PathTrack | None = None
        self._milestones: dict[int, Milestone] = {}
        self.template = QComboBox()
        self.template.setObjectName("path_template")
        self.kickoff = DateEdit()
        self.kickoff.setObjectName("path_kickoff")
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Plan the stages from the template and kick-off date; "
                                     "stages already achieved are kept as they are")
        self.apply_button.clicked.connect(self.apply)
        manage = QPushButton("Templates…")
        manage.clicked.connect(self.templates_requested)
        self.health = QLabel()
        self.health.setObjectName("path_health")
        self.health.setWordWrap(True)
        self.error = error_label()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Template"))
        bar.addWidget(self.template, 1)
        bar.addWidget(QLabel("Kick-off"))
        bar.addWidget(self.kickoff)
        bar.addWidget(self.apply_button)
        bar.addWidget(manage)
        self.model: RowsTableModel[StageTrack] = RowsTableModel([
            Column("Stage", lambda s: ("★ " if s.stage.first_value else "") + s.stage.name),
            Column("Due", lambda s: short_date(s.stage.due), editable=True,
                   sort=lambda s: s.stage.due.toordinal() if s.stage.due else 10**9,
                   tooltip=lambda s: (f"planned {short_date(s.stage.planned)} to "
                                      f"{short_date(s.stage.planned_end)}; due at the end"
                                      if s.stage.planned_end else "")),
            Column("Actual", lambda s: short_date(s.stage.actual), editable=True,
                   sort=lambda s: s.stage.actual.toordinal() if s.stage.actual else 10**9),
            Column("Status", lambda s: s.status.label, colour=lambda s: STATUS_COLOURS.get(
                s.status), bold=lambda s: s.status is StageStatus.OVERDUE),
            Column("Late", _late_text, sort=lambda s: s.late_days or 0, align_right=True,
                   colour=lambda s: ALERT if s.days_late else None),
            Column("Forecast", _forecast_text, tooltip=lambda s: s.forecast_words()),
        ])
        self.model.edited.connect(self._on_edited)
        self.stages = TableWithEmptyState(
            self.model, "No critical path yet. Pick a template and a kick-off date, then Apply: "
                        "every stage gets a planned date.")
        self.stages.stretch_column(0)
        self.stages.table.setSortingEnabled(False)
        self.stages.proxy.sort(-1)  # the path's own order
        self.stages.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                          | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.stages.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.details = StageDetails(context)
        self.chart = ChartView("The chart appears once the stages have planned dates.",
                               file_stem="critical-path")
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.stages, 1)
        table_layout.addWidget(hint("Double-click a date to change it (YYYY-MM-DD; empty "
                                    "clears the actual date)."))
        # The stages over their details: the table asks for the height of every stage (see
        # `show`) until the CSM moves the split, which is then remembered.
        self.stage_splitter = QSplitter(Qt.Orientation.Vertical)
        self.stage_splitter.addWidget(table_box)
        self.stage_splitter.addWidget(self.details)
        self.stage_splitter.setStretchFactor(0, 3)
        self.stage_splitter.setStretchFactor(1, 2)
        self.stage_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.stage_splitter)
        self.splitter.addWidget(self.chart)
        # The table's columns whole (stage names, dates, status, forecast) before the chart,
        # which scales to what is left.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([640, 460])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.health)
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)

    def load(self) -> Loader:
        """The plan, the templates, the milestones tracked and the account's name, read by
        the returned function (off the GUI thread)."""
        services, today, account_id = self.ctx.services, self.ctx.today(), self.ctx.account_id

        def load() -> tuple[Any, ...]:
            plan = services.plans.get(account_id)
            return (plan, services.templates.list(), services.critical_path.milestones(plan.id),
                    services.critical_path.track(account_id, today),
                    services.accounts.get(account_id).name)

        return load

    def show(self, data: tuple[Any, ...]) -> None:
        plan, templates, milestones, self.track, name = data
        self.template.clear()
        for template in templates:
            self.template.addItem(f"{template.name} · {len(template.stages)} stages",
                                  template.id)
        index = self.template.findData(plan.template_id)
        self.template.setCurrentIndex(max(0, index))
        if not self.kickoff.hasFocus():
            self.kickoff.set_value(plan.kickoff_date)
        self.apply_button.setText("Re-plan" if plan.template_id else "Apply")
        self._milestones = {m.id: m for m in milestones}
        selected = self._selected_id()
        if selected is None and self.track.next_stage:  # start where the work is
            selected = self.track.next_stage.stage.id
        self.model.set_rows(self.track.stages)
        self._select(selected)
        fit_first_pane(self.stage_splitter, self.stages.table.height_of_rows()
                       + self.fontMetrics().height() + 12)  # and the hint under it
        self._show_health(self.track)
        from csdesk.charts.critical_path import critical_path_figure

        if any(s.stage.due for s in self.track.stages):
            self.chart.show_figure(critical_path_figure(
                critical_path_chart(name, self.track), width=7.5))
        self.chart.file_stem = f"{name} critical path"

    def _show_health(self, t: PathTrack) -> None:
        colour = HEALTH_COLOURS.get(t.health)
        style = f"color:{readable(colour).name()};" if colour else ""
        details = ""
        if t.health is not PathHealth.NOT_PLANNED:
            done = f"{t.done_count} of {len(t.stages)} stages done"
            details = ("" if done in t.reason or t.done_count == len(t.stages)
                       else f" · {done}") + f" · {describe_ttfv(t)}"
            if t.pace:
                details += f" · pace {t.pace:.2f}× plan"
        self.health.setText(f"<b style='{style}'>{t.health.label}</b>: {t.reason}{details}")

    def _selected_id(self) -> int | None:
        rows = self.stages.selected_rows()
        return rows[0].stage.id if rows else None

    def _select(self, milestone_id: int | None) -> None:
        if self.stages.select_where(lambda row: row.stage.id == milestone_id):
            return
        self._show_selected()

    def _show_selected(self) -> None:
        selected = self._selected_id()
        self.details.show_stage(self._milestones.get(selected) if selected else None)

    def apply(self) -> None:
        account_id = self.ctx.account_id
        template_id = self.template.currentData()
        try:
            kickoff = self.kickoff.value()
        except ValueError as error:
            show_error(self.error, f"kick-off date '{self.kickoff.text()}' is {error}")
            return
        if template_id is None or kickoff is None:
            show_error(self.error, "Pick a template and a kick-off date first.")
            return
        services = self.ctx.services
        before: dict[str, Any] = {}  # the path as it was, read where it is replaced

        def first() -> None:
            plan = services.plans.get(account_id)
            before.update(plan=plan.id, template=plan.template_id, kickoff=plan.kickoff_date,
                          snapshots=[services.restore.snapshot("Milestone", m.id)
                                     for m in services.critical_path.milestones(plan.id)])
            services.critical_path.apply_template(plan.id, template_id, kickoff)

        def undo() -> None:  # put the path back exactly as it was
            for milestone in services.critical_path.milestones(before["plan"]):
                services.critical_path.remove_milestone(milestone.id)
            for snapshot in before["snapshots"]:
                services.restore.restore(snapshot, account_id=account_id,
                                         summary="Critical path restored (undo)")
            services.plans.update(before["plan"], kickoff_date=before["kickoff"],
                                  template_id=before["template"])

        self.ctx.editor.submit(
            "Plan the critical path",
            lambda: services.critical_path.apply_template(before["plan"], template_id, kickoff),
            undo, account_id, first=first,
            refused=lambda error: show_error(self.error, str(error)),
            landed=lambda _result: show_error(self.error, None))

    def _on_edited(self, row: StageTrack, column: int, text: str) -> None:
        field = {PLANNED: "planned_date", ACTUAL: "actual_date"}[column]
        milestone = self._milestones.get(row.stage.id)
        if field == "planned_date" and milestone is not None and milestone.planned_end_date:
            field = "planned_end_date"  # the column shows the due date: the end of the span
        try:
            value: date | None = parse_date(text) if text.strip() else None
        except ValueError as error:
            show_error(self.error, f"{row.stage.name}: '{text}' is {error}")
            return
        if milestone is None:
            return
        changes = {field: value}
        if field == "planned_end_date" and value and milestone.planned_date and \
                value < milestone.planned_date:
            changes["planned_date"] = value  # a due date before the start: a one-day stage
        if field == "planned_end_date" and value is None:
            field, changes = "planned_date", {"planned_date": None, "planned_end_date": None}
        if field == "actual_date":  # the status follows, so undo restores both
            changes["status"] = (MilestoneStatus.DONE if value else
                                 MilestoneStatus.IN_PROGRESS
                                 if milestone.status is MilestoneStatus.DONE else milestone.status)
        old = {k: getattr(milestone, k) for k in changes}
        self.ctx.editor.save_fields(
            f"Change {row.stage.name} {field.replace('_', ' ')}",
            self.ctx.services.critical_path.update_milestone, milestone.id, old, changes,
            self.ctx.account_id, refused=lambda error: show_error(self.error, str(error)),
            saved=lambda: show_error(self.error, None))
