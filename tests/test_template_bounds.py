"""A user's .docx template cannot make csdesk work without bound: every loop step, call and filter
counts against budgets and a deadline, and whatever a template builds (texts, lists, numbers, the
document itself) is capped, before the work when the work itself would be the harm. Each attack
below once ran for minutes or took gigabytes; now it is refused at once, the message says what
the template did, and no file is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from csdesk.documents import sandbox
from csdesk.documents.render import DocumentTemplateError
from csdesk.services import Services
from tests.conftest import TODAY
from tests.test_documents import _template

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

REFUSED = "mine.docx: refused by the sandbox: "
TOO_LARGE = "the template builds a text or list that is too large"
S = '{% set s = "x" * 99999 %}'  # the longest text a single * may build
REFS = S + ('{% set ns = namespace(l=[]) %}{% for i in range(1000) %}'
            '{% set _ = ns.l.append(s) %}{% endfor %}')  # the same long text 1,000 times


def _refused(services: Services, tmp_path: Path, body: str) -> str:
    """Render ``body`` as a plan; the reason it was refused. No file may be left behind."""
    account = services.accounts.create(name="Acme").id
    target = tmp_path / "out.docx"
    with pytest.raises(DocumentTemplateError) as caught:
        services.documents.export_plan(account, target, TODAY, _template(tmp_path, "Hi", body))
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    message = str(caught.value)
    assert message.startswith(REFUSED), message
    return message.removeprefix(REFUSED)


ATTACKS = [
    # Loops over anything, not only range(), count against one budget
    ("nested loops over strings",
     '{% for i in "x"*99999 %}{% for j in "x"*99999 %}{% endfor %}{% endfor %}',
     "the template loops more than 20,000 times"),
    ("loop(...) of a recursive loop, wide",
     '{% set l = [1] * 1000 %}{% for x in l recursive %}{{ loop(l) if loop.depth < 5 }}'
     '{% endfor %}', "the template loops more than 20,000 times"),
    # Widths and counts are refused before the work
    ("printf width", '{{ "%0500000000d" % 1 }}', "a width of 500,000,000 is too large"),
    ("printf width from an argument", '{{ "%*d" % (500000000, 1) }}',
     "a width or count of 500,000,000 is too large"),
    ("|center", '{{ "x"|center(500000000) }}',
     "a width or count of 500,000,000 is too large for |center"),
    ("str.format width", '{{ "{:0500000000}".format(1) }}', "a width of 500,000,000 is too large"),
    ("str.format width from an argument", '{{ "{:{}}".format(1, 500000000) }}',
     "a width of 500,000,000 is too large"),
    ("|indent(width=...)", '{{ "a\\nb"|indent(width=500000000) }}',
     "a width or count of 500,000,000 is too large for |indent"),
    ("|batch", '{{ [1]|batch(10**9, "x")|list }}',
     "a width or count of 1,000,000,000 is too large for |batch"),
    ("|slice", '{{ [1]|slice(10**9)|list }}',
     "a width or count of 1,000,000,000 is too large for |slice"),
    ("|format", '{{ "%0500000000d"|format(1) }}', "a width of 500,000,000 is too large"),
    ("a text method", '{{ "x".ljust(500000000) }}',
     "a width or count of 500,000,000 is too large for .ljust()"),
    # What a template builds is capped, estimated before the work where it could be huge
    ("repeated ~", '{% set ns = namespace(s="x"*9000) %}{% for i in range(40) %}'
     '{% set ns.s = ns.s ~ ns.s %}{% endfor %}', TOO_LARGE),
    ("|indent with a long indent on many lines",
     '{{ ("a\\n" * 50000)|indent("x" * 99999) }}', TOO_LARGE),
    ("|replace with a long replacement", S + '{{ s|replace("x", s) }}', TOO_LARGE),
    ("str.replace with a long replacement", S + '{{ s.replace("x", s) }}', TOO_LARGE),
    ("|wordwrap of a long word at width 1", S + "{{ (s ~ s ~ s)|wordwrap(1) }}",
     "wrapping a text of 299,997 characters at a width of 1 is too much work"),
    ("|wordwrap with a long wrapstring", S + '{{ s|wordwrap(1, wrapstring=s) }}', TOO_LARGE),
    ("|join of a huge list", REFS + "{{ ns.l|join }}", TOO_LARGE),
    ("str.join of a huge list", REFS + '{{ "".join(ns.l) }}', TOO_LARGE),
    ("|join with a long separator", S + "{{ s|list|join(s) }}", TOO_LARGE),
    ("printing a huge list", REFS + "{{ ns.l }}", TOO_LARGE),
    ("% repeating a long value", S + '{{ ("%(a)s" * 20) % {"a": s} }}', TOO_LARGE),
    ("str.format repeating a long value", S + '{{ ("{0}" * 20).format(s) }}', TOO_LARGE),
    ("numbers that square", '{% set ns = namespace(x=10**60) %}{% for i in range(40) %}'
     "{% set ns.x = ns.x * ns.x %}{% endfor %}", "the number is too large"),
    ("many long texts kept", '{% set ns = namespace(l=[]) %}{% for i in range(5000) %}'
     '{% set _ = ns.l.append("x" * 99999 ~ i) %}{% endfor %}',
     "the template builds more than 100,000,000 characters of text in all"),
    ("a huge document", S + "{% for i in range(300) %}{{ s }}{% endfor %}",
     "the template writes more than 20,000,000 characters"),
    # Recursion and calls
    ("a macro calling itself", "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
     "the template's macros or loops call themselves more than 50 levels deep"),
    ("loop(...) of a recursive loop, deep",
     "{% set l = [[]] %}{% for x in l recursive %}{{ loop(l) }}{% endfor %}",
     "the template's macros or loops call themselves more than 50 levels deep"),
    ("a macro calling itself twice", "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}"
     "{% endif %}{% endmacro %}{{ f(40) }}", "the template makes more than 200,000 calls"),
]


@pytest.mark.parametrize(("case", "body", "message"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_a_template_that_would_work_without_bound_is_refused(services: Services, tmp_path: Path,
                                                            case: str, body: str,
                                                            message: str) -> None:
    assert message in _refused(services, tmp_path, body)


def test_a_template_that_runs_past_the_deadline_is_stopped(services: Services, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Each step is cheap and allowed; together they outlast the deadline (made short here)."""
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.3)
    reason = _refused(services, tmp_path,
                      S + "{% for i in range(19000) %}{{ s|wordcount }}{% endfor %}")
    assert reason == "the template runs longer than 0.3 s"


def test_a_template_within_the_bounds_renders(services: Services, tmp_path: Path) -> None:
    account = services.accounts.create(name="Acme").id
    template = _template(
        tmp_path,
        '{% for i in range(19000) %}{% endfor %}{% for c in "abc" %}{{ loop.index }}/'
        '{{ loop.length }}{% endfor %}',
        '{{ "%05.1f|%s" % (3.14159, "x") }} {{ "{:>6}|{:,}".format("r", 1234567) }}',
        '{{ ["a", "b"]|join(", ") ~ "!" }} {{ "a b"|replace(" ", "_")|center(9) }}',
        '{{ ("x" * 99999)|length }} {{ "%d items"|format(3) }}')
    out = services.documents.export_plan(account, tmp_path / "ok.docx", TODAY, template)
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert paragraphs == ["1/32/33/3", "003.1|x      r|1,234,567", "a, b!    a_b   ",
                          "99999 3 items"]
