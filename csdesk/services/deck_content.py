"""What the executive business review deck says, slide by slide: the QBR pre-read's own data
(the same builder, the same facts, the CSM's edits of the QBR tab kept) laid out as the
eight-part agenda, with native charts of KPI progress, the critical path and each KPI's
readings, and the talking points and numbers in the speaker notes.

The audience rule is the pre-read's: the QbrDocument holds nothing internal (no health,
sentiment, risks or commercials), and the charts are drawn only from the plan's KPIs and the
critical path the customer already shares.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from csdesk.documents.data import QbrDocument
from csdesk.documents.deck_data import ChartData, DeckData, SlideData, TableData
from csdesk.services.document_facts import DocumentFacts
from csdesk.services.document_lines import day_text, kpi_number
from csdesk.services.executive_summary import NEEDS_A_NEW_DATE, TO_BE_AGREED
from csdesk.services.measures import progress

NOTED = 30  # outstanding actions listed in the notes; the rest counted
MANY = 4  # asks of one kind listed one by one; more are asked for together
AGENDA = ("Introduction", "Objectives and measures", "Review of past actions",
          "Success plan progress", "Benchmarking", "Insights", "Product roadmap",
          "The next 90 days")


def deck_of(qbr: QbrDocument, facts: DocumentFacts) -> DeckData:
    """The deck of ``qbr`` (built from ``facts``)."""
    name = qbr.account.name
    presenter = f"{qbr.prepared_by}, {qbr.csm.title}" if qbr.csm.title else qbr.prepared_by
    deck = DeckData(title=f"Quarterly business review {qbr.quarter}",
                    subtitle=f"{name} · {qbr.date}\n{presenter}"
                             + (f" · {qbr.csm.company}" if qbr.csm.company else ""),
                    account=name, quarter=qbr.quarter, footer=name)
    attendees = [p.name + (f" ({p.role})" if p.role and p.role != "—" else "")
                 for p in qbr.customer_attendees + qbr.our_attendees]
    since = f"Since the last review ({qbr.since})" if facts.last_review else \
        f"Since {qbr.since}"
    deck.slides = [
        SlideData("Agenda", [f"{n}. {part}" for n, part in enumerate(AGENDA, 1)],
                  notes=["Who is here: " + ("; ".join(attendees) or "to confirm") + ".",
                         f"{since}: what we set out to do, what was done, and the plan for "
                         "the next 90 days."], numbered=True),
        SlideData("Executive summary", list(qbr.summary),
                  notes=["What to take away:"] + list(qbr.summary),
                  empty="The summary is agreed in the meeting."),
        SlideData("Objectives", [str(o) for o in qbr.objectives],
                  notes=["The objectives this plan serves; check they still hold."],
                  empty="No objectives agreed yet."),
        _kpi_slide(qbr, facts),
        *_usage_slides(facts),
        _changes_slide(qbr),
        _path_slide(qbr, facts),
        SlideData("Benchmarking", list(qbr.benchmarks),
                  notes=["Each figure is yours against the median of comparable customers."],
                  empty="Not enough comparable customers to benchmark yet."),
        SlideData("Insights", list(qbr.insights),
                  notes=["What your own reporting does not show."],
                  empty="No insights for this review."),
        SlideData("Product roadmap",
                  table=TableData([("Item", 0.3), ("When", 0.18), ("What it brings", 0.52)],
                                  [[r.title, r.horizon, r.description or "—"]
                                   for r in qbr.roadmap]),
                  notes=["What is coming, and what it means for the objectives."],
                  empty="Roadmap highlights are shared in the meeting."),
        SlideData("The next 90 days",
                  table=TableData([("Action", 0.56), ("Owner", 0.24), ("When", 0.2)],
                                  [[p.what, p.owner, p.when] for p in qbr.plan_90]),
                  notes=[f"{len(qbr.plan_90)} actions; agree an owner and a date for each."],
                  empty="The plan is agreed in the meeting."),
        _asks_slide(qbr),
        _next_steps_slide(qbr),
    ]
    return deck


def _kpi_slide(qbr: QbrDocument, facts: DocumentFacts) -> SlideData:
    read = [k for k in facts.plan.kpis if k.latest is not None]
    shares = {k.id: progress(k.baseline, k.target, k.latest.value) for k in read}
    charted = [k for k in read if shares[k.id] is not None]
    notes = [f"{line.name}: baseline {line.baseline}, now {line.current}, target "
             f"{line.target}" + (f" by {line.target_date}" if line.target_date else "")
             + (f" ({line.progress} of the way)" if line.progress != "—" else "")
             for line in qbr.kpis]
    if not charted:
        return SlideData("Measures of success",
                         [f"{line.name}: target {line.target}" for line in qbr.kpis],
                         notes=notes or ["No measures of success agreed yet."],
                         empty="No measures of success agreed yet.")
    values: list[float | None] = [float(round(_clamped(shares[k.id]) * 100)) for k in charted]
    drawn = [v for v in values if v is not None]
    chart = ChartData(  # the whole way drawn (0 to 100%): 5% of the way looks like 5%
        "bar", "Progress from baseline to target (%)", [str(k.name) for k in charted],
        [("Progress to target", values)], number_format='0"%"',
        axis_title="% of the way from baseline to target",
        minimum=min(0.0, *drawn), maximum=max(100.0, *drawn))
    return SlideData("Measures of success: progress", charts=[chart], notes=notes)


def _clamped(share: Decimal | None) -> Decimal:
    """Progress as a bar can show it: from −100% to 200% (the notes carry the real figure)."""
    return min(max(share or Decimal(0), Decimal(-1)), Decimal(2))


def _changes_slide(qbr: QbrDocument) -> SlideData:
    done = [f"{a.text} ({a.done})" if a.done else a.text for a in qbr.actions_done]
    lines = done + [c for c in qbr.changes if c not in done]
    open_count = len(qbr.actions_open)
    outstanding = [f"Outstanding: {a.text} ({a.owner}, due {a.due})"
                   for a in qbr.actions_open[:NOTED]]
    if open_count > NOTED:
        outstanding.append(f"… and {open_count - NOTED} more outstanding.")
    return SlideData(f"What changed since {qbr.since}", lines,
                     notes=[f"{_count(len(qbr.actions_done), 'item')} completed, "
                            f"{_count(open_count, 'action')} outstanding."] + outstanding,
                     empty=f"Nothing completed since {qbr.since}.")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _path_slide(qbr: QbrDocument, facts: DocumentFacts) -> SlideData:
    track = facts.track
    start = track.kickoff or min((s.stage.due for s in track.stages if s.stage.due),
                                 default=None)
    notes = [qbr.path_summary, f"Next milestone: {qbr.next_milestone}."]
    notes += [f"{s.stage.name}: due {day_text(s.stage.due) or '—'}"
              + (f", done {day_text(s.stage.actual)}" if s.stage.actual else "")
              + (f", forecast {day_text(s.forecast)}" if s.forecast else "")
              for s in track.stages]
    # the stages of the work (a renewal is the contract's date, not a stage of it)
    dated = [s for s in track.stages if s.stage.due and not s.stage.is_renewal]
    if start is None or not dated:  # no stages: the summary says so, once
        return SlideData("Success plan progress", [qbr.path_summary] + (
            [f"Next milestone: {qbr.next_milestone}."] if track.stages else []), notes=notes)

    def days(day: date | None) -> float | None:
        return float((day - start).days) if day is not None else None

    chart = ChartData(
        "bar", "Critical path: days from kick-off" if track.kickoff else
        f"Critical path: days from {day_text(start)}",
        [s.stage.name for s in dated],
        [("Planned", [days(s.stage.due) for s in dated]),
         ("Actual", [days(s.stage.actual) for s in dated]),
         ("Forecast", [days(s.forecast) if not s.stage.actual else None for s in dated])],
        labels=False, axis_title=f"days from {'kick-off' if track.kickoff else day_text(start)} "
                   f"({day_text(start)})")
    return SlideData("Success plan progress", [qbr.path_summary], charts=[chart], notes=notes)


def _asks_slide(qbr: QbrDocument) -> SlideData:
    unowned = [p.what for p in qbr.plan_90 if p.owner == TO_BE_AGREED]
    undated = [p.what for p in qbr.plan_90 if p.when == NEEDS_A_NEW_DATE]
    asks = [f"Name an owner for “{what}”" for what in unowned] if len(unowned) <= MANY else \
        [f"Name owners for {len(unowned)} actions of the 90-day plan"]
    asks += [f"Agree a new date for “{what}”" for what in undated] if len(undated) <= MANY \
        else [f"Agree new dates for {len(undated)} actions of the 90-day plan"]
    asks.append("Confirm the 90-day plan and who sponsors it")
    return SlideData("Our asks", asks,
                     notes=["What we need from you to keep the plan on track."])


def _next_steps_slide(qbr: QbrDocument) -> SlideData:
    soonest = [f"{p.what} ({'owner ' if p.owner == TO_BE_AGREED else ''}{p.owner}, {p.when})"
               for p in qbr.plan_90 if p.when not in (NEEDS_A_NEW_DATE, TO_BE_AGREED)][:3]
    steps = soonest + [f"{qbr.prepared_by} sends the updated success plan after this review"]
    return SlideData("Next steps", steps, notes=["Close with the dates and the owners."])


def _usage_slides(facts: DocumentFacts) -> list[SlideData]:
    """Each KPI with readings over time: its readings, its baseline and its target."""
    slides = []
    for kpi in facts.plan.kpis:
        readings = sorted(kpi.readings, key=lambda r: r.taken_on)
        if len(readings) < 2:
            continue
        days = [r.taken_on for r in readings]
        unit = f" ({kpi.unit})" if kpi.unit else ""
        chart = ChartData(
            "line", f"{kpi.name}{unit}", days,
            [("Reading", [float(r.value) for r in readings]),
             ("Baseline", [float(kpi.baseline)] * len(days)),
             ("Target", [float(kpi.target)] * len(days))],
            number_format=_format_of(kpi), labels=False)
        notes = [f"{day_text(r.taken_on)}: {kpi_number(kpi, r.value)}" for r in readings]
        notes.insert(0, f"Baseline {kpi_number(kpi, kpi.baseline)}, target "
                        f"{kpi_number(kpi, kpi.target)}"
                        + (f" by {day_text(kpi.target_date)}" if kpi.target_date else "") + ".")
        slides.append(SlideData(f"Trend: {kpi.name}", charts=[chart], notes=notes))
    return slides


def _format_of(kpi: Any) -> str:
    places = max(_places(kpi.baseline), _places(kpi.target))
    return "#,##0" + ("." + "0" * places if places else "")


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


__all__ = ["AGENDA", "deck_of"]
