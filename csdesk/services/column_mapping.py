"""Which column of an import file goes to which csdesk field.

CRMs and CS tools name their columns their own way ("Account Name", "Company name",
"Organization - Name"). This module declares, once, the fields of each import kind and the
column names the common tools export (docs/importing.md lists them, and a test keeps that page
true). A file's headers are matched in three steps: a known name; then a name close enough
(a typo, an extra word); then nothing, and the user decides. One field never takes two columns.

``auto_mapping`` and ``ColumnMapping`` are pure; ``MappingService`` keeps the user's own
mappings in the workspace (``import_mappings``), to be offered again for the same headers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from csdesk.errors import NotFoundError, ValidationError
from csdesk.models import WorkspaceSetting
from csdesk.services.base import Service

IGNORE = "ignore"
SETTING_KEY = "import_mappings"
MAX_SAVED = 100
MAX_COLUMNS = 2_000
MAX_FILE_BYTES = 1_000_000


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
    _check_kind(kind)
    return KINDS[kind]


def field_label(kind: str, name: str) -> str:
    if name == IGNORE:
        return "(ignored)"
    return next((f.label for f in fields_of(kind) if f.name == name), name)


def _check_kind(kind: str) -> None:
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
# "Organization - Renewal date" is Pipedrive's "Renewal date" of an organization: a prefix
# naming the record is taken off when the whole header is not known.
_PREFIXES = {"accounts": ("organization", "organisation", "account", "company"),
             "contacts": ("person", "contact"), "usage": ()}
_NOISE = {"usd", "eur", "gbp", "chf", "cad", "aud", "jpy", "sek", "nok", "dkk", "in"}


def known_names(kind: str, tool: str | None = None) -> list[KnownName]:
    """The names a kind knows (a tool's own, when given), as declared."""
    _check_kind(kind)
    return [n for n in _KNOWN[kind] if tool is None or tool in n.tools]


# Matching -------------------------------------------------------------------------------------

def _key(text: str) -> str:
    """Case and punctuation do not count: 'Contract-End Date' is 'ContractEndDate'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)  # camelCase
    return [t for t in re.split(r"[\W_]+", text.casefold()) if t]


@dataclass(frozen=True)
class _Entry:
    display: str
    target: str
    tools: tuple[str, ...]
    fallback: bool
    note: str
    tokens: tuple[str, ...]


def _index(kind: str) -> dict[str, _Entry]:
    """Every known name of a kind by its key: csdesk's own names and labels first, so a
    similar header is said to be like 'Renewal date', then the tools' names."""
    entries: dict[str, _Entry] = {}

    def add(name: KnownName) -> None:
        key = _key(name.header)
        if not key:
            return
        have = entries.get(key)
        if have is None:
            entries[key] = _Entry(name.header, name.target, name.tools, name.fallback,
                                  name.note, tuple(_tokens(name.header)))
        elif have.target != name.target:
            raise ValueError(f"'{name.header}' is declared for both {have.target} and "
                             f"{name.target} in {kind}")
        else:
            tools = tuple(t for t in (*TOOLS, CSDESK) if t in have.tools or t in name.tools)
            entries[key] = _Entry(have.display, have.target, tools,
                                  have.fallback and name.fallback, have.note or name.note,
                                  have.tokens)

    for f in KINDS[kind]:
        add(KnownName(f.label, f.name, (CSDESK,)))
        add(KnownName(f.name, f.name, (CSDESK,)))
    for name in _KNOWN[kind]:
        add(name)
    return entries


_INDEXES = {kind: _index(kind) for kind in KINDS}


def _known(header: str, kind: str) -> _Entry | None:
    index = _INDEXES[kind]
    entry = index.get(_key(header))
    if entry is None:
        prefix = re.match(r"\s*([^\W\d_]+)\s*[-:–]\s*(.+)$", header)
        if prefix and prefix.group(1).casefold() in _PREFIXES[kind]:
            entry = index.get(_key(prefix.group(2)))
    return entry


def _token_score(mine: list[str], theirs: tuple[str, ...]) -> float:
    """Dice overlap of two names' words, a word matching one spelt nearly alike
    ('Renewel' ~ 'Renewal', 'Strat' ~ 'Start')."""
    mine = [t for t in mine if t not in _NOISE] or mine
    left = list(theirs)
    shared = 0
    for word in mine:
        for other in left:
            if _alike(word, other):
                left.remove(other)
                shared += 1
                break
    return 2 * shared / (len(mine) + len(theirs)) if mine and theirs else 0.0


@lru_cache(maxsize=65_536)  # the same few words meet again and again
def _alike(word: str, other: str) -> bool:
    """The same word, or one typo away: a letter wrong, missing or added, or two swapped."""
    if word == other:
        return True
    if min(len(word), len(other)) < 3 or abs(len(word) - len(other)) > 1:
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, other, strict=False)) if a != b]
    swapped = (len(word) == len(other) and len(differ) == 2 and differ[1] == differ[0] + 1
               and word[differ[0]] == other[differ[1]] and word[differ[1]] == other[differ[0]])
    matcher = SequenceMatcher(None, word, other)
    return swapped or (matcher.quick_ratio() >= 0.82 and matcher.ratio() >= 0.82)


