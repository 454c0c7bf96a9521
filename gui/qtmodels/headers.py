"""Column titles for the horizontal header of a model that lists its `columns`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


class ColumnHeaders:
    """Mix in before the Qt model class: headerData answers from `columns`."""

    columns: tuple[str, ...] = ()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None
