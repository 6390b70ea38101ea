"""The kinds of document csdesk writes, declared once: what each is called, the data it is
written from (and so the fields its template can use), its built-in template and preview,
which parts the CSM edits in a draft, and which service method builds it.

Everything else (the exports, the template fields, the default templates, the command line's
and the app's lists) reads this table; a kind that is not in it is an error, never a default.
"""

from __future__ import annotations

from dataclasses import dataclass

from csdesk.documents import data
from csdesk.errors import CsdeskError

CRITICAL_PATH_CHART = "critical_path_chart"
KPI_CHARTS = "kpi_charts"
# What the CSM edits in a QBR draft; everything else is computed again at export.
QBR_EDITS = ("summary", "insights", "roadmap", "plan_90")


@dataclass(frozen=True)
class DocumentKind:
    name: str  # "plan": the command line's and the settings' word for it
    title: str  # as the app and `csdesk templates` list it
    data: type  # the dataclass it is written from: its fields are the template's fields
    template: str  # the built-in Word template, in resources/templates
    builder: str  # the DocumentService method that builds ``data`` from the account's facts
    heading: str  # the document's title (its properties); {quarter} for a quarterly one
    logged: str  # what the activity log calls the export; {quarter} as above
    charts: tuple[str, ...] = (CRITICAL_PATH_CHART,)  # the chart fields it has
    for_customer: bool = True  # False: internal (health, risks…), gathered with health
    quarterly: bool = False  # written for a quarter, from a draft the CSM may have edited
    editable: tuple[str, ...] = ()  # the draft's parts an export keeps
    keeps_snapshot: bool = False  # an export keeps its facts for the next "what changed"
    preview: str | None = None  # the in-app HTML preview, in resources/templates


PLAN = DocumentKind(
    "plan", "Success plan", data.PlanDocument, "success_plan.docx", "plan_document",
    heading="Success plan", logged="Success plan")
QBR = DocumentKind(
    "qbr", "QBR pre-read (for the customer)", data.QbrDocument, "qbr.docx", "qbr_document",
    heading="Quarterly business review {quarter}", logged="QBR {quarter}",
    charts=(CRITICAL_PATH_CHART, KPI_CHARTS), quarterly=True, editable=QBR_EDITS,
    keeps_snapshot=True, preview="qbr_preview.html")
BRIEF = DocumentKind(
    "brief", "Internal QBR brief (not for the customer)", data.BriefDocument, "qbr_brief.docx",
    "brief_document", heading="Internal QBR brief {quarter}",
    logged="Internal QBR brief {quarter}", charts=(CRITICAL_PATH_CHART, KPI_CHARTS),
    for_customer=False, quarterly=True, editable=QBR_EDITS, preview="qbr_brief_preview.html")

DOCUMENT_KINDS: dict[str, DocumentKind] = {kind.name: kind for kind in (PLAN, QBR, BRIEF)}
KINDS: tuple[str, ...] = tuple(DOCUMENT_KINDS)


def document_kind(name: str) -> DocumentKind:
    """The kind called ``name``; anything else is refused, naming the kinds there are."""
    kind = DOCUMENT_KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        raise CsdeskError(f"unknown document '{name}': use {', '.join(KINDS)}")
    return kind
