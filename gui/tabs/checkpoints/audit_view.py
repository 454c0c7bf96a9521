"""The audit trail of automation changes: newest first, paged, by type and date, with each
event's redacted metadata as a tree."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.checkpoints_model import AUDIT_COLUMNS, AuditModel, event_words
from automation_admin.gui.qtmodels.headers import widths
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.widgets.choices import enum_box
from automation_admin.gui.widgets.date_range import date_range_edits
from automation_admin.gui.widgets.json_tree import fill_tree, key_value_tree
from automation_admin.gui.widgets.list_table import empty_state, list_table
from automation_admin.gui.widgets.row_keys import install_row_keys
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.store.audit import AUTOMATION_EVENT_TYPES
from automation_admin.models.store.jsonview import JsonValue


class AuditView(QWidget):
    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = AuditModel()
        self.event_type = enum_box(
            "Event type", "All automation events", AUTOMATION_EVENT_TYPES, event_words
        )
        self.use_dates, self.date_from, self.date_to = date_range_edits("Between", 30)
        filters = QHBoxLayout()
        for widget in (
            self.event_type,
            self.use_dates,
            self.date_from,
            QLabel("and"),
            self.date_to,
        ):
            filters.addWidget(widget)
        filters.addStretch()
        self.table = list_table("Audit trail", self.model, widths(AUDIT_COLUMNS), alternating=False)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        install_row_keys(self.table)
        self.metadata = key_value_tree("Event metadata", "Metadata (redacted)")
        self.empty = empty_state("No automation events match these filters.")
        # The event's metadata beside the list, for the event selected (the newest at first).
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("audit-split")
        split.addWidget(self.table)
        split.addWidget(self.metadata)
        split.setStretchFactor(0, 1)
        split.setSizes([840, 400])
        self.split = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self.event_type.currentIndexChanged.connect(lambda _i: self.load())
        self.use_dates.toggled.connect(lambda _on: self.load())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.load() if self.use_dates.isChecked() else None)
        self.model.page_loaded.connect(self._page_loaded)

    def load(self) -> None:
        event_type = self.event_type.currentData() or None
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = self.date_from.date().toString("yyyy-MM-dd")
            date_to = self.date_to.date().toString("yyyy-MM-dd")
        self.model.now = datetime.now(UTC)

        self.model.restart(
            self.jobs.pages(
                checkpoints_data.audit_page,
                event_type,
                date_from,
                date_to,
                limit=self.model.page_rows,
            )
        )

    def _page_loaded(self, first: bool) -> None:
        if first:
            self.empty.setVisible(self.model.rowCount() == 0)
            if self.model.rowCount():
                self.table.selectRow(0)
            else:
                fill_tree(self.metadata, JsonValue(None, None, True), "No event to show.")

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(RowRole)
        if row is not None:
            fill_tree(self.metadata, row.metadata, "This event has no metadata.")
