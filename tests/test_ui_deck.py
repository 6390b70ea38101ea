"""The QBR tab's Export deck… and the deck's row in Tools → Document templates, driven as a CSM
would: what was edited in the QBR tab is on the slides, written off the GUI thread; a slide
template is chosen, refused with its reason, checked and copied."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from csdesk.services import Services
from csdesk.ui.dialogs.documents_dialog import DocumentTemplatesDialog
from tests.deck_checks import slide_texts
from tests.test_ui_qbr import TODAY, account, window  # noqa: F401 (fixtures)
from tests.ui_helpers import settled

pytestmark = pytest.mark.usefixtures("signed")


def test_export_deck_carries_the_qbr_tabs_edits(qtbot, window, account,  # noqa: F811
                                                tmp_path) -> None:
    window.open_account(account, "")
    settled(window)
    window.export_qbr_action.trigger()
    settled(window)
    tab = window.account_view.qbr
    tab.insights.setPlainText("Champion wants a second team")
    tab.plan.setPlainText("Run the pilot — Dana — 2026-12-15")
    tab.roadmap.item(0).setCheckState(Qt.CheckState.Checked)
    out = tmp_path / "deck"  # the suffix is added
    tab.export("deck", str(out))
    qtbot.waitUntil(lambda: getattr(tab, "last_written", None) is not None, timeout=60000)
    written = tmp_path / "deck.pptx"
    assert tab.last_written == written
    text = {title: body for title, body, _notes in slide_texts(written)}
    assert text["Insights"] == "Champion wants a second team"
    assert "Run the pilot" in text["The next 90 days"]
    assert "Attribution v2" in text["Product roadmap"]
    assert next(iter(text)) == "Quarterly business review 2026Q4"
    activity = [e.summary for e in window.services.activity.for_account(account)]
    assert "QBR deck 2026Q4 exported to deck.pptx" in activity


def test_the_deck_template_is_chosen_checked_and_copied(qtbot, services: Services,
                                                        tmp_path: Path) -> None:
    dialog = DocumentTemplatesDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "default shipped" in dialog.labels["deck"].text())
    copy = tmp_path / "ours.pptx"
    dialog.copy_default("deck", str(copy))
    qtbot.waitUntil(copy.exists)
    assert copy.read_bytes() == services.decks.builtin_template().read_bytes()
    dialog.choose("deck", str(copy))
    qtbot.waitUntil(lambda: dialog.labels["deck"].text() == str(copy))
    assert services.decks.template_for() == copy
    word = tmp_path / "words.pptx"
    word.write_bytes(services.documents.builtin_template("qbr").read_bytes())
    dialog.choose("deck", str(word))
    qtbot.waitUntil(lambda: "is not a PowerPoint presentation" in dialog.error.text())
    assert services.decks.template_for() == copy  # the refused one is not used
    dialog.check_template(str(copy))
    qtbot.waitUntil(lambda: "Title and Content: the layout" in
                    dialog.check_result.toPlainText())
    dialog.use_default("deck")
    qtbot.waitUntil(lambda: "default shipped" in dialog.labels["deck"].text())
    assert services.decks.template_for().name == "qbr_deck.pptx"
