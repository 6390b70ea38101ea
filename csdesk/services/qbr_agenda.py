"""A QBR's eight parts as plain text, for the agenda of the QBR meeting saved from its draft."""

from __future__ import annotations

from typing import Any

from csdesk.services.executive_summary import TO_BE_AGREED


def agenda_text(document: Any) -> str:
    """The eight parts as plain text, for the QBR meeting's agenda."""
    def block(title: str, lines: list[str]) -> str:
        return title + "\n" + ("\n".join(f"- {line}" for line in lines) if lines else "- —")

    parts = [
        block("1. Introduction", [f"{p.name} ({p.role})" if p.role else p.name
                                  for p in document.customer_attendees + document.our_attendees]),
        block("2. Objectives and measures", document.objectives +
              [f"{k.name}: {k.current} of target {k.target} ({k.progress})"
               for k in document.kpis]),
        block("3. Review of past actions", [f"Done: {a.text}" for a in document.actions_done] +
              [f"Open: {a.text} ({a.owner}, due {a.due})" for a in document.actions_open]),
        block("4. Success plan progress", [document.path_summary,
                                           f"Next milestone: {document.next_milestone}"]),
        block("5. Benchmarking", document.benchmarks),
        block("6. Insights", document.insights + document.changes),
        block("7. Product roadmap", [f"{r.title} ({r.horizon})" for r in document.roadmap]),
        block("8. The next 90 days", [f"{p.what} — {p.owner or TO_BE_AGREED} — {p.when}"
                                      for p in document.plan_90]),
    ]
    return "\n\n".join(parts)
