"""The user's settings: typed, validated, versioned and migrated; and what they change."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from csdesk import cli
from csdesk import settings as user_settings
from csdesk.services import Services
from csdesk.services.validation import format_money, set_number_format
from csdesk.settings import Settings, load, save
from csdesk.store import Workspace, backup, resolve_location

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CSDESK_CONFIG_DIR", str(tmp_path / "config"))
    yield tmp_path / "config" / "settings.json"
    set_number_format("1,234.56")


def test_defaults_without_a_file_and_a_round_trip(settings_file: Path) -> None:
    assert load() == Settings()
    chosen = replace(Settings(), currency="EUR", number_format="1.234,56",
                     gross_margin=Decimal("0.8"), backup_keep_daily=14)
    save(chosen)
    assert json.loads(settings_file.read_text())["version"] == user_settings.VERSION
    assert load() == chosen and isinstance(load().gross_margin, Decimal)


def test_a_bad_value_falls_back_to_its_default_and_says_why(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"version": 1, "currency": "euro",
                                         "gross_margin": "1.5", "backup_keep_daily": 7}))
    loaded = load()
    assert (loaded.currency, loaded.gross_margin) == ("USD", Decimal("0.75"))
    assert len(loaded.problems) == 2 and "currency 'euro'" in loaded.problems[0]
    settings_file.write_text("{broken")
    assert "cannot be read" in load().problems[0]
    with pytest.raises(ValueError, match="currency"):
        save(replace(Settings(), currency="dollars"))


def test_an_older_file_is_migrated_and_saved_back(settings_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def rename_keep(data: dict) -> dict:  # e.g. version 1 called it "keep_backups"
        data["backup_keep_daily"] = data.pop("keep_backups")
        return data

    monkeypatch.setattr(user_settings, "VERSION", 2)
    monkeypatch.setattr(user_settings, "MIGRATIONS", {1: rename_keep})
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"version": 1, "keep_backups": 21}))
    assert load().backup_keep_daily == 21
    on_disk = json.loads(settings_file.read_text())
    assert on_disk["version"] == 2 and on_disk["backup_keep_daily"] == 21
    assert "keep_backups" not in on_disk


def test_a_file_from_a_newer_csdesk_is_read_but_never_overwritten(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"version": 99, "currency": "GBP", "future": 1}))
    loaded = load()
    assert loaded.currency == "GBP" and loaded.newer
    with pytest.raises(OSError, match="newer csdesk"):
        save(replace(loaded, currency="EUR"))
    assert json.loads(settings_file.read_text())["currency"] == "GBP"


def test_number_format_changes_how_money_is_written() -> None:
    assert format_money(123456789, "EUR") == "€1,234,567.89"
    set_number_format("1.234,56")
    assert format_money(123456789, "EUR") == "€1.234.567,89"
    set_number_format("1 234,56")
    assert format_money(-100000, "SEK") == "-SEK 1\u202f000"


def test_the_workspace_setting_chooses_what_opens(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CSDESK_DB", raising=False)
    chosen = tmp_path / "team" / "book.db"
    save(user_settings.remember_workspace(Settings(), str(chosen)))
    assert resolve_location().path == chosen
    assert resolve_location(tmp_path / "other.db").path == tmp_path / "other.db"  # --db wins
    assert load().recent_workspaces == [str(chosen)]


def test_backups_follow_the_backup_settings(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    save(replace(Settings(), backup_folder=str(folder), backup_keep_daily=2))
    db = tmp_path / "w.db"
    Workspace.open(resolve_location(db), daily_backup=False).close()
    from datetime import UTC, datetime, timedelta

    for day in range(4):
        backup.make_backup(db, "daily", now=datetime(2026, 11, 20, tzinfo=UTC)
                           + timedelta(days=day))
    kept = backup.list_backups(db)
    assert len(kept) == 2 and all(info.path.parent == folder / "w-backups" for info in kept)
    assert not (tmp_path / "w-backups").exists()


def test_the_metrics_command_uses_the_gross_margin_setting(demo_services: Services,
                                                           db_path: Path, capsys) -> None:
    demo_services.workspace.close()
    save(replace(Settings(), gross_margin=Decimal("0.6")))
    assert cli.main(["metrics", "--db", str(db_path), "--json", "--to", TODAY.isoformat()]) == 0
    assert json.loads(capsys.readouterr().out)["gross_margin"] == 0.6
    assert cli.main(["metrics", "--db", str(db_path), "--json", "--gross-margin", "0.9"]) == 0
    assert json.loads(capsys.readouterr().out)["gross_margin"] == 0.9


def test_imported_accounts_without_a_currency_get_the_usual_one(services: Services,
                                                                tmp_path: Path) -> None:

    save(replace(Settings(), currency="EUR"))
    csv = tmp_path / "accounts.csv"
    csv.write_text("name,arr,currency\nAcme,1000,\nGlobex,$2000,\nInitech,3000,GBP\n",
                   encoding="utf-8")
    services.importing.import_accounts(csv)
    currencies = {a.name: a.currency for a in services.accounts.list()}
    assert currencies == {"Acme": "EUR", "Globex": "USD", "Initech": "GBP"}


DANA = replace(Settings(), my_name="Dana Rossi", my_title="Senior Customer Success Manager",
               my_email="dana.rossi@northwind.example", my_phone="+1 (555) 010-0199",
               company="Northwind Software")


def test_who_signs_documents_round_trips(settings_file: Path) -> None:
    assert user_settings.signature(load()) is None  # no name yet: documents ask first
    save(DANA)
    assert load() == DANA
    assert user_settings.signature(load()) == user_settings.Signature(
        name="Dana Rossi", title="Senior Customer Success Manager",
        email="dana.rossi@northwind.example", phone="+1 (555) 010-0199",
        company="Northwind Software")
    on_disk = json.loads(settings_file.read_text())
    assert (on_disk["my_title"], on_disk["company"]) == ("Senior Customer Success Manager",
                                                         "Northwind Software")
    assert user_settings.signature(replace(DANA, my_name="")) is None
    just_a_name = user_settings.signature(replace(Settings(), my_name="Dana Rossi"))
    assert just_a_name == user_settings.Signature(name="Dana Rossi")  # no title printed
    assert (just_a_name.title, just_a_name.email, just_a_name.company) == ("", "", "")
    with pytest.raises(AttributeError):
        just_a_name.name = "someone else"  # type: ignore[misc]


@pytest.mark.parametrize(("key", "value", "words"), [
    ("my_email", "dana", "an e-mail address such as dana@example.com"),
    ("my_email", "dana@example", "e-mail address"),
    ("my_email", "dana rossi@example.com", "e-mail address"),
    ("my_email", "@example.com", "e-mail address"),
    ("my_email", "dana@@example.com", "e-mail address"),
    ("my_email", "dana@example..com", "e-mail address"),
    ("my_email", "dana@example.com\n", "e-mail address"),
    ("my_email", "d" * 190 + "@example.com", "at most 200 characters"),
    ("my_phone", "555-CALL-NOW", "digits, spaces and + ( ) - . only"),
    ("my_phone", "+1 555 0199 ext. 12", "digits, spaces and + ( ) - . only"),
    ("my_phone", "1" * 41, "at most 40 characters"),
    ("my_phone", "+()", "a phone number"),
    ("my_title", "Senior\nCSM", "without control characters"),
    ("my_title", "T" * 201, "a title of at most 200 characters"),
    ("company", "Northwind\x07", "a company name of at most 200"),
    ("company", " Northwind", "spaces at either end"),
    ("my_name", "Dana\u2028Rossi", "a name of at most 200 characters"),
    ("my_name", "Dana\u202eRossi", "without control characters"),
])
def test_each_field_on_documents_is_checked_with_its_own_message(key: str, value: str,
                                                                  words: str) -> None:
    errors = user_settings.check({**user_settings.to_dict(Settings()), key: value})
    assert list(errors) == [key] and words in errors[key]
    with pytest.raises(ValueError, match=key):
        save(replace(Settings(), **{key: value}))


def test_what_people_really_type_is_accepted() -> None:
    for values in ({"my_email": "dana.rossi+csm@mail.northwind.example.co.uk",
                    "my_phone": "+44 (0)20 7946 0958", "my_title": "Directrice réussite client",
                    "company": "Zoë\u00a0Müller GmbH & Co. KG", "my_name": "Zoë Müller"},
                   {"my_phone": "555.010.0199", "my_name": "\u0646\u0627\u200c\u0647\u06cc\u062f"},
                   {"my_email": "", "my_phone": "", "my_title": "", "company": ""}):
        assert user_settings.check({**user_settings.to_dict(Settings()), **values}) == {}


def test_a_version_1_file_gains_the_fields_and_is_kept_from_older_csdesks(
        settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"version": 1, "my_name": "Dana Rossi",
                                         "currency": "EUR"}))
    loaded = load()
    assert (loaded.my_name, loaded.currency, loaded.my_title, loaded.problems) == (
        "Dana Rossi", "EUR", "", ())
    on_disk = json.loads(settings_file.read_text())
    # Version 2: a csdesk that knows only version 1 reads it but never writes it back without
    # the title, e-mail, phone and company.
    assert on_disk["version"] == user_settings.VERSION == 2
    added = ("my_title", "my_email", "my_phone", "company")
    assert {k: on_disk[k] for k in added} == dict.fromkeys(added, "")
    settings_file.write_text(json.dumps({"version": 2, "my_name": "Dana Rossi",
                                         "my_email": "not an address", "my_phone": "+1 555"}))
    loaded = load()
    assert (loaded.my_email, loaded.my_phone) == ("", "+1 555")
    assert len(loaded.problems) == 1 and "my_email 'not an address'" in loaded.problems[0]