SIMILAR = 0.8  # below this a column is left for the user


def _similar(header: str, kind: str) -> tuple[float, _Entry | None, _Entry | None]:
    """The best field a header looks like, and the best ignored name it looks like."""
    words = _tokens(header)
    best_field: tuple[float, _Entry | None] = (0.0, None)
    best_ignored: tuple[float, _Entry | None] = (0.0, None)
    for entry in _INDEXES[kind].values():
        score = _token_score(words, entry.tokens)
        if entry.target == IGNORE:
            if score > best_ignored[0]:
                best_ignored = (score, entry)
        elif score > best_field[0]:
            best_field = (score, entry)
    (field_score, like), (ignored_score, ignored) = best_field, best_ignored
    # A header nearer a name csdesk does not use ('Annual Revenue (USD)') is not guessed.
    if ignored is not None and ignored_score >= SIMILAR and ignored_score >= field_score:
        return field_score, like, ignored
    return field_score, like, None


def _likely_tool(headers: Iterable[str], kind: str) -> str | None:
    """The tool whose export this looks like: the one knowing the most of its headers."""
    counts: dict[str, int] = {}
    for header in headers:
        entry = _known(header, kind)
        for tool in entry.tools if entry else ():
            counts[tool] = counts.get(tool, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _known_how(entry: _Entry, tool: str | None) -> str:
    tools = (tool,) if tool in entry.tools else entry.tools
    text = f"known name ({', '.join(tools)})" if tools else "known name"
    return f"{text}; {entry.note}" if entry.note else text


@dataclass
class _Proposal:
    header: str
    target: str
    rank: tuple[int, float, int]  # known (2), known fallback (1), similar (0); score; -column
    how: str
    fallback: bool


def auto_mapping(headers: list[str], kind: str) -> ColumnMapping:
    """Map a file's headers to a kind's fields by name: every header comes back, mapped to a
    field, IGNORE, or None (left for the user); no field takes two columns."""
    _check_kind(kind)
    tool = _likely_tool(headers, kind)
    columns: dict[str, str | None] = {}
    how: dict[str, str] = {}
    proposals: list[_Proposal] = []
    for position, header in enumerate(headers):
        if header in columns:
            continue  # the same header twice is one entry; the file's reader refuses it
        columns[header] = None
        if not _key(header):
            columns[header], how[header] = IGNORE, "no header"
            continue
        entry = _known(header, kind)
        if entry is not None and entry.target == IGNORE:
            columns[header], how[header] = IGNORE, _known_how(entry, tool)
        elif entry is not None:
            proposals.append(_Proposal(header, entry.target,
                                       (1 if entry.fallback else 2, 1.0, -position),
                                       _known_how(entry, tool), entry.fallback))
        else:
            score, like, ignored = _similar(header, kind)
            if like is not None and ignored is None and score >= SIMILAR:
                proposals.append(_Proposal(header, like.target, (0, score, -position),
                                           f"similar to '{like.display}'", False))
            else:
                how[header] = (f"not recognised; nearest is '{ignored.display}', which "
                               "csdesk does not use" if ignored else "not recognised")
    _settle(proposals, columns, how, kind)
    return ColumnMapping(kind, columns, how)


def _settle(proposals: list[_Proposal], columns: dict[str, str | None], how: dict[str, str],
            kind: str) -> None:
    """One column per field: the best match wins; a fallback name that loses is ignored
    (the other column says the same better), any other loser is asked."""
    by_field: dict[str, list[_Proposal]] = {}
    for proposal in proposals:
        by_field.setdefault(proposal.target, []).append(proposal)
    for target, competing in by_field.items():
        competing.sort(key=lambda p: p.rank, reverse=True)
        winner, *losers = competing
        columns[winner.header], how[winner.header] = target, winner.how
        label = field_label(kind, target)
        for loser in losers:
            columns[loser.header] = IGNORE if loser.fallback else None
            how[loser.header] = (f"{loser.how}, but '{winner.header}' gives the {label}"
                                 if loser.fallback else
                                 f"{loser.how}, but '{winner.header}' gives the {label}: "
                                 "choose another field for it, or ignore it")


# The mapping -----------------------------------------------------------------------------------

def _same_header(header: str) -> str:
    """Headers saved and found again: case and runs of spaces do not count."""
    return " ".join(unicodedata.normalize("NFKC", header).split()).casefold()


@dataclass
class ColumnMapping:
    kind: str
    columns: dict[str, str | None]  # header as in the file → field, IGNORE, or None
    how: dict[str, str] = field(default_factory=dict)  # header → how it was decided

    def field_of(self, header: str) -> str | None:
        if header in self.columns:
            return self.columns[header]
        wanted = _same_header(header)
        return next((target for h, target in self.columns.items()
                     if _same_header(h) == wanted), None)

    def choose(self, header: str, target: str | None) -> None:
        """The user's choice for a column (a field, IGNORE, or None to undecide)."""
        if target is not None and target != IGNORE and target not in self._names():
            raise MappingError(f"'{target}' is not a field of {self.kind}")
        self.columns[header] = target
        self.how[header] = "chosen"

    def missing_required(self) -> list[str]:
        given = set(self.columns.values())
        return [f.name for f in KINDS[self.kind] if f.required and f.name not in given
                and not (f.or_all and all(name in given for name in f.or_all))]

    def undecided(self) -> list[str]:
        return [header for header, target in self.columns.items() if target is None]

    def problems(self) -> list[str]:
        """What keeps the mapping from being used, in plain sentences."""
        problems: list[str] = []
        names = self._names()
        given: dict[str, list[str]] = {}
        for header, target in self.columns.items():
            if target is None or target == IGNORE:
                continue
            if target not in names:
                problems.append(f"'{header}' goes to '{target}', which is not a field of "
                                f"{self.kind}")
            else:
                given.setdefault(target, []).append(header)
        for target, headers in given.items():
            if len(headers) > 1:
                listed = ", ".join(f"'{h}'" for h in headers[:-1]) + f" and '{headers[-1]}'"
                problems.append(f"{listed} all give the {field_label(self.kind, target)}: "
                                "keep one and ignore the others")
        for name in self.missing_required():
            f = next(f for f in KINDS[self.kind] if f.name == name)
            also = (" (or the " + " and the ".join(field_label(self.kind, n) for n in f.or_all)
                    + ")") if f.or_all else ""
            problems.append(f"no column gives the {f.label}{also}, which is required")
        problems += [f"'{header}' is not decided: choose a field for it, or ignore it"
                     for header in self.undecided()]
        return problems

    def to_json(self) -> dict[str, Any]:
        return {"version": 1, "kind": self.kind, "columns": dict(self.columns)}

    @classmethod
    def from_json(cls, data: Any) -> ColumnMapping:
        """A mapping from its JSON form; a field may be written as its name or its label,
        'ignore' ignores a column, null leaves it undecided."""
        if not isinstance(data, Mapping):
            raise MappingError("a column mapping is a JSON object with \"kind\" and \"columns\"")
        if data.get("version", 1) != 1:
            raise MappingError(f"column mapping version {data.get('version')!r} is not one "
                               "this csdesk reads (1)")
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise MappingError(f"\"kind\" must be one of {', '.join(KINDS)}, not {kind!r}")
        columns = data.get("columns")
        if not isinstance(columns, Mapping) or not columns:
            raise MappingError("\"columns\" must be an object of at least one column: "
                               "{\"header in the file\": \"field\", …}")
        if len(columns) > MAX_COLUMNS:
            raise MappingError(f"a mapping has at most {MAX_COLUMNS:,} columns")
        targets = _targets_by_key(kind)
        mapped: dict[str, str | None] = {}
        errors: list[str] = []
        for header, target in columns.items():
            if not isinstance(header, str) or len(header) > 1_000:
                errors.append(f"column {str(header)[:60]!r}: a header is text of at most "
                              "1,000 characters")
            elif target is None:
                mapped[header] = None
            elif not isinstance(target, str) or _key(target) not in targets:
                errors.append(f"column '{header}': {target!r} is not a field of {kind} "
                              f"({', '.join(f.name for f in KINDS[kind])}) or \"ignore\"")
            else:
                mapped[header] = targets[_key(target)]
        if errors:
            more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
            raise MappingError("; ".join(errors[:3]) + more)
        return cls(kind, mapped, {h: "chosen" for h, t in mapped.items() if t is not None})

    def _names(self) -> set[str]:
        return {f.name for f in KINDS.get(self.kind, ())}


def _targets_by_key(kind: str) -> dict[str, str]:
    targets = {_key(IGNORE): IGNORE}
    for f in KINDS[kind]:
        targets[_key(f.label)] = f.name
        targets[_key(f.name)] = f.name
    return targets


def describe(mapping: ColumnMapping) -> list[str]:
    """One line a column, for --show-mapping: 'Account Name → name (known name, Salesforce)'."""
    lines = []
    for header, target in mapping.columns.items():
        shown = "ignored" if target == IGNORE else "not decided" if target is None else target
        why = re.sub(r"^known name \(([^)]*)\)", r"known name, \1", mapping.how.get(header, ""))
        lines.append(f"{header or '(no header)'} → {shown}" + (f" ({why})" if why else ""))
    return lines


# Saved mappings --------------------------------------------------------------------------------

def _check_name(name: str) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not 1 <= len(name) <= 80:
        raise MappingError("a mapping's name is 1 to 80 characters")
    if not name.isprintable():
        raise MappingError("a mapping's name cannot hold tabs, line breaks or control "
                           "characters")
    if name.casefold() == "auto" or name.casefold().endswith(".json") or "/" in name \
            or "\\" in name:
        raise MappingError(f"'{name}' would read as --mapping {name}: choose another name "
                           "(not 'auto', no '/' or '\\', not ending in .json)")
    return name


def _for_file(mapping: ColumnMapping, headers: list[str], how: str) -> ColumnMapping:
    """A stored mapping on the file's own spelling of its headers; the file's columns the
    mapping does not name are left undecided."""
    stored = {_same_header(h): target for h, target in mapping.columns.items()}
    columns: dict[str, str | None] = {}
    hows: dict[str, str] = {}
    for header in headers:
        if header in columns:
            continue
        columns[header] = stored.get(_same_header(header))
        hows[header] = how if _same_header(header) in stored else f"not in the {how}"
    return ColumnMapping(mapping.kind, columns, hows)


class MappingService(Service):
    """The user's own column mappings, kept in the workspace for everyone using it."""

    def saved(self) -> dict[str, ColumnMapping]:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, SETTING_KEY)
            stored = dict(setting.value) if setting and isinstance(setting.value, dict) else {}
        mappings = {}
        for name, data in sorted(stored.items(), key=lambda item: item[0].casefold()):
            try:
                mapping = ColumnMapping.from_json(data)
            except MappingError:
                continue  # written by a newer csdesk, or damaged: not offered
            mapping.how = {h: f"saved mapping {name}" for h in mapping.columns}
            mappings[name] = mapping
        return mappings

    def save(self, name: str, mapping: ColumnMapping) -> None:
        """Keep a mapping under a name (replacing one of the same name, in any case). Only a
        mapping that can be used is kept: every column decided, no field twice."""
        name = _check_name(name)
        _check_kind(mapping.kind)
        if mapping.problems():
            raise MappingError("this mapping cannot be saved yet: " + mapping.problems()[0])
        ColumnMapping.from_json(mapping.to_json())  # it must read back as it was saved
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, SETTING_KEY, with_for_update=True)
            stored = dict(setting.value) if setting and isinstance(setting.value, dict) else {}
            stored = {k: v for k, v in stored.items() if k.casefold() != name.casefold()}
            if len(stored) >= MAX_SAVED:
                raise MappingError(f"at most {MAX_SAVED} mappings are kept: delete one first")
            stored[name] = mapping.to_json()
            if setting is None:
                session.add(WorkspaceSetting(key=SETTING_KEY, value=stored))
            else:
                setting.value = stored  # a new dict, so the JSON column is written

    def delete(self, name: str) -> None:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, SETTING_KEY, with_for_update=True)
            stored = dict(setting.value) if setting and isinstance(setting.value, dict) else {}
            kept = {k: v for k, v in stored.items() if k.casefold() != name.strip().casefold()}
            if len(kept) == len(stored):
                raise NotFoundError(_no_such(name, stored))
            assert setting is not None
            setting.value = kept

    def for_headers(self, headers: list[str], kind: str) -> tuple[str, ColumnMapping] | None:
        """A saved mapping of this kind made for exactly these headers (in any order, case or
        spacing): the same report exported again."""
        wanted = {_same_header(h) for h in headers}
        for name, mapping in self.saved().items():
            if mapping.kind == kind and {_same_header(h) for h in mapping.columns} == wanted:
                return name, _for_file(mapping, headers, f"saved mapping {name}")
        return None

    def resolver(self, spec: Any, kind: str) -> Callable[[list[str]], ColumnMapping]:
        """What an import reads a file's headers with: a ColumnMapping as given, else
        ``resolve(spec, headers, kind)`` once the headers are known."""
        if isinstance(spec, ColumnMapping):
            return lambda _headers: spec
        return lambda headers: self.resolve(str(spec), headers, kind)

    def resolve(self, spec: str, headers: list[str], kind: str) -> ColumnMapping:
        """--mapping: 'auto' (a saved mapping for these headers, else by name), a saved
        mapping's name, or a .json file of ``ColumnMapping.to_json``'s form."""
        _check_kind(kind)
        spec = spec.strip()
        if spec.casefold() == "auto":
            found = self.for_headers(headers, kind)
            return found[1] if found else auto_mapping(headers, kind)
        saved = self.saved()
        named = next((n for n in saved if n.casefold() == spec.casefold()), None)
        if named is not None:
            return _fitted(saved[named], headers, kind, f"saved mapping {named}",
                           f"the saved mapping '{named}'")
        if len(spec) > 4096:
            raise MappingError("--mapping: too long for a mapping's name or a file's path")
        if spec.casefold().endswith(".json") or "/" in spec or "\\" in spec \
                or _is_file(spec):
            path = Path(spec).expanduser()
            return _fitted(_read_file(path), headers, kind, f"mapping file {path.name}",
                           path.name)
        raise NotFoundError(_no_such(spec, saved))


