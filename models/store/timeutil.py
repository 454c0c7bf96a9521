"""UTC timestamps and dates in the vault's one text format (text order is time order)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def format_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: vault timestamps are UTC")
    m = moment.astimezone(UTC)
    # Not strftime: it writes year 999 as "999", which sorts after "2026" as text.
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def days_before(moment: datetime, days: int) -> datetime:
    """`moment` minus `days`, or the first moment there is when that would be before it."""
    try:
        return moment - timedelta(days=days)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def now_timestamp() -> str:
    return format_timestamp(utc_now())


def parse_timestamp(text: str) -> datetime:
    """Parse `YYYY-MM-DDTHH:MM:SSZ` exactly; anything else is a ValueError."""
    if not isinstance(text, str) or not _TIMESTAMP_RE.fullmatch(text):
        raise ValueError("expected a UTC timestamp like 2026-01-31T23:59:00Z")
    try:
        # fromisoformat is C code; strptime was a third of ingest's time.
        return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)
    except ValueError:
        raise ValueError("expected a real UTC date and time like 2026-01-31T23:59:00Z") from None


def parse_date(text: str) -> date:
    if not isinstance(text, str) or not _DATE_RE.fullmatch(text):
        raise ValueError("expected a date like 2026-01-31")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("expected a real date like 2026-01-31") from None


def is_timestamp(text: object) -> bool:
    try:
        parse_timestamp(text)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def week_days(monday: str) -> tuple[date, date]:
    """The first and last day (Monday, Sunday) of the week starting on `monday`."""
    start = date.fromisoformat(monday)
    return start, start + timedelta(days=6)
