"""A date range filter: a check box that turns it on, and the from and to dates."""

from __future__ import annotations

from PySide6.QtCore import QDate, QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QDateEdit


def date_range_edits(label: str, days: int) -> tuple[QCheckBox, QDateEdit, QDateEdit]:
    """A check box that turns a from/to date range on, and the two date fields."""
    use = QCheckBox(label)
    use.setAccessibleName(label)
    start = QDateEdit(QDate.currentDate().addDays(-days))
    end = QDateEdit(QDate.currentDate())
    for edit, name in ((start, "From date"), (end, "To date")):
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
    return use, start, end


def range_from(use: QCheckBox, start: QDateEdit, end: QDateEdit, day: str | None) -> None:
    """Quietly (the caller reloads once) turn the range on from `day` (YYYY-MM-DD) through
    today, or off (None)."""
    quiet = [QSignalBlocker(widget) for widget in (use, start, end)]
    use.setChecked(day is not None)
    if day is not None:
        start.setDate(QDate.fromString(day, "yyyy-MM-dd"))
        end.setDate(QDate.currentDate().addDays(1))  # UTC may be a day ahead of local time
    for blocker in quiet:
        blocker.unblock()
