"""The reference library's sources (a short list from manifest.db) and their last check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from automation_admin.gui.formatting import exact, monospace_font
from automation_admin.gui.qtmodels.headers import Column, ColumnHeaders
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


COLUMNS = (
    Column("Source", 140),
    Column("URL", 280),
    Column("Commit", 110),
    Column("Downloaded", 170),
    Column("Local path", 140),
    Column("Files", 60),
    Column("Size", 90),
    Column("Checksum (SHA-256)", 150),
    Column("On disk", 190),
)
(
    COL_SOURCE,
    COL_URL,
    COL_COMMIT,
    COL_DOWNLOADED,
    COL_PATH,
    COL_FILES,
    COL_SIZE,
    COL_CHECKSUM,
    COL_ON_DISK,
) = range(len(COLUMNS))


def size_words(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value):,} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{size:,} bytes"


class ReferencesModel(ColumnHeaders, QAbstractTableModel):
    columns = COLUMNS

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
                cell = self.index(row, COL_ON_DISK)
                self.dataChanged.emit(cell, cell)

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
            return self._display(source, column, verdict)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_ON_DISK:
            return icon(VERDICTS[verdict][0] if verdict else "unknown")
        if role == Qt.ItemDataRole.FontRole and column in (COL_COMMIT, COL_CHECKSUM):
            return self.mono
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_COMMIT:
                return source.commit_sha
            if column == COL_CHECKSUM:
                return source.checksum
            if column == COL_SIZE:
                return f"{source.total_size_bytes:,} bytes"
        return None

    def _display(self, source: LibrarySource, column: int, verdict: str | None) -> str:
        if column == COL_SOURCE:
            return source.source_name
        if column == COL_URL:
            return source.source_url
        if column == COL_COMMIT:
            return source.commit_sha[:12]
        if column == COL_DOWNLOADED:
            return exact(source.downloaded_at)
        if column == COL_PATH:
            return source.local_path
        if column == COL_FILES:
            return f"{source.file_count:,}"
        if column == COL_SIZE:
            return size_words(source.total_size_bytes)
        if column == COL_CHECKSUM:
            return source.checksum[:16] + "…"
        return VERDICTS[verdict][1] if verdict else "not checked"
