"""csdesk metrics: churn, retention, NRR, NPS and more for a period."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import Any

from csdesk import clock
from csdesk.cli.common import _date_arg, _margin_arg, _with_services
from csdesk.errors import CsdeskError


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk metrics`."""
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
