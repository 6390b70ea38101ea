"""The catalogue of hostile inputs: text a tired CSM (or an attacker) types, CSV files,
templates and database files. Each asserts its exact outcome: a clear message and nothing
changed, or the value kept exactly as text. Never a traceback."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from csdesk.errors import CsdeskError, ValidationError
from csdesk.models import SurveyKind
from csdesk.services import Services
from csdesk.store import Workspace, resolve_location

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

TODAY = date(2026, 11, 23)


# Text values ---------------------------------------------------------------------------------

def _acme(services: Services) -> int:
    return services.accounts.create(name="Acme", contract_start=date(2026, 3, 1)).id


TEXT_CASES = [
    ("empty name", lambda s, a: s.accounts.create(name=""), "name is required"),
    ("control characters only", lambda s, a: s.accounts.create(name="\x00\x01\x1b "),
     "name is required"),
    ("201-character name", lambda s, a: s.accounts.create(name="x" * 201),
     "name is too long (201 characters; at most 200)"),
    ("same name in other case", lambda s, a: s.accounts.create(name="ACME"),
     "an account named 'Acme' already exists"),
    ("negative ARR", lambda s, a: s.accounts.update(a, arr_cents=-1), "ARR cannot be negative"),
    ("employees as text", lambda s, a: s.accounts.update(a, employees="12"),
     "employees must be a whole number"),
    ("year 1", lambda s, a: s.accounts.update(a, founded=1), "founded must be a four-digit year"),
    ("year in the future", lambda s, a: s.accounts.update(a, founded=2999), "is in the future"),
    ("script as website", lambda s, a: s.accounts.update(a, website="javascript:alert(1)"),
     "is not a website address"),
    ("currency with symbol", lambda s, a: s.accounts.update(a, currency="US$"),
     "not a three-letter currency code"),
    ("renewal before start", lambda s, a: s.accounts.update(a, renewal_date=date(2026, 1, 1)),
     "renewal date 2026-01-01 is before contract start 2026-03-01"),
    ("date as a datetime-ish text", lambda s, a: s.accounts.update(a, renewal_date="tomorrow"),
     "renewal date 'tomorrow' is not a date in the form YYYY-MM-DD"),
    ("year 1066", lambda s, a: s.accounts.update(a, renewal_date=date(1066, 10, 14)),
     "is outside 1900–2200"),
    ("250,001 characters of highlights", lambda s, a: s.accounts.update(
        a, highlights="x" * 250_001), "highlights is too long (250,001 characters"),
    ("e-mail without domain", lambda s, a: s.contacts.add(a, name="Dana", email="dana@acme"),
     "'dana@acme' is not an e-mail address"),
    ("30 February meeting", lambda s, a: s.meetings.create(a, title="Call", held_on="2026-02-30"),
     "meeting date '2026-02-30' is no such date"),
    ("NPS of 11", lambda s, a: s.signals.add_response(a, kind=SurveyKind.NPS, score=11,
                                                       responded_on=TODAY),
     "NPS scores run from 0 to 10; 11 is outside"),
    ("KPI baseline NaN", lambda s, a: s.plans.add_kpi(s.plans.get(a).id, name="K",
                                                       baseline="NaN", target=1),
     "baseline must be a finite number"),
    ("KPI target 1e999999", lambda s, a: s.plans.add_kpi(s.plans.get(a).id, name="K",
                                                          baseline=1, target="1e999999"),
     "target is implausibly large"),
    ("sentiment without a note", lambda s, a: s.health.set_sentiment(a, 10, "", TODAY),
     "a sentiment needs a note"),
    ("all health weights 0", lambda s, a: s.health.set_weights(
        {k: 0 for k in s.health.weights()}), "at least one component needs a weight"),
    ("milestone ending before it starts", lambda s, a: s.critical_path.add_milestone(
        s.plans.get(a).id, name="M", planned_date=date(2026, 5, 1),
        planned_end_date=date(2026, 4, 1)), "planned end 2026-04-01 is before"),
]


@pytest.mark.parametrize(("case", "action", "message"), TEXT_CASES,
                         ids=[c[0] for c in TEXT_CASES])
def test_hostile_text(services: Services, case, action, message) -> None:
    account = _acme(services)
    before = (services.accounts.get(account).__dict__.copy(), len(services.activity.recent()))
    with pytest.raises((ValidationError, CsdeskError)) as caught:
        action(services, account)
    assert message in str(caught.value)
    after = services.accounts.get(account).__dict__.copy()
    assert {k: v for k, v in after.items() if not k.startswith("_")} == {
        k: v for k, v in before[0].items() if not k.startswith("_")}
    assert len(services.activity.recent()) == before[1]


def test_text_that_looks_like_code_is_kept_as_text(services: Services, tmp_path) -> None:
    values = ["=HYPERLINK(\"http://evil\")", "<script>alert(1)</script>",
              "'; DROP TABLE accounts; --", "{{ 7*7 }}", "AT&T <Corp> 🚀 مرحبا"]
    for value in values:
        services.accounts.create(name=value)
    assert sorted(a.name for a in services.accounts.list()) == sorted(values)
    account = services.accounts.find("{{ 7*7 }}")
    out = services.documents.export_plan(account.id, tmp_path / "p.docx", TODAY)
    assert "{{ 7*7 }}" in "\n".join(p.text for p in Document(str(out)).paragraphs)


# CSV files ------------------------------------------------------------------------------------

CSV_CASES = [
    ("empty file", b"", "is empty"),
    ("only blank lines", b"\n\n\n", "is empty"),
    ("a PNG renamed .csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text CSV file"),
    ("unterminated quote", b'name,industry\n"Acme,Retail\n', "is not valid CSV near line"),
    ("duplicate header", b"name,Name\nA,B\n", "column(s) name appear more than once"),
    ("no name column", b"industry\nRetail\n", "there is no 'name' column"),
    ("extra cell", b"name,industry\nAcme,Retail,oops\n", "row 2: 3 cells but only 2 columns"),
    ("blank name", b"name,industry\n   ,Retail\n",
     "row 2, column name: (empty) — name is required"),
    ("negative money", b"name,arr\nAcme,$-5\n", "row 2, column arr: '$-5' — cannot be negative"),
    ("four decimals", b"name,arr\nAcme,12.3456\n",
     "row 2, column arr: '12.3456' — has more than two decimal places"),
    ("ambiguous date", b"name,contract_start\nAcme,03/04/2026\n",
     "row 2, column contract_start: '03/04/2026' — ambiguous"),
    ("huge field", b"name,industry\nAcme," + b"x" * 2_000_000 + b"\n",
     "row 2, column industry: 'xxxx"),
    ("same account twice", b"name\nAcme\nacme \n", "row 3, column name: 'acme' — same account"),
    ("symbol against column", b"name,arr,currency\nAcme,\xe2\x82\xac5,USD\n",
     "the arr column is in EUR"),
]


@pytest.mark.parametrize(("case", "content", "message"), CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_hostile_csv(services: Services, tmp_path: Path, case, content, message) -> None:
    services.accounts.create(name="Existing")
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(CsdeskError) as caught:
        services.importing.import_accounts(path)
    text = str(caught.value) + "\n" + "\n".join(getattr(caught.value, "problems", []))
    assert message in text
    assert [a.name for a in services.accounts.list()] == ["Existing"]


def test_a_file_over_100_mb_is_refused_without_reading_it(services, tmp_path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(101 * 1024 * 1024)  # sparse: nothing written
    with pytest.raises(CsdeskError, match="is 101 MB; csdesk imports files up to 100 MB"):
        services.importing.import_accounts(path)


def test_a_formula_is_imported_as_plain_text(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('name,industry\n"=cmd|\' /C calc\'!A0",=1+1\n', encoding="utf-8")
    services.importing.import_accounts(path)
    account = services.accounts.list()[0]
    assert (account.name, account.industry) == ("=cmd|' /C calc'!A0", "=1+1")


# Templates ------------------------------------------------------------------------------------

def _docx(tmp_path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    path = tmp_path / "t.docx"
    document.save(str(path))
    return path


TEMPLATE_CASES = [
    ("unclosed tag", lambda p: _docx(p, "{{ account.name "), "broken tag"),
    ("unknown field", lambda p: _docx(p, "{{ invoice.total }}"),
     "unknown field: 'invoice' is undefined"),
    ("dunder escape", lambda p: _docx(p, "{{ account.__class__ }}"), "refused by the sandbox"),
    ("include a file", lambda p: _docx(p, "{% include '/etc/hostname' %}"), "no loader"),
    ("endless loop", lambda p: _docx(p, "{% for i in range(10**6) %}x{% endfor %}"),
     "loops more than"),
    ("zero-byte template", lambda p: (p / "z.docx").write_bytes(b"") or p / "z.docx",
     "z.docx is not a Word .docx template"),
    ("zip that is not Word", lambda p: _zip(p), "w.docx is not a Word .docx template"),
]


def _zip(folder: Path) -> Path:
    import zipfile

    path = folder / "w.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    return path


@pytest.mark.parametrize(("case", "make", "message"), TEMPLATE_CASES,
                         ids=[c[0] for c in TEMPLATE_CASES])
def test_hostile_templates(services: Services, tmp_path: Path, case, make, message) -> None:
    account = _acme(services)
    target = tmp_path / "out.docx"
    with pytest.raises(CsdeskError, match=re.escape(message)):
        services.documents.export_plan(account, target, TODAY, make(tmp_path))
    assert not target.exists()


# Database files -------------------------------------------------------------------------------

def _damaged_pages(path: Path) -> None:
    with Workspace.open(resolve_location(path)) as ws:
        Services(ws).accounts.create(name="Acme")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    data = bytearray(path.read_bytes())
    data[4096:4096 * 3] = b"\xff" * 8192
    path.write_bytes(bytes(data))


DATABASE_CASES = [
    ("zero bytes", lambda p: p.write_bytes(b""), "is empty (0 bytes)"),
    ("a text file", lambda p: p.write_text("hello", encoding="utf-8"),
     "is not a csdesk workspace (not a SQLite database)"),
    ("only a header", lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84),
     "is damaged"),
    ("damaged pages", _damaged_pages, "is damaged"),
    ("a folder", lambda p: p.mkdir(), "is a folder, not a workspace file"),
    ("another app's database", lambda p: sqlite3.connect(p).execute(
        "CREATE TABLE t (x)").connection.commit(), "not a csdesk workspace"),
]


@pytest.mark.parametrize(("case", "make", "message"), DATABASE_CASES,
                         ids=[c[0] for c in DATABASE_CASES])
def test_hostile_database_files(tmp_path: Path, case, make, message) -> None:
    path = tmp_path / "w.db"
    make(path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(CsdeskError, match=re.escape(message)):
        Workspace.open(resolve_location(path))
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created or moved


def test_the_catalogue_has_at_least_40_cases() -> None:
    count = (len(TEXT_CASES) + 1 + len(CSV_CASES) + 2 + len(TEMPLATE_CASES)
             + len(DATABASE_CASES))
    assert count >= 40
