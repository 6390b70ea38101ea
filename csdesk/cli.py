"""The `csdesk` command: the app by default, headless subcommands beside it.

Exit status 0 on success; otherwise non-zero with one clear line on stderr (an import that was
refused lists its bad rows after that line). A bug prints one line and writes the traceback to
the log file, never to the terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from csdesk import __version__, clock
from csdesk.errors import CsdeskError, ImportRowsError, WorkspaceError
from csdesk.store.paths import WorkspaceLocation, resolve_location

EXIT_ERROR = 1
EXIT_USAGE = 2
LISTED = 20  # names listed after an import; the rest are counted

Handler = Callable[[argparse.Namespace], int]


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

    demo = commands.add_parser("demo", parents=[common], help="create a demo book of accounts")
    demo.add_argument("--accounts", type=int, default=25, metavar="N",
                      help="how many accounts (default 25, at most 20000)")
    demo.add_argument("--seed", type=int, default=7, help="the same seed gives the same book")
    demo.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                      help="lay the book out around this day instead of today")
    demo.add_argument("--force", action="store_true",
                      help="replace the accounts of a workspace that is not empty")
    demo.set_defaults(handler=_cmd_demo)

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

    metrics = commands.add_parser("metrics", parents=[common],
                                  help="churn, retention, NRR, NPS and more for a period")
    metrics.add_argument("--from", dest="start", type=_date_arg, metavar="DATE",
                         help="first day of the period (default: 364 days before --to)")
    metrics.add_argument("--to", dest="end", type=_date_arg, metavar="DATE",
                         help="last day of the period, inclusive (default: today)")
    metrics.add_argument("--gross-margin", type=_margin_arg, default=None,
                         metavar="FRACTION",
                         help="for CLV (default: the gross margin in the settings, 0.75)")
    metrics.add_argument("--json", action="store_true", help="one JSON object")
    metrics.set_defaults(handler=_cmd_metrics)

    check = commands.add_parser("check", parents=[common],
                                help="verify the workspace's integrity and schema")
    check.set_defaults(handler=_cmd_check)

    backup = commands.add_parser("backup", parents=[common], help="make a verified backup now")
    backup.set_defaults(handler=_cmd_backup)

    restore = commands.add_parser("restore", parents=[common],
                                  help="replace the workspace with a backup (kept aside first)")
    restore.add_argument("backup", type=Path, metavar="BACKUP", nargs="?",
                         help="the backup file (or --latest)")
    restore.add_argument("--latest", action="store_true",
                         help="the newest backup that passes an integrity check")
    restore.set_defaults(handler=_cmd_restore)

    screenshot = commands.add_parser("screenshot", parents=[common],
                                     help="render the main window offscreen to a PNG")
    screenshot.add_argument("--view", default="today",
                            help="today, accounts, renewals or account:NAME[:TAB] "
                                 "(TAB: overview, plan, meetings, activity)")
    screenshot.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")
    screenshot.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                            help="show the workspace as on this day")
    screenshot.add_argument("--scheme", choices=["light", "dark"],
                            help="render with a light or dark palette (default: the system's)")
    screenshot.set_defaults(handler=_cmd_screenshot)

    chart = commands.add_parser("chart", help="draw a chart as PNG or SVG")
    charts = chart.add_subparsers(title="which chart", metavar="CHART", required=True)
    dated = argparse.ArgumentParser(add_help=False, parents=[common])
    dated.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png|FILE.svg")
    dated.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                       help="draw as on this day (default: today)")
    path_chart = charts.add_parser("critical-path", parents=[dated],
                                   help="an account's progress along its critical path")
    path_chart.add_argument("account", metavar="ACCOUNT", help="account name or id")
    path_chart.set_defaults(handler=_cmd_chart_critical_path)
    portfolio_chart = charts.add_parser("portfolio", parents=[dated],
                                        help="every account along its path")
    portfolio_chart.set_defaults(handler=_cmd_chart_portfolio)
    kpi_chart = charts.add_parser("kpi", parents=[dated], help="one KPI's progress")
    kpi_chart.add_argument("account", metavar="ACCOUNT", help="account name or id")
    kpi_chart.add_argument("kpi", metavar="KPI", help="KPI name or id")
    kpi_chart.set_defaults(handler=_cmd_chart_kpi)

    export = commands.add_parser("export", help="write a Word document or a table")
    exports = export.add_subparsers(title="what to write", metavar="WHAT", required=True)
    document = argparse.ArgumentParser(add_help=False, parents=[common])
    document.add_argument("account", metavar="ACCOUNT", help="account name or id")
    document.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.docx")
    document.add_argument("--template", type=Path, metavar="T.docx",
                          help="a .docx template with docxtpl tags (default: the workspace's)")
    document.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                          help="as on this day (default: today)")
    plan_export = exports.add_parser("plan", parents=[document],
                                     help="the success plan, for the customer")
    plan_export.set_defaults(handler=_cmd_export_plan)
    qbr_export = exports.add_parser("qbr", parents=[document], help="the QBR agenda and pre-read")
    qbr_export.add_argument("--quarter", metavar="2026Q4", help="default: the current quarter")
    qbr_export.set_defaults(handler=_cmd_export_qbr)
    brief_export = exports.add_parser(
        "brief", parents=[document],
        help="the internal QBR brief for you and your manager (health, risks, sentiment, "
             "commercials): not for the customer")
    brief_export.add_argument("--quarter", metavar="2026Q4", help="default: the current quarter")
    brief_export.set_defaults(handler=_cmd_export_brief)
    table_export = exports.add_parser(
        "table", parents=[common], help="a table as CSV or XLSX: today (every item on Today, "
                                        "with its due date and days late), accounts, "
                                        "renewals, the open action items, the metrics by "
                                        "quarter, opportunities or the product gaps")
    # services.tables.TABLE_NAMES, written out: the command line imports no service to start
    table_export.add_argument("table", choices=("today", "accounts", "renewals", "actions",
                                                "metrics", "opportunities", "gaps"))
    table_export.add_argument("-o", "--output", type=Path, required=True,
                              metavar="FILE.csv|FILE.xlsx")
    table_export.add_argument("--from", dest="start", type=_date_arg, metavar="DATE",
                              help="metrics: add a row for this period (to --to or today)")
    table_export.add_argument("--to", dest="end", type=_date_arg, metavar="DATE",
                              help="metrics: the last day (default: today)")
    table_export.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                              help="as on this day (default: today)")
    table_export.set_defaults(handler=_cmd_export_table)
    calendar_export = exports.add_parser(
        "calendar", parents=[common], help="milestones, meetings, due dates and renewal "
                                           "checkpoints as .ics (one account, or the book)")
    calendar_export.add_argument("account", metavar="ACCOUNT", nargs="?",
                                 help="account name or id (default: the whole book)")
    calendar_export.add_argument("-o", "--output", type=Path, required=True,
                                 metavar="FILE.ics")
    calendar_export.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                                 help="as on this day (default: today)")
    calendar_export.set_defaults(handler=_cmd_export_calendar)

    migrate_workspace = commands.add_parser(
        "migrate-workspace", parents=[common],
        help="copy this workspace (by default the local one) into an empty team workspace on "
             "a database server, verified by counts and checksums")
    migrate_workspace.add_argument("--to", dest="target", required=True, metavar="URL",
                                   help="e.g. postgresql+psycopg://me@db.example.com/csdesk")
    migrate_workspace.set_defaults(handler=_cmd_migrate_workspace)

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

    doc_templates = commands.add_parser("templates", help="Word document templates")
    doc_template_commands = doc_templates.add_subparsers(title="what to do", metavar="ACTION",
                                                         required=True)
    doc_list = doc_template_commands.add_parser("list", parents=[common],
                                                help="the templates in use")
    doc_list.set_defaults(handler=_cmd_doc_templates_list)
    doc_fields = doc_template_commands.add_parser("fields", parents=[common],
                                                  help="the fields a template can use")
    doc_fields.add_argument("kind", choices=["plan", "qbr", "brief"])
    doc_fields.set_defaults(handler=_cmd_doc_templates_fields)
    doc_check = doc_template_commands.add_parser(
        "check", parents=[common], help="list every problem of a Word template, without "
                                        "exporting (exit 1 when there is one)")
    doc_check.add_argument("file", type=Path, metavar="T.docx")
    doc_check.add_argument("--kind", metavar="KIND",
                           help="check the fields against this document's (plan, qbr…; "
                                "default: the kind whose fields the template uses)")
    doc_check.set_defaults(handler=_cmd_doc_templates_check)

    template = commands.add_parser("template", help="critical-path templates")
    template_commands = template.add_subparsers(title="what to do", metavar="ACTION",
                                                required=True)
    template_list = template_commands.add_parser("list", parents=[common],
                                                 help="list the templates")
    template_list.set_defaults(handler=_cmd_template_list)
    template_export = template_commands.add_parser("export", parents=[common],
                                                   help="save a template as JSON")
    template_export.add_argument("name", metavar="NAME")
    template_export.add_argument("-o", "--output", type=Path, required=True,
                                 metavar="FILE.json")
    template_export.set_defaults(handler=_cmd_template_export)
    template_import = template_commands.add_parser("import", parents=[common],
                                                   help="add a template from a JSON file")
    template_import.add_argument("file", type=Path, metavar="FILE.json")
    template_import.set_defaults(handler=_cmd_template_import)

    encrypt = commands.add_parser("encrypt", parents=[common],
                                  help="encrypt the workspace and its backups (SQLCipher)")
    encrypt.add_argument("--passphrase", action="store_true",
                         help="use a passphrase instead of a key in the keychain (asked for, "
                              "or read from CSDESK_PASSPHRASE)")
    encrypt.set_defaults(handler=_cmd_encrypt)
    decrypt = commands.add_parser("decrypt", parents=[common],
                                  help="turn an encrypted workspace back into plain SQLite")
    decrypt.set_defaults(handler=_cmd_decrypt)

    backups = commands.add_parser("backups", parents=[common], help="list the backups")
    backups.set_defaults(handler=_cmd_list_backups)

    user_settings = commands.add_parser("settings", help="your settings (as in Tools → Settings)")
    settings_commands = user_settings.add_subparsers(title="what to do", metavar="ACTION",
                                                     required=True)
    settings_show = settings_commands.add_parser("show", parents=[common],
                                                 help="every setting, and any problem")
    settings_show.add_argument("--json", action="store_true", help="as JSON")
    settings_show.set_defaults(handler=_cmd_settings_show)
    settings_set = settings_commands.add_parser(
        "set", parents=[common], help="change one setting (checked as the Settings dialog does)")
    settings_set.add_argument("key", metavar="KEY", help=", ".join(_SETTABLE))
    settings_set.add_argument("value", metavar="VALUE", help='"" clears a text setting')
    settings_set.set_defaults(handler=_cmd_settings_set)
    return parser


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
                   lock: bool = False):
    """The services of the workspace; ``lock`` for a command that writes: one writer at a
    time, so no command changes a workspace another csdesk holds."""
    from csdesk.services import Services
    from csdesk.store.workspace import Workspace

    workspace = Workspace.open(_location(args), create=create, lock=lock)
    if workspace.report.backup_problem:  # the workspace is fine; say so, and go on
        print(f"csdesk: warning: {workspace.report.backup_problem}", file=sys.stderr)
    if workspace.report.finished_conversion:
        print(f"csdesk: {workspace.report.finished_conversion}", file=sys.stderr)
    return Services(workspace)


def _cmd_gui(args: argparse.Namespace) -> int:
    from csdesk.ui.app import run_app

    return run_app(_location(args))


def _cmd_screenshot(args: argparse.Namespace) -> int:
    from csdesk.ui.screenshot import render

    path = render(_location(args), args.view, args.output, today=args.today,
                  scheme=args.scheme)
    print(f"Wrote {path}")
    return 0


def _with_services(args: argparse.Namespace, action: Callable[..., int], *,
                   writes: bool = False) -> int:
    services = _open_services(args, lock=writes)
    try:
        return action(services)
    finally:
        services.workspace.close()


def _cmd_chart_critical_path(args: argparse.Namespace) -> int:
    from csdesk.charts.critical_path import critical_path_figure
    from csdesk.charts.export import save_figure
    from csdesk.services.chart_data import critical_path_chart

    def draw(services) -> int:
        account = services.accounts.find(args.account)
        track = services.critical_path.track(account.id, args.today or clock.today())
        save_figure(critical_path_figure(critical_path_chart(account.name, track)), args.output)
        print(f"Wrote {args.output} ({track.health.label}: {track.reason})")
        return 0

    return _with_services(args, draw)


def _cmd_chart_portfolio(args: argparse.Namespace) -> int:
    from csdesk.charts.export import save_figure
    from csdesk.charts.portfolio import portfolio_figure
    from csdesk.services.chart_data import portfolio_chart

    def draw(services) -> int:
        today = args.today or clock.today()
        rows = services.critical_path.portfolio(today)
        save_figure(portfolio_figure(portfolio_chart(rows, today)), args.output)
        print(f"Wrote {args.output} ({len(rows)} accounts)")
        return 0

    return _with_services(args, draw)


def _cmd_chart_kpi(args: argparse.Namespace) -> int:
    from csdesk.charts.export import save_figure
    from csdesk.charts.kpi import kpi_figure
    from csdesk.services.chart_data import kpi_chart

    def draw(services) -> int:
        account = services.accounts.find(args.account)
        plan = services.plans.get(account.id)
        wanted = args.kpi.strip().casefold()
        kpi = next((k for k in plan.kpis if k.name.casefold() == wanted
                    or str(k.id) == wanted), None)
        if kpi is None:
            names = ", ".join(k.name for k in plan.kpis) or "none yet"
            raise CsdeskError(f"{account.name} has no KPI '{args.kpi}' (its KPIs: {names})")
        save_figure(kpi_figure(kpi_chart(kpi, plan.kickoff_date)), args.output)
        print(f"Wrote {args.output}")
        return 0

    return _with_services(args, draw)


def _cmd_export_table(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in (".csv", ".xlsx"):
        raise CsdeskError(f"{args.output.name}: tables are written as .csv or .xlsx")
    output = _checked_output(args.output, args.output.suffix.lower())
    if args.start and args.end and args.end < args.start:
        raise CsdeskError(f"--to {args.end.isoformat()} is before --from "
                          f"{args.start.isoformat()}")

    def run(services) -> int:
        services.tables.export(args.table, output, args.today or clock.today(), args.start,
                               args.end)
        print(f"Wrote {output}")
        return 0

    return _with_services(args, run)


def _checked_output(path: Path, suffix: str) -> Path:
    if path.suffix.lower() != suffix:
        raise CsdeskError(f"{path.name}: the document is written as {suffix}")
    if not path.parent.is_dir():
        raise CsdeskError(f"no folder {path.parent} to write {path.name} into")
    return path


def _cmd_export_plan(args: argparse.Namespace) -> int:
    return _export_document(args, "plan")


def _cmd_export_qbr(args: argparse.Namespace) -> int:
    return _export_document(args, "qbr")


def _cmd_export_brief(args: argparse.Namespace) -> int:
    return _export_document(args, "brief")


def _export_document(args: argparse.Namespace, kind: str) -> int:
    """Write one document kind, signed with the CSM from the settings."""
    from csdesk.services.portfolio_metrics import parse_quarter
    from csdesk.settings import load, signature

    output = _checked_output(args.output, ".docx")
    quarter = getattr(args, "quarter", None)
    if quarter:
        try:
            parse_quarter(quarter)
        except ValueError as error:
            raise CsdeskError(str(error)) from None
    signed_by = signature(load())

    def run(services) -> int:
        account = services.accounts.find(args.account)
        services.documents.export(kind, account.id, output, args.today or clock.today(),
                                  quarter=quarter, template=args.template,
                                  signature=signed_by)
        print(f"Wrote {output}")
        return 0

    return _with_services(args, run)


def _cmd_doc_templates_list(args: argparse.Namespace) -> int:
    def show(services) -> int:
        from csdesk.services.documents import KIND_TITLES

        for kind, label in KIND_TITLES.items():
            chosen = services.documents.settings().get(kind)
            path = services.documents.template_for(kind)
            origin = "your template" if chosen else "shipped with csdesk"
            print(f"{label}: {path} ({origin})")
        return 0

    return _with_services(args, show)


def _cmd_doc_templates_fields(args: argparse.Namespace) -> int:
    from csdesk.documents.fields import describe_fields

    for name, description in describe_fields(args.kind):
        print(f"{name:<34} {description}")
    return 0


def _cmd_doc_templates_check(args: argparse.Namespace) -> int:
    from csdesk.documents.template_check import inspect_template

    try:
        check = inspect_template(args.file, args.kind)
    except ValueError as error:
        raise CsdeskError(str(error)) from None
    print(check.summary())
    for problem in check.problems:
        print(f"  {problem}")
    return EXIT_ERROR if check.problems else 0


def _cmd_template_list(args: argparse.Namespace) -> int:
    def show(services) -> int:
        for template in services.templates.list():
            kind = "shipped" if template.builtin else "yours"
            print(f"{template.name}  ({len(template.stages)} stages, {kind})")
        return 0

    return _with_services(args, show)


def _cmd_template_export(args: argparse.Namespace) -> int:
    def export(services) -> int:
        template = services.templates.find(args.name)
        services.templates.export_json(template.id, args.output)
        print(f"Wrote {args.output}")
        return 0

    return _with_services(args, export)


def _cmd_template_import(args: argparse.Namespace) -> int:
    def add(services) -> int:
        template = services.templates.import_json(args.file)
        print(f"Added the template '{template.name}' ({len(template.stages)} stages)")
        return 0

    return _with_services(args, add, writes=True)


def _cmd_demo(args: argparse.Namespace) -> int:
    from csdesk.services.demo import DemoService

    services = _open_services(args, lock=True)
    try:
        made = DemoService(services.workspace).create_book(
            args.accounts, seed=args.seed, today=args.today, force=args.force)
    finally:
        services.workspace.close()
    print(f"Created a demo book of {made} accounts in {services.workspace.location.describe()}")
    return 0


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


def _backup_first(services: Any) -> None:
    """An import changes many records: a backup first, named, so it can be brought back."""
    path = services.workspace.path
    if path is None:
        return
    from csdesk.store import backup

    saved = backup.make_backup(path, "pre-import").path
    print(f"Backed up first: {saved} (csdesk restore \"{saved}\" brings it back)")


def _cmd_import_accounts(args: argparse.Namespace) -> int:
    from csdesk.services.column_mapping import describe
    from csdesk.services.importing import ImportService

    services = _open_services(args, lock=not args.dry_run)
    try:
        importer = ImportService(services.workspace)
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
    from csdesk.services.column_mapping import describe
    from csdesk.services.people_import import PeopleImportService

    metrics = {}
    for pair in getattr(args, "metric", []):
        metric, sep, kpi = pair.partition("=")
        if not sep or not metric.strip() or not kpi.strip():
            raise CsdeskError(f"--metric {pair!r}: write it METRIC=KPI, e.g. "
                              "\"Weekly active users=Active users\"")
        metrics[metric.strip()] = kpi.strip()
    services = _open_services(args, lock=not args.dry_run)
    try:
        importer = PeopleImportService(services.workspace)
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


def _cmd_import_meetings(args: argparse.Namespace) -> int:
    from csdesk.services.calendar import read_ics

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

    return _with_services(args, run, writes=not args.dry_run)


def _cmd_export_calendar(args: argparse.Namespace) -> int:
    output = _checked_output(args.output, ".ics")

    def run(services) -> int:
        account = services.accounts.find(args.account) if args.account else None
        services.calendar.export(output, args.today or clock.today(),
                                 account.id if account else None)
        print(f"Wrote {output}")
        return 0

    return _with_services(args, run)


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


def _cmd_metrics(args: argparse.Namespace) -> int:
    import json

    end = args.end or clock.today()
    start = args.start or end - timedelta(days=364)
    if end < start:
        raise CsdeskError(f"--to {end.isoformat()} is before --from {start.isoformat()}")

    def run(services) -> int:
        from csdesk.settings import load

        margin = args.gross_margin if args.gross_margin is not None else load().gross_margin
        data = services.metrics.compute(start, end, margin).as_json()
        if args.json:
            print(json.dumps(data, indent=2))
        else:
            print(_metrics_table(data))
        return 0

    return _with_services(args, run)


def _metrics_table(data: dict) -> str:
    def money(value: float | None) -> str:
        return "—" if value is None else f"{value:,.2f}"

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value * 100:.1f}%"

    rows = [
        ("Period", f"{data['from']} to {data['to']} ({data['period_days']} days)"),
        ("Customers at start", str(data["customers_start"])),
        ("Customers lost / new", f"{data['customers_lost']} / {data['customers_new']}"),
        ("Logo churn / retention", f"{pct(data['logo_churn_rate'])} / "
                                   f"{pct(data['logo_retention_rate'])}"),
        ("Monthly logo churn", pct(data["monthly_churn_rate"])),
        ("ARR at start / end", f"{money(data['arr_start'])} / {money(data['arr_end'])}"),
        ("ARR new", money(data["arr_new"])),
        ("ARR expansion / contraction / churned", f"{money(data['arr_expansion'])} / "
         f"{money(data['arr_contraction'])} / {money(data['arr_churned'])}"),
        ("Revenue churn", pct(data["revenue_churn_rate"])),
        ("GRR / NRR", f"{pct(data['grr'])} / {pct(data['nrr'])}"),
        ("Expansion rate / net MRR churn", f"{pct(data['expansion_rate'])} / "
                                           f"{pct(data['net_mrr_churn_rate'])}"),
        ("MRR at start / ARPA (monthly)", f"{money(data['mrr_start'])} / "
                                          f"{money(data['arpa_monthly'])}"),
        ("Eligible ARR due / lost / churn", f"{money(data['eligible_arr_due'])} / "
         f"{money(data['eligible_arr_lost'])} / {pct(data['eligible_churn_rate'])}"),
        (f"CLV (gross margin {data['gross_margin']:g})", money(data["clv"])),
        ("NPS", "—" if data["nps"] is None else
         f"{data['nps']:+.1f} ({data['nps_responses']} responses)"),
        ("CSAT", f"{pct(data['csat'])} ({data['csat_responses']} responses)"),
    ]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


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


def _cmd_decrypt(args: argparse.Namespace) -> int:
    from csdesk.store.workspace import Workspace

    path = _file_location(args, "decrypt")
    with Workspace.open(_location(args), create=False, lock=True, daily_backup=False) as ws:
        if not ws.encrypted:
            raise CsdeskError(f"{path} is not encrypted")
        ws.decrypt()
    print(f"Decrypted {path} and its backups to plain SQLite")
    return 0


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


def _cmd_backup(args: argparse.Namespace) -> int:
    from csdesk.store import backup
    from csdesk.store.lock import InstanceLock

    path = _file_location(args, "backup")
    with InstanceLock(path):  # in the app: File → Back up now
        info = backup.make_backup(path, "manual")
    print(f"Backup written and verified: {info.path}")
    return 0


def _cmd_list_backups(args: argparse.Namespace) -> int:
    from csdesk.store import backup

    found = backup.list_backups(_file_location(args, "backups"))
    if not found:
        print("No backups yet.")
    for info in found:
        print(f"{info.taken_at:%Y-%m-%d %H:%M:%S} UTC  {info.reason:<13}  {info.path}")
    return 0


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


# What `settings set` changes: one value each. The workspace, the backup folder, the team
# server and the recent workspaces are chosen in Tools → Settings and File → Connect.
_SETTABLE = ("my_name", "my_title", "my_email", "my_phone", "company", "currency",
             "number_format", "gross_margin", "backup_keep_daily")


def _cmd_settings_show(args: argparse.Namespace) -> int:
    import json

    from csdesk import settings as user_settings

    path = user_settings.settings_path()
    current = user_settings.load(path)
    values = user_settings.to_dict(current)
    values.pop("version")
    if args.json:
        values["gross_margin"] = float(current.gross_margin)  # a plain number
        print(json.dumps({"file": str(path), "read_only": current.newer, "settings": values,
                          "problems": list(current.problems)}, indent=2, ensure_ascii=False))
        return 0
    for key, value in values.items():
        shown = (json.dumps(value, ensure_ascii=False) if isinstance(value, list)
                 else "(not set)" if value in (None, "") else value)
        print(f"{key}: {shown}")
    for problem in current.problems:
        print(f"problem: {problem}")
    return 0


def _cmd_settings_set(args: argparse.Namespace) -> int:
    import json
    from contextlib import suppress
    from dataclasses import fields, replace
    from decimal import InvalidOperation

    from csdesk import settings as user_settings

    key, text = args.key, args.value
    if key not in _SETTABLE:
        others = [f.name for f in fields(user_settings.Settings)
                  if f.name not in (*_SETTABLE, "problems", "newer")]
        what = (f"{key} cannot be set this way (nor {', '.join(o for o in others if o != key)}"
                ": use Tools → Settings)" if key in others else f"unknown setting '{key}'")
        print(f"csdesk: error: {what}; settings set takes one of {', '.join(_SETTABLE)}",
              file=sys.stderr)
        return EXIT_USAGE
    path = user_settings.settings_path()
    current = user_settings.load(path)
    if current.newer:
        raise CsdeskError(f"{path} was written by a newer csdesk: it is read, never changed "
                          "here; nothing was changed")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raw = {}
    except (OSError, ValueError) as error:
        raise CsdeskError(f"{path} cannot be read ({error}); fix or remove it first; nothing "
                          "was changed") from None
    if not isinstance(raw, dict):
        raise CsdeskError(f"{path} is not a settings file; fix or remove it first; nothing "
                          "was changed")
    value: object = text.strip()  # as the Settings dialog takes them; `check` says the rest
    if key == "currency":
        value = text.strip().upper()
    elif key == "gross_margin":
        with suppress(InvalidOperation):
            value = Decimal(text.strip())
    elif key == "backup_keep_daily":
        with suppress(ValueError):
            value = int(text)
    errors = user_settings.check({**user_settings.to_dict(current), key: value})
    if key in errors:
        print(f"csdesk: error: {key} {text!r} is not {errors[key]}; nothing was changed",
              file=sys.stderr)
        return EXIT_USAGE
    for problem in current.problems:  # those values are saved as their defaults now
        print(f"csdesk: warning: {problem}", file=sys.stderr)
    try:
        user_settings.save(replace(current, **{key: value}), path)
    except OSError as error:
        raise CsdeskError(f"{path} cannot be written ({error}); nothing was changed") from None
    print(f"{key}: {value if value != '' else '(not set)'}")
    return 0


def _log_exception(error: BaseException) -> Path | str:
    from csdesk.logs import log_exception

    return log_exception(error, "command line") or "(no log: the log folder is not writable)"


if __name__ == "__main__":
    raise SystemExit(main())
