"""Checking a Word template: every problem at once, each named by the paragraph it is in (its
text as Word shows it) and by its tag, in words a Customer Success Manager can act on.

``structural_problems`` finds what would stop a template from rendering, or would make it drop
text without a word: a tag that is not closed, a broken tag, a filter that does not exist, an
``{% if %}`` never closed, a ``{%p … %}`` tag sharing its paragraph with text. ``render_docx``
runs it before every export. ``check_template`` adds the fields: each field a tag uses must be
one of the document's (csdesk/documents/fields.py), and it reads the template as Jinja will.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.environment import Environment
from lxml import etree

from csdesk.documents import data, fields
from csdesk.documents.sandbox import sandbox
from csdesk.documents.tags import (
    PROPERTIES,
    DocumentTemplateError,
    Paragraph,
    Tag,
    W,
    merge_split_tags,
    open_template,
    paragraphs,
    parts,
    scan,
    shorten,
    visible_line,
)

# Jinja's block statements and how each ends; docxtpl's own statements, which it rewrites
# before Jinja sees them (patch_xml)
BLOCKS = {"for": "endfor", "if": "endif", "macro": "endmacro", "call": "endcall",
          "filter": "endfilter", "with": "endwith", "block": "endblock",
          "autoescape": "endautoescape", "raw": "endraw", "set": "endset"}
ENDS = {end: start for start, end in BLOCKS.items()}
MIDDLES = {"elif": ("if",), "else": ("if", "for")}
_WRAP_END = {"for": "for _ in ()", "if": "if 1", "macro": "macro _()", "call": "call _()",
             "filter": "filter upper", "with": "with", "block": "block _",
             "autoescape": "autoescape true", "set": "set _"}
DOCXTPL_STATEMENTS = ("colspan", "cellbg", "vm", "hm")
KIND_LABELS = {"plan": "the success plan", "qbr": "the QBR", "brief": "the internal QBR brief"}
_WHOLE = {"p": "paragraph", "tr": "table row", "tc": "table cell"}
_FIELDS_HINT = "Tools → Document templates lists the fields"
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_PROPERTIES = object()  # the place of a document property's tags (no paragraph)


@dataclass(frozen=True)
class TemplateProblem:
    """One problem of a template: where it is (the paragraph as Word shows it), the tag, and
    what is wrong, in plain words."""

    where: str  # 'paragraph “Dear {{ account.name”', 'footer: paragraph “…”', 'table cell “…”'
    tag: str  # the tag as written, shortened: '{{ account.name'
    message: str  # 'broken tag: it is never closed: end it with }} in the same paragraph'

    def __str__(self) -> str:
        if not self.tag or self.where.endswith(f"“{self.tag}”"):
            return f"{self.where}: {self.message}"
        return f"{self.where}, in {self.tag}: {self.message}"


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


def document_kinds() -> tuple[str, ...]:
    """The kinds of documents csdesk writes ("plan", "qbr", …), as fields.py declares them."""
    kinds = getattr(fields, "KINDS", None) or ("plan", "qbr")
    return tuple(k[0] if isinstance(k, tuple | list) else str(k) for k in kinds)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, f"the {kind} document")


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
    reading = _Reading(tpl.docx, sandbox())
    found = reading.structure()
    if not found:
        found = reading.as_jinja_reads_it(tpl)
    candidates = [kind] if kind is not None else list(kinds)
    by_kind = {k: reading.fields(k) for k in candidates}
    chosen = min(candidates, key=lambda k: len(by_kind[k]))
    ordered = sorted(found + by_kind[chosen], key=lambda item: item[0])
    return TemplateCheck(path.name, [problem for _, problem in ordered], reading.count,
                         chosen)


def structural_problems(document: Any, env: Environment | None = None) -> list[TemplateProblem]:
    """What would stop the python-docx ``document`` (a template) from rendering, or make it
    drop text silently, in document order; the fields are not checked."""
    return [problem for _, problem in _Reading(document, env or sandbox()).structure()]


# Reading the tags ----------------------------------------------------------------------------

def _spell(level: str, statement: str) -> str:
    return f"{{%{level} {statement} %}}" if level else f"{{% {statement} %}}"


@dataclass
class _Found:
    """A tag where it was found."""

    tag: Tag
    order: int  # its place in the document
    where: str
    paragraph: Paragraph | None  # None for a document property
    section: int  # the Jinja template it belongs to (a part, or one document property)
    tree: nodes.Node | None = None  # its statement as Jinja parses it, if it parses

    def anchor(self, level: str) -> Any:
        """What a block's start and end tags must share: the same paragraph for tags inside
        a paragraph, the same place for {%p %}, the same table for {%tr %}, row for {%tc %}."""
        if self.paragraph is None:
            return _PROPERTIES
        if level in ("", "r"):
            return self.paragraph.element
        if level == "p":
            return self.paragraph.element.getparent()
        element = self.paragraph.ancestor(level)
        return element.getparent() if element is not None else None


@dataclass
class _Open:
    keyword: str
    found: _Found
    level: str


@dataclass
class _Section:
    label: str
    tags: list[_Found] = field(default_factory=list)
    part: Any = None  # tags.Part, or None for a document property
    text: str = ""  # a document property's text


@dataclass(frozen=True)
class _Type:
    """What a field holds, for checking the names a tag uses after a dot."""

    hint: Any  # a data class, list[…], str, or None when unknown
    path: str  # "account", "kpis[]"
    note: str = ""  # "k is an item of kpis"


class _Reading:
    """A template's tags, read once; its problems as (order, problem) pairs."""

    def __init__(self, document: Any, env: Environment) -> None:
        self.env = env
        self.sections: list[_Section] = []
        self.count = 0
        order = 0
        for part in parts(document):
            section = _Section(part.label, part=part)
            for paragraph in paragraphs(part):
                text = paragraph.text
                if "{" not in text and "}" not in text:
                    continue
                for tag in scan(text):
                    section.tags.append(_Found(tag, order, _where(paragraph), paragraph,
                                               len(self.sections)))
                    order += 1
            self.sections.append(section)
        core = document.core_properties
        for name in PROPERTIES:
            text = getattr(core, name, "") or ""
            section = _Section(f"document properties: {name}", text=text)
            for tag in scan(text):
                section.tags.append(_Found(tag, order, section.label, None, len(self.sections)))
                order += 1
            self.sections.append(section)
        self.count = sum(1 for s in self.sections for f in s.tags if f.tag.closed)
        self.problems: list[tuple[int, TemplateProblem]] = []

    def _problem(self, found: _Found, message: str) -> None:
        self.problems.append((found.order, TemplateProblem(found.where, shorten(found.tag.text),
                                                           message)))

    # Structure: what would not render, or would drop text

    def structure(self) -> list[tuple[int, TemplateProblem]]:
        self.problems = []
        for section in self.sections:
            self._structure(section)
        return sorted(self.problems, key=lambda item: item[0])

    def _structure(self, section: _Section) -> None:
        stack: list[_Open] = []
        for found in section.tags:
            tag = found.tag
            if tag.stray:
                opener = {"}}": "{{", "%}": "{%", "#}": "{#"}[tag.text]
                self._problem(found, f"broken tag: there is a {tag.text} with no {opener} "
                                     "before it in this paragraph")
                continue
            if not tag.closed:
                closer = _CLOSERS[tag.opener]
                same = " in the same paragraph" if found.paragraph is not None else ""
                self._problem(found, f"broken tag: it is never closed: end it with {closer}{same}")
                _follow(stack, found)  # so that its end tag is not reported as well
                continue
            if stack and stack[-1].keyword == "raw" and tag.keyword != "endraw":
                continue
            self._level(found)
            if tag.opener == "{{":
                found.tree = self._parse(found, tag.code)
            elif tag.opener == "{%":
                self._statement(found, stack)
        for entry in stack:
            if not entry.found.tag.closed:
                continue  # reported already
            end = _spell(entry.level, BLOCKS[entry.keyword])
            self._problem(entry.found, f"broken tag: this {entry.keyword} is never closed: add "
                                       f"{end} where the part it controls ends")

    def _level(self, found: _Found) -> None:
        """docxtpl's {%p %}, {%tr %} and {%tc %} replace their whole paragraph, row or cell."""
        tag, level = found.tag, found.tag.level
        if level not in _WHOLE or found.paragraph is None:
            return
        whole = _WHOLE[level]
        if re.search(r"[%}]", tag.text[2 + len(level):-2]):
            self._problem(found, f"broken tag: a {_example(tag.opener, level)} tag cannot hold "
                                 "% or }")
            return
        if level == "p":
            text = found.paragraph.text
        else:
            element = found.paragraph.ancestor(level)
            if element is None:
                self._problem(found, f"broken tag: a {_example(tag.opener, level)} tag works "
                                     f"only in a {whole}")
                return
            text = "".join(t.text or "" for t in element.iter(f"{W}t"))
        rest = " ".join(text.replace(tag.text, " ", 1).split())
        if rest:
            self._problem(found, f"the text “{shorten(rest, 40)}” in this {whole} would not be "
                                 f"shown: a {_example(tag.opener, level)} tag takes its whole "
                                 f"{whole}, so give it a {whole} of its own")

    def _statement(self, found: _Found, stack: list[_Open]) -> None:
        tag = found.tag
        keyword, level = tag.keyword, tag.level
        code = tag.code
        if keyword in DOCXTPL_STATEMENTS:
            argument = tag.inner[len(keyword):].strip()
            if keyword in ("vm", "hm"):
                if argument:
                    self._problem(found, f"broken tag: {{% {keyword} %}} takes nothing more")
            elif not argument:
                self._problem(found, f"broken tag: {{% {keyword} … %}} needs a value")
            else:
                found.tree = self._parse(found, f"{{{{ {argument} }}}}")
            if found.paragraph is not None and found.paragraph.ancestor("tc") is None:
                self._problem(found, f"broken tag: {{% {keyword} %}} works only in a table cell")
            return
        if keyword == "set" and "=" in tag.inner:
            found.tree = self._parse(found, code)
            return
        if keyword in BLOCKS:
            if keyword != "raw":
                found.tree = self._parse(found, code + f"{{% {BLOCKS[keyword]} %}}")
            stack.append(_Open(keyword, found, level))
            return
        if keyword in MIDDLES:
            found.tree = self._parse(found, "{% if 1 %}" + code + "{% endif %}")
            if not stack or stack[-1].keyword not in MIDDLES[keyword]:
                owners = " or ".join(f"{{% {k} %}}" for k in MIDDLES[keyword])
                self._problem(found, f"broken tag: this {keyword} is not inside an {owners}")
            else:
                self._match(stack[-1], found, "belongs to")
            return
        if keyword in ENDS:
            start = ENDS[keyword]
            if keyword != "endraw":
                self._parse(found, f"{{% {_WRAP_END[start]} %}}" + code)
            if not any(entry.keyword == start for entry in stack):
                self._problem(found, f"broken tag: this {keyword} has no {start} before it")
                return
            while stack[-1].keyword != start:
                entry = stack.pop()
                if entry.found.tag.closed:
                    end = _spell(entry.level, BLOCKS[entry.keyword])
                    self._problem(entry.found, f"broken tag: this {entry.keyword} is never "
                                               f"closed: add {end} before {shorten(tag.text)}")
            self._match(stack.pop(), found, "closes")
            return
        found.tree = self._parse(found, code)  # include, import, an unknown tag…

    def _match(self, entry: _Open, found: _Found, verb: str) -> None:
        """A block's middle or end tag must be written like its start, in the same place."""
        level = found.tag.level
        start = shorten(entry.found.tag.text)
        if level != entry.level:
            self._problem(found, f"broken tag: it {verb} {start} ({entry.found.where}), so "
                                 f"write it {_spell(entry.level, found.tag.inner)}")
            return
        if found.anchor(level) is not entry.found.anchor(level):
            place = {"": "paragraph", "r": "paragraph", "p": "table cell, or both outside "
                     "tables", "tr": "table", "tc": "table row"}[level]
            advice = ("; to show, hide or repeat whole paragraphs use {%p … %} tags, each in a "
                      "paragraph of its own") if level in ("", "r") else ""
            self._problem(found, f"broken tag: it {verb} {start} ({entry.found.where}), which "
                                 f"must be in the same {place}{advice}")

    def _parse(self, found: _Found, source: str) -> nodes.Node | None:
        """The tag's statement as Jinja reads it, or None after reporting why it cannot."""
        try:
            tree = self.env.parse(source)
        except TemplateSyntaxError as error:
            self._problem(found, f"broken tag: {_syntax(error.message or str(error))}")
            return None
        for node in tree.find_all((nodes.Filter, nodes.Test)):
            if isinstance(node, nodes.Filter) and node.name not in self.env.filters:
                self._problem(found, "broken tag: there is no filter named "
                                     f"{node.name}{_did_you_mean(node.name, self.env.filters)}")
            elif isinstance(node, nodes.Test) and node.name not in self.env.tests:
                self._problem(found, "broken tag: there is no test named "
                                     f"{node.name}{_did_you_mean(node.name, self.env.tests)}")
        return tree.body[0] if tree.body else None

    # What Jinja reads: each part as one template, as docxtpl hands it over

    def as_jinja_reads_it(self, tpl: Any) -> list[tuple[int, TemplateProblem]]:
        """The template, part by part, compiled as docxtpl would render it: what the tag-by-tag
        reading could not see (a tag inside Word's XML, say) still shows up."""
        found: list[tuple[int, TemplateProblem]] = []
        for section in self.sections:
            if section.part is not None:
                xml = etree.tostring(section.part.root, encoding="unicode")
                source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
            else:
                source = section.text
            try:
                self.env.compile(source)
            except TemplateSyntaxError as error:
                line = visible_line(source, error.lineno) if section.part is not None \
                    else source
                where = f"{section.label + ': ' if section.label else ''}near “{shorten(line)}”"
                tags = [t.text for t in scan(line) if t.closed]
                order = section.tags[-1].order if section.tags else 0
                found.append((order, TemplateProblem(
                    where, shorten(tags[0]) if len(tags) == 1 else "",
                    f"broken tag: {_syntax(error.message or str(error))}")))
        return found

    # Fields: every name a tag uses must be one of the document's

    def fields(self, kind: str) -> list[tuple[int, TemplateProblem]]:
        self.problems = []
        known = {name for name, _ in fields.describe_fields(kind)}
        hints = _field_hints(kind)
        for section in self.sections:
            scopes: list[dict[str, _Type | None]] = [{}]
            opened: list[str] = []
            for found in section.tags:
                _Names(self, found, scopes, known, hints, kind).visit_tag(opened)
        return list(self.problems)


