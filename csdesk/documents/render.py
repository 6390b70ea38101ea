"""Rendering Word documents from .docx templates with docxtpl, in a sandboxed Jinja2.

Every value is cleaned (control characters that Word cannot hold are removed) and escaped; an
unknown field is an error, not a blank, and the message names its full path (account.revenue);
a template may not reach into Python. Before rendering, the template is checked
(template_check.structural_problems): a tag that is not closed, a broken tag or a block never
closed is refused with its paragraph and tag, and a tag Word split across runs is put back in
one run, so the text around it keeps its formatting. A template error names the template, the
tag and the reason, and no file is written: the document goes to a temporary name first and
replaces the target only when complete.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.document import Document as WordDocument
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from csdesk.documents.controls import Tracked, make_controls, strip_markers
from csdesk.documents.sandbox import sandbox
from csdesk.documents.tags import (
    DocumentTemplateError,
    merge_split_tags,
    open_template,
    shorten,
    visible_line,
)
from csdesk.documents.template_check import structural_problems
from csdesk.documents.template_reading import TemplateProblem
from csdesk.files import replace_file

__all__ = ["DocumentTemplateError", "clean", "render_docx", "render_html"]

CHART_WIDTH_MM = 160  # A4 or Letter with 2 cm margins: never wider than the text
# Word cannot hold these; \a and \f would also split paragraphs or pages in docxtpl.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
# Word's soft line break (\v) and Unicode's line and paragraph separators: kept as line breaks.
_SOFT_BREAKS = re.compile(r"[\x0b\u2028\u2029]")
_FIELDS_HINT = "see Tools → Document templates for the fields"


def clean(value: Any) -> Any:
    """Strings without control characters (tabs and newlines stay), recursively; a tracked
    value keeps what it is (see controls.py)."""
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        text = strip_markers(_CONTROL.sub("", _SOFT_BREAKS.sub("\n", text)))
        return Tracked(text, value.ref) if isinstance(value, Tracked) else text
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return clean(dataclasses.asdict(value))
    return value


def render_docx(template: Path, document: Any, output: Path, *,
                finish: Callable[[WordDocument], None] | None = None) -> Path:
    """Render ``document`` (a PlanDocument, QbrDocument…) with the .docx ``template``, after
    the structural checks of template_check (the first problem found is raised).

    ``finish``, if given, is called with the rendered python-docx Document just before it is
    saved (to set its core properties, say); if it raises, nothing is written."""
    name = template.name
    tpl = open_template(template, _Template)
    merge_split_tags(tpl.docx)
    problems = structural_problems(tpl.docx)
    if problems:
        raise DocumentTemplateError(_refusal(name, problems))
    data = dataclasses.asdict(document)
    charts = data.pop("charts", {}) or {}
    context: dict[str, Any] = {key: _with_paths(value, key)
                               for key, value in clean(data).items()}
    context.update(_images(tpl, charts))
    env = sandbox()
    env.undefined = _FieldUndefined  # names an unknown field by its full path
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except SecurityError as error:
        raise DocumentTemplateError(f"{name}: refused by the sandbox: {error}") from None
    except UndefinedError as error:
        raise DocumentTemplateError(f"{name}: unknown field: {error.message}{tpl.near(error)} "
                                    f"({_FIELDS_HINT})") from None
    except TemplateSyntaxError as error:
        raise DocumentTemplateError(f"{name}: broken tag{tpl.near(error)}: "
                                    f"{error.message}") from None
    except TemplateError as error:
        raise DocumentTemplateError(f"{name}: {error}") from None
    except (OverflowError, MemoryError, RecursionError, ArithmeticError, TypeError,
            ValueError) as error:
        raise DocumentTemplateError(f"{name}: the template failed: {type(error).__name__}: "
                                    f"{error}") from None
    make_controls(tpl.docx.element.body)  # the values marked {{ x|control }}, readable back
    if finish is not None:
        finish(tpl.docx)
    return _save(tpl, output)


def _refusal(name: str, problems: list[TemplateProblem]) -> str:
    message = f"{name}: {problems[0]}"
    if len(problems) > 1:
        more = len(problems) - 1
        message += (f" (and {more} more problem{'s' if more > 1 else ''}: Tools → Document "
                    f"templates → Check a template…, or csdesk templates check, lists them all)")
    return message


class _Template(DocxTemplate):
    """docxtpl's template, remembering which part it renders, so an error names its paragraph."""

    source: str | None = None  # what Jinja reads for the part being rendered
    label = ""  # "header: ", "footer: "…

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any],
                        jinja_env: Any = None) -> str:
        self.source = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)  # as docxtpl numbers lines
        kind = str(getattr(part, "content_type", "")).rsplit(".", 1)[-1]
        self.label = next((f"{label}: " for label in ("header", "footer", "footnotes")
                           if kind.startswith(label)), "")
        return str(super().render_xml_part(src_xml, part, context, jinja_env))

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        self.source, self.label = None, "the document properties"
        super().render_properties(context, jinja_env)

    def near(self, error: TemplateError) -> str:
        """Where in Word ``error`` happened: ", in paragraph “…”", or ""."""
        lineno = getattr(error, "lineno", None)
        if not isinstance(error, TemplateSyntaxError):
            traceback, lineno = error.__traceback__, None
            while traceback is not None:  # Jinja puts the template's lines in the traceback
                if traceback.tb_frame.f_code.co_filename == "<template>":
                    lineno = traceback.tb_lineno
                traceback = traceback.tb_next
        if self.source is None:
            return f", in {self.label}" if self.label else ""
        text = shorten(visible_line(self.source, lineno))
        return f", in {self.label}paragraph “{text}”" if text else ""


