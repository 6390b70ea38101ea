"""The fields a document template can use, generated from the documents' data classes so the
list is always complete (docs/templates.md explains them with examples)."""

from __future__ import annotations

import dataclasses
import typing

from csdesk.documents.canvas import CANVAS_SECTIONS
from csdesk.documents.kinds import CRITICAL_PATH_CHART, DOCUMENT_KINDS, KPI_CHARTS, document_kind

DESCRIPTIONS = {
    "account": "the customer: .name .industry .website .employees .offices .founded "
               ".edition .arr .contract_start .renewal_date .highlights "
               "(\"—\" when not known)",
    "date": "the document's date, YYYY-MM-DD",
    "prepared_by": "your name (Settings → You on documents)",
    "csm": "you, as Settings give it: .name .title .email .phone .company (empty when not set)",
    "summary": "list of text: the executive summary (objectives and where each stands, KPIs, "
               "the top asks, the next three milestones, the renewal); in the QBR, as you "
               "edited it",
    "likelihood": "(internal brief) the success assessment's likelihood of success",
    "assessment": "(internal brief) the success assessment notes",
    "milestones": "list: .name .owner .side .planned .actual .status",
    "kpis": "list: .name .unit .baseline .target .current .progress .target_date",
    "stakeholders": "list: .name .role .title (plan: the customer's people; internal brief: "
                    "every contact, with .notes)",
    "path_summary": "one sentence on the critical path: stages done, health, time to value",
    "quarter": "the review's quarter, e.g. 2026Q4",
    "since": "the date of the last QBR (or the quarter's start)",
    "customer_attendees": "list: .name .role .title",
    "our_attendees": "list: .name .role",
    "actions_done": "list: .text .owner .due .done (completed since the last review)",
    "actions_open": "list: .text .owner .due (outstanding)",
    "next_milestone": "the next stage with its planned and forecast dates",
    "benchmarks": "list of text: the customer's figures against the median of comparable "
                  "customers (at least five; no names)",
    "insights": "list of text: drafted from the data, edited by you",
    "roadmap": "list: .title .horizon .description (the items you picked)",
    "plan_90": "list: .what .owner .when (the 90-day go-forward plan)",
    "changes": "list of text: what changed since the last exported review",
    "health": "(internal brief) the health score and its band, or why there is none",
    "health_components": "(internal brief) list: .label .score .weight .reason",
    "risks": "(internal brief) list of open risks: .title .severity .arr_at_risk .owner "
             ".mitigation .escalation",
    "csm_sentiment": "(internal brief) your sentiment, its date and note",
    "commercials": "(internal brief) list of text: ARR, the renewal, open opportunities",
    "customer_summary": "(internal brief) the executive summary of the customer's pre-read",
}
DESCRIPTIONS.update({section.field: section.description for section in CANVAS_SECTIONS})
# Each kind's data class (documents/kinds.py declares the kinds).
DOCUMENT_CLASSES = {name: kind.data for name, kind in DOCUMENT_KINDS.items()}
KINDS = tuple(DOCUMENT_CLASSES)
CHARTS = {
    CRITICAL_PATH_CHART: "image (or empty): the critical-path chart; put "
                         "{{ critical_path_chart }} alone in a paragraph, inside "
                         "{%p if critical_path_chart %}",
    KPI_CHARTS: "list of images (QBR and brief): one progress chart per KPI with readings",
}


def describe_fields(kind: str) -> list[tuple[str, str]]:
    """The fields of ``kind``'s template: its data's fields, then its charts. An unknown kind
    raises CsdeskError."""
    declared = document_kind(kind)
    hints = typing.get_type_hints(declared.data)
    rows = [(f.name, DESCRIPTIONS.get(f.name, str(hints[f.name])))
            for f in dataclasses.fields(declared.data) if f.name != "charts"]
    return rows + [(name, CHARTS[name]) for name in declared.charts]
