"""The canvas sections are declared once (documents/canvas.py): the tab, the plan document and
the template field list follow that one table."""

from __future__ import annotations

import dataclasses

from csdesk.documents.canvas import CANVAS_SECTIONS
from csdesk.documents.data import PlanDocument
from csdesk.documents.fields import DESCRIPTIONS
from csdesk.models import CanvasItemKind


def test_every_kind_of_statement_has_one_section_and_a_document_field() -> None:
    assert sorted(s.kind for s in CANVAS_SECTIONS) == sorted(k.value for k in CanvasItemKind)
    fields = {f.name for f in dataclasses.fields(PlanDocument)}
    for section in CANVAS_SECTIONS:
        assert section.field in fields, f"PlanDocument needs a field {section.field!r}"
        assert DESCRIPTIONS[section.field] == section.description
    numbers = [s.number for s in CANVAS_SECTIONS]
    assert len(set(numbers)) == len(numbers) and len({s.cell for s in CANVAS_SECTIONS}) == 4


def test_the_tab_and_the_document_show_each_section(qtbot, services) -> None:
    from csdesk import clock
    from csdesk.ui.account.context import AccountContext
    from csdesk.ui.account.plan import PlanTab
    from csdesk.ui.editing import Editor

    account = services.accounts.create(name="Acme")
    plan = services.plans.get(account.id)
    for section in CANVAS_SECTIONS:
        for n in (1, 2):
            services.plans.add_item(plan.id, CanvasItemKind(section.kind), f"{section.title} {n}")
    context = AccountContext(services, Editor(services), clock.today, account.id)
    tab = PlanTab(context)
    qtbot.addWidget(tab)
    tab.show(tab.load()())  # what the workspace reads, then shows
    for section in CANVAS_SECTIONS:
        editor = tab.lists[CanvasItemKind(section.kind)]
        texts = [editor.list.item(i).text() for i in range(editor.list.count())]
        assert texts == [f"{section.title} 1", f"{section.title} 2"]
        assert section.hint in editor.empty.text()
    document = services.documents.plan_document(account.id, clock.today(), charts=False)
    for section in CANVAS_SECTIONS:
        assert getattr(document, section.field) == [f"{section.title} 1", f"{section.title} 2"]
