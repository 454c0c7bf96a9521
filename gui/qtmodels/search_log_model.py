"""Discovery search runs, newest first, paged from SQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from automation_admin.gui.formatting import exact, relative, status_icon, words
from automation_admin.gui.qtmodels.headers import Column
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.models.findings.search_log import SearchRun

COLUMNS = tuple(
    Column(title)
    for title in (
        "Searched",
        "Provider",
        "Trigger",
        "Queries",
        "Results",
        "Findings",
        "Status",
        "Error",
    )
)
(
    COL_SEARCHED,
    COL_PROVIDER,
    COL_TRIGGER,
    COL_QUERIES,
    COL_RESULTS,
    COL_FINDINGS,
    COL_STATUS,
    COL_ERROR,
) = range(len(COLUMNS))


class SearchLogModel(PagedModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)

    def row_data(self, run: SearchRun, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(run, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATUS:
            return status_icon(run.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_SEARCHED:
                return exact(run.searched_at)
            if column == COL_ERROR and run.error:
                return run.error
        return None

    def _display(self, run: SearchRun, column: int) -> Any:
        if column == COL_SEARCHED:
            return relative(run.searched_at, self.now)
        if column == COL_PROVIDER:
            return self.provider_names.get(run.provider_id, run.provider_id)
        if column == COL_TRIGGER:
            return words(run.trigger)
        if column == COL_QUERIES:
            return run.queries
        if column == COL_RESULTS:
            return run.results
        if column == COL_FINDINGS:
            return run.findings
        if column == COL_STATUS:
            return words(run.status)
        return run.error or ""
