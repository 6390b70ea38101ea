"""Critical-path templates (own, copied, shared as JSON) and re-planning an account's path."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from csdesk.errors import CsdeskError, ValidationError
from csdesk.services import Services
from csdesk.services.tracking import PathHealth, StageStatus

KICKOFF = date(2026, 1, 5)
THREE_STAGES = {"name": "Quick start", "stages": [
    {"name": "Set-up", "week": 1, "exit_criteria": ["Admin invited"]},
    {"name": "First report", "week": 3, "first_value": True},
    {"name": "Wrap-up", "week": 6, "week_end": 8},
]}


def test_both_shipped_templates_are_there_and_read_only(services: Services) -> None:
    names = [t.name for t in services.templates.list()]
    assert names == ["Marketing software onboarding", "SaaS onboarding (90 days)"]
    marketing = services.templates.find("Marketing software onboarding")
    assert [(s.name, s.week_start, s.week_end) for s in marketing.stages][-2:] == [
        ("Achievement", 12, 52), ("Renewal", 52, None)]
    assert marketing.stages[0].exit_criteria == ["Blog migrated", "CRM integrated",
                                                 "Website code deployed"]
    with pytest.raises(ValidationError, match="copy it"):
        services.templates.update(marketing.id, THREE_STAGES)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        services.templates.delete(marketing.id)


def test_create_copy_edit_and_delete_own_templates(services: Services) -> None:
    own = services.templates.create(THREE_STAGES)
    copy = services.templates.copy(own.id)
    assert copy.name == "Quick start (copy)" and len(copy.stages) == 3
    edited = {"name": "Quick start v2", "stages": [
        {"id": own.stages[0].id, "name": "Set-up", "week": 2, "exit_criteria": "One\nTwo"},
        {"name": "Go-live", "week": 4, "first_value": True},
    ]}
    updated = services.templates.update(own.id, edited)
    assert [(s.name, s.week_start, s.is_first_value) for s in updated.stages] == [
        ("Set-up", 2, False), ("Go-live", 4, True)]
    assert updated.stages[0].id == own.stages[0].id  # the same stage, kept linked
    assert updated.stages[0].exit_criteria == ["One", "Two"]
    services.templates.delete(copy.id)
    assert "Quick start (copy)" not in [t.name for t in services.templates.list()]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"name": "", "stages": [{"name": "A", "week": 1}]}, "name", "template name is required"),
    ({"name": "X", "stages": []}, "stages", "at least one stage"),
    ({"name": "X", "stages": [{"name": "A", "week": -1}]}, "stage 1", "whole number of weeks"),
    ({"name": "X", "stages": [{"name": "A", "week": "two"}]}, "stage 1", '"two"'),
    ({"name": "X", "stages": [{"name": "A", "week": 5, "week_end": 2}]}, "stage 1",
     "week_end 2 is before week 5"),
    ({"name": "X", "stages": [{"name": "A", "week": 1}, {"name": "a", "week": 2}]}, "stage 2",
     "already stage 1"),
    ({"name": "X", "stages": [{"name": "A", "week": 1, "first_value": True},
                              {"name": "B", "week": 2, "first_value": True}]}, "first_value",
     "only one stage"),
    ({"name": "X", "stages": [{"name": "A", "week": 4}, {"name": "B", "week": 2}]}, "order",
     "in order of their week"),
])
def test_bad_templates_are_refused_with_the_stage_named(services, data, field, message) -> None:
    with pytest.raises(ValidationError) as caught:
        services.templates.create(data)
    assert message in caught.value.errors[field]


def test_export_and_import_json(services: Services, tmp_path: Path) -> None:
    marketing = services.templates.find("Marketing software onboarding")
    path = services.templates.export_json(marketing.id, tmp_path / "marketing.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "csdesk-critical-path/1" and len(data["stages"]) == 8
    imported = services.templates.import_json(path)
    assert imported.name == "Marketing software onboarding (2)" and not imported.builtin
    assert [s.name for s in imported.stages] == [s.name for s in marketing.stages]
    assert [s.name for s in imported.stages if s.is_first_value] == ["Initial value"]


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "is not valid JSON: Expecting property name"),
    ('{"format": "other/1", "name": "X"}', "not a csdesk critical-path template"),
    ('{"name": "X", "stages": [{"name": "A", "week": 1.5}]}', "t.json: stage 1: week must"),
    ('[1, 2]', "must be a JSON object"),
])
def test_importing_a_bad_file_says_why_and_adds_nothing(services, tmp_path, content,
                                                        message) -> None:
    path = tmp_path / "t.json"
    path.write_text(content, encoding="utf-8")
    before = len(services.templates.list())
    with pytest.raises(CsdeskError, match=message):
        services.templates.import_json(path)
    assert len(services.templates.list()) == before


def _planned(services: Services, account_id: int) -> dict[str, tuple]:
    plan = services.plans.get(account_id)
    return {m.name: (m.planned_date, m.actual_date) for m in
            services.critical_path.milestones(plan.id)}


def test_replanning_keeps_what_was_achieved(services: Services) -> None:
    account = services.accounts.create(name="Acme")
    plan = services.plans.get(account.id)
    template = services.templates.create(THREE_STAGES)
    services.critical_path.apply_template(plan.id, template.id, KICKOFF)
    first = services.critical_path.milestones(plan.id)[0]
    services.critical_path.update_milestone(first.id, actual_date=date(2026, 1, 14),
                                            exit_criteria=[{"text": "Admin invited",
                                                            "done": True}])
    services.critical_path.replan(plan.id, kickoff=KICKOFF + timedelta(weeks=2))
    after = _planned(services, account.id)
    assert after["Set-up"] == (date(2026, 1, 12), date(2026, 1, 14))  # achieved: untouched
    assert after["First report"][0] == date(2026, 2, 9)  # week 3 from the new kick-off
    assert services.plans.get(account.id).kickoff_date == date(2026, 1, 19)
    # The template changes: a stage moves, one is added, one removed
    services.templates.update(template.id, {"name": "Quick start", "stages": [
        {"id": template.stages[0].id, "name": "Set-up", "week": 1},
        {"id": template.stages[1].id, "name": "First report", "week": 5, "first_value": True},
        {"name": "Champion trained", "week": 7}]})
    services.critical_path.replan(plan.id)
    after = _planned(services, account.id)
    assert list(after) == ["Set-up", "First report", "Champion trained"]
    assert after["First report"][0] == date(2026, 1, 19) + timedelta(weeks=5)
    milestones = services.critical_path.milestones(plan.id)
    assert milestones[0].exit_criteria == [{"text": "Admin invited", "done": True}]


def test_switching_templates_keeps_achieved_milestones_and_own_ones(services) -> None:
    account = services.accounts.create(name="Acme")
    plan = services.plans.get(account.id)
    quick = services.templates.create(THREE_STAGES)
    saas = services.templates.find("SaaS onboarding (90 days)")
    services.critical_path.apply_template(plan.id, quick.id, KICKOFF)
    done = services.critical_path.milestones(plan.id)[0]
    services.critical_path.update_milestone(done.id, actual_date=date(2026, 1, 12))
    services.critical_path.add_milestone(plan.id, name="Security review",
                                         planned_date=date(2026, 2, 1))
    services.critical_path.apply_template(plan.id, saas.id, KICKOFF)
    names = [m.name for m in services.critical_path.milestones(plan.id)]
    assert names[:len(saas.stages)] == [s.name for s in saas.stages]
    assert "Set-up" in names and "Security review" in names and "Wrap-up" not in names


def test_track_and_portfolio_from_the_database(services: Services) -> None:
    acme = services.accounts.create(name="Acme")
    beta = services.accounts.create(name="Beta")
    services.accounts.create(name="No path yet")
    template = services.templates.create(THREE_STAGES)
    for account in (acme, beta):
        services.critical_path.apply_template(services.plans.get(account.id).id, template.id,
                                              KICKOFF)
    beta_first = services.critical_path.milestones(services.plans.get(beta.id).id)[0]
    services.critical_path.update_milestone(beta_first.id, actual_date=date(2026, 1, 12))
    today = date(2026, 2, 20)
    acme_track = services.critical_path.track(acme.id, today)
    assert acme_track.stages[0].status is StageStatus.OVERDUE
    assert acme_track.health is PathHealth.OFF_TRACK
    rows = {r.account_name: r for r in services.critical_path.portfolio(today)}
    assert set(rows) == {"Acme", "Beta"}
    assert rows["Beta"].template_name == "Quick start"
    assert rows["Beta"].track.stages[0].status is StageStatus.DONE_ON_TIME


def test_clearing_the_actual_date_reopens_the_stage(services: Services) -> None:
    plan = services.plans.get(services.accounts.create(name="Acme").id)
    milestone = services.critical_path.add_milestone(plan.id, name="Go-live",
                                                     planned_date=KICKOFF)
    services.critical_path.update_milestone(milestone.id, actual_date=KICKOFF)
    reopened = services.critical_path.update_milestone(milestone.id, actual_date=None)
    assert reopened.status.value == "in_progress"
