"""View → Search (Ctrl+K): search everything; the chosen hit opens in its account and tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csdesk.ui.commands.base import Host, parent_of

# The search dialog is imported when first opened: it is not needed to show the window.
if TYPE_CHECKING:
    from csdesk.services.search import Hit
    from csdesk.ui.search_dialog import SearchDialog


class SearchCommands:
    def __init__(self, window: Host) -> None:
        self.window = window
        self.dialog: SearchDialog | None = None  # the last one opened

    def open_search(self) -> None:
        from csdesk.ui.search_dialog import SearchDialog

        dialog = SearchDialog(self.window.services, parent_of(self.window),
                              self.window.operations)
        dialog.hit_chosen.connect(self.open_hit)
        dialog.open()
        self.dialog = dialog

    def open_hit(self, hit: Hit) -> None:
        from csdesk.ui.search_dialog import TAB_OF_KIND

        window = self.window
        window.open_account(hit.account_id, TAB_OF_KIND.get(hit.kind, "overview"))
        if hit.kind == "meeting":  # once the account's meetings are on screen
            window.account_view.when_shown(lambda: window.account_view.meetings.select(hit.ref_id))
