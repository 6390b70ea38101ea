"""The "Start renewal" checkpoint: added in the same transaction as the write that brings a
renewal within 90 days (an account created or edited, an import from the command line or the
app), and once a day while the app runs; never twice; none for churned or archived accounts."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from csdesk import cli, clock
from csdesk.services import Services
from csdesk.services.renewals import start_renewal_text
from csdesk.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.ui_helpers import settled


def _starts(services: Services, account_id: int) -> list[tuple[str, date | None, bool]]:
    """The account's start-renewal items: text, due date, done."""
    return [(a.text, a.due_date, a.done_on is not None)
            for a in services.meetings.actions_for_account(account_id)
            if a.text.startswith("Start renewal")]


def _on_today(services: Services, day: date = TODAY) -> list[tuple[str, str, date]]:
    return [(i.account_name, i.text, i.due) for i in services.book.today(day).due
            if i.text.startswith("Start renewal")]


def test_creating_an_account_renewing_within_90_days_adds_its_item_at_once(
        services: Services) -> None:
    soon = services.accounts.create(name="Soon", renewal_date=TODAY + timedelta(days=30),
                                    owner="Dana Whitfield")
    services.accounts.create(name="Later", renewal_date=TODAY + timedelta(days=91))
    services.accounts.create(name="Undated")
    renewal = TODAY + timedelta(days=30)
    # Due today: the 90-day mark (2026-08-25) has passed already.
    assert _starts(services, soon.id) == [(start_renewal_text(renewal), TODAY, False)]
    assert _on_today(services) == [("Soon", "Start renewal (renews 2026-12-23)", TODAY)]
    # The check, run again (start-up, the daily timer) adds nothing, twice over.
    assert services.renewals.ensure_start_renewal_actions(TODAY) == 0
    assert services.renewals.ensure_start_renewal_actions(TODAY) == 0
    assert len(_starts(services, soon.id)) == 1
    # The account's owner starts its renewal
    item = next(a for a in services.meetings.actions_for_account(soon.id))
    assert (item.owner, item.owner_side.value) == ("Dana Whitfield", "ours")
    kinds = [(e.entity, e.summary) for e in services.activity.for_account(soon.id)]
    assert ("action_item", "Renewal checkpoint T-90: 'Start renewal (renews 2026-12-23)' "
                           "added") in kinds


def test_an_edit_into_the_window_adds_it_and_edits_back_and_forth_never_add_a_second(
        services: Services) -> None:
    account = services.accounts.create(name="Mover", renewal_date=TODAY + timedelta(days=120))
    assert _starts(services, account.id) == []
    first, second = TODAY + timedelta(days=30), TODAY + timedelta(days=45)
    services.accounts.update(account.id, renewal_date=first)
    assert _starts(services, account.id) == [(start_renewal_text(first), TODAY, False)]
    services.accounts.update(account.id, renewal_date=second)  # a corrected date: it follows
    assert _starts(services, account.id) == [(start_renewal_text(second), TODAY, False)]
    services.accounts.update(account.id, renewal_date=first)
    assert _starts(services, account.id) == [(start_renewal_text(first), TODAY, False)]
    services.accounts.update(account.id, industry="Retail")  # not a renewal change
    assert services.renewals.ensure_start_renewal_actions(TODAY) == 0
    assert len(_starts(services, account.id)) == 1
    # Moved a year out: the open item follows, due 90 days before the new date, off Today.
    next_year = first + timedelta(days=365)
    services.accounts.update(account.id, renewal_date=next_year)
    assert _starts(services, account.id) == [
        (start_renewal_text(next_year), next_year - timedelta(days=90), False)]
    assert _on_today(services) == []
    # ... and back again
    services.accounts.update(account.id, renewal_date=first)
    assert _starts(services, account.id) == [(start_renewal_text(first), TODAY, False)]


