"""Promise 8: exporting a book and importing it into an empty workspace gives the same data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csdesk.models import LifecycleStage, Segment
from csdesk.services import Services
from csdesk.services.validation import clean_line
from csdesk.store import Workspace, resolve_location

FIELDS = ("name", "industry", "website", "employees", "offices", "founded", "segment",
          "lifecycle_stage", "arr_cents", "currency", "contract_start", "renewal_date")

names = st.text(min_size=1, max_size=40).map(clean_line).filter(bool)
accounts = st.fixed_dictionaries({
    "industry": st.one_of(st.none(), st.text(max_size=30).map(clean_line).filter(bool)),
    "employees": st.one_of(st.none(), st.integers(0, 10**6)),
    "offices": st.one_of(st.none(), st.integers(0, 500)),
    "founded": st.one_of(st.none(), st.integers(1800, 2025)),
    "segment": st.sampled_from(list(Segment)),
    "lifecycle_stage": st.sampled_from(list(LifecycleStage)),
    "arr_cents": st.integers(0, 10**12),
    "currency": st.sampled_from(["USD", "EUR", "GBP", "JPY"]),
    "contract_start": st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 1, 1))),
    "website": st.one_of(st.none(), st.sampled_from(["acme.example", "https://x.example/a,b"])),
})


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(book=st.dictionaries(names, accounts, min_size=1, max_size=8,
                            dict_class=dict).filter(
    lambda b: len({n.casefold() for n in b}) == len(b)))
def test_export_then_import_gives_the_same_book(tmp_path_factory, book) -> None:
    folder: Path = tmp_path_factory.mktemp("round")
    with Workspace.open(resolve_location(folder / "a.db")) as first:
        services = Services(first)
        for name, fields in book.items():
            start = fields["contract_start"]
            services.accounts.create(name=name, **fields, renewal_date=(
                start + timedelta(days=365) if start else None))
        original = [{f: getattr(a, f) for f in FIELDS} for a in services.accounts.list()]
        Services(first).importing.export_accounts(folder / "book.csv")
    with Workspace.open(resolve_location(folder / "b.db")) as second:
        result = Services(second).importing.import_accounts(folder / "book.csv")
        assert len(result.created) == len(book)
        copied = [{f: getattr(a, f) for f in FIELDS} for a in Services(second).accounts.list()]
    assert copied == original
