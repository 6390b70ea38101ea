"""Each document tells one story: built from one set of facts, on edge accounts (no path, every
stage done, no health yet, churned), no two statements disagree; the executive summary opens
the customer documents; the internal brief carries what the customer never sees."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from csdesk.models import CanvasItemKind, StakeholderRole
from csdesk.services import Services
from csdesk.services.chart_data import critical_path_chart
from tests.conftest import TODAY

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM

INTERNAL = ("Health", "health score", "sentiment", "Detractor", "percentile", "better than",
            "Weakest", "Likelihood", "likelihood", "Open risk", "Champion leaving",
            "High-touch", "Low-touch", "plan status", "At risk", "at risk", "Off track")


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _edge_accounts(services: Services) -> dict[str, int]:
    """Five accounts at the edges: no path, every stage done, new (no health), churned, and
    one a month late."""
    ids = {}
    ids["no path"] = services.accounts.create(name="Nopath Co",
                                              renewal_date=TODAY + timedelta(days=200)).id
    done = services.accounts.create(name="Alldone Co", renewal_date=TODAY + timedelta(days=90))
    plan = services.plans.get(done.id)
    services.plans.update(plan.id, kickoff_date=TODAY - timedelta(days=120))
    for n, name in enumerate(("Kick-off", "Go live", "Achievement")):
        services.critical_path.add_milestone(
            plan.id, name=name, planned_date=TODAY - timedelta(days=100 - 30 * n),
            actual_date=TODAY - timedelta(days=95 - 30 * n), owner="Sam Lee")
    ids["all done"] = done.id
    new = services.accounts.create(name="Newbie Co", contract_start=TODAY,
                                   renewal_date=TODAY + timedelta(days=365))
    plan = services.plans.get(new.id)
    services.plans.update(plan.id, kickoff_date=TODAY)
    services.critical_path.add_milestone(plan.id, name="Kick-off",
                                         planned_date=TODAY + timedelta(days=7))
    ids["no health yet"] = new.id
    gone = services.accounts.create(name="Gone Co", renewal_date=TODAY - timedelta(days=52))
    plan = services.plans.get(gone.id)
    services.critical_path.add_milestone(plan.id, name="Go live",
                                         planned_date=TODAY - timedelta(days=80))
    services.accounts.update(gone.id, status="churned")
    ids["churned"] = gone.id
    late = services.accounts.create(name="Lagging Co", renewal_date=TODAY + timedelta(days=250))
    plan = services.plans.get(late.id)
    services.plans.update(plan.id, kickoff_date=TODAY - timedelta(days=60))
    services.critical_path.add_milestone(plan.id, name="Kick-off", owner="Sam Lee",
                                         planned_date=TODAY - timedelta(days=55),
                                         actual_date=TODAY - timedelta(days=55))
    services.critical_path.add_milestone(plan.id, name="Go live", owner="Sam Lee",
                                         planned_date=TODAY - timedelta(days=30))
    ids["late"] = late.id
    return ids


def test_edge_accounts_documents_never_contradict_themselves(services: Services,
                                                             tmp_path: Path) -> None:
    ids = _edge_accounts(services)
    documents = services.documents
    for label, account_id in ids.items():
        plan = documents.plan_document(account_id, TODAY, charts=False)
        qbr = documents.qbr_document(account_id, TODAY, charts=False)
        brief = documents.brief_document(account_id, TODAY, charts=False)
        told = "\n".join(qbr.summary + [qbr.path_summary, qbr.next_milestone] + qbr.insights
                         + plan.summary + [plan.path_summary])
        if label == "no path":
            assert "not been planned yet" in qbr.path_summary
            assert qbr.next_milestone == "none yet, as the critical path has not been planned"
            assert "every stage" not in told and "done" not in qbr.next_milestone
        if label == "all done":
            assert qbr.next_milestone == "none, as every stage is done"
            assert "3 of 3 stages done" in qbr.path_summary
            assert "late" not in told and "needs a new date" not in told
            assert "Milestones: every stage of the critical path is done." in qbr.summary
        if label == "no health yet":
            assert brief.health.startswith("not scored")
            assert not any(c.score not in ("—",) and c.label == "Critical path" and
                           int(c.score) < 100 for c in brief.health_components)
        if label == "churned":
            assert "Renewal" not in told  # a customer who left has no renewal ahead
            assert plan.account.renewal_date == "—"
            assert "renewal" not in qbr.path_summary
            assert "The customer has churned." in brief.commercials
            assert not any("Renewal" in line for line in brief.commercials)
        # Renewal sentences agree with the account's date wherever they appear
        renewal = services.accounts.get(account_id).renewal_date
        for line in told.splitlines():
            if "Renewal" in line:
                assert renewal.isoformat() in line
                assert f"{(renewal - TODAY).days} days" in line
        # The same next milestone in the summary and in part 4
        track = qbr.next_milestone
        if "," in track and not track.startswith("none"):  # a stage, named in both
            assert track.split(",")[0] in "\n".join(qbr.summary)
        assert len(re.findall(r"stages? done", qbr.path_summary)) == (label != "no path")
        if label == "late":  # the schedule in the customer's words, not a risk label
            assert qbr.path_summary.startswith("1 of 2 stages done. Well behind plan: Go live")
            chart = critical_path_chart(qbr.account.name, documents.facts(account_id, TODAY)
                                        .track, for_customer=True)
            assert chart.subtitle.startswith("Well behind plan: Go live")
        if label == "churned":  # stages without a kick-off date: not called unplanned
            assert qbr.path_summary == "0 of 1 stage done. No kick-off date yet, so no forecast."
        # The brief is the pre-read's facts: same path, same 90 days, same insights
        assert (brief.path_summary, brief.next_milestone, brief.plan_90, brief.insights) == (
            qbr.path_summary, qbr.next_milestone, qbr.plan_90, qbr.insights)
        for kind in ("plan", "qbr"):
            text = _text(documents.export(kind, account_id, tmp_path / f"{label}-{kind}.docx",
                                          TODAY))
            assert "{{" not in text and "{%" not in text
            for word in INTERNAL:
                assert word not in text, (label, kind, word)


def test_the_executive_summary_opens_the_documents(services: Services, tmp_path: Path) -> None:
    """Objectives with where each stands, each KPI in one line, the asks, the next three
    milestones with dates and owners, the renewal: on page 1 of the plan and the QBR."""
    account = services.accounts.create(name="Summit Co", renewal_date=TODAY + timedelta(100))
    plan = services.plans.get(account.id)
    services.plans.update(plan.id, kickoff_date=TODAY - timedelta(days=20))
    goal = services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE, "Halve quote time.")
    kpi = services.plans.add_kpi(plan.id, name="Quote time", unit="days", baseline=10,
                                 target=5, objective_id=goal.id)
    services.plans.record_reading(kpi.id, TODAY - timedelta(days=1), Decimal("8"))
    services.plans.add_kpi(plan.id, name="Active users", unit="users", baseline=50,
                           target=200)
    for n, (name, owner) in enumerate((("Configure", "Priya Shah"), ("Train", None),
                                       ("Go live", "Sam Lee"), ("Review", "Sam Lee"))):
        services.critical_path.add_milestone(plan.id, name=name, owner=owner,
                                             planned_date=TODAY + timedelta(days=10 + 10 * n))
    services.meetings.add_action(account.id, text="Send the security review",
                                 due_date=TODAY - timedelta(days=3))
    draft = services.documents.qbr_document(account.id, TODAY, charts=False)
    assert draft.summary == [
        "Objective: Halve quote time (Quote time: 8 days against a target of 5 days, 40% of "
        "the way from the baseline).",
        "Active users: target 200 users, no reading yet.",
        "To agree: a new date for “Send the security review”.",
        "To agree: who owns “Reach Train”.",
        f"Next milestones: Configure (due {(TODAY + timedelta(10)).isoformat()}; Priya Shah); "
        f"Train (due {(TODAY + timedelta(20)).isoformat()}; to be agreed); "
        f"Go live (due {(TODAY + timedelta(30)).isoformat()}; Sam Lee).",
        f"Renewal: {(TODAY + timedelta(100)).isoformat()} (in 100 days).",
    ]
    # The CSM edits it in the QBR tab: the export keeps the edit, recomputes the rest
    edited = type(draft)(**{**draft.__dict__, "summary": ["We are on plan for go-live."]})
    out = services.documents.export("qbr", account.id, tmp_path / "q.docx", TODAY,
                                    document=edited)
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    at = paragraphs.index("Executive summary")
    assert paragraphs[at + 1] == "We are on plan for go-live."
    assert paragraphs.index("1. Introduction") > at + 1
    plan_text = [p.text for p in Document(str(services.documents.export(
        "plan", account.id, tmp_path / "p.docx", TODAY))).paragraphs]
    assert plan_text.index("Executive summary") < plan_text.index("1. Customer highlights")


def test_the_internal_brief_carries_what_the_customer_never_sees(services: Services,
                                                                 tmp_path: Path) -> None:
    account = services.accounts.create(name="Risky Co", renewal_date=TODAY + timedelta(60),
                                       arr_cents=12_000_000)
    services.contacts.add(account.id, name="Jonas Andersson", role=StakeholderRole.DETRACTOR_RISK,
                          notes="Prefers the old vendor")
    services.contacts.add(account.id, name="Ana Ruiz", role=StakeholderRole.EXECUTIVE_SPONSOR)
    services.risks.create(account.id, title="Champion leaving in January", severity="high",
                          detected_on=TODAY - timedelta(days=5), mitigation="Meet the new lead")
    services.health.set_sentiment(account.id, 35, "Budget review worries the sponsor", TODAY)
    services.plans.update(services.plans.get(account.id).id, likelihood="low")
    brief = _text(services.documents.export("brief", account.id, tmp_path / "b.docx", TODAY))
    for fact in ("Internal QBR brief", "Health score:", "Champion leaving in January",
                 "Meet the new lead", "Jonas Andersson", "Detractor risk",
                 "Prefers the old vendor", "35 of 100", "Budget review worries the sponsor",
                 "likelihood of success Low", "ARR $120,000;",
                 "Risk (high): Champion leaving in January."):
        assert fact in brief, fact
    footer = Document(str(tmp_path / "b.docx")).sections[0].footer.paragraphs[0].text
    assert footer.startswith("Internal, not for the customer")
    for kind in ("plan", "qbr"):
        text = _text(services.documents.export(kind, account.id, tmp_path / f"{kind}.docx",
                                               TODAY))
        for internal in ("Jonas Andersson", "Champion leaving", "Meet the new lead",
                         "Budget review", "Prefers the old vendor", "Low"):
            assert internal not in text, (kind, internal)
        assert "Ana Ruiz" in text


def test_no_placeholder_person_signs_a_document(services: Services, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a name in Settings the account's owner signs; with neither, the export stops
    with a message saying how to set one, and writes nothing."""
    from csdesk import settings as user_settings
    from csdesk.errors import CsdeskError

    user_settings.save(user_settings.Settings())
    owned = services.accounts.create(name="Owned Co", owner="Morgan Lee")
    text = _text(services.documents.export("plan", owned.id, tmp_path / "o.docx", TODAY))
    assert "Prepared by Morgan Lee" in text and "Customer Success ·" not in text
    orphan = services.accounts.create(name="Orphan Co")
    with pytest.raises(CsdeskError, match="settings set my_name"):
        services.documents.export("qbr", orphan.id, tmp_path / "x.docx", TODAY)
    assert not (tmp_path / "x.docx").exists()


