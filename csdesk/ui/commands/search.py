"""View → Search (Ctrl+K): search everything; the chosen hit opens in its account and tab."""

from __future__ import annotations

from csdesk.services.search import Hit
from csdesk.ui.commands.base import Host, parent_of
from csdesk.ui.search_dialog import TAB_OF_KIND, SearchDialog


class SearchCommands:
    def __init__(self, window: Host) -> None:
        self.window = window
        self.dialog: SearchDialog | None = None  # the last one opened

    def open_search(self) -> None:
        dialog = SearchDialog(self.window.services, parent_of(self.window))
        dialog.hit_chosen.connect(self.open_hit)
        dialog.open()
        self.dialog = dialog

    def open_hit(self, hit: Hit) -> None:
        self.window.open_account(hit.account_id, TAB_OF_KIND.get(hit.kind, "overview"))
        if hit.kind == "meeting":
            self.window.account_view.meetings.select(hit.ref_id)
