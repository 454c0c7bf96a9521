"""Quiet hours in local time: plain ranges, ranges over midnight, none."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from automation_admin.models.live.quiet_hours import is_quiet, quiet_until


@pytest.mark.parametrize(
    ("start", "end", "hour", "minute", "quiet"),
    [
        (9, 17, 9, 0, True),
        (9, 17, 16, 59, True),
        (9, 17, 17, 0, False),
        (9, 17, 8, 59, False),
        (22, 7, 23, 30, True),  # wraps midnight
        (22, 7, 0, 0, True),
        (22, 7, 6, 59, True),
        (22, 7, 7, 0, False),
        (22, 7, 21, 59, False),
        (5, 5, 5, 0, False),  # stop and resume at the same hour: never quiet
        (None, None, 3, 0, False),
        (22, None, 23, 0, False),
    ],
)
def test_is_quiet(start, end, hour, minute, quiet) -> None:  # type: ignore[no-untyped-def]
    moment = datetime(2026, 11, 3, hour, minute).astimezone()  # local wall-clock time
    assert is_quiet(start, end, moment) is quiet


def test_quiet_hours_are_the_local_hours_of_an_aware_moment() -> None:
    moment = datetime(2026, 11, 3, 21, 30, tzinfo=UTC)
    local_hour = moment.astimezone().hour
    assert is_quiet(local_hour, (local_hour + 1) % 24, moment)
    assert not is_quiet((local_hour + 1) % 24, (local_hour + 2) % 24, moment)


def test_quiet_until_the_end_hour_even_past_midnight() -> None:
    late = datetime(2026, 11, 3, 23, 10).astimezone()
    assert quiet_until(22, 7, late) == datetime(2026, 11, 4, 7, 0).astimezone()
    early = datetime(2026, 11, 4, 1, 0).astimezone()
    assert quiet_until(22, 7, early) == datetime(2026, 11, 4, 7, 0).astimezone()
    assert quiet_until(22, 7, datetime(2026, 11, 4, 12, 0).astimezone()) is None
