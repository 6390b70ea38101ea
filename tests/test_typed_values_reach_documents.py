"""Promise 7: every value the CSM typed reaches the document, whatever the characters
(property-based, read back from the .docx)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from csdesk.models import CanvasItemKind
from csdesk.services import Services
from csdesk.services.validation import clean_block

pytestmark = pytest.mark.usefixtures("signed")  # documents name the CSM


def _words(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(min_size=1, max_size=300))
def test_any_text_typed_reaches_the_success_plan(services: Services, tmp_path: Path,
                                                 typed: str) -> None:
    expected = clean_block(typed)
    assume(expected.strip())
    account = services.accounts.find("Acme") if services.accounts.count() else \
        services.accounts.create(name="Acme")
    services.accounts.update(account.id, highlights=typed)
    plan = services.plans.get(account.id)
    for item in plan.items:
        services.plans.remove_item(item.id)
    services.plans.add_item(plan.id, CanvasItemKind.OBJECTIVE, typed)
    out = services.documents.export_plan(account.id, tmp_path / "plan.docx", date(2026, 11, 23))
    document = Document(str(out))
    text = _words("\n".join(p.text for p in document.paragraphs))
    assert _words(services.accounts.get(account.id).highlights) in text
    assert text.count(_words(expected)) >= 2  # in the highlights and as the objective
