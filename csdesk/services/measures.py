"""Progress of a measure of success from its baseline towards its target: pure arithmetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext


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


def places_of(*values: Decimal | None) -> int:
    """The decimals a KPI is written with: the most its values use (its baseline and target,
    as typed: 50 and 200 have none, 2.5 and 4.25 have two). Trailing zeros typed after the
    point count (2.50: two); whole numbers are stored without them."""
    return max((max(0, -exponent) for value in values
                if value is not None and value.is_finite()
                and isinstance(exponent := value.as_tuple().exponent, int)), default=0)


def number_text(value: Decimal | None, unit: str | None = None,
                places: int | None = None) -> str:
    """``value`` with thousands separators and its unit. With ``places`` (a KPI's own
    precision, ``places_of(kpi.baseline, kpi.target)``) it is rounded half up to that many
    decimals (88.8 users, places 0: "89 users"); without, written as exact as it is."""
    if value is None:
        return "—"
    if places is not None and value.is_finite():
        rounded = _rounded(value, places)
        text = f"{rounded.copy_abs() if rounded.is_zero() else rounded:,.{places}f}"  # no "-0"
    else:
        text = f"{value:,f}" if value != value.to_integral() else f"{value:,.0f}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def _rounded(value: Decimal, places: int) -> Decimal:
    """Half up, as people round (88.5 → 89), with digits enough for any stored value."""
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
