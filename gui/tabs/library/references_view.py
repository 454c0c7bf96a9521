"""The reference library: what was downloaded, and whether it is still what was downloaded."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.headers import widths
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.qtmodels.references_model import (
    COL_URL,
    COLUMNS,
    VERDICTS,
    ReferencesModel,
)
from automation_admin.gui.widgets.list_table import empty_state, list_table
from automation_admin.gui.widgets.row_keys import install_row_keys
from automation_admin.models.library.references import LibrarySource, ReferenceLibrary
from automation_admin.models.store.errors import AdminError
from automation_admin.models.store.paths import DataLayout


class ReferencesView(QWidget):
    message = Signal(str)

    def __init__(self, jobs: Jobs, layout: DataLayout) -> None:
        super().__init__()
        self.jobs = jobs
        self.library = ReferenceLibrary(layout)
        self.model = ReferencesModel()
        self.table = list_table(
            "Reference library sources",
            self.model,
            widths(COLUMNS),
            stretch=COL_URL,
            alternating=False,
        )
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        install_row_keys(self.table)
        self.folder = QLabel(f"Library folder: {self.library.folder}")
        self.folder.setProperty("role", "hint")
        self.folder.setAccessibleName("Library folder")
        self.empty = empty_state(
            "No reference sources yet. They appear here when the automation assistant "
            "downloads documentation or example code to learn from."
        )
        self.verify_button = QPushButton("Verify")
        self.verify_button.setAccessibleName("Verify")
        self.verify_button.setToolTip("Recompute the SHA-256 of the selected source on disk")
        self.verify_button.clicked.connect(self.verify_selected)
        self.verify_all_button = QPushButton("Verify all")
        self.verify_all_button.setAccessibleName("Verify all")
        self.verify_all_button.clicked.connect(self.verify_all)
        self.open_button = QPushButton("Open folder")
        self.open_button.setAccessibleName("Open folder")
        self.open_button.setToolTip("Show the selected source's folder in the file manager")
        self.open_button.clicked.connect(self.open_folder)
        actions = QHBoxLayout()
        for button in (self.verify_button, self.verify_all_button, self.open_button):
            actions.addWidget(button)
        actions.addStretch()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.folder)
        column.addWidget(self.empty)
        column.addWidget(self.table, 1)
        column.addLayout(actions)
        self._enable()

    def load(self) -> None:
        self.jobs.run_without_vault(
            self.library.sources, done=self._loaded, key="library.references"
        )

    def _loaded(self, sources: list[LibrarySource]) -> None:
        self.model.set_sources(sources)
        self.empty.setVisible(not sources)
        if sources and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> LibrarySource | None:
        source: LibrarySource | None = self.table.currentIndex().data(RowRole)
        return source

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.verify_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)
        self.verify_all_button.setEnabled(bool(self.model.sources))

    def verify_selected(self) -> None:
        source = self.selected()
        if source is not None:
            self._verify(source)

    def verify_all(self) -> None:
        for source in self.model.sources:
            self._verify(source)

    def _verify(self, source: LibrarySource) -> None:
        self.model.set_verdict(source.id, "checking")

        def done(verdict: str) -> None:
            self.model.set_verdict(source.id, verdict)
            self.message.emit(f"{source.source_name}: {VERDICTS[verdict][1]}.")

        self.jobs.run_without_vault(self.library.verify, source, done=done)

    def open_folder(self) -> None:
        source = self.selected()
        if source is None:
            return
        try:
            target = self.library.resolve(source.local_path)
        except AdminError as exc:
            self.message.emit(str(exc))
            return
        if not target.exists():
            self.message.emit(f"{source.source_name} is missing on disk: {target}")
            return
        folder = target if target.is_dir() else target.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.message.emit(f"No file manager opened {folder}.")
