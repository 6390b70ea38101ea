"""`csdesk screenshot`: the real main window rendered offscreen to a PNG (docs, tests, reviews)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from csdesk import clock
from csdesk.errors import CsdeskError
from csdesk.files import replace_file
from csdesk.store.paths import WorkspaceLocation
from csdesk.ui.views.registry import VIEWS

SIZE = (1280, 800)
# The account workspace's tabs (ui/account/workspace.py), without importing Qt for a usage error.
TABS = ("overview", "plan", "path", "meetings", "qbr", "risks", "growth", "activity")
# The main window's views, from their registry (which imports no Qt either).
VIEW_NAMES = VIEWS


def parse_view(view: str) -> tuple[str, str | None, str]:
    """'today' → ('today', None, ''); 'account:Acme:plan' → ('account', 'Acme', 'plan')."""
    kind, _, rest = view.partition(":")
    if kind in (*VIEW_NAMES, "welcome") and not rest:
        return kind, None, ""
    if kind == "account" and rest:
        name, _, tab = rest.rpartition(":") if rest.rsplit(":", 1)[-1] in TABS else (rest, "", "")
        return "account", name, tab
    raise CsdeskError(f"unknown view '{view}': use {', '.join(VIEW_NAMES)} or "
                      f"account:NAME[:{'|'.join(TABS)}]")


def render(location: WorkspaceLocation, view: str, output: Path,
           today: date | None = None, scheme: str | None = None) -> Path:
    kind, name, tab = parse_view(view)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from csdesk.services import Services
    from csdesk.store.workspace import Workspace
    from csdesk.ui.app import make_application
    from csdesk.ui.main_window import MainWindow

    app = make_application()
    if scheme:  # how the window looks when the system is set to light or dark
        from csdesk.ui.palette import dark_palette

        app.setPalette(dark_palette() if scheme == "dark" else app.style().standardPalette())
    workspace = Workspace.open(location, create=False, daily_backup=False)
    try:
        services = Services(workspace)
        window = MainWindow(services, today=(lambda: today) if today else clock.today,
                            remember_layout=False)
        window.resize(*SIZE)
        if kind == "account":
            window.open_account(services.accounts.find(name or "").id, tab)
        elif kind != "welcome":
            window.show_view(kind)
        window.show()
        window.operations.settle()  # the page's data, read off the GUI thread, is shown
        for _ in range(3):
            app.processEvents()
        output.parent.mkdir(parents=True, exist_ok=True)
        image = window.grab()

        def save(partial: Path) -> None:  # the format is named: the partial's suffix is not
            if not image.save(str(partial), "PNG"):
                raise CsdeskError(f"could not write {output}")

        replace_file(output, save)
        window.close()
        return output
    finally:
        workspace.close()
