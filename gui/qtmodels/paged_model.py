"""A table model over a keyset-paged query, in flat memory however long the list is.

Pages are a fixed number of rows. The model keeps every page's starting cursor (a few bytes
a page) and the rows of the most recently used pages only; a row whose page was evicted
shows "…" and is fetched again from its cursor. `fetchMore` reaches new pages as the view
scrolls; a new query (`restart`) bumps a generation so a superseded query's pages are dropped.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from automation_admin.gui.qtmodels.headers import Column, ColumnHeaders

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1
PAGE_ROWS = 200
KEEP_PAGES = 40
# A cell's text and tooltip as shown: Qt lays out and elides the whole text at every paint,
# and another program may write 10 MB into a title (seconds of a frozen window).
CELL_CHARS = 2000
# fetch(cursor, deliver): ask the worker for the page starting at `cursor`; the worker's
# answer calls deliver(rows, next_cursor).
Fetcher = Callable[[Any, Callable[[list[Any], Any], None]], None]


class PagedModel(ColumnHeaders, QAbstractTableModel):
    columns: tuple[Column, ...] = ()
    page_loaded = Signal(bool)  # True for the first page of a query
    page_rows = PAGE_ROWS
    keep_pages = KEEP_PAGES

    def __init__(self) -> None:
        super().__init__()
        self._fetch: Fetcher | None = None
        self._reset_state()

    def _reset_state(self) -> None:
        self._starts: list[Any] = [None]  # cursor where each known page starts
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._count = 0
        self._more = False
        self._appending = False
        self._pending: set[int] = set()
        self._generation = getattr(self, "_generation", 0) + 1

    # ---- queries ---------------------------------------------------------------------

    def restart(self, fetch: Fetcher) -> None:
        self.beginResetModel()
        self._reset_state()
        self._fetch = fetch
        self._more = True
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def clear(self) -> None:
        self.beginResetModel()
        self._reset_state()
        self._fetch = None
        self.endResetModel()

    def refill(self, pages: list[tuple[list[Any], Any]]) -> None:
        """The same query read again from its start (`pages`: each page's rows and the cursor
        after it), replacing what is held; later pages are fetched again as the view scrolls.
        A reset: the caller puts the selection and the scroll position back."""
        fetch = self._fetch
        self.beginResetModel()
        self._reset_state()
        self._fetch = fetch
        for number, (rows, cursor) in enumerate(pages):
            self._remember(number, list(rows))
            self._count += len(rows)
            self._more = cursor is not None and len(rows) == self.page_rows
            if not self._more:
                break
            self._starts.append(cursor)
        self.endResetModel()

    @property
    def generation(self) -> int:
        """Bumped by every restart and refill: an answer asked for before is out of date."""
        return self._generation

    @property
    def loading(self) -> bool:
        return self._appending or bool(self._pending)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid() and self._more and not self._appending and self._fetch is not None
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        self._appending = True
        number, generation = len(self._starts) - 1, self._generation

        def deliver(rows: list[Any], cursor: Any) -> None:
            if generation != self._generation:
                return  # a newer query started: these rows belong to the old one
            self._appending = False
            self._more = cursor is not None and len(rows) == self.page_rows
            if self._more:
                self._starts.append(cursor)
            if rows:
                self.beginInsertRows(QModelIndex(), self._count, self._count + len(rows) - 1)
                self._remember(number, rows)
                self._count += len(rows)
                self.endInsertRows()
            self.page_loaded.emit(number == 0)

        self._fetch(self._starts[number], deliver)

    def _remember(self, number: int, rows: list[Any]) -> None:
        self._pages[number] = rows
        self._pages.move_to_end(number)
        while len(self._pages) > self.keep_pages:
            self._pages.popitem(last=False)

    def _request(self, number: int) -> None:
        """Fetch an evicted page again, then repaint its rows."""
        if number in self._pending or self._fetch is None or number >= len(self._starts):
            return
        self._pending.add(number)
        generation = self._generation

        def deliver(rows: list[Any], _cursor: Any) -> None:
            if generation != self._generation:
                return
            self._pending.discard(number)
            self._remember(number, rows)
            first = number * self.page_rows
            self.dataChanged.emit(
                self.index(first, 0), self.index(first + len(rows) - 1, len(self.columns) - 1)
            )

        self._fetch(self._starts[number], deliver)

    # ---- rows ------------------------------------------------------------------------

    def row_at(self, row: int) -> Any:
        """The row object, or None while its page is being fetched again."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, self.page_rows)
        page = self._pages.get(number)
        if page is None:
            self._request(number)
            return None
        self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def cached(self) -> Iterator[tuple[int, Any]]:
        """(row number, row) for every row held in memory now, in list order."""
        for number in sorted(self._pages):
            for offset, value in enumerate(self._pages[number]):
                yield number * self.page_rows + offset, value

    def row_of(self, item_id: str | None) -> int | None:
        """The row number of the row in memory whose `id` is `item_id`, if there is one."""
        return next((n for n, value in self.cached() if value.id == item_id), None)

    def replace_row(self, row: int, value: Any) -> None:
        number, offset = divmod(row, self.page_rows)
        page = self._pages.get(number)
        if page is not None and offset < len(page):
            page[offset] = value
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    @property
    def pages_in_memory(self) -> int:
        return len(self._pages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:  # its page is being fetched again
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == RowRole:
            return row
        value = self.row_data(row, index.column(), role)
        if isinstance(value, str) and len(value) > CELL_CHARS:
            return value[: CELL_CHARS - 1] + "…"
        return value

    def row_data(self, row: Any, column: int, role: int) -> Any:
        """One cell of a loaded row; subclasses say what their columns show."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)
