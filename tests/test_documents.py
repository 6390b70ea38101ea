"""Word documents, read back with python-docx: default and custom templates, template errors,
sandbox escapes and hostile text."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document

from csdesk import cli
from csdesk.documents.controls import visible_text
from csdesk.documents.fields import describe_fields
from csdesk.documents.render import DocumentTemplateError
from csdesk.models import CanvasItemKind
from csdesk.services import Services

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

TODAY = date(2026, 11, 23)


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [visible_text(p._p) for p in doc.paragraphs]
    for table in doc.tables:
        parts += [_cell_text(cell) for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _cell_text(cell) -> str:
    """A table cell's text as a reader sees it, content controls included (python-docx's
    ``cell.text`` leaves out what is inside a control)."""
    return visible_text(cell._tc)


def _headings(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name.startswith("Heading")]


def _template(tmp_path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "mine.docx"
    doc.save(str(path))
    return path


@pytest.fixture
def account(demo_services: Services) -> int:
    rows = demo_services.critical_path.portfolio(TODAY)
    return next(r.account_id for r in rows if r.track.next_stage is not None)


def test_default_success_plan(demo_services: Services, account: int, tmp_path: Path) -> None:
    out = demo_services.documents.export_plan(account, tmp_path / "plan.docx", TODAY)
    name = demo_services.accounts.get(account).name
    doc = Document(str(out))
    paragraphs = doc.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Title")
    assert paragraphs[at].text == name  # the cover, on page 1 with the executive summary
    page_one = [p.text for p in paragraphs[:at + 30]]
    assert "Executive summary" in page_one
    assert "Prepared by Dana Whitfield, Senior Customer Success Manager, Northstar Analytics" \
        in page_one
    assert [h for h in _headings(out) if h[0].isdigit()] == [
        "1. Customer highlights", "2. Objectives", "3. Key challenges", "4. Key benefits",
        "5. Milestones, actions and dates", "6. Success criteria", "7. Measures of success"]
    plan = demo_services.plans.get(account)
    milestones = next(t for t in doc.tables if t.rows[0].cells[0].text == "Milestone")
    assert len(milestones.rows) == len(plan.milestones) + 1
    # the values sit in content controls (read back from the customer's copy): read with them
    assert _cell_text(milestones.rows[1].cells[0]) == plan.milestones[0].name
    kpis = next(t for t in doc.tables if t.rows[0].cells[0].text == "KPI")
    assert [_cell_text(r.cells[0]) for r in kpis.rows[1:]] == [k.name for k in plan.kpis]
    assert len(doc.inline_shapes) == 1  # the critical-path chart
    assert doc.inline_shapes[0].width <= doc.sections[0].page_width - doc.sections[0].left_margin \
        - doc.sections[0].right_margin  # nothing overflows the page
    text = _text(out)
    assert all(o.text in text for o in plan.items)
    assert "{{" not in text and "{%" not in text


def test_default_qbr_and_what_changed_since(demo_services: Services, account: int,
                                           tmp_path: Path) -> None:
    services = demo_services
    services.roadmap.add(title="Attribution v2", horizon="three_months",
                         description="Multi-touch attribution")
    first = services.documents.export_qbr(account, tmp_path / "q1.docx", TODAY, "2026Q4")
    headings = [h for h in _headings(first) if h[0].isdigit()]
    assert headings == ["1. Introduction", "2. Objectives and measures",
                        "3. Review of past actions", "4. Success plan progress",
                        "5. Benchmarking", "6. Insights", "7. Product roadmap",
                        "8. The next 90 days"]
    text = _text(first)
    assert "Attribution v2" in text and "Since the last review" not in text
    assert "The review of past actions (part 3) lists what was done since" in text
    plan = services.plans.get(account)
    with_readings = sum(1 for k in plan.kpis if k.readings)
    assert len(Document(str(first)).inline_shapes) == 1 + with_readings
    # The same review exported again is still the first; the next quarter's QBR compares
    # with its last export and says what changed since.
    again = _text(services.documents.export_qbr(account, tmp_path / "q1b.docx",
                                                TODAY + timedelta(days=1), "2026Q4"))
    assert "Since the last review" not in again
    stage = next(m for m in services.critical_path.milestones(plan.id) if m.actual_date is None)
    services.critical_path.update_milestone(stage.id, actual_date=TODAY + timedelta(days=2))
    second = _text(services.documents.export_qbr(account, tmp_path / "q2.docx",
                                                 TODAY + timedelta(days=3), "2027Q1"))
    assert f"Since the last review ({(TODAY + timedelta(days=1)).isoformat()})" in second
    assert (f"Milestone completed: {stage.name} on {(TODAY + timedelta(days=2)).isoformat()}."
            in second)


def test_the_qbr_draft_has_the_eight_parts_from_the_data(demo_services, account) -> None:
    draft = demo_services.documents.qbr_document(account, TODAY, charts=False)
    assert draft.quarter == "2026Q4" and draft.customer_attendees
    assert (draft.our_attendees[0].name, draft.our_attendees[0].role) == (
        "Dana Whitfield", "Senior Customer Success Manager")  # from Settings
    assert any("Renewal in" in line for line in draft.insights)
    assert draft.plan_90 and all(p.when for p in draft.plan_90)
    assert all("Peer" not in b for b in draft.benchmarks)


def test_a_custom_template(demo_services, account, tmp_path) -> None:
    template = _template(tmp_path, "Dear {{ account.name }} team,",
                         "{%p for o in objectives %}", "Goal: {{ o }}", "{%p endfor %}",
                         "Signed {{ prepared_by }}")
    out = demo_services.documents.export_plan(account, tmp_path / "c.docx", TODAY, template)
    text = _text(out)
    name = demo_services.accounts.get(account).name
    goals = demo_services.plans.get(account).items
    assert text.startswith(f"Dear {name} team,") and "Signed Dana Whitfield" in text
    assert text.count("Goal: ") == sum(1 for g in goals if g.kind.value == "objective")


@pytest.mark.parametrize(("body", "message"), [
    ("{{ account.name ", "broken tag"),
    ("{{ customer.name }}", "unknown field: 'customer' is undefined"),
    ("{{ account.__class__.__mro__ }}", "refused by the sandbox"),
    ("{{ ''.__class__.__subclasses__() }}", "refused by the sandbox"),
])
def test_template_errors_name_the_template_and_write_nothing(demo_services, account, tmp_path,
                                                            body, message) -> None:
    template = _template(tmp_path, "Hello", body)
    target = tmp_path / "out.docx"
    target.write_bytes(b"the previous document")
    with pytest.raises(DocumentTemplateError) as caught:
        demo_services.documents.export_plan(account, target, TODAY, template)
    assert str(caught.value).startswith("mine.docx: ") and message in str(caught.value)
    assert target.read_bytes() == b"the previous document"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_a_file_that_is_not_a_docx_is_refused(demo_services, account, tmp_path) -> None:
    bogus = tmp_path / "fake.docx"
    bogus.write_text("not a zip", encoding="utf-8")
    with pytest.raises(DocumentTemplateError, match="fake.docx is not a Word .docx template"):
        demo_services.documents.export_plan(account, tmp_path / "o.docx", TODAY, bogus)
    assert not (tmp_path / "o.docx").exists()


@pytest.mark.sqlite_only
def test_hostile_text_reaches_the_document_safely(services: Services, tmp_path) -> None:
    account = services.accounts.create(name="AT&T <Corp> 🚀", highlights=(
        "مرحبا بالعالم — right to left\n" + "Very long notes. " * 3000))
    plan = services.plans.get(account.id)
    services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE,
                            "Ship <b>bold</b> & \"quoted\" {{ not a tag }} {% nor this %}")
    with services.workspace.session() as session:  # text typed before cleaning existed
        from csdesk.models import Account

        session.get(Account, account.id).usage_notes = "bell\x07 page\x0c null\x00"
    out = services.documents.export_plan(account.id, tmp_path / "hostile.docx", TODAY)
    text = _text(out)
    assert "AT&T <Corp> 🚀" in text and "مرحبا بالعالم" in text
    assert "Ship <b>bold</b> & \"quoted\" {{ not a tag }} {% nor this %}" in text
    assert "Very long notes." in text and "\x07" not in text
    qbr = services.documents.export_qbr(account.id, tmp_path / "hostile-qbr.docx", TODAY)
    assert "AT&T <Corp> 🚀" in _text(qbr)


def test_fields_are_listed_for_both_documents() -> None:
    plan = dict(describe_fields("plan"))
    qbr = dict(describe_fields("qbr"))
    assert "objectives" in plan and "critical_path_chart" in plan and "kpi_charts" not in plan
    assert {"insights", "plan_90", "changes", "kpi_charts", "roadmap"} <= set(qbr)


def test_export_commands(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "w.db")
    cli.main(["demo", "--db", db, "--accounts", "3", "--today", TODAY.isoformat()])
    capsys.readouterr()
    out = tmp_path / "plan.docx"
    assert cli.main(["export", "plan", "Northwind Labs", "--db", db, "-o", str(out),
                     "--today", TODAY.isoformat()]) == 0
    assert "Northwind Labs" in _text(out)
    assert cli.main(["export", "qbr", "Northwind Labs", "--db", db, "--quarter", "2026Q4",
                     "-o", str(tmp_path / "qbr.docx")]) == 0
    assert cli.main(["export", "plan", "Northwind Labs", "--db", db, "-o",
                     str(tmp_path / "plan.pdf")]) == 1
    assert cli.main(["export", "qbr", "Northwind Labs", "--db", db, "--quarter", "Q5",
                     "-o", str(tmp_path / "q.docx")]) == 1
    assert cli.main(["export", "plan", "Nobody", "--db", db, "-o", str(out)]) == 1
    capsys.readouterr()
    assert cli.main(["templates", "list", "--db", db]) == 0
    assert "shipped with csdesk" in capsys.readouterr().out
    assert cli.main(["templates", "fields", "qbr"]) == 0
    assert "plan_90" in capsys.readouterr().out


@pytest.mark.parametrize(("body", "message"), [
    ("{{ account|attr('__class__') }}", "refused by the sandbox"),
    ("{{ '{0.__class__}'.format(account) }}", "refused by the sandbox"),
    ("{% include '/etc/passwd' %}", "no loader"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
     "loops more than 20,000 times"),
    ("{{ 'x' * 1000000000 }}", "too large"),
    ("{{ 9 ** 99999999 }}", "number is too large"),
    ("{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{% set ns.l = ns.l + ns.l %}"
     "{% endfor %}{{ ns.l|length }}", "too large"),
    ("{{ cycler.__init__.__globals__ }}", "refused by the sandbox"),
])
def test_templates_cannot_escape_read_files_or_freeze(demo_services, account, tmp_path, body,
                                                     message) -> None:
    import time

    template = _template(tmp_path, body)
    started = time.monotonic()
    with pytest.raises(DocumentTemplateError) as caught:
        demo_services.documents.export_plan(account, tmp_path / "out.docx", TODAY, template)
    assert message in str(caught.value) and time.monotonic() - started < 10
    assert not (tmp_path / "out.docx").exists()


def test_the_next_90_days_are_sorted_owned_dated_and_never_in_the_past(services) -> None:
    """What the customer reads as the go-forward plan: soonest first, work whose date passed
    first as "needs a new date" (never a day gone), each task once, an owner or "to be
    agreed"."""
    account = services.accounts.create(name="Globex")
    plan = services.plans.get(account.id)
    services.critical_path.add_milestone(plan.id, name="Go live", planned_date=TODAY,
                                         planned_end_date=TODAY + timedelta(days=30))
    add = services.meetings.add_action
    add(account.id, text="Send the security review", due_date=TODAY - timedelta(days=17))
    add(account.id, text="Draft the 90-day plan", owner="Dana", due_date=TODAY + timedelta(10))
    add(account.id, text="Draft the  90-day plan", due_date=TODAY + timedelta(days=40))
    add(account.id, text="Book the executive sponsor", owner="Sam")
    add(account.id, text="Far away", owner="Sam", due_date=TODAY + timedelta(days=200))
    lines = [(p.what, p.owner, p.when) for p in
             services.documents.qbr_document(account.id, TODAY, charts=False).plan_90]
    assert lines == [
        ("Send the security review", "to be agreed", "needs a new date"),
        ("Draft the 90-day plan", "Dana", (TODAY + timedelta(days=10)).isoformat()),
        ("Reach Go live", "to be agreed", (TODAY + timedelta(days=30)).isoformat()),
        ("Book the executive sponsor", "Sam", "to be agreed"),
    ]


