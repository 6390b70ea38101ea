"""`csdesk settings show | set`: the settings from a script, checked as the dialog checks them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields

from csdesk import cli
from csdesk import settings as user_settings


def _keys() -> list[str]:
    return [f.name for f in fields(user_settings.Settings) if f.name not in ("problems", "newer")]


def test_settings_set_then_show_every_setting(capsys) -> None:
    for key, value in (("my_email", "dana@northwind.example"), ("company", " Northwind "),
                       ("my_phone", "+1 (555) 010-0199"), ("gross_margin", "0.8"),
                       ("backup_keep_daily", "14"), ("currency", "eur")):
        assert cli.main(["settings", "set", key, value]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.splitlines()[1] == "company: Northwind"
    saved = user_settings.load()
    assert (saved.my_email, saved.company, saved.my_phone, str(saved.gross_margin),
            saved.backup_keep_daily, saved.currency) == (
        "dana@northwind.example", "Northwind", "+1 (555) 010-0199", "0.8", 14, "EUR")

    assert cli.main(["settings", "show"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == _keys()  # every setting, one a line
    for expected in ("my_email: dana@northwind.example", "company: Northwind",
                     "my_title: (not set)", "gross_margin: 0.8", "backup_keep_daily: 14",
                     "recent_workspaces: []"):
        assert expected in lines

    assert cli.main(["settings", "set", "company", ""]) == 0  # "" clears a text setting
    capsys.readouterr()
    assert cli.main(["settings", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["settings"]["my_email"] == "dana@northwind.example"
    assert shown["settings"]["company"] == "" and shown["settings"]["gross_margin"] == 0.8
    assert list(shown["settings"]) == _keys()
    assert (shown["problems"], shown["read_only"]) == ([], False)
    assert shown["file"] == str(user_settings.settings_path())


def test_settings_show_says_what_it_fell_back_on(capsys) -> None:
    path = user_settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 2, "my_email": "dana@", "my_name": "Dana"}))
    assert cli.main(["settings", "show"]) == 0
    out = capsys.readouterr().out
    assert "my_email: (not set)" in out and "my_name: Dana" in out
    assert "problem: my_email 'dana@' is not an e-mail address" in out


def test_settings_set_refuses_a_bad_value_and_changes_nothing(capsys) -> None:
    assert cli.main(["settings", "set", "my_email", "dana@northwind.example"]) == 0
    path = user_settings.settings_path()
    before = path.read_bytes()
    capsys.readouterr()
    for key, value, words in (
            ("my_email", "dana@northwind", "my_email 'dana@northwind' is not an e-mail address "
                                           "such as dana@example.com"),
            ("my_phone", "555-CALL-NOW", "digits, spaces and + ( ) - . only"),
            ("gross_margin", "lots", "a fraction above 0 and at most 1"),
            ("backup_keep_daily", "a week", "a whole number of days from 1 to 90"),
            ("my_title", "x" * 201, "a title of at most 200 characters")):
        assert cli.main(["settings", "set", key, value]) == 2, key
        err = capsys.readouterr().err
        assert err.startswith("csdesk: error: ") and err.count("\n") == 1, err
        assert words in err and "nothing was changed" in err
        assert path.read_bytes() == before


def test_settings_set_names_the_keys_it_takes(capsys) -> None:
    assert cli.main(["settings", "set", "colour", "blue"]) == 2
    err = capsys.readouterr().err
    assert "unknown setting 'colour'" in err and err.count("\n") == 1
    assert "my_name, my_title, my_email, my_phone, company, currency" in err
    assert cli.main(["settings", "set", "workspace", "/tmp/book.db"]) == 2
    err = capsys.readouterr().err
    assert "workspace cannot be set this way" in err and "recent_workspaces" in err
    assert "Tools → Settings" in err and "backup_keep_daily" in err
    assert not user_settings.settings_path().exists()


def test_settings_set_leaves_a_newer_or_unreadable_file_alone(capsys) -> None:
    path = user_settings.settings_path()
    path.parent.mkdir(parents=True)
    newer = json.dumps({"version": 99, "my_name": "Dana", "future": True})
    path.write_text(newer)
    assert cli.main(["settings", "set", "my_title", "CSM"]) == 1
    assert "newer csdesk" in capsys.readouterr().err and path.read_text() == newer
    path.write_text("{broken")
    assert cli.main(["settings", "set", "my_title", "CSM"]) == 1
    assert "cannot be read" in capsys.readouterr().err and path.read_text() == "{broken"


def test_settings_set_exits_2_from_a_real_process() -> None:
    completed = subprocess.run([sys.executable, "-m", "csdesk", "settings", "set", "my_email",
                                "dana at northwind"], capture_output=True, text=True,
                               timeout=120, env={**os.environ})
    assert completed.returncode == 2 and completed.stdout == ""
    assert completed.stderr.count("\n") == 1 and "e-mail address" in completed.stderr
    assert not user_settings.settings_path().exists()
