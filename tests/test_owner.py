"""Accounts have an owner: My book and Team in the accounts list, and the owner on documents."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from csdesk import settings as user_settings
from csdesk.services import Services
from csdesk.ui.dialogs.account_dialog import AccountDialog
from tests.ui_helpers import settled, shown_window

TODAY = date(2026, 11, 23)


def test_my_book_shows_the_accounts_i_own(qtbot, services: Services) -> None:
    services.accounts.create(name="Acme", owner="Dana Rossi")
    services.accounts.create(name="Globex", owner="Sam Patel")
    services.accounts.create(name="Initech")
    window = shown_window(qtbot, services, TODAY)
    window.show_view("accounts")
    settled(window)
    view = window.accounts_view
    assert not view.scope.model().item(1).isEnabled()  # no name set: Team only
    user_settings.save(replace(user_settings.Settings(), my_name="Dana Rossi"))
    view.set_my_name("Dana Rossi")
    view.scope.setCurrentIndex(view.scope.findData("mine"))
    assert [r.name for r in view.table.visible_rows()] == ["Acme"]
    view.filter.setText("glob")  # the text filter works within My book
    assert view.table.visible_rows() == []
    view.filter.clear()
    view.scope.setCurrentIndex(view.scope.findData("team"))
    assert len(view.table.visible_rows()) == 3
    owner_column = [c.title for c in view.model.columns].index("Owner")
    assert {view.model.index(r, owner_column).data() for r in range(3)} == {
        "Dana Rossi", "Sam Patel", "—"}
    window.new_account_action.trigger()  # a new account is mine by default
    form = window.findChild(AccountDialog).form
    assert form.widgets["owner"].text() == "Dana Rossi"


def test_documents_are_prepared_by_the_owner_until_settings_name_you(services: Services) -> None:
    account = services.accounts.create(name="Acme", owner="Dana Rossi")
    plan = services.documents.plan_document(account.id, TODAY, charts=False)
    assert plan.prepared_by == "Dana Rossi"
    qbr = services.documents.qbr_document(account.id, TODAY, charts=False)
    assert qbr.our_attendees[0].name == "Dana Rossi"
    user_settings.save(replace(user_settings.Settings(), my_name="Sam Patel",
                               my_title="Account Director"))
    qbr = services.documents.qbr_document(account.id, TODAY, charts=False)
    assert (qbr.prepared_by, qbr.our_attendees[0].role) == ("Sam Patel", "Account Director")


def test_your_name_is_a_checked_setting() -> None:
    assert "my_name" in user_settings.check({**user_settings.to_dict(user_settings.Settings()),
                                             "my_name": "Dana\x00"})


def test_renewals_show_the_owner_and_my_book_with_its_own_totals(qtbot,
                                                                 services: Services) -> None:
    from datetime import timedelta

    services.accounts.create(name="Acme", owner="Dana Rossi", arr_cents=100_000_00,
                             renewal_date=TODAY + timedelta(days=30))
    services.accounts.create(name="Globex", owner="Sam Patel", arr_cents=50_000_00,
                             renewal_date=TODAY + timedelta(days=40))
    window = shown_window(qtbot, services, TODAY)
    user_settings.save(replace(user_settings.Settings(), my_name="dana rossi"))
    window.show_view("renewals")
    settled(window)
    view = window.renewals_view
    view.set_my_name("dana rossi")  # any case
    owner_column = [c.title for c in view.model.columns].index("Owner")
    assert sorted(view.model.index(r, owner_column).data() for r in range(2)) == [
        "Dana Rossi", "Sam Patel"]
    assert "2 accounts · $150,000 up for renewal" in view.title.text()
    view.scope.setCurrentIndex(view.scope.findData("mine"))
    assert [r.account_name for r in view.table.visible_rows()] == ["Acme"]
    assert "1 account · $100,000 up for renewal" in view.title.text()


def test_today_in_my_book_shows_only_my_accounts_work(qtbot, services: Services) -> None:
    from datetime import timedelta

    mine = services.accounts.create(name="Acme", owner="Dana Rossi")
    theirs = services.accounts.create(name="Globex", owner="Sam Patel")
    for account in (mine, theirs):
        services.meetings.add_action(account.id, text=f"Call {account.name}",
                                     due_date=TODAY - timedelta(days=2))
    window = shown_window(qtbot, services, TODAY)
    window.show_view("today")
    settled(window)
    view = window.today_view
    assert {r.account_name for r in view.due.visible_rows()} == {"Acme", "Globex"}
    assert "2 late" in view.title.text()
    view.set_my_name("Dana Rossi")
    view.scope.setCurrentIndex(view.scope.findData("mine"))
    settled(window)  # My book's work is read again, in the background
    assert [r.account_name for r in view.due.visible_rows()] == ["Acme"]
    assert "1 late" in view.title.text()


def test_the_activity_log_says_who_made_each_change(qtbot, services: Services) -> None:
    account = services.accounts.create(name="Acme")  # before a name was set
    window = shown_window(qtbot, services, TODAY)
    window.open_account(account.id, "activity")
    settled(window)
    assert window.account_view.tab("activity").table.table.isColumnHidden(2)  # nobody named
    services.workspace.actor = "Dana Rossi"
    services.accounts.update(account.id, industry="Retail")
    services.contacts.add(account.id, name="Sam Lee", role="champion")
    entries = services.activity.for_account(account.id)
    assert sorted((e.summary.split(":")[0], e.actor) for e in entries) == sorted([
        ("Account Acme created", None), ("Account Acme", "Dana Rossi"),
        ("Contact Sam Lee (Internal champion) added", "Dana Rossi")])
    window.refresh()
    settled(window)
    tab = window.account_view.tab("activity")
    who = [c.title for c in tab.model.columns].index("Who")
    assert not tab.table.table.isColumnHidden(who)
    shown = {tab.model.index(r, who).data() for r in range(tab.model.rowCount())}
    assert shown == {"Dana Rossi", ""}


def test_the_name_in_settings_is_who_works_here(services: Services) -> None:
    from csdesk.store.workspace import Workspace

    user_settings.save(replace(user_settings.Settings(), my_name="Dana Rossi"))
    services.workspace.close()
    reopened = Workspace.open(services.workspace.location)
    try:
        fresh = Services(reopened)  # the name is taken from Settings here
        account = fresh.accounts.create(name="Globex")
        assert [e.actor for e in fresh.activity.for_account(account.id)] == ["Dana Rossi"]
    finally:
        reopened.close()
