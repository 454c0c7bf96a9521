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
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.scripts.decisions import last_rejection


class ScriptsPresenter(QObject):
    detail_loaded = Signal(object)  # ScriptDetail
    rejection_loaded = Signal(object)  # Rejection of the script shown, or None
    decided = Signal(dict)  # the script's row after a decision was recorded
    message = Signal(str)

    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = ScriptsModel()
        self.runs = RunsModel()
        self.info: scripts_data.ScriptDetail | None = None

    def set_provider_names(self, names: dict[str, str]) -> None:
        self.model.provider_names = names

    def reload(self, query: scripts_data.ScriptQuery) -> None:
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

    def reject(self, script_id: str, reason: str) -> None:
        self.jobs.run(scripts_data.reject, script_id, reason, done=self._decided)

    def return_to_pending(self, script_id: str) -> None:
        self.jobs.run(scripts_data.return_to_pending, script_id, done=self._decided)

    def set_auto_approve(self, script_id: str, on: bool) -> None:
        self.jobs.run(scripts_data.set_auto_approve, script_id, on, done=self._decided)

    def _decided(self, row: dict[str, Any]) -> None:
        self.message.emit(f"“{row['title']}” is now {words(row['approval_status'])}.")
        self.show(row["id"])
        number = self.model.row_of(row["id"])
        if number is not None:
            script = self.model.row_at(number)
            self.model.replace_row(number, replace(script, status=row["approval_status"]))
        self.decided.emit(row)
