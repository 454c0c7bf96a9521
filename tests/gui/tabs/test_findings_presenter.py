"""The Findings presenter without widgets or a vault: what it asks the data layer for, and what
it makes of the answers."""

from __future__ import annotations

import pytest

from automation_admin.gui.tabs.findings import presenter as presenter_module
from automation_admin.gui.tabs.findings.presenter import FindingsPresenter
from automation_admin.models.findings import service as findings_data
from automation_admin.models.schema.enums import FindingStatus
from tests.gui.fakes import RecordingJobs


def finding(number: int, status: str = "new") -> findings_data.FindingRow:
    return findings_data.FindingRow(
        id=f"f-{number}",
        urgency="critical",
        provider_id="openai",
        category="deprecation",
        title=f"Finding {number}",
        discovered_at="2026-11-20T12:00:00Z",
        relevance=0.5,
        status=status,
        rowid=number,
    )


def detail(finding_id: str, notes: str | None = None) -> findings_data.FindingDetail:
    return findings_data.FindingDetail({"id": finding_id, "user_notes": notes}, "OpenAI", [])


COUNTS = {"new": 12, "reviewed": 3, "dismissed": 1, "actioned": 0}


@pytest.fixture
def listed(qtbot) -> tuple[FindingsPresenter, RecordingJobs]:  # type: ignore[no-untyped-def]
    """A presenter showing five new findings, counted."""
    jobs = RecordingJobs()
    presenter = FindingsPresenter(jobs)
    presenter.reload(findings_data.FindingQuery())
    jobs.answer(findings_data.page, ([finding(n) for n in range(5)], None))
    jobs.answer(presenter_module.count_findings, {"counts": COUNTS, "urgent": 4, "rowid": 700})
    return presenter, jobs


def test_reload_lists_the_query_page_by_page_and_counts_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = FindingsPresenter(jobs)
    query = findings_data.FindingQuery(statuses=("new",), text="webhook")
    badges: list[int] = []
    presenter.badge.connect(badges.append)
    presenter.reload(query)
    page = jobs.last(findings_data.page)
    assert page.args == (query,)
    assert page.kwargs == {"cursor": None, "limit": presenter.model.page_rows}
    counting = jobs.last(presenter_module.count_findings)
    assert counting.args == (query,) and counting.key == "findings.counts"
    assert presenter.count is None
    assert presenter.summary() == "Counting new findings matching “webhook”"
    jobs.answer(presenter_module.count_findings, {"counts": COUNTS, "urgent": 4, "rowid": 700})
    assert presenter.count == 12 and badges == [4]
    assert presenter.summary() == "12 new findings matching “webhook”"


def test_every_status_counts_them_all(qtbot) -> None:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = FindingsPresenter(jobs)
    presenter.reload(findings_data.FindingQuery(statuses=()))
    jobs.answer(presenter_module.count_findings, {"counts": COUNTS, "urgent": 0, "rowid": 700})
    assert presenter.count == 16 and presenter.summary() == "16 findings"