def _is_file(spec: str) -> bool:
    try:
        return Path(spec).is_file()
    except OSError:  # a name the system cannot look up (too long for a path)
        return False


def _no_such(name: str, saved: Mapping[str, Any]) -> str:
    names = ", ".join(sorted(saved, key=str.casefold))
    return (f"no saved mapping '{name}'; saved: {names}" if names else
            f"no saved mapping '{name}' (none saved yet); use auto, a name or a .json file")


def _fitted(mapping: ColumnMapping, headers: list[str], kind: str, how: str,
            source: str) -> ColumnMapping:
    if mapping.kind != kind:
        raise MappingError(f"{source} maps {mapping.kind}, not {kind}")
    have = {_same_header(h) for h in headers}
    absent = [h for h in mapping.columns if _same_header(h) not in have]
    if absent:
        listed = ", ".join(f"'{h}'" for h in absent[:5])
        more = f" and {len(absent) - 5} more" if len(absent) > 5 else ""
        raise MappingError(f"{source} names columns the file does not have: {listed}{more}")
    return _for_file(mapping, headers, how)


def _read_file(path: Path) -> ColumnMapping:
    def refuse_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        twice = next((k for k in keys if keys.count(k) > 1), None)
        if twice is not None:
            raise MappingError(f"{path.name}: '{twice}' is named twice")
        return dict(pairs)

    try:
        if not path.is_file():  # a device (/dev/zero) or a pipe would be read forever
            raise MappingError(f"{path.name} is not a file") if path.exists() else \
                FileNotFoundError(path)
        with path.open("rb") as handle:  # read no more than a mapping can be
            data_bytes = handle.read(MAX_FILE_BYTES + 1)
        if len(data_bytes) > MAX_FILE_BYTES:
            raise MappingError(f"{path.name} is too large for a column mapping")
        text = data_bytes.decode("utf-8-sig")
    except FileNotFoundError:
        raise NotFoundError(f"no mapping file at {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise MappingError(f"cannot read {path}: {reason or error}") from None
    try:
        data = json.loads(text, object_pairs_hook=refuse_twice)
    except json.JSONDecodeError as error:
        raise MappingError(f"{path.name} is not JSON: {error.msg} at line {error.lineno}, "
                           f"column {error.colno}") from None
    except RecursionError:
        raise MappingError(f"{path.name} is nested too deeply to be a column mapping") from None
    try:
        return ColumnMapping.from_json(data)
    except MappingError as error:
        raise MappingError(f"{path.name}: {error}") from None
