"""The fields a document template can use, generated from the documents' data classes so the
list is always complete (docs/templates.md explains them with examples)."""

from __future__ import annotations

import dataclasses
import typing

from csdesk.documents import data

DESCRIPTIONS = {
    "account": "the customer: .name .industry .website .employees .offices .founded .segment "
               ".edition .lifecycle_stage .arr .contract_start .renewal_date .health "
               ".highlights",
    "date": "the document's date, YYYY-MM-DD",
    "prepared_by": "your name (Tools → Document templates)",
    "plan_status": "the success plan's construction step",
    "likelihood": "the success assessment's likelihood of success",
    "assessment": "the success assessment notes",
    "objectives": "list of text: the objectives, in order",
    "challenges": "list of text: the key challenges",
    "benefits": "list of text: the key benefits",
    "success_criteria": "list of text: the success criteria",
    "milestones": "list: .name .owner .side .planned .actual .status",
    "kpis": "list: .name .unit .baseline .target .current .progress .target_date",
    "stakeholders": "list: .name .role .title",
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
}
CHARTS = {
    "critical_path_chart": "image (or empty): the critical-path chart; put "
                           "{{ critical_path_chart }} alone in a paragraph, inside "
                           "{%p if critical_path_chart %}",
    "kpi_charts": "list of images (QBR): one progress chart per KPI with readings",
}


def describe_fields(kind: str) -> list[tuple[str, str]]:
    cls = data.PlanDocument if kind == "plan" else data.QbrDocument
    hints = typing.get_type_hints(cls)
    rows = [(f.name, DESCRIPTIONS.get(f.name, str(hints[f.name])))
            for f in dataclasses.fields(cls) if f.name != "charts"]
    charts = ["critical_path_chart"] + (["kpi_charts"] if kind == "qbr" else [])
    return rows + [(name, CHARTS[name]) for name in charts]
