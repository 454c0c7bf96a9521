"""The Library's recommendations without widgets: the groups of the query, each paged from SQL
as it is opened, and decisions. The view reads its filters into a query and shows what this
announces."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from automation_admin.gui.formatting import words
from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.recommendations_model import RecommendationsModel
from automation_admin.gui.worker import JobError
from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.schema.enums import RecommendationStatus


def groups_summary(groups: list[recommendations_data.ProjectGroup]) -> str:
    """'1,204 recommendations in 3 projects and without a project; 12 new, waiting for a
    decision'."""
    total = sum(g.count for g in groups)
    new = sum(g.new for g in groups)
    projects = sum(1 for g in groups if g.project != recommendations_data.NO_PROJECT)
    homeless = any(g.project == recommendations_data.NO_PROJECT for g in groups)
    return (
        f"{total:,} recommendation{'s' if total != 1 else ''} in {projects} "
        f"project{'s' if projects != 1 else ''}"
        + (" and without a project" if homeless else "")
        + (f"; {new:,} new, waiting for a decision" if new else "")
    )


class RecommendationsPresenter(QObject):
    groups_loaded = Signal(list)  # ProjectGroup of the query, in project order
    decided = Signal(object)  # the Recommendation as stored
    changed_meanwhile = Signal()  # a decision was refused: the rows changed elsewhere
    message = Signal(str)

    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = RecommendationsModel()

    def load(self, query: recommendations_data.RecommendationQuery) -> None:
        self.jobs.run(
            recommendations_data.groups,
            query,
            done=lambda groups: self._groups_loaded(query, groups),
            key="library.recommendations",
        )

    def _groups_loaded(
        self,
        query: recommendations_data.RecommendationQuery,
        groups: list[recommendations_data.ProjectGroup],
    ) -> None:
        def fetch(project: str, cursor: Any, deliver: Callable[..., None]) -> None:
            self.jobs.run(
                recommendations_data.page,
                query,
                project,
                cursor,
                self.model.page_rows,
                done=lambda page: deliver(*page),
            )

        self.model.restart(groups, fetch)
        self.groups_loaded.emit(groups)

    def decide(
        self,
        recommendation_id: str,
        status: RecommendationStatus,
        seen: str | None = None,
    ) -> None:
        """`seen`: the status on screen; if another program changed it since, nothing is
        decided and the list is read again (`changed_meanwhile`)."""

        def refused(error: JobError) -> None:
            self.jobs.failed(error)
            self.changed_meanwhile.emit()

        self.jobs.run(
            recommendations_data.decide,
            recommendation_id,
            status,
            seen,
            done=self._decided,
            failed=refused,
        )

    def _decided(self, rec: recommendations_data.Recommendation) -> None:
        self.model.replace(rec)
        self.decided.emit(rec)
        self.message.emit(f"{rec.service}: {words(rec.status)}.")
