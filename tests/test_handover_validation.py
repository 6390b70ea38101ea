"""Hostile handover packs: every value is checked by the forms' rules before anything is written,
the work of reading a pack is bounded, the documents of an export never reach the system's
temporary folder, and the app shows whatever is already stored without crashing.

Each attack is one test; csdesk.services.handover_pack and csdesk.store.scratch are imported
inside the tests so that each fails for its own reason on a csdesk without them.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import struct
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from csdesk.errors import CsdeskError
from csdesk.models import Account, Base, CanvasItemKind
from csdesk.services import Services
from csdesk.services.meetings import AttendeeInput
from csdesk.store import Workspace, resolve_location

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

TODAY = date(2026, 11, 23)
SECRET = "NOTES-OF-ANOTHER-RECORD-4471"  # a value of a record other than the one at fault


@pytest.fixture
def receiver(tmp_path: Path):
    workspace = Workspace.open(resolve_location(tmp_path / "receiver.db"), daily_backup=False)
    services = Services(workspace)
    services.accounts.create(name="Already here", arr_cents=100_00)
    yield services
    workspace.close()


def _small_book(services: Services) -> None:
    """Two accounts with a contact, a meeting with its attendee, an objective with its KPI,
    and an action: every kind of reference between records."""
    for name in ("Acme", "Globex"):
        account = services.accounts.create(name=name, arr_cents=1_200_000_00,
                                           renewal_date=date(2027, 6, 1),
                                           highlights=f"{name} {SECRET}")
        contact = services.contacts.add(account.id, name=f"{name} champion")
        meeting = services.meetings.create(
            account.id, title="Kick-off", held_on=date(2026, 10, 1), notes=SECRET,
            attendees=[AttendeeInput(f"{name} champion", contact_id=contact.id)])
        plan = services.plans.get(account.id)
        objective = services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE,
                                            "Cut time-to-quote")
        services.plans.add_kpi(plan.id, name="Quote time", baseline="5", target="1",
                               objective_id=objective.id)
        services.meetings.add_action(account.id, text="Send the plan", meeting_id=meeting.id)


@pytest.fixture
def book(services: Services) -> dict[str, Any]:
    """The data of a pack of the small book, as the export writes it."""
    _small_book(services)
    data, _names = services.handover._data(None)
    return json.loads(json.dumps(data, default=str))


def _pack(tmp_path: Path, data: Any, *, name: str = "pack.zip",
          extra: dict[str, bytes] | None = None) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("handover.json", data if isinstance(data, str | bytes)
                         else json.dumps(data))
        for member, content in (extra or {}).items():
            archive.writestr(member, content)
    return path


def _rows(services: Services) -> dict[str, int]:
    with services.workspace.session() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def _refused(receiver: Services, pack: Path, *fragments: str) -> str:
    """Import ``pack``: it must be refused naming each fragment, with nothing written."""
    before = _rows(receiver)
    with pytest.raises(CsdeskError) as caught:
        receiver.handover.import_pack(pack)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert "INSERT" not in message and "SELECT" not in message and "[SQL" not in message
    assert SECRET not in message  # never another field's or another record's value
    assert len(message) < 3000
    assert _rows(receiver) == before
    return message


def _account(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(a for a in data["accounts"] if a["name"] == name)


# Wrongly typed values


@pytest.mark.parametrize("field, value, fragment", [
    ("arr_cents", "a lot", "field arr_cents 'a lot' is not a whole number of cents"),
    ("arr_cents", 12.5, "field arr_cents 12.5 is not a whole number of cents"),
    ("arr_cents", True, "field arr_cents true is not a whole number of cents"),
    ("arr_cents", -5, "field arr_cents -5 cannot be negative"),
    ("employees", "many", "field employees 'many' is not a whole number"),
    ("founded", 2999, "field founded 2999 is in the future"),
    ("renewal_date", "0001-01-01", "field renewal_date '0001-01-01' cannot be read (outside"),
    ("renewal_date", 20270601, "field renewal_date 20270601 is not a date"),
    ("segment", "platinum", "field segment 'platinum' is not one of: high_touch, low_touch"),
    ("health_score", 101, "field health_score 101 is outside 0–100"),
    ("currency", "dollars", "field currency"),
    ("industry", ["Software"], "field industry a list is not text"),
    ("website", "javascript:alert(1)", "field website"),
])
def test_wrongly_typed_values_are_refused_naming_record_and_field(
        book: dict, receiver: Services, tmp_path: Path, field: str, value: Any,
        fragment: str) -> None:
    account = _account(book, "Acme")
    account[field] = value
    _refused(receiver, _pack(tmp_path, book), f"account {account['ref']} 'Acme', {fragment}")


@pytest.mark.parametrize("kind, field, value, fragment", [
    ("kpis", "baseline", "lots", "field baseline 'lots' is not a number"),
    ("kpis", "target", 1e300, "is implausibly large"),
    ("meetings", "held_on", "23/11/2026", "field held_on '23/11/2026' cannot be read"),
    ("meetings", "duration_minutes", 0, "field duration_minutes 0 is outside 1–527,040"),
    ("contacts", "role", 3, "field role 3 is not one of"),
    ("attendees", "side", None, "field side is required"),
    ("action_items", "text", "   ", "field text is blank"),
    ("canvas_items", "position", "first", "field position 'first' is not a whole number"),
    ("contacts", "name", "Ann \ud800", "field name has a character that is not text"),
])
def test_wrongly_typed_values_of_records_are_refused(book: dict, receiver: Services,
                                                      tmp_path: Path, kind: str, field: str,
                                                      value: Any, fragment: str) -> None:
    record = book["records"][kind][0]
    record[field] = value
    _refused(receiver, _pack(tmp_path, book), f"{kind.replace('_', ' ')} {record['ref']} (account",
             fragment)


def test_every_problem_is_counted_and_the_first_ten_named(book: dict, receiver: Services,
                                                          tmp_path: Path) -> None:
    book["accounts"] += [{**_account(book, "Acme"), "ref": 100 + n, "name": f"Bad {n}",
                          "arr_cents": "a lot"} for n in range(15)]
    message = _refused(receiver, _pack(tmp_path, book), "pack.zip: account 100 'Bad 0'",
                       "and 5 more problems", "nothing was imported")
    assert message.count("is not a whole number of cents") == 10


# Names


def test_a_huge_name_is_refused(book: dict, receiver: Services, tmp_path: Path) -> None:
    _account(book, "Acme")["name"] = "A" * 100_000
    message = _refused(receiver, _pack(tmp_path, book),
                       "field name is too long (100,000 characters; at most 200)")
    assert "A" * 100 not in message  # the name is shown cut short


def test_a_name_that_is_not_text_is_shown_safely(book: dict, receiver: Services,
                                                 tmp_path: Path) -> None:
    _account(book, "Acme")["name"] = "Acme \udc80"
    message = _refused(receiver, _pack(tmp_path, book),
                       "account 1 'Acme \\udc80', field name has a character that is not text")
    message.encode("utf-8")  # printable on any terminal


def test_a_name_of_spaces_is_refused(book: dict, receiver: Services, tmp_path: Path) -> None:
    _account(book, "Acme")["name"] = " \t  "
    book["records"]["contacts"][0]["name"] = "     "
    _refused(receiver, _pack(tmp_path, book), "field name is blank",
             "contacts 1 (account 1), field name is blank")


def test_control_characters_are_removed_as_the_forms_do(book: dict, receiver: Services,
                                                        tmp_path: Path) -> None:
    _account(book, "Acme")["name"] = "Ac\x00me\x1b[31m Corp"
    book["records"]["meetings"][0]["notes"] = "line one\x00\x1b\nline two\x07"
    book["records"]["contacts"][0]["name"] = "Ann\x1b]0;pwned\x07 Lee"
    receiver.handover.import_pack(_pack(tmp_path, book))
    names = [a.name for a in receiver.accounts.list()]
    assert "Ac me [31m Corp" in names
    account = next(a for a in receiver.accounts.list() if a.name.startswith("Ac"))
    notes = receiver.meetings.for_account(account.id)[0].notes
    assert notes == "line one\nline two"
    contact = receiver.contacts.for_account(account.id)[0]
    assert contact.name == "Ann ]0;pwned Lee"
    for text in [*names, notes, contact.name]:
        assert not any(ord(ch) < 32 and ch != "\n" for ch in text)


# Malformed structures


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("change, fragments", [
    (lambda d: d.update(accounts=[["Acme"]]), ["account 1 is a list, not an object"]),
    (lambda d: d.update(accounts={"name": "Acme"}), ["has no accounts or records"]),
    (lambda d: d["records"].update(meetings={"1": {}}),
     ["records.meetings is an object, not a list of records"]),
    (lambda d: d["records"]["milestones"].append(
        {"ref": 9, "parent": 1, "name": "M", "exit_criteria": {"text": "x"}}),
     ["milestones 9 (account 1 'Acme'), field exit_criteria an object is not a list"]),
    (lambda d: d["records"]["meetings"].append({"ref": 9, "parent": 77, "title": "T",
                                                "held_on": "2026-01-01"}),
     ["meetings 9, field parent 77 is not an account in the pack"]),
    (lambda d: d["records"]["meetings"].append(dict(d["records"]["meetings"][0])),
     ["meetings 1 appears twice"]),
    (lambda d: d["accounts"].append({**d["accounts"][0], "ref": 50, "name": "ACME"}),
     ["account 50 'ACME': the name is already account 1's"]),
    (lambda d: d["records"]["kpis"][0].update(objective_id=999),
     ["field objective_id 999 is not one of the canvas items in the pack"]),
    (lambda d: d.update(templates=[{"name": "T", "stages": "none"}]),
     ["template 1 'T': a template needs a list of at least one stage"]),
    (lambda d: d.update(version=True), ["made by a newer csdesk"]),
])
def test_malformed_structures_are_named(book: dict, receiver: Services, tmp_path: Path,
                                        change, fragments: list[str]) -> None:
    change(book)
    _refused(receiver, _pack(tmp_path, book), *fragments)


def test_100000_nested_brackets_are_too_deeply_nested(book: dict, receiver: Services,
                                                      tmp_path: Path) -> None:
    text = json.dumps(book).replace('"highlights": ', f'"highlights": {_deep(100_000)}, "x": ',
                                    1)
    _refused(receiver, _pack(tmp_path, text), "too deeply nested")


def test_nesting_past_the_limit_is_refused_before_the_checks(book: dict, receiver: Services,
                                                             tmp_path: Path) -> None:
    text = json.dumps(book).replace('"highlights": ', f'"highlights": {_deep(40)}, "x": ', 1)
    _refused(receiver, _pack(tmp_path, text), "too deeply nested (more than 32 levels)")


@pytest.mark.parametrize("number", [str(10**400), "-" + "9" * 30, "1e400", "NaN"])
def test_huge_numbers_are_refused_without_sql(book: dict, receiver: Services, tmp_path: Path,
                                              number: str) -> None:
    text = json.dumps(book).replace('"arr_cents": 120000000', f'"arr_cents": {number}', 1)
    assert number in text
    _refused(receiver, _pack(tmp_path, text), "handover.json has")


# References stay inside their account


@pytest.mark.parametrize("kind, column, target", [
    ("kpis", "objective_id", "canvas_items"),
    ("attendees", "contact_id", "contacts"),
    ("action_items", "meeting_id", "meetings"),
])
def test_references_to_another_accounts_records_are_refused(
        book: dict, receiver: Services, tmp_path: Path, kind: str, column: str,
        target: str) -> None:
    records = book["records"]
    plan_account = {p["ref"]: p["parent"] for p in records["plans"]}
    meeting_account = {m["ref"]: m["parent"] for m in records["meetings"]}

    def account_of(kind_name: str, row: dict) -> int:
        if kind_name in ("canvas_items", "kpis"):
            return plan_account[row["parent"]]
        if kind_name == "attendees":
            return meeting_account[row["parent"]]
        return row["parent"]

    row = records[kind][0]
    other = next(t for t in records[target] if account_of(target, t) != account_of(kind, row))
    row[column] = other["ref"]
    _refused(receiver, _pack(tmp_path, book),
             f"field {column} {other['ref']} is one of the {target.replace('_', ' ')} of "
             "another account")


# Bounds before parsing


def _with_sizes(path: Path, member: str, file_size: int) -> Path:
    """Make the zip's headers say ``member`` is ``file_size`` bytes uncompressed (a lie)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04"
                                                          else 28))[0]
            if data[at + name_at:at + name_at + length] == name:
                struct.pack_into("<L", data, at + size_at, file_size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def test_a_pack_declaring_too_much_uncompressed_data_is_refused_before_reading(
        book: dict, receiver: Services, tmp_path: Path) -> None:
    pack = _pack(tmp_path, book, extra={"documents/Acme/Success plan.docx": b"PK"})
    _with_sizes(pack, "documents/Acme/Success plan.docx", 0xFFFF_FFF0)  # 4 GB
    _with_sizes(pack, "handover.json", 0x2000_0000)  # 512 MB
    _refused(receiver, pack, "once uncompressed")


def test_a_data_file_over_the_limit_is_refused(book: dict, receiver: Services,
                                               tmp_path: Path) -> None:
    pack = _with_sizes(_pack(tmp_path, book), "handover.json", 300 * 2**20)
    _refused(receiver, pack, "handover.json", "larger than 256 MB")


def test_a_lying_header_cannot_make_the_reader_read_more(book: dict, receiver: Services,
                                                         tmp_path: Path) -> None:
    """The directory says 100 bytes; the data inflates to 64 MB of spaces."""
    path = tmp_path / "liar.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("handover.json", "w") as member:
        member.write(json.dumps(book).encode())
        for _ in range(64):
            member.write(b" " * 2**20)
    _with_sizes(path, "handover.json", 100)
    _refused(receiver, path, "the zip is damaged")


def test_too_many_files_are_refused(book: dict, receiver: Services, tmp_path: Path) -> None:
    from csdesk.services.handover_pack_bounds import MAX_ENTRIES

    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("handover.json", json.dumps(book))
        for number in range(MAX_ENTRIES):
            archive.writestr(f"documents/{number}/x.docx", b"")
    _refused(receiver, path, f"lists {MAX_ENTRIES + 1:,} files: a handover pack holds at most")


def test_a_bombed_document_is_not_written(book: dict, receiver: Services,
                                          tmp_path: Path) -> None:
    from csdesk.services.handover import save_documents
    from csdesk.services.handover_pack_bounds import MAX_DOCUMENT_BYTES

    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("handover.json", json.dumps(book))
        with archive.open("documents/Acme/Success plan.docx", "w") as member:
            for _ in range(MAX_DOCUMENT_BYTES // 2**20 + 10):
                member.write(bytes(2**20))
    assert path.stat().st_size < 1_000_000
    folder = tmp_path / "documents"
    with pytest.raises(CsdeskError, match="larger than 50 MB once uncompressed"):
        save_documents(path, folder)
    written = [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
    assert sum(p.stat().st_size for p in written) == 0


def test_a_bombed_document_with_a_lying_header_is_stopped_while_writing(
        book: dict, tmp_path: Path) -> None:
    from csdesk.services.handover import save_documents

    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("handover.json", json.dumps(book))
        with archive.open("documents/Acme/Success plan.docx", "w") as member:
            for _ in range(60):
                member.write(bytes(2**20))
    _with_sizes(path, "documents/Acme/Success plan.docx", 1000)
    folder = tmp_path / "documents"
    with pytest.raises(CsdeskError):
        save_documents(path, folder)
    assert not [p for p in folder.rglob("*") if p.is_file()]


def test_the_pack_is_read_and_parsed_once(book: dict, receiver: Services, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from csdesk.services import handover_pack
    from csdesk.services.handover import read_pack

    calls = []
    parse = handover_pack.parse
    monkeypatch.setattr(handover_pack, "parse", lambda *a: calls.append(1) or parse(*a))
    pack = _pack(tmp_path, book)
    read_pack(pack)  # as the command line and the window do, before opening the workspace
    receiver.handover.import_pack(pack)
    assert len(calls) == 1
    receiver.handover.import_pack(pack)  # a later import reads the file again
    assert len(calls) == 2


def test_a_valid_pack_still_imports_whole(book: dict, receiver: Services,
                                          tmp_path: Path) -> None:
    result = receiver.handover.import_pack(_pack(tmp_path, book))
    assert sorted(result.accounts_created) == ["Acme", "Globex"]
    acme = next(a for a in receiver.accounts.list() if a.name == "Acme")
    assert acme.arr_cents == 1_200_000_00


def test_every_field_the_export_writes_is_checked(demo_services: Services) -> None:
    """FIELDS and the export stay together: a new column needs its check."""
    from sqlalchemy import inspect

    from csdesk.services.handover_fields import FIELDS
    from csdesk.services.handover_kinds import KIND_BY_NAME

    data, _names = demo_services.handover._data(None)
    written = {"account": set().union(*(a.keys() for a in data["accounts"])) - {"ref"}}
    for kind, rows in data["records"].items():
        refs = set(KIND_BY_NAME[kind].refs)
        written[kind] = set().union(*(r.keys() for r in rows)) - {"ref", "parent"} - refs \
            if rows else set(FIELDS[kind])
    assert {kind: set(fields) for kind, fields in FIELDS.items()} == written
    for kind, fields in FIELDS.items():  # a column that cannot be NULL refuses null
        model = Account if kind == "account" else KIND_BY_NAME[kind].model
        columns = {c.key: c for c in inspect(model).columns}
        for name, field in fields.items():
            if name in columns and not columns[name].nullable:
                with contextlib.suppress(ValueError):
                    assert field.check(None) is not None, (kind, name)


# The scratch folder of an export


@pytest.mark.sqlite_only  # beside the workspace file
def test_an_export_renders_in_a_private_folder_beside_the_workspace(
        services: Services, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    _small_book(services)
    seen: list[tuple[Path, int, list[tuple[str, int]]]] = []
    scratch = db_path.parent / f"{db_path.stem}-scratch"

    def look(done: int, total: int) -> None:
        for folder in scratch.iterdir():
            seen.append((folder, folder.stat().st_mode & 0o777,
                         [(f.name, f.stat().st_mode & 0o777) for f in folder.iterdir()]))

    services.handover.export(tmp_path / "out.zip", TODAY, progress=look)
    assert len(seen) == 2
    for folder, mode, files in seen:
        assert folder.parent == scratch
        if os.name == "posix":
            assert mode == 0o700
            assert files == [("plan.docx", 0o600)]
    assert not scratch.exists()  # removed with the run
    assert list(system_temp.iterdir()) == []


def test_remove_leftovers_removes_what_a_killed_run_left(db_path: Path) -> None:
    from csdesk.store.scratch import remove_leftovers, scratch_dir, scratch_root

    root = scratch_root(db_path)
    dead = root / "999999999-k1ll3d"  # no process has that number
    dead.mkdir(parents=True)
    (dead / "plan.docx").write_bytes(b"a customer's plan")
    with scratch_dir(db_path) as live:
        (live / "plan.docx").write_bytes(b"in use")
        assert remove_leftovers(db_path) == 1
        assert not dead.exists()
        assert (live / "plan.docx").exists()  # a run still going keeps its folder
    assert not root.exists()
    assert remove_leftovers(db_path) == 0


@pytest.mark.sqlite_only
def test_a_killed_export_leaves_nothing_in_the_system_temporary_folder(
        tmp_path: Path) -> None:
    """SIGKILL in the middle of `csdesk handover export`: no plan in TMPDIR; the leftover is
    private, beside the workspace, and removed by remove_leftovers."""
    from csdesk.store.scratch import remove_leftovers, scratch_root

    if os.name != "posix":
        pytest.skip("SIGKILL and file modes are POSIX")
    db = tmp_path / "ws.db"
    workspace = Workspace.open(resolve_location(db), daily_backup=False)
    services = Services(workspace)
    for number in range(40):
        services.accounts.create(name=f"Account {number}")
    workspace.close()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    env = {**os.environ, "TMPDIR": str(system_temp), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, "-m", "csdesk", "--db", str(db), "handover",
                              "export", "-o", str(tmp_path / "out.zip"), "--today",
                              TODAY.isoformat()], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    root = scratch_root(db)
    deadline = time.monotonic() + 60
    try:
        while not any(root.glob("*/plan.docx")) and time.monotonic() < deadline \
                and child.poll() is None:
            time.sleep(0.02)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert any(root.glob("*/plan.docx")), "the export never reached its documents"
    assert [p for p in system_temp.rglob("*") if p.is_file()] == []
    for folder in root.iterdir():
        assert folder.stat().st_mode & 0o777 == 0o700
    assert remove_leftovers(db) == 1
    assert not root.exists()


# The app shows what is stored without crashing


def _store(services: Services, **values: Any) -> None:
    """Values put straight into the database, as an older csdesk's import could have."""
    account = services.accounts.create(name="Placeholder")
    with services.workspace.session() as session:
        session.execute(update(Account).where(Account.id == account.id).values(**values))


# Only SQLite holds such values (PostgreSQL refuses them on the way in).
@pytest.mark.sqlite_only
@pytest.mark.parametrize("name", ["A" * 100_000, "Nul\x00and\x1bEsc" * 3])
def test_the_accounts_view_shows_a_huge_or_control_character_name(
        qtbot, services: Services, name: str) -> None:
    from csdesk.ui.widgets import CELL_TEXT_MAX
    from tests.ui_helpers import settled, shown_window

    services.accounts.create(name="Acme")
    _store(services, name=name)
    window = shown_window(qtbot, services, TODAY)
    window.show_view("accounts")
    settled(window)
    qtbot.wait(50)
    table = window.accounts_view.table
    shown = [table.proxy.index(row, 0).data() for row in range(table.proxy.rowCount())]
    assert "Acme" in shown
    odd = next(text for text in shown if text != "Acme")
    assert len(odd) <= CELL_TEXT_MAX + 1
    assert not any(ord(ch) < 32 for ch in odd)
    assert table.table.horizontalHeader().sectionSize(0) <= 2000


# Only SQLite holds such values (PostgreSQL refuses them on the way in).
@pytest.mark.sqlite_only
@pytest.mark.parametrize("values", [{"arr_cents": "a lot"}, {"arr_cents": 12.5},
                                    {"employees": "many"}])
def test_the_accounts_view_survives_wrongly_typed_stored_values(
        qtbot, services: Services, values: dict) -> None:
    """These crashed the app (a segfault in fit_columns): an exception raised in the table
    model while Qt sized the columns."""
    from tests.ui_helpers import settled, shown_window

    services.accounts.create(name="Acme", arr_cents=5_000_00)
    _store(services, name="Stored badly", **values)
    window = shown_window(qtbot, services, TODAY)
    window.show_view("accounts")
    settled(window)
    qtbot.wait(50)
    table = window.accounts_view.table
    names = {table.proxy.index(row, 0).data() for row in range(table.proxy.rowCount())}
    assert names == {"Acme", "Stored badly"}
    table.table.sortByColumn(3, table.table.horizontalHeader().sortIndicatorOrder())  # ARR
    qtbot.wait(20)
    assert {table.proxy.index(row, 0).data() for row in range(table.proxy.rowCount())} == names
