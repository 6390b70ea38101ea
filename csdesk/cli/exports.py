"""csdesk chart CHART and csdesk export plan|qbr|brief|deck|table|calendar."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from csdesk import clock
from csdesk.cli.common import _checked_output, _date_arg, _with_services
from csdesk.errors import CsdeskError


def add_chart(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk chart CHART`."""
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


def add_export(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk export WHAT`."""
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
    deck_export = exports.add_parser(
        "deck", parents=[common],
        help="the QBR as slides (.pptx) for the customer: the pre-read's parts, native charts "
             "the customer's team can edit, speaker notes; nothing internal")
    deck_export.add_argument("account", metavar="ACCOUNT", help="account name or id")
    deck_export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pptx")
    deck_export.add_argument("--template", type=Path, metavar="T.pptx",
                             help="a slide template whose master and layouts are used "
                                  "(default: the workspace's, else the one shipped)")
    deck_export.add_argument("--quarter", metavar="2026Q4", help="default: the current quarter")
    deck_export.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                             help="as on this day (default: today)")
    deck_export.set_defaults(handler=_cmd_export_deck)
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


def _cmd_export_plan(args: argparse.Namespace) -> int:
    return _export_document(args, "plan")


def _cmd_export_qbr(args: argparse.Namespace) -> int:
    return _export_document(args, "qbr")


def _cmd_export_brief(args: argparse.Namespace) -> int:
    return _export_document(args, "brief")


def _cmd_export_deck(args: argparse.Namespace) -> int:
    from csdesk.settings import load, signature

    output = _checked_output(args.output, ".pptx")
    quarter = _checked_quarter(args.quarter)
    signed_by = signature(load())

    def run(services) -> int:
        account = services.accounts.find(args.account)
        services.decks.export(account.id, output, args.today or clock.today(), quarter=quarter,
                              template=args.template, signature=signed_by)
        print(f"Wrote {output}")
        return 0

    return _with_services(args, run)


def _checked_quarter(quarter: str | None) -> str | None:
    from csdesk.services.portfolio_metrics import parse_quarter

    if quarter:
        try:
            parse_quarter(quarter)
        except ValueError as error:
            raise CsdeskError(str(error)) from None
    return quarter


def _export_document(args: argparse.Namespace, kind: str) -> int:
    """Write one document kind, signed with the CSM from the settings."""
    from csdesk.settings import load, signature

    output = _checked_output(args.output, ".docx")
    quarter = _checked_quarter(getattr(args, "quarter", None))
    signed_by = signature(load())

    def run(services) -> int:
        account = services.accounts.find(args.account)
        services.documents.export(kind, account.id, output, args.today or clock.today(),
                                  quarter=quarter, template=args.template,
                                  signature=signed_by)
        print(f"Wrote {output}")
        return 0

    return _with_services(args, run)


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


def _cmd_export_calendar(args: argparse.Namespace) -> int:
    output = _checked_output(args.output, ".ics")

    def run(services) -> int:
        account = services.accounts.find(args.account) if args.account else None
        services.calendar.export(output, args.today or clock.today(),
                                 account.id if account else None)
        print(f"Wrote {output}")
        return 0

    return _with_services(args, run)
