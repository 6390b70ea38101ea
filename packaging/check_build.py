"""Check a built csdesk: it starts, opens a workspace, shows its window and writes documents.

    python packaging/check_build.py dist/csdesk/csdesk

Runs headless (Qt offscreen), in a temporary folder, never touching the user's data. Exits
non-zero, naming the step, when anything fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = Path(sys.argv[1]).resolve()
    if not binary.is_file():
        print(f"no built csdesk at {binary}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="csdesk-check-") as folder:
        tmp = Path(folder)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CSDESK_DATA_DIR": str(tmp / "data"),
               "XDG_CONFIG_HOME": str(tmp / "config"), "HOME": str(tmp)}
        db = tmp / "book.db"

        def run(step: str, *args: str) -> str:
            result = subprocess.run([str(binary), *args], env=env, capture_output=True,
                                    text=True, timeout=300)
            if result.returncode != 0:
                print(f"FAILED: {step}\n{result.stdout}\n{result.stderr}", file=sys.stderr)
                raise SystemExit(1)
            print(f"ok: {step}")
            return result.stdout

        version = run("prints its version", "--version").strip()
        run("creates a workspace with a demo book", "demo", "--db", str(db), "--accounts", "5",
            "--today", "2026-11-23")
        run("checks the workspace", "check", "--db", str(db))
        run("computes the metrics", "metrics", "--db", str(db), "--json")
        run("exports a table", "export", "table", "accounts", "--db", str(db), "-o",
            str(tmp / "accounts.csv"))
        first = (tmp / "accounts.csv").read_text(encoding="utf-8-sig").splitlines()[1]
        account_name = first.split(",")[0].strip('"')
        run("exports the success plan (Word)", "export", "plan", account_name, "--db", str(db),
            "-o", str(tmp / "plan.docx"))
        run("exports the QBR (Word, with charts)", "export", "qbr", account_name, "--db",
            str(db), "-o", str(tmp / "qbr.docx"), "--today", "2026-11-23")
        for document in ("plan.docx", "qbr.docx"):
            with zipfile.ZipFile(tmp / document) as package:
                if "word/document.xml" not in package.namelist():
                    print(f"FAILED: {document} is not a Word document", file=sys.stderr)
                    return 1
        run("opens the main window on the workspace", "screenshot", "--db", str(db), "--view",
            "today", "--today", "2026-11-23", "-o", str(tmp / "today.png"))
        if (tmp / "today.png").stat().st_size < 10_000:
            print("FAILED: the window rendered empty", file=sys.stderr)
            return 1
        run("exports the calendar", "export", "calendar", "--db", str(db), "-o",
            str(tmp / "book.ics"))
        print(f"The build works: {version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
