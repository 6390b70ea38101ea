"""Speed at scale: build demo books, time each operation against a baseline, print a table.

    .venv/bin/python -m bench                    # 500, 5,000 and 20,000 accounts
    .venv/bin/python -m bench --sizes 500 5000   # fewer sizes
    .venv/bin/python -m bench --write            # also rewrite docs/performance.md

Books are cached in bench/.cache (building 20,000 accounts takes minutes).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.postgres import Server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CSDESK_DATA_DIR", tempfile.mkdtemp(prefix="csdesk-bench-"))
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="csdesk-bench-config-"))

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
TODAY = date(2026, 11, 23)


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), max(samples)


def book(size: int) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"book-{size}.db"
    if not path.exists():
        print(f"building a demo book of {size:,} accounts…", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            subprocess.run([sys.executable, "-m", "csdesk", "demo", "--db", str(path),
                            "--accounts", str(size), "--today", TODAY.isoformat()], check=True)
        except subprocess.CalledProcessError:
            for leftover in CACHE.glob(f"book-{size}.db*"):
                leftover.unlink()
            raise
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    # A book cached by an older csdesk is upgraded now, so no timed run pays for a migration.
    from csdesk.store import Workspace, resolve_location

    Workspace.open(resolve_location(path), daily_backup=False).close()
    return path


COLD_START = """
import os, sys, time, resource
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
mode, db = sys.argv[1], sys.argv[2]
if mode == "bare":
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    window = QMainWindow(); window.resize(1280, 800); window.show(); app.processEvents()
else:
    from datetime import date
    from csdesk.services import Services
    from csdesk.store import Workspace, resolve_location
    from csdesk.store.paths import WorkspaceLocation
    from csdesk.ui.app import make_application
    from csdesk.ui.main_window import MainWindow
    app = make_application()
    location = WorkspaceLocation(url=db) if "://" in db else resolve_location(db)
    ws = Workspace.open(location, daily_backup=False)
    window = MainWindow(Services(ws), today=lambda: date(2026, 11, 23), remember_layout=False)
    window.show_view("accounts"); window.show(); app.processEvents()
    if hasattr(window, "operations"):  # the accounts are read off the GUI thread: until shown
        window.operations.settle(); app.processEvents()
# This process's own peak (kB): ru_maxrss would carry the parent's peak over the fork.
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:")) if os.path.exists("/proc/self/status") \
    else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("shown", peak, flush=True)
if mode != "bare":
    ws.close()  # as the app does on quit: the next start can trust a cleanly closed file
