"""The Dashboard presenter without widgets or a vault: the overview, the counts after it, the
trend, and when the first screen is ready."""

from __future__ import annotations

from automation_admin.gui.tabs.dashboard.presenter import DashboardPresenter
from automation_admin.models.dashboard import service as dashboard_data
from tests.gui.fakes import RecordingJobs

OVERVIEW = object()  # the presenter passes these on without looking inside
TREND = object()


def test_the_overview_then_the_queue_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = DashboardPresenter(jobs)
    events: list[str] = []
    presenter.overview_loaded.connect(lambda _data: events.append("overview"))
    presenter.counts_loaded.connect(lambda counts: events.append(f"counts {counts}"))
    presenter.load(30)
    call = jobs.calls[-1]
    assert call.key == "dashboard.overview" and call.fn.keywords == {"days": 30}
    call.answered = True
    call.done(OVERVIEW)
    assert presenter.data is OVERVIEW and events == ["overview"]
    jobs.answer(dashboard_data.queue_counts, {"scripts_pending": 2})
    assert events == ["overview", "counts {'scripts_pending': 2}"]


def test_ready_once_the_overview_and_a_trend_are_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = DashboardPresenter(jobs)
    ready: list[bool] = []
    presenter.ready.connect(lambda: ready.append(True))
    presenter.load(None)
    jobs.calls[-1].done(OVERVIEW)
    assert ready == []
    presenter.load_trend("provider", "stripe", 7)
    call = jobs.last(dashboard_data.trend)
    assert call.args == ("provider", "stripe", 7) and call.key == "dashboard.trend"
    jobs.answer(dashboard_data.trend, TREND)
    assert ready == [True] and presenter.current_trend is TREND
    presenter.show_trend(TREND)  # a later trend: ready was said once
    assert ready == [True]


def test_after_a_failure_nothing_more_is_awaited(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = DashboardPresenter(jobs)
    ready: list[bool] = []
    presenter.ready.connect(lambda: ready.append(True))
    presenter.give_up()
    presenter.show_trend(TREND)
    assert ready == []
