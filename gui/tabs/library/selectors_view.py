"""Provider selectors: every version, broken first, with an offline syntax check."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.formatting import words
from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.headers import widths
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.qtmodels.selectors_model import (
    COL_SELECTOR,
    COLUMNS,
    KIND_WORDS,
    SelectorsModel,
)
from automation_admin.gui.widgets.choices import append_choices, choice_box, enum_box
from automation_admin.gui.widgets.list_table import empty_state, list_table
from automation_admin.gui.widgets.row_keys import install_row_keys
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.models.library import selectors as selectors_data
from automation_admin.models.schema.enums import VERIFICATION_STATUSES


class SelectorsView(QWidget):
    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = SelectorsModel()
        self.provider = choice_box("Selector provider", [("All providers", "")])
        self.status = enum_box("Verification status", "All statuses", VERIFICATION_STATUSES)
        self.current_only = QCheckBox("Current versions only")
        self.current_only.setAccessibleName("Current versions only")
        # What scrapers use now; the older versions are history (mostly broken: that is why
        # they were replaced) and would make everything look broken at first sight.
        self.current_only.setChecked(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Data type, for example usage")
        self.search.setAccessibleName("Search data types")
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        for widget in (self.provider, self.status, self.current_only):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)

        self.table = list_table("Selectors", self.model, widths(COLUMNS), stretch=COL_SELECTOR)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        install_row_keys(self.table)
        self.model.page_loaded.connect(self._page_loaded)
        self.empty = empty_state(
            "No selectors match. Selectors appear when dashboards are recorded."
        )
        self.detail = plain_label()
        self.detail.setAccessibleName("Selector details")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

        self.provider.currentIndexChanged.connect(lambda _i: self.load())
        self.status.currentIndexChanged.connect(lambda _i: self.load())
        self.current_only.toggled.connect(lambda _on: self.load())
        self.search.textChanged.connect(lambda _t: self.load())

    def set_providers(self, providers: list[tuple[str, str]]) -> None:
        self.model.provider_names = dict(providers)
        append_choices(self.provider, ((name, pid) for pid, name in providers))
        self.model.layoutChanged.emit()

    def query(self) -> selectors_data.SelectorQuery:
        status = self.status.currentData()
        return selectors_data.SelectorQuery(
            self.provider.currentData() or None,
            (status,) if status else (),
            self.search.text(),
            self.current_only.isChecked(),
        )

    def load(self) -> None:
        query = self.query()
        self.model.now = datetime.now(UTC)

        self.model.restart(self.jobs.pages(selectors_data.page, query, limit=self.model.page_rows))

    def _page_loaded(self, first: bool) -> None:
        if first:
            self.empty.setVisible(self.model.rowCount() == 0)
            self.detail.clear()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row: selectors_data.SelectorRow | None = current.data(RowRole)
        if row is None:
            return
        verdict = {True: "✔", False: "✖", None: "?"}[row.syntax.ok]
        show_text(
            self.detail,
            f"{KIND_WORDS.get(row.kind, row.kind)} selector v{row.version}"
            f"{' (current)' if row.current else ''}: {row.value}\n"
            f"{verdict} Syntax: {row.syntax.message}. Verification: {words(row.status)}.",
        )
