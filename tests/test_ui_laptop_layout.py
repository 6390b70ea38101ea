"""On a 13-inch laptop (1280×800) Today's lists show what matters whole: money never cut
behind a scroll bar, a long text elided only with its whole text in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt

from csdesk.ui.widgets import TEXT_FLOOR, share_out
from tests.conftest import TODAY
from tests.ui_helpers import settled, shown_window


def test_todays_renewals_show_their_arr_whole_at_1280x800(qtbot, demo_services) -> None:
    window = shown_window(qtbot, demo_services, TODAY)
    window.resize(1280, 800)
    window.show_view("today")
    settled(window)
    qtbot.wait(50)  # the resize's layout
    view = window.today_view
    assert view.renewal_model.rowCount() > 0
    table = view.renewals.table
    assert table.horizontalScrollBar().maximum() == 0  # nothing behind a scroll bar
    model = table.model()
    arr = [model.headerData(c, Qt.Orientation.Horizontal)
           for c in range(model.columnCount())].index("ARR")
    assert table.columnWidth(arr) >= table.sizeHintForColumn(arr)  # money never elides
    risks = view.risks.table.model()
    for row in range(risks.rowCount()):  # a risk's title, often elided, whole on hover
        index = risks.index(row, 2)
        title = index.data().removesuffix("  (escalated)")
        assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(title)
    due_table = view.due.table
    assert 15 <= due_table.model().rowCount() <= 20
    assert due_table.viewport().height() >= due_table.verticalHeader().length()  # all in sight
    due = due_table.model()
    what = due.index(0, 4)
    assert what.data(Qt.ItemDataRole.ToolTipRole) == what.data()  # the whole text on hover


def _columns(table) -> dict[str, int]:
    model = table.model()
    return {model.headerData(c, Qt.Orientation.Horizontal): c
            for c in range(model.columnCount())}


def _whole(table, column: int) -> bool:
    """Every row's text of ``column`` fits its width (nothing elided)."""
    model, metrics = table.model(), table.fontMetrics()
    widest = max(metrics.horizontalAdvance(model.index(row, column).data() or "")
                 for row in range(model.rowCount()))
    return widest + 6 <= table.columnWidth(column)  # the cell's margins


def test_columns_give_way_by_priority() -> None:
    """Spare room goes to the text that matters; when short, the other long texts give
    first, then the row's name, then the stretch column; money and short texts never."""
    widths = [150, 80, 300, 200, 70]  # name, status, stretch text, other text, money
    roomy = share_out(widths, 1000, stretch=2, fixed={4})
    assert roomy == [150, 80, 500, 200, 70]
    tight = share_out(widths, 700, stretch=2, fixed={4})
    assert sum(tight) <= 700
    assert tight[1] == 80 and tight[4] == 70  # a status and an amount keep their width
    assert tight[2] == 300 and tight[0] == 150  # the other text gave all that was needed
    tighter = share_out(widths, 560, stretch=2, fixed={4})
    assert sum(tighter) <= 560 and tighter[3] == TEXT_FLOOR
    assert tighter[0] == TEXT_FLOOR and tighter[2] == 230  # then the name, then the stretch
    tightest = share_out(widths, 100, stretch=2, fixed={4})
    assert tightest == [TEXT_FLOOR, 80, TEXT_FLOOR, TEXT_FLOOR, 70]  # then a scroll bar


def test_the_critical_path_shows_every_stage_whole_at_1280x800(qtbot, demo_services) -> None:
    window = shown_window(qtbot, demo_services, TODAY)
    account = max(demo_services.accounts.list(), key=lambda a: len(
        demo_services.critical_path.track(a.id, TODAY).stages))
    window.open_account(account.id, "path")
    settled(window)
    qtbot.wait(50)
    table = window.account_view.path.stages.table
    rows = table.model().rowCount()
    assert rows >= 6
    assert table.viewport().height() >= table.verticalHeader().length()  # every stage shown
    assert table.horizontalScrollBar().maximum() == 0
    for name in ("Stage", "Due", "Status", "Forecast"):
        assert _whole(table, _columns(table)[name]), name


