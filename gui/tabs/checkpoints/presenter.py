"""The Checkpoints tab without its widgets: the query and the week picked on the chart, the
weekly counts, the decision shown, and every call to the worker. The tab reads its form into
a query and shows what this announces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.checkpoints_model import CheckpointsModel
from automation_admin.gui.tabs.checkpoints.summary import describe_filter
from automation_admin.gui.worker import JobError
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.store.timeutil import week_days

# Newest first, and decisions with notes first, when a column is first clicked.
DESCENDING_FIRST = ("decided", "notes")


class CheckpointsPresenter(QObject):
    scripts_loaded = Signal(list)  # (id, title) of the scripts the provider filter allows
    weeks_loaded = Signal()  # `weeks` arrived (and `week` may have been dropped)
    narrowed = Signal()  # the list was narrowed or widened (a week, one run)
    summary_changed = Signal()
    detail_loaded = Signal(object)  # CheckpointDetail | None

    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = CheckpointsModel()
        self.query = checkpoints_data.CheckpointQuery()
        self.week: str | None = None  # the Monday of the week picked on the chart
        self.weeks: checkpoints_data.Weeks | None = None  # None while counting
        self.names: dict[str, str] = {}  # provider and script ids -> what the user sees
        self.info: checkpoints_data.CheckpointDetail | None = None
        self.selected_id: str | None = None

    # ---- the list --------------------------------------------------------------------

    def set_provider_names(self, providers: list[tuple[str, str]]) -> None:
        self.names.update(providers)
        self.model.provider_names = dict(providers)
        self.model.layoutChanged.emit()

    def load_scripts(self, provider: str | None) -> None:
        self.jobs.run(
            checkpoints_data.script_choices,
            provider,
            done=self._scripts_loaded,
            key="checkpoints.scripts",
        )

    def _scripts_loaded(self, scripts: list[tuple[str, str]]) -> None:
        self.names.update(scripts)
        self.scripts_loaded.emit(scripts)

    def reload(self, query: checkpoints_data.CheckpointQuery) -> None:
        """List `query` and count it by week (after the list's first page on the one worker,
        so the list is never kept waiting)."""
        self.query = query
        self.refresh_list()
        self.weeks = None
        self.summary_changed.emit()
        self.jobs.run(
            checkpoints_data.weekly_decisions,
            query,
            done=self._weeks_loaded,
            key="checkpoints.weeks",
        )

    def recount(self) -> None:
        """Count the weeks again (new decisions), keeping the chart's week."""
        self.jobs.run(
            checkpoints_data.weekly_decisions,
            self.query,
            done=self._weeks_loaded,
            key="checkpoints.weeks",
        )

    def list_query(self) -> checkpoints_data.CheckpointQuery:
        """The chart's query narrowed to the picked week, if one is picked."""
        if self.week is None:
            return self.query
        start, end = (day.isoformat() for day in week_days(self.week))
        return replace(
            self.query,
            date_from=max(start, self.query.date_from or start),
            date_to=min(end, self.query.date_to or end),
        )

    def refresh_list(self) -> None:
        query = self.list_query()
        self.model.now = datetime.now(UTC)
        self.narrowed.emit()
        self.model.restart(
            self.jobs.pages(checkpoints_data.page, query, limit=self.model.page_rows)
        )

    def _weeks_loaded(self, weeks: checkpoints_data.Weeks) -> None:
        self.weeks = weeks
        if self.week is not None and self.week not in {monday for monday, _ in weeks}:
            self.week = None
            self.refresh_list()
        self.weeks_loaded.emit()
        self.summary_changed.emit()

    def summary(self) -> str:
        return describe_filter(self.query, self.weeks, self.week, self.names)

    def pick_week(self, monday: str) -> None:
        """Narrow the list to that week (picked again: widen it back)."""
        self.week = None if self.week == monday else monday
        self.refresh_list()
        self.summary_changed.emit()

    def clear_narrowing(self) -> bool:
        """Widen the list back to what the filters allow. True when the query itself changed
        (it was one run's): the caller reloads."""
        self.week = None
        if self.query.execution_id:
            self.query = replace(self.query, execution_id=None)
            return True
        self.refresh_list()
        self.summary_changed.emit()
        return False

    def open_run(self, execution_id: str) -> None:
        """One run's checkpoints in the order they were reached, every filter off; the caller
        clears its form and reloads."""
        self.week = None
        self.query = checkpoints_data.CheckpointQuery(
            execution_id=execution_id, sort="decided", descending=False
        )

    def sort_by(self, key: str) -> bool:
        """Sort by `key` (again: the other way round); True when descending. Lists again."""
        if self.query.sort == key:
            descending = not self.query.descending
        else:
            descending = key in DESCENDING_FIRST
        self.query = replace(self.query, sort=key, descending=descending)
        self.refresh_list()
        return descending

    # ---- one decision ----------------------------------------------------------------

    def show(self, checkpoint_id: str) -> None:
        self.selected_id = checkpoint_id
        self.jobs.run(
            checkpoints_data.detail,
            checkpoint_id,
            done=self._detail_loaded,
            key="checkpoints.detail",
        )

    def clear_detail(self) -> None:
        self._detail_loaded(None)

    def _detail_loaded(self, info: checkpoints_data.CheckpointDetail | None) -> None:
        self.info = info
        self.detail_loaded.emit(info)

    # ---- export ----------------------------------------------------------------------

    def export(
        self,
        target: Path,
        fmt: str,
        done: Callable[[int], None],
        failed: Callable[[JobError], None],
    ) -> None:
        """Write the listed decisions (the week too, if one is picked) to `target`."""
        self.jobs.run(
            checkpoints_data.export_to_file,
            self.list_query(),
            fmt,
            target,
            done=done,
            failed=failed,
        )
