"""Columns of a list as one table: title, starting width and the data layer's sort key, so a
model's columns, the view's widths and the header's sorting cannot drift apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

# headerData(section, Horizontal, SortKeyRole): the data layer's sort key for that column, or
# None when the list does not sort by it. Lists sort in SQL; the header only names the key.
SortKeyRole = Qt.ItemDataRole.UserRole + 20


@dataclass(frozen=True)
class Column:
    title: str
    width: int | None = None  # pixels the view starts with (None: Qt's default)
    sort: str | None = None


def widths(columns: Sequence[Column]) -> list[int | None]:
    return [column.width for column in columns]


class ColumnHeaders:
    """Mix in before the Qt model class: headerData answers from `columns`."""

    columns: tuple[Column, ...] = ()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == SortKeyRole:
            return self.columns[section].sort
        return None
