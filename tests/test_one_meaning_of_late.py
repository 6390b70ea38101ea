"""One meaning of late (DOMAIN.md): the same due date and the same days late for one stage in
Today, the accounts list and its export, the path, health, early warnings, the chart and both
Word documents."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document

from csdesk.services import Services
from csdesk.services.chart_data import critical_path_chart
from csdesk.services.tracking import StageStatus

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

KICKOFF = date(2026, 9, 7)
TODAY = date(2026, 11, 23)
# Three stages: Set-up (week 1, done), Configure (a span, weeks 2-8: due 2026-11-02, open:
# 21 days late on 2026-11-23), Achievement (weeks 4-30: started 2026-10-05, due 2027-04-05:
# under way for 49 days, and not late).
TEMPLATE = {"name": "Late test", "stages": [
    {"name": "Set-up", "week": 1},
    {"name": "Configure", "week": 2, "week_end": 8, "first_value": True},
    {"name": "Achievement", "week": 4, "week_end": 30},
    {"name": "Renewal", "week": 52},
]}


def _book(services: Services) -> int:
    account = services.accounts.create(name="Latecomer Ltd", renewal_date=date(2027, 10, 1),
                                       contract_start=KICKOFF, arr_cents=12_000_000)
    plan = services.plans.get(account.id)
    template = services.templates.create(TEMPLATE)
    services.critical_path.apply_template(plan.id, template.id, KICKOFF)
    set_up = services.critical_path.milestones(plan.id)[0]
    services.critical_path.update_milestone(set_up.id, actual_date=KICKOFF + timedelta(days=9))
    return account.id


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_same_due_date_and_days_late_everywhere(services: Services, tmp_path: Path) -> None:
    account_id = _book(services)
    due, late = date(2026, 11, 2), 21
    words = f"Configure was due {due.isoformat()} and is {late} days late"

    path = services.critical_path.track(account_id, TODAY)
    set_up, configure, achievement, renewal = path.stages
    assert set_up.done_late_days == 2 and set_up.status is StageStatus.DONE_LATE
    assert (configure.stage.due, configure.days_late) == (due, late)
    assert configure.late_words() == f"was due {due.isoformat()} and is {late} days late"
    assert (achievement.status, achievement.days_late) == (StageStatus.UPCOMING, None)
    assert renewal.stage.due == date(2027, 10, 1)  # the contract's renewal date
    assert path.reason == words

    # Today: the open stage past its due date is there with the same figures; the stage under
    # way but due in April is not; neither is the renewal (it has its own list).
    agenda = services.book.today(TODAY)
    milestones = [i for i in agenda.due if i.kind == "milestone"]
    assert [(i.text, i.due, i.days_late) for i in milestones] == [("Configure", due, late)]

    # The accounts list: the next milestone is the earliest open stage by due date.
    (summary,) = services.book.account_summaries(TODAY)
    assert (summary.next_milestone, summary.next_milestone_date) == ("Configure", due)
    table = tmp_path / "accounts.csv"
    services.tables.export("accounts", table, TODAY)
    (row,) = list(csv.DictReader(table.open(encoding="utf-8-sig")))
    assert (row["Next milestone"], row["Milestone due"]) == ("Configure", due.isoformat())

    # Health: the path component's reason is the same sentence.
    health = services.health.explain(account_id, TODAY)
    (component,) = [c for c in health.components if c.key == "path"]
    assert component.reason == words

    # Early warnings: a milestone slipping more than 14 days, in the same words.
    proposals = [p for p in services.early_warning.proposals(TODAY, [account_id])
                 if p.rule == "milestone_slip"]
    assert [p.why for p in proposals] == [words]

    # The chart: its subtitle and its bar say the same.
    chart = critical_path_chart("Latecomer Ltd", path)
    assert words in chart.subtitle
    bar = next(b for b in chart.stages if b.name == "Configure")
    assert (bar.planned_end, bar.late_days, bar.state) == (due, late, "overdue")

    # Both documents, read back as the customer sees them.
    plan_docx = services.documents.export_plan(account_id, tmp_path / "plan.docx", TODAY)
    plan_text = _docx_text(plan_docx)
    assert f"{late} days late" in plan_text and words in plan_text
    assert "Achievement" in plan_text and "2027-04-05" in plan_text
    qbr_docx = services.documents.export_qbr(account_id, tmp_path / "qbr.docx", TODAY)
    qbr_text = _docx_text(qbr_docx)
    assert words in qbr_text
    for text in (plan_text, qbr_text):
        assert "overdue" not in text.lower()  # late is "N days late", one word for one figure
        assert "Achievement was due" not in text


def test_a_forecast_is_an_estimate_never_late(services: Services) -> None:
    account_id = _book(services)
    path = services.critical_path.track(account_id, TODAY)
    achievement = path.stages[2]
    # Configure is 21 days late and nothing after Set-up is finished: Set-up took 9 days for
    # 7 planned (pace 9/7), so Achievement (210 days planned) is forecast at 270 days.
    assert path.pace is not None and abs(path.pace - 9 / 7) < 1e-9
    assert achievement.forecast == KICKOFF + timedelta(days=round(210 * 9 / 7))
    assert achievement.forecast_words().startswith(f"forecast {achievement.forecast}")
    assert "late" not in achievement.forecast_words()
    assert achievement.days_late is None


def test_the_calendar_puts_milestones_on_their_due_dates(services: Services,
                                                         tmp_path: Path) -> None:
    from icalendar import Calendar

    account_id = _book(services)
    gone = services.accounts.create(name="Gone Ltd", renewal_date=date(2027, 1, 20),
                                    contract_start=date(2026, 1, 20))
    services.accounts.update(gone.id, status="churned")
    path = services.calendar.export(tmp_path / "book.ics", TODAY)
    events = {str(e["summary"]): e["dtstart"].dt
              for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert events["Latecomer Ltd: milestone Configure"] == date(2026, 11, 2)
    assert events["Latecomer Ltd: milestone Achievement"] == date(2027, 4, 5)  # not its start
    assert events["Latecomer Ltd: milestone Renewal"] == date(2027, 10, 1)  # the contract's
    assert events["Latecomer Ltd: renewal"] == date(2027, 10, 1)
    assert not [s for s in events if s.startswith("Gone Ltd: renewal")]
    assert account_id