def test_customer_documents_carry_nothing_internal(demo_services, account, tmp_path) -> None:
    """No internal label, health score, sentiment or percentile ranking reaches the customer:
    a contact we see as a detractor risk is not listed, and benchmarks are the customer's own
    figures against the median of at least five comparable customers."""
    from csdesk.models import StakeholderRole

    demo_services.contacts.add(account, name="Jonas Andersson",
                               role=StakeholderRole.DETRACTOR_RISK)
    demo_services.health.refresh(TODAY)
    assert demo_services.accounts.get(account).health_score is not None
    plan = _text(demo_services.documents.export_plan(account, tmp_path / "p.docx", TODAY))
    qbr = _text(demo_services.documents.export_qbr(account, tmp_path / "q.docx", TODAY))
    for text in (plan, qbr):
        for internal in ("Jonas Andersson", "Detractor", "Health", "health score", "Weakest",
                         "sentiment", "better than", "percentile"):
            assert internal not in text, internal
    draft = demo_services.documents.qbr_document(account, TODAY, charts=False)
    assert all("the median of" in line and "comparable customers" in line
               for line in draft.benchmarks)


def test_soft_line_breaks_stay_line_breaks(services, tmp_path) -> None:
    """Word's soft break (\\v) and Unicode's line separators, pasted into csdesk, reach the
    document as line breaks: never deleted so that two words run together."""
    account = services.accounts.create(name="Initech",
                                       highlights="Line one\x0bLine two\u2028Line three")
    assert services.accounts.get(account.id).highlights == "Line one\nLine two\nLine three"
    text = _text(services.documents.export_plan(account.id, tmp_path / "p.docx", TODAY))
    assert "Line oneLine two" not in text and "Line twoLine three" not in text
    assert "Line one\nLine two\nLine three" in text


