"""Discovery search runs, newest first, paged from SQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from automation_admin.gui.formatting import exact, relative, status_icon, words
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.models.findings.service import SearchRun

COLUMNS = ("Searched", "Provider", "Trigger", "Queries", "Results", "Findings", "Status", "Error")


class SearchLogModel(PagedModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)

    def row_data(self, run: SearchRun, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                relative(run.searched_at, self.now),
                self.provider_names.get(run.provider_id, run.provider_id),
                words(run.trigger),
                run.queries,
                run.results,
                run.findings,
                words(run.status),
                run.error or "",
            )
            return values[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 6:
            return status_icon(run.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return exact(run.searched_at)
            if column == 7 and run.error:
                return run.error
        return None
