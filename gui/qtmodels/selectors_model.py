"""Provider selectors, paged from SQL: broken first, the current version marked, the value in
a monospace font and the result of the offline syntax check."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from automation_admin.gui.formatting import exact, monospace_font, relative, status_icon, words
from automation_admin.gui.qtmodels.headers import Column
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.gui.resources import icon
from automation_admin.models.library.selectors import SelectorRow, SyntaxCheck

KIND_WORDS = {"css": "CSS", "xpath": "XPath", "json_path": "JSON path"}
# Broken first, then by provider, data type and newest version: a fixed order, no sorting.
COLUMNS = (
    Column("Provider", 110),
    Column("Data type", 160),
    Column("Version", 90),
    Column("Type", 80),
    Column("Selector", 300),
    Column("Status", 100),
    Column("Verified", 100),
    Column("Syntax", 260),
)
(
    COL_PROVIDER,
    COL_DATA_TYPE,
    COL_VERSION,
    COL_KIND,
    COL_SELECTOR,
    COL_STATUS,
    COL_VERIFIED,
    COL_SYNTAX,
) = range(len(COLUMNS))


def syntax_icon(check: SyntaxCheck) -> Any:
    return icon({True: "ok", False: "error", None: "unknown"}[check.ok])


class SelectorsModel(PagedModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)
        self.mono = monospace_font()
        self.bold = QFont()
        self.bold.setBold(True)

    def row_data(self, row: SelectorRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_STATUS:
                return status_icon(row.status)
            if column == COL_SYNTAX:
                return syntax_icon(row.syntax)
        if role == Qt.ItemDataRole.FontRole:
            if column == COL_SELECTOR:
                return self.mono
            if column == COL_VERSION and row.current:
                return self.bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _display(self, row: SelectorRow, column: int) -> str:
        if column == COL_PROVIDER:
            return self.provider_names.get(row.provider_id, row.provider_id)
        if column == COL_DATA_TYPE:
            return words(row.data_type)
        if column == COL_VERSION:
            return f"v{row.version} · current" if row.current else f"v{row.version}"
        if column == COL_KIND:
            return KIND_WORDS.get(row.kind, row.kind)
        if column == COL_SELECTOR:
            return row.value
        if column == COL_STATUS:
            return words(row.status)
        if column == COL_VERIFIED:
            return relative(row.verified_at, self.now) if row.verified_at else "never"
        return row.syntax.message

    def _tooltip(self, row: SelectorRow, column: int) -> str | None:
        if column == COL_SELECTOR:
            return row.value
        if column == COL_VERIFIED and row.verified_at:
            return exact(row.verified_at)
        if column == COL_SYNTAX:
            return row.syntax.message
        if column == COL_VERSION:
            return "The newest version" if row.current else "An earlier version"
        return None
