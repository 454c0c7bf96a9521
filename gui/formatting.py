"""How times, money and statuses read in the window (icon + word, never colour alone)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon

from automation_admin.gui.resources import icon
from automation_admin.gui.style import scheme
from automation_admin.models.store.ids import is_uuid
from automation_admin.models.store.jsonview import JsonValue
from automation_admin.models.store.timeutil import parse_timestamp, week_days

STATUS_ICONS = {
    "valid": "ok",
    "operational": "ok",
    "success": "ok",
    "fresh": "ok",
    "approved": "ok",
    "verified": "ok",
    "accepted": "ok",
    "reviewed": "ok",
    "actioned": "ok",
    "degraded": "warning",
    "aging": "warning",
    "partial": "warning",
    "advisory": "info",
    "action_needed": "warning",
    "pending": "pending",
    "paused_at_checkpoint": "pending",
    "running": "pending",
    "modified": "warning",
    "unverified": "unknown",
    "invalid": "error",
    "failed": "error",
    "failure": "error",
    "stale": "error",
    "rejected": "error",
    "broken": "error",
    "aborted": "error",
    "dismissed": "unknown",
    "outage": "outage",
    "critical": "critical",
    "unknown": "unknown",
    "informational": "info",
    "new": "info",
}
# The icons whose words are coloured too, and the status kind (gui/palette.py) of each.
STATUS_COLOURS = {
    "ok": "ok",
    "warning": "warning",
    "error": "error",
    "critical": "critical",
    "outage": "outage",
}


def words(value: str | None) -> str:
    return (value or "unknown").replace("_", " ")


def status_icon(value: str | None) -> QIcon:
    return icon(STATUS_ICONS.get(value or "unknown", "unknown"))


def status_colour(value: str | None) -> QColor | None:
    """The status word's colour in the scheme in use (read as the row paints)."""
    kind = STATUS_COLOURS.get(STATUS_ICONS.get(value or "unknown", "unknown"))
    return None if kind is None else QColor(scheme().status[kind])


def relative(timestamp: str | None, now: datetime) -> str:
    if not timestamp:
        return "never"
    seconds = int((now - parse_timestamp(timestamp)).total_seconds())
    if seconds < 0:
        return "just now"
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return f"{days} day{'s' if days != 1 else ''} ago"


def exact(timestamp: str | None) -> str:
    return f"{timestamp.replace('T', ' ').replace('Z', '')} UTC" if timestamp else ""


def money(amount: float | None, currency: str | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,.2f} {currency or ''}".strip()


def monospace_font() -> QFont:
    """The system's fixed-width font, asked for as fixed pitch so that font matching never
    falls back to a proportional face (selectors and code must line up)."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setFixedPitch(True)
    return font


def week_label(monday: str) -> str:
    """'02 Nov to 08 Nov 2026' for the week starting on `monday` (YYYY-MM-DD)."""
    start, end = week_days(monday)
    return f"{start:%d %b} to {end:%d %b %Y}"


def json_summary(value: JsonValue) -> str:
    """One line: the scalar entries in stored order, lists as a count. Nested objects and
    row ids are left to the tree (a line of UUIDs reads as noise)."""
    if value.present and not value.valid:
        return f"⚠ not valid JSON: {value.raw}"
    if not isinstance(value.value, dict):
        return "" if value.value is None else str(value.value)
    parts = []
    for key, item in value.value.items():
        if isinstance(item, dict) or is_uuid(item):
            continue
        shown = f"{len(item)} item(s)" if isinstance(item, list) else item
        parts.append(f"{words(str(key))}: {shown}")
    return ", ".join(parts)
