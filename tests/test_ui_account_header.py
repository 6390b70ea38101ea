"""The account header tells the renewal and health as DOMAIN.md has them: a churned account
renews no more and has no score; a new one is not scored yet, not unhealthy."""

from __future__ import annotations

from datetime import date

from tests.conftest import TODAY
from tests.ui_helpers import settled, shown_window


def test_a_churned_account_says_churned_not_renews_in(qtbot, services) -> None:
    account = services.accounts.create(name="Gone Ltd", renewal_date=date(2027, 4, 16),
                                       contract_start=date(2025, 4, 16),
                                       arr_cents=5_000_000)
    window = shown_window(qtbot, services, TODAY)
    window.open_account(account.id)
    settled(window)
    facts = window.account_view.facts.text()
    assert "renews in 144 days" in facts and "health not scored yet" in facts
    services.accounts.update(account.id, status="churned")
    window.open_account(account.id)
    settled(window)
    facts = window.account_view.facts.text()
    assert facts.lower().count("churned") == 1  # said once, not "Churned · … · churned"
    assert "renews" not in facts and "health" not in facts
