"""The workspace itself: demo, check, backup, restore, backups, encrypt, decrypt,
migrate-workspace; and the app, or a screenshot of it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from csdesk.cli.common import _date_arg, _file_location, _location, _open_services
from csdesk.errors import CsdeskError


def add_demo(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk demo`."""
    demo = commands.add_parser("demo", parents=[common], help="create a demo book of accounts")
    demo.add_argument("--accounts", type=int, default=25, metavar="N",
                      help="how many accounts (default 25, at most 20000)")
    demo.add_argument("--seed", type=int, default=7, help="the same seed gives the same book")
    demo.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                      help="lay the book out around this day instead of today")
    demo.add_argument("--force", action="store_true",
                      help="replace the accounts of a workspace that is not empty")
    demo.set_defaults(handler=_cmd_demo)


def _cmd_demo(args: argparse.Namespace) -> int:
    from csdesk.services.demo import DemoService, check_request

    check_request(args.accounts, args.today)  # before a workspace file is made for nothing
    services = _open_services(args, lock=True)
    try:
        made = DemoService(services.workspace).create_book(
            args.accounts, seed=args.seed, today=args.today, force=args.force)
    finally:
        services.workspace.close()
    print(f"Created a demo book of {made} accounts in {services.workspace.location.describe()}")
    return 0


