"""Column mapping: a CRM's or CS tool's headers matched to csdesk's fields, saved mappings,
--mapping auto|NAME|FILE.json, and docs/importing.md kept true to the names csdesk knows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csdesk.errors import NotFoundError
from csdesk.services import Services
from csdesk.services.column_mapping import IGNORE, KINDS, TOOLS, MappingError, known_names
from csdesk.services.header_matching import auto_mapping
from csdesk.services.import_mapping import ColumnMapping, describe
from csdesk.services.saved_mappings import MappingService

DOCS = Path(__file__).resolve().parents[1] / "docs" / "importing.md"

SALESFORCE = ["Account Name", "Annual Recurring Revenue", "Contract End Date", "Account Owner",
              "Type"]
HUBSPOT = ["Record ID", "Company name", "Company owner", "Create Date", "Annual Revenue",
           "Lifecycle Stage"]
GAINSIGHT = ["Name", "CSM", "Stage", "Status", "ARR", "MRR", "Renewal Date",
             "Original Contract Date", "Tier", "Employees", "Industry"]


def test_a_salesforce_report_maps_every_column() -> None:
    mapping = auto_mapping(SALESFORCE, "accounts")
    assert mapping.columns == {"Account Name": "name", "Annual Recurring Revenue": "arr",
                               "Contract End Date": "renewal_date", "Account Owner": "owner",
                               "Type": "lifecycle_stage"}
    assert mapping.undecided() == [] and mapping.problems() == []
    assert mapping.how["Account Name"] == "known name (Salesforce)"


def test_a_hubspot_export_maps_and_its_annual_revenue_is_not_arr() -> None:
    mapping = auto_mapping(HUBSPOT, "accounts")
    assert mapping.columns == {"Record ID": IGNORE, "Company name": "name",
                               "Company owner": "owner", "Create Date": IGNORE,
                               "Annual Revenue": IGNORE, "Lifecycle Stage": "lifecycle_stage"}
    assert mapping.problems() == []
    assert "not what it pays you" in mapping.how["Annual Revenue"]


def test_a_gainsight_report_maps_csm_to_owner_and_its_contract_dates() -> None:
    mapping = auto_mapping(GAINSIGHT, "accounts")
    assert mapping.undecided() == [] and mapping.problems() == []
    assert {h: mapping.field_of(h) for h in ("Name", "CSM", "Stage", "ARR", "Renewal Date",
                                             "Original Contract Date", "Tier")} == {
        "Name": "name", "CSM": "owner", "Stage": "lifecycle_stage", "ARR": "arr",
        "Renewal Date": "renewal_date", "Original Contract Date": "contract_start",
        "Tier": "segment"}
    assert mapping.field_of("MRR") == IGNORE and mapping.field_of("Status") == IGNORE


def test_case_punctuation_and_a_tool_prefix_do_not_matter() -> None:
    mapping = auto_mapping(["ACCOUNT_NAME", "contract-end-date", "AnnualRecurringRevenue",
                            "Organization - Contract Start Date"], "accounts")
    assert list(mapping.columns.values()) == ["name", "renewal_date", "arr", "contract_start"]


def test_a_misspelled_header_maps_by_similarity_and_says_so() -> None:
    mapping = auto_mapping(["Account Name", "Renewel Date", "Contract Renewal Date (next)"],
                           "accounts")
    assert mapping.field_of("Renewel Date") == "renewal_date"
    assert mapping.how["Renewel Date"] == "similar to 'Renewal date'"
    assert mapping.field_of("Contract Renewal Date (next)") is None  # the field is taken


def test_an_unknown_column_is_left_for_the_user() -> None:
    mapping = auto_mapping(["Account Name", "Favourite colour"], "accounts")
    assert mapping.field_of("Favourite colour") is None
    assert mapping.undecided() == ["Favourite colour"]
    assert mapping.problems() == [
        "'Favourite colour' is not decided: choose a field for it, or ignore it"]


def test_a_header_nearer_an_unused_name_is_not_guessed() -> None:
    """'Annual Revenue (USD)' is like 'Annual Revenue', not like 'Annual Recurring Revenue'."""
    mapping = auto_mapping(["Account Name", "Annual Revenue (USD)", "ARR (USD)"], "accounts")
    assert mapping.field_of("Annual Revenue (USD)") is None
    assert "Annual Revenue" in mapping.how["Annual Revenue (USD)"]
    assert mapping.field_of("ARR (USD)") == "arr"


def test_two_columns_for_one_field_the_better_wins_and_the_other_is_asked() -> None:
    mapping = auto_mapping(["Renewel Date", "Account Name", "Renewal Date", "Company Name"],
                           "accounts")
    assert mapping.field_of("Renewal Date") == "renewal_date"  # known beats similar
    assert mapping.field_of("Renewel Date") is None
    assert mapping.field_of("Account Name") == "name"  # two known names: the first column
    assert mapping.field_of("Company Name") is None
    assert "'Account Name' gives the Account name" in mapping.how["Company Name"]


def test_a_fallback_name_is_ignored_when_the_better_column_is_there() -> None:
    mapping = auto_mapping(["Company name", "Company Domain Name", "Website URL", "Type",
                            "Lifecycle Stage"], "accounts")
    assert mapping.columns == {"Company name": "name", "Company Domain Name": IGNORE,
                               "Website URL": "website", "Type": IGNORE,
                               "Lifecycle Stage": "lifecycle_stage"}
    assert auto_mapping(["Name", "Company Domain Name"], "accounts").field_of(
        "Company Domain Name") == "website"


def test_contacts_need_an_account_and_a_name_or_first_and_last_name() -> None:
    mapping = auto_mapping(["First Name", "Last Name", "Email", "Account Name", "Contact Role"],
                           "contacts")
    assert mapping.missing_required() == [] and mapping.problems() == []
    assert mapping.field_of("Contact Role") == "role"
    alone = auto_mapping(["First Name", "Email"], "contacts")
    assert alone.missing_required() == ["account", "name"]
    assert "no column gives the Name (or the First name and the Last name), which is required" \
        in alone.problems()


def test_usage_headers_and_a_week_column_beside_a_date() -> None:
    mapping = auto_mapping(["Company", "Week", "Date", "Event", "Count"], "usage")
    assert mapping.columns == {"Company": "account", "Week": IGNORE, "Date": "date",
                               "Event": "metric", "Count": "value"}


def test_problems_name_a_field_given_twice_and_a_field_that_does_not_exist() -> None:
    mapping = auto_mapping(["Account Name", "Company Name"], "accounts")
    mapping.choose("Company Name", "name")
    assert mapping.how["Company Name"] == "chosen"
    assert mapping.problems() == [
        "'Account Name' and 'Company Name' all give the Account name: keep one and ignore the "
        "others"]
    with pytest.raises(MappingError, match="not a field of accounts"):
        mapping.choose("Company Name", "revenue")


def test_describe_says_where_each_column_goes_and_why() -> None:
    lines = describe(auto_mapping(["Account Name", "Favourite colour", ""], "accounts"))
    assert lines == ["Account Name → name (known name, Salesforce, Dynamics 365, Zoho CRM, "
                     "ChurnZero, Vitally, csdesk)",
                     "Favourite colour → not decided (not recognised)",
                     "(no header) → ignored (no header)"]


def test_json_round_trip_and_labels_are_accepted() -> None:
    mapping = auto_mapping(SALESFORCE + ["Favourite colour"], "accounts")
    again = ColumnMapping.from_json(json.loads(json.dumps(mapping.to_json())))
    assert (again.kind, again.columns) == (mapping.kind, mapping.columns)
    written = ColumnMapping.from_json({"kind": "accounts", "columns": {
        "Kunde": "Account name", "Verlängerung": "renewal_date", "Umsatz": "Ignore"}})
    assert written.columns == {"Kunde": "name", "Verlängerung": "renewal_date",
                               "Umsatz": IGNORE}


@pytest.mark.parametrize(("data", "message"), [
    ([], "a JSON object"),
    ({"kind": "deals", "columns": {"A": "name"}}, "\"kind\" must be one of"),
    ({"kind": "accounts", "columns": {}}, "at least one column"),
    ({"kind": "accounts", "columns": {"A": "revenue"}}, "'revenue' is not a field of accounts"),
    ({"kind": "accounts", "columns": {"A": 3}}, "3 is not a field"),
    ({"kind": "accounts", "version": 9, "columns": {"A": "name"}}, "version 9"),
])
def test_from_json_refuses_what_it_cannot_use(data: object, message: str) -> None:
    with pytest.raises(MappingError, match=re.escape(message)):
        ColumnMapping.from_json(data)


def test_saved_mappings_round_trip_and_are_offered_for_the_same_headers(
        services: Services) -> None:
    mappings = MappingService(services.workspace)
    mapping = auto_mapping(["Kunde", "Verlängerung"], "accounts")
    mapping.choose("Kunde", "name")
    mapping.choose("Verlängerung", "renewal_date")
    mappings.save("Our German report", mapping)
    assert list(mappings.saved()) == ["Our German report"]
    assert mappings.saved()["Our German report"].columns == mapping.columns

    found = mappings.for_headers(["  VERLÄNGERUNG ", "kunde"], "accounts")
    assert found is not None
    name, offered = found
    assert name == "Our German report"
    assert offered.columns == {"  VERLÄNGERUNG ": "renewal_date", "kunde": "name"}
    assert offered.how["kunde"] == "saved mapping Our German report"
    assert mappings.for_headers(["Kunde"], "accounts") is None
    assert mappings.for_headers(["Kunde", "Verlängerung"], "contacts") is None
    assert mappings.resolve("auto", ["Verlängerung", "Kunde"], "accounts").field_of(
        "Kunde") == "name"
    assert mappings.resolve("auto", SALESFORCE, "accounts").how["Type"] == \
        "known name (Salesforce)"

    mappings.save("our german REPORT", mapping)  # the same name, in another case: replaced
    assert list(mappings.saved()) == ["our german REPORT"]
    mappings.delete("Our German Report")
    assert mappings.saved() == {}


def test_only_a_usable_mapping_under_a_good_name_is_saved(services: Services) -> None:
    mappings = MappingService(services.workspace)
    ready = auto_mapping(SALESFORCE, "accounts")
    for name in ("", "x" * 81, "tab\there", "auto", "crm.json", "a/b"):
        with pytest.raises(MappingError):
            mappings.save(name, ready)
    with pytest.raises(MappingError, match="'Favourite colour' is not decided"):
        mappings.save("Salesforce", auto_mapping(SALESFORCE + ["Favourite colour"],
                                                 "accounts"))
    with pytest.raises(NotFoundError, match="none saved yet"):
        mappings.delete("Salesforce")


def test_resolve_a_name_a_file_and_the_errors(services: Services, tmp_path: Path) -> None:
    mappings = MappingService(services.workspace)
    mappings.save("Salesforce", auto_mapping(SALESFORCE, "accounts"))
    mappings.save("HubSpot", auto_mapping(HUBSPOT, "accounts"))
    by_name = mappings.resolve("salesforce", list(reversed(SALESFORCE)), "accounts")
    assert by_name.field_of("Type") == "lifecycle_stage"
    assert by_name.how["Type"] == "saved mapping Salesforce"

    with pytest.raises(NotFoundError, match="no saved mapping 'Zoho'; saved: HubSpot, "
                                            "Salesforce"):
        mappings.resolve("Zoho", SALESFORCE, "accounts")
    with pytest.raises(MappingError, match="names columns the file does not have: "
                                           "'Record ID'"):
        mappings.resolve("HubSpot", SALESFORCE, "accounts")
    with pytest.raises(MappingError, match="maps accounts, not contacts"):
        mappings.resolve("Salesforce", SALESFORCE, "contacts")

    good = tmp_path / "crm mapping.json"
    good.write_text(json.dumps({"kind": "accounts", "columns": {
        "Kunde": "name", "Verlängerung": "Renewal date"}}), encoding="utf-8")
    from_file = mappings.resolve(str(good), ["Kunde", "Verlängerung", "Extra"], "accounts")
    assert from_file.columns == {"Kunde": "name", "Verlängerung": "renewal_date",
                                 "Extra": None}
    assert from_file.how["Kunde"] == "mapping file crm mapping.json"

    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "accounts", "columns": {"Kunde": "name",}}', encoding="utf-8")
    with pytest.raises(MappingError, match=r"bad.json is not JSON: .* at line 1"):
        mappings.resolve(str(bad), ["Kunde"], "accounts")
    twice = tmp_path / "twice.json"
    twice.write_text('{"kind": "accounts", "columns": {"A": "name", "A": "owner"}}',
                     encoding="utf-8")
    with pytest.raises(MappingError, match="'A' is named twice"):
        mappings.resolve(str(twice), ["A"], "accounts")
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"kind": "accounts", "columns": {"A": "revenue"}}', encoding="utf-8")
    with pytest.raises(MappingError, match="wrong.json: column 'A': 'revenue' is not a field"):
        mappings.resolve(str(wrong), ["A"], "accounts")
    with pytest.raises(NotFoundError, match="no mapping file at"):
        mappings.resolve(str(tmp_path / "missing.json"), ["A"], "accounts")


_HEADER = st.one_of(
    st.sampled_from([n.header for kind in KINDS for n in known_names(kind)]
                    + ["Renewel Date", "Favourite colour", "", "Name ", "ARR (USD)"]),
    st.text(max_size=30),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_HEADER, max_size=25), st.sampled_from(list(KINDS)))
def test_auto_mapping_never_gives_one_field_two_columns(headers: list[str], kind: str) -> None:
    mapping = auto_mapping(headers, kind)
    assert set(mapping.columns) == set(headers)
    given_fields = [f for f in mapping.columns.values() if f not in (None, IGNORE)]
    assert len(given_fields) == len(set(given_fields))
    assert all(h in mapping.how for h, f in mapping.columns.items() if f is not None)
    assert not any("all give the" in p for p in mapping.problems())


def test_every_tool_is_known_for_accounts() -> None:
    assert all(known_names("accounts", tool) for tool in TOOLS)


def _docs_rows() -> list[tuple[str, str, str]]:
    """Each row of docs/importing.md's tables of known names: (header, kind, target)."""
    rows = []
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[1] not in KINDS:
            continue
        target = re.search(r"\(`(\w+)`\)", cells[2])
        assert target or cells[2].startswith("ignored"), line
        for header in cells[0].split(", "):
            rows.append((header, cells[1], target.group(1) if target else IGNORE))
    return rows


