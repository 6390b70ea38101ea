"""Every view and account tab, light and dark, at 1280×800 and 1920×1080, compared with the
reviewed reference images in tests/reference/: a column cut, a label covered or a panel
gone shows as pixels that differ, and fails here naming the screens and keeping the images.

Renders are made deterministic: a frozen clock (timestamps), the demo book of a fixed day,
the DejaVu Sans that matplotlib bundles as the window's font (not whatever the machine's
fontconfig picks), and the status bar (which names the temporary workspace file) left out.

After a change to the look made on purpose, look at the new images, then update them with
``./dev references`` (this file with ``--update-references``) and commit them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.ui_helpers import settled, shown_window

REFERENCE = Path(__file__).parent / "reference"
SIZES = {"1280x800": (1280, 800), "1920x1080": (1920, 1080)}
VIEWS = ("today", "accounts", "renewals", "portfolio:dashboard", "portfolio:onboarding",
         "opportunities", "gaps")
TABS = ("overview", "plan", "path", "meetings", "qbr", "risks", "growth", "activity")
ACCOUNT = "Northwind Labs"  # in the 12-account demo book: every tab has content
# A pixel differs when a channel moves by more than this (anti-aliasing and the reference's
# 256-colour palette stay under it); a screen fails when more than this share of its
# pixels differ (a cut column or a moved panel is well above it; runs on one machine
# differ by at most 0.01%: anti-aliased pixels against the 256 colours).
CHANNEL_TOLERANCE = 48
SHARE_TOLERANCE = 0.0004

# What draws the pixels: the references hold for the versions (major.minor) they were drawn
# with. Another Qt or matplotlib may hint or place text a pixel apart everywhere, which says
# nothing about the layout: the comparison is then skipped, saying so, until the references
# are redrawn and reviewed under it.
RENDERERS = REFERENCE / "RENDERERS.txt"


def _renderers() -> str:
    from importlib.metadata import version

    return "".join(f"{name} {'.'.join(version(name).split('.')[:2])}\n"
                   for name in ("PySide6-Essentials", "matplotlib"))


# One rendering is enough (the data is the same on PostgreSQL), and the clock is frozen
# (every day looks the same to it).
pytestmark = [pytest.mark.sqlite_only, pytest.mark.same_every_day]


class FrozenClock:
    """Today is TODAY; each "now" one second after the last, from 09:00 (timestamps in
    order, and the same on every run)."""

    def __init__(self) -> None:
        self._now = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)

    def now(self) -> datetime:
        self._now += timedelta(seconds=1)
        return self._now

    def today(self):
        return TODAY


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    from csdesk import clock

    previous = clock.set_clock(FrozenClock())  # type: ignore[arg-type]
    try:
        yield
    finally:
        clock.set_clock(previous)


@pytest.fixture
def bundled_font(qapp) -> Iterator[None]:
    import matplotlib
    from PySide6.QtGui import QFont, QFontDatabase

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        QFontDatabase.addApplicationFont(str(fonts / name))
    before = qapp.font()
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9)
    qapp.setFont(font)
    yield
    qapp.setFont(before)


@pytest.fixture
def app_look(qapp) -> Iterator[object]:
    """The application as csdesk sets it up (its style and style sheet), put back after."""
    from csdesk.ui.app import make_application

    style, sheet, palette = qapp.style().name(), qapp.styleSheet(), qapp.palette()
    make_application()
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _screens(window, account_id: int) -> Iterator[str]:
    """Shows each screen in turn and yields its name once settled."""
    for view in VIEWS:
        name, _, tab = view.partition(":")
        window.show_view(name)
        if tab:
            window.portfolio_view.tabs.setCurrentIndex(("dashboard", "onboarding").index(tab))
        settled(window)
        yield view.replace(":", "-")
    for tab in TABS:
        window.open_account(account_id, tab)
        settled(window)
        yield f"account-{tab}"
        if tab == "plan":  # its lower half: the milestones and the measures of success
            plan = window.account_view.plan
            for part in ("milestones", "measures"):
                plan.scroll.ensureWidgetVisible(getattr(plan, part), 0, 0)
                yield f"account-plan-{part}"


def _grab(qtbot, window):
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)
    image = window.grab().toImage()
    status = window.statusBar()
    return image.copy(0, 0, image.width(), image.height() - status.height())


def _differing_share(image, reference: Path) -> tuple[float, object]:
    """The share of pixels that differ, and an image of where (red on grey)."""
    from PIL import Image, ImageChops

    seen = _as_pil(image)
    wanted = Image.open(reference).convert("RGB")
    if wanted.size != seen.size:
        return 1.0, seen
    diff = ImageChops.difference(seen, wanted)
    worst = diff.split()
    mask = Image.eval(ImageChops.lighter(ImageChops.lighter(worst[0], worst[1]), worst[2]),
                      lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    share = mask.histogram()[255] / (seen.width * seen.height)
    marked = Image.composite(Image.new("RGB", seen.size, (255, 0, 0)),
                             seen.convert("L").convert("RGB"), mask)
    return share, marked


def _as_pil(image):
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")


def _store(image, path: Path) -> None:
    """Kept as 256-colour PNG: a third of the size, well within CHANNEL_TOLERANCE."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _as_pil(image).quantize(256, dither=0).save(path, optimize=True)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_every_screen_looks_as_reviewed(qtbot, demo_services, frozen_clock, bundled_font,
                                        app_look, request, tmp_path, size,
                                        scheme) -> None:
    from csdesk.ui.palette import scheme_palette

    app = app_look
    app.setPalette(scheme_palette(app, scheme))
    window = shown_window(qtbot, demo_services, TODAY)
    window.resize(*SIZES[size])
    account_id = demo_services.accounts.find(ACCOUNT).id
    update = request.config.getoption("--update-references")
    if update:
        RENDERERS.write_text(_renderers(), encoding="utf-8")
    elif RENDERERS.exists() and RENDERERS.read_text(encoding="utf-8") != _renderers():
        drawn, here = (text.strip().replace("\n", ", ")
                       for text in (RENDERERS.read_text(encoding="utf-8"), _renderers()))
        pytest.skip(f"tests/reference was drawn with {drawn}; this is {here}: "
                    "./dev references, then review the images")
    failed, missing = [], []
    for screen in _screens(window, account_id):
        image = _grab(qtbot, window)
        reference = REFERENCE / f"{screen}-{size}-{scheme}.png"
        if update:
            _store(image, reference)
            continue
        if not reference.exists():
            missing.append(reference.name)
            continue
        share, marked = _differing_share(image, reference)
        if share > SHARE_TOLERANCE:
            _as_pil(image).save(tmp_path / f"{screen}-{size}-{scheme}.seen.png")
            marked.save(tmp_path / f"{screen}-{size}-{scheme}.diff.png")
            failed.append(f"{screen} ({share:.2%} of pixels)")
    assert not missing, f"no reference image for {missing}: run ./dev references"
    assert not failed, (f"{', '.join(failed)} differ from tests/reference at {size}, "
                        f"{scheme}; the renders and where they differ are in {tmp_path}. "
                        "If the change is meant, look at them, then ./dev references")
