"""The audit trail: every event, this program's and the automation runner's, newest first,
paged, by type (the types present) and date, with each event's redacted metadata as a tree."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.live.list_refresh import ListRefresher
from automation_admin.gui.live.new_rows_bar import NewRowsBar, with_bar
from automation_admin.gui.qtmodels.checkpoints_model import AUDIT_COLUMNS, AuditModel, event_words
from automation_admin.gui.qtmodels.headers import widths
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.widgets.choices import choice_box
from automation_admin.gui.widgets.date_range import date_range_edits, range_from
from automation_admin.gui.widgets.json_tree import fill_tree, key_value_tree
from automation_admin.gui.widgets.list_table import empty_state, list_table
from automation_admin.gui.widgets.row_keys import install_row_keys
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.store.event_types import known_words, types_present
from automation_admin.models.store.jsonview import JsonValue

LABEL_CHARS = 80


class AuditView(QWidget):
    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = AuditModel()
        self.listed = False  # loaded once (the view is loaded when first shown)
        # Filled from the types present (this program's, the runner's, any other's).
        self.event_type = choice_box("Event type", [("All events", "")])
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
        self.new_rows = NewRowsBar(self.table, "event", "events")
        self.refresher = ListRefresher(self.table, self.model, jobs, "audit.live", self.new_rows)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        install_row_keys(self.table)
        self.metadata = key_value_tree("Event metadata", "Metadata (redacted)")
        self.empty = empty_state("No events match these filters.")
        # The event's metadata beside the list, for the event selected (the newest at first).
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("audit-split")
        split.addWidget(with_bar(self.new_rows, self.table))
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

    def query(self) -> tuple[str | None, str | None, str | None]:
        """(event type, first day, last day) as the filters say."""
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = self.date_from.date().toString("yyyy-MM-dd")
            date_to = self.date_to.date().toString("yyyy-MM-dd")
        return self.event_type.currentData() or None, date_from, date_to

    def load(self) -> None:
        self.listed = True
        self.load_types()
        self.new_rows.clear()
        self.model.now = datetime.now(UTC)
        self.model.restart(
            self.jobs.pages(checkpoints_data.audit_page, *self.query(), limit=self.model.page_rows)
        )

    def load_types(self) -> None:
        self.jobs.run(types_present, done=self._types_loaded, key="audit.types")

    def _types_loaded(self, types: list[str]) -> None:
        """Every type present, known ones by their words first; the choice is kept."""
        chosen = self.event_type.currentData() or ""
        listed = sorted(types, key=lambda t: (known_words(t) is None, event_words(t)))
        if chosen and chosen not in listed:
            listed.append(chosen)
        quiet = QSignalBlocker(self.event_type)
        self.event_type.clear()
        self.event_type.addItem("All events", "")
        for kind in listed:
            self.event_type.addItem(_label(kind), kind)
            if known_words(kind) is None:
                tip = "Written by another program; this version does not know this type"
                self.event_type.setItemData(
                    self.event_type.count() - 1, tip, Qt.ItemDataRole.ToolTipRole
                )
        self.event_type.setCurrentIndex(max(self.event_type.findData(chosen), 0))
        quiet.unblock()

    def live_refresh(self) -> None:
        """New events (the runner's too): the types and the list, keeping the place."""
        if self.listed:
            self.load_types()
            self.refresher.refresh(checkpoints_data.audit_page, *self.query())

    def show_filtered(self, event_type: str | None, since_day: str | None) -> None:
        """One type from a day on (the summary after unlock), with one load."""
        quiet = QSignalBlocker(self.event_type)
        if event_type and self.event_type.findData(event_type) < 0:
            self.event_type.addItem(_label(event_type), event_type)
        self.event_type.setCurrentIndex(max(self.event_type.findData(event_type or ""), 0))
        quiet.unblock()
        range_from(self.use_dates, self.date_from, self.date_to, since_day)
        self.load()

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


def _label(event_type: str) -> str:
    """How the type filter names a type: any program may have written 10 MB there."""
    words = event_words(event_type)
    return (words if len(words) <= LABEL_CHARS else words[: LABEL_CHARS - 1] + "…").capitalize()
