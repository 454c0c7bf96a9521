"""An unlocked window on a demo vault, settled (the unlock-time retention has run), with a
clock the test sets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from automation_admin.gui.main_window import MainWindow
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked


@dataclass
class Clock:
    """Local wall-clock time, as the test says."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 3, 12, 30).astimezone())


@pytest.fixture
def live(qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord, clock: Clock):  # type: ignore[no-untyped-def]
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=6)
    said: list[str] = []
    window.session.status.connect(said.append)
    window.live.center.clock = clock
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    workspace = window.workspace
    qtbot.waitUntil(
        lambda: all(page.is_loaded for page in workspace.pages.values()), timeout=20_000
    )
    qtbot.waitUntil(lambda: any(s.startswith("Retention:") for s in said), timeout=20_000)
    qtbot.waitUntil(lambda: window.session.worker.idle and window.live.watcher.running)
    return window
