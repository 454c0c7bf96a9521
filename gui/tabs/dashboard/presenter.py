"""The Dashboard tab without its widgets: the overview and the trend shown, and every call to
the worker. The tab picks the key, the scope and the range, and shows what this announces."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from automation_admin.gui.jobs import Jobs
from automation_admin.models.dashboard.service import (
    Overview,
    Trend,
    overview,
    queue_counts,
    trend,
)

# What the first screen waits for before it counts as loaded.
FIRST_PARTS = frozenset({"overview", "trend"})


class DashboardPresenter(QObject):
    overview_loaded = Signal(object)  # Overview
    counts_loaded = Signal(object)  # card key -> number (the queues counted after the list)
    trend_loaded = Signal(object)  # Trend
    ready = Signal()  # the overview and a first trend were both shown (once)

    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.data: Overview | None = None
        self.current_trend: Trend | None = None
        self._waiting = set(FIRST_PARTS)

    def load(self, days: int | None) -> None:
        """The overview (cards, keys, and the first key's trend over `days`)."""
        self.jobs.run(
            partial(overview, days=days), done=self._overview_loaded, key="dashboard.overview"
        )

    def _overview_loaded(self, data: Overview) -> None:
        self.data = data
        self.overview_loaded.emit(data)
        self._shown("overview")
        self.jobs.run(queue_counts, done=self.counts_loaded.emit, key="dashboard.counts")

    def refresh_counts(self) -> None:
        """The cards that count findings and scripts, alone (the key list did not change)."""
        self.jobs.run(queue_counts, done=self.counts_loaded.emit, key="dashboard.counts")

    def load_trend(self, scope: str, target: str | None, days: int | None) -> None:
        """One key's, one provider's (`target`) or all keys' daily series over `days`."""
        self.jobs.run(trend, scope, target, days, done=self.show_trend, key="dashboard.trend")

    def show_trend(self, result: Trend) -> None:
        """Show `result` (read now, or along with the overview); the same series read again
        after the vault changed elsewhere is not drawn again."""
        if result != self.current_trend:
            self.current_trend = result
            self.trend_loaded.emit(result)
        self._shown("trend")

    def give_up(self) -> None:
        """A job failed: nothing more is coming for the first screen."""
        self._waiting.clear()

    def _shown(self, part: str) -> None:
        if part in self._waiting:
            self._waiting.discard(part)
            if not self._waiting:
                self.ready.emit()
