"""The success plan canvas's ordered-statement sections, declared once: each one's title,
hint, number on the canvas, where it sits, and the document field that carries it.

The Success plan tab, the plan document (`services/documents.py`) and the template field list
(`fields.py`) all read this table, so a new section is one entry here plus its
`CanvasItemKind` value and its `PlanDocument` field (tests/test_canvas_sections.py checks the
three agree), and its place in the templates.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CanvasSection:
    kind: str  # its CanvasItemKind's value
    title: str  # its heading on the canvas, "2. Objectives"
    hint: str  # what belongs in it, shown while it is empty
    number: int  # its number on the canvas (1 is the highlights, 5 the milestones, 7 the KPIs)
    cell: tuple[int, int]  # (row, column) in the tab's grid of statement lists
    field: str  # the plan document's field with its statements
    description: str  # the field, as the template field list explains it


CANVAS_SECTIONS: tuple[CanvasSection, ...] = (
    CanvasSection("objective", "Objectives",
                  "The longer-term business outcomes the customer cares most about.", 2, (0, 0),
                  "objectives", "list of text: the objectives, in order"),
    CanvasSection("challenge", "Key challenges",
                  "Tactical problems slowing or blocking progress.", 3, (0, 1),
                  "challenges", "list of text: the key challenges"),
    CanvasSection("benefit", "Key benefits",
                  "Tactical benefits that help the customer accelerate.", 4, (1, 0),
                  "benefits", "list of text: the key benefits"),
    CanvasSection("success_criterion", "Success criteria",
                  "What success looks like, in plain words.", 6, (1, 1),
                  "success_criteria", "list of text: the success criteria"),
)
SECTION_OF = {section.kind: section for section in CANVAS_SECTIONS}

