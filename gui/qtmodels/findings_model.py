"""Findings, paged from SQL: urgency (icon + word), provider, category, title, discovered,
relevance and status."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from automation_admin.gui.formatting import exact, relative, status_colour, status_icon, words
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.models.findings.service import FindingRow

COLUMNS = ("Urgency", "Provider", "Category", "Title", "Discovered", "Relevance", "Status")
# Header column -> the data layer's sort key.
SORT_KEYS = ("urgency", "provider", "category", "title", "discovered", "relevance", "status")
RelevanceRole = Qt.ItemDataRole.UserRole + 2


class FindingsModel(PagedModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)

    def row_data(self, row: FindingRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return words(row.urgency)
            if column == 1:
                return self.provider_names.get(row.provider_id, row.provider_id)
            if column == 2:
                return words(row.category)
            if column == 3:
                return row.title
            if column == 4:
                return relative(row.discovered_at, self.now)
            if column == 5:
                return f"{row.relevance:.2f}"
            return words(row.status)
        if role == RelevanceRole and column == 5:
            return row.relevance
        if role == Qt.ItemDataRole.DecorationRole:
            if column == 0:
                return status_icon(row.urgency)
            if column == 6:
                return status_icon(row.status)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return status_colour(row.urgency)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 4:
                return exact(row.discovered_at)
            if column == 3:
                return row.title
        return None
