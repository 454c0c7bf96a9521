"""Provider selectors, paged from SQL: broken first, the current version marked, the value in
a monospace font and the result of the offline syntax check."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from automation_admin.gui.formatting import exact, monospace_font, relative, status_icon, words
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.gui.resources import icon
from automation_admin.models.library.selectors import SelectorRow, SyntaxCheck

KIND_WORDS = {"css": "CSS", "xpath": "XPath", "json_path": "JSON path"}


def syntax_icon(check: SyntaxCheck) -> Any:
    return icon({True: "ok", False: "error", None: "unknown"}[check.ok])


class SelectorsModel(PagedModel):
    columns = (
        "Provider",
        "Data type",
        "Version",
        "Type",
        "Selector",
        "Status",
        "Verified",
        "Syntax",
    )

    def __init__(self) -> None:
        super().__init__()
        self.provider_names: dict[str, str] = {}
        self.now = datetime.now(UTC)
        self.mono = monospace_font()
        self.bold = QFont()
        self.bold.setBold(True)

    def row_data(self, row: SelectorRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.provider_names.get(row.provider_id, row.provider_id),
                words(row.data_type),
                f"v{row.version} · current" if row.current else f"v{row.version}",
                KIND_WORDS.get(row.kind, row.kind),
                row.value,
                words(row.status),
                relative(row.verified_at, self.now) if row.verified_at else "never",
                row.syntax.message,
            )[column]
        if role == Qt.ItemDataRole.DecorationRole:
            if column == 5:
                return status_icon(row.status)
            if column == 7:
                return syntax_icon(row.syntax)
        if role == Qt.ItemDataRole.FontRole:
            if column == 4:
                return self.mono
            if column == 2 and row.current:
                return self.bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 4:
                return row.value
            if column == 6 and row.verified_at:
                return exact(row.verified_at)
            if column == 7:
                return row.syntax.message
            if column == 2:
                return "The newest version" if row.current else "An earlier version"
        return None
