"""csdesk import accounts|contacts|usage|revenue|responses|meetings|plan."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from csdesk.cli import plan_import
from csdesk.cli.common import _backup_first, _date_arg, _open_services, _with_services
from csdesk.errors import CsdeskError

LISTED = 20  # names listed after an import; the rest are counted


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk import KIND`."""
    importing = commands.add_parser("import", help="import data from a file")
    kinds = importing.add_subparsers(title="what to import", metavar="KIND", required=True)
    accounts = kinds.add_parser(
        "accounts", parents=[common],
        help="accounts from a CRM export (CSV or XLSX: Salesforce, HubSpot, Gainsight, …)")
    accounts.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
    accounts.add_argument("--dry-run", action="store_true",
                          help="preview: what would be created, updated, unchanged and every "
                               "row with a problem; change nothing")
    _import_options(accounts)
    accounts.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                          help="as on this day: which renewals are within 90 days (default: "
                               "today)")
    accounts.set_defaults(handler=_cmd_import_accounts)

    contacts = kinds.add_parser(
        "contacts", parents=[common],
        help="contacts/stakeholders (name or first and last name, title, e-mail, phone, role, "
             "account) from a CRM export, CSV or XLSX")
    contacts.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
    contacts.add_argument("--dry-run", action="store_true", help="preview, change nothing")
    _import_options(contacts)
    contacts.set_defaults(handler=_cmd_import_contacts)
    usage = kinds.add_parser(
        "usage", parents=[common],
        help="product usage (account, date, metric, value) as readings of the KPI of the same "
             "name, so adoption health comes from data")
    usage.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
    usage.add_argument("--dry-run", action="store_true", help="preview, change nothing")
    usage.add_argument("--metric", action="append", default=[], metavar="METRIC=KPI",
                       help="read METRIC as readings of the KPI named KPI (repeatable)")
    _import_options(usage)
    usage.set_defaults(handler=_cmd_import_usage)
    revenue = kinds.add_parser("revenue", parents=[common],
                               help="ARR history from a CSV file (account,date,arr)")
    revenue.add_argument("file", type=Path, metavar="FILE.csv")
    revenue.set_defaults(handler=_cmd_import_revenue)
    responses = kinds.add_parser(
        "responses", parents=[common],
        help="NPS/CSAT responses from a CSV file (account,date,kind,score[,contact][,comment])")
    responses.add_argument("file", type=Path, metavar="FILE.csv")
    responses.set_defaults(handler=_cmd_import_responses)
    meetings = kinds.add_parser(
        "meetings", parents=[common],
        help="meetings from a calendar (.ics from Outlook or Google Calendar), matched to "
             "accounts by the attendees' e-mail domains")
    meetings.add_argument("file", type=Path, metavar="FILE.ics")
    meetings.add_argument("--account", metavar="ACCOUNT",
                          help="put every event in this account instead of matching")
    meetings.add_argument("--from", dest="start", type=_date_arg, metavar="DATE",
                          help="only events on or after this day")
    meetings.add_argument("--to", dest="end", type=_date_arg, metavar="DATE",
                          help="only events on or before this day")
    meetings.add_argument("--dry-run", action="store_true",
                          help="list the events and their accounts, change nothing")
    meetings.set_defaults(handler=_cmd_import_meetings)
    plan_import.add_parser(kinds, common)


def _import_options(parser: argparse.ArgumentParser) -> None:
    """The options every file import shares: mapping, sheet, date order, good rows."""
    parser.add_argument("--mapping", default="auto", metavar="auto|NAME|FILE.json",
                        help="how the file's columns map to fields: matched by name (auto, "
                             "the default, or a saved mapping for the same headers), a saved "
                             "mapping's name, or a JSON file (see docs/importing.md)")
    parser.add_argument("--show-mapping", action="store_true",
                        help="print which column goes to which field, and why")
    parser.add_argument("--sheet", metavar="NAME", help="the XLSX sheet (default: the first)")
    parser.add_argument("--date-order", choices=["auto", "mdy", "dmy"], default="auto",
                        help="how 03/04/2027 is read: mdy (US), dmy (European); auto decides "
                             "from the column's values")
    parser.add_argument("--good-rows", action="store_true",
                        help="import the good rows and write the others to "
                             "'FILE rejected rows.csv' (default: all or nothing)")


def _cmd_import_accounts(args: argparse.Namespace) -> int:
    from csdesk.services.import_mapping import describe

    services = _open_services(args, lock=not args.dry_run, scratch=args.dry_run)
    try:
        importer = services.importing
        options = {"mapping": args.mapping, "sheet": args.sheet,
                   "date_order": args.date_order}
        if args.dry_run:
            result = importer.preview_accounts(args.file, **options)
        else:
            _backup_first(services)
            result = importer.import_accounts(args.file, good_rows_only=args.good_rows,
                                              **options)
    finally:
        services.workspace.close()
    _say_saved_mapping(result.mapping)
    if args.show_mapping:
        for line in describe(result.mapping):
            print(f"  {line}")
    prefix = "Dry run: " if result.dry_run else ""
    print(f"{prefix}{result.summary()}")
    for row in result.rejected[:LISTED]:
        for problem in row.problems:
            print(f"  {problem}")
    if len(result.rejected) > LISTED:
        print(f"  … and {len(result.rejected) - LISTED:,} more rows with problems")
    for label, names in (("created", result.created), ("updated", result.updated)):
        for name in names[:LISTED]:
            print(f"  {label}: {name}")
        if len(names) > LISTED:
            print(f"  … and {len(names) - LISTED:,} more {label}")
    nothing = result.rejected and not (result.created or result.updated or result.unchanged)
    return 1 if result.rejected and (not args.good_rows or nothing) else 0


