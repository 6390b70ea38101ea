"""The `csdesk` command's entry point: the parser, assembled from the command groups, and the
one place where errors become exit codes and a line on stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from csdesk import __version__, clock
from csdesk.cli import exports, handover, imports, metrics, settings, templates, workspace
from csdesk.cli.common import EXIT_ERROR, EXIT_USAGE, Handler, _location
from csdesk.cli.workspace import _cmd_gui
from csdesk.errors import CsdeskError, ImportRowsError

# Every command, in the order `csdesk --help` lists them.
_COMMANDS = (
    workspace.add_demo, imports.add_parser, metrics.add_parser, workspace.add_check,
    workspace.add_backup, workspace.add_restore, workspace.add_screenshot, exports.add_chart,
    exports.add_export, workspace.add_migrate_workspace, handover.add_parser,
    templates.add_parser, workspace.add_encrypt, workspace.add_decrypt, workspace.add_backups,
    settings.add_parser,
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error already explained
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    handler: Handler = getattr(args, "handler", _cmd_gui)
    from csdesk.store import lock

    window, lock.holder = lock.holder, (
        lock.holder if handler is _cmd_gui else
        "csdesk " + handler.__name__.removeprefix("_cmd_").replace("_", " "))
    try:
        return _run(args, handler)
    finally:
        lock.holder = window


def _run(args: argparse.Namespace, handler: Handler) -> int:
    try:
        from csdesk.services.validation import set_number_format
        from csdesk.settings import load

        set_number_format(load().number_format)  # money in documents, as the user writes it
        _passphrase_from_environment(args)
        day = getattr(args, "today", None)
        if day is None:
            return handler(args)
        with clock.moved_to(day):  # --today moves the program's one clock, for every layer
            return handler(args)
    except ImportRowsError as error:
        print(f"csdesk: error: {error}", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_ERROR
    except CsdeskError as error:
        detail = getattr(error, "detail", None)  # e.g. the server's own words
        print(f"csdesk: error: {error}" + (f" ({detail})" if detail else ""), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("csdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `csdesk … | head`: the reader has what it wanted; stay quiet
        _silence_stdout()
        return 1
    except Exception as error:  # a bug: keep the terminal clean, keep the details
        from csdesk.logs import short_reason

        log_file = _log_exception(error)
        print(f"csdesk: unexpected error: {short_reason(error)} (details in {log_file})",
              file=sys.stderr)
        return EXIT_ERROR


class _Parser(argparse.ArgumentParser):
    """A usage error is one clear line on stderr (DESIGN.md), pointing at --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush at exit
    does not fail (and print) again (the recipe in Python's signal documentation)."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _passphrase_from_environment(args: argparse.Namespace) -> None:
    import os

    passphrase = os.environ.get("CSDESK_PASSPHRASE")
    location = _location(args)
    if passphrase and location.path is not None:
        from csdesk.store.encryption import use_passphrase, uses_passphrase

        if uses_passphrase(location.path):  # never in place of a key the keychain holds
            use_passphrase(location.path, passphrase)


def _build_parser() -> argparse.ArgumentParser:
    db_help = "workspace file (default: CSDESK_DB, or workspace.db in the user data folder)"
    parser = _Parser(
        prog="csdesk", description="Success plans, critical paths and QBRs for a CSM's book.")
    parser.add_argument("--version", action="version", version=f"csdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help=db_help)
    # Subcommands accept --db too, after their name; SUPPRESS keeps a global --db.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")


    for add in _COMMANDS:  # each group's commands beside their handlers, in this order
        add(commands, common)
    return parser


def _log_exception(error: BaseException) -> Path | str:
    from csdesk.logs import log_exception

    return log_exception(error, "command line") or "(no log: the log folder is not writable)"
