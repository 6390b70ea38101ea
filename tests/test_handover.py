"""Handover packs: export then import gives identical data; importing again changes nothing."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from csdesk import cli
from csdesk.errors import CsdeskError
from csdesk.models import Contact, Meeting
from csdesk.services import Services
from csdesk.store import Workspace, resolve_location

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

TODAY = date(2026, 11, 23)


@pytest.fixture
def receiver(tmp_path: Path):
    workspace = Workspace.open(resolve_location(tmp_path / "receiver.db"), daily_backup=False)
    yield Services(workspace)
    workspace.close()


def _book(services: Services) -> dict:
    """Everything a pack would carry, as comparable data (no ids local to a workspace)."""
    data, _names = services.handover._data(None)
    return {key: data[key] for key in ("accounts", "records", "templates")}


def test_export_then_import_gives_identical_data(demo_services: Services, receiver: Services,
                                                 tmp_path: Path) -> None:
    pack = demo_services.handover.export(tmp_path / "book.zip", TODAY)
    result = receiver.handover.import_pack(pack)
    assert len(result.accounts_created) == 12 and result.records_updated == 0
    assert _book(receiver) == _book(demo_services)
    with zipfile.ZipFile(pack) as archive:
        documents = [n for n in archive.namelist() if n.startswith("documents/")]
    assert len(documents) == 12 and all(n.endswith("/Success plan.docx") for n in documents)
    # What the receiving CSM sees: the same Today, and the same search results.
    assert [(i.kind, i.account_name, i.text, i.due) for i in receiver.book.today(TODAY).due] == \
        [(i.kind, i.account_name, i.text, i.due) for i in demo_services.book.today(TODAY).due]
    assert [h.account_name for h in receiver.search.query("roadmap")] == \
        [h.account_name for h in demo_services.search.query("roadmap")]


def test_importing_again_changes_nothing_and_keeps_local_additions(
        demo_services: Services, receiver: Services, tmp_path: Path) -> None:
    pack = demo_services.handover.export(tmp_path / "book.zip", TODAY, documents=False)
    receiver.handover.import_pack(pack)
    account = receiver.accounts.list()[0]
    receiver.contacts.add(account.id, name="New champion", email="new@example.com")
    before = _book(receiver)
    again = receiver.handover.import_pack(pack)
    assert again.records_created == 0 and not again.accounts_created
    assert _book(receiver) == before
    with receiver.workspace.session() as session:
        assert session.scalar(select(func.count()).select_from(Contact)
                              .where(Contact.name == "New champion")) == 1


def test_one_account_pack_holds_that_account_only(demo_services: Services, receiver: Services,
                                                  tmp_path: Path) -> None:
    account = demo_services.accounts.list()[3]
    pack = demo_services.handover.export(tmp_path / "one.zip", TODAY, [account.id])
    result = receiver.handover.import_pack(pack)
    assert result.accounts_created == [account.name]
    assert [a.name for a in receiver.accounts.list()] == [account.name]
    with demo_services.workspace.session() as session:
        meetings = session.scalar(select(func.count()).select_from(Meeting)
                                  .where(Meeting.account_id == account.id))
    assert len(receiver.meetings.for_account(receiver.accounts.list()[0].id)) == meetings


def _not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "pack.zip"
    path.write_text("not a zip", encoding="utf-8")
    return path


def _pack_with(tmp_path: Path, data: object, name: str = "handover.json") -> Path:
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, data if isinstance(data, str) else json.dumps(data))
    return path


@pytest.mark.parametrize("make, message", [
    (lambda tmp: _not_a_zip(tmp), "not a .zip file"),
    (lambda tmp: _pack_with(tmp, "{}", "other.json"), "no handover.json inside"),
    (lambda tmp: _pack_with(tmp, "{not json"), "not valid JSON"),
    (lambda tmp: _pack_with(tmp, {"format": "something else"}), "not a csdesk handover pack"),
    (lambda tmp: _pack_with(tmp, {"format": "csdesk-handover", "version": 99,
                                  "csdesk": "9.0"}), "made by a newer csdesk"),
])
def test_a_bad_pack_is_named_and_changes_nothing(receiver: Services, tmp_path: Path, make,
                                                 message: str) -> None:
    with pytest.raises(CsdeskError, match=message):
        receiver.handover.import_pack(make(tmp_path))
    assert receiver.accounts.list() == []


def test_a_bad_record_rolls_the_whole_import_back(demo_services: Services, receiver: Services,
                                                  tmp_path: Path) -> None:
    pack = demo_services.handover.export(tmp_path / "book.zip", TODAY, documents=False)
    with zipfile.ZipFile(pack) as archive:
        data = json.loads(archive.read("handover.json"))
    data["records"]["meetings"][-1]["held_on"] = "23/11/2026"
    broken = _pack_with(tmp_path, data)
    with pytest.raises(CsdeskError, match="meetings .*held_on '23/11/2026' cannot be read"):
        receiver.handover.import_pack(broken)
    assert receiver.accounts.list() == []  # all or nothing


@pytest.mark.sqlite_only
def test_handover_commands(demo_services: Services, db_path: Path, tmp_path: Path,
                           capsys) -> None:
    name = demo_services.accounts.list()[0].name
    demo_services.workspace.close()
    pack = tmp_path / "handover.zip"
    assert cli.main(["handover", "export", name, "--db", str(db_path), "-o", str(pack),
                     "--today", TODAY.isoformat()]) == 0
    other = tmp_path / "other.db"
    folder = tmp_path / "docs"
    assert cli.main(["handover", "import", str(pack), "--db", str(other), "--documents",
                     str(folder)]) == 0
    out = capsys.readouterr().out
    assert "1 account handed over (1 new, 0 already here)" in out
    assert (folder / name / "Success plan.docx").stat().st_size > 10_000
    assert cli.main(["handover", "import", str(pack), "--db", str(other)]) == 0
    assert "0 records added" in capsys.readouterr().out
    assert cli.main(["handover", "import", str(tmp_path / "docs"), "--db", str(other)]) == 1


def test_a_taken_over_renewal_within_90_days_gets_its_start_renewal_item(
        services: Services, receiver: Services, tmp_path: Path) -> None:
    from datetime import date, timedelta

    from csdesk import clock
    from tests.conftest import TODAY

    account = services.accounts.create(name="Renews later", renewal_date=date(2027, 6, 1))
    pack = services.handover.export(tmp_path / "pack.zip", TODAY, [account.id])
    later = date(2027, 6, 1) - timedelta(days=60)  # the receiver takes over nearer renewal
    with clock.moved_to(later):
        receiver.handover.import_pack(pack)
    items = [i.text for i in receiver.book.today(later).due]
    assert items == ["Start renewal (renews 2027-06-01)"]
