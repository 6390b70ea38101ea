"""Promise 1: a save that finished is never lost and no save is half-applied, even when the
process is killed (SIGKILL) at random moments during imports and bulk edits."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from csdesk.store import Workspace, resolve_location
from csdesk.store.integrity import check_file

BATCH = 40
WORKER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from sqlalchemy import text
    from csdesk.services import Services
    from csdesk.store import Workspace, resolve_location

    db, folder, start = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    workspace = Workspace.open(resolve_location(db), daily_backup=False)
    importer = Services(workspace, setup=False).importing
    batch = start
    print("ready", flush=True)
    while True:
        csv = folder / f"batch-{batch}.csv"
        rows = "\\n".join(f"K{batch}-{i},Industry {batch},{1000 + i}" for i in range({batch}))
        csv.write_text("name,industry,arr\\n" + rows + "\\n", encoding="utf-8")
        importer.import_accounts(csv)  # one transaction: all {batch} accounts or none
        with workspace.session() as session:  # a bulk edit: every account, or none
            session.execute(text("UPDATE accounts SET industry = :i"), {{"i": f"edit {batch}"}})
        batch += 1
""").replace("{batch})", f"{BATCH})").replace("{{", "{").replace("}}", "}")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_at_random_moments_nothing_is_lost_or_half_applied(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    Workspace.open(resolve_location(db)).close()
    rng = random.Random(20261123)
    started = time.monotonic()
    kills = 0
    next_batch = 0
    while kills < 10 and time.monotonic() - started < 45:
        child = subprocess.Popen([sys.executable, "-c", WORKER, str(db), str(tmp_path),
                                  str(next_batch)], stdout=subprocess.PIPE, text=True,
                                 env={**os.environ})
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        kills += 1
        assert check_file(db, full=True) == []  # the file is always intact
        with Workspace.open(resolve_location(db), daily_backup=False) as workspace, \
                workspace.session() as session:
            rows = session.execute(text("SELECT name, industry FROM accounts")).all()
        by_batch: dict[str, int] = {}
        for name, _industry in rows:
            batch = name.split("-")[0]
            by_batch[batch] = by_batch.get(batch, 0) + 1
        assert set(by_batch.values()) <= {BATCH}, by_batch  # every import all or nothing
        last = max((int(b[1:]) for b in by_batch), default=-1)
        # The bulk edit is all or nothing too. "edit M" touched every account that existed then,
        # i.e. every batch up to M; a batch imported later keeps its own industry until the next
        # edit (a kill can land between an import and its edit more than once in a row).
        edits = [int(industry.split()[1]) for _name, industry in rows
                 if industry.startswith("edit ")]
        newest_edit = max(edits, default=-1)
        for name, industry in rows:
            batch = int(name.split("-")[0][1:])
            expected = f"edit {newest_edit}" if batch <= newest_edit else f"Industry {batch}"
            assert industry == expected, (name, industry, expected)
        next_batch = last + 1
    assert kills >= 5 and next_batch > 0
