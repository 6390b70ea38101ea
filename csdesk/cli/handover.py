"""csdesk handover export|import: accounts handed over to another CSM."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from csdesk import clock
from csdesk.cli.common import _checked_output, _date_arg, _with_services


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk handover ACTION`."""
    handover = commands.add_parser(
        "handover", help="hand accounts over to another CSM: one .zip with the data and each "
                         "account's success plan")
    handover_commands = handover.add_subparsers(title="what to do", metavar="ACTION",
                                                required=True)
    handover_export = handover_commands.add_parser(
        "export", parents=[common], help="write a handover pack (the whole book by default)")
    handover_export.add_argument("accounts", metavar="ACCOUNT", nargs="*",
                                 help="account names or ids (default: every active account)")
    handover_export.add_argument("-o", "--output", type=Path, required=True,
                                 metavar="FILE.zip")
    handover_export.add_argument("--no-documents", action="store_true",
                                 help="the data only, without the Word documents (faster)")
    handover_export.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                                 help="date the documents as of this day (default: today)")
    handover_export.set_defaults(handler=_cmd_handover_export)
    handover_import = handover_commands.add_parser(
        "import", parents=[common], help="merge a handover pack into this workspace (importing "
                                         "it again changes nothing)")
    handover_import.add_argument("file", type=Path, metavar="FILE.zip")
    handover_import.add_argument("--documents", type=Path, metavar="FOLDER",
                                 help="also save the pack's Word documents in this folder")
    handover_import.set_defaults(handler=_cmd_handover_import)


def _cmd_handover_export(args: argparse.Namespace) -> int:
    output = _checked_output(args.output, ".zip")

    def run(services) -> int:
        ids = [services.accounts.find(name).id for name in args.accounts] or None
        services.handover.export(output, args.today or clock.today(), ids,
                                 documents=not args.no_documents)
        print(f"Wrote {output}")
        return 0

    return _with_services(args, run)


def _cmd_handover_import(args: argparse.Namespace) -> int:
    from csdesk.services.handover import read_pack, save_documents

    read_pack(args.file)  # a bad file is reported before the workspace is opened

    def run(services) -> int:
        print(services.handover.import_pack(args.file).summary())
        if args.documents:
            saved = save_documents(args.file, args.documents)
            print(f"Saved {len(saved)} documents in {args.documents}")
        return 0

    return _with_services(args, run, writes=True)
