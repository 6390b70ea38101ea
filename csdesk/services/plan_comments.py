"""The comments a customer left in their copy of the success plan, placed on the csdesk value
they sit on (so the CSM reads each beside the change it explains), or kept with the text they
are on when they sit on none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

from csdesk.documents.controls import ControlValue, read_controls, visible_text

_RANGE_START, _RANGE_END = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
_REFERENCE = qn("w:commentReference")


@dataclass
class PlanComments:
    on: dict[str, list[str]] = field(default_factory=dict)  # ref -> "Author: text"
    elsewhere: list[str] = field(default_factory=list)  # 'On “text”: Author: text'


def read_comments(document: Any, controls: list[ControlValue], clean: Any) -> PlanComments:
    """Each comment of ``document`` by the refs of the ``controls`` its range covers, else by
    the refs in its paragraph (or table row); ``clean`` tidies the customer's text."""
    texts = _comment_texts(document, clean)
    found = PlanComments()
    if not texts:
        return found
    ref_of = {value.element: value.ref for value in controls}
    open_ids: set[str] = set()
    placed: dict[str, list[str]] = {}
    for element in document.element.body.iter():
        if element.tag == _RANGE_START:
            comment_id = element.get(qn("w:id"), "")
            open_ids.add(comment_id)
            placed.setdefault(comment_id, []).extend(_enclosing(element, ref_of))
        elif element.tag == _RANGE_END:
            open_ids.discard(element.get(qn("w:id"), ""))
        elif element in ref_of:
            for comment_id in open_ids:
                placed.setdefault(comment_id, []).append(ref_of[element])
        elif element.tag == _REFERENCE:
            comment_id = element.get(qn("w:id"), "")
            if comment_id in texts and not placed.get(comment_id):
                _place_by_paragraph(found, element, texts[comment_id], placed, comment_id,
                                    clean)
    for comment_id, refs in placed.items():
        if comment_id in texts:
            for ref in dict.fromkeys(refs):
                found.on.setdefault(ref, []).append(texts[comment_id])
    return found


def _comment_texts(document: Any, clean: Any) -> dict[str, str]:
    if not _has_comments(document):
        return {}
    texts = {}
    for comment in document.comments:
        text = clean(comment.text or "")
        if text:
            author = clean(comment.author or "") or "A reader"
            texts[str(comment.comment_id)] = f"{author}: {text}"
    return texts


def _has_comments(document: Any) -> bool:
    """Without a comments part, asking for the comments would add one."""
    return any(rel.reltype.endswith("/comments") for rel in document.part.rels.values())


def _enclosing(element: Any, ref_of: dict[Any, str]) -> list[str]:
    """The control a comment range starts inside, if any."""
    parent = element.getparent()
    while parent is not None:
        if parent in ref_of:
            return [ref_of[parent]]
        parent = parent.getparent()
    return []


def _place_by_paragraph(found: PlanComments, reference: Any, text: str,
                        placed: dict[str, list[str]], comment_id: str, clean: Any) -> None:
    """A comment whose range holds no value: the values of its paragraph, else of its table
    row; else it is kept with the paragraph's text."""
    paragraph = _ancestor(reference, qn("w:p"))
    row = _ancestor(reference, qn("w:tr"))
    for container in (paragraph, row):
        if container is None:
            continue
        refs = [value.ref for value in read_controls(container)]
        if refs:
            placed[comment_id] = refs[:1]
            return
    about = clean(visible_text(row if row is not None else paragraph)) \
        if paragraph is not None else ""
    found.elsewhere.append(f"On “{_short(about)}”: {text}" if about else text)
    placed[comment_id] = []


def _ancestor(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
