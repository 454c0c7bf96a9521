"""The approval queue and a script's run history, both paged from SQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from automation_admin.gui.formatting import exact, json_summary, relative, status_icon, words
from automation_admin.gui.qtmodels.headers import Column
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.models.scripts.service import Run, ScriptRow
from automation_admin.models.security.screenshots import PRESENT
from automation_admin.models.store.timeutil import parse_timestamp

# The queue's order is fixed (pending first, oldest first): no column sorts it. What tells
# versions of one title apart comes first; provider and task (also in the title and the
# filters) are shown while the list is wide enough (QUEUE_OPTIONAL).
QUEUE_COLUMNS = (
    Column("Status", 100),
    Column("Title", 260),
    Column("Version", 64),
    Column("Created", 96),
    Column("Provider", 110),
    Column("Task", 140),
)
COL_STATUS, COL_TITLE, COL_VERSION, COL_CREATED, COL_PROVIDER, COL_TASK = range(len(QUEUE_COLUMNS))
QUEUE_OPTIONAL = (COL_PROVIDER, COL_TASK)


class ScriptsModel(PagedModel):
    columns = QUEUE_COLUMNS
    page_rows = 50  # two screens ahead is plenty; fewer row look-ups in a large vault

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)

    def row_data(self, row: ScriptRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_STATUS:
                return words(row.status)
            if column == COL_PROVIDER:
                return self.provider_names.get(row.provider_id, row.provider_id)
            if column == COL_TASK:
                return words(row.task_type)
            if column == COL_TITLE:
                return row.title
            if column == COL_VERSION:
                return f"v{row.version}"
            return relative(row.created_at, self.now)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATUS:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_CREATED:
            return exact(row.created_at)
        return None


def duration(run: Run) -> str:
    if not run.completed_at:
        return "still running" if run.status == "running" else "n/a"
    seconds = int(
        (parse_timestamp(run.completed_at) - parse_timestamp(run.started_at)).total_seconds()
    )
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def checkpoint_words(run: Run) -> str:
    """'3: 2 approved, 1 rejected' (reached, then how each was decided)."""
    if not run.reached:
        return "none"
    parts = [f"{run.approved} approved"]
    if run.rejected:
        parts.append(f"{run.rejected} rejected")
    waiting = run.reached - run.approved - run.rejected
    if waiting > 0:
        parts.append(f"{waiting} waiting")
    return f"{run.reached}: {', '.join(parts)}"


def run_words(run: Run) -> str:
    """A run in one paragraph: everything its row shows, none of it cut short."""
    finished = f", finished {exact(run.completed_at)}" if run.completed_at else ""
    parts = [
        f"{words(run.status).capitalize()} run, started {exact(run.started_at)}{finished}"
        f" ({duration(run)}).",
        f"Checkpoints: {checkpoint_words(run)}.",
    ]
    if run.result is not None and run.result.present:
        parts.append(f"Result: {json_summary(run.result)}.")
    if run.error:
        parts.append(f"Error: {run.error}")
    return " ".join(parts)


RUN_COLUMNS = (
    Column("Started", 96),
    Column("Duration", 84),
    Column("Status", 110),
    Column("Checkpoints", 130),
    Column("Result", 200),
    Column("Error", 200),
    Column("Screenshots", 100),
)
(
    RUN_STARTED,
    RUN_DURATION,
    RUN_STATUS,
    RUN_CHECKPOINTS,
    RUN_RESULT,
    RUN_ERROR,
    RUN_SCREENSHOTS,
) = range(len(RUN_COLUMNS))


class RunsModel(PagedModel):
    columns = RUN_COLUMNS
    page_rows = 100

    def __init__(self) -> None:
        super().__init__()
        self.now = datetime.now(UTC)

    def row_data(self, run: Run, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(run, column)
        if role == Qt.ItemDataRole.DecorationRole and column == RUN_STATUS:
            return status_icon(run.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == RUN_STARTED:
                return exact(run.started_at)
            if column == RUN_ERROR and run.error:
                return run.error
        return None

    def _display(self, run: Run, column: int) -> str:
        if column == RUN_STARTED:
            return relative(run.started_at, self.now)
        if column == RUN_DURATION:
            return duration(run)
        if column == RUN_STATUS:
            return words(run.status)
        if column == RUN_CHECKPOINTS:
            return checkpoint_words(run)
        if column == RUN_RESULT:
            return json_summary(run.result)
        if column == RUN_ERROR:
            return run.error or ""
        shots = len(run.screenshots)
        kept = sum(1 for _path, state in run.screenshots if state == PRESENT)
        return "" if not shots else (f"{kept} of {shots}" if kept else f"{shots} expired")