def test_late_work_reads_the_same_in_the_summary_the_path_and_the_90_days(
        services: Services) -> None:
    """A late stage is forecast (never promised for a day gone) alike everywhere; milestones
    reached count as done since the last review; two people's tasks of the same name stay
    two lines."""
    account = services.accounts.create(name="Latecomer Co")
    plan = services.plans.get(account.id)
    services.plans.update(plan.id, kickoff_date=TODAY - timedelta(days=60))
    services.critical_path.add_milestone(plan.id, name="Kick-off", owner="Sam Lee",
                                         planned_date=TODAY - timedelta(days=50),
                                         actual_date=TODAY - timedelta(days=20))
    services.critical_path.add_milestone(plan.id, name="Configure", owner="Sam Lee",
                                         planned_date=TODAY - timedelta(days=10))
    services.critical_path.add_milestone(plan.id, name="Go live", owner="Sam Lee",
                                         planned_date=TODAY + timedelta(days=20))
    add = services.meetings.add_action
    add(account.id, text="Fix the CRM mapping", owner="Alex", due_date=TODAY + timedelta(2))
    add(account.id, text="Fix the CRM mapping", owner="Tom", due_date=TODAY + timedelta(14))
    qbr = services.documents.qbr_document(account.id, TODAY, "2026Q4", charts=False)
    stage = services.documents.facts(account.id, TODAY).track.stages[1]
    forecast = stage.forecast.isoformat()
    assert stage.days_late == 10 and stage.forecast >= TODAY
    assert f"Configure (was due {(TODAY - timedelta(10)).isoformat()}, now forecast " \
           f"{forecast}; Sam Lee)" in "\n".join(qbr.summary)
    assert ("Reach Configure", "Sam Lee", forecast) in [(p.what, p.owner, p.when)
                                                        for p in qbr.plan_90]
    # Not late yet, though forecast later at this pace: by its due date, as the summary has it
    go_live = services.documents.facts(account.id, TODAY).track.stages[2]
    due = go_live.stage.due.isoformat()
    assert go_live.forecast > go_live.stage.due and f"Go live (due {due}; Sam Lee)" in \
        "\n".join(qbr.summary)
    assert ("Reach Go live", "Sam Lee", due) in [(p.what, p.owner, p.when) for p in qbr.plan_90]
    assert [(p.what, p.owner) for p in qbr.plan_90 if "CRM" in p.what] == [
        ("Fix the CRM mapping", "Alex"), ("Fix the CRM mapping", "Tom")]
    assert ("Milestone reached: Kick-off", (TODAY - timedelta(days=20)).isoformat()) in [
        (a.text, a.done) for a in qbr.actions_done]
