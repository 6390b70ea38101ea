"""Checking a Word template: every problem at once, each named by the paragraph it is in (its
text as Word shows it) and by its tag, in words a Customer Success Manager can act on.

``structural_problems`` finds what would stop a template from rendering, or would make it drop
text without a word: a tag that is not closed, a broken tag, a filter that does not exist, an
``{% if %}`` never closed, a ``{%p … %}`` tag sharing its paragraph with text. ``render_docx``
runs it before every export. ``check_template`` adds the fields: each field a tag uses must be
one of the document's (csdesk/documents/fields.py), and it reads the template as Jinja will.
The tags are read by ``template_reading``; the fields are checked by ``template_fields``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2.environment import Environment

from csdesk.documents.sandbox import sandbox
from csdesk.documents.tags import DocumentTemplateError, merge_split_tags, open_template
from csdesk.documents.template_fields import document_kinds, field_problems, kind_label
from csdesk.documents.template_reading import TagReading, TemplateProblem


@dataclass(frozen=True)
class TemplateCheck:
    """What ``inspect_template`` found: the problems, in the order of the document."""

    name: str  # the template's file name
    problems: list[TemplateProblem]
    tags: int  # how many tags were checked
    kind: str | None  # the document kind whose fields the tags were checked against

    def summary(self) -> str:
        if not self.problems:
            return f"{self.name}: no problems found ({self.tags} tags checked)"
        count = len(self.problems)
        against = f", fields checked against {kind_label(self.kind)}" if self.kind else ""
        return f"{self.name}: {count} problem{'s' if count > 1 else ''} ({self.tags} tags " \
               f"checked{against})"


def check_template(path: Path, kind: str | None = None) -> list[TemplateProblem]:
    """Every problem of the .docx template at ``path``, in document order (empty: none).
    ``kind`` ("plan", "qbr", …) checks the fields against that document's; None guesses it."""
    return inspect_template(path, kind).problems


def inspect_template(path: Path, kind: str | None = None) -> TemplateCheck:
    """``check_template`` with how many tags were checked and the kind that was assumed.
    A file that is not a .docx raises DocumentTemplateError; an unknown kind, ValueError."""
    kinds = document_kinds()
    if kind is not None and kind not in kinds:
        raise ValueError(f"unknown kind of document {kind!r} (the kinds: {', '.join(kinds)})")
    if not path.is_file():
        raise DocumentTemplateError(f"no template at {path}")
    tpl = open_template(path)
    merge_split_tags(tpl.docx)
    reading = TagReading(tpl.docx, sandbox())
    found = reading.structure()
    if not found:
        found = reading.as_jinja_reads_it(tpl)
    candidates = [kind] if kind is not None else list(kinds)
    by_kind = {k: field_problems(reading, k) for k in candidates}
    chosen = min(candidates, key=lambda k: len(by_kind[k]))
    ordered = sorted(found + by_kind[chosen], key=lambda item: item[0])
    return TemplateCheck(path.name, [problem for _, problem in ordered], reading.count,
                         chosen)


def structural_problems(document: Any, env: Environment | None = None) -> list[TemplateProblem]:
    """What would stop the python-docx ``document`` (a template) from rendering, or make it
    drop text silently, in document order; the fields are not checked."""
    return [problem for _, problem in TagReading(document, env or sandbox()).structure()]
