"""The Scripts presenter without widgets or a vault: the queue, the script shown with its
runs, and decisions."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from automation_admin.gui.tabs.scripts.presenter import ScriptsPresenter
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.scripts.decisions import Rejection, last_rejection
from tests.gui.fakes import RecordingJobs

SEEN = scripts_data.Seen(2, "2026-11-01T10:00:00Z", "pending", "0" * 64, 2)


def script(number: int, status: str = "pending") -> scripts_data.ScriptRow:
    return scripts_data.ScriptRow(
        f"s-{number}", status, "openai", "custom", f"Script {number}", 1, "2026-11-20T12:00:00Z"
    )


def detail(script_id: str, status: str = "pending") -> Any:
    """What the presenter reads of a ScriptDetail: the row."""
    return SimpleNamespace(
        row={"id": script_id, "title": f"Title of {script_id}", "approval_status": status}
    )


@pytest.fixture
def queue(qtbot) -> tuple[ScriptsPresenter, RecordingJobs]:  # type: ignore[no-untyped-def]
    jobs = RecordingJobs()
    presenter = ScriptsPresenter(jobs)
    query = scripts_data.ScriptQuery(statuses=("pending",))
    presenter.reload(query)
    call = jobs.answer(scripts_data.queue_page, ([script(n) for n in range(3)], None))
    assert call.args == (query,)
    assert call.kwargs == {"cursor": None, "limit": presenter.model.page_rows}
    return presenter, jobs


def test_showing_a_script_reads_it_then_its_runs(queue) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = queue
    shown: list[object] = []
    presenter.detail_loaded.connect(shown.append)
    presenter.show("s-1")
    call = jobs.last(scripts_data.detail)
    assert call.args == ("s-1",) and call.key == "scripts.detail"
    assert not jobs.asked(scripts_data.runs_page)
    info = detail("s-1")
    jobs.answer(scripts_data.detail, info)
    assert shown == [info] and presenter.info is info and presenter.shown_id == "s-1"
    runs = jobs.last(scripts_data.runs_page)
    assert runs.args == ("s-1",) and runs.kwargs["limit"] == presenter.runs.page_rows
    assert not jobs.asked(last_rejection)  # only a rejected script has a reason to read


def test_a_rejected_script_reads_why(queue) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = queue
    reasons: list[object] = []
    presenter.rejection_loaded.connect(reasons.append)
    presenter.show("s-2")
    jobs.answer(scripts_data.detail, detail("s-2", "rejected"))
    assert jobs.last(last_rejection).args == ("s-2",)
    why = Rejection("2026-11-19T10:00:00Z", "Wrong account")
    jobs.answer(last_rejection, why)
    assert reasons == [why]
    presenter.show("s-1")
    jobs.answer(scripts_data.detail, detail("s-1"))
    assert reasons == [why, None]  # the next script shown clears it


@pytest.mark.parametrize(
    ("decide", "fn", "args"),
    [
        (
            lambda p: p.approve("s-1", SEEN, ["uses evaluated JavaScript"], print),
            scripts_data.approve,
            ("s-1", SEEN, ["uses evaluated JavaScript"]),
        ),
        (
            lambda p: p.reject("s-1", "unknown domain", SEEN),
            scripts_data.reject,
            ("s-1", "unknown domain", SEEN),
        ),
        (lambda p: p.return_to_pending("s-1"), scripts_data.return_to_pending, ("s-1",)),
        (
            lambda p: p.set_auto_approve("s-1", True, SEEN),
            scripts_data.set_auto_approve,
            ("s-1", True, SEEN),
        ),
    ],
)
def test_a_decision_is_recorded_then_shown(queue, decide, fn, args) -> None:  # type: ignore[no-untyped-def]
    presenter, jobs = queue
    said: list[str] = []
    decided: list[dict[str, Any]] = []
    presenter.message.connect(said.append)
    presenter.decided.connect(decided.append)
    decide(presenter)
    assert jobs.last(fn).args == args
    row = {"id": "s-1", "title": "Rotate keys", "approval_status": "approved"}
    jobs.answer(fn, row)
    assert said == ["“Rotate keys” is now approved."] and decided == [row]
    assert presenter.model.row_at(1).status == "approved"  # in place: the list does not jump
    assert jobs.last(scripts_data.detail).args == ("s-1",)  # shown again as it now is
