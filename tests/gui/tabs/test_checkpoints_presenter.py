"""The Checkpoints presenter without widgets or a vault: the list it asks for (narrowed to a
week or a run), the weekly counts and the summary."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from automation_admin.gui.tabs.checkpoints.presenter import CheckpointsPresenter
from automation_admin.gui.worker import JobError
from automation_admin.models.checkpoints import service as checkpoints_data
from tests.gui.fakes import RecordingJobs

WEEKS = [
    ("2026-11-02", {"approved": 2, "rejected": 1, "modified": 0}),
    ("2026-11-09", {"approved": 4, "rejected": 0, "modified": 1}),
]


def listed_query(jobs: RecordingJobs) -> checkpoints_data.CheckpointQuery:
    """The query of the latest page asked for."""
    call = jobs.last(checkpoints_data.page)
    assert call.kwargs["cursor"] is None
    query: checkpoints_data.CheckpointQuery = call.args[0]
    return query


@pytest.fixture
def counted(qtbot) -> tuple[CheckpointsPresenter, RecordingJobs]:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = CheckpointsPresenter(jobs)
    presenter.reload(checkpoints_data.CheckpointQuery(provider="stripe"))
    jobs.answer(checkpoints_data.weekly_decisions, WEEKS)
    return presenter, jobs


def test_reload_lists_and_counts_by_week(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = CheckpointsPresenter(jobs)
    presenter.set_provider_names([("stripe", "Stripe")])
    query = checkpoints_data.CheckpointQuery(provider="stripe")
    presenter.reload(query)
    assert listed_query(jobs) == query
    assert jobs.last(checkpoints_data.page).kwargs["limit"] == presenter.model.page_rows
    assert presenter.summary() == "Counting decisions for Stripe"
    assert jobs.last(checkpoints_data.weekly_decisions).key == "checkpoints.weeks"
    arrived: list[bool] = []
    presenter.weeks_loaded.connect(lambda: arrived.append(True))
    jobs.answer(checkpoints_data.weekly_decisions, WEEKS)
    assert arrived == [True] and presenter.weeks == WEEKS
    assert presenter.summary() == "8 decisions (6 approved, 1 rejected, 1 modified) for Stripe"


def test_a_picked_week_narrows_the_list_not_the_chart(counted) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = counted
    narrowed: list[bool] = []
    presenter.narrowed.connect(lambda: narrowed.append(True))
    presenter.pick_week("2026-11-09")
    week = listed_query(jobs)
    assert (week.date_from, week.date_to) == ("2026-11-09", "2026-11-15")
    assert presenter.query.date_from is None  # the chart still counts every week
    assert narrowed == [True]
    assert presenter.summary() == (
        "5 decisions (4 approved, 1 modified) for stripe in the week 09 Nov to 15 Nov 2026"
    )
    presenter.pick_week("2026-11-09")  # picked again: every week
    assert presenter.week is None and listed_query(jobs).date_from is None


def test_a_week_keeps_within_the_date_filter(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = CheckpointsPresenter(jobs)
    presenter.reload(checkpoints_data.CheckpointQuery(date_from="2026-11-11"))
    presenter.pick_week("2026-11-09")
    week = listed_query(jobs)
    assert (week.date_from, week.date_to) == ("2026-11-11", "2026-11-15")


def test_a_week_no_longer_counted_is_dropped(counted) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = counted
    presenter.pick_week("2026-11-02")
    presenter.reload(replace(presenter.query, text="refund"))
    jobs.answer(checkpoints_data.weekly_decisions, WEEKS[1:])
    assert presenter.week is None and listed_query(jobs).date_from is None


def test_clearing_a_run_changes_the_query_and_asks_for_a_reload(counted) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = counted
    presenter.open_run("run-7")
    assert presenter.query == checkpoints_data.CheckpointQuery(
        execution_id="run-7", sort="decided", descending=False
    )
    assert presenter.clear_narrowing() is True
    assert presenter.query.execution_id is None
    presenter.pick_week("2026-11-02")
    asked = len(jobs.asked(checkpoints_data.page))
    assert presenter.clear_narrowing() is False  # only a week: the list widens at once
    assert presenter.week is None and len(jobs.asked(checkpoints_data.page)) == asked + 1


def test_sorting_lists_again_without_counting_again(counted) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = counted
    assert presenter.sort_by("decided") is False  # listed newest first already: flips
    assert presenter.sort_by("script") is False  # A to Z first
    assert presenter.sort_by("script") is True
    assert presenter.sort_by("notes") is True  # decisions with notes first
    assert listed_query(jobs).sort == "notes"
    assert not jobs.asked(checkpoints_data.weekly_decisions)


def test_export_writes_what_is_listed(counted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = counted
    presenter.pick_week("2026-11-09")
    done: list[int] = []
    failures: list[JobError] = []
    presenter.export(tmp_path / "out.csv", "csv", done.append, failures.append)
    call = jobs.last(checkpoints_data.export_to_file)
    assert call.args == (presenter.list_query(), "csv", tmp_path / "out.csv")
    assert call.args[0].date_from == "2026-11-09"
    jobs.fail(checkpoints_data.export_to_file, JobError("environment", "disk full"))
    assert [f.message for f in failures] == ["disk full"] and not jobs.failures


def test_detail_of_one_decision(counted) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = counted
    shown: list[object] = []
    presenter.detail_loaded.connect(shown.append)
    presenter.show("c-1")
    assert presenter.selected_id == "c-1"
    assert jobs.last(checkpoints_data.detail).key == "checkpoints.detail"
    jobs.answer(checkpoints_data.detail, None)
    presenter.clear_detail()
    assert shown == [None, None] and presenter.info is None
