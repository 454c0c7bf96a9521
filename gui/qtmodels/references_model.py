"""The reference library's sources (a short list from manifest.db) and their last check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from automation_admin.gui.formatting import exact, monospace_font
from automation_admin.gui.qtmodels.headers import ColumnHeaders
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.resources import icon
from automation_admin.models.library.references import LibrarySource

Index = QModelIndex | QPersistentModelIndex
VERDICTS = {
    "match": ("ok", "matches the manifest"),
    "mismatch": ("error", "changed since download"),
    "missing": ("warning", "missing on disk"),
    "checking": ("pending", "checking…"),
}


def size_words(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value):,} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{size:,} bytes"


class ReferencesModel(ColumnHeaders, QAbstractTableModel):
    columns = (
        "Source",
        "URL",
        "Commit",
        "Downloaded",
        "Local path",
        "Files",
        "Size",
        "Checksum (SHA-256)",
        "On disk",
    )

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[LibrarySource] = []
        self.verdicts: dict[str, str] = {}
        self.mono = monospace_font()

    def set_sources(self, sources: list[LibrarySource]) -> None:
        self.beginResetModel()
        self.sources = sources
        self.verdicts = {k: v for k, v in self.verdicts.items() if k in {s.id for s in sources}}
        self.endResetModel()

    def set_verdict(self, source_id: str, verdict: str) -> None:
        self.verdicts[source_id] = verdict
        for row, source in enumerate(self.sources):
            if source.id == source_id:
                last = len(self.columns) - 1
                self.dataChanged.emit(self.index(row, last), self.index(row, last))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sources)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        source = self.sources[index.row()]
        column = index.column()
        verdict = self.verdicts.get(source.id)
        if role == RowRole:
            return source
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                source.source_name,
                source.source_url,
                source.commit_sha[:12],
                exact(source.downloaded_at),
                source.local_path,
                f"{source.file_count:,}",
                size_words(source.total_size_bytes),
                source.checksum[:16] + "…",
                VERDICTS[verdict][1] if verdict else "not checked",
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 8:
            return icon(VERDICTS[verdict][0] if verdict else "unknown")
        if role == Qt.ItemDataRole.FontRole and column in (2, 7):
            return self.mono
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2:
                return source.commit_sha
            if column == 7:
                return source.checksum
            if column == 6:
                return f"{source.total_size_bytes:,} bytes"
        return None
