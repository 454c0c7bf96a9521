"""The live window's own widgets fit as well (see `layout_check`): the summary after unlock
above the tabs, the notifications list open beside them (every view gets narrower) and a
new-rows bar above a list, at the layout test's window sizes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QAbstractItemView

from automation_admin.gui.main_window import MainWindow
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.timeutil import format_timestamp, utc_now
from tests.gui.layout_check import text_problems
from tests.gui.live.runner import add_finding, runner
from tests.gui.live.test_since_unlock import open_with_last_lock
from tests.gui.test_layout_fits import SIZES
from tests.gui.walk import settle, views

SOON = 10_000


@pytest.mark.slow
def test_the_summary_the_notifications_and_the_new_rows_bar_fit(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    window.resize(SIZES[0])
    locked_at = format_timestamp(utc_now() - timedelta(days=3))
    open_with_last_lock(qtbot, window, layout, profile, locked_at)
    qtbot.waitUntil(lambda: window.live.banner is not None, timeout=15_000)
    workspace = window.workspace
    assert workspace is not None
    qtbot.waitUntil(lambda: all(p.is_loaded for p in workspace.pages.values()), timeout=20_000)
    qtbot.waitUntil(lambda: window.session.worker.idle and window.live.watcher.running)

    findings = workspace.pages["findings"]
    workspace.show_tab("findings")
    qtbot.waitUntil(lambda: findings.model.rowCount() > 40)
    findings.table.scrollTo(findings.model.index(30, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    provider = findings.model.row_at(0).provider_id
    with runner(layout) as raw:
        for n in (1, 2):
            add_finding(raw, provider, f"Keys leaked in incident {n}")
    qtbot.waitUntil(lambda: findings.new_rows.isVisibleTo(findings), timeout=SOON)
    window.live.action.setChecked(True)  # the list beside the tabs
    qtbot.waitUntil(lambda: window.live.panel.list.count() >= 2, timeout=SOON)

    found = []
    for size in SIZES:
        window.resize(size)
        settle(qtbot, window)
        seen = []
        for view in views(qtbot, window):
            seen.append(view)
            assert window.live.banner.isVisible() and window.live.panel.isVisible(), view
            found += [f"{size.width()}x{size.height()} {view}: {p}" for p in text_problems(window)]
        assert len(seen) >= 13, seen
        assert findings.new_rows.isVisibleTo(findings)  # still announced: it was checked too
    assert not found, "\n".join(found)