def add_check(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk check`."""
    check = commands.add_parser("check", parents=[common],
                                help="verify the workspace's integrity and schema")
    check.set_defaults(handler=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    from csdesk.errors import DamagedWorkspaceError
    from csdesk.store import backup
    from csdesk.store.check import check_server, check_workspace

    location = _location(args)
    if location.path is None:  # a team workspace
        print("\n".join(check_server(location).lines()))
        return 0
    path = location.path
    try:
        report = check_workspace(path)
    except DamagedWorkspaceError as error:
        good = next((b for b in backup.list_backups(path)
                     if not _backup_problems(b.path, path)), None)
        hint = (f"; the newest good backup is {good.path} (csdesk restore {good.path})"
                if good else "; no good backup was found")
        raise DamagedWorkspaceError(f"{error}{hint}") from None
    print("\n".join(report.lines()))
    return 0


def _backup_problems(path: Path, db_path: Path) -> list[str]:
    from csdesk.store.encryption import key_for_file
    from csdesk.store.integrity import check_file

    return check_file(path, full=True, key=key_for_file(path, db_path))


def add_backup(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk backup`."""
    backup = commands.add_parser("backup", parents=[common], help="make a verified backup now")
    backup.set_defaults(handler=_cmd_backup)


def _cmd_backup(args: argparse.Namespace) -> int:
    from csdesk.store import backup
    from csdesk.store.lock import InstanceLock

    path = _file_location(args, "backup")
    with InstanceLock(path):  # in the app: File → Back up now
        info = backup.make_backup(path, "manual")
    print(f"Backup written and verified: {info.path}")
    return 0


def add_restore(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk restore`."""
    restore = commands.add_parser("restore", parents=[common],
                                  help="replace the workspace with a backup (kept aside first)")
    restore.add_argument("backup", type=Path, metavar="BACKUP", nargs="?",
                         help="the backup file (or --latest)")
    restore.add_argument("--latest", action="store_true",
                         help="the newest backup that passes an integrity check")
    restore.set_defaults(handler=_cmd_restore)


def _cmd_restore(args: argparse.Namespace) -> int:
    from csdesk.store import backup
    from csdesk.store.lock import InstanceLock
    from csdesk.store.recovery import newest_good_backup

    path = _file_location(args, "restore")
    if not args.latest and args.backup is None:
        raise CsdeskError("name the backup to restore, or use --latest")
    with InstanceLock(path):
        source = args.backup
        if args.latest:
            good = newest_good_backup(path)
            if good is None:
                raise CsdeskError(f"no backup of {path} passes an integrity check")
            source = good.path
        aside = backup.restore(path, source)
    print(f"Restored {path} from {source}")
    if aside:
        print(f"The previous workspace file was kept as {aside}")
    return 0


def add_backups(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk backups`."""
    backups = commands.add_parser("backups", parents=[common], help="list the backups")
    backups.set_defaults(handler=_cmd_list_backups)


def _cmd_list_backups(args: argparse.Namespace) -> int:
    from csdesk.store import backup

    found = backup.list_backups(_file_location(args, "backups"))
    if not found:
        print("No backups yet.")
    for info in found:
        print(f"{info.taken_at:%Y-%m-%d %H:%M:%S} UTC  {info.reason:<13}  {info.path}")
    return 0


def add_encrypt(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk encrypt`."""
    encrypt = commands.add_parser("encrypt", parents=[common],
                                  help="encrypt the workspace and its backups (SQLCipher)")
    encrypt.add_argument("--passphrase", action="store_true",
                         help="use a passphrase instead of a key in the keychain (asked for, "
                              "or read from CSDESK_PASSPHRASE)")
    encrypt.set_defaults(handler=_cmd_encrypt)


def _passphrase(confirm: bool) -> str:
    import getpass
    import os

    given = os.environ.get("CSDESK_PASSPHRASE")
    if given:
        return given
    if not sys.stdin.isatty():
        raise CsdeskError("no passphrase: set CSDESK_PASSPHRASE or run in a terminal")
    first = getpass.getpass("Passphrase: ")
    if confirm and getpass.getpass("Again: ") != first:
        raise CsdeskError("the two passphrases differ; nothing was changed")
    return first


def _cmd_encrypt(args: argparse.Namespace) -> int:
    from csdesk.store.workspace import Workspace

    path = _file_location(args, "encrypt")
    passphrase = _passphrase(confirm=True) if args.passphrase else None
    with Workspace.open(_location(args), create=False, lock=True, daily_backup=False) as ws:
        how = ws.encrypt(passphrase)
    where = ("the key is in this computer's keychain" if how == "keychain" else
             "you will need the passphrase to open it (set CSDESK_PASSPHRASE for commands)")
    print(f"Encrypted {path} and its backups; {where}")
    return 0


def add_decrypt(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk decrypt`."""
    decrypt = commands.add_parser("decrypt", parents=[common],
                                  help="turn an encrypted workspace back into plain SQLite")
    decrypt.set_defaults(handler=_cmd_decrypt)


def _cmd_decrypt(args: argparse.Namespace) -> int:
    from csdesk.store.workspace import Workspace

    path = _file_location(args, "decrypt")
    with Workspace.open(_location(args), create=False, lock=True, daily_backup=False) as ws:
        if not ws.encrypted:
            raise CsdeskError(f"{path} is not encrypted")
        ws.decrypt()
    print(f"Decrypted {path} and its backups to plain SQLite")
    return 0


def add_migrate_workspace(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk migrate-workspace`."""
    migrate_workspace = commands.add_parser(
        "migrate-workspace", parents=[common],
        help="copy this workspace (by default the local one) into an empty team workspace on "
             "a database server, verified by counts and checksums")
    migrate_workspace.add_argument("--to", dest="target", required=True, metavar="URL",
                                   help="e.g. postgresql+psycopg://me@db.example.com/csdesk")
    migrate_workspace.set_defaults(handler=_cmd_migrate_workspace)


def _cmd_migrate_workspace(args: argparse.Namespace) -> int:
    from csdesk.store.copy import copy_workspace
    from csdesk.store.paths import WorkspaceLocation
    from csdesk.store.workspace import Workspace

    if args.target.startswith("sqlite"):
        raise CsdeskError("--to is a database server's URL (postgresql+psycopg://…); to copy a "
                          "file, use csdesk backup")
    source = Workspace.open(_location(args), create=False, lock=True, daily_backup=False)
    try:
        target = Workspace.open(WorkspaceLocation(url=args.target))
        try:
            with source.engine.connect() as reading, target.engine.begin() as writing:
                report = copy_workspace(reading, writing)
        finally:
            target.close()
    finally:
        source.close()
    print(f"Copied {source.location.describe()} to {target.location.describe()}: "
          f"{report.summary()}")
    return 0


def _cmd_gui(args: argparse.Namespace) -> int:
    from csdesk.ui.app import run_app

    return run_app(_location(args))


def add_screenshot(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk screenshot`."""
    screenshot = commands.add_parser("screenshot", parents=[common],
                                     help="render the main window offscreen to a PNG")
    from csdesk.ui.screenshot import choices

    screenshot.add_argument("--view", default="today", help=choices())
    screenshot.add_argument("--size", default="1280x800", metavar="WxH",
                            help="the window's size (default 1280x800)")
    screenshot.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")
    screenshot.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                            help="show the workspace as on this day")
    screenshot.add_argument("--scheme", choices=["light", "dark"],
                            help="render with a light or dark palette (default: the system's)")
    screenshot.add_argument("--file", type=Path, metavar="FILE",
                            help="the spreadsheet a dialog:import-… view reads")
    screenshot.set_defaults(handler=_cmd_screenshot)


def _cmd_screenshot(args: argparse.Namespace) -> int:
    from csdesk.ui.screenshot import parse_size, parse_view, render

    parse_view(args.view)  # a view that is not one is said before anything opens
    path = render(_location(args), args.view, args.output, today=args.today,
                  scheme=args.scheme, size=parse_size(args.size), file=args.file)
    print(f"Wrote {path}")
    return 0
