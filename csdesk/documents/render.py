"""Rendering Word documents from .docx templates with docxtpl, in a sandboxed Jinja2.

Every value is cleaned (control characters that Word cannot hold are removed) and escaped; an
unknown field is an error, not a blank; a template may not reach into Python. A template error
names the template, the tag and the reason, and no file is written: the document goes to a
temporary name first and replaces the target only when complete.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

from csdesk.documents.sandbox import sandbox
from csdesk.errors import CsdeskError

CHART_WIDTH_MM = 160  # A4 or Letter with 2 cm margins: never wider than the text
# Word cannot hold these; \a and \f would also split paragraphs or pages in docxtpl.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
# Word's soft line break (\v) and Unicode's line and paragraph separators: kept as line breaks.
_SOFT_BREAKS = re.compile(r"[\x0b\u2028\u2029]")


class DocumentTemplateError(CsdeskError):
    """The template cannot be rendered; the message names the template, the tag and why."""


def clean(value: Any) -> Any:
    """Strings without control characters (tabs and newlines stay), recursively."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL.sub("", _SOFT_BREAKS.sub("\n", value))
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {key: clean(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return clean(dataclasses.asdict(value))
    return value


def render_docx(template: Path, document: Any, output: Path) -> Path:
    """Render ``document`` (a PlanDocument or QbrDocument) with the .docx ``template``."""
    name = template.name
    try:
        tpl = DocxTemplate(str(template))
        tpl.get_docx()  # opens the package now, so a broken file is reported as such
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise DocumentTemplateError(f"{name} is not a Word .docx template ({error})") from None
    data = dataclasses.asdict(document)
    charts = data.pop("charts", {}) or {}
    context = clean(data)
    context.update(_images(tpl, charts))
    try:
        tpl.render(context, jinja_env=sandbox(), autoescape=True)
    except SecurityError as error:
        raise DocumentTemplateError(f"{name}: refused by the sandbox: {error}") from None
    except UndefinedError as error:
        raise DocumentTemplateError(f"{name}: unknown field: {error.message} (see "
                                    "Tools → Document templates for the fields)") from None
    except TemplateSyntaxError as error:
        raise DocumentTemplateError(f"{name}: broken tag near “{_excerpt(error)}”: "
                                    f"{error.message}") from None
    except TemplateError as error:
        raise DocumentTemplateError(f"{name}: {error}") from None
    except (OverflowError, MemoryError, RecursionError, ArithmeticError, TypeError,
            ValueError) as error:
        raise DocumentTemplateError(f"{name}: the template failed: {type(error).__name__}: "
                                    f"{error}") from None
    return _save(tpl, output)


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


def _excerpt(error: TemplateSyntaxError) -> str:
    lines = [line.strip() for line in getattr(error, "docx_context", []) if line.strip()]
    text = " ".join(lines) or (error.source or "")[:80]
    tags = re.findall(r"\{[{%].*?[%}]\}|\{[{%][^}]*$", text)
    return (tags[0] if tags else text)[:80]


def _save(tpl: DocxTemplate, output: Path) -> Path:
    partial = output.with_name(f".{output.name}.partial")
    try:
        tpl.save(str(partial))
        os.replace(partial, output)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CsdeskError(f"cannot write {output}: {error.strerror or error}") from None
    return output


def render_html(template_text: str, document: Any, **extra: Any) -> str:
    """The in-app preview: the same data through a sandboxed, escaping Jinja2 HTML template."""
    data = dataclasses.asdict(document)
    data.pop("charts", None)
    return sandbox().from_string(template_text).render(**clean(data), **extra)