def test_internal_actions_stay_out_of_the_customers_documents(services: Services,
                                                              tmp_path: Path) -> None:
    """A risk's mitigation and the CSM's own renewal checkpoint are on Today, never on the
    pre-read, the plan or the deck; an action agreed with the customer is."""
    account = services.accounts.create(name="Quietly Co", renewal_date=TODAY + timedelta(30))
    services.renewals.ensure_start_renewal_actions(TODAY, [account.id])
    risk = services.risks.create(account.id, title="Champion leaving", detected_on=TODAY)
    services.risks.add_action(risk.id, "Ask the sponsor to name a successor", "Dana Whitfield",
                              TODAY + timedelta(days=3))
    services.meetings.add_action(account.id, text="Send the usage export", owner="Sam Lee",
                                 due_date=TODAY + timedelta(days=5))
    open_items = {a.text for a in services.meetings.actions_for_account(account.id,
                                                                       open_only=True)}
    assert any(t.startswith("Start renewal") for t in open_items)  # the CSM still has them
    assert "Ask the sponsor to name a successor" in open_items
    qbr = services.documents.qbr_document(account.id, TODAY, charts=False)
    deck = services.decks.deck(account.id, TODAY)
    texts = [_text(services.documents.export(kind, account.id, tmp_path / f"{kind}.docx", TODAY))
             for kind in ("plan", "qbr")]
    texts.append(str(qbr) + str(deck))
    for text in texts:
        assert "successor" not in text and "Start renewal" not in text
    assert "Send the usage export" in texts[1]
