"""What the command groups share: exit codes, argument types, the workspace and its services,
the checks on an output file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from csdesk.errors import CsdeskError, WorkspaceError
from csdesk.store.paths import WorkspaceLocation, resolve_location

EXIT_ERROR = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def _date_arg(text: str) -> date:
    from csdesk.services.validation import parse_date

    try:
        return parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is {error}") from None


def _margin_arg(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not Decimal(0) < value <= 1:
        raise argparse.ArgumentTypeError("gross margin is a fraction above 0 and at most 1, "
                                         "e.g. 0.75")
    return value


def _location(args: argparse.Namespace) -> WorkspaceLocation:
    return resolve_location(getattr(args, "db", None))


def _file_location(args: argparse.Namespace, what: str) -> Path:
    location = _location(args)
    if location.path is None:
        raise WorkspaceError(f"{what} works on a workspace file; use --db PATH")
    return location.path


def _open_services(args: argparse.Namespace, *, create: bool = True,
                   lock: bool = False, scratch: bool = False):
    """The services of the workspace; ``lock`` for a command that writes: one writer at a
    time, so no command changes a workspace another csdesk holds. ``scratch``: a dry run,
    which makes nothing: where there is no workspace file yet, an empty one in a temporary
    folder (removed when the command ends) stands in for it."""
    from csdesk.services import Services
    from csdesk.store.workspace import Workspace

    location = _location(args)
    if scratch and location.path is not None and not location.path.exists():
        location = _scratch_location(location.path)
    workspace = Workspace.open(location, create=create, lock=lock)
    if workspace.report.backup_problem:  # the workspace is fine; say so, and go on
        print(f"csdesk: warning: {workspace.report.backup_problem}", file=sys.stderr)
    if workspace.report.finished_conversion:
        print(f"csdesk: {workspace.report.finished_conversion}", file=sys.stderr)
    return Services(workspace)


def _scratch_location(missing: Path) -> WorkspaceLocation:
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="csdesk-dry-run-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    print(f"csdesk: no workspace at {missing} yet: a dry run previews against an empty one "
          "and creates none", file=sys.stderr)
    return resolve_location(folder / "workspace.db")


def _with_services(args: argparse.Namespace, action: Callable[..., int], *,
                   writes: bool = False, scratch: bool = False) -> int:
    services = _open_services(args, lock=writes, scratch=scratch)
    try:
        return action(services)
    finally:
        services.workspace.close()


def _checked_output(path: Path, suffix: str) -> Path:
    if path.suffix.lower() != suffix:
        raise CsdeskError(f"{path.name}: the document is written as {suffix}")
    if not path.parent.is_dir():
        raise CsdeskError(f"no folder {path.parent} to write {path.name} into")
    return path


def _backup_first(services: Any, to: Any = None) -> None:
    """An import changes many records: a backup first, named, so it can be brought back.
    ``to``: where it is said (stderr when stdout carries JSON)."""
    path = services.workspace.path
    if path is None:
        return
    from csdesk.store import backup

    saved = backup.make_backup(path, "pre-import").path
    print(f"Backed up first: {saved} (csdesk restore \"{saved}\" brings it back)", file=to)
