"""A date range filter: a check box that turns it on, and the from and to dates."""

from __future__ import annotations

from PySide6.QtCore import QDate
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
