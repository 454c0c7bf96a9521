"""Keys grouped by provider: a two-level tree of the Dashboard's key list (never the values)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from automation_admin.gui.formatting import (
    exact,
    money,
    relative,
    status_colour,
    status_icon,
    words,
)
from automation_admin.gui.qtmodels.headers import Column, ColumnHeaders
from automation_admin.models.dashboard.service import KeyRow
from automation_admin.models.store.timeutil import parse_timestamp

Index = QModelIndex | QPersistentModelIndex
# The list is small and held whole, so the view sorts it (by SortRole), not SQL. What matters
# most comes first; the view drops the last columns when the list is narrow (OPTIONAL).
COLUMNS = (
    Column("Key", 190),
    Column("Health", 92),
    Column("Freshness", 86),
    Column("Usage", 66),
    Column("Cost", 96),
    Column("Service", 112),
    Column("Collected", 92),
)
(
    COL_KEY,
    COL_HEALTH,
    COL_FRESHNESS,
    COL_USAGE,
    COL_COST,
    COL_SERVICE,
    COL_COLLECTED,
) = range(len(COLUMNS))
OPTIONAL = (COL_SERVICE, COL_COLLECTED)  # shown while the list is wide enough, in this order
KeyRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2  # a cell's native value (numbers as numbers)
# internalId is unsigned: groups carry 0, keys carry their group's row + 1.
_GROUP = 0


class KeysModel(ColumnHeaders, QAbstractItemModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[tuple[str, str]] = []  # (provider id, name)
        self.keys_by_provider: dict[str, list[KeyRow]] = {}
        self.now = datetime.now()

    def set_rows(self, rows: list[KeyRow], now: str) -> None:
        self.beginResetModel()
        self.now = parse_timestamp(now)
        self.keys_by_provider = {}
        for row in rows:
            self.keys_by_provider.setdefault(row.provider_id, []).append(row)
        names = {r.provider_id: r.provider_name for r in rows}
        self.groups = sorted(names.items(), key=lambda item: item[1].lower())
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], "1970-01-01T00:00:00Z")

    def update_rows(self, rows: list[KeyRow], now: str) -> bool:
        """The same keys read again: their values replaced in place (no reset, so the view
        keeps its selection, expansion and scroll). False when keys came, went or moved to
        another provider: the caller sets the rows instead."""
        grouped: dict[str, list[KeyRow]] = {}
        for row in rows:
            grouped.setdefault(row.provider_id, []).append(row)
        names = {r.provider_id: r.provider_name for r in rows}
        if sorted(names.items(), key=lambda item: item[1].lower()) != self.groups or any(
            [r.secret_id for r in grouped[pid]] != [r.secret_id for r in self.keys_by_provider[pid]]
            for pid, _name in self.groups
        ):
            return False
        self.now = parse_timestamp(now)
        for group, (provider_id, _name) in enumerate(self.groups):
            old, new = self.keys_by_provider[provider_id], grouped[provider_id]
            self.keys_by_provider[provider_id] = new
            changed = [n for n, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
            if changed:
                parent = self.index(group, 0)
                self.dataChanged.emit(
                    self.index(min(changed), 0, parent),
                    self.index(max(changed), len(COLUMNS) - 1, parent),
                )
        return True

    def aged(self, now: datetime) -> None:
        """Time passed: "5 min ago" and freshness are said again (rows changed in place)."""
        self.now = now
        for group, (provider_id, _name) in enumerate(self.groups):
            rows = self.keys_by_provider[provider_id]
            if rows:
                parent = self.index(group, 0)
                self.dataChanged.emit(
                    self.index(0, min(COL_FRESHNESS, COL_COLLECTED), parent),
                    self.index(len(rows) - 1, max(COL_FRESHNESS, COL_COLLECTED), parent),
                )

    def row_for(self, index: Index) -> KeyRow | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        provider_id = self.groups[index.internalId() - 1][0]
        rows = self.keys_by_provider[provider_id]
        return rows[index.row()] if index.row() < len(rows) else None

    # ---- structure -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self.keys_by_provider[self.groups[parent.row()][0]])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    # ---- data ------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            provider_id, name = self.groups[index.row()]
            if index.column() == COL_KEY and role in (Qt.ItemDataRole.DisplayRole, SortRole):
                return (
                    f"{name} ({len(self.keys_by_provider[provider_id])})"
                    if (role == Qt.ItemDataRole.DisplayRole)
                    else name.lower()
                )
            return None
        row = self.row_for(index)
        if row is None:
            return None
        column = index.column()
        if role == KeyRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_HEALTH:
                return status_icon(row.health)
            if column == COL_SERVICE:
                return status_icon(row.service)
            if column == COL_FRESHNESS:
                return status_icon(row.staleness)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_FRESHNESS:
            return status_colour(row.staleness)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_COLLECTED:
                return exact(row.collected_at) or "Never collected"
            if column == COL_KEY:
                return f"{row.key_name}\n{row.error}" if row.error else row.key_name
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_USAGE, COL_COST):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: KeyRow, column: int) -> str:
        if column == COL_KEY:
            return row.key_name
        if column == COL_HEALTH:
            return words(row.health)
        if column == COL_SERVICE:
            return words(row.service)
        if column == COL_COLLECTED:
            return relative(row.collected_at, self.now)
        if column == COL_FRESHNESS:
            return row.staleness
        if column == COL_USAGE:
            return "" if row.usage_percent is None else f"{row.usage_percent:.1f} %"
        return money(row.cost, row.currency)

    def _sort_value(self, row: KeyRow, column: int) -> str | float:
        if column == COL_KEY:
            return row.key_name.lower()
        if column == COL_HEALTH:
            return row.health
        if column == COL_SERVICE:
            return row.service
        if column == COL_COLLECTED:
            return row.collected_at or ""
        if column == COL_FRESHNESS:
            return row.staleness
        if column == COL_USAGE:
            return -1.0 if row.usage_percent is None else row.usage_percent
        return -1.0 if row.cost is None else row.cost


class KeyFilter(StrEnum):
    """The status filter over the key list, by what it reads as."""

    ALL = "All statuses"
    HEALTHY = "Healthy"
    WARNINGS = "Warnings"
    FAILING = "Failing or stale"
    EXPIRING = "Expiring soon"


STATUS_FILTERS = tuple(KeyFilter)


class KeysFilter(QSortFilterProxyModel):
    """Provider, project, status and name filters over the (small) key list."""

    def __init__(self) -> None:
        super().__init__()
        self.setRecursiveFilteringEnabled(True)
        self.setSortRole(SortRole)
        self.provider: str | None = None
        self.project: str | None = None
        self.status: str = KeyFilter.ALL
        self.text = ""
        self.today = datetime.now().date()

    def set_filter(
        self,
        provider: str | None = None,
        project: str | None = None,
        status: str | None = None,
        text: str | None = None,
    ) -> None:
        self.beginFilterChange()
        if provider is not None:
            self.provider = provider or None
        if project is not None:
            self.project = project or None
        if status is not None:
            self.status = status
        if text is not None:
            self.text = text.strip().lower()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = cast(KeysModel, self.sourceModel())
        if not source_parent.isValid():
            return False  # groups show when one of their keys does (recursive filtering)
        row = model.row_for(model.index(source_row, 0, source_parent))
        if row is None:
            return False
        if self.provider and row.provider_id != self.provider:
            return False
        if self.project and self.project not in row.projects:
            return False
        if self.text and self.text not in row.key_name.lower():
            return False
        if self.status == KeyFilter.HEALTHY:
            return row.health == "valid" and row.staleness != "stale"
        if self.status == KeyFilter.WARNINGS:
            return bool(row.warnings)
        if self.status == KeyFilter.FAILING:
            return row.staleness == "stale"
        if self.status == KeyFilter.EXPIRING:
            days = row.days_to_expiry(model.now.date())
            return days is not None and 0 <= days <= 14
        return True
