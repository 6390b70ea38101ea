"""Word templates never fail silently (issue 17, part 7): a tag left open, a broken tag, a block
never closed or an unknown field is refused with the paragraph and the tag it is in; a tag Word
split across runs keeps the formatting of the text around it; `csdesk templates check` and
Tools → Document templates → Check a template… list every problem at once; and render_docx
hands the rendered document to a finishing step before saving it."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from csdesk import cli
from csdesk.documents import data
from csdesk.documents.render import DocumentTemplateError, render_docx
from csdesk.documents.tags import merge_split_tags, parts
from csdesk.documents.template_check import (
    check_template,
    inspect_template,
    structural_problems,
)
from csdesk.documents.template_reading import TemplateProblem

SHIPPED = sorted((Path(__file__).resolve().parents[1] / "resources" / "templates").glob("*.docx"))


def _make(cls: Any, **given: Any) -> Any:
    """An instance of a document data class: the values given, "x" for other required texts
    (so the test does not depend on every field the documents have)."""
    hints = typing.get_type_hints(cls)
    values = dict(given)
    for item in dataclasses.fields(cls):
        if item.name in values or item.default is not dataclasses.MISSING \
                or item.default_factory is not dataclasses.MISSING:
            continue
        hint = hints[item.name]
        values[item.name] = _make(hint) if dataclasses.is_dataclass(hint) else "x"
    return cls(**values)


PLAN = _make(data.PlanDocument, account=_make(data.AccountFacts, name="Acme"),
             objectives=["Cut onboarding to 30 days", "Reach 500 users"],
             kpis=[_make(data.KpiLine, name="Active users")])


def _template(tmp_path: Path, *paragraphs: str, footer: str = "",
              name: str = "mine.docx") -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    path = tmp_path / name
    document.save(str(path))
    return path


def _refused(tmp_path: Path, template: Path) -> str:
    target = tmp_path / "out.docx"
    with pytest.raises(DocumentTemplateError) as caught:
        render_docx(template, PLAN, target)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    return str(caught.value)


# 1. An unbalanced tag is an error naming its paragraph and the tag, before anything renders

def test_an_unclosed_tag_no_longer_drops_the_paragraphs_after_it(tmp_path: Path) -> None:
    """It used to export with success, without that paragraph, the heading after it and both
    objectives."""
    template = _template(tmp_path, "Dear {{ account.name ", "Objectives",
                         "{%p for o in objectives %}", "{{ o }}", "{%p endfor %}")
    message = _refused(tmp_path, template)
    assert message.startswith("mine.docx: paragraph “Dear {{ account.name”")
    assert "{{ account.name: broken tag: it is never closed: end it with }}" in message


@pytest.mark.parametrize(("paragraphs", "tag", "closer"), [
    (["{% if kpis "], "{% if kpis", "%}"),
    (["{%p if kpis ", "x", "{%p endif %}"], "{%p if kpis", "%}"),
    (["{# a note "], "{# a note", "#}"),
    (["Total {{ date } and more"], "{{ date } and more", "}}"),
    (["{{ account.name {{ date }}"], "{{ account.name", "}}"),
])
def test_every_form_of_unclosed_tag_is_named(tmp_path: Path, paragraphs: list[str], tag: str,
                                             closer: str) -> None:
    problems = structural_problems(Document(str(_template(tmp_path, *paragraphs))))
    assert [(p.tag, p.message) for p in problems] == [
        (tag, f"broken tag: it is never closed: end it with {closer} in the same paragraph")]


def test_docxtpl_row_cell_and_run_tags_are_checked_too(tmp_path: Path) -> None:
    document = Document()
    row = document.add_table(rows=3, cols=2).rows
    row[0].cells[0].text = "{%tr for k in kpis "
    row[1].cells[0].text = "{{ k.name }}"
    row[2].cells[0].text = "{%tr endfor %}"
    document.add_paragraph("{%r if date %}x{%r endif")
    path = tmp_path / "t.docx"
    document.save(str(path))
    problems = structural_problems(Document(str(path)))
    assert [(p.where, p.tag) for p in problems] == [
        ("table cell “{%tr for k in kpis”", "{%tr for k in kpis"),
        ("paragraph “{%r if date %}x{%r endif”", "{%r endif")]


def test_a_closing_mark_without_its_opening_is_named(tmp_path: Path) -> None:
    """`{ account.name }}` would have printed itself instead of the name."""
    problems = structural_problems(Document(str(_template(tmp_path, "Hi { account.name }}"))))
    assert [str(p) for p in problems] == [
        "paragraph “Hi { account.name }}”, in }}: broken tag: there is a }} with no {{ before "
        "it in this paragraph"]


def test_headers_footers_and_properties_are_checked(tmp_path: Path) -> None:
    path = _template(tmp_path, "Hello", footer="{{ account.name · page")
    message = _refused(tmp_path, path)
    assert message.startswith("mine.docx: footer: paragraph “{{ account.name · page”")
    document = Document(str(_template(tmp_path, "Hello")))
    document.core_properties.title = "Plan for {{ account.name"
    document.save(str(tmp_path / "titled.docx"))
    assert [str(p) for p in check_template(tmp_path / "titled.docx")] == [
        "document properties: title, in {{ account.name: broken tag: it is never closed: "
        "end it with }}"]


# 2. A broken tag is named, not a tag near it

def test_an_unknown_filter_is_reported_at_its_own_tag(tmp_path: Path) -> None:
    template = _template(tmp_path, "Dear {{ account.name }},", "{{ date }}",
                         "Name: {{ account.name|upperr }}", "{{ prepared_by }}")
    message = _refused(tmp_path, template)
    assert message == ("mine.docx: paragraph “Name: {{ account.name|upperr }}”, in "
                       "{{ account.name|upperr }}: broken tag: there is no filter named upperr "
                       "(did you mean upper?)")


def test_an_unclosed_if_is_reported_at_the_if(tmp_path: Path) -> None:
    template = _template(tmp_path, "Dear {{ account.name }},", "{% if account.name %}yes",
                         "{{ date }}", "{{ prepared_by }}")
    message = _refused(tmp_path, template)
    assert message == ("mine.docx: paragraph “{% if account.name %}yes”, in "
                       "{% if account.name %}: broken tag: this if is never closed: add "
                       "{% endif %} where the part it controls ends")


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (["{{ account.name + }}"], "“{{ account.name + }}”: broken tag: Jinja cannot read it"),
    (["{% if date is fooo %}a{% endif %}"], "there is no test named fooo"),
    (["{% endif %}"], "broken tag: this endif has no if before it"),
    (["{% else %}"], "broken tag: this else is not inside an {% if %} or {% for %}"),
    (["{% iff date %}"], "there is no {% iff %} tag (did you mean if?)"),
    (["{%p if date %}", "a", "{% endif %}"],
     "broken tag: it closes {%p if date %} (paragraph “{%p if date %}”), so write it "
     "{%p endif %}"),
    (["{% if date %}", "a", "{% endif %}"],
     "which must be in the same paragraph; to show, hide or repeat whole paragraphs use "
     "{%p … %} tags"),
    (["{% for k in kpis %}{% if date %}{% endfor %}"],
     "this if is never closed: add {% endif %} before {% endfor %}"),
    (["Goals: {%p for o in objectives %}", "{{ o }}", "{%p endfor %}"],
     "the text “Goals:” in this paragraph would not be shown: a {%p … %} tag takes its "
     "whole paragraph, so give it a paragraph of its own"),
    (["{%tr for k in kpis %}", "{%tr endfor %}"],
     "broken tag: a {%tr … %} tag works only in a table row"),
    (["{{ “quoted” }} {{ 'a}}b' }} {{ {'k': {}} }}"], None),
])
def test_structural_problems(tmp_path: Path, paragraphs: list[str],
                             expected: str | None) -> None:
    problems = [str(p) for p in structural_problems(
        Document(str(_template(tmp_path, *paragraphs))))]
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


def test_an_export_names_the_first_problem_and_counts_the_others(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ account.name ", "{{ date|nope }}", "{% if x %}")
    message = _refused(tmp_path, template)
    assert message.startswith("mine.docx: paragraph “{{ account.name”")
    assert message.endswith("(and 2 more problems: Tools → Document templates → Check a "
                            "template…, or csdesk templates check, lists them all)")


# 3. An unknown field is named by its full path

@pytest.mark.parametrize(("body", "expected"), [
    ("Revenue: {{ account.revenue }}",
     "mine.docx: unknown field: 'account.revenue' is undefined, in paragraph “Revenue: "
     "{{ account.revenue }}” (see Tools → Document templates for the fields)"),
    ("{% for k in kpis %}{{ k.nme }}{% endfor %}",
     "mine.docx: unknown field: 'kpis[].nme' is undefined (did you mean kpis[].name?), in "
     "paragraph “{% for k in kpis %}{{ k.nme }}{% endfor %}” (see Tools → Document templates "
     "for the fields)"),
    ("{{ customer.name }}",
     "mine.docx: unknown field: 'customer' is undefined, in paragraph “{{ customer.name }}” "
     "(see Tools → Document templates for the fields)"),
])
def test_an_unknown_field_is_named_by_its_path(tmp_path: Path, body: str, expected: str) -> None:
    assert _refused(tmp_path, _template(tmp_path, "Hello", body)) == expected


def test_an_unknown_field_in_the_footer_is_placed_there(tmp_path: Path) -> None:
    message = _refused(tmp_path, _template(tmp_path, "Hi", footer="{{ account.nam }}"))
    assert "'account.nam' is undefined (did you mean account.name?), in footer: paragraph " \
           "“{{ account.nam }}”" in message


# 4. A tag Word split across runs keeps the formatting of the text around it

def _runs(paragraph: Any) -> list[tuple[str, bool | None, bool | None, bool | None]]:
    return [(r.text, r.bold, r.italic, r.underline) for r in paragraph.runs]


def test_a_tag_split_across_runs_keeps_the_formatting_around_it(tmp_path: Path) -> None:
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Name: ")
    paragraph.add_run("{{ acc").bold = True
    paragraph.add_run("ount.name }} is").italic = True
    paragraph.add_run(" here")
    cell = document.add_table(rows=1, cols=1).rows[0].cells[0].paragraphs[0]
    cell.add_run("{").bold = True
    cell.add_run("{ account.na")
    cell.add_run("me }").underline = True
    cell.add_run("} and more").italic = True
    document.add_paragraph("plain {{ account.name }} text")
    path = tmp_path / "split.docx"
    document.save(str(path))
    out = Document(str(render_docx(path, PLAN, tmp_path / "out.docx")))
    assert _runs(out.paragraphs[0]) == [("Name: ", None, None, None), ("Acme", True, None, None),
                                        (" is", None, True, None), (" here", None, None, None)]
    assert _runs(out.tables[0].rows[0].cells[0].paragraphs[0]) == [
        ("Acme", True, None, None), (" and more", None, True, None)]
    assert _runs(out.paragraphs[1]) == [("plain Acme text", None, None, None)]


@pytest.mark.parametrize("template", SHIPPED, ids=[p.name for p in SHIPPED])
def test_a_template_without_split_tags_is_left_as_it_is(template: Path) -> None:
    document = Document(str(template))
    before = [etree.tostring(part.root) for part in parts(document)]
    assert merge_split_tags(document) == 0
    assert [etree.tostring(part.root) for part in parts(document)] == before


# 5. Every problem at once: the check, on the command line and in the app

def _broken(tmp_path: Path) -> Path:
    return _template(tmp_path, "Dear {{ account.name ", "Objectives",
                     "{%p for o in objectives %}", "{{ o }}", "{%p endfor %}",
                     "{{ account.name|upperr }}", "Revenue: {{ account.revenue }}",
                     "{% for k in kpis %}{{ k.nme }}{% endfor %}", "{%p if kpis %}",
                     "Quarter {{ quarter }}", footer="{{ account.nam }}", name="T.docx")


def test_the_check_lists_every_problem_with_its_paragraph_and_tag(tmp_path: Path) -> None:
    check = inspect_template(_broken(tmp_path), "plan")
    assert check.tags == 11 and check.kind == "plan"
    assert check.problems == [
        TemplateProblem("paragraph “Dear {{ account.name”", "{{ account.name",
                        "broken tag: it is never closed: end it with }} in the same paragraph"),
        TemplateProblem("paragraph “{{ account.name|upperr }}”", "{{ account.name|upperr }}",
                        "broken tag: there is no filter named upperr (did you mean upper?)"),
        TemplateProblem("paragraph “Revenue: {{ account.revenue }}”", "{{ account.revenue }}",
                        "unknown field account.revenue: account has no revenue (its fields: "
                        + ", ".join(f.name for f in dataclasses.fields(data.AccountFacts))
                        + ")"),
        TemplateProblem("paragraph “{% for k in kpis %}{{ k.nme }}{% endfor %}”", "{{ k.nme }}",
                        "unknown field k.nme (k is an item of kpis): each item of kpis has no "
                        "nme (did you mean k.name?)"),
        TemplateProblem("paragraph “{%p if kpis %}”", "{%p if kpis %}",
                        "broken tag: this if is never closed: add {%p endif %} where the part "
                        "it controls ends"),
        TemplateProblem("paragraph “Quarter {{ quarter }}”", "{{ quarter }}",
                        "unknown field quarter: only the QBR and the internal QBR brief have "
                        "it, not the success plan"
                        if "brief" in _kinds() else
                        "unknown field quarter: only the QBR has it, not the success plan"),
        TemplateProblem("footer: paragraph “{{ account.nam }}”", "{{ account.nam }}",
                        "unknown field account.nam: account has no nam (did you mean "
                        "account.name?)"),
    ]


def _kinds() -> tuple[str, ...]:
    from csdesk.documents.template_fields import document_kinds

    return document_kinds()


def test_the_kind_is_guessed_from_the_fields(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ quarter }} {{ since }}", "{{ account.name }}")
    check = inspect_template(template)
    assert check.problems == [] and check.kind in ("qbr", "brief")
    assert [p.tag for p in check_template(template, "plan")] == ["{{ quarter }}", "{{ since }}"]
    with pytest.raises(ValueError, match="unknown kind of document 'memo'"):
        check_template(template, "memo")


def test_the_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken(tmp_path)
    assert cli.main(["templates", "check", str(broken), "--kind", "plan"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "T.docx: 7 problems (11 tags checked, fields checked against the success " \
                     "plan)"
    assert out[1] == "  paragraph “Dear {{ account.name”, in {{ account.name: broken tag: it " \
                     "is never closed: end it with }} in the same paragraph"
    assert len(out) == 8 and not (tmp_path / "out.docx").exists()
    good = _template(tmp_path, "Dear {{ account.name }},", "{%p for o in objectives %}",
                     "{{ o }}", "{%p endfor %}", name="good.docx")
    assert cli.main(["templates", "check", str(good)]) == 0
    assert capsys.readouterr().out == "good.docx: no problems found (4 tags checked)\n"
    assert cli.main(["templates", "check", str(tmp_path / "none.docx")]) == 1
    assert "no template at" in capsys.readouterr().err
    (tmp_path / "fake.docx").write_text("not a zip", encoding="utf-8")
    assert cli.main(["templates", "check", str(tmp_path / "fake.docx")]) == 1
    assert "fake.docx is not a Word .docx template" in capsys.readouterr().err


@pytest.mark.parametrize("template", SHIPPED, ids=[p.name for p in SHIPPED])
def test_the_shipped_templates_have_no_problems(template: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert check_template(template) == []
    assert cli.main(["templates", "check", str(template)]) == 0
    assert capsys.readouterr().out.startswith(f"{template.name}: no problems found (")


def test_the_dialog_checks_a_template(qtbot: Any, services: Any, tmp_path: Path) -> None:
    from csdesk.ui.dialogs.documents_dialog import DocumentTemplatesDialog

    dialog = DocumentTemplatesDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.check_template(str(_broken(tmp_path)))
    text = dialog.check_result.toPlainText()
    assert text.count("\n• ") >= 5
    assert text.startswith("T.docx: ") and "• paragraph “Dear {{ account.name”" in text
    assert dialog.tabs.currentWidget() is dialog.check_result
    dialog.check_template(str(SHIPPED[0]))
    assert "no problems found" in dialog.check_result.toPlainText()
    (tmp_path / "fake.docx").write_text("not a zip", encoding="utf-8")
    dialog.check_template(str(tmp_path / "fake.docx"))
    assert "fake.docx is not a Word .docx template" in dialog.error.text()


# 6. The finishing step

def test_render_docx_hands_the_document_to_a_finishing_step(tmp_path: Path) -> None:
    seen: list[str] = []

    def finish(document: Any) -> None:
        seen.append(document.paragraphs[0].text)
        document.core_properties.title = "Success plan for Acme"
        document.add_paragraph("Finished")

    template = _template(tmp_path, "Dear {{ account.name }},")
    out = Document(str(render_docx(template, PLAN, tmp_path / "out.docx", finish=finish)))
    assert seen == ["Dear Acme,"]  # rendered before it is finished
    assert out.core_properties.title == "Success plan for Acme"
    assert [p.text for p in out.paragraphs] == ["Dear Acme,", "Finished"]

    def fail(document: Any) -> None:
        raise DocumentTemplateError("cannot finish")

    with pytest.raises(DocumentTemplateError, match="cannot finish"):
        render_docx(template, PLAN, tmp_path / "failed.docx", finish=fail)
    assert not (tmp_path / "failed.docx").exists()
