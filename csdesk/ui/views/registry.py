"""The book's views, declared once: Today, Accounts, Renewals, Portfolio, Opportunities and
Product gaps, each with its name, its row in the navigation list (and its View menu entry,
Ctrl+1 … 6 in this order), its widget, how it loads (a query run off the GUI thread, then
shown), the table File → Export table writes and the tables whose rows are accounts (what
account commands act on).

The main window builds its pages, navigation and view actions from `BOOK_VIEWS`; the
screenshot command checks its --view against `VIEWS`. Importing this module imports no Qt (a
usage error of `csdesk screenshot` is said without it): each widget class is imported when
the window builds it, and the functions below only call the widgets' methods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from csdesk.services import Services
    from csdesk.services.spreadsheet import Table

# (a view's table, how to read a row's account id)
AccountTables = list[tuple[Any, Callable[[Any], int]]]


def _account_id(row: Any) -> int:
    return row.account_id


def _period(widget: Any, today: date) -> tuple[date, date]:
    from csdesk.services.portfolio_metrics import period_dates

    return period_dates(widget.dashboard.period.currentText(), today)


# Each view loads in two halves: `read` runs on the GUI thread only to note what the view
# asks for (a period, a window of days) and returns the query, which runs off the GUI thread
# in one snapshot; `show` puts its result on screen, back on the GUI thread.
Query = Callable[["Services"], Any]


def _read_today(widget: Any, today: date) -> Query:
    owner, limit = widget.owner_in_scope(), widget.row_limit()
    return lambda services: services.book.today(today, owner=owner, limit=limit)


def _read_accounts(widget: Any, today: date) -> Query:
    archived = widget.show_archived.isChecked()
    return lambda services: services.book.account_summaries(today, include_archived=archived)


def _read_renewals(widget: Any, today: date) -> Query:
    days = widget.days
    return lambda services: services.renewals.pipeline(today, days)


def _read_portfolio(widget: Any, today: date) -> Query:
    start, end = _period(widget, today)

    def query(services: Services) -> tuple[Any, Any]:
        from csdesk.services.portfolio_metrics import dashboard

        return (dashboard(services.metrics, today, start, end),
                services.critical_path.portfolio(today))

    return query


def _show_portfolio(widget: Any, data: tuple[Any, Any], today: date) -> None:
    tiles, rows = data
    widget.dashboard.show_dashboard(tiles)
    widget.show_rows(rows, today)


# A view's table for File → Export table, in the same two halves: noted on the GUI thread
# (the rows as shown, a period), built (reading what it needs) where the file is written.
TableRead = Callable[["Services"], "Table"]


def _today_table(widget: Any, today: date) -> TableRead:
    from csdesk.services.tables import today_table

    if widget.agenda.complete:  # all four of its lists, each as shown (My book or Team, order)
        shown = (widget.due.visible_rows(), widget.renewals.visible_rows(),
                 widget.risks.visible_rows(), widget.meetings.visible_rows())
        return lambda _services: today_table(*shown, today)
    owner = widget.owner_in_scope()

    def every_row(services: Services) -> Table:
        # Only the first rows are on screen: every row of the same scope, in Today's order.
        agenda = services.book.today(today, owner=owner)
        return today_table(agenda.due, agenda.renewals, agenda.risks,
                           agenda.meetings_without_notes, today)

    return every_row


def _portfolio_table(widget: Any, today: date) -> TableRead:
    start, end = _period(widget, today)
    return lambda services: services.tables.table("metrics", today, start, end)


def _shown(table_function: str) -> Callable[[Any, date], TableRead]:
    """The view's one table, as shown (filter and order), through `services.tables`' function."""
    def table(widget: Any, _today: date) -> TableRead:
        rows = widget.table.visible_rows()
        function = getattr(import_module("csdesk.services.tables"), table_function)
        return lambda _services: function(rows)

    return table


def _one_table(account_of: Callable[[Any], int]) -> Callable[[Any], AccountTables]:
    return lambda widget: [(widget.table, account_of)]


@dataclass(frozen=True)
class BookView:
    name: str  # what show_view, the saved last view and `csdesk screenshot --view` say
    label: str  # its row in the navigation list and its View menu entry
    attribute: str  # the window's attribute holding its widget
    widget: str  # "module.Class"; built with the window's `today` when `needs_today`
    read: Callable[[Any, date], Query]  # what to ask the services (the query runs off-thread)
    show: Callable[[Any, Any, date], None]  # put the query's result on screen
    table: Callable[[Any, date], TableRead]  # its table as shown, to export (two halves)
    account_tables: Callable[[Any], AccountTables] | None = None  # None: rows of no account
    needs_today: bool = False

    def create(self, today: Callable[[], date]) -> QWidget:
        module, _, name = self.widget.rpartition(".")
        widget_class = getattr(import_module(module), name)
        return widget_class(today) if self.needs_today else widget_class()


BOOK_VIEWS: tuple[BookView, ...] = (
    BookView("today", "Today", "today_view", "csdesk.ui.views.today.TodayView",
             _read_today, lambda w, data, _today: w.show_agenda(data), _today_table,
             lambda w: [(t, _account_id) for t in (w.due, w.renewals, w.risks, w.meetings)],
             needs_today=True),
    BookView("accounts", "Accounts", "accounts_view", "csdesk.ui.views.accounts.AccountsView",
             _read_accounts, lambda w, rows, _today: w.set_rows(rows), _shown("accounts_table"),
             _one_table(lambda row: row.id)),
    BookView("renewals", "Renewals", "renewals_view", "csdesk.ui.views.renewals.RenewalsView",
             _read_renewals, lambda w, pipeline, _today: w.set_pipeline(pipeline),
             _shown("renewals_table"), _one_table(_account_id)),
    BookView("portfolio", "Portfolio", "portfolio_view",
             "csdesk.ui.views.portfolio.PortfolioView", _read_portfolio, _show_portfolio,
             _portfolio_table,
             _one_table(_account_id)),
    BookView("opportunities", "Opportunities", "opportunities_view",
             "csdesk.ui.views.growth.OpportunitiesView",
             lambda _w, _today: lambda services: services.growth.book(),
             lambda w, rows, _today: w.show_rows(rows),
             _shown("opportunities_table"), _one_table(_account_id)),
    BookView("gaps", "Product gaps", "gaps_view", "csdesk.ui.views.growth.ProductGapsView",
             lambda _w, _today: lambda services: services.growth.ranked_gaps(),
             lambda w, rows, _today: w.show_rows(rows),
             _shown("gaps_table")),
)

VIEWS: tuple[str, ...] = tuple(view.name for view in BOOK_VIEWS)
NAV_LABELS: dict[str, str] = {view.name: view.label for view in BOOK_VIEWS}
BY_NAME: dict[str, BookView] = {view.name: view for view in BOOK_VIEWS}
