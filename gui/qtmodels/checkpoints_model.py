"""Checkpoint decisions and the automation audit trail, both paged from SQL, newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from gui.formatting import exact, relative, status_icon, words
from gui.qtmodels.paged_model import PagedModel
from gui.resources import icon
from models.checkpoints import AuditRow, CheckpointRow
from models.ids import is_uuid

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
            if column in (2, 3, 5):
                return (row.description, row.proposed_action, row.script_title)[
                    (2, 3, 5).index(column)
                ]
            if column == 7:
                return "This decision has notes" if row.has_notes else "No notes"
        return None


def metadata_summary(row: AuditRow) -> str:
    """The event's scalar metadata in words, in stored order; invalid JSON flagged. Row ids
    are left to the metadata tree: a column of UUIDs reads as noise."""
    value = row.metadata
    if value.present and not value.valid:
        return f"⚠ not valid JSON: {value.raw}"
    if isinstance(value.value, dict):
        parts = []
        for key, item in value.value.items():
            if isinstance(item, list):
                item = f"{len(item)} item(s)"
            elif isinstance(item, dict) or (isinstance(item, str) and is_uuid(item)):
                continue
            parts.append(f"{words(str(key))}: {item}")
        return ", ".join(parts)
    return "" if value.value is None else str(value.value)


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
            return (
                (relative(row.created_at, self.now), event_words(row.event_type))[column]
                if column < 2
                else metadata_summary(row)
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return exact(row.created_at)
            if column == 1:
                return row.event_type
            return metadata_summary(row)
        return None