def test_the_selection_is_kept_across_reloads(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    presenter.show("f-3")
    assert jobs.last(findings_data.detail).args == ("f-3",)
    presenter.reload(presenter.query)
    assert presenter.selected_id == "f-3"
    presenter.reload(presenter.query, "f-1")
    assert presenter.selected_id == "f-1"


def test_a_column_sorts_one_way_then_the_other(qtbot) -> None:  # type: ignore[no-untyped-def]
    presenter = FindingsPresenter(RecordingJobs())
    assert presenter.sort_by("discovered") is True  # newest first
    assert presenter.sort_by("discovered") is False
    assert presenter.sort_by("title") is False  # A to Z first
    assert presenter.sort_by("title") is True
    assert presenter.sort_by("urgency") is True
    assert presenter.query.sort == "triage"  # severity, then relevance and recency


def test_opening_a_listed_finding_selects_its_row(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    assert presenter.open("f-2") == 2
    assert not jobs.asked(findings_data.detail)


def test_opening_an_unlisted_finding_reads_it(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    shown: list[object] = []
    presenter.detail_loaded.connect(shown.append)
    assert presenter.open("elsewhere") is None
    assert jobs.last(findings_data.detail).key == "findings.detail"
    info = detail("elsewhere")
    jobs.answer(findings_data.detail, info)
    assert shown == [info] and presenter.detail is info


def test_opening_a_finding_deleted_since_says_so(listed) -> None:  # type: ignore[no-untyped-def]
    """A notification links to a finding the runner deleted before it was opened."""
    presenter, jobs = listed
    said: list[str] = []
    presenter.message.connect(said.append)
    assert presenter.open("gone") is None
    jobs.answer(findings_data.detail, None)
    assert said == ["That finding is no longer in the vault: another program deleted it."]
    assert presenter.detail is None


def test_triage_moves_the_rows_in_place_and_can_be_undone(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    said: list[str] = []
    moved: list[int] = []
    presenter.message.connect(said.append)
    presenter.triaged.connect(moved.append)
    seen = {"f-1": "new", "f-2": "new"}
    presenter.triage(FindingStatus.REVIEWED, ["f-1", "f-2"], from_row=1, seen=seen)
    call = jobs.last(presenter_module.triage_findings)
    assert call.args == (["f-1", "f-2"], presenter.query, "reviewed", None, None, seen, None)
    undo = findings_data.Undo(
        (("f-1", "new", None), ("f-2", "new", None)), "reviewed", "2 finding(s) marked reviewed"
    )
    jobs.answer(presenter_module.triage_findings, findings_data.TriageResult(2, undo))
    assert said == ["2 finding(s) marked reviewed. Ctrl+Z undoes."]
    assert [presenter.model.row_at(n).status for n in range(4)] == [
        "new",
        "reviewed",
        "reviewed",
        "new",
    ]
    assert moved == [1] and presenter.undo_stack == [undo]
    assert len(jobs.asked(presenter_module.count_findings)) == 1  # counted again
    presenter.undo()
    assert jobs.last(findings_data.undo).args == (undo,)
    jobs.answer(findings_data.undo, 2)
    assert said[-1] == "Undone: 2 finding(s) marked reviewed."
    assert [presenter.model.row_at(n).status for n in range(3)] == ["new"] * 3
    presenter.undo()
    assert said[-1] == "Nothing to undo."


def test_triage_of_everything_matching_asks_for_no_ids(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    presenter.triage(FindingStatus.DISMISSED, None, "false positive", "dup", confirmed=(4, 90))
    assert jobs.last(presenter_module.triage_findings).args == (
        None,
        presenter.query,
        "dismissed",
        "false positive",
        "dup",
        None,
        (4, 90),  # the count the person confirmed, and the last row it included
    )


def test_notes_are_saved_for_the_finding_shown(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    saved: list[tuple[object, str]] = []
    presenter.notes_saved.connect(lambda stored, typed: saved.append((stored, typed)))
    assert presenter.save_notes("nothing shown") is False
    assert not jobs.asked(findings_data.save_notes)
    presenter.show("f-1")
    jobs.answer(findings_data.detail, detail("f-1"))
    assert presenter.save_notes("token ghp_x") is True
    assert jobs.last(findings_data.save_notes).args == ("f-1", "token ghp_x")
    jobs.answer(findings_data.save_notes, "token [REDACTED]")
    assert saved == [("token [REDACTED]", "token ghp_x")]
    assert presenter.detail is not None
    assert presenter.detail.row["user_notes"] == "token [REDACTED]"


def test_notes_saved_after_moving_on_are_not_shown_on_the_next_finding(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    saved: list[object] = []
    presenter.notes_saved.connect(lambda stored, _typed: saved.append(stored))
    presenter.show("f-1")
    jobs.answer(findings_data.detail, detail("f-1"))
    presenter.save_notes("for f-1")
    presenter.show("f-2")
    jobs.answer(findings_data.detail, detail("f-2", "f-2's own notes"))
    jobs.answer(findings_data.save_notes, "for f-1")
    assert saved == [] and presenter.detail.row["user_notes"] == "f-2's own notes"


def test_deleting_dismissed_findings_says_so_and_asks_for_a_reload(listed) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = listed
    said: list[str] = []
    reloads: list[bool] = []
    presenter.message.connect(said.append)
    presenter.reload_wanted.connect(lambda: reloads.append(True))
    presenter.delete_dismissed()
    jobs.answer(findings_data.delete_dismissed, 1234)
    assert said == ["Deleted 1,234 dismissed findings."] and reloads == [True]


# ---- following the vault ------------------------------------------------------------


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
