"""Checkpoint decisions and the automation audit trail, both paged from SQL, newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from automation_admin.gui.formatting import exact, relative, status_icon, words
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.gui.resources import icon
from automation_admin.gui.widgets.json_tree import json_summary
from automation_admin.models.checkpoints.service import AuditRow, CheckpointRow

COLUMNS = (
    "Decided",
    "Type",
    "Description",
    "Proposed action",
    "Decision",
    "Script",
    "Provider",
    "Notes",
)
# Header column -> the data layer's sort key.
SORT_KEYS = ("decided", "type", "description", "action", "decision", "script", "provider", "notes")
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
            return (
                relative(row.decided_at, self.now),
                words(row.type),
                row.description,
                row.proposed_action,
                words(row.decision),
                row.script_title or "(script not found)",
                self.provider_names.get(row.provider_id or "", row.provider_id or ""),
                "yes" if row.has_notes else "",
            )[column]
        if role == Qt.ItemDataRole.DecorationRole:
            if column == 1:
                return type_icon(row.type)
            if column == 4:
                return status_icon(row.decision)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return exact(row.decided_at)
            notes = "This decision has notes" if row.has_notes else "No notes"
            return {2: row.description, 3: row.proposed_action, 5: row.script_title, 7: notes}.get(
                column
            )
        return None


def event_words(event_type: str) -> str:
    """`automation.script.approved` -> `script approved`; `automation.enabled` keeps its
    first word, which alone says what was enabled."""
    rest = event_type.removeprefix("automation.")
    return words((rest if "." in rest else event_type).replace(".", " "))


class AuditModel(PagedModel):
    columns = ("When", "Event", "Details")

    def __init__(self) -> None:
        super().__init__()
        self.now = datetime.now(UTC)

    def row_data(self, row: AuditRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return relative(row.created_at, self.now)
            return event_words(row.event_type) if column == 1 else json_summary(row.metadata)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return exact(row.created_at)
            return row.event_type if column == 1 else json_summary(row.metadata)
        return None
