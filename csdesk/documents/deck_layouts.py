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
    # a title only: no body, no subtitle (a cover's title sits mid-slide)
    return PP_PLACEHOLDER.TITLE in types and not any(
        t in BODIES + (PP_PLACEHOLDER.SUBTITLE,) for t in types)


MIN_TITLE = (2_743_200, 365_760)  # a title box of at least 3 in × 0.4 in
MIN_FREE = 0.45  # of the slide's height and width left under a title for charts and tables


def problems_of(layouts: Layouts, presentation: Any, name: str) -> list[str]:
    """What would make the deck unreadable with these layouts: a title box too small for a
    title, or too little room under it for a chart or a table."""
    problems = []
    width, height = int(presentation.slide_width or 0), int(presentation.slide_height or 0)
    for kind, layout in (("content", layouts.content), ("title_only", layouts.title_only)):
        title = next((shape for shape in layout.placeholders
                      if shape.placeholder_format.type in TITLES), None)
        if title is None or title.width is None or title.height is None:
            continue
        if title.width < MIN_TITLE[0] or title.height < MIN_TITLE[1]:
            problems.append(f"{name}: the title box of the layout “{layout.name}” is "
                            f"{title.width / 914_400:.1f} × {title.height / 914_400:.1f} in, too "
                            "small for a slide's title (at least 3 × 0.4 in)")
        elif kind == "title_only" and (
                height - title.top - title.height < MIN_FREE * height
                or title.width < MIN_FREE * width):
            problems.append(f"{name}: the layout “{layout.name}” leaves too little room under "
                            "its title for a chart or a table (its title should sit at the "
                            "top, across the slide)")
    return list(dict.fromkeys(problems))


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
