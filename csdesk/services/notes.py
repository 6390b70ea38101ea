"""Action items written inside meeting notes: `AI: send the roadmap @Dana due 2026-12-01`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from csdesk.services.validation import clean_line, parse_date

_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(?:AI|TODO|Action)\s*[:：]\s*(?P<body>.+)$",
                   re.IGNORECASE)
_DUE = re.compile(r"\s+due\s+(?P<date>\S+)\s*$", re.IGNORECASE)
_OWNER = re.compile(r"(?:^|\s)@(?P<owner>\"[^\"]+\"|[\w.'’-]+)", re.UNICODE)


@dataclass(frozen=True)
class NoteAction:
    line: int  # 1-based line number in the notes
    text: str
    owner: str | None
    due: date | None


@dataclass(frozen=True)
class NoteProblem:
    line: int
    message: str


def parse_actions(notes: str | None) -> tuple[list[NoteAction], list[NoteProblem]]:
    """Find the action-item lines in meeting notes, with their owner and due date."""
    actions: list[NoteAction] = []
    problems: list[NoteProblem] = []
    for number, raw in enumerate((notes or "").splitlines(), start=1):
        match = _LINE.match(raw)
        if not match:
            continue
        body = match["body"].strip()
        due = None
        due_match = _DUE.search(body)
        if due_match:
            try:
                due = parse_date(due_match["date"])
            except ValueError as error:
                problems.append(NoteProblem(number, f"line {number}: due date "
                                                    f"'{due_match['date']}' is {error}"))
                continue
            body = body[: due_match.start()]
        owner = None
        owner_match = _OWNER.search(body)
        if owner_match:
            owner = owner_match["owner"].strip('"').replace("_", " ")
            body = (body[: owner_match.start()] + body[owner_match.end():])
        text = clean_line(body)
        if not text:
            problems.append(NoteProblem(number, f"line {number}: the action item has no text"))
            continue
        actions.append(NoteAction(number, text, owner, due))
    return actions, problems
