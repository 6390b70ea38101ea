"""The main window's remembered layout (QSettings): its geometry and toolbars, the last view,
and its splitters, the account tabs' ones included. The splitters restore once the window has
its real size, and an account tab's when the tab is first built."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

from csdesk.ui.account.workspace import AccountWorkspace
from csdesk.ui.splitters import restore
from csdesk.ui.views.registry import VIEWS

if TYPE_CHECKING:
    from csdesk.ui.main_window import MainWindow

# Splitters inside the account tabs: the name they are remembered under -> (tab, the splitter).
ACCOUNT_SPLITTERS: dict[str, tuple[str, Callable[[AccountWorkspace], QSplitter]]] = {
    "meetings": ("meetings", lambda account: account.meetings.splitter),
    # "_v": the milestones now sit over their actions; a side-by-side split is not restored
    "milestones_v": ("plan", lambda account: account.plan.milestones.splitter),
    "measures": ("plan", lambda account: account.plan.measures.splitter),
    "path": ("path", lambda account: account.path.splitter),
    "path_stages": ("path", lambda account: account.path.stage_splitter),
    "risks": ("risks", lambda account: account.risks.splitter),
    "growth": ("growth", lambda account: account.growth.splitter),
}


class WindowState:
    """With ``remember`` off (tests, screenshots) nothing is read or written: 1280×800 and
    Today."""

    def __init__(self, window: MainWindow, remember: bool) -> None:
        self.window = window
        self.remember = remember
        self.splitters_restored = False

    def restore(self) -> None:
        window = self.window
        if not self.remember:
            window.resize(1280, 800)
            window.show_view("today")
            return
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        else:
            window.resize(1280, 800)
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        last = settings.value("main_window/view", "today")
        window.show_view(last if last in VIEWS else "today")

    def shown(self) -> None:
        """The window is shown: the splitters restore, once (before, they rescale wrongly)."""
        if not self.remember or self.splitters_restored:
            return
        self.splitters_restored = True
        settings = QSettings()
        for name, splitter in self.splitters().items():
            sizes = settings.value(f"splitters/{name}")
            if isinstance(sizes, QByteArray):
                restore(splitter, sizes)

    def splitters(self) -> dict[str, QSplitter]:
        """The splitters to remember: the account tabs' only once built (see `tab_built`)."""
        window = self.window
        found = {"navigation": window.splitter, "today": window.today_view.splitter,
                 "today_lists": window.today_view.lists,
                 "portfolio": window.portfolio_view.splitter}
        for name, (tab, splitter_of) in ACCOUNT_SPLITTERS.items():
            if window.account_view.is_built(tab):
                found[name] = splitter_of(window.account_view)
        return found

    def tab_built(self, tab: str) -> None:
        """A tab built after the window restored its layout gets its remembered splitters."""
        if not self.remember or not self.splitters_restored:
            return
        settings = QSettings()
        for name, (owner, splitter_of) in ACCOUNT_SPLITTERS.items():
            sizes = settings.value(f"splitters/{name}")
            if owner == tab and isinstance(sizes, QByteArray):
                restore(splitter_of(self.window.account_view), sizes)

    def save(self) -> None:
        if not self.remember:
            return
        window = self.window
        settings = QSettings()
        settings.setValue("main_window/geometry", window.saveGeometry())
        settings.setValue("main_window/state", window.saveState())
        view = window.current_view()
        settings.setValue("main_window/view", view if view in VIEWS else "accounts")
        for name, splitter in self.splitters().items():
            settings.setValue(f"splitters/{name}", splitter.saveState())
