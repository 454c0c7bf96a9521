"""The Findings presenter following the vault: counts catch up by the rows added since they
were taken; an answer that is no longer the newest is dropped; a detail read again is shown
only if it changed."""

from __future__ import annotations

import pytest

from automation_admin.gui.tabs.findings import presenter as presenter_module
from automation_admin.gui.tabs.findings.presenter import FindingsPresenter
from automation_admin.models.findings import service as findings_data
from tests.gui.fakes import RecordingJobs
from tests.gui.tabs.test_findings_presenter import COUNTS, detail, finding


@pytest.fixture
def listed(qtbot) -> tuple[FindingsPresenter, RecordingJobs]:  # type: ignore[no-untyped-def]
    """Five new findings listed, counted up to rowid 700."""
    jobs = RecordingJobs()
    presenter = FindingsPresenter(jobs)
    presenter.reload(findings_data.FindingQuery())
    jobs.answer(findings_data.page, ([finding(n) for n in range(5)], None))
    jobs.answer(presenter_module.count_findings, {"counts": COUNTS, "urgent": 4, "rowid": 700})
    return presenter, jobs


def test_added_rows_are_counted_since_the_last_count(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    badges: list[int] = []
    presenter.badge.connect(badges.append)
    presenter.live_counts(only_added=True)
    call = jobs.last(presenter_module.count_findings)
    assert call.args == (presenter.query, 700) and call.key == "findings.count_added"
    jobs.answer(
        presenter_module.count_findings,
        {
            "counts": {"new": 2, "reviewed": 0, "dismissed": 0, "actioned": 0},
            "urgent": 1,
            "rowid": 702,
        },
    )
    assert presenter.counts == COUNTS | {"new": 14}
    assert presenter.count == 14 and badges == [5] and presenter.count_rowid == 702


def test_anything_but_additions_counts_again(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    presenter.live_counts(only_added=False)
    call = jobs.last(presenter_module.count_findings)
    assert call.args == (presenter.query,) and call.key == "findings.counts"


def test_added_counts_arriving_after_a_recount_are_dropped(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    presenter.live_counts(only_added=True)
    added = jobs.last(presenter_module.count_findings)
    presenter.refresh_counts()
    jobs.answer(presenter_module.count_findings, {"counts": COUNTS, "urgent": 4, "rowid": 705})
    added.answered = True
    added.done({"counts": {"new": 9}, "urgent": 9, "rowid": 703})  # type: ignore[misc]
    assert presenter.counts == COUNTS and presenter.count_rowid == 705


def test_a_detail_read_again_is_shown_only_when_it_changed(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    shown: list[object] = []
    presenter.detail_loaded.connect(shown.append)
    presenter.show("f-1")
    jobs.answer(findings_data.detail, detail("f-1", "mine"))
    presenter.recheck_detail()
    jobs.answer(findings_data.detail, detail("f-1", "mine"))
    assert len(shown) == 1  # the same: the pane is left alone
    presenter.recheck_detail()
    jobs.answer(findings_data.detail, detail("f-1", "theirs"))
    assert len(shown) == 2 and shown[-1].row["user_notes"] == "theirs"  # type: ignore[attr-defined]
