"""csdesk import plan FILE.docx: the customer's edits to an exported success plan, shown
(--dry-run, --json) or applied (every proposed change csdesk can apply; a backup first).
Conflicts are not applied from the command line: the CSM decides each in the app, or with
--take-theirs. A change csdesk cannot apply as written (a date it cannot read) is shown with
why, and left out."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from csdesk import clock
from csdesk.cli.common import _backup_first, _date_arg, _open_services


def add_parser(kinds: Any, common: argparse.ArgumentParser) -> None:
    plan = kinds.add_parser(
        "plan", parents=[common],
        help="the customer's edits to a success plan exported as .docx: edited values, added "
             "and deleted rows, conflicts")
    plan.add_argument("file", type=Path, metavar="FILE.docx")
    plan.add_argument("--dry-run", action="store_true", help="show the changes, apply none")
    plan.add_argument("--json", action="store_true",
                      help="print the proposed changes as JSON (kind, record, field, ours, "
                           "theirs, exported, label, problem, comments); notes and what was "
                           "applied go to stderr")
    plan.add_argument("--take-theirs", action="store_true",
                      help="apply the customer's value where both sides changed it too")
    plan.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                      help="as on this day (default: today)")
    plan.set_defaults(handler=_cmd_import_plan)


def _cmd_import_plan(args: argparse.Namespace) -> int:
    today: date = args.today or clock.today()
    services = _open_services(args, create=False, lock=not args.dry_run)
    try:
        edits = services.plan_edits.propose(args.file, today)
        changes = edits.changes
        said = sys.stderr if args.json else sys.stdout  # stdout carries only the JSON
        if args.json:
            print(json.dumps([change.as_json() for change in changes], indent=2,
                             ensure_ascii=False))
            for note in edits.notes:
                print(f"note: {note}", file=said)
        else:
            _describe(edits)
        accepted = [c for c in changes
                    if (c.kind != "conflict" or args.take_theirs) and not c.problem]
        if args.dry_run or not accepted:
            return 0
        _backup_first(services, said)
        services.plan_edits.apply(edits, accepted, today)
    finally:
        services.workspace.close()
    conflicts = sum(1 for c in changes if c.kind == "conflict" and not c.problem
                    and not args.take_theirs)
    refused = sum(1 for c in changes if c.problem)
    print(f"Applied {len(accepted)} change{'' if len(accepted) == 1 else 's'} to the "
          f"success plan of {edits.account_name}" +
          (f"; {conflicts} conflict{'' if conflicts == 1 else 's'} left (--take-theirs "
           "applies them, or decide each in the app)" if conflicts else "") +
          (f"; {refused} csdesk cannot apply as written (see above)" if refused else ""),
          file=said)
    return 0


def _describe(edits: Any) -> None:
    print(f"{edits.reading.file_name}: the success plan of {edits.account_name}, exported "
          f"{edits.exported_at or 'on an unknown date'}")
    for note in edits.notes:
        print(f"  note: {note}")
    if not edits.changes:
        print("  no changes: the document says what csdesk has")
    for change in edits.changes:
        theirs = change.theirs if change.theirs is not None else "(deleted)"
        ours = "" if change.kind in ("added", "removed") else f" (csdesk: {change.ours})"
        print(f"  {change.kind}: {change.label}: {theirs}{ours}")
        if change.problem:
            print(f"    cannot apply: {change.problem}")
        for comment in change.comments:
            print(f"    comment: {comment}")