class _Names:
    """The names one tag uses, checked against the document's fields and the names the
    template binds itself ({% for %}, {% set %}, macros)."""

    def __init__(self, reading: _Reading, found: _Found, scopes: list[dict[str, _Type | None]],
                 known: set[str], hints: dict[str, Any], kind: str) -> None:
        self.reading, self.found, self.scopes = reading, found, scopes
        self.known, self.hints, self.kind = known, hints, kind

    def visit_tag(self, opened: list[str]) -> None:
        keyword, tree = self.found.tag.keyword, self.found.tree
        if opened and opened[-1] == "raw" and keyword != "endraw":
            return
        if keyword in ENDS:
            if opened and opened[-1] == ENDS[keyword]:
                opened.pop()
                self.scopes.pop()
            return
        if tree is None:
            if keyword in BLOCKS and not (keyword == "set" and "=" in self.found.tag.inner):
                opened.append(keyword)
                self.scopes.append({})
            return
        if keyword == "if" and isinstance(tree, nodes.If):
            self.expression(tree.test)
        elif keyword == "elif" and isinstance(tree, nodes.If) and tree.elif_:
            self.expression(tree.elif_[0].test)
        elif keyword == "else":
            pass
        elif isinstance(tree, nodes.For):
            items = self.expression(tree.iter)
            scope: dict[str, _Type | None] = {"loop": None}
            self._bind(tree.target, scope, _item_of(items, tree.target))
            self.scopes.append(scope)
            if tree.test is not None:
                self.expression(tree.test)
            self.scopes.pop()
            self._open(opened, keyword, scope)
            return
        elif isinstance(tree, nodes.Macro | nodes.CallBlock):
            for default in tree.defaults:
                self.expression(default)
            if isinstance(tree, nodes.CallBlock):
                self.expression(tree.call)
            else:
                self.scopes[-1][tree.name] = None
            scope = {"caller": None, "varargs": None, "kwargs": None}
            for arg in tree.args:
                scope[arg.name] = None
            self._open(opened, keyword, scope)
            return
        elif isinstance(tree, nodes.With):
            for value in tree.values:
                self.expression(value)
            scope = {}
            for target in tree.targets:
                self._bind(target, scope, None)
            self._open(opened, keyword, scope)
            return
        elif isinstance(tree, nodes.Assign):
            assigned = self.expression(tree.node)
            self._bind(tree.target, self.scopes[-1], assigned)
        elif isinstance(tree, nodes.AssignBlock):
            if tree.filter is not None:
                self.expression(tree.filter)
            self._bind(tree.target, self.scopes[-1], None)
        elif isinstance(tree, nodes.Import):
            self.scopes[-1][tree.target] = None
        elif isinstance(tree, nodes.FromImport):
            for name in tree.names:
                self.scopes[-1][name[1] if isinstance(name, tuple) and name[1] else
                                name[0] if isinstance(name, tuple) else name] = None
        else:
            for child in tree.iter_child_nodes(exclude=("body", "else_", "elif_")):
                self.expression(child)
        if keyword in BLOCKS and (keyword != "set" or isinstance(tree, nodes.AssignBlock)):
            self._open(opened, keyword, {})

    def _open(self, opened: list[str], keyword: str, scope: dict[str, _Type | None]) -> None:
        opened.append(keyword)
        self.scopes.append(scope)

    @staticmethod
    def _bind(target: nodes.Node, scope: dict[str, _Type | None], value: _Type | None) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                if isinstance(item, nodes.Name):
                    scope[item.name] = None

    def expression(self, node: nodes.Node) -> _Type | None:
        if isinstance(node, nodes.Name):
            return self._name(node)
        if isinstance(node, nodes.Getattr):
            return self._member(node, self.expression(node.node), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.expression(node.node)
            self.expression(node.arg)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._member(node, base, node.arg.value)
            if base is not None and typing.get_origin(base.hint) is list \
                    and not isinstance(node.arg, nodes.Slice):
                return _Type(typing.get_args(base.hint)[0], f"{base.path}[]")
            return None
        if isinstance(node, nodes.Filter) and node.name.startswith("_bounded") \
                and node.node is not None:
            return self.expression(node.node)  # the sandbox's own wrapping (sandbox.py)
        for child in node.iter_child_nodes():
            self.expression(child)
        return None

    def _name(self, node: nodes.Name) -> _Type | None:
        if node.ctx != "load":
            return None
        for scope in reversed(self.scopes):
            if node.name in scope:
                return scope[node.name]
        if node.name in self.reading.env.globals:
            return None
        if node.name in self.known:
            return _Type(self.hints.get(node.name), node.name)
        others = [k for k in document_kinds() if k != self.kind
                  and node.name in {n for n, _ in fields.describe_fields(k)}]
        if others:
            why = f"only {' and '.join(kind_label(k) for k in others)} " \
                  f"{'has' if len(others) == 1 else 'have'} it, not {kind_label(self.kind)}"
        else:
            why = f"{kind_label(self.kind)} has no such field" \
                  f"{_did_you_mean(node.name, self.known)}; {_FIELDS_HINT}"
        self._report(f"unknown field {node.name}: {why}")
        return None

    def _member(self, node: nodes.Node, base: _Type | None, name: str) -> _Type | None:
        if base is None or not dataclasses.is_dataclass(base.hint):
            return None
        members = typing.get_type_hints(base.hint)
        if name in members:
            return _Type(members[name], f"{base.path}.{name}", base.note)
        written = _written(node)
        owner = f"each item of {base.path[:-2]}" if base.path.endswith("[]") else base.path
        suggestion = _did_you_mean(name, members, written[:-len(name)] if written.endswith(
            name) else "")
        if suggestion:
            why = f"{owner} has no {name}{suggestion}"
        else:
            why = f"{owner} has no {name} (its fields: {', '.join(members)})"
        note = f" ({base.note})" if base.note and not written.startswith(base.path) else ""
        self._report(f"unknown field {written}{note}: {why}")
        return None

    def _report(self, message: str) -> None:
        self.reading._problem(self.found, message)


def _item_of(items: _Type | None, target: nodes.Node) -> _Type | None:
    if items is None or typing.get_origin(items.hint) is not list \
            or not isinstance(target, nodes.Name):
        return None
    return _Type(typing.get_args(items.hint)[0], f"{items.path}[]",
                 f"{target.name} is an item of {items.path}")


def _written(node: nodes.Node) -> str:
    """A field as the tag writes it: "account.revenue", "k.nme"."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_written(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_written(node.node)}[{arg!r}]"
    return "…"


def _field_hints(kind: str) -> dict[str, Any]:
    """The type of every field of the ``kind`` of document (fields.py's DOCUMENT_CLASSES, or
    data.py's …Document classes)."""
    hints: dict[str, Any] = {"critical_path_chart": None, "kpi_charts": list[None]}
    classes = getattr(fields, "DOCUMENT_CLASSES", {})
    if kind in classes:
        hints.update(typing.get_type_hints(classes[kind]))
        return hints
    for name, cls in vars(data).items():
        if name.endswith("Document") and dataclasses.is_dataclass(cls):
            for key, hint in typing.get_type_hints(cls).items():
                hints.setdefault(key, hint)
    return hints


def _follow(stack: list[_Open], found: _Found) -> None:
    """A block's start or end in a tag already reported as not closed."""
    keyword = found.tag.keyword
    if keyword in BLOCKS and not (keyword == "set" and "=" in found.tag.inner):
        stack.append(_Open(keyword, found, found.tag.level))
    elif keyword in ENDS and stack and stack[-1].keyword == ENDS[keyword]:
        stack.pop()


def _where(paragraph: Paragraph) -> str:
    label = f"{paragraph.part.label}: " if paragraph.part.label else ""
    noun = "table cell" if paragraph.ancestor("tc") is not None else "paragraph"
    return f"{label}{noun} “{shorten(paragraph.text)}”"


def _did_you_mean(name: str, choices: typing.Iterable[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(name, [c for c in choices if not c.startswith("_")], 1)
    return f" (did you mean {prefix}{close[0]}?)" if close else ""


def _example(opener: str, level: str) -> str:
    """"{%p … %}", "{{tr … }}": a docxtpl tag of ``level``, as a CSM writes it."""
    return f"{opener}{level} … {_CLOSERS[opener]}"


def _syntax(message: str) -> str:
    """Jinja's reason, in words a CSM can act on."""
    unknown = re.match(r"Encountered unknown tag '(\w+)'", message)
    if unknown:
        word = unknown.group(1)
        if word in ENDS or word in MIDDLES:
            return f"{word} has no matching start before it"
        return f"there is no {{% {word} %}} tag{_did_you_mean(word, [*BLOCKS, *ENDS])}"
    if "unexpected char '\\xa0'" in message:
        return "it holds a non-breaking space: type an ordinary space instead"
    return f"Jinja cannot read it: {message}"

