"""The tags of a Word template, read as Word shows them.

docxtpl renders a template's XML part by part (the body, the headers, the footers, the
footnotes, and a few document properties), and Jinja2 sees each part as one text. Here each
part's paragraphs are read as their visible text, so a tag that Word split across runs of
different formatting is still one tag, and a problem can be named by the paragraph a CSM sees
in Word. ``merge_split_tags`` puts each split tag back into one run before docxtpl sees the XML.
"""

from __future__ import annotations

import bisect
import html
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, overload

from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import XmlPart
from docxtpl import DocxTemplate
from lxml import etree

from csdesk.errors import CsdeskError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _R, _TC, _TR, _RPR = (f"{W}{name}" for name in ("p", "t", "r", "tc", "tr", "rPr"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# What docxtpl drops when it joins the pieces of a split tag: Word's run content between them.
_RUN_CONTENT = frozenset(f"{W}{name}" for name in ("tab", "br", "cr", "noBreakHyphen",
                                                    "softHyphen", "lastRenderedPageBreak"))
HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# The document properties docxtpl renders as templates of their own (DocxTemplate.render_properties)
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
LEVELS = ("tr", "tc", "p", "r")  # docxtpl's {%tr … %}, {%tc … %}, {%p … %}, {%r … %}
_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_MARKS = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
# docxtpl turns Word's typographic quotes back into straight ones inside a tag (patch_xml)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


_Tpl = TypeVar("_Tpl", bound=DocxTemplate)


class DocumentTemplateError(CsdeskError):
    """The template cannot be rendered; the message names the template, the tag and why."""


@overload
def open_template(path: Path) -> DocxTemplate: ...
@overload
def open_template(path: Path, cls: type[_Tpl]) -> _Tpl: ...
def open_template(path: Path, cls: type[DocxTemplate] = DocxTemplate) -> DocxTemplate:
    """The .docx at ``path``, opened for docxtpl; a file that is not one is refused by name."""
    try:
        tpl = cls(str(path))
        tpl.get_docx()  # opens the package now, so a broken file is reported as such
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise DocumentTemplateError(f"{path.name} is not a Word .docx template ({error})") \
            from None
    return tpl


@dataclass(frozen=True)
class Tag:
    """One tag in a paragraph's text: ``{{ … }}``, ``{% … %}`` or ``{# … #}``, or the start of
    one that is never closed (``closed`` False), or a closing ``}}``/``%}``/``#}`` that
    nothing opened (``stray``)."""

    text: str
    start: int
    closed: bool = True
    stray: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def opener(self) -> str:
        return self.text[:2]

    @property
    def level(self) -> str:
        """docxtpl's level: "p", "tr", "tc" or "r" for ``{%p … %}`` and the like, else ""."""
        body = self.text[2:]
        for level in LEVELS:
            if body.startswith(level + " ") and (self.opener != "{#" or level != "r"):
                return level
        return ""

    @property
    def code(self) -> str:
        """The tag as docxtpl hands it to Jinja: no level prefix, straight quotes."""
        level = self.level
        body = self.text[2 + len(level):] if level else self.text[2:]
        return (self.text[:2] + body).translate(_QUOTES)

    @property
    def inner(self) -> str:
        """What is between the braces, without Jinja's whitespace marks: "for o in objectives"."""
        return (self.code[2:-2] if self.closed else self.code[2:]).strip().strip("-+").strip()

    @property
    def keyword(self) -> str:
        """The statement of a ``{% … %}`` tag: "for", "endif", "set"…; "" for other tags."""
        if self.opener != "{%":
            return ""
        match = re.match(r"[A-Za-z_]\w*", self.inner)
        return match.group(0) if match else ""


def scan(text: str) -> list[Tag]:
    """The tags in ``text`` (one paragraph), in order. A tag must close in the paragraph where it
    starts: one that does not, or that another tag starts inside of, is returned unclosed."""
    tags: list[Tag] = []
    position = 0
    while True:
        mark = _MARKS.search(text, position)
        if mark is None:
            return tags
        start = mark.start()
        if mark.group() not in _OPENERS:
            tags.append(Tag(mark.group(), start, closed=False, stray=True))
            position = mark.end()
            continue
        end = _end_of(text, start)
        if end < 0:
            nested = _NESTED.search(text, start + 2) if mark.group() != "{#" else None
            stop = nested.start() if nested is not None else len(text)
            tags.append(Tag(text[start:stop].rstrip(), start, closed=False))
            if nested is None:
                return tags
            position = stop
            continue
        tags.append(Tag(text[start:end], start))
        position = end


_NESTED = re.compile(r"\{[{%#]")


def _end_of(text: str, start: int) -> int:
    """Where the tag starting at ``start`` ends, as Jinja reads it: a closing mark inside a
    quoted text or inside brackets does not end it; -1 when the tag does not end."""
    opener = text[start:start + 2]
    closer = _OPENERS[opener]
    if opener == "{#":  # a comment ends at the first #}
        end = text.find(closer, start + 2)
        return end + 2 if end >= 0 else -1
    brackets: list[str] = []
    index = start + 2
    while index < len(text):
        char = text[index]
        if not brackets and text.startswith(closer, index):
            return index + 2
        if not brackets and _NESTED.match(text, index):
            return -1  # another tag starts inside this one
        if char in "\"'“”‘’":
            quote = char.translate(_QUOTES)
            index += 1
            while index < len(text) and text[index].translate(_QUOTES) != quote:
                index += 2 if text[index] == "\\" else 1
            if index >= len(text):
                break
        elif char in "([{":
            brackets.append(")]}"["([{".index(char)])
        elif brackets and char == brackets[-1]:
            brackets.pop()
        index += 1
    # An unclosed quote or bracket: Jinja will say what is wrong with the tag itself.
    end = text.find(closer, start + 2)
    nested = _NESTED.search(text, start + 2)
    return end + 2 if end >= 0 and (nested is None or end < nested.start()) else -1


@dataclass(frozen=True)
class Part:
    """One part docxtpl renders as a template of its own."""

    label: str  # "" for the body; "header", "footer", "footnotes"
    root: Any  # the part's XML element
    store: Callable[[], None] | None = None  # writes an edited tree back to the part


@dataclass
class Paragraph:
    """A w:p of a part, with its own w:t elements (not those of a text box inside it)."""

    part: Part
    element: Any
    texts: list[Any] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(t.text or "" for t in self.texts)

    def ancestor(self, level: str) -> Any:
        """The w:tr or w:tc this paragraph is in (level "tr" or "tc"), else None."""
        tag = _TR if level == "tr" else _TC
        node = self.element.getparent()
        while node is not None and node.tag not in (tag, _P):
            node = node.getparent()
        return node if node is not None and node.tag == tag else None


def parts(document: Any) -> list[Part]:
    """The parts of a python-docx Document that docxtpl renders: the body, each header and
    footer the document uses, and the footnotes."""
    found = [Part("", document.element.body)]
    for label, reltype in (("header", HEADER), ("footer", FOOTER)):
        for rel in document.part.rels.values():
            if rel.reltype == reltype and not rel.is_external and rel.target_part.blob:
                target = rel.target_part
                if isinstance(target, XmlPart):
                    found.append(Part(label, target.element))
                else:
                    root = etree.fromstring(target.blob)
                    found.append(Part(label, root, _storer(target, root)))
    for part in document.part.package.parts:
        if part.content_type == FOOTNOTES:
            root = etree.fromstring(part.blob)
            found.append(Part("footnotes", root, _storer(part, root)))
    return found


def _storer(part: Any, root: Any) -> Callable[[], None]:
    def store() -> None:
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)
    return store


def paragraphs(part: Part) -> Iterator[Paragraph]:
    for element in part.root.iter(_P):
        yield Paragraph(part, element, [t for t in element.iter(_T) if _paragraph_of(t) is element])


def _paragraph_of(node: Any) -> Any:
    node = node.getparent()
    while node is not None and node.tag != _P:
        node = node.getparent()
    return node


def merge_split_tags(document: Any) -> int:
    """Put every tag that Word split across runs back into the run where it starts, and take
    its pieces out of the other runs, which keep their own text and formatting. (docxtpl would
    join the pieces by deleting the XML between them, so the text after the tag took the
    formatting of the tag's first run.) Paragraphs without a split tag are left as they are.
    Returns how many tags were merged."""
    merged = 0
    for part in parts(document):
        count = sum(_merge_paragraph(paragraph) for paragraph in paragraphs(part))
        if count and part.store is not None:
            part.store()
        merged += count
    return merged


def _merge_paragraph(paragraph: Paragraph) -> int:
    texts = paragraph.texts
    if len(texts) < 2:
        return 0
    pieces = [t.text or "" for t in texts]
    starts = [0]
    for piece in pieces:
        starts.append(starts[-1] + len(piece))
    split = []
    for tag in scan("".join(pieces)):
        if not tag.closed:
            continue
        first = _index(starts, tag.start)
        if _index(starts, tag.end - 1) != first:
            split.append((tag, first))
    if not split:
        return 0
    owner = [i for i, piece in enumerate(pieces) for _ in piece]  # the w:t of each character
    for tag, first in split:
        owner[tag.start:tag.end] = [first] * len(tag.text)
    text = "".join(pieces)
    new = ["".join(c for c, o in zip(text, owner, strict=True) if o == i)
           for i in range(len(texts))]
    inside = [(tag.start, tag.end) for tag, _ in split]
    _drop_run_content(paragraph.element, texts, starts, inside)
    for element, before, after in zip(texts, pieces, new, strict=True):
        if after == before:
            continue
        if after:
            element.text = after
            if after != after.strip():
                element.set(_XML_SPACE, "preserve")
        else:
            run = element.getparent()
            run.remove(element)
            if run.tag == _R and all(child.tag == _RPR for child in run):
                run.getparent().remove(run)
    return len(split)


def _index(starts: list[int], offset: int) -> int:
    """The w:t holding the character at ``offset`` (``starts`` are their first offsets)."""
    return min(bisect.bisect_right(starts, offset) - 1, len(starts) - 2)


def _drop_run_content(element: Any, texts: list[Any], starts: list[int],
                      inside: list[tuple[int, int]]) -> None:
    """Tabs and breaks that Word put between the pieces of a split tag go, as with docxtpl."""
    position = 0
    text_index = {id(t): i for i, t in enumerate(texts)}
    doomed = []
    for node in element.iter():
        if id(node) in text_index:
            position = starts[text_index[id(node)] + 1]
        elif node.tag in _RUN_CONTENT and node.getparent() is not None \
                and node.getparent().tag == _R and _paragraph_of(node) is element \
                and any(start < position < end for start, end in inside):
            doomed.append(node)
    for node in doomed:
        node.getparent().remove(node)


def shorten(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut with an ellipsis after ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def visible_line(source: str, lineno: int | None) -> str:
    """The text a line of a part's XML shows in Word (docxtpl starts each w:p on a new line of
    what Jinja reads, so a line number names a paragraph)."""
    lines = source.split("\n")
    if not lineno or lineno > len(lines):
        return ""
    return html.unescape(re.sub(r"<[^>]+>", "", lines[lineno - 1]))