class _Fields(dict[str, Any]):
    """A field holding fields (account, an item of kpis) that knows its path."""

    __slots__ = ("_field_path",)
    _field_path: str


class _FieldList(list[Any]):
    __slots__ = ("_field_path",)
    _field_path: str


def _with_paths(value: Any, path: str) -> Any:
    if isinstance(value, dict):
        fields = _Fields((key, _with_paths(item, f"{path}.{key}")) for key, item in value.items())
        fields._field_path = path
        return fields
    if isinstance(value, list):
        items = _FieldList(_with_paths(item, f"{path}[]") for item in value)
        items._field_path = path
        return items
    return value


class _FieldUndefined(StrictUndefined):
    """Jinja's strict undefined, saying "'account.revenue' is undefined" rather than "'dict
    object' has no attribute 'revenue'"."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        owner, name = self._undefined_obj, self._undefined_name
        path = getattr(owner, "_field_path", None) if isinstance(owner, _Fields | _FieldList) \
            else None
        if self._undefined_hint or path is None:
            return str(super()._undefined_message)
        if not isinstance(name, str):
            return f"'{path}' has no item {name!r}"
        close = difflib.get_close_matches(name, list(owner), 1) if isinstance(owner, dict) \
            else []
        hint = f" (did you mean {path}.{close[0]}?)" if close else ""
        return f"'{path}.{name}' is undefined{hint}"


def _images(tpl: DocxTemplate, charts: dict[str, Any]) -> dict[str, Any]:
    images: dict[str, Any] = {}
    for key, value in charts.items():
        if isinstance(value, list):
            images[key] = [InlineImage(tpl, io.BytesIO(png), width=Mm(CHART_WIDTH_MM))
                           for png in value]
        else:
            images[key] = (InlineImage(tpl, io.BytesIO(value), width=Mm(CHART_WIDTH_MM))
                           if value else None)
    return images


def _save(tpl: DocxTemplate, output: Path) -> Path:
    return replace_file(output, lambda partial: tpl.save(str(partial)), hidden=True)


def render_html(template_text: str, document: Any, **extra: Any) -> str:
    """The in-app preview: the same data through a sandboxed, escaping Jinja2 HTML template."""
    data = dataclasses.asdict(document)
    data.pop("charts", None)
    return sandbox().from_string(template_text).render(**clean(data), **extra)