def test_a_done_item_is_never_added_again_and_next_years_renewal_gets_its_own(
        services: Services) -> None:
    renewal = TODAY + timedelta(days=10)
    account = services.accounts.create(name="Done Co", renewal_date=renewal)
    item = services.meetings.actions_for_account(account.id)[0]
    services.meetings.complete_action(item.id, on=TODAY)
    assert services.renewals.ensure_start_renewal_actions(TODAY) == 0
    services.accounts.update(account.id, renewal_date=renewal)  # saved unchanged
    assert _starts(services, account.id) == [(start_renewal_text(renewal), TODAY, True)]
    # Renewed: the date rolls on a year; 90 days before it the new renewal gets its own item.
    following = renewal + timedelta(days=365)
    services.accounts.update(account.id, renewal_date=following)
    assert len(_starts(services, account.id)) == 1
    day = following - timedelta(days=90)
    assert services.renewals.ensure_start_renewal_actions(day - timedelta(days=1)) == 0
    assert services.renewals.ensure_start_renewal_actions(day) == 1
    assert services.renewals.ensure_start_renewal_actions(day) == 0
    assert _starts(services, account.id) == [(start_renewal_text(following), day, False),
                                             (start_renewal_text(renewal), TODAY, True)]


def test_churned_and_archived_accounts_get_none(services: Services) -> None:
    churned = services.accounts.create(name="Gone", status="churned",
                                       renewal_date=TODAY + timedelta(days=20))
    archived = services.accounts.create(name="Shelved", renewal_date=TODAY + timedelta(days=100))
    services.accounts.archive(archived.id)
    services.accounts.update(churned.id, renewal_date=TODAY + timedelta(days=25))
    assert services.renewals.ensure_start_renewal_actions(TODAY + timedelta(days=15)) == 0
    assert _starts(services, churned.id) == [] and _starts(services, archived.id) == []
    # Back in the book, each gets its item (the archived one as its renewal is now 85 days out)
    with clock.moved_to(TODAY + timedelta(days=15)):
        services.accounts.unarchive(archived.id)
    services.accounts.update(churned.id, status="active")
    assert _starts(services, churned.id) == [
        (start_renewal_text(TODAY + timedelta(days=25)), TODAY, False)]
    assert _starts(services, archived.id) == [
        (start_renewal_text(TODAY + timedelta(days=100)), TODAY + timedelta(days=15), False)]


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("name,arr,renewal_date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_an_import_adds_them_in_its_transaction_and_a_second_import_adds_none(
        services: Services, tmp_path: Path) -> None:
    importer = services.importing
    file = _csv(tmp_path / "book.csv", ["Initech,50000,2026-12-23", "Globex,80000,2027-06-30",
                                        "Hooli,10000,2027-02-21"])
    dry = importer.import_accounts(file, dry_run=True)
    assert dry.renewal_actions == 2 and "2 start-renewal action items would be added" in \
        dry.summary()
    assert services.accounts.count() == 0 and _on_today(services) == []
    result = importer.import_accounts(file)
    assert result.summary() == ("3 accounts were created, 0 updated, 0 unchanged; "
                                "2 start-renewal action items added")
    assert _on_today(services) == [("Hooli", "Start renewal (renews 2027-02-21)", TODAY),
                                   ("Initech", "Start renewal (renews 2026-12-23)", TODAY)]
    again = importer.import_accounts(file)
    assert (again.renewal_actions, len(again.unchanged)) == (0, 3)
    # An import that moves Globex's renewal within 90 days adds its item; moving Initech's
    # moves its open item instead of adding a second.
    moved = importer.import_accounts(_csv(tmp_path / "moved.csv", [
        "Globex,80000,2027-01-15", "Initech,50000,2027-01-05"]))
    assert moved.renewal_actions == 1
    assert _on_today(services) == [("Globex", "Start renewal (renews 2027-01-15)", TODAY),
                                   ("Hooli", "Start renewal (renews 2027-02-21)", TODAY),
                                   ("Initech", "Start renewal (renews 2027-01-05)", TODAY)]