def _say_saved_mapping(mapping: Any) -> None:
    """A saved mapping chosen for these headers is said, never applied unseen."""
    from csdesk.services.validation import clean_line

    how = {text for text in getattr(mapping, "how", {}).values()
           if text.startswith("saved mapping ")}
    for text in sorted(how):
        print(f"Using your {clean_line(text)} (--mapping auto found it for these columns; "
              "--show-mapping lists it)")


def _cmd_import_contacts(args: argparse.Namespace) -> int:
    return _import_records(args, "contacts")


def _cmd_import_usage(args: argparse.Namespace) -> int:
    return _import_records(args, "usage")


def _import_records(args: argparse.Namespace, kind: str) -> int:
    """Contacts or product usage: the same mapping, preview, good rows and backup."""
    from csdesk.services.import_mapping import describe

    metrics = {}
    for pair in getattr(args, "metric", []):
        metric, sep, kpi = pair.partition("=")
        if not sep or not metric.strip() or not kpi.strip():
            raise CsdeskError(f"--metric {pair!r}: write it METRIC=KPI, e.g. "
                              "\"Weekly active users=Active users\"")
        metrics[metric.strip()] = kpi.strip()
    services = _open_services(args, lock=not args.dry_run, scratch=args.dry_run)
    try:
        importer = services.people_import
        if not args.dry_run:
            _backup_first(services)
        options = {"dry_run": args.dry_run, "mapping": args.mapping, "sheet": args.sheet,
                   "good_rows_only": args.good_rows or args.dry_run}
        result = (importer.import_contacts(args.file, **options) if kind == "contacts" else
                  importer.import_usage(args.file, date_order=args.date_order,
                                        metrics=metrics, **options))
    finally:
        services.workspace.close()
    if result.read:
        _say_saved_mapping(result.read.mapping)
    if args.show_mapping and result.read:
        for line in describe(result.read.mapping):
            print(f"  {line}")
    print(f"{'Dry run: ' if args.dry_run else ''}{result.summary()}")
    for row in result.rejected[:LISTED]:
        for problem in row.problems:
            print(f"  {problem}")
    if len(result.rejected) > LISTED:
        print(f"  … and {len(result.rejected) - LISTED:,} more rows with problems")
    nothing = result.rejected and not (result.created or result.updated or result.unchanged)
    return 1 if result.rejected and (not args.good_rows or nothing) else 0


def _cmd_import_revenue(args: argparse.Namespace) -> int:
    from csdesk.services.signal_import import SignalImportService

    def run(services) -> int:
        result = SignalImportService(services.workspace).import_revenue(args.file)
        print(result.summary("ARR changes"))
        return 0

    return _with_services(args, run, writes=True)


def _cmd_import_responses(args: argparse.Namespace) -> int:
    from csdesk.services.signal_import import SignalImportService

    def run(services) -> int:
        result = SignalImportService(services.workspace).import_responses(args.file)
        print(result.summary("responses"))
        return 0

    return _with_services(args, run, writes=True)


def _cmd_import_meetings(args: argparse.Namespace) -> int:
    from csdesk.services.calendar_reading import read_ics

    calendar = read_ics(args.file)
    for reason in calendar.skipped:
        print(f"  skipped {reason}", file=sys.stderr)
    events = [e for e in calendar.events
              if (args.start is None or e.day >= args.start)
              and (args.end is None or e.day <= args.end)]
    if not events:
        raise CsdeskError(f"{args.file.name} holds no events to import"
                          + (" in those dates" if args.start or args.end else ""))

    def run(services) -> int:
        forced = services.accounts.find(args.account) if args.account else None
        chosen = []
        for match in services.calendar.match_events(events):
            account_id = forced.id if forced else match.account_id
            name = forced.name if forced else match.account_name
            where = name or ("several accounts: skipped" if len(match.candidates) > 1
                             else "no account matched: skipped")
            print(f"  {match.event.day.isoformat()}  {match.event.title}  →  {where}")
            if account_id is not None:
                chosen.append((match.event, account_id))
        if args.dry_run:
            print(f"Dry run: {len(chosen)} of {len(events)} events would become meetings")
            return 0
        print(services.calendar.create_meetings(chosen).summary()
              + f" ({len(events) - len(chosen)} events without an account)")
        return 0

    return _with_services(args, run, writes=not args.dry_run, scratch=args.dry_run)
