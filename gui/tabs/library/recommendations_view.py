"""Service recommendations, grouped by project: read the rationale, accept or reject."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
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
from automation_admin.gui.jobs import Jobs
from automation_admin.gui.qtmodels.headers import SortKeyRole, widths
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.qtmodels.recommendations_model import (
    COL_MATCH,
    COL_REQUIREMENT,
    COLUMNS,
    free_tier_words,
)
from automation_admin.gui.tabs.library.presenter import RecommendationsPresenter, groups_summary
from automation_admin.gui.widgets.choices import append_choices, choice_box, enum_box
from automation_admin.gui.widgets.full_text_tips import FullTextTips
from automation_admin.gui.widgets.links import confirm_and_open
from automation_admin.gui.widgets.list_table import empty_state, fit_titles
from automation_admin.gui.widgets.row_keys import install_row_keys, widget_key
from automation_admin.gui.widgets.vault_text import plain_label
from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.schema.enums import RECOMMENDATION_STATUSES, RecommendationStatus


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
    message = Signal(str)

    def __init__(self, jobs: Jobs, read_only: bool) -> None:
        super().__init__()
        self.presenter = RecommendationsPresenter(jobs)
        self.model = self.presenter.model
        self.read_only = read_only
        self.provider_names: dict[str, str] = {}
        self.current: recommendations_data.Recommendation | None = None
        self.loaded_once = False
        self._select_first = False
        self._keep: tuple[str, int] | None = None  # (row to select again, scroll) on a reload
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._tree_pane())
        split.addWidget(self._detail_pane())
        split.setSizes([860, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filter_row())
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self._connect()
        self._show(None)

    # ---- layout ----------------------------------------------------------------------

    def _filter_row(self) -> QHBoxLayout:
        self.status = enum_box("Recommendation status", "All statuses", RECOMMENDATION_STATUSES)
        self.project = choice_box("Project", [("All projects", None)])
        self.order = choice_box(
            "Order", [("Best match first", True), ("Weakest match first", False)]
        )
        self.summary = plain_label(wrap=False)  # names projects any program may write
        self.summary.setAccessibleName("Recommendations summary")
        row = QHBoxLayout()
        for widget in (self.status, self.project, self.order):
            row.addWidget(widget)
        row.addStretch()
        return row

    def _tree_pane(self) -> QWidget:
        self.tree = QTreeView()
        self.tree.setAccessibleName("Recommendations by project")
        self.tree.setModel(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(FullTextTips(self.tree))
        header = self.tree.header()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        fit_titles(header, widths(COLUMNS))
        header.setSectionResizeMode(COL_REQUIREMENT, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setSortIndicator(COL_MATCH, Qt.SortOrder.DescendingOrder)
        install_row_keys(self.tree)
        self.empty = empty_state(
            "No recommendations match. They appear when a project's documents are analysed."
        )
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        return pane

    def _detail_pane(self) -> QWidget:
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Recommendation details")
        self.detail.setOpenLinks(False)
        self.accept_button = self._decision_button(RecommendationStatus.ACCEPTED, "A")
        self.accept_button.setProperty("primary", True)
        self.reject_button = self._decision_button(RecommendationStatus.REJECTED, "X")
        self.reopen_button = self._decision_button(RecommendationStatus.NEW, None)
        actions = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.reopen_button):
            actions.addWidget(button)
        actions.addStretch()
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detail, 1)
        layout.addLayout(actions)
        return pane

    def _decision_button(self, status: RecommendationStatus, key: str | None) -> QPushButton:
        label = status.words.action
        button = QPushButton(f"{label} ({key})" if key else label)
        button.setAccessibleName(label)
        button.clicked.connect(self._decider(status))
        return button

    def _decider(self, status: RecommendationStatus) -> Callable[[], None]:
        return lambda: self.decide(status)

    def _connect(self) -> None:
        self.presenter.groups_loaded.connect(self._groups_loaded)
        self.presenter.decided.connect(self._decided)
        self.presenter.changed_meanwhile.connect(self.reload_in_place)
        self.presenter.message.connect(self.message)
        self.tree.header().sectionClicked.connect(self._header_clicked)
        self.tree.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.rowsInserted.connect(self._rows_arrived)
        self.detail.anchorClicked.connect(lambda url: confirm_and_open(self, url))
        for combo in (self.status, self.project, self.order):
            combo.currentIndexChanged.connect(lambda _i: self.load())
        widget_key(self.tree, "A", self._decider(RecommendationStatus.ACCEPTED))
        widget_key(self.tree, "X", self._decider(RecommendationStatus.REJECTED))

    # ---- the list --------------------------------------------------------------------

    def query(self) -> recommendations_data.RecommendationQuery:
        status = self.status.currentData()
        return recommendations_data.RecommendationQuery(
            (status,) if status else (), self.project.currentData(), bool(self.order.currentData())
        )

    def load(self) -> None:
        self._keep = None
        self.presenter.load(self.query())

    def reload_in_place(self) -> None:
        """The vault changed: the same query again, the same recommendation chosen and the
        tree where it was once that recommendation's group has arrived."""
        if not self.loaded_once:
            return
        keep = (self.current.id, self.tree.verticalScrollBar().value()) if self.current else None
        self.presenter.load(self.query())
        self._keep = keep

    def _groups_loaded(self, groups: list[recommendations_data.ProjectGroup]) -> None:
        self.tree.expandAll()
        self._select_first = True
        self.summary.setText(groups_summary(groups))
        self.empty.setVisible(not groups)
        if not self.loaded_once:
            # The first query has no filter: its groups are every project there is.
            append_choices(self.project, ((group.name, group.project) for group in groups))
            self.loaded_once = True
        self._show(None)

    def _header_clicked(self, column: int) -> None:
        """Only the match score sorts (groups keep their project order); the click flips it."""
        sorts = self.model.headerData(column, Qt.Orientation.Horizontal, SortKeyRole)
        best_first = not bool(self.order.currentData()) if sorts else True
        self.order.setCurrentIndex(self.order.findData(best_first))
        order = Qt.SortOrder.DescendingOrder if best_first else Qt.SortOrder.AscendingOrder
        self.tree.header().setSortIndicator(COL_MATCH, order)

    def _rows_arrived(self, parent: QModelIndex, first: int, last: int) -> None:
        """After a new query, select the best match of the first group that has rows (or,
        read again, the one that was chosen)."""
        if self._keep is not None and parent.isValid():
            wanted, scroll = self._keep
            for row in range(first, last + 1):
                index = self.model.index(row, 0, parent)
                rec = index.data(RowRole)
                if rec is not None and rec.id == wanted:
                    self._keep = None
                    self._select_first = False
                    self.tree.setCurrentIndex(index)
                    self.tree.verticalScrollBar().setValue(scroll)
                    return
            return
        if self._select_first and parent.isValid():
            self._select_first = False
            self.tree.setCurrentIndex(self.model.index(0, 0, parent))

    # ---- one recommendation ----------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(current.data(RowRole))

    def _show(self, rec: recommendations_data.Recommendation | None) -> None:
        self.current = rec
        writable = rec is not None and not self.read_only
        status = rec.status if rec is not None else None
        self.accept_button.setEnabled(writable and status != RecommendationStatus.ACCEPTED)
        self.reject_button.setEnabled(writable and status != RecommendationStatus.REJECTED)
        self.reopen_button.setEnabled(writable and status != RecommendationStatus.NEW)
        if rec is None:
            self.detail.setHtml("<p><i>Select a recommendation to read why it was made.</i></p>")
            return
        name = self.provider_names.get(rec.provider_id or "")
        self.detail.setHtml(detail_html(rec, name))

    def decide(self, status: RecommendationStatus) -> None:
        rec = self.current
        if rec is None or self.read_only or rec.status == status:
            return
        self.presenter.decide(rec.id, status, seen=rec.status)

    def _decided(self, rec: recommendations_data.Recommendation) -> None:
        if self.current is not None and self.current.id == rec.id:
            self._show(rec)