"""


def cold_start(mode: str, db: Path | str) -> tuple[float, int]:
    # Timed to the moment the child says its window is shown, not to its exit: at exit the
    # app first finishes its background work (the health refresh), which the user never waits for.
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", COLD_START, mode, str(db)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.communicate()
    if child.returncode or not line.startswith("shown"):
        raise RuntimeError(f"the cold start ({mode}) failed with exit code {child.returncode}")
    return elapsed, int(line.split()[-1])


def settle(window: object, app: object) -> None:
    """Until what was asked for is on screen: a book view is read off the GUI thread
    (ui/operations.py) and shown when it arrives, so timing only the request measured
    nothing of the query or the table."""
    operations = getattr(window, "operations", None)
    if operations is not None:
        operations.settle()
    app.processEvents()  # type: ignore[attr-defined]


def measure(size: int, server: Server | None = None,
            counts: dict[str, tuple[int, int]] | None = None,
            ) -> list[tuple[str, float, float, float | None]]:
    """(operation, median s, worst s, baseline median s or None).

    With ``server`` (bench/postgres.py), the same operations on a PostgreSQL workspace holding
    the same book, without the SQLite baselines. With ``counts``, each service operation is run
    once more, untimed, counting its statements and connection checkouts into it."""
    from docx import Document
    from matplotlib.figure import Figure

    from csdesk.charts.critical_path import critical_path_figure
    from csdesk.charts.export import figure_bytes
    from csdesk.services import Services
    from csdesk.services.chart_data import critical_path_chart
    from csdesk.store import Workspace, resolve_location
    from csdesk.store.paths import WorkspaceLocation
    from csdesk.ui.app import make_application
    from csdesk.ui.main_window import MainWindow

    db = book(size)
    url = None
    if server is not None:
        from bench.postgres import load_book

        url = load_book(server, db, size)
    where = url or str(db)
    location = WorkspaceLocation(url=url) if url else resolve_location(db)
    rows: list[tuple[str, float, float, float | None]] = []
    starts = [cold_start("app", where) for _ in range(3)]
    bare = [cold_start("bare", where)[0] for _ in range(3)]
    rows.append(("cold start to the main window", statistics.median(s[0] for s in starts),
                 max(s[0] for s in starts), statistics.median(bare)))
    peak_mb = max(s[1] for s in starts) / 1024

    app = make_application()
    workspace = Workspace.open(location, daily_backup=False)
    services = Services(workspace)
    # As the app does on opening (its daily work): the day's health scores and peer figures,
    # which documents compare an account with.
    services.health.refresh(TODAY)
    raw = None if url else sqlite3.connect(db)
    window = MainWindow(services, today=lambda: TODAY, remember_layout=False)
    window.resize(1280, 800)
    window.show_view("accounts")
    window.show()
    settle(window, app)
    view = window.accounts_view

    def base(query: Callable[[sqlite3.Connection], object], runs: int) -> float | None:
        return None if raw is None else timed(lambda: query(raw), runs)[0]

    def time_op(name: str, action: Callable[[], object], runs: int,
                baseline: Callable[[], float | None], per: int = 1) -> None:
        median, worst = timed(action, runs)
        if counts is not None:
            from bench.postgres import count

            statements, checkouts = count(workspace.engine, action)
            counts[name] = (round(statements / per), round(checkouts / per))
        rows.append((name, median / per, worst / per, baseline()))

    def keystrokes() -> None:
        for text in ("l", "la", "lab", "labs"):
            view.filter.setText(text)
        view.filter.setText("")

    time_op("filter the accounts, per keystroke", keystrokes, 5, lambda: base(
        lambda c: c.execute("SELECT id FROM accounts WHERE lower(name) LIKE ?",
                            ("%labs%",)).fetchall(), 5), per=5)
    time_op("global search", lambda: services.search.query("roadmap"), 7, lambda: base(
        lambda c: c.execute("SELECT rowid FROM search_index WHERE search_index MATCH ? LIMIT 60",
                            ('"roadmap"*',)).fetchall(), 7))
    account_id = services.accounts.list()[size // 2].id
    time_op("open an account workspace",
            lambda: (window.open_account(account_id, "overview"), settle(window, app)), 5,
            lambda: base(lambda c: (
                c.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchall(),
                c.execute("SELECT * FROM contacts WHERE account_id = ?",
                          (account_id,)).fetchall()), 5))
    time_op("open Today", lambda: (window.show_view("today"), settle(window, app)), 5,
            lambda: base(lambda c: c.execute(
                "SELECT a.id FROM action_items a JOIN accounts c ON c.id = a.account_id "
                "WHERE a.done_on IS NULL AND a.due_date <= ?", ("2026-11-30",)).fetchall(), 5))
    time_op("portfolio metrics for a year",
            lambda: services.metrics.compute(date(2025, 11, 24), TODAY), 5,
            lambda: base(lambda c: c.execute(
                "SELECT account_id, max(effective_on) FROM arr_changes WHERE effective_on < ? "
                "GROUP BY account_id", ("2025-11-24",)).fetchall(), 5))
    track = services.critical_path.track(account_id, TODAY)
    chart = critical_path_chart("Acme", track)

    def bare_chart() -> None:
        figure = Figure(figsize=(9, 5))
        axes = figure.add_subplot()
        for row in range(len(chart.stages)):
            axes.barh(row, 7, left=row * 7)
        figure_bytes(figure)

    rows.append(("render the critical-path chart",
                 *timed(lambda: figure_bytes(critical_path_figure(chart)), 5),
                 timed(bare_chart, 5)[0]))
    out = Path(tempfile.mkdtemp())

    def bare_docx() -> None:
        document = Document()
        for title in ("Highlights", "Objectives", "Milestones", "KPIs"):
            document.add_heading(title, 1)
            document.add_paragraph("text " * 40)
        table = document.add_table(rows=9, cols=5)
        for row in table.rows:
            for cell in row.cells:
                cell.text = "cell"
        document.save(str(out / "bare.docx"))

    bare_doc = timed(bare_docx, 3)[0]
    from csdesk.settings import Signature

    signed = Signature("Bench CSM")  # documents are never signed by no one
    time_op("export the success plan .docx", lambda: services.documents.export_plan(
        account_id, out / "plan.docx", TODAY, signature=signed), 3, lambda: bare_doc)
    time_op("export the QBR .docx", lambda: services.documents.export_qbr(
        account_id, out / "qbr.docx", TODAY, signature=signed), 3, lambda: bare_doc)

    def bare_pptx() -> None:  # a deck of as many slides, one chart, written by python-pptx
        from pptx import Presentation
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE

        deck = Presentation()
        for number in range(14):
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = f"Slide {number}"
            slide.placeholders[1].text_frame.text = "text " * 40
        data = CategoryChartData()
        data.categories = ["a", "b", "c"]
        data.add_series("s", (1, 2, 3))
        deck.slides[2].shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, 0, 0, 4_000_000,
                                        3_000_000, data)
        deck.save(str(out / "bare.pptx"))

    bare_deck = timed(bare_pptx, 3)[0]
    time_op("export the QBR deck .pptx", lambda: services.decks.export(
        account_id, out / "qbr.pptx", TODAY, signature=signed), 3, lambda: bare_deck)
    window.close()
    workspace.close()

    csv_path = out / "accounts.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "industry", "arr", "renewal_date"])
        for number in range(5000):
            writer.writerow([f"Imported {number}", "Retail", f"{1000 + number}.00",
                             "2027-06-30"])

    # On PostgreSQL each import goes into a database of its own, made before the clock runs.
    empty = [server.new_database() for _ in range(2 + (counts is not None))] \
        if server is not None else []

    def import_once() -> None:
        target = Workspace.open(WorkspaceLocation(url=empty.pop()) if empty else
                                resolve_location(out / f"import-{time.time_ns()}.db"))
        Services(target, setup=False).importing.import_accounts(csv_path)
        target.close()

    def bare_import() -> None:
        connection = sqlite3.connect(out / f"bare-{time.time_ns()}.db")
        connection.execute("CREATE TABLE accounts (name TEXT, industry TEXT, arr INT, r TEXT)")
        connection.executemany("INSERT INTO accounts VALUES (?, ?, ?, ?)",
                               [(f"Imported {n}", "Retail", 1000 + n, "2027-06-30")
                                for n in range(5000)])
        connection.commit()

    if size == min(SIZES):
        name = "import a 5,000-row accounts CSV"
        rows.append((name, *timed(import_once, 2),
                     timed(bare_import, 2)[0] if raw is not None else None))
        if counts is not None:  # into a workspace of its own: every engine's statements
            from sqlalchemy import Engine

            from bench.postgres import count

            counts[name] = count(Engine, import_once)
    rows.append((f"peak memory, MB (book of {size:,} open)", peak_mb, peak_mb, None))
    window.operations.settle()
    window.close()
    if raw is not None:
        raw.close()
    # Closed cleanly, as the app closes: the next run's cold start opens a file it can trust,
    # instead of checking all of it (which maps the whole file and counts it as memory).
    workspace.close()
    return rows


SIZES: list[int] = []


def table(results: dict[int, list]) -> str:
    lines = ["| operation | " + " | ".join(f"{s:,} accounts: median / worst (baseline, ratio)"
                                          for s in results) + " |",
             "|---|" + "---|" * len(results)]
    names = []
    for rows in results.values():
        for row in rows:
            if row[0] not in names:
                names.append(row[0])
    for name in names:
        cells = []
        for rows in results.values():
            row = next((r for r in rows if r[0] == name), None)
            if row is None:
                cells.append("—")
            elif name.startswith("peak memory"):
                cells.append(f"{row[1]:.0f} MB")
            else:
                base = f" ({row[3] * 1000:.1f} ms, {row[1] / row[3]:.1f}×)" if row[3] else ""
                cells.append(f"{row[1] * 1000:.1f} / {row[2] * 1000:.1f} ms{base}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def comparison(results: dict[int, tuple[list, list, dict, dict]]) -> str:
    """Each operation's median on SQLite and on PostgreSQL (issue #19: within 2×), with the
    statements and connection checkouts one run costs on each."""
    lines = ["| operation | accounts | SQLite median | PostgreSQL median | ratio | within 2× "
             "| statements SQLite / PostgreSQL | checkouts SQLite / PostgreSQL |",
             "|---|---:|---:|---:|---:|---|---:|---:|"]
    for size, (lite, server, lite_counts, server_counts) in results.items():
        for name, median, _worst, _base in lite:
            other = next((r for r in server if r[0] == name), None)
            if other is None:
                continue
            if name.startswith("peak memory"):
                lines.append(f"| {name} | {size:,} | {median:.0f} MB | {other[1]:.0f} MB "
                             f"| {other[1] / median:.2f}× | — | | |")
                continue
            ratio = other[1] / median
            made = "yes" if ratio <= 2 else "**no**"
            counted = ["", ""]
            if name in lite_counts and name in server_counts:
                counted = [f"{lite_counts[name][i]:,} / {server_counts[name][i]:,}"
                           for i in range(2)]
            lines.append(f"| {name} | {size:,} | {median * 1000:.1f} ms "
                         f"| {other[1] * 1000:.1f} ms | {ratio:.2f}× | {made} "
                         f"| {counted[0]} | {counted[1]} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in
                     Path("/proc/cpuinfo").read_text().splitlines() if "model name" in line)
        cpu = model
    except (OSError, StopIteration):
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000, 20000])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite",
                        help="postgresql: also run every operation on a throwaway local "
                             "PostgreSQL server holding the same book, and compare")
    args = parser.parse_args()
    SIZES[:] = args.sizes
    if args.engine == "postgresql":
        if args.write:
            parser.error("--write records the SQLite figures: run it without --engine")
        compare(args.sizes)
        return
    results = {size: measure(size) for size in args.sizes}
    text = table(results)
    print(machine())
    print(text)
    if args.write:
        target = ROOT / "docs" / "performance.md"
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        block = f"{start}\nMeasured on {TODAY:%Y-%m-%d}: {machine()}.\n\n{text}\n{end}"
        if start in current:
            current = current[:current.index(start)] + block + current[current.index(end) +
                                                                       len(end):]
        else:
            current += "\n" + block + "\n"
        target.write_text(current, encoding="utf-8")


def compare(sizes: list[int]) -> None:
    from bench.postgres import Server

    server = Server()
    server.start()
    try:
        results = {}
        for size in sizes:
            lite_counts: dict[str, tuple[int, int]] = {}
            server_counts: dict[str, tuple[int, int]] = {}
            lite = measure(size, counts=lite_counts)
            other = measure(size, server, counts=server_counts)
            results[size] = (lite, other, lite_counts, server_counts)
            print(f"{size:,} accounts measured", file=sys.stderr, flush=True)
        print(f"{machine()}, PostgreSQL {server.version()} (local, Unix socket, fsync off)")
        print(comparison(results))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
