"""The File menu's commands: imports (accounts, contacts, product usage, meetings from a
calendar, a handover pack), exports (the table on screen, calendars, a handover pack), the demo
book, Back up now, and connecting to a team workspace. What takes seconds runs on the task
runner behind a progress dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox
from shiboken6 import isValid

from csdesk.errors import CsdeskError
from csdesk.services.backups import back_up_now
from csdesk.services.spreadsheet import write_table
from csdesk.ui.commands.base import Host, parent_of, run
from csdesk.ui.tasks import Task

# The dialogs and the demo book are imported on first use: about 30 ms of every start-up (more
# with the import wizard's services), for commands seldom chosen.
if TYPE_CHECKING:
    from csdesk.ui.dialogs.calendar_import_dialog import CalendarImportDialog
    from csdesk.ui.dialogs.connect_dialog import ConnectDialog
    from csdesk.ui.dialogs.import_dialog import ImportDialog


class FileCommands:
    def __init__(self, window: Host) -> None:
        self.window = window
        self._import_dialog: ImportDialog | None = None
        self._import_folder: Path | None = None  # where the last imported file was
        self.connect_dialog: ConnectDialog | None = None

    def _say(self, message: str, msecs: int) -> None:
        self.window.statusBar().showMessage(message, msecs)

    # Imports

    def import_accounts(self, path: str | None = None) -> ImportDialog | None:
        return self.import_file("accounts", path)

    def import_file(self, kind: str, path: str | None = None) -> ImportDialog | None:
        """File → Import accounts, contacts or product usage: the wizard (columns, values,
        preview), which runs the import in the background and puts it on the undo stack."""
        window = self.window
        if not path:
            what = {"accounts": "accounts", "contacts": "contacts",
                    "usage": "product usage"}[kind]
            path, _ = QFileDialog.getOpenFileName(
                parent_of(window), f"Import {what}", str(self._import_folder or Path.home()),
                "CSV or Excel files (*.csv *.txt *.xlsx *.xlsm);;All files (*)")
        if not path:
            return None
        self._import_folder = Path(path).parent
        if self._import_dialog is not None and isValid(self._import_dialog) \
                and not self._import_dialog.isVisible():
            self._import_dialog.deleteLater()  # the last import's, done with
        from csdesk.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(kind, Path(path), window.services, window.runner, window.editor,
                              window.today, parent_of(window))
        dialog.imported.connect(lambda message: self._say(message, 12000))
        self._import_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def import_meetings(self, path: str | None = None) -> CalendarImportDialog | None:
        from csdesk.services.calendar_reading import read_ics
        from csdesk.ui.dialogs.calendar_import_dialog import CalendarImportDialog

        window = self.window
        if not path:
            path, _ = QFileDialog.getOpenFileName(parent_of(window),
                                                  "Import meetings from a calendar",
                                                  str(Path.home()),
                                                  "Calendar files (*.ics);;All files (*)")
        if not path:
            return None
        try:
            calendar = read_ics(Path(path))
        except CsdeskError as error:
            window.show_error("Nothing was imported", str(error))
            return None
        if not calendar.events:
            window.show_error("Nothing to import", f"{Path(path).name} holds no events.",
                              calendar.skipped)
            return None
        services = window.services
        accounts = {a.id: a.name for a in services.accounts.list()}
        dialog = CalendarImportDialog(calendar, services.calendar.match_events(
            calendar.events), accounts, window.today(), Path(path).name, parent_of(window))

        def create() -> None:
            result = services.calendar.create_meetings(dialog.model.choices())
            window.refresh()
            self._say(result.summary() + ", ready for notes.", 8000)

        dialog.accepted.connect(create)
        dialog.open()
        return dialog

    def import_handover(self, path: str | None = None) -> None:
        window = self.window
        if not path:
            path, _ = QFileDialog.getOpenFileName(parent_of(window), "Import a handover pack",
                                                  str(Path.home()), "Handover packs (*.zip)")
        if not path:
            return
        # Reading and checking the pack takes seconds on a big book: in the task, like the rest.
        run(window, Task(window.services.handover.import_pack, Path(path)),
            "Taking over the accounts…",
            lambda result: window.after_bulk_change(result.summary()),
            failed_title="Nothing was imported")

    # Exports

    def export_table(self, path: str | None = None) -> None:
        window = self.window
        on_screen = window.table_on_screen()
        if on_screen is None:
            self._say("Open Today, Accounts, Renewals, Portfolio, Opportunities or Product gaps "
                      "to export its table.", 5000)
            return
        title, build = on_screen
        if not path:
            suggested = Path.home() / f"{title} {window.today().isoformat()}.xlsx"
            path, _ = QFileDialog.getSaveFileName(
                parent_of(window), f"Export {title.lower()}", str(suggested),
                "Excel workbook (*.xlsx);;CSV, comma-separated (*.csv)")
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_name(target.name + ".xlsx")
        services = window.services

        def export() -> tuple[int, Path]:  # off the GUI thread: read (if need be) and write
            with services.workspace.snapshot():
                table = build(services)
            return len(table.rows), write_table(table, target)

        run(window, Task(export), f"Exporting {title.lower()}…",
            lambda done: self._say(f"Exported {done[0]:,} rows to {done[1]}", 8000))

    def export_open_account_calendar(self, path: str | None = None) -> None:
        account_id = self.window.target_account("export its calendar")
        if account_id is not None:
            self.export_calendar(account_id, path)

    def export_calendar(self, account_id: int | None, path: str | None = None) -> None:
        window = self.window
        name = (window.services.accounts.get(account_id).name if account_id is not None
                else "csdesk book")
        if not path:
            path, _ = QFileDialog.getSaveFileName(parent_of(window), "Export calendar",
                                                  str(Path.home() / f"{name}.ics"),
                                                  "Calendar files (*.ics)")
        if not path:
            return
        target = Path(path) if path.lower().endswith(".ics") else Path(path + ".ics")
        run(window, Task(window.services.calendar.export, target, window.today(), account_id),
            "Writing the calendar…",
            lambda written: self._say(
                f"Wrote {written}: import it into Outlook or Google Calendar; exporting "
                "again updates the same events", 10000))

    def accounts_to_hand_over(self) -> list[int] | None:
        """The accounts selected in the list on screen, or the open account
        (`target_accounts`); None: the whole book."""
        return self.window.target_accounts() or None

    def export_handover(self, path: str | None = None) -> None:
        from csdesk.ui.dialogs.profile_dialog import ensure_signature

        window = self.window
        if not ensure_signature(parent_of(window)):  # each success plan goes in, signed
            return
        ids = self.accounts_to_hand_over()
        if ids is None:
            what, stem = "the whole book", "csdesk handover"
        elif len(ids) == 1:
            name = window.services.accounts.get(ids[0]).name
            what, stem = name, f"{name} handover"
        else:
            what, stem = f"{len(ids)} accounts", f"csdesk handover {len(ids)} accounts"
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                parent_of(window), f"Hand over {what}",
                str(Path.home() / f"{stem} {window.today().isoformat()}.zip"),
                "Handover packs (*.zip)")
        if not path:
            return
        target = Path(path) if path.lower().endswith(".zip") else Path(path + ".zip")
        run(window, Task(window.services.handover.export, target, window.today(), ids,
                         with_progress=True),
            f"Packing {what} with each success plan…",
            lambda written: self._say(
                f"Wrote {written}: the new owner imports it with File → Import a "
                "handover pack", 10000))

    # The workspace

    def create_demo_book(self) -> None:
        window = self.window
        if window.services.accounts.count():
            answer = QMessageBox.question(
                parent_of(window), "Replace with a demo book?",
                "This workspace has accounts. A demo book replaces all of them, and this "
                "cannot be undone. Replace them?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        from csdesk.services.demo import DemoService

        demo = DemoService(window.services.workspace)
        run(window, Task(demo.create_book, 25, today=window.today(), force=True,
                         with_progress=True),
            "Creating the demo book…",
            lambda made: window.after_bulk_change(f"Demo book of {made} accounts created"))

    def back_up(self) -> None:
        workspace = self.window.services.workspace
        if workspace.path is None:
            return
        # Seconds on a big book: copied and verified in the background.
        run(self.window, Task(back_up_now, workspace), "Backing up the workspace…",
            lambda info: self._say(f"Backup written and verified: {info.path}", 8000),
            failed_title="Backup failed")

    def open_connect(self) -> ConnectDialog:
        from csdesk import settings as user_settings
        from csdesk.services import team
        from csdesk.ui.dialogs.connect_dialog import ConnectDialog

        window = self.window
        dialog = ConnectDialog(team.address_of(user_settings.load().server_url),
                               parent_of(window))

        def save(url: str, password: str, remember: bool) -> None:
            team.join(url, password, remember)
            if window.confirm("Switch to the team workspace?",
                              f"Open {url} now? This workspace is closed first."):
                window.switch_workspace(url)

        def use_local() -> None:
            local = team.leave()
            dialog.reject()
            if window.confirm("Switch to your local workspace?",
                              "Open your local workspace now?"):
                window.switch_workspace(str(local.path))

        dialog.check = team.check_connection
        dialog.submit = save
        dialog.local_button.clicked.connect(use_local)
        dialog.open()
        self.connect_dialog = dialog
        return dialog
