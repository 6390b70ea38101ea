"""Content controls: the values of an exported document that can be read back.

A value the document data marks as `Tracked` (a plain string that knows which record and field
it came from, its ``ref``, e.g. ``milestone:12:owner``) is wrapped by the template's
``control`` filter, ``{{ m.owner|control }}``, in private-use marker characters. Once the
document is rendered, `make_controls` turns each marked text into a Word content control
(``w:sdt``) tagged ``csdesk:<ref>``, with a bookmark around its text named from the same ref:
Word keeps the tag; LibreOffice (7.4) drops a control's tag when it saves but keeps the
bookmark, so either tells what the value is. The controls carry no placeholder flag, no
border and no colour of their own: they print and read as normal text.

`read_controls` finds them again in a .docx, in document order, with the text a reader sees
(tracked insertions read, deletions not: Word's "accept all" view).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markupsafe import Markup, escape

START, SEPARATOR, END = "\ue000", "\ue001", "\ue002"
MARKERS = re.compile("[\ue000-\ue002]")
TAG_PREFIX = "csdesk:"
BOOKMARK_PREFIX = "csd_"
_REF = re.compile(r"^[a-z][a-z_]*(:[0-9]+)?(:[a-z_]+)?$")
_MARKED = re.compile(f"{START}([^{SEPARATOR}{END}]*){SEPARATOR}([^{START}{END}]*){END}")


class Tracked(str):
    """A document value that remembers where it came from (``ref``: kind, record id, field)."""

    ref: str

    def __new__(cls, text: str, ref: str) -> Tracked:
        if not _REF.match(ref):
            raise ValueError(f"not a control reference: {ref!r}")
        value = super().__new__(cls, text)
        value.ref = ref
        return value

    def __reduce__(self) -> tuple[Any, ...]:  # copies (dataclasses.asdict) keep the ref
        return (Tracked, (str(self), self.ref))


def tracked(text: str, kind: str, record_id: int | None = None, field: str = "") -> Tracked:
    ref = kind if record_id is None else f"{kind}:{record_id}"
    return Tracked(text, f"{ref}:{field}" if field else ref)


def control(value: Any) -> Any:
    """The ``control`` filter: a tracked value marked for `make_controls`; anything else as
    it is (a template may wrap a field that is not tracked: it then stays plain text)."""
    if not isinstance(value, Tracked):
        return value
    return Markup(f"{START}{value.ref}{SEPARATOR}") + escape(str(value)) + Markup(END)


def strip_markers(text: str) -> str:
    """What a user typed never carries the markers (they could forge a control)."""
    return MARKERS.sub("", text)


def bookmark_name(ref: str) -> str:
    return BOOKMARK_PREFIX + ref.replace(":", "__")


def ref_of_bookmark(name: str) -> str | None:
    if not name.startswith(BOOKMARK_PREFIX):
        return None
    ref = name[len(BOOKMARK_PREFIX):].replace("__", ":")
    return ref if _REF.match(ref) else None


# Writing the controls

def make_controls(body: Any) -> int:
    """Turn every marked text under ``body`` (a document's XML) into a content control with
    a bookmark; remove stray markers. Returns the number of controls made."""
    made = 0
    ids = _Ids(body)
    # each run once, keyed by the element itself: it stays alive as a key (keyed by id(), a
    # freed proxy's id could be taken by another run's, and that run's control be lost)
    runs: dict[Any, None] = {}
    for text in body.iter(qn("w:t")):
        if text.text and MARKERS.search(text.text):
            runs.setdefault(text.getparent())
    for run in runs:
        if run is not None and run.tag == qn("w:r") and _MARKED.search(_run_text(run)):
            made += _split_run(run, ids)
    for text in body.iter(qn("w:t")):  # a marker cut off by a template's filter, say
        if text.text and MARKERS.search(text.text):
            text.text = strip_markers(text.text)
    return made


class _Ids:
    """Unique ids for the controls and bookmarks added to one document."""

    def __init__(self, body: Any) -> None:
        used = [int(value) for value in body.xpath("//w:bookmarkStart/@w:id | //w:id/@w:val")
                if value.lstrip("-").isdigit()]
        self.next = max(used, default=0) + 1

    def take(self) -> str:
        self.next += 1
        return str(self.next)


def _run_text(run: Any) -> str:
    return "".join(child.text or "" for child in run if child.tag == qn("w:t"))


def _split_run(run: Any, ids: _Ids) -> int:
    """Replace ``run`` with runs for the text outside the marks and a control for each mark;
    line breaks and tabs stay where they were."""
    properties = run.find(qn("w:rPr"))
    pieces: list[tuple[str | None, list[Any]]] = [(None, [])]  # (ref or None, contents)
    state = "out"
    ref_chars: list[str] = []
    for child in run:
        if child.tag == qn("w:rPr"):
            continue
        if child.tag != qn("w:t"):
            pieces[-1][1].append(copy.deepcopy(child))  # w:br, w:tab… where they were
            continue
        for char in child.text or "":
            if char == START:
                state, ref_chars = "ref", []
            elif char == SEPARATOR and state == "ref":
                pieces.append(("".join(ref_chars), []))
                state = "in"
            elif char == END and state == "in":
                pieces.append((None, []))
                state = "out"
            elif state == "ref":
                ref_chars.append(char)
            else:
                _append_text(pieces[-1][1], char)
    parent, made = run.getparent(), 0
    position = parent.index(run)
    new: list[Any] = []
    for ref, contents in pieces:
        if not contents and ref is None:
            continue
        piece = OxmlElement("w:r")
        if properties is not None:
            piece.append(copy.deepcopy(properties))
        for element in contents:
            piece.append(element)
        if ref is None or not _REF.match(ref):
            new.append(piece)
            continue
        new.append(_control(ref, piece, ids))
        made += 1
    parent.remove(run)
    for offset, element in enumerate(new):
        parent.insert(position + offset, element)
    return made


def _append_text(contents: list[Any], char: str) -> None:
    if contents and contents[-1].tag == qn("w:t"):
        contents[-1].text += char
        return
    text = OxmlElement("w:t")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = char
    contents.append(text)


def _control(ref: str, run: Any, ids: _Ids) -> Any:
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    tag = OxmlElement("w:tag")
    tag.set(qn("w:val"), TAG_PREFIX + ref)
    control_id = OxmlElement("w:id")
    control_id.set(qn("w:val"), ids.take())
    properties.append(tag)
    properties.append(control_id)
    content = OxmlElement("w:sdtContent")
    mark = ids.take()
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), mark)
    start.set(qn("w:name"), bookmark_name(ref))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), mark)
    content.append(start)
    content.append(run)
    content.append(end)
    sdt.append(properties)
    sdt.append(content)
    return sdt


# Reading them back

@dataclass(frozen=True)
class ControlValue:
    ref: str
    text: str
    found_by: str  # "tag" or "bookmark"
    element: Any  # the w:sdt (or the bookmark's paragraph), for its place in the document


def read_controls(body: Any) -> list[ControlValue]:
    """Every control of csdesk's under ``body``, in document order: by its tag, else by the
    bookmark inside it; bookmarks left without their control (LibreOffice may drop a
    control's box but keep the bookmark) are read too."""
    values: list[ControlValue] = []
    seen_bookmarks: set[str] = set()
    for sdt in body.iter(qn("w:sdt")):
        if sdt.find(f".//{qn('w:sdt')}") is not None:
            continue  # LibreOffice nests one in another: the inner one holds the value
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        tag_value = tag.get(qn("w:val"), "") if tag is not None else ""
        ref = tag_value[len(TAG_PREFIX):] if tag_value.startswith(TAG_PREFIX) else None
        found_by = "tag"
        marks = [start.get(qn("w:name"), "") for start in sdt.iter(qn("w:bookmarkStart"))]
        seen_bookmarks.update(marks)
        if ref is None or not _REF.match(ref):
            ref = next((r for r in map(ref_of_bookmark, marks) if r), None)
            found_by = "bookmark"
        if ref is None:
            continue
        content = sdt.find(qn("w:sdtContent"))
        text = visible_text(content if content is not None else sdt)
        values.append(ControlValue(ref, text, found_by, sdt))
        # a tag that disagrees with its own bookmark (a field copied and retagged, or edited
        # by hand): the bookmark's value is read too, so neither ref is silently lost
        values += [ControlValue(other, text, "bookmark", sdt)
                   for other in dict.fromkeys(filter(None, map(ref_of_bookmark, marks)))
                   if other != ref]
    for start in body.iter(qn("w:bookmarkStart")):
        name = start.get(qn("w:name"), "")
        ref = ref_of_bookmark(name)
        if ref is None or name in seen_bookmarks:
            continue
        values.append(ControlValue(ref, _bookmarked_text(start), "bookmark", start))
    order = {element: number for number, element in enumerate(body.iter())}
    return sorted(values, key=lambda value: order.get(value.element, 0))


def visible_text(element: Any) -> str:
    """The text a reader sees: tracked deletions left out, insertions in; breaks as lines."""
    return "".join(_visible(element)).strip()


def _visible(element: Any) -> Iterator[str]:
    for child in element:
        if child.tag in (qn("w:del"), qn("w:moveFrom")):
            continue
        if child.tag == qn("w:t"):
            yield child.text or ""
        elif child.tag in (qn("w:br"), qn("w:cr")):
            yield "\n"
        elif child.tag == qn("w:tab"):
            yield "\t"
        elif child.tag != qn("w:delText"):
            yield from _visible(child)


def _bookmarked_text(start: Any) -> str:
    """The text between a bookmark's start and its end, within its paragraph."""
    paragraph = start.getparent()
    while paragraph is not None and paragraph.tag != qn("w:p"):
        paragraph = paragraph.getparent()
    if paragraph is None:
        return ""
    mark, inside, parts = start.get(qn("w:id")), False, []
    for element in paragraph.iter():
        if element is start:
            inside = True
        elif element.tag == qn("w:bookmarkEnd") and element.get(qn("w:id")) == mark:
            break
        elif inside and element.tag == qn("w:t") and not _deleted(element):
            parts.append(element.text or "")
        elif inside and element.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts).strip()


def _deleted(element: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in (qn("w:del"), qn("w:moveFrom")):
            return True
        parent = parent.getparent()
    return False


def has_tracked_changes(body: Any) -> bool:
    """Whether the document still holds changes nobody accepted or rejected."""
    return any(True for _ in body.iter(qn("w:ins"), qn("w:del"), qn("w:moveFrom"),
                                       qn("w:moveTo")))


__all__ = ["ControlValue", "Tracked", "control", "has_tracked_changes",
           "make_controls", "read_controls", "strip_markers", "tracked", "visible_text"]
