"""The Library's recommendations presenter without widgets or a vault."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex

from automation_admin.gui.tabs.library.presenter import RecommendationsPresenter, groups_summary
from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.schema.enums import RecommendationStatus
from tests.gui.fakes import RecordingJobs

NO_PROJECT = recommendations_data.NO_PROJECT


def group(project: str, count: int, new: int = 0) -> recommendations_data.ProjectGroup:
    return recommendations_data.ProjectGroup(project, project.title(), count, new)


def recommendation(number: int, project: str = "p-1") -> recommendations_data.Recommendation:
    return recommendations_data.Recommendation(
        f"r-{number}",
        project,
        "Send mail",
        "SMTP",
        None,
        "Mailer",
        "Cheap",
        None,
        True,
        None,
        0.9,
        "new",
        "2026-11-20T12:00:00Z",
    )


def test_summary_in_words() -> None:
    assert groups_summary([]) == "0 recommendations in 0 projects"
    assert groups_summary([group("p-1", 1)]) == "1 recommendation in 1 project"
    assert groups_summary([group("p-1", 1200, 3), group("p-2", 4), group(NO_PROJECT, 2, 9)]) == (
        "1,206 recommendations in 2 projects and without a project; 12 new, waiting for a decision"
    )


def test_groups_then_each_group_page_by_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = RecommendationsPresenter(jobs)
    loaded: list[object] = []
    presenter.groups_loaded.connect(loaded.append)
    query = recommendations_data.RecommendationQuery(statuses=("new",))
    presenter.load(query)
    assert jobs.last(recommendations_data.groups).key == "library.recommendations"
    groups = [group("p-1", 3), group("p-2", 1)]
    jobs.answer(recommendations_data.groups, groups)
    assert loaded == [groups] and presenter.model.rowCount() == 2
    first = presenter.model.index(0, 0)
    assert presenter.model.canFetchMore(first)
    presenter.model.fetchMore(first)
    page = jobs.last(recommendations_data.page)
    assert page.args == (query, "p-1", None, presenter.model.page_rows)
    jobs.answer(recommendations_data.page, ([recommendation(n) for n in range(3)], None))
    assert presenter.model.rowCount(first) == 3
    assert not presenter.model.canFetchMore(first)
    assert presenter.model.rowCount(QModelIndex()) == 2


def test_a_decision_replaces_the_row_and_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = RecommendationsPresenter(jobs)
    presenter.load(recommendations_data.RecommendationQuery())
    jobs.answer(recommendations_data.groups, [group("p-1", 1)])
    presenter.model.fetchMore(presenter.model.index(0, 0))
    jobs.answer(recommendations_data.page, ([recommendation(1)], None))
    said: list[str] = []
    decided: list[object] = []
    presenter.message.connect(said.append)
    presenter.decided.connect(decided.append)
    presenter.decide("r-1", RecommendationStatus.ACCEPTED, seen="new")
    assert jobs.last(recommendations_data.decide).args == ("r-1", "accepted", "new")
    stored = replace(recommendation(1), status="accepted")
    jobs.answer(recommendations_data.decide, stored)
    assert presenter.model.group_rows[0] == [stored] and decided == [stored]
    assert said == ["Mailer: accepted."]
