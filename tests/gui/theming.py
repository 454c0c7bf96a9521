"""A window in a chosen scheme on the demo profile, a new empty profile or a version-1
profile, and a way to visit each of its tabs and views as a user would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QToolTip

from automation_admin.gui import style
from automation_admin.gui.focus_ring import FocusRing
from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.session import Session
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.demo.profile import DEMO_NAME, DEMO_PASSPHRASE
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.profiles import create_profile
from automation_admin.models.store.vault import unlock
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked

SCHEMES = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
# What --tab names, plus the Findings search log and the Scripts detail pages.
VIEWS = (
    "dashboard",
    "findings",
    "findings/log",
    "scripts/review",
    "scripts/plan",
    "scripts/versions",
    "scripts/runs",
    "checkpoints/decisions",
    "checkpoints/audit",
    "library/recommendations",
    "library/selectors",
    "library/references",
    "settings",
)


def system_switches_to(app: QApplication, name: str) -> None:
    """What the desktop does when the user picks a scheme: QStyleHints reports it. The
    offscreen and bare X11 platforms cannot change their scheme, so the change is also
    announced on the hints' own signal, the one the platform would emit."""
    hints = app.styleHints()
    hints.setColorScheme(SCHEMES[name])
    if hints.colorScheme() != SCHEMES[name]:
        hints.colorSchemeChanged.emit(SCHEMES[name])


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    """The application styled as the program styles it; the other tests' look after."""
    # The style itself stays (Fusion with two marks drawn stronger, gui/style.py): replacing
    # it under live widgets between tests crashed Qt in the next style sheet's repolish.
    palette, sheet = qapp.palette(), qapp.styleSheet()
    tips = QToolTip.palette()
    style.apply_theme(qapp)
    yield qapp
    ring = qapp.findChild(FocusRing)
    if ring is not None:
        qapp.removeEventFilter(ring)
        ring.setParent(None)
        ring.deleteLater()
    qapp.styleHints().unsetColorScheme()
    # A window locked inside qtbot's waits leaves its workspace waiting for deletion (nested
    # loops do not delete); restyling it then crashed Qt. The event loop would have deleted
    # it first in the program.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    style.use(qapp, style.LIGHT)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    QToolTip.setPalette(tips)


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data root holding the demo profile (a fast key derivation; the demo's own data)."""
    root = tmp_path_factory.mktemp("demo") / "data"
    layout = DataLayout(root)
    record = create_profile(layout, DEMO_NAME, DEMO_PASSPHRASE, FAST_KDF)
    with unlock(layout, record.id, DEMO_PASSPHRASE) as vault:
        write_demo(vault, "small")
    return root


def make_profile(kind: str, layout: DataLayout, demo_root: Path) -> None:
    """`demo`: the demo profile; `empty`: a new profile with automation on and no data;
    `v1`: a new profile as created (schema 1: the enable-automation page)."""
    if kind == "demo":
        shutil.copytree(demo_root, layout.root)
        return
    record = create_profile(layout, "Work", PASSPHRASE, FAST_KDF)
    if kind == "empty":
        with unlock(layout, record.id, PASSPHRASE) as vault:
            vault.enable_automation()


def open_window(qtbot, layout: DataLayout, settings: QSettings, kind: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Session(layout), settings, restore=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chooser.list.count() > 0)
    if kind == "demo":
        window.chooser.open_demo()
    else:
        unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window), timeout=15_000)
    settle(qtbot, window)
    return window


def settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Until the worker has answered everything asked of it, and the answers are shown."""
    worker = window.session.worker

    def quiet() -> bool:
        QApplication.processEvents()
        return worker.idle

    qtbot.waitUntil(quiet, timeout=20_000)
    for page in window.workspace.pages.values() if window.workspace else ():
        qtbot.waitUntil(lambda page=page: page.is_loaded, timeout=20_000)
    QApplication.processEvents()


def visit(qtbot, window: MainWindow, name: str) -> bool:  # type: ignore[no-untyped-def]
    """Bring tab (or TAB/VIEW) `name` to the front as a user would; False when this profile
    has no such tab (a version-1 profile shows the enable-automation page instead)."""
    assert window.workspace is not None
    tab, _, view = name.partition("/")
    page = window.workspace.pages.get(tab)
    if page is None:
        return False
    window.workspace.show_tab(tab)
    if tab == "findings" and hasattr(page, "log_toggle"):
        page.log_toggle.setChecked(view == "log")
    elif tab == "scripts" and hasattr(page, "pages"):
        names = ("review", "plan", "versions", "runs")
        page.pages.setCurrentIndex(names.index(view) if view else 0)
    elif view:
        page.show_named_view(view)
    settle(qtbot, window)
    return True
