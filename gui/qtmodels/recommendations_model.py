"""Recommendations as a tree: one row per project (with counts), its recommendations below,
each group paged from SQL as it is expanded and scrolled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from automation_admin.gui.formatting import status_icon, words
from automation_admin.gui.qtmodels.headers import Column, ColumnHeaders
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.resources import icon
from automation_admin.models.library.recommendations import ProjectGroup, Recommendation

Index = QModelIndex | QPersistentModelIndex
# fetch(project, cursor, deliver): the worker's answer calls deliver(rows, next_cursor).
GroupFetcher = Callable[[str, Any, Callable[[list[Recommendation], Any], None]], None]
GROUP = 0  # internalId of a project row; a recommendation's is its group's row + 1
# Groups keep their project order; only the match score sorts (within each group).
COLUMNS = (
    Column("Requirement", 330),
    Column("Recommended service", 170),
    Column("Capability", 170),
    Column("Free tier", 130),
    Column("Match", 60, "score"),
    Column("Status", 100),
)
(
    COL_REQUIREMENT,
    COL_SERVICE,
    COL_CAPABILITY,
    COL_FREE_TIER,
    COL_MATCH,
    COL_STATUS,
) = range(len(COLUMNS))


def free_tier_words(value: bool | None) -> str:
    return {True: "free tier", False: "no free tier", None: "free tier unknown"}[value]


def free_tier_icon(value: bool | None) -> Any:
    # No free tier is a cost to weigh, not an error: amber, not red.
    return icon({True: "ok", False: "warning", None: "unknown"}[value])


class RecommendationsModel(ColumnHeaders, QAbstractItemModel):
    columns = COLUMNS
    page_rows = 100

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[ProjectGroup] = []
        self.group_rows: list[list[Recommendation]] = []
        self._cursors: list[Any] = []
        self._more: list[bool] = []
        self._loading: set[int] = set()
        self._fetch: GroupFetcher | None = None
        self._generation = 0

    def restart(self, groups: list[ProjectGroup], fetch: GroupFetcher) -> None:
        self.beginResetModel()
        self._generation += 1
        self.groups = groups
        self.group_rows = [[] for _ in groups]
        self._cursors = [None for _ in groups]
        self._more = [g.count > 0 for g in groups]
        self._loading = set()
        self._fetch = fetch
        self.endResetModel()

    @property
    def loading(self) -> bool:
        return bool(self._loading)

    # ---- structure -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == GROUP and parent.column() == 0:
            return len(self.group_rows[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.columns)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self.groups)
        if parent.internalId() == GROUP and parent.column() == 0:
            return self.groups[parent.row()].count > 0
        return False

    def canFetchMore(self, parent: Index) -> bool:
        if not parent.isValid() or parent.internalId() != GROUP or self._fetch is None:
            return False
        row = parent.row()
        return self._more[row] and row not in self._loading

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        row, generation = parent.row(), self._generation
        self._loading.add(row)

        def deliver(rows: list[Recommendation], cursor: Any) -> None:
            if generation != self._generation:
                return
            self._loading.discard(row)
            self._cursors[row] = cursor
            self._more[row] = cursor is not None
            if rows:
                group = self.index(row, 0)
                first = len(self.group_rows[row])
                self.beginInsertRows(group, first, first + len(rows) - 1)
                self.group_rows[row].extend(rows)
                self.endInsertRows()

        self._fetch(self.groups[row].project, self._cursors[row], deliver)

    def replace(self, updated: Recommendation) -> None:
        for group, rows in enumerate(self.group_rows):
            for number, row in enumerate(rows):
                if row.id == updated.id:
                    rows[number] = updated
                    parent = self.index(group, 0)
                    self.dataChanged.emit(
                        self.index(number, 0, parent),
                        self.index(number, len(self.columns) - 1, parent),
                    )

    # ---- data ------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == GROUP:
            group = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == COL_REQUIREMENT:
                new = f", {group.new:,} new" if group.new else ""
                return f"{group.name} ({group.count:,}{new})"
            if role == Qt.ItemDataRole.FontRole and index.column() == COL_REQUIREMENT:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == COL_REQUIREMENT:
                return f"Project {group.name}, {group.count} recommendations"
            return None
        rec = self.group_rows[index.internalId() - 1][index.row()]
        column = index.column()
        if role == RowRole:
            return rec
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(rec, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_FREE_TIER:
                return free_tier_icon(rec.free_tier)
            if column == COL_STATUS:
                return status_icon(rec.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_REQUIREMENT:
                return rec.requirement
            if column == COL_SERVICE:
                return rec.rationale
            if column == COL_CAPABILITY:
                return rec.capability
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_MATCH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, rec: Recommendation, column: int) -> str:
        if column == COL_REQUIREMENT:
            return rec.requirement
        if column == COL_SERVICE:
            return rec.service
        if column == COL_CAPABILITY:
            return rec.capability
        if column == COL_FREE_TIER:
            return free_tier_words(rec.free_tier)
        if column == COL_MATCH:
            return f"{rec.score:.2f}"
        return words(rec.status)
