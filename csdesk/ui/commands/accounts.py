"""The account commands: new, edit, archive and unarchive (undoable), a new meeting, and
ticking an item off on Today. Each acts on the account selected in the list on screen, else
the open one (`Host.target_account`)."""

from __future__ import annotations

from typing import Any

from csdesk.models import Account, MilestoneStatus
from csdesk.services.book import AccountSummary
from csdesk.services.changes import PATH, kind_of_call
from csdesk.services.today_agenda import AgendaItem
from csdesk.ui.commands.base import Host, parent_of
from csdesk.ui.dialogs.account_dialog import AccountDialog


class AccountCommands:
    def __init__(self, window: Host) -> None:
        self.window = window
        self.edit_dialog: AccountDialog | None = None  # the last account form opened

    def new_account(self) -> None:
        window = self.window
        accounts = window.services.accounts
        dialog = AccountDialog(parent=parent_of(window))
        dialog.save = window.editor.dialog_adds(
            lambda values: f"Create account {values['name'].strip()}",
            lambda values: accounts.create(**values), "Account", accounts.delete, None)
        dialog.accepted.connect(lambda: window.open_account(dialog.result_value.id, "overview"))
        dialog.open()

    def edit_account(self, account_id: int) -> None:
        """The account's form, opened once the account is read (off the GUI thread); the
        dialog is `edit_dialog`."""
        window = self.window
        accounts = window.services.accounts

        def show(account: Account) -> None:
            dialog = AccountDialog(account, parent=parent_of(window))
            old = {name: getattr(account, name) for name in dialog.form.names}
            dialog.save = window.editor.dialog_edits(
                f"Edit account {account.name}", accounts.update, account.id, old, account.id)
            dialog.open()
            self.edit_dialog = dialog

        window.operations.read("edit account", lambda: accounts.get(account_id), show,
                               doing="Opening the account", failed=window.failed)

    def edit_open_account(self) -> None:
        account_id = self.window.target_account("edit it")
        if account_id is not None:
            self.edit_account(account_id)

    def archive_accounts(self, rows: list[AccountSummary]) -> None:
        if not rows:
            return
        ids = [r.id for r in rows]
        accounts = self.window.services.accounts
        what = rows[0].name if len(rows) == 1 else f"{len(rows)} accounts"
        self.window.editor.submit(f"Archive {what}", lambda: [accounts.archive(i) for i in ids],
                                  lambda: [accounts.unarchive(i) for i in ids], None)

    def unarchive_accounts(self, rows: list[AccountSummary]) -> None:
        ids = [r.id for r in rows]
        accounts = self.window.services.accounts
        what = rows[0].name if len(rows) == 1 else f"{len(rows)} accounts"
        self.window.editor.submit(f"Unarchive {what}",
                                  lambda: [accounts.unarchive(i) for i in ids],
                                  lambda: [accounts.archive(i) for i in ids], None)

    def archive_open_account(self) -> None:
        window = self.window
        account_id = window.account_view.account_id
        if account_id is None:
            return
        accounts = window.services.accounts
        account = accounts.get(account_id)
        window.editor.submit(f"Archive {account.name}", lambda: accounts.archive(account_id),
                             lambda: accounts.unarchive(account_id), None)
        window.show_view("accounts")

    def new_meeting(self) -> None:
        account_id = self.window.target_account("add a meeting to it")
        if account_id is None:
            return
        self.window.open_account(account_id, "meetings")
        self.window.account_view.meetings.new_meeting()

    def tick_agenda_item(self, item: AgendaItem, done: bool) -> None:
        """Today's Done box: the action item done, or the milestone done today (undoable)."""
        if not done:
            return
        window = self.window
        today = window.today()
        if item.kind == "action":
            meetings = window.services.meetings
            window.editor.save_fields(f"Tick off {item.text[:40]}", meetings.update_action,
                                      item.id, {"done_on": None}, {"done_on": today},
                                      item.account_id)
            return
        services, paths = window.services, window.services.critical_path
        new = {"actual_date": today, "status": MilestoneStatus.DONE}
        old: dict[str, Any] = {}

        def first() -> Any:  # off the GUI thread: what it was, then done
            milestone = next(m for m in paths.milestones(services.plans.get(item.account_id).id)
                             if m.id == item.id)
            old.update(actual_date=milestone.actual_date, status=milestone.status)
            return paths.update_milestone(item.id, originals=old, **new)

        window.editor.submit(
            f"Mark {item.text[:40]} done",
            lambda: paths.update_milestone(item.id, originals=old, **new),
            lambda: paths.update_milestone(item.id, originals=new, **old), item.account_id,
            first=first, kinds=[kind_of_call(paths.update_milestone) or PATH])
