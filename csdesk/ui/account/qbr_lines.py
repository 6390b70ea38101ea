"""The QBR tab's words: the quarters it offers, and the 90-day plan typed one line each."""

from __future__ import annotations

from datetime import date, timedelta

from csdesk.documents.data import PlanLine
from csdesk.services.documents import quarter_label


def quarters_around(today: date) -> list[str]:
    labels, day = [], today + timedelta(days=92)
    for _ in range(5):
        labels.append(quarter_label(day))
        day -= timedelta(days=91)
    return sorted(set(labels), reverse=True)


def parse_plan_lines(text: str) -> list[PlanLine]:
    """'Action — owner — date' per line; the owner and date are optional."""
    lines = []
    for raw in text.splitlines():
        parts = [p.strip() for p in raw.replace(" - ", " — ").split("—")]
        if not parts or not parts[0]:
            continue
        lines.append(PlanLine(parts[0], parts[1] if len(parts) > 1 else "",
                              parts[2] if len(parts) > 2 else ""))
    return lines
