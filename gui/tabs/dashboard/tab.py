"""Dashboard: every key at a glance, its latest collection, and trends from daily summaries."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.qtmodels.keys_model import STATUS_FILTERS, KeyRole, KeysFilter, KeysModel
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.dashboard.key_detail import KeyDetail
from automation_admin.gui.tabs.dashboard.trend_chart import TrendChart
from automation_admin.gui.widgets.choices import add_choice, choice_box
from automation_admin.gui.widgets.summary_card import SummaryCard
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.gui.worker import JobError, require_open
from automation_admin.models.dashboard.service import (
    Overview,
    Trend,
    overview,
    queue_counts,
    trend,
    trend_csv_rows,
)
from automation_admin.models.store.timeutil import parse_timestamp

RANGES = (("7 days", 7), ("30 days", 30), ("90 days", 90), ("365 days", 365), ("All", None))
SCOPES = (("Selected key", "key"), ("Its provider", "provider"), ("All keys", "all"))
CARDS = (
    ("active_keys", "Active keys", "key", ("status", "All statuses")),
    ("keys_with_warnings", "Keys with warnings", "warning", ("status", "Warnings")),
    ("failing_or_stale", "Failing or stale collections", "error", ("status", "Failing or stale")),
    ("expiring_soon", "Keys expiring within 14 days", "pending", ("status", "Expiring soon")),
    ("urgent_findings", "New critical and action-needed findings", "critical", ("tab", "findings")),
    ("scripts_pending", "Scripts waiting for approval", "pending", ("tab", "scripts")),
)


class DashboardTab(BaseTab):
    title = "Dashboard"

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.data: Overview | None = None
        self._preloaded = False
        self.current_trend: Trend | None = None
        self._pending = {"overview", "trend"}

        cards = QGridLayout()
        self.cards: dict[str, SummaryCard] = {}
        for i, (key, label, icon_name, action) in enumerate(CARDS):
            card = SummaryCard(label, icon_name)
            card.clicked.connect(lambda _=False, a=action: self._card_clicked(a))
            self.cards[key] = card
            cards.addWidget(card, 0, i)

        self.provider = choice_box("Provider", [("All providers", "")])
        self.project = choice_box("Project", [("All projects", "")])
        self.status = choice_box("Status", [(s, s) for s in STATUS_FILTERS])
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search key names")
        self.search.setAccessibleName("Search key names")
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        for widget in (self.provider, self.project, self.status):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)

        self.model = KeysModel()
        self.filter = KeysFilter()
        self.filter.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setAccessibleName("Keys")
        self.tree.setModel(self.filter)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        # Fixed widths: resizing to contents walks every row on every change.
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((230, 95, 115, 105, 90, 70, 110)):
            header.resizeSection(column, width)
        self.tree.selectionModel().currentChanged.connect(self._key_changed)
        self.empty = QLabel(
            "No keys in this vault yet. Add keys (for example with `automation-admin ingest "
            "--profile NAME secrets keys.jsonl`) and let the dashboard collector report on them."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.tree)
        self.list_stack.addWidget(self.empty)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.list_stack, 1)

        self.detail = KeyDetail()
        self.chart = TrendChart()
        self.chart.finding_clicked.connect(lambda fid: self.navigate.emit("findings", fid))
        self.scope = choice_box("Chart scope", [(t, d) for t, d in SCOPES])
        self.scope.currentIndexChanged.connect(lambda _i: self.load_trend())
        self.ranges = QButtonGroup(self)
        range_row = QHBoxLayout()
        range_row.addWidget(self.scope)
        for i, (text, _days) in enumerate(RANGES):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAccessibleName(text)
            self.ranges.addButton(button, i)
            range_row.addWidget(button)
        self.ranges.button(3).setChecked(True)
        self.ranges.idClicked.connect(lambda _i: self.load_trend())
        range_row.addStretch()
        self.reset = QPushButton("Reset zoom")
        self.reset.setAccessibleName("Reset zoom")
        self.reset.clicked.connect(self.chart.reset_zoom)
        self.export = QPushButton("Export")
        self.export.setAccessibleName("Export")
        menu = QMenu(self.export)
        menu.addAction("Chart as PNG…", lambda: self._export_image("png"))
        menu.addAction("Chart as SVG…", lambda: self._export_image("svg"))
        menu.addAction("Plotted data as CSV…", self._export_csv)
        self.export.setMenu(menu)
        self.refresh = QPushButton("Refresh")
        self.refresh.setAccessibleName("Refresh")
        self.refresh.setToolTip("Read the vault again (collectors write it from outside)")
        self.refresh.clicked.connect(self.load)
        for widget in (self.reset, self.export, self.refresh):
            range_row.addWidget(widget)
        self.chart_note = plain_label()
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addLayout(range_row)
        chart_layout.addWidget(self.chart_note)
        chart_layout.addWidget(self.chart, 1)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.detail)
        right.addWidget(chart_box)
        right.setSizes([190, 620])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 720])
        layout = QVBoxLayout(self)
        layout.addLayout(cards)
        layout.addWidget(split, 1)

        self.provider.currentIndexChanged.connect(self._filters_changed)
        self.project.currentIndexChanged.connect(self._filters_changed)
        self.status.currentIndexChanged.connect(self._filters_changed)
        self.search.textChanged.connect(self._filters_changed)

    # ---- loading ---------------------------------------------------------------------

    def load(self) -> None:
        days = RANGES[max(self.ranges.checkedId(), 0)][1]
        self.session.worker.submit(
            lambda v: overview(require_open(v), days=days),
            self._show_overview,
            self._failed,
            key="dashboard.overview",
        )

    def _show_overview(self, data: Overview) -> None:
        selected = self.selected_key()
        self.data = data
        for key, value in data.cards.items():
            self.cards[key].set_value(value)
        self._refill(self.provider, "All providers", data.providers)
        self._refill(self.project, "All projects", [(p, p) for p in data.projects])
        self.model.set_rows(data.rows, data.now)
        self.tree.expandAll()
        self.list_stack.setCurrentWidget(self.tree if data.rows else self.empty)
        preloaded = (
            data.first_trend is not None
            and self.scope.currentData() == "key"
            and (selected is None or selected.secret_id == data.rows[0].secret_id)
        )
        self._preloaded = preloaded
        self._select(selected.secret_id if selected else None)
        self._preloaded = False
        if preloaded:
            self._show_trend(data.first_trend)
        self._done("overview")
        if not data.rows:
            self.scope.setCurrentIndex(2)
            self.load_trend()
        self.session.worker.submit(
            lambda v: queue_counts(require_open(v)),
            self._show_counts,
            self._failed,
            key="dashboard.counts",
        )

    def _show_counts(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.cards[key].set_value(value)

    def _refill(self, box: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, "")
        for key, text in items:
            add_choice(box, text if box is self.provider else key, key)
        index = box.findData(current)
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def _select(self, secret_id: str | None) -> None:
        first = None
        for group in range(self.filter.rowCount()):
            parent = self.filter.index(group, 0)
            for row in range(self.filter.rowCount(parent)):
                index = self.filter.index(row, 0, parent)
                key = index.data(KeyRole)
                first = first or index
                if key is not None and key.secret_id == secret_id:
                    self.tree.setCurrentIndex(index)
                    return
        if first is not None:
            self.tree.setCurrentIndex(first)

    def selected_key(self) -> Any:
        return self.tree.currentIndex().data(KeyRole)

    def _key_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(KeyRole)
        if self.data is not None:
            self.detail.show_key(row, parse_timestamp(self.data.now))
        if row is not None and not self._preloaded:
            self.load_trend()

    def load_trend(self) -> None:
        scope = self.scope.currentData()
        row = self.selected_key()
        target = None
        if scope == "key":
            target = row.secret_id if row else None
        elif scope == "provider":
            target = row.provider_id if row else None
        if scope != "all" and target is None:
            return
        days = RANGES[max(self.ranges.checkedId(), 0)][1]
        self.session.worker.submit(
            lambda v: trend(require_open(v), scope, target, days),
            self._show_trend,
            self._failed,
            key="dashboard.trend",
        )

    def _show_trend(self, result: Trend) -> None:
        self.current_trend = result
        self.chart.set_trend(result)
        notes = []
        if not result.days:
            notes.append(
                "No daily summaries for this range yet: they appear once the collector "
                "has reported and retention has folded older snapshots."
            )
        if len(result.currencies) > 1:
            notes.append(
                f"Costs mix currencies ({', '.join(result.currencies)}); totals add "
                "them as they are."
            )
        show_text(self.chart_note, " ".join(notes))
        self.chart_note.setVisible(bool(notes))
        self._done("trend")

    def _done(self, part: str) -> None:
        self._pending.discard(part)
        if not self._pending and not self.is_loaded:
            self.mark_loaded()

    def _failed(self, error: JobError) -> None:
        show_text(self.chart_note, f"Could not read the vault: {error.message}")
        self.chart_note.setVisible(True)
        self.report(error)
        self._pending.clear()
        if not self.is_loaded:
            self.mark_loaded()

    # ---- filters and cards -----------------------------------------------------------

    def _filters_changed(self) -> None:
        self.filter.set_filter(
            provider=self.provider.currentData() or "",
            project=self.project.currentData() or "",
            status=self.status.currentText(),
            text=self.search.text(),
        )
        self.tree.expandAll()
        if self.selected_key() is None:
            self._select(None)

    def _card_clicked(self, action: tuple[str, str]) -> None:
        kind, value = action
        if kind == "tab":
            self.navigate.emit(value, None)
            return
        self.status.setCurrentText(value)
        self.tree.setFocus()

    def activated(self) -> None:
        self.tree.setFocus()

    # ---- export ----------------------------------------------------------------------

    def _export_image(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export chart", f"trend.{kind}", f"{kind.upper()} image (*.{kind})"
        )
        if path:
            self.chart.export_image(path)
            self.session.status.emit(f"Chart saved to {path}.")

    def _export_csv(self) -> None:
        if self.current_trend is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export plotted data", "trend.csv", "CSV (*.csv)"
        )
        if path:
            write_csv(Path(path), trend_csv_rows(self.current_trend))
            self.session.status.emit(f"Data saved to {path}.")


def write_csv(path: Path, rows: list[list[Any]]) -> None:
    """Whole file or nothing: written beside the target, then renamed over it."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    os.replace(partial, path)
