"""The approval queue and a script's run history, both paged from SQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from automation_admin.gui.formatting import exact, relative, status_icon, words
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.gui.widgets.json_tree import json_summary
from automation_admin.models.scripts.service import Run, ScriptRow
from automation_admin.models.security.screenshots import PRESENT
from automation_admin.models.store.timeutil import parse_timestamp


class ScriptsModel(PagedModel):
    columns = ("Status", "Provider", "Task", "Title", "Version", "Created")
    page_rows = 50  # two screens ahead is plenty; fewer row look-ups in a large vault

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)

    def row_data(self, row: ScriptRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                words(row.status),
                self.provider_names.get(row.provider_id, row.provider_id),
                words(row.task_type),
                row.title,
                f"v{row.version}",
                relative(row.created_at, self.now),
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return exact(row.created_at)
        return None


def duration(run: Run) -> str:
    if not run.completed_at:
        return "still running" if run.status == "running" else "n/a"
    seconds = int(
        (parse_timestamp(run.completed_at) - parse_timestamp(run.started_at)).total_seconds()
    )
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


class RunsModel(PagedModel):
    columns = ("Started", "Duration", "Status", "Checkpoints", "Result", "Error", "Screenshots")
    page_rows = 100

    def __init__(self) -> None:
        super().__init__()
        self.now = datetime.now(UTC)

    def row_data(self, run: Run, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            shots = len(run.screenshots)
            kept = sum(1 for _path, state in run.screenshots if state == PRESENT)
            shown = "" if not shots else (f"{kept} of {shots}" if kept else f"{shots} expired")
            return (
                relative(run.started_at, self.now),
                duration(run),
                words(run.status),
                f"{run.reached} reached, {run.approved} approved, {run.rejected} rejected",
                json_summary(run.result),
                run.error or "",
                shown,
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return status_icon(run.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return exact(run.started_at)
            if column == 5 and run.error:
                return run.error
        return None
