"""The desktop app driven through its real widgets: first run, accounts, the canvas, undo,
meetings, Today, filtering, search and archive."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt, QThread
from PySide6.QtWidgets import QApplication, QLineEdit

from csdesk.models import CanvasItemKind, PlanStatus
from csdesk.services import Services
from csdesk.ui.dialogs.account_dialog import AccountDialog
from csdesk.ui.dialogs.simple_form import FormDialog
from csdesk.ui.main_window import MainWindow
from tests.ui_helpers import leave, press_ok, settled, type_into

TODAY = date(2026, 11, 23)


@pytest.fixture
def window(qtbot, services: Services):
    win = MainWindow(services, today=lambda: TODAY, remember_layout=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.wait()


def _own_actions(services: Services, account_id: int, **kwargs: bool) -> list:
    """The account's action items but its "Start renewal" one (Acme renews in 40 days, so it
    has one from its creation on)."""
    return [a for a in services.meetings.actions_for_account(account_id, **kwargs)
            if not a.text.startswith("Start renewal")]


@pytest.fixture
def acme(window: MainWindow) -> int:
    account = window.services.accounts.create(name="Acme", contract_start=date(2026, 1, 1),
                                              renewal_date=TODAY + timedelta(days=40))
    window.refresh()
    settled(window)
    return account.id


def test_first_run_welcome_offers_the_three_ways_in(qtbot, window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.welcome
    assert window.nav.currentRow() == -1  # the welcome page is none of the views
    texts = [b.text() for b in (window.welcome.new_button, window.welcome.import_button,
                                window.welcome.demo_button)]
    assert texts == ["New account", "Import accounts from your CRM…", "Open a demo book"]
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.today_view, timeout=30000)
    settled(window)
    assert window.services.accounts.count() == 25
    assert window.today_view.due_model.rowCount() > 0
    assert window.nav.currentItem().text() == "Today"  # the view shown, highlighted
    # An open account is none of the views; Back, or a click on one, leaves it
    window.open_account(window.services.accounts.list()[0].id)
    settled(window)
    assert window.nav.currentRow() == -1
    window.go_back()
    assert window.pages.currentWidget() is window.today_view
    assert window.nav.currentItem().text() == "Today"
    window.open_account(window.services.accounts.list()[0].id)
    settled(window)
    window.nav.setCurrentRow(1)  # as a click on Accounts does
    assert window.pages.currentWidget() is window.accounts_view


def test_each_account_opens_at_its_top(qtbot, window: MainWindow) -> None:
    services = window.services
    first = services.accounts.create(name="Acme", highlights="A long story.\n" * 80)
    second = services.accounts.create(name="Globex", highlights="Another.\n" * 80)
    window.resize(1280, 800)
    window.open_account(first.id, "overview")
    settled(window)
    from PySide6.QtWidgets import QScrollArea

    scroll = next(area for area in window.account_view.findChildren(QScrollArea)
                  if area.isVisible() and area.verticalScrollBar().maximum() > 0)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    window.open_account(second.id, "overview")
    settled(window)
    assert scroll.verticalScrollBar().value() == 0


def test_creating_an_account_refuses_bad_input_at_the_field(qtbot, window: MainWindow) -> None:
    window.new_account_action.trigger()
    dialog = window.findChild(AccountDialog)
    form = dialog.form
    type_into(qtbot, form.widgets["name"], "Acme Corp")
    type_into(qtbot, form.widgets["arr_cents"], "$120,000")
    type_into(qtbot, form.widgets["contract_start"], "2026-03-01")
    type_into(qtbot, form.widgets["renewal_date"], "2026-01-01")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()  # kept open, nothing saved
    assert form.errors["renewal_date"].text() == (
        "renewal date 2026-01-01 is before contract start 2026-03-01")
    assert window.services.accounts.count() == 0
    type_into(qtbot, form.widgets["renewal_date"], "2027-03-01")
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    settled(window)  # the new account opens
    account = window.services.accounts.find("Acme Corp")
    assert account.arr_cents == 120_000_00
    assert window.pages.currentWidget() is window.account_view
    assert "Acme Corp" in window.account_view.name.text()
    assert "renews in" in window.account_view.facts.text()
    window.undo_action.trigger()  # undo the creation...
    settled(window)
    assert window.services.accounts.count() == 0
    assert window.pages.currentWidget() is not window.account_view
    window.redo_action.trigger()  # ...and redo brings the same account back
    settled(window)
    assert window.services.accounts.find("Acme Corp").id == account.id


def test_editing_every_canvas_section_with_undo_and_redo(qtbot, window, acme) -> None:
    window.open_account(acme, "plan")
    settled(window)
    plan_tab = window.account_view.plan
    services = window.services
    # Plan status and success assessment
    plan_tab.status.setCurrentIndex(plan_tab.status.findData(PlanStatus.DISCOVERY))
    plan_tab.status.activated.emit(plan_tab.status.currentIndex())
    settled(window)  # saved off the GUI thread
    assert services.plans.get(acme).status is PlanStatus.DISCOVERY
    # 1. Customer highlights
    qtbot.keyClicks(plan_tab.highlights, "Regional retailer, 40 stores")
    leave(plan_tab.highlights)
    settled(window)
    assert services.accounts.get(acme).highlights == "Regional retailer, 40 stores"
    # 2, 3, 4, 6: the ordered lists, added and edited in place
    for kind, text in ((CanvasItemKind.OBJECTIVE, "Grow online sales 30%"),
                       (CanvasItemKind.CHALLENGE, "Small e-commerce team"),
                       (CanvasItemKind.BENEFIT, "Abandoned-cart workflows"),
                       (CanvasItemKind.SUCCESS_CRITERION, "Board sees weekly revenue")):
        editor = plan_tab.lists[kind]
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
        settled(window)  # added off the GUI thread, then shown and opened for editing
        editor.list.item(editor.list.count() - 1).setText(text)
        settled(window)
        assert [i.text for i in services.plans.get(acme).items_of(kind)] == [text]
    objectives = plan_tab.lists[CanvasItemKind.OBJECTIVE]
    qtbot.mouseClick(objectives.add_button, Qt.MouseButton.LeftButton)
    settled(window)
    objectives.list.item(1).setText("Open two new regions")
    settled(window)
    objectives.list.setCurrentRow(1)
    objectives.move_selected(-1)
    settled(window)
    assert [i.text for i in services.plans.get(acme).items_of(CanvasItemKind.OBJECTIVE)] == [
        "Open two new regions", "Grow online sales 30%"]
    # 5. Milestones, actions and dates
    plan_tab.milestones.add()
    dialog = window.findChild(FormDialog)
    type_into(qtbot, dialog.widgets["name"], "Go-live")
    type_into(qtbot, dialog.widgets["planned_date"], "2026-11-30")
    type_into(qtbot, dialog.widgets["owner"], "Dana")
    press_ok(qtbot, dialog)
    milestone = services.critical_path.milestones(services.plans.get(acme).id)[0]
    assert (milestone.name, milestone.planned_date, milestone.owner) == (
        "Go-live", date(2026, 11, 30), "Dana")
    plan_tab.milestones.table.table.selectRow(0)
    actions = plan_tab.milestones.actions
    type_into(qtbot, actions.text, "Confirm the launch date")
    qtbot.keyClick(actions.text, Qt.Key.Key_Return)
    settled(window)
    assert [a.text for a in _own_actions(services, acme)] == ["Confirm the launch date"]
    # 7. Measures of success, with a reading
    plan_tab.measures.add()
    dialog = window.findChild(FormDialog, None)
    dialogs = [d for d in window.findChildren(FormDialog) if d.isVisible()]
    dialog = dialogs[-1]
    type_into(qtbot, dialog.widgets["name"], "Online revenue")
    type_into(qtbot, dialog.widgets["unit"], "k$")
    type_into(qtbot, dialog.widgets["baseline"], "100")
    type_into(qtbot, dialog.widgets["target"], "130")
    press_ok(qtbot, dialog)
    plan_tab.measures.table.table.selectRow(0)
    type_into(qtbot, plan_tab.measures.reading_value, "115")
    qtbot.keyClick(plan_tab.measures.reading_value, Qt.Key.Key_Return)
    settled(window)
    kpi = services.plans.get(acme).kpis[0]
    assert (kpi.name, kpi.latest.value, kpi.latest.taken_on) == ("Online revenue", 115, TODAY)
    assert plan_tab.measures.model.index(0, 5).data() == "50%"
    assert plan_tab.measures.chart.figure is not None  # the KPI's progress chart
    # Undo the reading, the KPI and the milestone action; redo brings the KPI back
    stack = window.editor.stack
    stack.undo()
    settled(window)
    assert services.plans.get(acme).kpis[0].readings == []
    stack.undo()
    settled(window)
    assert services.plans.get(acme).kpis == []
    stack.redo()
    settled(window)
    assert services.plans.get(acme).kpis[0].id == kpi.id  # the same record, not a copy
    stack.undo()
    stack.undo()
    settled(window)
    assert _own_actions(services, acme) == []
    stack.undo()
    settled(window)
    assert services.critical_path.milestones(services.plans.get(acme).id) == []


def test_undo_redo_of_a_field_edit_and_a_refused_value(qtbot, window, acme) -> None:
    window.open_account(acme, "overview")
    settled(window)
    overview = window.account_view.overview
    industry = overview.highlights.widgets["industry"]
    type_into(qtbot, industry, "Retail")
    leave(industry)
    settled(window)  # saved off the GUI thread
    assert window.services.accounts.get(acme).industry == "Retail"
    employees = overview.highlights.widgets["employees"]
    type_into(qtbot, employees, "lots")
    leave(employees)
    assert overview.highlights.errors["employees"].text() == "employees must be a whole number"
    assert window.services.accounts.get(acme).employees is None
    window.undo_action.trigger()
    settled(window)
    assert window.services.accounts.get(acme).industry is None
    assert industry.text() == ""
    window.redo_action.trigger()
    settled(window)
    assert window.services.accounts.get(acme).industry == "Retail"


def test_a_notes_line_becomes_an_action_item_and_is_ticked_on_today(qtbot, window,
                                                                     acme) -> None:
    window.open_account(acme, "")
    settled(window)
    window.new_meeting_action.trigger()
    settled(window)
    assert window.account_view.current_tab() == "meetings"
    editor = window.account_view.meetings.editor
    assert editor.meeting is not None and editor.meeting.held_on == TODAY
    type_into(qtbot, editor.title, "Weekly check-in")
    leave(editor.title)
    qtbot.keyClicks(editor.notes, "Went well.")
    qtbot.keyClick(editor.notes, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.notes, f"AI: send the roadmap @Dana due {TODAY + timedelta(days=3)}")
    leave(editor.notes)
    settled(window)  # the title saved off the GUI thread
    items = _own_actions(window.services, acme)
    assert [(a.text, a.owner, a.due_date) for a in items] == [
        ("send the roadmap", "Dana", TODAY + timedelta(days=3))]
    assert editor.actions.model.rowCount() == 1
    assert window.services.meetings.get(editor.meeting.id).title == "Weekly check-in"
    # Today lists it; ticking it there marks it done
    window.show_view("today")
    settled(window)
    model = window.today_view.due_model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).text == "send the roadmap")
    assert model.setData(model.index(row, 0), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    settled(window)  # saved off the GUI thread; Today reloads once health is updated
    assert _own_actions(window.services, acme, open_only=True) == []
    assert all(r.text != "send the roadmap" for r in model.rows)
    window.undo_action.trigger()
    settled(window)
    assert len(_own_actions(window.services, acme, open_only=True)) == 1


def test_notes_are_saved_after_a_pause_in_typing(qtbot, window, acme) -> None:
    window.open_account(acme, "meetings")
    settled(window)
    window.account_view.meetings.new_meeting()
    settled(window)
    editor = window.account_view.meetings.editor
    qtbot.keyClicks(editor.notes, "Typed and never left the field")
    meeting_id = editor.meeting.id
    qtbot.waitUntil(lambda: window.services.meetings.get(meeting_id).notes ==
                    "Typed and never left the field", timeout=5000)


def test_filtering_the_accounts(qtbot, demo_services, window: MainWindow) -> None:
    window.show_view("accounts")
    settled(window)
    view = window.accounts_view
    assert view.table.proxy.rowCount() == 12
    qtbot.keyClicks(view.filter, "labs")
    names = [r.name for r in view.table.visible_rows()]
    assert names and all("labs" in n.lower() for n in names) and len(names) < 12
    view.filter.clear()
    qtbot.keyClicks(view.filter, "zzzz-no-such")
    assert view.table.currentWidget() is view.table.empty
    assert "No account matches" in view.table.empty.text()


def test_sorting_by_a_column_header_and_keeping_the_selection(qtbot, demo_services,
                                                             window: MainWindow) -> None:
    window.show_view("accounts")
    settled(window)
    view = window.accounts_view
    table = view.table.table
    arr_column = 3
    qtbot.mouseClick(table.horizontalHeader().viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(table.columnViewportPosition(arr_column) + 5, 5))
    arrs = [r.arr_cents for r in view.table.visible_rows()]
    assert arrs == sorted(arrs) or arrs == sorted(arrs, reverse=True)
    first = arrs[0]
    table.sortByColumn(arr_column, Qt.SortOrder.DescendingOrder)
    arrs = [r.arr_cents for r in view.table.visible_rows()]
    assert arrs == sorted(arrs, reverse=True) and arrs[-1] == min(arrs)
    assert first in (arrs[0], arrs[-1])
    # Selected accounts stay selected through a re-sort, filtering and a reload.
    chosen = view.table.visible_rows()[4]
    other = next(r for r in view.table.visible_rows() if r.name[:4] != chosen.name[:4])
    assert view.table.select_where(lambda r: r.id in {chosen.id, other.id})
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert {r.name for r in view.table.selected_rows()} == {chosen.name, other.name}
    qtbot.keyClicks(view.filter, chosen.name[:4])
    assert chosen.name in [r.name for r in view.table.selected_rows()]
    names = [r.name.casefold() for r in view.table.visible_rows()]
    assert names == sorted(names)
    view.filter.clear()
    assert len(view.table.visible_rows()) == 12
    assert [r.name for r in view.table.selected_rows()] == [chosen.name]
    table.selectRow(0)
    view.table.select_where(lambda r: r.id in {chosen.id, other.id})
    window.refresh()  # new rows from the services keep a multi-row selection
    assert {r.name for r in view.table.selected_rows()} == {chosen.name, other.name}


def test_search_opens_the_hit_in_its_account_and_tab(qtbot, window, acme,
                                                     monkeypatch) -> None:
    meeting = window.services.meetings.create(acme, title="Renewal prep", held_on=TODAY,
                                              notes="Discussed the attribution report")
    window.services.meetings.create(acme, title="Other", held_on=TODAY - timedelta(days=9))
    window.search_action.trigger()
    dialog = window.search.dialog
    threads = []
    grouped = window.services.search.grouped
    monkeypatch.setattr(window.services.search, "grouped", lambda text: threads.append(
        QThread.currentThread() is QApplication.instance().thread()) or grouped(text))
    qtbot.keyClicks(dialog.query, "attribu")
    dialog.run_search()
    assert dialog.searching  # off the GUI thread
    settled(window)
    assert dialog.results.topLevelItem(0).text(0) == "Meetings (1)"
    assert threads and not any(threads)
    qtbot.keyClicks(dialog.query, "tion")
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)  # before the results came: opens the first
    settled(window)  # the account's meetings load, then the hit is selected
    assert window.pages.currentWidget() is window.account_view
    assert window.account_view.current_tab() == "meetings"
    assert window.account_view.meetings.editor.meeting.id == meeting.id


def test_archiving_accounts_with_undo(qtbot, demo_services, window: MainWindow) -> None:
    window.show_view("accounts")
    settled(window)
    view = window.accounts_view
    table = view.table.table
    table.selectRow(0)
    table.selectionModel().select(view.table.proxy.index(1, 0),
                                  table.selectionModel().SelectionFlag.Select
                                  | table.selectionModel().SelectionFlag.Rows)
    chosen = [r.name for r in view.table.selected_rows()]
    assert len(chosen) == 2
    qtbot.mouseClick(view.archive_button, Qt.MouseButton.LeftButton)
    settled(window)
    remaining = [r.name for r in view.table.visible_rows()]
    assert len(remaining) == 10 and not set(chosen) & set(remaining)
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    settled(window)
    assert len(view.table.visible_rows()) == 12


def test_next_and_previous_account_follow_the_accounts_list(qtbot, demo_services,
                                                            window: MainWindow) -> None:
    window.show_view("accounts")
    settled(window)
    order = window.accounts_view.visible_ids()
    window.open_account(order[0], "plan")
    settled(window)
    window.next_action.trigger()
    assert window.account_view.account_id == order[1]
    assert window.account_view.current_tab() == "plan"
    window.previous_action.trigger()
    window.previous_action.trigger()
    assert window.account_view.account_id == order[-1]
    window.back_action.trigger()
    assert window.pages.currentWidget() is window.accounts_view


def test_views_say_what_to_do_when_empty(qtbot, window, acme) -> None:
    window.show_view("renewals")
    settled(window)
    assert window.renewals_view.table.currentWidget() is window.renewals_view.table.table
    window.services.accounts.update(acme, renewal_date=TODAY + timedelta(days=200))
    window.refresh()
    settled(window)
    assert window.renewals_view.table.currentWidget() is window.renewals_view.table.empty
    window.open_account(acme, "meetings")
    settled(window)
    meetings = window.account_view.meetings
    assert meetings.list.currentWidget() is meetings.list.empty
    assert "New meeting" in meetings.list.empty.text()


def test_layout_and_last_view_are_remembered(qtbot, services: Services) -> None:
    services.accounts.create(name="Acme")
    first = MainWindow(services, today=lambda: TODAY)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.show_view("renewals")
    settled(first)
    first.resize(760, 560)  # within the offscreen screen, which restoreGeometry respects
    first.splitter.setSizes([200, 440])
    size, sizes = first.size(), first.splitter.sizes()
    first.close()
    second = MainWindow(services, today=lambda: TODAY)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.current_view() == "renewals"
    from PySide6.QtCore import QSettings

    assert QSettings().value("main_window/geometry") is not None
    assert second.size() == size
    assert second.splitter.sizes() == sizes


def test_an_account_tab_built_later_gets_its_remembered_splitter(qtbot,
                                                                  services: Services) -> None:
    acme = services.accounts.create(name="Acme").id
    first = MainWindow(services, today=lambda: TODAY)
    qtbot.addWidget(first)
    first.resize(1000, 700)
    first.show()
    qtbot.waitExposed(first)
    assert not first.account_view.is_built("meetings")  # nothing built until needed
    first.open_account(acme, "meetings")
    settled(first)
    assert first.account_view.is_built("meetings")
    assert not first.account_view.is_built("qbr")
    first.account_view.meetings.splitter.setSizes([150, 600])
    sizes = first.account_view.meetings.splitter.sizes()
    first.close()
    second = MainWindow(services, today=lambda: TODAY)
    qtbot.addWidget(second)
    second.resize(1000, 700)
    second.show()
    qtbot.waitExposed(second)
    second.open_account(acme, "meetings")  # built now, after the window restored its layout
    settled(second)
    assert second.account_view.meetings.splitter.sizes() == sizes


def test_no_line_edit_is_left_unnamed_in_the_canvas(window, acme) -> None:
    window.open_account(acme, "plan")
    settled(window)
    assert window.account_view.plan.findChildren(QLineEdit)


def test_a_dark_system_gets_a_dark_palette_even_without_one_from_the_platform(qapp) -> None:
    from PySide6.QtGui import QPalette

    from csdesk.ui.palette import apply_scheme

    class Hints:
        def colorScheme(self):  # noqa: N802
            return Qt.ColorScheme.Dark

    class App:
        palette = None

        def styleHints(self):  # noqa: N802
            return Hints()

        def style(self):
            return qapp.style()

        def setPalette(self, palette) -> None:  # noqa: N802
            self.palette = palette

    app = App()
    apply_scheme(app)
    assert app.palette.color(QPalette.ColorRole.Window).lightness() < 80
    assert app.palette.color(QPalette.ColorRole.Text).lightness() > 200


@pytest.mark.sqlite_only
def test_screenshot_command_renders_a_view(tmp_path, demo_services) -> None:
    from csdesk import cli

    path = demo_services.workspace.path
    out = tmp_path / "plan.png"
    name = demo_services.accounts.list()[0].name
    assert cli.main(["screenshot", "--db", str(path), "--view", f"account:{name}:plan",
                     "--today", "2026-11-23", "-o", str(out)]) == 0
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert cli.main(["screenshot", "--db", str(path), "--view", "galaxy", "-o", str(out)]) == 1


@pytest.mark.sqlite_only
def test_screenshot_reaches_tabs_dialogs_and_sizes_and_names_the_choices(
        tmp_path, demo_services, capsys) -> None:
    from PySide6.QtGui import QImage

    from csdesk import cli

    db = str(demo_services.workspace.path)
    name = demo_services.accounts.list()[0].name
    shots = {"portfolio:onboarding": (1920, 1080), f"account:{name}:critical-path": (1280, 800),
             "dialog:settings": None}
    for view, size in shots.items():
        out = tmp_path / "shot.png"
        extra = ["--size", f"{size[0]}x{size[1]}"] if size else []
        assert cli.main(["screenshot", "--db", db, "--view", view, "-o", str(out),
                         "--today", "2026-11-23", *extra]) == 0, view
        image = QImage(str(out))
        if size:
            assert (image.width(), image.height()) == size
        else:  # the dialog alone, smaller than the window
            assert 0 < image.width() < 1280
    capsys.readouterr()
    assert cli.main(["screenshot", "--db", db, "--view", f"account:{name}:bogus",
                     "-o", str(tmp_path / "x.png")]) == 1
    assert "unknown tab 'bogus': use overview, plan, path" in capsys.readouterr().err
    assert cli.main(["screenshot", "--db", db, "--view", "welcome",
                     "-o", str(tmp_path / "x.png")]) == 1
    assert "shows only while a workspace has no accounts" in capsys.readouterr().err
    # the welcome page of a workspace not made yet: drawn, and no workspace made for it
    missing = tmp_path / "not-yet.db"
    assert cli.main(["screenshot", "--db", str(missing), "--view", "welcome",
                     "-o", str(tmp_path / "welcome.png")]) == 0
    assert QImage(str(tmp_path / "welcome.png")).width() == 1280 and not missing.exists()
    assert not (tmp_path / "not-yet-backups").exists()
    assert cli.main(["screenshot", "--db", db, "--view", "galaxy",
                     "-o", str(tmp_path / "x.png")]) == 1
    said = capsys.readouterr().err
    for choice in ("opportunities", "gaps", "portfolio[:dashboard|onboarding]", "dialog:settings",
                   "critical-path"):
        assert choice in said
    assert not (tmp_path / "x.png").exists()
    # the import wizard at its column mapping, for a file; without one, said
    table = tmp_path / "book.csv"
    table.write_text("Account,ARR,Renewal date\nAcme,120000,2027-03-01\n", encoding="utf-8")
    assert cli.main(["screenshot", "--db", db, "--view", "dialog:import-accounts", "--file",
                     str(table), "-o", str(tmp_path / "import.png")]) == 0
    assert 0 < QImage(str(tmp_path / "import.png")).width() < 1280
    capsys.readouterr()
    assert cli.main(["screenshot", "--db", db, "--view", "dialog:import-contacts",
                     "-o", str(tmp_path / "x.png")]) == 1
    assert "give it with --file" in capsys.readouterr().err
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    for args, said in ((["--view", "dialog:import-accounts", "--file", str(binary)],
                        "not a text CSV file"),  # the wizard's reason, at once
                       (["--view", "today", "--file", str(table)], "import views only"),
                       (["-o", str(table / "x.png")], "is a file, not a folder"),
                       (["-o", str(tmp_path / "shot.txt")], "name it FILE.png")):
        output = [] if "-o" in args else ["-o", str(tmp_path / "x.png")]
        assert cli.main(["screenshot", "--db", db, *args, *output]) == 1, args
        assert said in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "shot.txt").exists()


def test_activity_tab_lists_changes_newest_first(qtbot, window, acme) -> None:
    for industry in ("Retail", "Travel", "Media"):
        window.services.accounts.update(acme, industry=industry)
    window.open_account(acme, "activity")
    settled(window)
    rows = window.account_view.activity.table.visible_rows()
    assert [r.summary for r in rows][:3] == ["Account Acme: industry changed"] * 3
    stamps = [(r.at, r.id) for r in rows]
    # created, its start-renewal item (it renews in 40 days), three edits
    assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) == len(stamps) == 5


def test_an_unexpected_error_is_logged_shown_and_the_notes_kept(qtbot, window, acme,
                                                                monkeypatch) -> None:
    import os
    import sys
    from pathlib import Path

    from csdesk.ui import crash

    window.open_account(acme, "meetings")
    settled(window)
    window.account_view.meetings.new_meeting()
    settled(window)
    editor = window.account_view.meetings.editor
    qtbot.keyClicks(editor.notes, "Typed just before the crash")
    meeting_id = editor.meeting.id
    previous = sys.excepthook
    crash.install_excepthook(lambda: window)
    try:
        try:
            raise ValueError("boom")
        except ValueError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = previous
    box = crash.report_unexpected.last_box
    assert "ValueError: boom" in box.text() and "Your work has been saved" in box.text()
    log = Path(os.environ["CSDESK_DATA_DIR"]) / "logs" / "csdesk.log"
    assert str(log) in box.text() and "ValueError: boom" in log.read_text(encoding="utf-8")
    assert window.services.meetings.get(meeting_id).notes == "Typed just before the crash"
    assert window.isVisible()
    box.close()


def test_a_server_out_of_reach_is_said_plainly_not_reported_as_a_crash(qtbot, window) -> None:
    import sys

    from PySide6.QtWidgets import QMessageBox

    from csdesk.errors import ServerUnreachableError
    from csdesk.ui import crash

    previous = sys.excepthook
    crash.install_excepthook(lambda: window)
    crash.report_unexpected.last_box = None
    try:
        for _ in range(3):  # a view refresh failing again and again: one box, not three
            error = ServerUnreachableError("the team workspace db.example cannot be reached; "
                                           "nothing was saved", detail="connection refused")
            sys.excepthook(type(error), error, None)
    finally:
        sys.excepthook = previous
    boxes = [b for b in window.findChildren(QMessageBox) if b.objectName() == "notSaved"
             and b.isVisible()]
    assert len(boxes) == 1
    assert boxes[0].text() == ("The team workspace db.example cannot be reached; nothing was "
                               "saved.")
    assert boxes[0].detailedText() == "connection refused"
    assert crash.report_unexpected.last_box is None  # no "Something went wrong", no log
    boxes[0].close()


def test_the_first_page_is_loaded_once_when_the_window_shows(qtbot, demo_services,
                                                              monkeypatch) -> None:
    calls: list[str] = []
    book = demo_services.book
    for name in ("today", "account_summaries"):
        original = getattr(book, name)
        monkeypatch.setattr(book, name, lambda *a, _n=name, _o=original, **k:
                            calls.append(_n) or _o(*a, **k))
    win = MainWindow(demo_services, today=lambda: TODAY, remember_layout=False)
    qtbot.addWidget(win)
    win.show_view("accounts")
    settled(win)
    assert calls == []  # nothing loaded for a window nobody sees yet
    win.show()
    qtbot.waitExposed(win)
    settled(win)
    assert calls == ["account_summaries"]
    assert len(win.accounts_view.table.visible_rows()) == 12
    win.show_view("today")
    settled(win)
    assert calls == ["account_summaries", "today"]
    win.runner.wait()
