"""Checkpoint decisions and the automation audit trail, both paged from SQL, newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from automation_admin.gui.formatting import exact, json_summary, relative, status_icon, words
from automation_admin.gui.qtmodels.headers import Column
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.gui.resources import icon
from automation_admin.models.checkpoints.service import AuditRow, CheckpointRow
from automation_admin.models.store.event_types import known_words

COLUMNS = (
    Column("Decided", 84, "decided"),
    Column("Type", 112, "type"),
    Column("Description", 200, "description"),
    Column("Proposed action", 150, "action"),
    Column("Decision", 92, "decision"),
    Column("Script", 150, "script"),
    Column("Provider", 100, "provider"),
    Column("Notes", 50, "notes"),
)
(
    COL_DECIDED,
    COL_TYPE,
    COL_DESCRIPTION,
    COL_ACTION,
    COL_DECISION,
    COL_SCRIPT,
    COL_PROVIDER,
    COL_NOTES,
) = range(len(COLUMNS))
# Shown, in this order, while the list is wide enough (the detail pane shows them all).
OPTIONAL = (COL_ACTION, COL_SCRIPT, COL_PROVIDER, COL_NOTES)
# Icon + word for each checkpoint type; the word carries the meaning, the icon helps scanning.
TYPE_ICONS = {
    "financial": "warning",
    "billing": "warning",
    "account": "unlock",
    "api_key": "key",
    "irreversible": "critical",
    "script_review": "info",
}


def type_icon(kind: str) -> Any:
    return icon(TYPE_ICONS.get(kind, "unknown"))


class CheckpointsModel(PagedModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)

    def row_data(self, row: CheckpointRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_TYPE:
                return type_icon(row.type)
            if column == COL_DECISION:
                return status_icon(row.decision)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _display(self, row: CheckpointRow, column: int) -> str:
        if column == COL_DECIDED:
            return relative(row.decided_at, self.now)
        if column == COL_TYPE:
            return words(row.type)
        if column == COL_DESCRIPTION:
            return row.description
        if column == COL_ACTION:
            return row.proposed_action
        if column == COL_DECISION:
            return words(row.decision)
        if column == COL_SCRIPT:
            return row.script_title or "(script not found)"
        if column == COL_PROVIDER:
            return self.provider_names.get(row.provider_id or "", row.provider_id or "")
        return "yes" if row.has_notes else ""

    def _tooltip(self, row: CheckpointRow, column: int) -> str | None:
        if column == COL_DECIDED:
            return exact(row.decided_at)
        if column == COL_DESCRIPTION:
            return row.description
        if column == COL_ACTION:
            return row.proposed_action
        if column == COL_SCRIPT:
            return row.script_title
        if column == COL_NOTES:
            return "This decision has notes" if row.has_notes else "No notes"
        return None


def event_words(event_type: str) -> str:
    """`automation.script.approved` -> `script approved`, the runner's types in their words;
    a type nobody here knows reads as it is written."""
    return known_words(event_type) or event_type


AUDIT_COLUMNS = (Column("When", 120), Column("Event", 220), Column("Details"))
AUDIT_WHEN, AUDIT_EVENT, AUDIT_DETAILS = range(len(AUDIT_COLUMNS))


class AuditModel(PagedModel):
    columns = AUDIT_COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.now = datetime.now(UTC)

    def row_data(self, row: AuditRow, column: int, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        tip = role == Qt.ItemDataRole.ToolTipRole
        if column == AUDIT_WHEN:
            return exact(row.created_at) if tip else relative(row.created_at, self.now)
        if column == AUDIT_EVENT:
            if tip:
                known = known_words(row.event_type) is not None
                return row.event_type + ("" if known else " (a type this version does not know)")
            return event_words(row.event_type)
        return json_summary(row.metadata)
