"""The Findings tab without its widgets: the query, the counts, the finding shown, the undo
stack and every call to the worker. The tab reads its form into a query, asks the user what
needs asking (confirmations, the dismiss reason) and shows what this announces."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.findings_model import FindingsModel
from automation_admin.gui.tabs.findings.summary import describe_filter
from automation_admin.gui.worker import JobError
from automation_admin.models.findings import service as findings_data
from automation_admin.models.schema.enums import FindingStatus
from automation_admin.models.store.vault import Vault

# Newest, most relevant and most urgent first when a column is first clicked.
DESCENDING_FIRST = ("discovered", "relevance", "urgency")


class FindingsPresenter(QObject):
    counted = Signal()  # `counts` and `count` changed (None while counting again)
    badge = Signal(int)  # new critical and action-needed findings
    detail_loaded = Signal(object)  # FindingDetail | None
    notes_saved = Signal(object, str)  # what was stored (redacted), and what was typed
    triaged = Signal(int)  # the row the triaged selection started at: move on from it
    reload_wanted = Signal()  # the data changed underneath: read the form and reload
    rows_changed = Signal()  # a triage was refused because rows changed: show them as they are
    message = Signal(str)

    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = FindingsModel()
        self.query = findings_data.FindingQuery()
        self.counts: dict[str, int] | None = None
        self.count: int | None = None  # findings matching the query; None while counting
        # The badge: new critical and action-needed findings, every filter off.
        self.urgent: int | None = None
        self.count_rowid: int | None = None  # the largest rowid the counts include
        self.selected_id: str | None = None
        self.detail: findings_data.FindingDetail | None = None
        self.undo_stack: list[findings_data.Undo] = []
        self.provider_names: dict[str, str] = {}

    # ---- the list --------------------------------------------------------------------

    def set_provider_names(self, names: dict[str, str]) -> None:
        self.provider_names = names
        self.model.provider_names = names

    def reload(self, query: findings_data.FindingQuery, selected_id: str | None = None) -> None:
        """List `query` from its first page, counting in the background. `selected_id`: the
        finding to select again once it is listed (else the one selected before)."""
        self.query = query
        self.selected_id = selected_id or self.selected_id
        self.model.now = datetime.now(UTC)
        self.model.restart(self.jobs.pages(findings_data.page, query, limit=self.model.page_rows))
        self.count = None
        self.counted.emit()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        self.count_rowid = None
        self.jobs.run(count_findings, self.query, done=self._counts_loaded, key="findings.counts")

    def _counts_loaded(self, data: dict[str, Any]) -> None:
        self._show_counts(data["counts"], data["urgent"], data["rowid"])

    def _show_counts(self, counts: dict[str, int], urgent: int, rowid: int | None) -> None:
        self.counts, self.urgent, self.count_rowid = counts, urgent, rowid
        statuses = self.query.statuses
        self.count = sum(counts[s] for s in statuses) if statuses else sum(counts.values())
        self.counted.emit()
        self.badge.emit(urgent)

    def live_counts(self, only_added: bool) -> None:
        """Another program wrote findings. Only added: count the rows written since the counts
        were taken and add them (a large vault is not counted again); else count again."""
        since, query = self.count_rowid, self.query
        if not only_added or since is None or self.counts is None or self.urgent is None:
            self.refresh_counts()
            return

        def add(data: dict[str, Any]) -> None:
            if self.count_rowid != since or self.query != query or self.counts is None:
                return  # counted again meanwhile: that answer is the newer one
            counts = {k: v + data["counts"].get(k, 0) for k, v in self.counts.items()}
            self._show_counts(counts, (self.urgent or 0) + data["urgent"], data["rowid"])

        self.jobs.run(count_findings, query, since, done=add, key="findings.count_added")

    def summary(self) -> str:
        provider = self.provider_names.get(self.query.provider or "")
        return describe_filter(self.query, self.count, provider)

    def sort_by(self, key: str) -> bool:
        """Sort by `key` (again: the other way round); True when newest or largest first.
        The caller reloads."""
        if self.query.sort == key:
            descending = not self.query.descending
        else:
            descending = key in DESCENDING_FIRST
        if key == "urgency":
            key = "triage"  # urgency sorts by severity, then relevance and recency
        self.query = replace(self.query, sort=key, descending=descending)
        return descending

    # ---- one finding -----------------------------------------------------------------

    def show(self, finding_id: str) -> None:
        self.selected_id = finding_id
        self.jobs.run(
            findings_data.detail, finding_id, done=self._detail_loaded, key="findings.detail"
        )

    def recheck_detail(self) -> None:
        """The vault changed: read the finding shown again, and show it only if it changed
        (so the detail pane does not jump back to its top for nothing)."""
        shown = self.detail
        if shown is None:
            return
        finding_id = shown.row["id"]

        def reread(info: findings_data.FindingDetail | None) -> None:
            if self.detail is shown and (info is None or info.row != shown.row):
                self._detail_loaded(info)
                if info is None:
                    self.message.emit("The finding shown was deleted by another program.")

        self.jobs.run(findings_data.detail, finding_id, done=reread, key="findings.detail")

    def open(self, finding_id: str) -> int | None:
        """Another tab asked for this finding: its row if it is listed (the caller selects
        it), else its detail is read and shown on its own."""
        self.selected_id = finding_id
        row = self.model.row_of(finding_id)
        if row is None:
            self.jobs.run(
                findings_data.detail, finding_id, done=self._opened, key="findings.detail"
            )
        return row

    def _opened(self, info: findings_data.FindingDetail | None) -> None:
        self._detail_loaded(info)
        if info is None:  # a notification can outlive its row
            self.message.emit("That finding is no longer in the vault: another program deleted it.")

    def clear_detail(self) -> None:
        self._detail_loaded(None)

    def _detail_loaded(self, info: findings_data.FindingDetail | None) -> None:
        self.detail = info
        self.detail_loaded.emit(info)

    def save_notes(self, text: str) -> bool:
        """Save the notes of the finding shown; False when none is shown."""
        if self.detail is None:
            return False
        finding_id = self.detail.row["id"]

        def saved(stored: str | None) -> None:
            if self.detail is not None and self.detail.row["id"] == finding_id:
                self.detail.row["user_notes"] = stored
                self.notes_saved.emit(stored, text)

        self.jobs.run(findings_data.save_notes, finding_id, text, done=saved)
        return True

    # ---- triage ----------------------------------------------------------------------

    def triage(
        self,
        status: FindingStatus,
        ids: list[str] | None,
        reason: str | None = None,
        comment: str | None = None,
        from_row: int = -1,
        seen: dict[str, str] | None = None,
        confirmed: tuple[int, int | None] | None = None,
    ) -> None:
        """Move `ids` (None: every finding matching the query) to `status`, undoably. `seen`:
        the status each one showed; if another program changed one since, nothing moves.
        `confirmed` (with ids None): the count the person agreed to and the largest rowid it
        included, so rows written since are not triaged unseen."""

        def acted(result: findings_data.TriageResult) -> None:
            self.undo_stack.append(result.undo)
            self.message.emit(f"{result.undo.description}. Ctrl+Z undoes.")
            self._apply({fid: result.undo.to_status for fid, _s, _r in result.undo.previous})
            self.triaged.emit(from_row)
            self.refresh_counts()

        def refused(error: JobError) -> None:
            self.jobs.failed(error)
            self.rows_changed.emit()
            if ids is None:
                self.refresh_counts()  # the count confirmed is out of date

        self.jobs.run(
            triage_findings,
            ids,
            self.query,
            status,
            reason,
            comment,
            seen,
            confirmed,
            done=acted,
            key="findings.triage",
            failed=refused,
        )

    def undo(self) -> None:
        if not self.undo_stack:
            self.message.emit("Nothing to undo.")
            return
        record = self.undo_stack.pop()

        def undone(count: int) -> None:
            left = len(record.previous) - count
            note = f" ({left:,} changed by another program since were left as they are)"
            self.message.emit(f"Undone: {record.description}{note if left else ''}.")
            if left:
                self.rows_changed.emit()
            else:
                self._apply({fid: status for fid, status, _r in record.previous})
            self.refresh_counts()

        self.jobs.run(findings_data.undo, record, done=undone)

    def _apply(self, statuses: dict[str, str]) -> None:
        """The rows stay where they are with their new status (a reload hides them), so the
        list does not jump under the keyboard."""
        for row, finding in list(self.model.cached()):
            if finding.id in statuses:
                self.model.replace_row(row, replace(finding, status=statuses[finding.id]))

    def delete_dismissed(self) -> None:
        def deleted(count: int) -> None:
            self.message.emit(f"Deleted {count:,} dismissed findings.")
            self.reload_wanted.emit()

        self.jobs.run(findings_data.delete_dismissed, done=deleted)


def count_findings(
    vault: Vault, query: findings_data.FindingQuery, after_rowid: int | None = None
) -> dict[str, Any]:
    """The counts by status (for the chips), the urgent new findings (for the badge) and the
    largest rowid they include; `after_rowid`: only the rows written since."""
    counted = findings_data.counts(vault, query, after_rowid)
    return {"counts": counted.by_status, "urgent": counted.urgent, "rowid": counted.rowid}


def triage_findings(
    vault: Vault,
    ids: list[str] | None,
    query: findings_data.FindingQuery,
    status: FindingStatus,
    reason: str | None,
    comment: str | None,
    seen: dict[str, str] | None = None,
    confirmed: tuple[int, int | None] | None = None,
) -> findings_data.TriageResult:
    """`ids`, or (None) every finding matching `query` that the person confirmed (as the
    worker finds them now, when no count was confirmed)."""
    if ids is None and confirmed is not None:
        return findings_data.set_status_matching(vault, query, status, reason, comment, confirmed)
    chosen = ids if ids is not None else findings_data.matching_ids(vault, query)
    return findings_data.set_status(vault, chosen, status, reason, comment, seen)
