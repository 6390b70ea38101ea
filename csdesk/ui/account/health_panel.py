"""The account's health: the score, its band, every component with its weight, contribution and
the fact behind it; the CSM's sentiment (with a note); the score's history. An account not
scored yet (too little data so far) says so and which components lack data."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from csdesk.errors import ValidationError
from csdesk.models import Account
from csdesk.services import Services
from csdesk.services.health_score import Band, Component, HealthScore
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.chart_view import ChartView
from csdesk.ui.status_colours import readable
from csdesk.ui.table_model import ALERT, GOOD, WARN, Column, RowsTableModel
from csdesk.ui.widgets import TableWithEmptyState, error_label, hint, show_error

BAND_COLOURS = {Band.HEALTHY: GOOD, Band.AT_RISK: WARN, Band.UNHEALTHY: ALERT}


class HealthPanel(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.total_weight = 0
        self.summary = QLabel()
        self.summary.setObjectName("health_summary")
        self.summary.setWordWrap(True)  # "Not scored yet" says why at some length
        self.model: RowsTableModel[Component] = RowsTableModel([
            Column("Component", lambda c: c.label),
            Column("Weight", lambda c: str(c.weight), sort=lambda c: c.weight, align_right=True),
            Column("Score", lambda c: "—" if c.score is None else str(c.score),
                   sort=lambda c: -1 if c.score is None else c.score, align_right=True,
                   colour=lambda c: None if c.score is None else
                   GOOD if c.score >= 70 else WARN if c.score >= 40 else ALERT),
            Column("Adds", lambda c: "—" if c.contribution(self.total_weight) is None
                   else f"{c.contribution(self.total_weight):.1f}", align_right=True),
            Column("Why", lambda c: c.reason),
        ])
        self.table = TableWithEmptyState(self.model, "No health score yet.")
        self.table.stretch_column(4)
        self.table.keep_whole(0)  # "Adoption (KPI progress)": the reason may elide first
        self.table.table.setSortingEnabled(False)
        self.table.proxy.sort(-1)  # the components in their fixed order
        self.table.setMinimumHeight(190)
        self._shown: tuple[int | None, str | None] = (None, None)  # sentiment, note
        self.sentiment = QSpinBox()
        self.sentiment.setRange(0, 100)
        self.sentiment.setObjectName("sentiment")
        self.sentiment_note = QLineEdit(placeholderText="Why? (required), e.g. “champion is "
                                                        "leaving in January”")
        self.set_button = QPushButton("Set sentiment")
        self.clear_button = QPushButton("Clear")
        self.set_button.clicked.connect(self.set_sentiment)
        self.clear_button.clicked.connect(self.clear_sentiment)
        self.error = error_label()
        self.chart = ChartView("No history yet.", file_stem="health")
        self.chart.setMinimumHeight(170)
        row = QHBoxLayout()
        row.addWidget(QLabel("Your sentiment"))
        row.addWidget(self.sentiment)
        row.addWidget(self.sentiment_note, 1)
        row.addWidget(self.set_button)
        row.addWidget(self.clear_button)
        left = QVBoxLayout()
        left.addWidget(self.summary)
        left.addWidget(self.table)
        left.addWidget(hint("Each component scores 0–100 from one fact; the score is their "
                            "weighted mean. Weights: Tools → Health score weights."))
        left.addLayout(row)
        left.addWidget(self.error)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addWidget(self.chart, 2)

    def load(self) -> Loader:
        services, account_id, today = self.ctx.services, self.ctx.account_id, self.ctx.today()
        return lambda: load_health(services, account_id, today)

    def show_data(self, data: HealthData) -> None:
        result, account = data.score, data.account
        # Without a score, no component adds to one.
        self.total_weight = result.total_weight if result.score is not None else 0
        self.model.set_rows(result.components)
        if result.score is None:
            title = "Not scored" if result.left_book else "Not scored yet"
            self.summary.setText(f"<b>{title}</b>: {html.escape(result.why_not)}.")
            self.summary.setToolTip("" if result.left_book else
                                    "An account is scored once its components with data carry "
                                    "at least half of the weights; until then it is left out "
                                    "of the portfolio's health figures.")
        else:
            self.summary.setToolTip("")
            colour = readable(BAND_COLOURS[result.band]).name()
            self.summary.setText(f"<span style='font-size:15pt; color:{colour}'><b>"
                                 f"{result.score}</b></span> <b style='color:{colour}'>"
                                 f"{result.band.label}</b> · healthy from 70, at risk from 40")
        if not self.sentiment_note.hasFocus():
            self.sentiment.setValue(account.sentiment if account.sentiment is not None else 50)
            self.sentiment_note.setText(account.sentiment_note or "")
            self.sentiment_note.setCursorPosition(0)  # show how the note begins
            self._shown = (account.sentiment, account.sentiment_note)
        self.clear_button.setEnabled(account.sentiment is not None)
        if data.figure is not None:
            self.chart.show_figure(data.figure)

    def _sentiment(self, value: int | None, note: str | None) -> None:
        account_id = self.ctx.account_id
        services, today = self.ctx.services, self.ctx.today()
        old = self._shown  # as this panel showed it when the edit began
        saved: list[tuple[int | None, str | None]] = []  # as stored: what undo expects

        def apply(score: int | None, text: str | None, original: tuple | None) -> None:
            saved[:] = [services.health.set_sentiment(account_id, score, text, today,
                                                      original=original)]

        self._shown = (value, note)  # what the next edit expects, before the reload shows it

        def refused(error: ValidationError) -> None:
            self._shown = old
            show_error(self.error, str(error))

        self.ctx.editor.submit("Set CSM sentiment" if value is not None else
                               "Clear CSM sentiment", lambda: apply(value, note, old),
                               lambda: apply(*old, saved[0]), account_id,
                               overwrite=lambda: apply(value, note, None), refused=refused,
                               landed=lambda _result: show_error(self.error, None))

    def set_sentiment(self) -> None:
        self._sentiment(self.sentiment.value(), self.sentiment_note.text())

    def clear_sentiment(self) -> None:
        self.sentiment_note.clear()
        self._sentiment(None, None)


@dataclass(frozen=True)
class HealthData:
    """What the panel shows, read in one go (off the GUI thread)."""

    score: HealthScore
    account: Account
    history: list[tuple[date, int]]
    figure: Any = None  # the history chart, drawn where it was read (None without history)


def load_health(services: Services, account_id: int, today: date) -> HealthData:
    history = [(s.taken_on, s.score) for s in services.health.history(account_id)]
    return HealthData(services.health.explain(account_id, today), services.accounts.get(account_id),
                      history, _history_figure(history) if history else None)


def _history_figure(history: list[tuple[date, int]]) -> Any:
    """The chart of the score over time, built where the data is read: matplotlib (and its Qt
    canvas, imported here too) take most of a second to import the first time."""
    import matplotlib.backends.backend_qtagg  # noqa: F401  (imported off the GUI thread)

    from csdesk.charts.dashboard import health_history_figure
    from csdesk.charts.data import HealthHistoryChart

    return health_history_figure(HealthHistoryChart("Health over time", history), width=5.4,
                                 height=2.2)
