"""The notification center without a vault: batches, kinds, quiet hours (a clock the test
sets), and what is left once locked."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QSettings

from automation_admin.gui.live.last_locked import LockRecord
from automation_admin.gui.notifications.center import NotificationCenter
from automation_admin.gui.notifications.preferences import NotificationPreferences
from automation_admin.gui.notifications.text import batch_text
from automation_admin.models.live.events import Event, EventKind

NOON = datetime(2026, 11, 3, 12, 0).astimezone()


def event(kind: EventKind, title: str, item: str = "x") -> Event:
    return Event(kind, "findings", item, title, "2026-11-03T11:00:00Z")


class Clock:
    def __init__(self) -> None:
        self.now = NOON

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def center(qtbot) -> tuple[NotificationCenter, Clock, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    clock = Clock()
    center = NotificationCenter(clock)
    center.unlocked("profile-1")
    shown: list[tuple[str, str]] = []
    center.desktop.connect(lambda title, body: shown.append((title, body)))
    return center, clock, shown


def test_one_notification_per_batch_with_counts_and_titles(center) -> None:  # type: ignore[no-untyped-def]
    notifications, _clock, shown = center
    notifications.add(
        [
            event(EventKind.CRITICAL_FINDING, "Key leaked", "f1"),
            event(EventKind.CRITICAL_FINDING, "Price doubles", "f2"),
            event(EventKind.SCRIPT_WAITING, "Rotate keys (version 2)", "s1"),
        ]
    )
    assert shown == [
        (
            "1 script waiting for approval, 2 new critical findings",
            "Critical finding: Key leaked\nCritical finding: Price doubles\n"
            "Script waiting for approval: Rotate keys (version 2)",
        )
    ]
    assert notifications.unread == 3 and [n.event.item for n in notifications.notices] == [
        "f1",
        "f2",
        "s1",
    ]
    notifications.add([])
    assert len(shown) == 1


def test_kinds_turned_off_fill_the_list_only(center) -> None:  # type: ignore[no-untyped-def]
    notifications, _clock, shown = center
    notifications.set_kinds({EventKind.SCRIPT_WAITING})
    notifications.add([event(EventKind.RUN_FAILED, "Nightly export")])
    assert shown == [] and notifications.unread == 1


@pytest.mark.parametrize(("start", "end"), [(11, 13), (22, 13), (12, 12)])
def test_quiet_hours_hold_back_until_they_end(center, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    notifications, clock, shown = center
    notifications.set_quiet_hours(start, end)
    notifications.add([event(EventKind.KEY_INVALID, "OPENAI_API_KEY")])
    if start == end:  # no quiet time at all
        assert shown == [("Key turned invalid", "OPENAI_API_KEY")]
        return
    assert shown == [] and notifications.waiting == 1
    assert notifications.notices[0].held
    clock.now = NOON + timedelta(minutes=59)
    notifications.release_held()
    assert shown == []
    clock.now = NOON + timedelta(hours=1)
    notifications.release_held()
    assert shown == [("While quiet: Key turned invalid", "OPENAI_API_KEY")]
    assert notifications.waiting == 0


def test_locked_only_counts_are_said(center) -> None:  # type: ignore[no-untyped-def]
    notifications, clock, shown = center
    notifications.set_quiet_hours(11, 13)
    notifications.add(
        [
            event(EventKind.CRITICAL_FINDING, "sk-live-looking title", "f1"),
            event(EventKind.RUN_FAILED, "Export billing", "s1"),
        ]
    )
    notifications.lock()
    assert notifications.notices == [] and notifications.unread == 2
    clock.now = NOON + timedelta(hours=2)
    notifications.release_held()
    ((title, body),) = shown
    assert title == "While quiet: 1 new critical finding, 1 failed run"
    assert body == "Unlock Automation Admin to see them."
    assert batch_text([event(EventKind.RUN_FAILED, "Export billing")], locked=True) == (
        "1 failed run",
        "Unlock Automation Admin to see them.",
    )


def test_counts_kept_while_locked_belong_to_their_profile(center) -> None:  # type: ignore[no-untyped-def]
    notifications, clock, shown = center
    notifications.set_quiet_hours(11, 13)
    notifications.add([event(EventKind.CRITICAL_FINDING, "Key leaked", "f1")])
    notifications.lock()
    notifications.unlocked("profile-1")  # the same profile again: its count is still due
    assert notifications.unread == 1 and notifications.waiting == 1
    notifications.lock()
    notifications.unlocked("profile-2")
    assert notifications.unread == 0 and notifications.waiting == 0
    clock.now = NOON + timedelta(hours=2)
    notifications.release_held()
    assert shown == []


def test_a_desktop_notification_carries_no_markup(center) -> None:  # type: ignore[no-untyped-def]
    """The notification servers of Linux desktops read the body as markup (links, images)
    and Qt passes it through as it is: a finding's title comes from a web page."""
    notifications, _clock, shown = center
    title = "<a href='https://evil.example/'>Rotate your key</a> <img src='x'> & <b>now</b>\x00!"
    notifications.add([event(EventKind.CRITICAL_FINDING, title, "f1")])
    ((summary, body),) = shown
    assert not any(c in summary + body for c in "<>&\x00")
    lt, gt, amp = "\u2039", "\u203a", "\uff06"  # look alike, read as text by every server
    assert body == (
        f"{lt}a href='https://evil.example/'{gt}Rotate your key{lt}/a{gt} {lt}img src='x'{gt} "
        f"{amp} {lt}b{gt}now{lt}/b{gt}!"
    )
    assert notifications.notices[0].event.title == title  # the list shows text as text


