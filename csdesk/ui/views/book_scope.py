"""Whose accounts a list shows on a team workspace: the whole Team's, or My book (the accounts
whose owner is you; your name is set in Tools → Settings)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QComboBox

Row = TypeVar("Row")


class BookScope(QComboBox):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("account_scope")
        self.addItem("Team", "team")
        self.addItem("My book", "mine")
        self.my_name = ""
        self.set_my_name("")

    def set_my_name(self, name: str) -> None:
        """Without a name, only Team can be chosen."""
        self.my_name = name.strip()
        item = self.model().item(1)
        item.setEnabled(bool(self.my_name))
        item.setToolTip("" if self.my_name else "Set your name in Tools → Settings first")
        if not self.my_name:
            self.setCurrentIndex(0)

    @property
    def mine_only(self) -> bool:
        return self.currentData() == "mine" and bool(self.my_name)

    def accepts(self, owner: str | None) -> bool:
        return not self.mine_only or (owner or "").casefold() == self.my_name.casefold()

    def row_filter(self, owner_of: Callable[[Row], str | None],
                   also: Callable[[Row], bool] | None = None) -> Callable[[Row], bool] | None:
        """A filter for a table's rows: in scope, and accepted by ``also`` if given; None
        when every row shows."""
        if not self.mine_only:
            return also

        def accept(row: Any) -> bool:
            return self.accepts(owner_of(row)) and (also is None or also(row))

        return accept
