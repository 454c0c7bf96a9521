"""Providers with their editable automation columns; edits are checked in place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from automation_admin.models.settings.providers import check_url
from automation_admin.models.store.errors import ValidationError

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    ("display_name", "Provider"),
    ("dashboard_url", "Dashboard URL"),
    ("api_base_url", "API base URL"),
    ("dashboard_supported", "Dashboard supported"),
    ("discovery_enabled", "Discovery enabled"),
)
TEXT_EDITABLE = {"dashboard_url", "api_base_url"}
URL_COLUMNS = tuple(n for n, (key, _title) in enumerate(COLUMNS) if key in TEXT_EDITABLE)
CHECKABLE = {"dashboard_supported", "discovery_enabled"}
RowRole = Qt.ItemDataRole.UserRole + 1


class ProvidersModel(QAbstractTableModel):
    invalid = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[dict[str, Any]] = []
        self._original: dict[str, dict[str, Any]] = {}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self._original = {r["id"]: dict(r) for r in rows}
        self.endResetModel()

    def changes(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for row in self._rows:
            before = self._original[row["id"]]
            diff = {k: row[k] for k, _ in COLUMNS[1:] if row.get(k) != before.get(k)}
            if diff:
                out[row["id"]] = diff
        return out

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        key = COLUMNS[index.column()][0]
        if key in TEXT_EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        if key in CHECKABLE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        value = row.get(key)
        if key in CHECKABLE:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "Yes" if value else "No"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value or ""
        if role == RowRole:
            return row
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        key = COLUMNS[index.column()][0]
        row = self._rows[index.row()]
        if key in CHECKABLE and role == Qt.ItemDataRole.CheckStateRole:
            row[key] = Qt.CheckState(value) == Qt.CheckState.Checked
        elif key in TEXT_EDITABLE and role == Qt.ItemDataRole.EditRole:
            try:
                row[key] = check_url(key, value)
            except ValidationError as exc:
                self.invalid.emit(f"{row['display_name']}: {exc.detail}")
                return False
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True
