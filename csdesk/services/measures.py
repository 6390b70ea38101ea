"""Progress of a measure of success from its baseline towards its target: pure arithmetic."""

from __future__ import annotations

from decimal import Decimal


def progress(baseline: Decimal, target: Decimal, value: Decimal | None) -> Decimal | None:
    """Share of the way from baseline to target (0 = baseline, 1 = target reached), for KPIs
    that should rise and for those that should fall. None when there is no reading or no gap."""
    if value is None or target == baseline:
        return None
    return (value - baseline) / (target - baseline)


def progress_text(baseline: Decimal, target: Decimal, value: Decimal | None) -> str:
    share = progress(baseline, target, value)
    if share is None:
        return "—"
    return f"{(share * 100).quantize(Decimal(1))}%"


def number_text(value: Decimal | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    text = f"{value:,f}" if value != value.to_integral() else f"{value:,.0f}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text
