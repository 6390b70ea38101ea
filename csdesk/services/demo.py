"""A realistic, deterministic demo book: for demos, screenshots, tests and benchmarks only.

The same seed and the same "today" always give the same book. Dates are laid out around
"today" so that renewals, late milestones and overdue action items look current.

``DemoService`` replaces the book and writes it; the rows are built by ``demo_builder`` (from
``demo_content``, with risks and growth from ``demo_growth``) and written by ``demo_rows``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from csdesk import clock
from csdesk.errors import CsdeskError
from csdesk.models import (
    Account,
    ActivityAction,
    CriticalPathTemplate,
    HealthSnapshot,
    ProductGap,
)
from csdesk.services.base import Service, record
from csdesk.services.demo_builder import BookBuilder
from csdesk.services.demo_rows import Rows, Stage, first_ids, sync_sequences
from csdesk.services.health import HealthService
from csdesk.services.renewals import ensure_start_renewal_items
from csdesk.services.templates import TemplateService
from csdesk.store import fulltext

MAX_ACCOUNTS = 20_000
CHUNK = 500  # accounts written at a time: memory stays flat on big books


def check_request(accounts: int, today: date | None = None) -> date:
    """The day a book of ``accounts`` would be laid out around; a CsdeskError saying why
    when it cannot be (checked before a workspace is opened or made)."""
    if not 1 <= accounts <= MAX_ACCOUNTS:
        raise CsdeskError(f"a demo book has 1 to {MAX_ACCOUNTS:,} accounts, not {accounts}")
    today = today or clock.today()
    if not DEMO_YEARS[0] <= today.year <= DEMO_YEARS[1]:  # its history reaches years back
        raise CsdeskError(f"a demo book is laid out around a day in {DEMO_YEARS[0]}–"
                          f"{DEMO_YEARS[1]}, not {today.isoformat()}")
    return today


class DemoService(Service):
    def create_book(self, accounts: int = 25, *, seed: int = 7, today: date | None = None,
                    force: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> int:
        """Fill the workspace with ``accounts`` demo accounts; returns how many were made.

        The rows are built as plain dicts and written with bulk inserts (the ORM's unit of
        work made 20,000 accounts take ten minutes), with ids given here in the order the
        ORM would have given them, so the book is the one it always was."""
        today = check_request(accounts, today)
        TemplateService(self._workspace).ensure_builtin()
        with self._uow() as session:
            existing = session.scalar(select(func.count()).select_from(Account)) or 0
            if existing and not force:
                raise CsdeskError(f"the workspace already has {existing} accounts; "
                                  "use --force to replace them with a demo book")
            if existing:
                for account in session.scalars(select(Account)):
                    session.delete(account)
                session.flush()
            templates = [(template.id, [Stage(s.id, s.name, s.week_start, s.week_end,
                                               list(s.exit_criteria), s.is_first_value)
                                        for s in template.stages])
                         for template in session.scalars(select(CriticalPathTemplate).options(
                             selectinload(CriticalPathTemplate.stages))
                             .filter_by(builtin=True).order_by(CriticalPathTemplate.name))]
            gaps = dict(session.execute(select(ProductGap.title, ProductGap.id)).all())
            rows = Rows(first_ids(session), clock.now())
            builder = BookBuilder(rows, random.Random(seed), today, templates, gaps)
            with fulltext.deferred(session):  # one index rebuild instead of one per row
                for index in range(accounts):
                    builder.account(index)
                    if index % CHUNK == CHUNK - 1 or index == accounts - 1:
                        rows.write(session, rows.take())
                    if progress:
                        progress(index + 1, accounts)
                sync_sequences(session)
                record(session, account_id=None, entity="workspace", entity_id=None,
                       action=ActivityAction.CREATED,
                       summary=f"Demo book of {accounts} accounts created (seed {seed})")
                # As for any new account: its renewal within 90 days has its item at once.
                ensure_start_renewal_items(session, today)
        HealthService(self._workspace).refresh(today)
        self._health_history(random.Random(seed + 1), today)
        return accounts

    def _health_history(self, rng: random.Random, today: date) -> None:
        """Monthly scores before today, drifting towards where each account is now."""
        with self._uow() as session:
            snapshots = []
            for account_id, health, contract_start in session.execute(
                    select(Account.id, Account.health_score, Account.contract_start)
                    .where(Account.health_score.is_not(None)).order_by(Account.id)):
                score = health or 50
                for months in range(1, 7):
                    day = today - timedelta(days=30 * months)
                    if contract_start and day < contract_start:
                        break
                    score = max(0, min(100, score + rng.randint(-9, 9)))
                    snapshots.append({"account_id": account_id, "taken_on": day,
                                      "score": score, "components": []})
            if snapshots:
                session.execute(insert(HealthSnapshot), snapshots)


DEMO_YEARS = (1960, 2190)
