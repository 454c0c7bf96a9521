"""Service recommendations, grouped by project: read the rationale, accept or reject."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.formatting import exact, words
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.qtmodels.recommendations_model import (
    RecommendationsModel,
    free_tier_words,
)
from automation_admin.gui.session import Session
from automation_admin.gui.widgets.choices import append_choices, choice_box, enum_box
from automation_admin.gui.widgets.links import confirm_and_open
from automation_admin.gui.widgets.list_table import empty_state
from automation_admin.gui.widgets.row_keys import install_row_keys, widget_key
from automation_admin.gui.widgets.vault_text import plain_label
from automation_admin.gui.worker import JobError, require_open
from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.schema.enums import RECOMMENDATION_STATUSES


def detail_html(rec: recommendations_data.Recommendation, provider_name: str | None) -> str:
    e = html.escape
    link = (
        f"<a href='{e(rec.documentation_url)}'>{e(rec.documentation_url)}</a>"
        if rec.documentation_url
        else "<i>none given</i>"
    )
    provider = f" ({e(provider_name)})" if provider_name else " (not a provider in this vault)"
    return (
        f"<h3>{e(rec.service)}{provider}</h3>"
        f"<p>Match {rec.score:.2f} · {e(free_tier_words(rec.free_tier))} · "
        f"<b>{e(words(rec.status))}</b> · suggested {e(exact(rec.created_at))}</p>"
        f"<h4>Requirement</h4><blockquote>{e(rec.requirement)}</blockquote>"
        f"<h4>Capability needed</h4><p>{e(rec.capability)}</p>"
        f"<h4>Why this service</h4><p>{e(rec.rationale)}</p>"
        f"<h4>Pricing</h4><p>{e(rec.pricing or 'Not known.')}</p>"
        f"<h4>Documentation</h4><p>{link}</p>"
    )


class RecommendationsView(QWidget):
    def __init__(self, session: Session, read_only: bool, on_failed: Any) -> None:
        super().__init__()
        self.session = session
        self.read_only = read_only
        self.on_failed = on_failed
        self.provider_names: dict[str, str] = {}
        self.current: recommendations_data.Recommendation | None = None
        self.loaded_once = False

        self.status = enum_box("Recommendation status", "All statuses", RECOMMENDATION_STATUSES)
        self.project = choice_box("Project", [("All projects", None)])
        self.order = choice_box(
            "Order", [("Best match first", True), ("Weakest match first", False)]
        )
        filters = QHBoxLayout()
        for widget in (self.status, self.project, self.order):
            filters.addWidget(widget)
        filters.addStretch()
        self.summary = plain_label(wrap=False)
        self.summary.setAccessibleName("Recommendations summary")

        self.model = RecommendationsModel()
        self.tree = QTreeView()
        self.tree.setAccessibleName("Recommendations by project")
        self.tree.setModel(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        for column, width in enumerate((330, 170, 170, 130, 60, 100)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._header_clicked)
        self.tree.selectionModel().currentRowChanged.connect(self._row_changed)
        install_row_keys(self.tree)
        self._select_first = False
        self.model.rowsInserted.connect(self._rows_arrived)
        self.empty = empty_state(
            "No recommendations match. They appear when a project's documents are analysed."
        )

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Recommendation details")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(lambda url: confirm_and_open(self, url))
        self.accept_button = QPushButton("Accept (A)")
        self.accept_button.setAccessibleName("Accept")
        self.accept_button.setProperty("primary", True)
        self.accept_button.clicked.connect(lambda: self.decide("accepted"))
        self.reject_button = QPushButton("Reject (X)")
        self.reject_button.setAccessibleName("Reject")
        self.reject_button.clicked.connect(lambda: self.decide("rejected"))
        self.reopen_button = QPushButton("Back to new")
        self.reopen_button.setAccessibleName("Back to new")
        self.reopen_button.clicked.connect(lambda: self.decide("new"))
        actions = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.reopen_button):
            actions.addWidget(button)
        actions.addStretch()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addLayout(actions)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.tree, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([860, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

        for combo in (self.status, self.project, self.order):
            combo.currentIndexChanged.connect(lambda _i: self.load())
        widget_key(self.tree, "A", lambda: self.decide("accepted"))
        widget_key(self.tree, "X", lambda: self.decide("rejected"))
        self._show(None)

    def query(self) -> recommendations_data.RecommendationQuery:
        status = self.status.currentData()
        return recommendations_data.RecommendationQuery(
            (status,) if status else (), self.project.currentData(), bool(self.order.currentData())
        )

    def load(self) -> None:
        query = self.query()
        self.session.worker.submit(
            lambda v: recommendations_data.groups(require_open(v), query),
            lambda groups: self._groups_loaded(query, groups),
            self._failed,
            key="library.recommendations",
        )

    def _groups_loaded(
        self,
        query: recommendations_data.RecommendationQuery,
        groups: list[recommendations_data.ProjectGroup],
    ) -> None:
        def fetch(project: str, cursor: Any, deliver: Any) -> None:
            self.session.worker.submit(
                lambda v: recommendations_data.page(
                    require_open(v), query, project, cursor, self.model.page_rows
                ),
                lambda page: deliver(*page),
                self._failed,
            )

        self.model.restart(groups, fetch)
        self.tree.expandAll()
        self._select_first = True
        total = sum(g.count for g in groups)
        new = sum(g.new for g in groups)
        projects = sum(1 for g in groups if g.project != recommendations_data.NO_PROJECT)
        self.summary.setText(
            f"{total:,} recommendation{'s' if total != 1 else ''} in {projects} "
            f"project{'s' if projects != 1 else ''}"
            + (
                " and without a project"
                if any(g.project == recommendations_data.NO_PROJECT for g in groups)
                else ""
            )
            + (f"; {new:,} new, waiting for a decision" if new else "")
        )
        self.empty.setVisible(not groups)
        if not self.loaded_once:
            # The first query has no filter: its groups are every project there is.
            append_choices(self.project, ((group.name, group.project) for group in groups))
            self.loaded_once = True
        self._show(None)

    def _header_clicked(self, column: int) -> None:
        """Only the match score sorts (groups keep their project order); the click flips it."""
        best_first = not bool(self.order.currentData()) if column == 4 else True
        self.order.setCurrentIndex(self.order.findData(best_first))
        order = Qt.SortOrder.DescendingOrder if best_first else Qt.SortOrder.AscendingOrder
        self.tree.header().setSortIndicator(4, order)

    def _rows_arrived(self, parent: QModelIndex, _first: int, _last: int) -> None:
        """After a new query, select the best match of the first group that has rows."""
        if self._select_first and parent.isValid():
            self._select_first = False
            self.tree.setCurrentIndex(self.model.index(0, 0, parent))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(current.data(RowRole))

    def _show(self, rec: recommendations_data.Recommendation | None) -> None:
        self.current = rec
        writable = rec is not None and not self.read_only
        self.accept_button.setEnabled(writable and rec.status != "accepted")  # type: ignore[union-attr]
        self.reject_button.setEnabled(writable and rec.status != "rejected")  # type: ignore[union-attr]
        self.reopen_button.setEnabled(writable and rec.status != "new")  # type: ignore[union-attr]
        if rec is None:
            self.detail.setHtml("<p><i>Select a recommendation to read why it was made.</i></p>")
            return
        name = self.provider_names.get(rec.provider_id or "")
        self.detail.setHtml(detail_html(rec, name))

    def decide(self, status: str) -> None:
        rec = self.current
        if rec is None or self.read_only or rec.status == status:
            return
        self.session.worker.submit(
            lambda v: recommendations_data.decide(require_open(v), rec.id, status),
            self._decided,
            self._failed,
        )

    def _decided(self, rec: recommendations_data.Recommendation) -> None:
        self.model.replace(rec)
        if self.current is not None and self.current.id == rec.id:
            self._show(rec)
        self.session.status.emit(f"{rec.service}: {words(rec.status)}.")

    def _failed(self, error: JobError) -> None:
        self.on_failed(error)
