"""The discovery search log: runs per provider, newest first, paged, filterable."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QTableView, QVBoxLayout, QWidget

from gui.qtmodels.search_log_model import SearchLogModel
from gui.session import Session
from gui.worker import require_open
from models import findings as F


class SearchLogView(QWidget):
    def __init__(self, session: Session, owner: Any) -> None:
        super().__init__()
        self.session = session
        self.owner = owner
        self.model = SearchLogModel()
        self.provider = QComboBox()
        self.provider.setAccessibleName("Search log provider")
        self.provider.addItem("All providers", "")
        self.status = QComboBox()
        self.status.setAccessibleName("Search log status")
        for text, value in (
            ("All statuses", ""),
            ("Success", "success"),
            ("Partial", "partial"),
            ("Failed", "failed"),
        ):
            self.status.addItem(text, value)
        self.table = QTableView()
        self.table.setAccessibleName("Search log")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
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

    def load(self) -> None:
        query = F.SearchLogQuery(
            self.provider.currentData() or None, self.status.currentData() or None
        )
        self.model.now = datetime.now(UTC)

        def fetch(cursor: Any, deliver: Any) -> None:
            self.session.worker.submit(
                lambda v: F.search_log_page(require_open(v), query, cursor),
                lambda page: deliver(page.rows, page.cursor),
                self.owner._failed,
            )

        self.model.restart(fetch)