def test_every_header_the_docs_name_is_recognised_as_they_say() -> None:
    rows = _docs_rows()
    assert len(rows) > 200  # the tables are there and were read
    wrong = [(header, kind, target, auto_mapping([header], kind).field_of(header))
             for header, kind, target in rows
             if auto_mapping([header], kind).field_of(header) != target]
    assert wrong == []


def _docs_section(title: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(title)
    return text[start:text.index("\n### ", start + len(title))]


@pytest.mark.parametrize(("title", "what"), [("### Lifecycle stages", "lifecycle"),
                                             ("### Segments", "segment")])
def test_the_values_the_docs_name_are_read_as_they_say(title: str, what: str) -> None:
    from csdesk.services.import_values import (
        NotACustomer,
        UnknownValue,
        parse_lifecycle,
        parse_segment,
    )

    parse = parse_lifecycle if what == "lifecycle" else parse_segment
    checked = 0
    for line in _docs_section(title).splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0].startswith("-") or cells[0] == "Value in the export":
            continue
        said = cells[1].casefold()
        for value in re.findall(r"`([^`]+)`", cells[0]):
            try:
                read = parse(value).label.casefold().replace("-", " ")
            except NotACustomer:
                read = "not a customer"
            except UnknownValue:
                read = "asked"
            assert said.startswith(read), (value, read, cells[1])
            checked += 1
    assert checked > 30


def test_csdesk_s_own_accounts_export_maps_without_a_question() -> None:
    """A CSM moving a book between workspaces imports the Accounts export as it is."""
    from csdesk.services.tables import accounts_table

    mapping = auto_mapping(list(accounts_table([]).headers), "accounts")
    assert None not in mapping.columns.values(), mapping.columns
    assert mapping.columns["Renewal date"] == "renewal_date"
    assert mapping.columns["Days to renewal"] == IGNORE
