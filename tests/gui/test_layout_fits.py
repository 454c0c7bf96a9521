"""Every text fits at real window sizes: on the demo, on a new empty profile, and on the
enable-automation page of a new (schema version 1) profile. See `layout_check` for what
"fits" means."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from automation_admin.gui.main_window import MainWindow
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked
from tests.gui.layout_check import text_problems
from tests.gui.walk import settle, views

SIZES = (QSize(1280, 720), QSize(1440, 900))


def open_at(qtbot, window: MainWindow, size: QSize) -> None:  # type: ignore[no-untyped-def]
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    window.resize(size)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window), timeout=15_000)
    settle(qtbot, window)


def problems_everywhere(qtbot, window: MainWindow, least: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text problem in every view at every size; `least`: how many views there are at
    the very least (a walk that saw fewer would prove nothing)."""
    found = []
    for size in SIZES:
        window.resize(size)
        settle(qtbot, window)
        seen = []
        for view in views(qtbot, window):
            seen.append(view)
            # A window that grew past the screen hides whatever is beyond the edge.
            if window.size() != size:
                found.append(
                    f"{size.width()}x{size.height()} {view}: the window grew to "
                    f"{window.width()}x{window.height()}"
                )
            found += [f"{size.width()}x{size.height()} {view}: {p}" for p in text_problems(window)]
        assert len(seen) >= least, seen
    return found


@pytest.mark.slow
def test_every_text_fits_on_the_demo(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=7)
    open_at(qtbot, window, SIZES[0])
    problems = problems_everywhere(qtbot, window, least=13)
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_every_text_fits_on_a_new_empty_profile(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.enable_automation()
    open_at(qtbot, window, SIZES[0])
    problems = problems_everywhere(qtbot, window, least=13)
    assert not problems, "\n".join(problems)


def test_the_enable_automation_page_and_the_chooser_fit(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, profile: ProfileRecord
) -> None:
    found = []
    for size in SIZES:
        window.resize(size)
        window.chooser.reload()
        qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
        settle(qtbot, window)
        found += [f"chooser {size.width()}: {p}" for p in text_problems(window)]
    open_at(qtbot, window, SIZES[0])
    assert window.workspace is not None and not window.workspace.profile.automation_enabled
    found += problems_everywhere(qtbot, window, least=6)
    assert not found, "\n".join(found)
