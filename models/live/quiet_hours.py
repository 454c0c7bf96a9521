"""Quiet hours: when desktop notifications wait (the in-window list still fills).

`dashboard_quiet_hours_start` and `_end` are hours of the local day (0-23), like the
discovery hour. The quiet time starts at `start:00` and ends at `end:00`; a range whose start
is later than its end wraps midnight (22 to 7 is quiet from 22:00 until 07:00). An equal start
and end is no quiet time at all (stop and resume at the same hour), and so is a missing one.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def is_quiet(start: int | None, end: int | None, moment: datetime) -> bool:
    """`moment` in the person's local time (an aware datetime is converted to it)."""
    if start is None or end is None or start == end:
        return False
    hour = _local(moment).hour
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def quiet_until(start: int | None, end: int | None, moment: datetime) -> datetime | None:
    """When the quiet time that holds `moment` ends (None: `moment` is not quiet)."""
    if not is_quiet(start, end, moment) or end is None:
        return None
    local = _local(moment)
    ends = local.replace(hour=end, minute=0, second=0, microsecond=0)
    return ends if ends > local else ends + timedelta(days=1)


def _local(moment: datetime) -> datetime:
    return moment.astimezone() if moment.tzinfo is not None else moment
