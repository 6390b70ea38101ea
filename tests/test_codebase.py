"""Properties of the code itself: layering, lint."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import csdesk

ROOT = Path(__file__).resolve().parents[1]
CORE = ("csdesk.models", "csdesk.services", "csdesk.store", "csdesk.charts", "csdesk.documents")


def test_the_core_never_imports_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(csdesk.__path__, "csdesk.")
               if (m.name.startswith(CORE) or m.name in ("csdesk.cli", "csdesk.errors"))
               and not m.name.startswith("csdesk.store.migrations")]
    assert "csdesk.services.accounts" in modules
    script = (
        "import sys, importlib\n"
        "sys.modules['PySide6'] = None  # any Qt import now fails\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is part of the test extra"
    result = subprocess.run([ruff, "check", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_package_is_shipped() -> None:
    """pyproject.toml lists packages explicitly (resources/ is mapped in): none may be missed."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "csdesk").rglob("__init__.py")}
    assert on_disk | {"csdesk.resources"} == listed