@pytest.mark.sqlite_only
def test_the_import_command_adds_them(tmp_path: Path, db_path: Path, capsys) -> None:
    file = _csv(tmp_path / "book.csv", ["Initech,50000,2026-12-23", "Globex,80000,2027-06-30"])
    assert cli.main(["import", "accounts", str(file), "--db", str(db_path)]) == 0
    assert "1 start-renewal action item added" in capsys.readouterr().out
    assert cli.main(["export", "table", "today", "--db", str(db_path), "-o",
                     str(tmp_path / "today.csv"), "--today", TODAY.isoformat()]) == 0
    lines = (tmp_path / "today.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "action item,Initech,Start renewal (renews 2026-12-23),,2026-11-23,,Due within 7 days" \
        in lines


def test_the_app_adds_them_after_an_import_and_on_each_new_day(qtbot, services: Services,
                                                                tmp_path: Path) -> None:
    day = [TODAY]
    window = MainWindow(services, today=lambda: day[0], remember_layout=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    services.accounts.create(name="Far", renewal_date=TODAY + timedelta(days=92))
    window.start_daily_work()
    window.runner.wait()
    qtbot.waitUntil(lambda: window.daily_timer.isActive())
    assert window.check_new_day() is False and _on_today(services) == []
    dialog = window.files.import_file("accounts", str(_csv(tmp_path / "book.csv",
                                                      ["Initech,50000,2026-12-23"])))
    qtbot.waitUntil(lambda: dialog.step == "columns" and not dialog.busy, timeout=15000)
    dialog.next_button.click()  # the columns are all known: on to the preview
    qtbot.waitUntil(lambda: dialog.step == "preview" and not dialog.busy, timeout=15000)
    dialog.all_button.click()
    qtbot.waitUntil(lambda: "created" in window.statusBar().currentMessage(), timeout=15000)
    window.show_view("today")
    settled(window)
    assert [(r.account_name, r.text) for r in window.today_view.due_model.rows] == [
        ("Initech", "Start renewal (renews 2026-12-23)")]
    # Two days later "Far" renews in 90 days: the daily check adds its item, once.
    day[0] = TODAY + timedelta(days=2)
    with clock.moved_to(day[0]):
        assert window.check_new_day() is True
        window.runner.wait()
        qtbot.waitUntil(lambda: len(_on_today(services, day[0])) == 2)
        assert window.check_new_day() is False
        window.start_daily_work()  # a restart the same day
        window.runner.wait()
    assert [name for name, _text, _due in _on_today(services, day[0])] == ["Initech", "Far"]


def test_a_demo_book_has_its_start_renewal_items_at_once(services) -> None:
    from csdesk.services.demo import DemoService
    from tests.conftest import TODAY

    DemoService(services.workspace).create_book(12, seed=3, today=TODAY)
    agenda = services.book.today(TODAY)
    renewing = {r.account_name for r in agenda.renewals}
    items = {i.account_name for i in agenda.due if i.text.startswith("Start renewal")}
    assert renewing and renewing == items  # every renewal in the next 90 days, at once
    assert services.renewals.ensure_start_renewal_actions(TODAY) == 0  # never twice


def test_the_lifecycle_stage_churned_churns_the_account(services, tmp_path) -> None:
    from csdesk.models import AccountStatus
    from tests.conftest import TODAY

    csv = tmp_path / "book.csv"
    csv.write_text("name,lifecycle_stage,renewal_date\nAlpha Fresh,churned,2026-12-05\n"
                   "Beta Live,adoption,2026-12-06\n", encoding="utf-8")

    services.importing.import_accounts(csv)
    alpha, beta = services.accounts.find("Alpha Fresh"), services.accounts.find("Beta Live")
    assert alpha.status is AccountStatus.CHURNED and beta.status is AccountStatus.ACTIVE
    assert [r.account_name for r in services.book.renewals(TODAY)] == ["Beta Live"]
    items = {i.account_name for i in services.book.today(TODAY).due}
    assert items == {"Beta Live"}  # a churned account gets no start-renewal item
    services.accounts.update(alpha.id, lifecycle_stage="renewal")  # won back
    assert services.accounts.get(alpha.id).status is AccountStatus.ACTIVE
