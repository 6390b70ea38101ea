"""On a 13-inch laptop (1280×800) Today's lists show what matters whole: money never cut
behind a scroll bar, a long text elided only with its whole text in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
    due = view.due.table.model()
    what = due.index(0, 4)
    assert what.data(Qt.ItemDataRole.ToolTipRole) == what.data()  # the whole text on hover
