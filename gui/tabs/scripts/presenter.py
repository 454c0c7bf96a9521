"""The Scripts tab without its widgets: the queue and the run history, the script shown, and
every call to the worker (the program never runs a script: it records decisions). The tab
asks the user what needs asking (confirmation, the reason to reject) and shows what this
announces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from automation_admin.gui.formatting import words
from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.scripts_model import RunsModel, ScriptsModel
from automation_admin.gui.worker import JobError
from automation_admin.models.live.scripts import ScriptState, pending_count, script_state
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.scripts.decisions import last_rejection


class ScriptsPresenter(QObject):
    detail_loaded = Signal(object)  # ScriptDetail
    rejection_loaded = Signal(object)  # Rejection of the script shown, or None
    decided = Signal(dict)  # the script's row after a decision was recorded
    message = Signal(str)
    badge = Signal(int)  # scripts waiting for approval
    stale = Signal(str, object)  # the script shown changed elsewhere: what, and the id to show
    detail_refreshed = Signal(object)  # ScriptDetail: same text and status, newer run counts

    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = ScriptsModel()
        self.runs = RunsModel()
        self.info: scripts_data.ScriptDetail | None = None
        self.query = scripts_data.ScriptQuery()
        self.stale_note: str | None = None  # why the script shown is out of date, if it is

    def set_provider_names(self, names: dict[str, str]) -> None:
        self.model.provider_names = names

    def reload(self, query: scripts_data.ScriptQuery) -> None:
        self.query = query
        self.model.now = datetime.now(UTC)
        self.model.restart(
            self.jobs.pages(scripts_data.queue_page, query, limit=self.model.page_rows)
        )

    @property
    def shown_id(self) -> str | None:
        return self.info.row["id"] if self.info else None

    # ---- one script ------------------------------------------------------------------

    def show(self, script_id: str) -> None:
        self.jobs.run(scripts_data.detail, script_id, done=self._loaded, key="scripts.detail")

    def _loaded(self, info: scripts_data.ScriptDetail) -> None:
        self.info = info
        self.stale_note = None
        self.detail_loaded.emit(info)
        if info.row["approval_status"] == "rejected":
            self.jobs.run(
                last_rejection,
                info.row["id"],
                done=self.rejection_loaded.emit,
                key="scripts.rejection",
            )
        else:
            self.rejection_loaded.emit(None)
        self.load_runs(info.row["id"])

    def load_runs(self, script_id: str) -> None:
        self.runs.now = datetime.now(UTC)
        self.runs.restart(
            self.jobs.pages(scripts_data.runs_page, script_id, limit=self.runs.page_rows)
        )

    # ---- decisions -------------------------------------------------------------------

    def approve(
        self,
        script_id: str,
        seen: scripts_data.Seen,
        acknowledged: list[str],
        refused: Callable[[JobError], None],
    ) -> None:
        """Approve the version the reviewer saw, with the warnings they ticked; `refused`
        hears why when the data layer says no (the runner changed the script meanwhile)."""
        self.jobs.run(
            scripts_data.approve, script_id, seen, acknowledged, done=self._decided, failed=refused
        )

    def reject(self, script_id: str, reason: str, seen: scripts_data.Seen) -> None:
        """Reject the script the reviewer saw (refused if the runner changed it since)."""
        self.jobs.run(
            scripts_data.reject,
            script_id,
            reason,
            seen,
            done=self._decided,
            failed=self._refused(script_id),
        )

    def return_to_pending(self, script_id: str) -> None:
        self.jobs.run(scripts_data.return_to_pending, script_id, done=self._decided)

    def set_auto_approve(self, script_id: str, on: bool, seen: scripts_data.Seen) -> None:
        self.jobs.run(
            scripts_data.set_auto_approve,
            script_id,
            on,
            seen,
            done=self._decided,
            failed=self._refused(script_id),
        )

    def _refused(self, script_id: str) -> Callable[[JobError], None]:
        """A decision refused: said, and the script shown as it is now."""

        def refused(error: JobError) -> None:
            self.jobs.failed(error)
            self.show(script_id)

        return refused

    def _decided(self, row: dict[str, Any]) -> None:
        self.message.emit(f"“{row['title']}” is now {words(row['approval_status'])}.")
        self.show(row["id"])
        number = self.model.row_of(row["id"])
        if number is not None:
            script = self.model.row_at(number)
            self.model.replace_row(number, replace(script, status=row["approval_status"]))
        self.decided.emit(row)
        self.count_pending()

    # ---- live ------------------------------------------------------------------------

    def count_pending(self) -> None:
        self.jobs.run(pending_count, done=self.badge.emit, key="scripts.pending")

    def live_check(self) -> None:
        """The vault changed: is the script on screen still the one stored? A new version or
        a changed text or status is said (the review on screen is not swapped under the
        person); newer run counts only refresh what the header says."""
        shown = self.info
        if shown is None:
            return

        def compare(state: ScriptState) -> None:
            if self.info is not shown:
                return
            note, target = stale_note(shown, state)
            if note is not None:
                self.stale_note = note
                self.stale.emit(note, target)
                return
            row = shown.row
            if (state.updated_at, state.execution_count, state.last_executed_at) != (
                row["updated_at"],
                row["execution_count"],
                row["last_executed_at"],
            ):
                self.jobs.run(scripts_data.detail, row["id"], done=refreshed, key="scripts.detail")

        def refreshed(info: scripts_data.ScriptDetail) -> None:
            if self.info is shown and stale_note(shown, _state_of(info))[0] is None:
                self.info = info
                self.detail_refreshed.emit(info)

        self.jobs.run(script_state, shown.row["id"], done=compare, key="scripts.state")


def _state_of(info: scripts_data.ScriptDetail) -> ScriptState:
    row = info.row
    newest = scripts_data.newest(info.versions)
    return ScriptState(
        True,
        row["version"],
        row["approval_status"],
        row["script_content"],
        row["updated_at"],
        row["execution_count"],
        row["last_executed_at"],
        scripts_data.newest_version(info.versions, row["version"]),
        newest.id if newest else row["id"],
    )


def stale_note(
    shown: scripts_data.ScriptDetail, state: ScriptState
) -> tuple[str | None, str | None]:
    """(what changed since the script was opened, the script to show now); (None, None)
    when what is on screen is still what is stored, as far as a review goes."""
    row = shown.row
    if not state.exists:
        return "Another program deleted this script since you opened it.", None
    known = scripts_data.newest_version(shown.versions, row["version"])
    if state.newest_version > known and state.newest_id != row["id"]:
        return (
            f"Another program wrote version {state.newest_version} of this script since you "
            f"opened version {row['version']}.",
            state.newest_id,
        )
    if state.version != row["version"] or state.content != row["script_content"]:
        return (
            "Another program changed this script since you opened it (it is now version "
            f"{state.version}).",
            row["id"],
        )
    if state.status != row["approval_status"]:
        return (
            f"Another program marked this script {words(state.status)} since you opened it.",
            row["id"],
        )
    return None, None
