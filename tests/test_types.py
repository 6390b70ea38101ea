"""The type checker: mypy is clean on the core packages (services, store, models, documents,
charts), with the settings in pyproject.toml's [tool.mypy]. mypy and its stub packages are in
the test extra, which ./dev installs (pip install -e ".[test]"), so CI runs this test."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.same_every_day  # reads the code, not the calendar

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed: it is in the test extra (pip install -e '.[test]')")
    # The files, the settings and the cache (.mypy_cache, which ignores itself in git) are
    # the ones `python -m mypy` uses from the repository's root.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, (
        f"mypy reports errors (run `python -m mypy` at the repository's root):\n"
        f"{result.stdout}{result.stderr}")
