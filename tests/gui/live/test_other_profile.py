"""Locked, only counts remain; but they are the counts of the profile that was open. Another
profile unlocked next starts with none of them: no count on the bell or the tray for a list
it does not have, and no "While quiet" notification for what the first profile's runner
wrote."""

from __future__ import annotations

from datetime import timedelta

from automation_admin.models.store.profiles import create_profile
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked
from tests.gui.live.conftest import Clock
from tests.gui.live.runner import add_finding, runner
from tests.gui.live.test_live_window import first_key

SOON = 10_000


def test_another_profile_starts_without_the_first_ones_counts(  # type: ignore[no-untyped-def]
    qtbot, live, layout, clock: Clock
) -> None:
    window = live
    center = window.live.center
    hour = clock.now.hour
    with runner(layout) as raw:  # the first profile's quiet hours hold its notification
        raw.execute(
            "UPDATE profile_settings SET dashboard_quiet_hours_start = ?, "
            "dashboard_quiet_hours_end = ?, updated_at = '2099-01-01T00:00:00Z'",
            ((hour - 1) % 24, (hour + 1) % 24),
        )
    qtbot.waitUntil(lambda: center.quiet[0] is not None, timeout=SOON)
    _secret, provider = first_key(window)
    with runner(layout) as raw:
        add_finding(raw, provider, "Found for Work")
    qtbot.waitUntil(lambda: center.unread > 0 and center.waiting > 0, timeout=SOON)
    delivered = list(center.delivered)
    window.lock()
    assert center.unread > 0  # locked: the counts stay

    other = create_profile(layout, "Home", PASSPHRASE, FAST_KDF)
    window.chooser.reload(other.id)
    qtbot.waitUntil(lambda: window.chooser.list.count() == 2)
    qtbot.waitUntil(lambda: window.chooser.list.currentItem().text().startswith("Home"))
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window) and window.live.watcher.running, timeout=SOON)
    assert window.session.current.profile.id == other.id  # type: ignore[union-attr]
    clock.now += timedelta(hours=2)  # the first profile's quiet hours are long over
    center.release_held()
    assert center.unread == 0 and center.waiting == 0
    assert window.live.action.text() == "Notifications"
    assert center.delivered == delivered  # nothing said about the other profile's rows
