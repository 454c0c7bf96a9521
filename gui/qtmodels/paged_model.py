"""A table model that pages rows in from the database worker (keyset cursor, fetchMore).

The view asks `canFetchMore`/`fetchMore` as it scrolls; one page is requested at a time, and
a new query (`restart`) bumps a generation so a superseded query's pages are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1
# fetch(cursor, deliver(generation, rows, next_cursor)): ask the worker for the next page.
Fetcher = Callable[[Any, Callable[[list[Any], Any], None]], None]


class PagedModel(QAbstractTableModel):
    columns: tuple[str, ...] = ()
    page_loaded = Signal(bool)  # True for the first page of a query

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []
        self._cursor: Any = None
        self._more = False
        self._loading = False
        self._generation = 0
        self._fetch: Fetcher | None = None

    def restart(self, fetch: Fetcher) -> None:
        self._generation += 1
        self.beginResetModel()
        self.rows, self._cursor, self._more, self._loading = [], None, True, False
        self._fetch = fetch
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def clear(self) -> None:
        self._generation += 1
        self._fetch = None
        self.beginResetModel()
        self.rows, self._cursor, self._more, self._loading = [], None, False, False
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading and bool(self._fetch)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        self._loading = True
        generation, first = self._generation, not self.rows

        def deliver(rows: list[Any], cursor: Any) -> None:
            if generation != self._generation:
                return  # a newer query started: these rows belong to the old one
            self._loading = False
            self._cursor, self._more = cursor, cursor is not None
            if rows:
                self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
                self.rows.extend(rows)
                self.endInsertRows()
            self.page_loaded.emit(first)

        self._fetch(self._cursor, deliver)

    @property
    def loading(self) -> bool:
        return self._loading

    def remove_ids(self, ids: set[str]) -> None:
        """Drop rows that no longer match the view (after triage), keeping the rest in place."""
        for row in range(len(self.rows) - 1, -1, -1):
            if self.rows[row].id in ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()

    def replace_row(self, row: int, value: Any) -> None:
        self.rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section]
        return None
