"""The portfolio dashboard: tiles for the numbers a CSM is judged on, for a chosen period, and
the ARR bridge, NRR and GRR by quarter, and the health distribution."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from csdesk.services.portfolio_metrics import PERIODS, Dashboard
from csdesk.ui.chart_view import ChartView
from csdesk.ui.format import format_money
from csdesk.ui.status_colours import readable
from csdesk.ui.table_model import ALERT, GOOD, WARN


def _pct(value: Decimal | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


class Tile(QFrame):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("tile")
        self.title = QLabel(title)
        self.title.setEnabled(False)
        self.value = QLabel("—")
        self.value.setObjectName("tile_value")
        self.note = QLabel()
        self.note.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        for label in (self.title, self.value, self.note):
            layout.addWidget(label)

    def show_value(self, value: str, note: str = "", colour=None) -> None:
        style = f"color:{readable(colour).name()};" if colour is not None else ""
        self.value.setText(f"<span style='font-size:17pt; font-weight:600; {style}'>"
                           f"{value}</span>")
        self.note.setText(note)


class DashboardPanel(QWidget):
    period_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.period = QComboBox()
        self.period.setObjectName("dashboard_period")
        self.period.addItems(PERIODS)
        self.period.setCurrentText("Last 12 months")
        self.period.activated.connect(lambda _i: self.period_changed.emit(
            self.period.currentText()))
        self.range = QLabel()
        self.tiles = {key: Tile(title) for key, title in (
            ("arr", "ARR"), ("nrr", "Net revenue retention"), ("grr", "Gross revenue retention"),
            ("churn", "Logo churn"), ("nps", "NPS"), ("csat", "CSAT"),
            ("unhealthy", "Unhealthy accounts"), ("renewals", "Renewals due in 90 days"))}
        grid = QGridLayout()
        for index, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, index // 4, index % 4)
        self.bridge = ChartView("No ARR recorded yet.", file_stem="arr-bridge")
        self.quarters = ChartView("No ARR recorded yet.", file_stem="nrr-by-quarter")
        self.health = ChartView("No health scores yet.", file_stem="health-distribution")
        charts = QHBoxLayout()
        for chart in (self.bridge, self.quarters, self.health):
            chart.setMinimumHeight(240)
            charts.addWidget(chart)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Period"))
        bar.addWidget(self.period)
        bar.addWidget(self.range, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)

    def show_dashboard(self, data: Dashboard) -> None:
        m = data.metrics
        cur = data.currency
        self.range.setText(f"{m.start.isoformat()} to {m.end.isoformat()} ({m.period_days} "
                           "days)")
        self.tiles["arr"].show_value(format_money(m.arr_end, cur),
                                     f"from {format_money(m.arr_start, cur)} at the start")
        self.tiles["nrr"].show_value(_pct(m.nrr), "expansion less contraction and churn",
                                     _rate_colour(m.nrr, Decimal(1), Decimal("0.9")))
        self.tiles["grr"].show_value(_pct(m.grr), "never above 100%",
                                     _rate_colour(m.grr, Decimal("0.9"), Decimal("0.8")))
        self.tiles["churn"].show_value(
            _pct(m.logo_churn_rate), f"{m.customers_lost} of {m.customers_start} customers lost",
            None if m.logo_churn_rate is None else ALERT if m.logo_churn_rate > Decimal("0.1")
            else GOOD)
        nps = "—" if m.nps is None else f"{m.nps:+.0f}"
        self.tiles["nps"].show_value(nps, f"{m.nps_responses} responses",
                                     None if m.nps is None else GOOD if m.nps >= 30 else
                                     ALERT if m.nps < 0 else WARN)
        self.tiles["csat"].show_value(_pct(m.csat, 0), f"{m.csat_responses} responses")
        not_yet = f"; {data.not_scored} not scored yet" if data.not_scored else ""
        self.tiles["unhealthy"].show_value(
            _pct(data.unhealthy_share, 0),
            f"{data.unhealthy} of {len(data.scores)} scored{not_yet}",
            None if data.unhealthy_share is None else ALERT
            if data.unhealthy_share > Decimal("0.25") else GOOD)
        self.tiles["unhealthy"].setToolTip(
            "Accounts scored below 40, as a share of the active accounts with a score. "
            "Churned and archived accounts are left out, and so are accounts not scored yet "
            "(their components with data carry less than half of the health weights)"
            + (f": {data.not_scored} now." if data.not_scored else "."))
        self.tiles["renewals"].show_value(str(data.renewals_90),
                                          f"{format_money(data.renewals_90_cents, cur)} ARR")
        from csdesk.charts.dashboard import (
            arr_bridge_figure,
            health_distribution_figure,
            rates_by_quarter_figure,
        )
        from csdesk.charts.data import ArrBridgeChart, HealthDistributionChart, QuarterRates

        self.bridge.show_figure(arr_bridge_figure(ArrBridgeChart(
            "ARR bridge", cur, m.arr_start, m.arr_expansion, m.arr_contraction, m.arr_churned,
            m.arr_new, m.arr_end), width=4.6, height=3.0))
        self.quarters.show_figure(rates_by_quarter_figure(
            [QuarterRates(label, _float(q.nrr), _float(q.grr)) for label, q in data.quarters],
            width=4.6, height=3.0))
        title = "Health distribution" + (f" ({data.not_scored} not scored yet)"
                                         if data.not_scored else "")
        self.health.show_figure(health_distribution_figure(HealthDistributionChart(
            title, data.scores), width=4.6, height=3.0))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rate_colour(value: Decimal | None, good: Decimal, bad: Decimal):
    if value is None:
        return None
    return GOOD if value >= good else ALERT if value < bad else WARN


