"""Findings, paged from SQL: urgency (icon + word), provider, category, title, discovered,
relevance and status."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from automation_admin.gui.formatting import exact, relative, status_colour, status_icon, words
from automation_admin.gui.qtmodels.headers import Column
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.models.findings.service import FindingRow

COLUMNS = (
    Column("Urgency", 118, "urgency"),
    Column("Provider", 105, "provider"),
    Column("Category", 140, "category"),
    Column("Title", 300, "title"),
    Column("Discovered", 92, "discovered"),
    Column("Relevance", 100, "relevance"),
    Column("Status", 100, "status"),
)
(
    COL_URGENCY,
    COL_PROVIDER,
    COL_CATEGORY,
    COL_TITLE,
    COL_DISCOVERED,
    COL_RELEVANCE,
    COL_STATUS,
) = range(len(COLUMNS))
# The relevance as a number (0 to 1), for the bar the delegate draws.
RelevanceRole = Qt.ItemDataRole.UserRole + 2


class FindingsModel(PagedModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)

    def row_data(self, row: FindingRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == RelevanceRole and column == COL_RELEVANCE:
            return row.relevance
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_URGENCY:
                return status_icon(row.urgency)
            if column == COL_STATUS:
                return status_icon(row.status)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_URGENCY:
            return status_colour(row.urgency)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_DISCOVERED:
                return exact(row.discovered_at)
            if column == COL_TITLE:
                return row.title
        return None

    def _display(self, row: FindingRow, column: int) -> str:
        if column == COL_URGENCY:
            return words(row.urgency)
        if column == COL_PROVIDER:
            return self.provider_names.get(row.provider_id, row.provider_id)
        if column == COL_CATEGORY:
            return words(row.category)
        if column == COL_TITLE:
            return row.title
        if column == COL_DISCOVERED:
            return relative(row.discovered_at, self.now)
        if column == COL_RELEVANCE:
            return f"{row.relevance:.2f}"
        return words(row.status)
