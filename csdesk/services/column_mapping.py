"""The fields of each import kind, and the column names CRMs and CS tools give them.

CRMs and CS tools name their columns their own way ("Account Name", "Company name",
"Organization - Name"). This module declares, once, the fields of each import kind and the
column names the common tools export (docs/importing.md lists them, and a test keeps that page
true). Matching a file's headers to these is ``header_matching``; the mapping it gives is
``import_mapping.ColumnMapping``; the user's saved mappings are ``saved_mappings``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from csdesk.errors import ValidationError

IGNORE = "ignore"


class MappingError(ValidationError):
    """A column mapping that cannot be used: its file, its name or its columns."""


# The fields of each import kind -------------------------------------------------------------

@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    required: bool = False
    # Fields that, all given together, stand in for this one (first and last name for a name).
    or_all: tuple[str, ...] = ()


KINDS: dict[str, tuple[ImportField, ...]] = {
    "accounts": (
        ImportField("name", "Account name", required=True),
        ImportField("owner", "Owner (CSM)"),
        ImportField("industry", "Industry"),
        ImportField("website", "Website"),
        ImportField("employees", "Employees"),
        ImportField("offices", "Offices"),
        ImportField("founded", "Founded (year)"),
        ImportField("segment", "Segment"),
        ImportField("lifecycle_stage", "Lifecycle stage"),
        ImportField("arr", "ARR"),
        ImportField("currency", "Currency"),
        ImportField("contract_start", "Contract start"),
        ImportField("renewal_date", "Renewal date"),
    ),
    "contacts": (
        ImportField("account", "Account name", required=True),
        ImportField("name", "Name", required=True, or_all=("first_name", "last_name")),
        ImportField("first_name", "First name"),
        ImportField("last_name", "Last name"),
        ImportField("title", "Title"),
        ImportField("email", "E-mail"),
        ImportField("phone", "Phone"),
        ImportField("role", "Stakeholder role"),
        ImportField("notes", "Notes"),
    ),
    "usage": (
        ImportField("account", "Account name", required=True),
        ImportField("date", "Date", required=True),
        ImportField("metric", "Metric", required=True),
        ImportField("value", "Value", required=True),
    ),
}
KIND_LABELS = {"accounts": "Accounts", "contacts": "Contacts", "usage": "Product usage"}


def fields_of(kind: str) -> tuple[ImportField, ...]:
    check_kind(kind)
    return KINDS[kind]


def field_label(kind: str, name: str) -> str:
    if name == IGNORE:
        return "(ignored)"
    return next((f.label for f in fields_of(kind) if f.name == name), name)


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise MappingError(f"unknown import kind '{kind}': use {', '.join(KINDS)}")


# The column names tools export ---------------------------------------------------------------

SALESFORCE, HUBSPOT, DYNAMICS, PIPEDRIVE, ZOHO = (
    "Salesforce", "HubSpot", "Dynamics 365", "Pipedrive", "Zoho CRM")
GAINSIGHT, CHURNZERO, VITALLY, PLANHAT = "Gainsight", "ChurnZero", "Vitally", "Planhat"
CSDESK = "csdesk"
TOOLS = (SALESFORCE, HUBSPOT, DYNAMICS, PIPEDRIVE, ZOHO, GAINSIGHT, CHURNZERO, VITALLY, PLANHAT)


@dataclass(frozen=True)
class KnownName:
    header: str
    target: str  # a field of the kind, or IGNORE
    tools: tuple[str, ...] = ()  # () for a name any tool (or a person) may write
    # Another column gives the field better: when both are in a file, this one is ignored.
    fallback: bool = False
    note: str = ""


def _k(target: str, tools: Iterable[str], *headers: str, fallback: bool = False,
       note: str = "") -> list[KnownName]:
    return [KnownName(h, target, tuple(tools), fallback, note) for h in headers]


_SF, _HS, _D365, _PD, _ZO = (SALESFORCE,), (HUBSPOT,), (DYNAMICS,), (PIPEDRIVE,), (ZOHO,)
_GS, _CZ, _VI, _PH = (GAINSIGHT,), (CHURNZERO,), (VITALLY,), (PLANHAT,)
_ANY: tuple[str, ...] = ()
_REVENUE_NOTE = ("the company's own yearly revenue, not what it pays you; choose ARR for it "
                 "only if your CRM keeps ARR there")
_TCV_NOTE = "the contract's whole value over its term, not a year's"
_MRR_NOTE = "monthly; csdesk keeps ARR and works MRR out from it"

_ACCOUNT_NAMES: list[KnownName] = [
    *_k("name", (SALESFORCE, DYNAMICS, ZOHO, CHURNZERO, VITALLY), "Account Name"),
    *_k("name", (HUBSPOT, GAINSIGHT), "Company name"),
    *_k("name", (GAINSIGHT, VITALLY, PLANHAT), "Name"),
    *_k("name", _PD, "Organization - Name"),
    *_k("name", _ANY, "Account", "Company", "Customer", "Customer Name", "Organization",
        "Organisation", "Organization Name", "Organisation Name"),
    *_k("owner", (SALESFORCE, ZOHO), "Account Owner"),
    *_k("owner", _HS, "Company owner"),
    *_k("owner", (DYNAMICS, CHURNZERO, PLANHAT), "Owner"),
    *_k("owner", _PD, "Organization - Owner"),
    *_k("owner", (GAINSIGHT, VITALLY), "CSM"),
    *_k("owner", _GS, "CSM Name"),
    *_k("owner", _CZ, "Owner User Account"),
    *_k("owner", _ANY, "Customer Success Manager", "Account Manager"),
    *_k("industry", (SALESFORCE, HUBSPOT, DYNAMICS, ZOHO, GAINSIGHT, PLANHAT), "Industry"),
    *_k("industry", _PD, "Organization - Industry"),
    *_k("website", (SALESFORCE, DYNAMICS, ZOHO, PLANHAT), "Website"),
    *_k("website", _HS, "Website URL"),
    *_k("website", _HS, "Company Domain Name", fallback=True),
    *_k("website", _PD, "Organization - Website"),
    *_k("website", _ANY, "Domain", "URL", fallback=True),
    *_k("employees", (SALESFORCE, ZOHO, GAINSIGHT), "Employees"),
    *_k("employees", (HUBSPOT, DYNAMICS), "Number of Employees"),
    *_k("employees", _PD, "Organization - Number of employees"),
    *_k("employees", _ANY, "Employee Count", "Headcount", "No. of Employees"),
    *_k("offices", _ANY, "Offices", "Number of Offices", "Office Count"),
    *_k("founded", _HS, "Year Founded"),
    *_k("founded", _ANY, "Founded", "Founded Year", "Year Established"),
    *_k("segment", (VITALLY, PLANHAT), "Segment"),
    *_k("segment", _GS, "Tier"),
    *_k("segment", _ANY, "Customer Segment", "Engagement Model", "Touch Model"),
    *_k("lifecycle_stage", _HS, "Lifecycle Stage"),
    *_k("lifecycle_stage", _GS, "Stage"),
    *_k("lifecycle_stage", _CZ, "Lifecycle Phase"),
    *_k("lifecycle_stage", _PH, "Phase"),
    # Their values say Customer, Prospect, Partner…: the stage when nothing finer is there.
    *_k("lifecycle_stage", _SF, "Type", fallback=True),
    *_k("lifecycle_stage", (SALESFORCE, ZOHO), "Account Type", fallback=True),
    *_k("lifecycle_stage", _D365, "Relationship Type", fallback=True),
    *_k("arr", (GAINSIGHT, VITALLY, PLANHAT), "ARR"),
    *_k("arr", (SALESFORCE, HUBSPOT), "Annual Recurring Revenue"),
    *_k("arr", _HS, "Recurring revenue amount"),
    *_k("arr", _PD, "Organization - ARR"),
    *_k("arr", _ANY, "Annual Contract Value", "ACV", fallback=True),
    *_k("currency", (DYNAMICS, ZOHO, PLANHAT), "Currency"),
    *_k("currency", _SF, "Account Currency"),
    *_k("currency", _ANY, "Currency Code", "Currency ISO Code"),
    *_k("contract_start", _SF, "Contract Start Date"),
    *_k("contract_start", _GS, "Original Contract Date"),
    *_k("contract_start", _CZ, "Start Date"),
    *_k("contract_start", _ANY, "Contract Start", "Subscription Start Date"),
    *_k("contract_start", _PH, "Customer From", fallback=True),
    *_k("renewal_date", (GAINSIGHT, PLANHAT), "Renewal Date"),
    *_k("renewal_date", _SF, "Contract End Date"),
    *_k("renewal_date", (CHURNZERO, VITALLY), "Next Renewal Date"),
    *_k("renewal_date", _PD, "Organization - Renewal date"),
    *_k("renewal_date", _ANY, "Renewal", "Contract End", "Subscription End Date"),
    *_k("renewal_date", _CZ, "End Date", fallback=True),
    # What CRMs export that csdesk does not keep: decided, so never asked.
    *_k(IGNORE, (SALESFORCE, HUBSPOT, DYNAMICS, ZOHO), "Annual Revenue", note=_REVENUE_NOTE),
    *_k(IGNORE, _PD, "Organization - Annual revenue", note=_REVENUE_NOTE),
    *_k(IGNORE, _HS, "Total Revenue", note="the sum of the company's won deals"),
    *_k(IGNORE, (GAINSIGHT, VITALLY, PLANHAT), "MRR", note=_MRR_NOTE),
    *_k(IGNORE, _CZ, "Total Contract Amount", note=_TCV_NOTE),
    *_k(IGNORE, _ANY, "Total Contract Value", "TCV", note=_TCV_NOTE),
    *_k(IGNORE, _HS, "Record ID", "Create Date", "Last Activity Date", "Last Modified Date",
        "Close Date", "Country/Region", "State/Region", "City", "Phone Number", "Time Zone",
        "Associated Contact", "Associated Deal", "Parent Company",
        "Number of Associated Contacts", "Number of Associated Deals", "Description"),
    *_k(IGNORE, _SF, "Account ID", "Created Date", "Last Activity", "Last Modified Date",
        "Billing Street", "Billing City", "Billing State/Province", "Billing Zip/Postal Code",
        "Billing Country", "Shipping Country", "Account Number", "Account Site",
        "Account Source", "Parent Account", "Rating", "Ownership", "Phone", "Fax"),
    *_k(IGNORE, _D365, "(Do Not Modify) Account", "(Do Not Modify) Row Checksum",
        "(Do Not Modify) Modified On", "Created On", "Modified On", "Primary Contact",
        "Main Phone", "Address 1: City", "Address 1: Country/Region", "Status",
        "Status Reason"),
    *_k(IGNORE, _PD, "Organization - ID", "Organization - Add time",
        "Organization - Update time", "Organization - Address", "Organization - People",
        "Organization - Open deals", "Organization - Closed deals", "Organization - Label",
        "Organization - Visible to"),
    *_k(IGNORE, _ZO, "Record Id", "Created Time", "Modified Time", "Last Activity Time",
        "Billing Code", "Created By", "Modified By"),
    *_k(IGNORE, _GS, "GSID", "Company ID", "SFDC Account ID", "Status", "Current Score",
        "Previous Score", "Lifetime in Months", "NPS", "Parent Company"),
    *_k(IGNORE, _CZ, "Account External ID", "CRM ID", "Is Active", "Parent Account"),
    *_k(IGNORE, _VI, "Account ID", "Account Executive", "Health Score", "Last Seen",
        "Traits"),
    *_k(IGNORE, _PH, "Status", "Customer To", "Health", "NRR", "Last Touch"),
    # What csdesk's own accounts export adds: worked out here, so never read back.
    *_k(IGNORE, _ANY, "Days to renewal", "Next milestone", "Milestone due",
        "Milestone status", "Open action items", "Archived",
        note="csdesk works it out or keeps it itself"),
]
# HubSpot's own "Type" (Prospect, Partner, Vendor…) is the Salesforce fallback above: with
# "Lifecycle Stage" beside it, as in a HubSpot export, it is ignored.

_CONTACT_NAMES: list[KnownName] = [
    *_k("account", (SALESFORCE, ZOHO, CHURNZERO), "Account Name"),
    *_k("account", (HUBSPOT, DYNAMICS, GAINSIGHT), "Company Name"),
    *_k("account", _HS, "Associated Company", fallback=True),
    *_k("account", _PD, "Person - Organization", "Organization - Name"),
    *_k("account", _ANY, "Account", "Company", "Organization", "Organisation", "Customer"),
    *_k("name", (DYNAMICS, CHURNZERO), "Full Name"),
    *_k("name", (GAINSIGHT, VITALLY, PLANHAT), "Name"),
    *_k("name", _PD, "Person - Name"),
    *_k("name", _ANY, "Contact Name", "Contact", "Person"),
    *_k("first_name", (SALESFORCE, HUBSPOT, DYNAMICS, ZOHO, GAINSIGHT, CHURNZERO, PLANHAT),
        "First Name"),
    *_k("first_name", _PD, "Person - First name"),
    *_k("first_name", _ANY, "Given Name", "Forename"),
    *_k("last_name", (SALESFORCE, HUBSPOT, DYNAMICS, ZOHO, GAINSIGHT, CHURNZERO, PLANHAT),
        "Last Name"),
    *_k("last_name", _PD, "Person - Last name"),
    *_k("last_name", _ANY, "Surname", "Family Name"),
    *_k("title", (SALESFORCE, ZOHO, GAINSIGHT), "Title"),
    *_k("title", (HUBSPOT, DYNAMICS, PLANHAT), "Job Title"),
    *_k("title", _PD, "Person - Job title"),
    *_k("title", _PH, "Position"),
    *_k("email", (SALESFORCE, HUBSPOT, DYNAMICS, ZOHO, GAINSIGHT, CHURNZERO, VITALLY, PLANHAT),
        "Email"),
    *_k("email", _ANY, "Email Address", "Work Email"),
    *_k("email", _PD, "Person - Email", "Person - Email - Work"),
    *_k("phone", (SALESFORCE, ZOHO, GAINSIGHT, PLANHAT), "Phone"),
    *_k("phone", _HS, "Phone Number"),
    *_k("phone", _D365, "Business Phone"),
    *_k("phone", _PD, "Person - Phone", "Person - Phone - Work"),
    *_k("phone", (SALESFORCE, ZOHO), "Mobile", fallback=True),
    *_k("phone", _HS, "Mobile Phone Number", fallback=True),
    *_k("phone", _D365, "Mobile Phone", fallback=True),
    *_k("role", _SF, "Contact Role"),
    *_k("role", (SALESFORCE, GAINSIGHT), "Role"),
    *_k("role", _HS, "Buying Role"),
    *_k("role", _ANY, "Stakeholder Role", "Persona"),
    *_k("notes", _ANY, "Notes", "Note", "Comments"),
    *_k("notes", (SALESFORCE, ZOHO), "Description", fallback=True),
    *_k(IGNORE, _HS, "Record ID", "Create Date", "Contact owner", "Lifecycle Stage",
        "Lead Status", "Last Activity Date", "Marketing contact status"),
    *_k(IGNORE, _SF, "Contact ID", "Created Date", "Contact Owner", "Account Owner",
        "Mailing City", "Mailing Country", "Lead Source", "Department", "Fax"),
    *_k(IGNORE, _D365, "(Do Not Modify) Contact", "(Do Not Modify) Row Checksum",
        "(Do Not Modify) Modified On", "Created On", "Modified On"),
    *_k(IGNORE, _PD, "Person - ID", "Person - Add time", "Person - Update time",
        "Person - Owner", "Person - Label", "Person - Email - Home", "Person - Email - Other",
        "Person - Phone - Home", "Person - Phone - Mobile", "Person - Phone - Other"),
    *_k(IGNORE, _ZO, "Record Id", "Created Time", "Modified Time"),
    *_k(IGNORE, _ANY, "Contact Owner", "Owner"),
]

_USAGE_NAMES: list[KnownName] = [
    *_k("account", _ANY, "Account", "Account Name", "Company", "Company Name", "Customer",
        "Organization", "Organisation"),
    *_k("date", _ANY, "Date", "Event Date", "Activity Date", "Timestamp"),
    *_k("date", _ANY, "Day", "Week", "Month", "Period", "Week Starting", "Week Of",
        fallback=True),
    *_k("metric", _ANY, "Metric", "Metric Name", "Event", "Event Name", "Feature", "Measure",
        "KPI"),
    *_k("value", _ANY, "Value", "Count", "Total", "Event Count", "Quantity", "Amount"),
    *_k(IGNORE, _ANY, "Account ID", "Company ID", "User ID", "User", "User Email"),
]

_KNOWN: dict[str, list[KnownName]] = {
    "accounts": _ACCOUNT_NAMES, "contacts": _CONTACT_NAMES, "usage": _USAGE_NAMES}


def known_names(kind: str, tool: str | None = None) -> list[KnownName]:
    """The names a kind knows (a tool's own, when given), as declared."""
    check_kind(kind)
    return [n for n in _KNOWN[kind] if tool is None or tool in n.tools]
