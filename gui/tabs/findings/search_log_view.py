"""The discovery search log: runs per provider, newest first, paged, filterable."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.search_log_model import SearchLogModel
from automation_admin.gui.widgets.choices import choice_box, enum_box
from automation_admin.gui.widgets.list_table import list_table
from automation_admin.models.findings import search_log
from automation_admin.models.schema.enums import SEARCH_STATUSES


class SearchLogView(QWidget):
    def __init__(self, jobs: Jobs) -> None:
        super().__init__()
        self.jobs = jobs
        self.model = SearchLogModel()
        self.provider = choice_box("Search log provider", [("All providers", "")])
        self.status = enum_box("Search log status", "All statuses", SEARCH_STATUSES)
        self.table = list_table("Search log", self.model, alternating=False)
        filters = QHBoxLayout()
        filters.addWidget(self.provider)
        filters.addWidget(self.status)
        filters.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.provider.currentIndexChanged.connect(lambda _i: self.load())
        self.status.currentIndexChanged.connect(lambda _i: self.load())

    def query(self) -> search_log.SearchLogQuery:
        return search_log.SearchLogQuery(
            self.provider.currentData() or None, self.status.currentData() or None
        )

    def load(self) -> None:
        query = self.query()
        self.model.now = datetime.now(UTC)
        self.model.restart(
            self.jobs.pages(search_log.search_log_page, query, limit=self.model.page_rows)
        )
