"""A Word template's tags, read once, and what would stop it from rendering.

``TagReading`` finds every tag of every part (body, headers, footers…) and document property,
each with the paragraph it is in (its text as Word shows it). ``structure`` reports what would
stop the template from rendering, or would make it drop text without a word: a tag that is not
closed, a broken tag, a filter that does not exist, an ``{% if %}`` never closed, a
``{%p … %}`` tag sharing its paragraph with text; ``as_jinja_reads_it`` compiles each part as
docxtpl hands it to Jinja. Each problem is a ``TemplateProblem``, in words a Customer Success
Manager can act on.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.environment import Environment
from lxml import etree

from csdesk.documents.tags import (
    PROPERTIES,
    Paragraph,
    Tag,
    W,
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
_WHOLE = {"p": "paragraph", "tr": "table row", "tc": "table cell"}
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


# Reading the tags ----------------------------------------------------------------------------

def _spell(level: str, statement: str) -> str:
    return f"{{%{level} {statement} %}}" if level else f"{{% {statement} %}}"


@dataclass
class FoundTag:
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
    found: FoundTag
    level: str


@dataclass
class _Section:
    label: str
    tags: list[FoundTag] = field(default_factory=list)
    part: Any = None  # tags.Part, or None for a document property
    text: str = ""  # a document property's text


class TagReading:
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
                    section.tags.append(FoundTag(tag, order, _where(paragraph), paragraph,
                                               len(self.sections)))
                    order += 1
            self.sections.append(section)
        core = document.core_properties
        for name in PROPERTIES:
            text = getattr(core, name, "") or ""
            section = _Section(f"document properties: {name}", text=text)
            for tag in scan(text):
                section.tags.append(FoundTag(tag, order, section.label, None, len(self.sections)))
                order += 1
            self.sections.append(section)
        self.count = sum(1 for s in self.sections for f in s.tags if f.tag.closed)
        self.problems: list[tuple[int, TemplateProblem]] = []

    def problem(self, found: FoundTag, message: str) -> None:
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
                self.problem(found, f"broken tag: there is a {tag.text} with no {opener} "
                                     "before it in this paragraph")
                continue
            if not tag.closed:
                closer = _CLOSERS[tag.opener]
                same = " in the same paragraph" if found.paragraph is not None else ""
                self.problem(found, f"broken tag: it is never closed: end it with {closer}{same}")
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
            self.problem(entry.found, f"broken tag: this {entry.keyword} is never closed: add "
                                       f"{end} where the part it controls ends")

    def _level(self, found: FoundTag) -> None:
        """docxtpl's {%p %}, {%tr %} and {%tc %} replace their whole paragraph, row or cell."""
        tag, level = found.tag, found.tag.level
        if level not in _WHOLE or found.paragraph is None:
            return
        whole = _WHOLE[level]
        if re.search(r"[%}]", tag.text[2 + len(level):-2]):
            self.problem(found, f"broken tag: a {_example(tag.opener, level)} tag cannot hold "
                                 "% or }")
            return
        if level == "p":
            text = found.paragraph.text
        else:
            element = found.paragraph.ancestor(level)
            if element is None:
                self.problem(found, f"broken tag: a {_example(tag.opener, level)} tag works "
                                     f"only in a {whole}")
                return
            text = "".join(t.text or "" for t in element.iter(f"{W}t"))
        rest = " ".join(text.replace(tag.text, " ", 1).split())
        if rest:
            self.problem(found, f"the text “{shorten(rest, 40)}” in this {whole} would not be "
                                 f"shown: a {_example(tag.opener, level)} tag takes its whole "
                                 f"{whole}, so give it a {whole} of its own")

    def _statement(self, found: FoundTag, stack: list[_Open]) -> None:
        tag = found.tag
        keyword, level = tag.keyword, tag.level
        code = tag.code
        if keyword in DOCXTPL_STATEMENTS:
            argument = tag.inner[len(keyword):].strip()
            if keyword in ("vm", "hm"):
                if argument:
                    self.problem(found, f"broken tag: {{% {keyword} %}} takes nothing more")
            elif not argument:
                self.problem(found, f"broken tag: {{% {keyword} … %}} needs a value")
            else:
                found.tree = self._parse(found, f"{{{{ {argument} }}}}")
            if found.paragraph is not None and found.paragraph.ancestor("tc") is None:
                self.problem(found, f"broken tag: {{% {keyword} %}} works only in a table cell")
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
                self.problem(found, f"broken tag: this {keyword} is not inside an {owners}")
            else:
                self._match(stack[-1], found, "belongs to")
            return
        if keyword in ENDS:
            start = ENDS[keyword]
            if keyword != "endraw":
                self._parse(found, f"{{% {_WRAP_END[start]} %}}" + code)
            if not any(entry.keyword == start for entry in stack):
                self.problem(found, f"broken tag: this {keyword} has no {start} before it")
                return
            while stack[-1].keyword != start:
                entry = stack.pop()
                if entry.found.tag.closed:
                    end = _spell(entry.level, BLOCKS[entry.keyword])
                    self.problem(entry.found, f"broken tag: this {entry.keyword} is never "
                                               f"closed: add {end} before {shorten(tag.text)}")
            self._match(stack.pop(), found, "closes")
            return
        found.tree = self._parse(found, code)  # include, import, an unknown tag…

    def _match(self, entry: _Open, found: FoundTag, verb: str) -> None:
        """A block's middle or end tag must be written like its start, in the same place."""
        level = found.tag.level
        start = shorten(entry.found.tag.text)
        if level != entry.level:
            self.problem(found, f"broken tag: it {verb} {start} ({entry.found.where}), so "
                                 f"write it {_spell(entry.level, found.tag.inner)}")
            return
        if found.anchor(level) is not entry.found.anchor(level):
            place = {"": "paragraph", "r": "paragraph", "p": "table cell, or both outside "
                     "tables", "tr": "table", "tc": "table row"}[level]
            advice = ("; to show, hide or repeat whole paragraphs use {%p … %} tags, each in a "
                      "paragraph of its own") if level in ("", "r") else ""
            self.problem(found, f"broken tag: it {verb} {start} ({entry.found.where}), which "
                                 f"must be in the same {place}{advice}")

    def _parse(self, found: FoundTag, source: str) -> nodes.Node | None:
        """The tag's statement as Jinja reads it, or None after reporting why it cannot."""
        try:
            tree = self.env.parse(source)
        except TemplateSyntaxError as error:
            self.problem(found, f"broken tag: {_syntax(error.message or str(error))}")
            return None
        for node in tree.find_all((nodes.Filter, nodes.Test)):
            if isinstance(node, nodes.Filter) and node.name not in self.env.filters:
                self.problem(found, "broken tag: there is no filter named "
                                     f"{node.name}{did_you_mean(node.name, self.env.filters)}")
            elif isinstance(node, nodes.Test) and node.name not in self.env.tests:
                self.problem(found, "broken tag: there is no test named "
                                     f"{node.name}{did_you_mean(node.name, self.env.tests)}")
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


def _follow(stack: list[_Open], found: FoundTag) -> None:
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


def did_you_mean(name: str, choices: typing.Iterable[str], prefix: str = "") -> str:
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
        return f"there is no {{% {word} %}} tag{did_you_mean(word, [*BLOCKS, *ENDS])}"
    if "unexpected char '\\xa0'" in message:
        return "it holds a non-breaking space: type an ordinary space instead"
    return f"Jinja cannot read it: {message}"
