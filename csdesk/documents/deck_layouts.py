"""The layouts of a slide template that a deck uses, found by name and, failing that, by the
placeholders they have (docs/templates.md):

- **Title Slide**: a title and a subtitle (the deck's first slide);
- **Title and Content**: a title and a body placeholder (lists);
- **Title Only**: a title, the rest of the slide free (charts and tables).

A template without a layout that has a title is refused, naming what it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER

from csdesk.errors import CsdeskError

TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
NAMES = {"title": "Title Slide", "content": "Title and Content", "title_only": "Title Only"}


@dataclass(frozen=True)
class Layouts:
    title: Any
    content: Any
    title_only: Any
    found_by_name: tuple[str, ...]  # the kinds found by their usual name

    @classmethod
    def of(cls, presentation: Any, name: str = "the template") -> Layouts:
        layouts = list(presentation.slide_layouts)
        by_name = {layout.name.strip().casefold(): layout for layout in layouts}
        found: dict[str, Any] = {}
        named = []
        for kind, wanted in NAMES.items():
            if (layout := by_name.get(wanted.casefold())) is not None and _fits(kind, layout):
                found[kind] = layout
                named.append(kind)
        for kind in NAMES:
            found.setdefault(kind, next((layout for layout in layouts if _fits(kind, layout)),
                                        None))
        if found["content"] is None:
            raise CsdeskError(f"{name} has no slide layout with a title and a body "
                              "placeholder (PowerPoint's “Title and Content”): add one to its "
                              "slide master")
        found["title_only"] = found["title_only"] or found["content"]
        found["title"] = found["title"] or found["content"]
        return cls(found["title"], found["content"], found["title_only"], tuple(named))


def placeholder_types(layout: Any) -> list[Any]:
    return [shape.placeholder_format.type for shape in layout.placeholders]


def _fits(kind: str, layout: Any) -> bool:
    types = placeholder_types(layout)
    has_title = any(t in TITLES for t in types)
    if kind == "title":
        return has_title and PP_PLACEHOLDER.SUBTITLE in types
    if kind == "content":
        return has_title and any(t in BODIES for t in types)
    return has_title and not any(t in BODIES for t in types)


def title_of(slide: Any) -> Any:
    return next(shape for shape in slide.placeholders
                if shape.placeholder_format.type in TITLES)


def body_of(slide: Any) -> Any:
    return next((shape for shape in slide.placeholders
                 if shape.placeholder_format.type in BODIES + (PP_PLACEHOLDER.SUBTITLE,)),
                None)


def remove_unused(slide: Any, keep: list[Any]) -> None:
    """Placeholders the deck does not fill are removed: an empty one shows "Click to add
    text" in the customer's PowerPoint."""
    for shape in list(slide.placeholders):
        if shape not in keep:
            shape._element.getparent().remove(shape._element)
