"""What packaging ships: a valid .desktop file and AppStream metainfo, the icon set, one
version everywhere, and the PyInstaller spec's data."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import csdesk
from csdesk.assets import resource

pytestmark = pytest.mark.same_every_day  # about the code and its files, not the calendar

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.csdesk.Csdesk"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (Debian: desktop-file-utils) is not installed")
def test_the_desktop_file_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli (Debian: appstream) is not installed")
def test_the_metainfo_validates() -> None:
    result = subprocess.run(["appstreamcli", "validate", "--no-net",
                             str(LINUX / f"{APP_ID}.metainfo.xml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_version_everywhere() -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert csdesk.__version__ == version
    releases = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot().find("releases")
    assert releases[0].get("version") == version  # the newest release comes first


def test_the_icon_set_is_shipped_and_square() -> None:
    assert resource("icons", "csdesk.svg").is_file()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(resource("icons", f"csdesk-{size}.png")))
        assert (image.width(), image.height()) == (size, size)
    desktop = (LINUX / f"{APP_ID}.desktop").read_text()
    assert f"Icon={APP_ID}" in desktop and "Exec=csdesk" in desktop


def test_the_spec_collects_what_the_frozen_app_reads_from_disk() -> None:
    spec = (ROOT / "packaging" / "csdesk.spec").read_text()
    assert 'subdir="resources"' in spec  # templates, critical paths, style, icons
    assert 'subdir="store/migrations", include_py_files=True' in spec  # Alembic reads .py
    assert 'copy_metadata("csdesk")' in spec  # the version in Help -> About


def test_the_window_has_the_app_icon(qapp) -> None:
    from csdesk.ui.app import make_application

    app = make_application()
    assert not app.windowIcon().isNull()
    assert app.windowIcon().availableSizes()
