"""Portfolio: every account along its critical path, as a chart and a table."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from csdesk.sentences import capital_first
from csdesk.services.critical_path import PortfolioRow
from csdesk.services.tracking import PathHealth, PathTrack
from csdesk.ui.chart_view import ChartView
from csdesk.ui.splitters import fit_pane
from csdesk.ui.table_model import ALERT, GOOD, WARN, Column, RowsTableModel
from csdesk.ui.views.dashboard import DashboardPanel
from csdesk.ui.widgets import TableWithEmptyState

HEALTH_ORDER = {PathHealth.OFF_TRACK: 0, PathHealth.AT_RISK: 1, PathHealth.ON_TRACK: 2,
                PathHealth.NOT_PLANNED: 3}
HEALTH_COLOURS = {PathHealth.OFF_TRACK: ALERT, PathHealth.AT_RISK: WARN,
                  PathHealth.ON_TRACK: GOOD}


def _late(row: PortfolioRow) -> str:
    """Days late of the account's most late open stage (DOMAIN.md's one meaning of late)."""
    days = row.track.days_late
    return f"{days} late" if days else "—"


class PortfolioView(QWidget):
    account_requested = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        self.chart = ChartView("No account has a critical path yet. Apply a template on an "
                               "account's Critical path tab.", file_stem="portfolio")
        self.model: RowsTableModel[PortfolioRow] = RowsTableModel([
            Column("Account", lambda r: r.account_name),
            Column("Path health", lambda r: r.track.health.label,
                   sort=lambda r: HEALTH_ORDER[r.track.health],
                   colour=lambda r: HEALTH_COLOURS.get(r.track.health),
                   bold=lambda r: r.track.health is PathHealth.OFF_TRACK),
            Column("Stage reached", lambda r: r.track.current_stage.stage.name
                   if r.track.current_stage else "not started"),
            Column("Next stage", lambda r: r.track.next_stage.stage.name
                   if r.track.next_stage else "—"),
            Column("Days late", _late, sort=lambda r: -r.track.days_late, align_right=True),
            Column("Done", lambda r: f"{r.track.done_count}/{len(r.track.stages)}",
                   sort=lambda r: r.track.done_count / max(1, len(r.track.stages)),
                   align_right=True),
            Column("Why", lambda r: capital_first(r.track.reason),
                   tooltip=lambda r: _ttfv_words(r.track)),
            Column("Template", lambda r: r.template_name or "own milestones"),
        ])
        self.table = TableWithEmptyState(
            self.model, "No account has a critical path yet. Apply a template on an account's "
                        "Critical path tab to see it here.")
        self.table.stretch_column(6)
        self.table.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.activated_row.connect(
            lambda r: self.account_requested.emit(r.account_id, "path"))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 300])
        onboarding = QWidget()
        onboarding_layout = QVBoxLayout(onboarding)
        onboarding_layout.setContentsMargins(0, 0, 0, 0)
        onboarding_layout.addWidget(self.title)
        onboarding_layout.addWidget(self.splitter)
        self.dashboard = DashboardPanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.dashboard, "&Dashboard")
        self.tabs.addTab(onboarding, "O&nboarding progress")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def show_rows(self, rows: list[PortfolioRow], today) -> None:
        counts = {health: sum(1 for r in rows if r.track.health is health)
                  for health in PathHealth}
        self.title.setText(
            "<h3 style='margin:0'>Onboarding progress</h3>"
            f"{len(rows)} accounts on a critical path · {counts[PathHealth.OFF_TRACK]} off "
            f"track · {counts[PathHealth.AT_RISK]} at risk · {counts[PathHealth.ON_TRACK]} on "
            "track")
        self.model.set_rows(rows)
        # every account's row in sight when it fits in half the height; the chart the rest
        fit_pane(self.splitter, 1, self.table.table.height_of_rows(), most=0.5)
        if rows:
            from csdesk.charts.portfolio import portfolio_figure
            from csdesk.services.chart_data import portfolio_chart

            chart = replace(portfolio_chart(rows, today), title="")  # the page has a title
            # Drawn at the size it is shown, so the names are placed where they will sit.
            width = max(self.width() - 24, 900) / 100
            self.chart.show_figure(portfolio_figure(chart, width=width, height=4.2))


def _ttfv_words(track: PathTrack) -> str:
    # The chart data (and csdesk.charts) are imported on first use, as for the chart above:
    # about 20 ms of every start-up otherwise.
    from csdesk.services.chart_data import describe_ttfv

    return describe_ttfv(track)
