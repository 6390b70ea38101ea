"""`csdesk screenshot`: the real main window rendered offscreen to a PNG (docs, tests, reviews)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from csdesk import clock
from csdesk.errors import CsdeskError
from csdesk.files import replace_file
from csdesk.store.paths import WorkspaceLocation
from csdesk.ui.account.tabs import TAB_LABELS, tab_aliases
from csdesk.ui.views.registry import VIEWS

SIZE = (1280, 800)
# The main window's views and the account workspace's tabs, from the registries the window
# builds them from (neither imports Qt: a usage error is said without it).
VIEW_NAMES = VIEWS
TABS = tuple(tab_aliases())  # each tab's name, then its label ("critical-path")
VIEW_TABS = {"portfolio": ("dashboard", "onboarding")}  # a view's own tabs, in order
# The dialogs: the ToolCommands method that opens each, and the attribute it is kept in
DIALOGS = {"settings": ("open_settings", ""),
           "document-templates": ("open_document_templates", "documents_dialog"),
           "critical-path-templates": ("open_templates", "templates_dialog"),
           "health-weights": ("open_weights", "weights_dialog"),
           "early-warning-rules": ("open_rules", "rules_dialog"),
           "roadmap": ("open_roadmap", "roadmap_dialog")}
# The import wizard at its column mapping, for a file given with --file
IMPORTS = {"import-accounts": "accounts", "import-contacts": "contacts",
           "import-usage": "usage"}
IMPORT_WAIT_S = 60  # reading a large spreadsheet and matching its columns


def choices() -> str:
    """Every --view, for --help and for the message of a view that is not one."""
    views = [f"{view}[:{'|'.join(VIEW_TABS[view])}]" if view in VIEW_TABS else view
             for view in VIEW_NAMES]
    return (", ".join([*views, "welcome (an empty workspace)"])
            + f", account:NAME[:{'|'.join(TABS)}], dialog:{'|'.join(DIALOGS)} or "
            f"dialog:{'|'.join(IMPORTS)} with --file (the import's column mapping)")


def parse_view(view: str) -> tuple[str, str | None, str]:
    """'today' → ('today', None, ''); 'account:Acme:plan' → ('account', 'Acme', 'plan');
    'portfolio:onboarding' → ('portfolio', None, 'onboarding'); 'dialog:settings' →
    ('dialog', None, 'settings')."""
    kind, _, rest = view.partition(":")
    if kind in (*VIEW_NAMES, "welcome") and not rest:
        return kind, None, ""
    if kind in VIEW_TABS and rest in VIEW_TABS[kind]:
        return kind, None, rest
    if kind == "dialog" and (rest in DIALOGS or rest in IMPORTS):
        return "dialog", None, rest
    if kind == "account" and rest:
        last = rest.rsplit(":", 1)[-1]
        if ":" in rest and last in tab_aliases():
            return "account", rest.rpartition(":")[0], tab_aliases()[last]
        return "account", rest, ""
    raise CsdeskError(f"unknown view '{view}': use {choices()}")


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or not (
            640 <= int(width) <= 7680 and 480 <= int(height) <= 4320):
        raise CsdeskError(f"--size {text}: give the window's size as WIDTHxHEIGHT, from 640x480 "
                          "to 7680x4320 (default 1280x800)")
    return int(width), int(height)


def render(location: WorkspaceLocation, view: str, output: Path,
           today: date | None = None, scheme: str | None = None,
           size: tuple[int, int] = SIZE, file: Path | None = None) -> Path:
    kind, name, tab = parse_view(view)
    if tab in IMPORTS and (file is None or not file.is_file()):
        raise CsdeskError(f"--view {view} shows the import of a file: give it with --file "
                          "FILE.csv or FILE.xlsx" + (f" ({file} is not a file)" if file else ""))
    if file is not None and tab not in IMPORTS:
        raise CsdeskError(f"--file is read by the import views only (dialog:"
                          f"{'|'.join(IMPORTS)}), not by --view {view}")
    if output.suffix.lower() != ".png":
        raise CsdeskError(f"{output}: a screenshot is a PNG image; name it FILE.png")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from csdesk.services import Services
    from csdesk.store.workspace import Workspace
    from csdesk.ui.app import make_application
    from csdesk.ui.main_window import MainWindow

    app = make_application()
    if scheme:  # how the window looks when the system is set to light or dark
        from csdesk.ui.palette import scheme_palette

        app.setPalette(scheme_palette(app, scheme))
    empty = None  # the welcome page of a workspace not made yet: an empty one, made nowhere
    if kind == "welcome" and location.path is not None and not location.path.exists():
        import tempfile

        from csdesk.store import resolve_location

        empty = tempfile.TemporaryDirectory(prefix="csdesk-welcome-")
        location = resolve_location(Path(empty.name) / "workspace.db")
    workspace = Workspace.open(location, create=empty is not None, daily_backup=False)
    try:
        services = Services(workspace)
        window = MainWindow(services, today=(lambda: today) if today else clock.today,
                            remember_layout=False)
        window.resize(*size)
        if kind == "welcome" and (count := services.accounts.count()):
            raise CsdeskError(f"the welcome page shows only while a workspace has no accounts; "
                              f"this one has {count:,}")
        if kind == "account":
            window.open_account(_account(services, name or ""), tab)
        elif kind not in ("welcome", "dialog"):
            window.show_view(kind)
            if tab:
                window.portfolio_view.tabs.setCurrentIndex(VIEW_TABS[kind].index(tab))
        window.show()
        window.operations.settle()  # the page's data, read off the GUI thread, is shown
        shown: Any = window
        if kind == "dialog" and tab in IMPORTS:
            shown = _import_mapping(app, window, IMPORTS[tab], file)
        elif kind == "dialog":
            method, kept = DIALOGS[tab]
            opened = getattr(window.tools, method)()
            window.operations.settle()  # a dialog whose values are read first opens then
            shown = opened if not kept else getattr(window.tools, kept)
        for _ in range(3):
            app.processEvents()
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            blocking = next((p for p in output.parents if p.exists()), None)
            why = (f"{blocking} is a file, not a folder" if blocking and blocking.is_file()
                   else str(error.strerror or error))
            raise CsdeskError(f"could not write {output}: {why}") from None
        image = shown.grab()

        def save(partial: Path) -> None:  # the format is named: the partial's suffix is not
            if not image.save(str(partial), "PNG"):
                raise CsdeskError(f"could not write {output}")

        replace_file(output, save)
        window.close()
        return output
    finally:
        workspace.close()
        if empty is not None:
            empty.cleanup()


def _import_mapping(app: Any, window: Any, kind: str, file: Path | None) -> Any:
    """The import wizard for ``file``, once its columns are read and matched."""
    import time

    dialog = window.files.import_file(kind, str(file))
    deadline = time.monotonic() + IMPORT_WAIT_S
    failed = lambda: not dialog.error.isHidden()  # noqa: E731 - the wizard said why
    while (dialog.busy or not dialog.step) and not failed() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if failed():
        raise CsdeskError(f"{file}: {dialog.error.text()}")
    if dialog.busy or not dialog.step:
        raise CsdeskError(f"{file} was not read within {IMPORT_WAIT_S} s")
    return dialog


def _account(services: Any, name: str) -> int:
    """The account called ``name``; a name ending in what looks like a tab that is not one
    says so, naming the tabs."""
    from csdesk.errors import NotFoundError

    try:
        return services.accounts.find(name).id
    except NotFoundError:
        head, _, last = name.rpartition(":")
        if head:
            try:
                services.accounts.find(head)
            except NotFoundError:
                pass
            else:
                raise CsdeskError(f"unknown tab '{last}': use "
                                  f"{', '.join(TAB_LABELS)} (or a tab's label, as "
                                  "critical-path)") from None
        raise
