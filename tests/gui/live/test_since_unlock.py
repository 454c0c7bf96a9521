"""After unlock, what changed since the profile was last locked here: one line per kind,
each opening its list filtered; dismissable; nothing when nothing changed."""

from __future__ import annotations

from datetime import timedelta

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.live.since import since_summary
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.timeutil import format_timestamp, utc_now
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked


def open_with_last_lock(
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord, locked_at: str | None
):  # type: ignore[no-untyped-def]
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=6)
        expected = since_summary(vault, locked_at) if locked_at else None
    if locked_at:
        window.settings.setValue(f"live/{profile.id}/last_locked_at", locked_at)
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    return expected


def test_the_summary_counts_what_came_since_and_opens_each_list(
    qtbot, window, layout, profile
) -> None:  # type: ignore[no-untyped-def]
    locked_at = format_timestamp(utc_now() - timedelta(days=3))
    expected = open_with_last_lock(qtbot, window, layout, profile, locked_at)
    assert expected is not None and not expected.empty
    qtbot.waitUntil(lambda: window.live.banner is not None, timeout=15_000)
    banner = window.live.banner
    texts = [line.accessibleName() for line in banner.lines]
    critical = expected.findings.get("critical", 0)
    assert texts[0] == f"{critical:,} new critical finding{'s' if critical != 1 else ''}"
    if expected.scripts_waiting:
        assert any("waiting for approval" in t for t in texts)
    if expected.decisions:
        assert any(t.startswith(f"{sum(expected.decisions.values()):,} checkpoint") for t in texts)

    findings = window.workspace.pages["findings"]
    qtbot.waitUntil(lambda: findings.is_loaded)
    banner.lines[0].click()
    assert window.workspace.tabs.currentWidget() is findings
    assert findings.urgency.values() == ("critical",)
    assert findings.use_dates.isChecked()
    assert findings.date_from.date().toString("yyyy-MM-dd") == locked_at[:10]
    qtbot.waitUntil(
        lambda: (
            findings.presenter.query.urgencies == ("critical",)
            and not findings.model.loading
            and findings.model.rowCount() > 0
        )
    )
    rows = [findings.model.index(n, 0).data(RowRole) for n in range(findings.model.rowCount())]
    assert {r.urgency for r in rows} == {"critical"}
    assert all(r.discovered_at[:10] >= locked_at[:10] for r in rows)

    banner.dismiss.click()
    assert not banner.isVisible()


def test_nothing_is_said_the_first_time(qtbot, window, layout, profile) -> None:  # type: ignore[no-untyped-def]
    open_with_last_lock(qtbot, window, layout, profile, None)
    qtbot.waitUntil(lambda: window.session.worker.idle and window.live.watcher.running)
    assert window.live.banner is None