def test_a_flood_is_counted_in_full_though_listed_in_part(center) -> None:  # type: ignore[no-untyped-def]
    """The poll reads titles of the first 50 of a kind and counts the rest."""
    notifications, clock, shown = center
    listed = [event(EventKind.CRITICAL_FINDING, f"Flood {n}", f"f{n}") for n in range(50)]
    notifications.add(listed, {EventKind.CRITICAL_FINDING: 2950})
    ((title, body),) = shown
    assert title == "3,000 new critical findings"
    assert body.endswith("\nand 2,997 more")
    assert notifications.unread == 3000 and len(notifications.notices) == 50
    notifications.set_quiet_hours(11, 13)
    notifications.add(listed[:1], {EventKind.CRITICAL_FINDING: 9})
    clock.now = NOON + timedelta(hours=2)
    notifications.release_held()
    assert shown[-1][0] == "While quiet: 10 new critical findings"


def test_preferences_and_last_lock_are_per_profile(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    preferences = NotificationPreferences(settings)
    assert preferences.kinds("p1") == set(EventKind)
    preferences.set_kinds("p1", {EventKind.RUN_FAILED})
    assert preferences.kinds("p1") == {EventKind.RUN_FAILED}
    assert preferences.kinds("p2") == set(EventKind)
    preferences.set_kinds("p1", set())
    assert preferences.kinds("p1") == set()
    settings.setValue("notifications/p3/desktop_kinds", "run_failed,made_up")
    assert preferences.kinds("p3") == {EventKind.RUN_FAILED}

    record = LockRecord(settings)
    assert record.last_locked("p1") is None
    record.record("p1", "2026-11-03T10:00:00Z")
    assert record.last_locked("p1") == "2026-11-03T10:00:00Z"
    settings.setValue("live/p2/last_locked_at", "yesterday")
    assert record.last_locked("p2") is None


def test_the_tray_icon_carries_the_count(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    from automation_admin.gui.notifications.tray import SIZE, badged_icon

    plain = badged_icon(0).pixmap(SIZE, SIZE).toImage()
    badged = badged_icon(3).pixmap(SIZE, SIZE).toImage()
    corner = QColor(badged.pixel(SIZE - 8, 8))
    assert (corner.red(), corner.green(), corner.blue()) == (0xB9, 0x1C, 0x1C)
    assert QColor(plain.pixel(SIZE - 8, 8)) != corner
