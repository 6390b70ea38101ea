"""The book's tables with typed cells, ready for CSV or XLSX: Today, accounts, renewals, action
items, opportunities, product gaps and the portfolio metrics.

The builders take the rows the app already shows (so "Export table" writes what is on screen,
in its order and filter); `TableService` builds the whole-book versions for the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from csdesk.errors import ValidationError
from csdesk.models import Account, AccountStatus, ActionItem
from csdesk.services.base import Service
from csdesk.services.book import AccountSummary, BookService
from csdesk.services.book_queries import RenewalRow
from csdesk.services.metrics import Metrics
from csdesk.services.schedule import days_late, due_state
from csdesk.services.spreadsheet import Cell, Table, write_table
from csdesk.services.today_agenda import AgendaItem, MeetingWithoutNotes, RiskRow

if TYPE_CHECKING:
    from csdesk.services.growth import GrowthService
    from csdesk.services.portfolio_metrics import MetricsService

MONEY = "#,##0.00"
RATE = "0.0%"
TABLE_NAMES = ("today", "accounts", "renewals", "actions", "metrics", "opportunities", "gaps")


def money(cents: int | Decimal | None) -> Decimal | None:
    """Cents as currency units, exactly (no float)."""
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


def accounts_table(rows: Sequence[AccountSummary]) -> Table:
    return Table(
        "Accounts",
        ["Account", "Segment", "Lifecycle stage", "Industry", "ARR", "Currency",
         "Renewal date", "Days to renewal", "Next milestone", "Milestone due",
         "Milestone status", "Open action items", "Health", "Archived", "Owner"],
        [[r.name, r.segment, r.lifecycle_stage, r.industry, money(r.arr_cents), r.currency,
          r.renewal_date, r.days_to_renewal, r.next_milestone, r.next_milestone_date,
          r.next_milestone_state.label if r.next_milestone_state else None, r.open_actions,
          r.health_score, "yes" if r.archived else "no", r.owner] for r in rows],
        ["", "", "", "", MONEY, "", "", "0", "", "", "", "0", "0", "", ""])


def renewals_table(rows: Sequence[RenewalRow]) -> Table:
    return Table(
        "Renewals",
        ["Account", "Segment", "Renewal date", "Days left", "ARR", "Currency", "Health"],
        [[r.account_name, r.segment, r.renewal_date, r.days_left, money(r.arr_cents),
          r.currency, r.health_score] for r in rows],
        ["", "", "", "0", MONEY, "", "0"])


TODAY_HEADERS = ["Kind", "Account", "What", "Owner", "Due", "Days late", "Status"]


def today_table(due: Sequence[AgendaItem], renewals: Sequence[RenewalRow],
                risks: Sequence[RiskRow], meetings: Sequence[MeetingWithoutNotes],
                today: date) -> Table:
    """Everything on Today, one row per item, in Today's order: the action items and
    milestones overdue or due within the week, the renewals of the next 90 days, the open
    risks and the recent meetings without notes.

    Due: an action item's due date; a milestone's due date (its planned end, as Today shows
    it); a renewal's renewal date; a meeting's date (its notes were due that day). A risk has
    no due date: Due and Days late are empty, and Status says since when it is open.
    Days late: today − Due when positive (`schedule.days_late`, the number Today and every
    other view show), else empty; a renewal in the window is never late.
    """
    rows: list[list[Cell]] = []
    for item in due:
        rows.append(["milestone" if item.kind == "milestone" else "action item",
                     item.account_name, item.text, item.owner, item.due, item.days_late,
                     item.state.label])
    for renewal in renewals:
        left = renewal.days_left
        when = "today" if left == 0 else "tomorrow" if left == 1 else f"in {left} days"
        rows.append(["renewal", renewal.account_name, f"Renews {when}", None,
                     renewal.renewal_date, days_late(renewal.renewal_date, today),
                     due_state(renewal.renewal_date, False, today).label])
    for risk in risks:
        escalated = " (escalated)" if risk.escalated else ""
        rows.append(["risk", risk.account_name, risk.title + escalated, None, None, None,
                     f"{risk.severity.label} · {risk.status.label.lower()} since "
                     f"{risk.detected_on.isoformat()}"])
    for meeting in meetings:
        rows.append(["meeting", meeting.account_name, meeting.title, None, meeting.held_on,
                     days_late(meeting.held_on, today), "No notes yet"])
    return Table("Today", list(TODAY_HEADERS), rows, ["", "", "", "", "", "0", ""])


def opportunities_table(rows: Sequence[Any]) -> Table:
    return Table(
        "Opportunities",
        ["Account", "Kind", "Stage", "Opportunity", "Expected ARR", "Expected", "Next step"],
        [[r.account_name, r.kind.label, r.stage.label, r.title, money(r.expected_arr_cents),
          r.expected_on, r.next_step] for r in rows],
        ["", "", "", "", MONEY, "", ""])


def gaps_table(rows: Sequence[Any]) -> Table:
    """Product gaps ranked by the accounts asking: the list for the product team."""
    return Table(
        "Product gaps",
        ["Product gap", "Accounts", "ARR asking", "Requests", "Last asked", "Accounts asking"],
        [[g.title, g.accounts, money(g.arr_cents), g.requests, g.last_asked,
          ", ".join(g.account_names)] for g in rows],
        ["", "0", MONEY, "0", "", ""])


def metrics_table(periods: Sequence[tuple[str, Metrics]]) -> Table:
    """One row per period, one column per metric (money in currency units, rates as %)."""
    columns: list[tuple[str, str, Callable[[Metrics], Cell]]] = [
        ("Customers at start", "0", lambda m: m.customers_start),
        ("Customers lost", "0", lambda m: m.customers_lost),
        ("New customers", "0", lambda m: m.customers_new),
        ("Logo churn", RATE, lambda m: _rate(m.logo_churn_rate)),
        ("Logo retention", RATE, lambda m: _rate(m.logo_retention_rate)),
        ("ARR at start", MONEY, lambda m: money(m.arr_start)),
        ("ARR at end", MONEY, lambda m: money(m.arr_end)),
        ("New ARR", MONEY, lambda m: money(m.arr_new)),
        ("Expansion ARR", MONEY, lambda m: money(m.arr_expansion)),
        ("Contraction ARR", MONEY, lambda m: money(m.arr_contraction)),
        ("Churned ARR", MONEY, lambda m: money(m.arr_churned)),
        ("Revenue churn", RATE, lambda m: _rate(m.revenue_churn_rate)),
        ("GRR", RATE, lambda m: _rate(m.grr)),
        ("NRR", RATE, lambda m: _rate(m.nrr)),
        ("NPS", "0.0", lambda m: None if m.nps is None
         else m.nps.quantize(Decimal("0.1"), ROUND_HALF_UP)),
        ("NPS responses", "0", lambda m: m.nps_responses),
        ("CSAT", RATE, lambda m: _rate(m.csat)),
        ("CSAT responses", "0", lambda m: m.csat_responses),
    ]
    rows: list[list[Cell]] = []
    for label, metrics in periods:
        values = [value(metrics) for _header, _fmt, value in columns]
        rows.append([label, metrics.start, metrics.end, *values])
    return Table("Metrics", ["Period", "From", "To", *(c[0] for c in columns)], rows,
                 ["", "", "", *(c[1] for c in columns)])


def _rate(value: Decimal | None) -> Decimal | None:
    """A fraction to six decimal places, as `csdesk metrics --json` gives it."""
    return None if value is None else value.quantize(Decimal("0.000001"), ROUND_HALF_UP)


class TableService(Service):
    """The whole book's tables, for the command line (the app exports what it shows)."""

    def __init__(self, workspace: Any, *, book: BookService, metrics: MetricsService,
                 growth: GrowthService) -> None:
        super().__init__(workspace)
        self._book, self._metrics, self._growth = book, metrics, growth

    def table(self, name: str, today: date, start: date | None = None,
              end: date | None = None) -> Table:
        book = self._book
        if name == "today":
            agenda = book.today(today)
            return today_table(agenda.due, agenda.renewals, agenda.risks,
                               agenda.meetings_without_notes, today)
        if name == "accounts":
            return accounts_table(book.account_summaries(today))
        if name == "renewals":
            return renewals_table(book.renewals(today))
        if name == "actions":
            return self.open_actions(today)
        if name == "metrics":
            from csdesk.settings import load

            metrics = self._metrics
            end = end or today
            periods = metrics.by_quarter(end, 4)
            if start is not None:
                periods.append((f"{start.isoformat()} to {end.isoformat()}",
                                metrics.compute(start, end, load().gross_margin)))
            return metrics_table(periods)
        if name == "opportunities":
            return opportunities_table(self._growth.book())
        if name == "gaps":
            return gaps_table(self._growth.ranked_gaps())
        raise ValidationError(f"unknown table '{name}': choose one of {', '.join(TABLE_NAMES)}")

    def open_actions(self, today: date) -> Table:
        """Every open action item of the active book, soonest due first (undated last)."""
        with self._uow() as session:
            rows = session.execute(
                select(Account.name, ActionItem.text, ActionItem.owner, ActionItem.due_date)
                .join(Account, Account.id == ActionItem.account_id)
                .where(and_(Account.archived_at.is_(None), Account.status == AccountStatus.ACTIVE),
                       ActionItem.done_on.is_(None))
                .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, Account.name_key,
                          ActionItem.id)).all()
        return Table(
            "Action items", ["Account", "Action item", "Owner", "Due", "Status"],
            [[name, text, owner, due, due_state(due, False, today).label]
             for name, text, owner, due in rows])

    def export(self, name: str, path: Path, today: date, start: date | None = None,
               end: date | None = None) -> Path:
        return write_table(self.table(name, today, start, end), path)