def test_accounts_show_the_owner_and_onboarding_the_why(qtbot, demo_services) -> None:
    window = shown_window(qtbot, demo_services, TODAY)
    window.show_view("accounts")
    settled(window)
    qtbot.wait(50)
    table = window.accounts_view.table.table
    columns = _columns(table)
    assert table.horizontalScrollBar().maximum() == 0  # the Owner column is on screen
    for name in ("Owner", "ARR", "Due", "Health", "Account"):
        assert _whole(table, columns[name]), name
    window.show_view("portfolio")
    window.portfolio_view.tabs.setCurrentIndex(1)
    settled(window)
    qtbot.wait(50)
    table = window.portfolio_view.table.table
    columns = _columns(table)
    assert table.horizontalScrollBar().maximum() == 0
    assert table.viewport().height() >= table.verticalHeader().length()  # every account
    assert table.columnWidth(columns["Why"]) >= max(
        table.columnWidth(c) for name, c in columns.items() if name != "Why")
    for name in ("Path health", "Days late", "Done"):
        assert _whole(table, columns[name]), name


def test_a_split_fits_its_contents_until_the_csm_moves_it(qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QSplitter

    from csdesk.ui.splitters import fit_first_pane, restore

    def splitter() -> QSplitter:
        made = QSplitter(Qt.Orientation.Vertical)
        for text in ("stages", "details"):
            made.addWidget(QLabel(text))
        qtbot.addWidget(made)
        made.resize(400, 600)
        made.show()
        qtbot.waitExposed(made)
        return made

    split = splitter()
    fit_first_pane(split, 250)
    assert split.sizes()[0] == 250
    fit_first_pane(split, 330)  # more rows arrived: the pane follows
    assert split.sizes()[0] == 330
    fit_first_pane(split, 5000)  # never more than the other pane leaves
    assert split.sizes()[1] >= 120
    split.splitterMoved.emit(200, 1)  # the CSM drags it: theirs from now on
    before = split.sizes()
    fit_first_pane(split, 250)
    assert split.sizes() == before
    remembered = splitter()
    remembered.setSizes([100, 500])
    state = remembered.saveState()
    again = splitter()
    restore(again, state)
    fit_first_pane(again, 300)
    assert abs(again.sizes()[0] - 100) <= 2  # a remembered split is kept (to the handle)


def test_money_is_sized_to_its_widest_amount_anywhere_in_a_long_list() -> None:
    from csdesk.ui.table_model import LONG_LIST, Column, RowsTableModel

    amounts = [1_000 + number % 50 for number in range(LONG_LIST * 3)]
    amounts[LONG_LIST * 2] = -12_345_678  # far below the first screenful
    model = RowsTableModel([Column("ARR", lambda cents: f"${cents:,}", sort=lambda c: c,
                                   align_right=True)])
    model.set_rows(amounts)
    assert model.widest_text(0) == "$-12,345,678"
    amounts[LONG_LIST * 2] = 99_999_999
    model.set_rows(amounts)
    assert model.widest_text(0) == "$99,999,999"


def test_a_hidden_column_leaves_its_room_to_the_others(qtbot, demo_services) -> None:
    """The Activity tab hides "Who" for a CSM on their own: "What changed" fills the row."""
    window = shown_window(qtbot, demo_services, TODAY)
    window.resize(1280, 800)
    window.open_account(demo_services.accounts.list()[0].id, "activity")
    settled(window)
    qtbot.wait(50)
    table = window.account_view.activity.table.table
    assert table.isColumnHidden(2)  # no one has set a name in the demo book
    shown = table.columnWidth(0) + table.columnWidth(1)
    assert shown == table.viewport().width()  # no strip of empty header on the right
    table.setColumnHidden(2, False)
    assert sum(table.columnWidth(c) for c in range(3)) <= table.viewport().width()
