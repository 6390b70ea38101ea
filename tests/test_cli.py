"""The command line: what users and scripts rely on, exit codes and one-line errors included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from csdesk import __version__, cli
from csdesk.services import Services
from csdesk.store import Workspace, backup, resolve_location


def run(*args: str) -> tuple[int, str, str]:
    """Run the real `csdesk` command in a fresh process, as a user or a script would."""
    completed = subprocess.run([sys.executable, "-m", "csdesk", *args], capture_output=True,
                               text=True, timeout=120, env={**os.environ})
    return completed.returncode, completed.stdout, completed.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert (code, out.strip()) == (0, f"csdesk {__version__}")


def test_demo_then_check(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    code, out, err = run("demo", "--db", str(db))
    assert code == 0, err
    assert "25 accounts" in out
    code, out, err = run("check", "--db", str(db))
    assert code == 0, err
    assert "integrity: ok" in out and "accounts: 25" in out


def test_demo_refuses_a_non_empty_workspace(tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.db"
    assert cli.main(["demo", "--db", str(db), "--accounts", "3"]) == 0
    assert cli.main(["demo", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err


@pytest.mark.parametrize("args", [["--accounts", "0"], ["--accounts", "20001"],
                                  ["--today", "1950-01-01"]])
def test_a_demo_that_cannot_be_made_leaves_no_workspace_behind(tmp_path: Path, capsys,
                                                                args: list[str]) -> None:
    assert cli.main(["demo", "--db", str(tmp_path / "w.db"), *args]) == 1
    assert "a demo book" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no workspace file, no backups folder


def test_global_db_option_and_env_var(tmp_path: Path, monkeypatch, capsys) -> None:
    assert cli.main(["--db", str(tmp_path / "a.db"), "demo", "--accounts", "2"]) == 0
    monkeypatch.setenv("CSDESK_DB", str(tmp_path / "b.db"))
    assert cli.main(["demo", "--accounts", "4"]) == 0
    assert cli.main(["check"]) == 0
    assert "accounts: 4" in capsys.readouterr().out
    assert (tmp_path / "a.db").exists()


def test_import_malformed_csv_changes_nothing_and_names_each_bad_row(tmp_path, capsys) -> None:
    db = tmp_path / "w.db"
    cli.main(["demo", "--db", str(db), "--accounts", "3"])
    before = db.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("name,arr,renewal_date\nNew,abc,\nOther,,2026-13-40\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["import", "accounts", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["csdesk: error: bad.csv: 2 problems, nothing imported",
                   "  row 2, column arr: 'abc' — not an amount of money",
                   "  row 3, column renewal_date: '2026-13-40' — no such date"]
    with Workspace.open(resolve_location(db), daily_backup=False) as ws:
        assert Services(ws).accounts.count() == 3
    assert len(before) > 0


def test_import_reports_what_it_did(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.csv"
    good.write_text("name,arr\nAcme,100\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    assert cli.main(["import", "accounts", str(good), "--db", db, "--dry-run"]) == 0
    said = capsys.readouterr()
    assert said.out.startswith("Dry run: 1 account would be created")
    assert "a dry run previews against an empty one and creates none" in said.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.csv"]  # no workspace, no backup
    assert cli.main(["import", "accounts", str(good), "--db", db]) == 0
    assert "created: Acme" in capsys.readouterr().out


def test_check_reports_damage_and_the_backup_to_restore(tmp_path: Path, capsys) -> None:
    db = tmp_path / "w.db"
    cli.main(["demo", "--db", str(db), "--accounts", "2"])
    assert cli.main(["backup", "--db", str(db)]) == 0
    saved = backup.list_backups(db)[0].path
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
    capsys.readouterr()
    assert cli.main(["check", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and str(saved) in err and err.count("\n") == 1
    assert cli.main(["restore", str(saved), "--db", str(db)]) == 0
    assert "kept as" in capsys.readouterr().out
    assert cli.main(["check", "--db", str(db)]) == 0


def test_restore_refuses_while_the_app_has_the_workspace_open(tmp_path, capsys) -> None:
    db = tmp_path / "w.db"
    cli.main(["demo", "--db", str(db), "--accounts", "1"])
    cli.main(["backup", "--db", str(db)])
    saved = backup.list_backups(db)[0].path
    with Workspace.open(resolve_location(db), lock=True):
        assert cli.main(["restore", str(saved), "--db", str(db)]) == 1
    assert "in use by the csdesk window" in capsys.readouterr().err


def test_backups_lists_them(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "w.db")
    cli.main(["demo", "--db", db, "--accounts", "1"])
    cli.main(["backup", "--db", db])
    capsys.readouterr()
    assert cli.main(["backups", "--db", db]) == 0
    assert "manual" in capsys.readouterr().out


def test_an_unexpected_error_is_one_line_and_logged(monkeypatch, capsys, tmp_path) -> None:
    def broken(args):
        raise RuntimeError("kaboom")
    monkeypatch.setattr(cli.workspace, "_cmd_check", broken)  # where the parser finds it
    assert cli.main(["check", "--db", str(tmp_path / "w.db")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kaboom" in err and "Traceback" not in err
    log = Path(os.environ["CSDESK_DATA_DIR"]) / "logs" / "csdesk.log"
    assert "Traceback" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["check"], ["backup"], ["demo", "--accounts", "0"],
                                  ["import", "accounts", "missing.csv"]])
def test_errors_exit_non_zero_with_one_line(args, tmp_path, capsys) -> None:
    code = cli.main([*args, "--db", str(tmp_path / "none" / "w.db")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("csdesk: error: ") and err.count("\n") == 1
