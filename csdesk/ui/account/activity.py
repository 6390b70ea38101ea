"""Activity tab: the account's timeline of changes, newest first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from csdesk.models import ActivityEntry
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.table_model import Column, RowsTableModel
from csdesk.ui.widgets import TableWithEmptyState


def _local(entry: ActivityEntry) -> str:
    return entry.at.astimezone().strftime("%Y-%m-%d %H:%M")


class ActivityTab(QWidget):
    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.model: RowsTableModel[ActivityEntry] = RowsTableModel([
            Column("When", _local, sort=lambda e: e.at.timestamp() + e.id / 1e9),
            Column("What changed", lambda e: e.summary),
            Column("Who", lambda e: e.actor or "", tooltip=lambda e: None if e.actor else
                   "Made before a name was set in Tools → Settings"),
        ])
        self.table = TableWithEmptyState(self.model, "Nothing has changed on this account yet.")
        self.table.stretch_column(1)
        self.table.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def load(self) -> Loader:
        """What the tab shows, read by the returned function (off the GUI thread)."""
        services, account_id = self.ctx.services, self.ctx.account_id
        return lambda: services.activity.for_account(account_id)

    def show(self, rows: list[ActivityEntry]) -> None:
        self.model.set_rows(rows)
        # Who: shown once someone has set a name (a team); a CSM on their own never needs it.
        self.table.table.setColumnHidden(2, not any(e.actor for e in rows))

