"""The QBR as a slide deck: the eight-part agenda from the same builder as the pre-read (the
CSM's edits kept), native charts with their data inside, nothing overflowing its shape (long
lists continue, long texts shortened and given whole in the notes), the CSM's own template's
master used, nothing internal, and LibreOffice Impress opens it."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.chart import Chart

from csdesk.errors import CsdeskError
from csdesk.models import CanvasItemKind, StakeholderRole
from csdesk.services.decks import check_template
from tests.conftest import TODAY
from tests.deck_checks import A, overflowing, slide_texts
from tests.test_document_story import INTERNAL

pytestmark = pytest.mark.usefixtures("signed")  # decks name the CSM

TITLES = ["Quarterly business review", "Agenda", "Executive summary", "Objectives",
          "Measures of success", "What changed since", "Success plan progress",
          "Benchmarking", "Insights", "Product roadmap", "The next 90 days", "Our asks",
          "Next steps"]


def _with_readings(services) -> int:
    return next(a.id for a in services.accounts.list()
                if sum(len(k.readings) > 1 for k in services.plans.get(a.id).kpis) >= 2
                and services.plans.get(a.id).milestones)


def _charts(path: Path) -> list[Chart]:
    return [shape.chart for slide in Presentation(str(path)).slides for shape in slide.shapes
            if shape.has_chart]


def test_the_deck_follows_the_agenda_with_native_charts_and_notes(demo_services,
                                                                   tmp_path: Path) -> None:
    services = demo_services
    account = _with_readings(services)
    out = services.decks.export(account, tmp_path / "deck.pptx", TODAY)
    slides = slide_texts(out)
    titles = [title for title, _text, _notes in slides]
    at = 0
    for wanted in TITLES:  # in this order, trend slides and continuations between
        at = next(i for i in range(at, len(titles)) if titles[i].startswith(wanted)) + 1
    kpis = services.plans.get(account).kpis
    trends = [t for t in titles if t.startswith("Trend: ")]
    assert trends == [f"Trend: {k.name}" for k in kpis if len(k.readings) > 1]
    assert all(notes.strip() for _title, _text, notes in slides)  # talking points everywhere
    charts = _charts(out)
    assert len(charts) == 2 + len(trends)  # KPI progress, the critical path, each trend
    progress = charts[0]
    categories = list(progress.plots[0].categories)
    read = [k for k in kpis if k.latest is not None and k.target != k.baseline]
    assert categories == [k.name for k in read]
    expected = [round(float((k.latest.value - k.baseline) / (k.target - k.baseline)) * 100)
                for k in read]
    assert list(progress.plots[0].series[0].values) == pytest.approx(
        [max(-100, min(200, value)) for value in expected])
    assert progress.value_axis.minimum_scale <= 0  # the whole way drawn: 5% looks like 5%
    assert progress.value_axis.maximum_scale >= 100
    path_chart = next(c for c in charts if c.chart_title.text_frame.text.startswith(
        "Critical path"))
    milestones = services.plans.get(account).milestones
    assert [s.name for s in path_chart.plots[0].series][:2] == ["Planned", "Actual"]
    assert len(list(path_chart.plots[0].categories)) == len(
        [m for m in milestones if m.planned_end_date or m.planned_date])
    for chart in charts:  # every chart carries its data (an embedded workbook)
        assert chart.part.chart_workbook.xlsx_part is not None
        assert all(len(list(series.values)) for plot in chart.plots for series in plot.series)
    notes = "\n".join(n for t, _x, n in slides if t.startswith("Measures of success"))
    assert all(k.name in notes for k in kpis) and "baseline" in notes


def test_no_text_leaves_its_shape_and_long_lists_continue(demo_services,
                                                         tmp_path: Path) -> None:
    services = demo_services
    long_plan = services.accounts.list()[0].id
    for n in range(28):
        services.meetings.add_action(
            long_plan, text=f"Step {n + 1}: " + "run the regional enablement workshop with "
                                               "every campaign owner and their analyst " * 3,
            owner="Priya Natarajan, Director of Marketing Operations",
            due_date=TODAY + timedelta(days=2 + n))
    plan = services.plans.get(long_plan)
    services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE, "A very long objective " * 40)
    for account in services.accounts.list():
        out = services.decks.export(account.id, tmp_path / f"{account.id}.pptx", TODAY)
        assert overflowing(out) == [], account.name
    slides = slide_texts(tmp_path / f"{long_plan}.pptx")
    titles = [title for title, _text, _notes in slides]
    assert "The next 90 days (continued)" in titles
    whole = "\n".join(notes for _t, _x, notes in slides)
    assert "In full: " + ("A very long objective " * 40).strip() in whole
    assert "In full: Step 1: run the regional" in whole


def test_nothing_internal_reaches_the_customers_slides(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = _with_readings(services)
    services.contacts.add(account, name="Jonas Andersson", role=StakeholderRole.DETRACTOR_RISK)
    services.health.refresh(TODAY)
    out = services.decks.export(account, tmp_path / "deck.pptx", TODAY)
    everything = "\n".join(f"{t}\n{x}\n{n}" for t, x, n in slide_texts(out))
    arr = services.accounts.get(account).arr_cents
    for word in (*INTERNAL, "Jonas Andersson", "ARR", "churn", "Churn"):
        assert word not in everything, word
    assert f"{arr // 100:,}" not in everything


IMPRESS = Path("/usr/lib/libreoffice/program/libslideshowlo.so")  # Debian's Impress


@pytest.mark.skipif(shutil.which("soffice") is None or not IMPRESS.exists(),
                    reason="LibreOffice Impress is not installed")
def test_libreoffice_impress_converts_the_deck(demo_services, tmp_path: Path) -> None:
    services = demo_services
    out = services.decks.export(_with_readings(services), tmp_path / "deck.pptx", TODAY)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "deck.pdf"
    assert pdf.stat().st_size > 10_000
    slides = len(Presentation(str(out)).slides)
    assert slides >= len(TITLES)
    if shutil.which("pdfinfo"):  # one page per slide
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert ["Pages:", str(slides)] in [line.split() for line in info.splitlines()]


def test_the_csms_own_template_gives_the_look(demo_services, tmp_path: Path) -> None:
    """A 4:3 template whose content layout has another name, with the brand's shape on its
    master: the master is used, the layout found by its placeholders, and nothing overflows."""
    template = Presentation()  # python-pptx's own: 4:3
    template.slide_layouts.get_by_name("Title and Content").name = "Brand content"
    master = template.slide_master
    brand = template.slides.add_slide(template.slide_layouts[6]).shapes.add_textbox(
        0, 0, 914_400, 300_000)
    brand.name, brand.text_frame.text = "Brand mark", "NORTHSTAR"
    master.shapes._spTree.append(brand._element)
    path = tmp_path / "brand.pptx"
    template.save(str(path))  # with an example slide, which the deck leaves out
    check = check_template(path)
    assert check.problems == []
    assert "Title and Content: the layout “Brand content” (by its placeholders)" in check.found
    services = demo_services
    services.decks.set_default_template(path)
    out = services.decks.export(_with_readings(services), tmp_path / "deck.pptx", TODAY)
    deck = Presentation(str(out))
    assert (deck.slide_width, deck.slide_height) == (9_144_000, 6_858_000)
    assert all(any(s.name == "Brand mark" for s in slide.slide_layout.slide_master.shapes)
               for slide in deck.slides)
    assert "NORTHSTAR" not in "\n".join(t + x for t, x, _n in slide_texts(out))  # no example
    assert overflowing(out) == []


def test_a_template_csdesk_cannot_use_is_refused_saying_why(demo_services,
                                                           tmp_path: Path) -> None:
    services = demo_services
    bare = Presentation()
    layouts = bare.slide_layouts
    for layout in list(layouts):
        if any(p.placeholder_format.type in (2, 7) for p in layout.placeholders):
            layouts.remove(layout)
    path = tmp_path / "bare.pptx"
    bare.save(str(path))
    assert "has no slide layout with a title and a body placeholder" in \
        check_template(path).problems[0]
    with pytest.raises(CsdeskError, match="has no slide layout with a title and a body"):
        services.decks.set_default_template(path)
    word = tmp_path / "plan.pptx"
    shutil.copy(services.documents.builtin_template("plan"), word)
    with pytest.raises(CsdeskError, match="plan.pptx is not a PowerPoint presentation"):
        services.decks.export(services.accounts.list()[0].id, tmp_path / "d.pptx", TODAY,
                              template=word)
    assert not (tmp_path / "d.pptx").exists()


def test_the_csms_edits_of_the_qbr_are_on_the_slides(demo_services, tmp_path: Path) -> None:
    from csdesk.documents.data import PlanLine

    services = demo_services
    account = services.accounts.list()[1].id
    draft = services.documents.qbr_document(account, TODAY, charts=False)
    draft = replace(draft, insights=["Champion wants a second team"],
                    summary=["We doubled the pipeline"],
                    plan_90=[PlanLine("Run the pilot", "Dana", "2026-12-15")], roadmap=[])
    out = services.decks.export(account, tmp_path / "deck.pptx", TODAY, draft=draft)
    text = {title: body for title, body, _notes in slide_texts(out)}
    assert text["Insights"] == "Champion wants a second team"
    assert text["Executive summary"] == "We doubled the pipeline"
    assert "Run the pilot" in text["The next 90 days"] and "Dana" in text["The next 90 days"]
    assert text["Product roadmap"] == "Roadmap highlights are shared in the meeting."


def test_a_new_account_gets_a_deck_that_says_what_is_still_to_agree(services,
                                                                     tmp_path: Path) -> None:
    account = services.accounts.create(name="Newbie Co", renewal_date=TODAY + timedelta(365))
    out = services.decks.export(account.id, tmp_path / "deck.pptx", TODAY)
    text = {title: body for title, body, _notes in slide_texts(out)}
    assert text["Objectives"] == "No objectives agreed yet."
    assert text["Measures of success"] == "No measures of success agreed yet."
    assert text["Success plan progress"] == "The critical path has not been planned yet."
    assert text[next(t for t in text if t.startswith("What changed since"))].startswith(
        "Nothing completed since")
    assert overflowing(out) == []


@pytest.mark.sqlite_only  # the command opens the workspace by its file
def test_the_command_writes_the_deck(demo_services, tmp_path: Path, capsys) -> None:
    from csdesk import cli

    services = demo_services
    name = services.accounts.list()[0].name
    db = str(services.workspace.path)
    out = tmp_path / "deck.pptx"
    assert cli.main(["export", "deck", name, "-o", str(out), "--db", db,
                     "--quarter", "2026Q4", "--today", TODAY.isoformat()]) == 0
    assert slide_texts(out)[0][0] == "Quarterly business review 2026Q4"
    assert cli.main(["export", "deck", name, "-o", str(tmp_path / "deck.docx"),
                     "--db", db]) == 1
    assert "written as .pptx" in capsys.readouterr().err


# After an independent review of the deck


def _renamed(tmp_path: Path, name: str, change) -> Path:
    template = Presentation()
    change(template)
    path = tmp_path / name
    template.save(str(path))
    return path


def test_layouts_found_by_placeholders_put_charts_under_a_top_title(demo_services,
                                                                    tmp_path: Path) -> None:
    def rename(template) -> None:
        for layout in template.slide_layouts:
            layout.name = f"Custom {layout.name}"

    path = _renamed(tmp_path, "custom.pptx", rename)
    check = check_template(path)
    assert check.problems == []
    assert "Title Only: the layout “Custom Title Only” (by its placeholders)" in check.found
    out = demo_services.decks.export(_with_readings(demo_services), tmp_path / "d.pptx", TODAY,
                                     template=path)
    assert overflowing(out) == []


def test_a_title_box_too_small_for_a_title_is_refused(demo_services, tmp_path: Path) -> None:
    def shrink(template) -> None:
        for layout in template.slide_layouts:
            for shape in layout.placeholders:
                if shape.placeholder_format.type == 1:  # a title
                    shape.width, shape.height = 914_400, 274_320

    path = _renamed(tmp_path, "tiny.pptx", shrink)
    assert "too small for a slide's title" in " ".join(check_template(path).problems)
    assert check_template(path).summary().startswith("tiny.pptx: not usable")
    with pytest.raises(CsdeskError, match="too small for a slide's title"):
        demo_services.decks.export(demo_services.accounts.list()[0].id, tmp_path / "d.pptx",
                                   TODAY, template=path)


def test_the_cover_title_is_made_smaller_rather_than_cut(demo_services, tmp_path: Path) -> None:
    def only_content(template) -> None:
        layouts = template.slide_layouts
        for layout in list(layouts):
            if layout.name != "Title and Content":
                layouts.remove(layout)

    path = _renamed(tmp_path, "one.pptx", only_content)
    out = demo_services.decks.export(demo_services.accounts.list()[0].id, tmp_path / "d.pptx",
                                     TODAY, template=path, quarter="2026Q4")
    assert slide_texts(out)[0][0] == "Quarterly business review 2026Q4"
    assert overflowing(out) == []


def test_what_a_paste_can_carry_never_garbles_a_slide(demo_services, tmp_path: Path) -> None:
    services = demo_services
    account = services.accounts.create(name="A very long account name " * 8,
                                       renewal_date=TODAY + timedelta(days=300))
    for n in range(9):
        services.meetings.add_action(account.id, text=f"Task {n}",
                                     due_date=TODAY + timedelta(days=n + 3))
    services.meetings.add_action(account.id, text="Sign the order", owner="Zoë\u202e Park",
                                 due_date=TODAY + timedelta(days=20))
    out = services.decks.export(account.id, tmp_path / "d.pptx", TODAY, quarter="2026Q4")
    deck = Presentation(str(out))
    everything = "\n".join(f"{t}\n{x}\n{n}" for t, x, n in slide_texts(out))
    assert "\u202e" not in everything and "Zoë Park" in everything
    footers = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes
               if shape.name == "Footer"]
    assert footers and all(f.endswith(f" · QBR 2026Q4 · {n}")
                           for n, f in enumerate(footers, 2))
    text = {title: body for title, body, _notes in slide_texts(out)}
    assert text["Our asks"].splitlines()[0] == "Name owners for 9 actions of the 90-day plan"
    agenda = next(s for s in deck.slides if s.shapes.title.text_frame.text == "Agenda")
    body = next(shape for shape in agenda.placeholders if shape.placeholder_format.idx == 1)
    assert all(p._p.pPr.find(f"{A}buNone") is not None for p in body.text_frame.paragraphs)
    assert overflowing(out) == []
