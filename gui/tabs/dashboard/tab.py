"""Dashboard: every key at a glance, its latest collection, and trends from daily summaries."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer
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

from automation_admin.gui.qtmodels.headers import widths
from automation_admin.gui.qtmodels.keys_model import (
    COL_KEY,
    COLUMNS,
    OPTIONAL,
    STATUS_FILTERS,
    KeyFilter,
    KeyRole,
    KeysFilter,
    KeysModel,
)
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.dashboard.key_detail import KeyDetail
from automation_admin.gui.tabs.dashboard.presenter import DashboardPresenter
from automation_admin.gui.tabs.dashboard.trend_chart import TrendChart
from automation_admin.gui.widgets.choices import add_choice, choice_box
from automation_admin.gui.widgets.fit_columns import ColumnFitter
from automation_admin.gui.widgets.full_text_tips import FullTextTips
from automation_admin.gui.widgets.list_table import fit_titles
from automation_admin.gui.widgets.summary_card import SummaryCard
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.gui.worker import JobError
from automation_admin.models.dashboard.service import (
    KeyRow,
    Overview,
    Trend,
    key_cards,
    staleness,
    trend_csv_rows,
)
from automation_admin.models.live.watch import Changes
from automation_admin.models.store.timeutil import parse_timestamp, utc_now

RANGES = (("7 days", 7), ("30 days", 30), ("90 days", 90), ("365 days", 365), ("All", None))
SCOPES = (("Selected key", "key"), ("Its provider", "provider"), ("All keys", "all"))
# What the key list is made of; what only the queue cards (and the chart's markers) count.
KEY_TABLES = frozenset(
    {
        "dashboard_snapshots",
        "dashboard_daily_summaries",
        "secrets",
        "validations",
        "providers",
        "projects",
        "project_requirements",
        "profile_settings",
    }
)
QUEUE_TABLES = frozenset({"discovery_findings", "automation_scripts"})
AGEING_MS = 60_000
# (overview key, caption, what it counts, icon, what a click does: filter the list, or open a
# tab). Captions are short so a card stays one line high; the tooltip says the rest.
CARDS = (
    ("active_keys", "Active keys", "keys in this vault", "key", ("status", KeyFilter.ALL)),
    (
        "keys_with_warnings",
        "Keys with warnings",
        "keys whose latest collection reported a warning",
        "warning",
        ("status", KeyFilter.WARNINGS),
    ),
    (
        "failing_or_stale",
        "Failing or stale",
        "keys whose last collection failed or is more than two refresh intervals old",
        "error",
        ("status", KeyFilter.FAILING),
    ),
    (
        "expiring_soon",
        "Expiring soon",
        "keys expiring within 14 days",
        "pending",
        ("status", KeyFilter.EXPIRING),
    ),
    (
        "urgent_findings",
        "Urgent findings",
        "new findings that are critical or need action",
        "critical",
        ("tab", "findings"),
    ),
    (
        "scripts_pending",
        "Scripts to approve",
        "scripts waiting for approval",
        "pending",
        ("tab", "scripts"),
    ),
)
# Optional key columns are shown only while the Key column keeps at least this width.
KEY_MIN_WIDTH = 170


class DashboardTab(BaseTab):
    title = "Dashboard"
    watches = KEY_TABLES | QUEUE_TABLES

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.presenter = DashboardPresenter(self.jobs)
        self._preloaded = False
        self._charted: tuple[object, ...] | None = None  # what the chart shows (for its zoom)
        self.ageing = QTimer(self)  # freshness ages with the clock, not only with the vault
        self.ageing.setInterval(AGEING_MS)
        self.ageing.timeout.connect(self.age)
        self.ageing.start()
        # Left: the keys and the selected key's details, one above the other; right: the
        # chart, the whole height (its four plots need it more than the details do).
        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("dashboard-keys-split")
        left.addWidget(self._key_list())
        left.addWidget(self._key_detail())
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("dashboard-split")
        split.addWidget(left)
        split.addWidget(self._chart_box())
        split.setSizes([600, 680])
        split.setStretchFactor(1, 1)  # a wider window widens the chart
        for splitter in (left, split):
            splitter.setChildrenCollapsible(False)
        self.splitters = (split, left)
        layout = QVBoxLayout(self)
        layout.addLayout(self._card_row())
        layout.addWidget(split, 1)
        self._connect()

    # ---- layout ----------------------------------------------------------------------

    def _card_row(self) -> QGridLayout:
        row = QGridLayout()
        self.cards: dict[str, SummaryCard] = {}
        for number, (key, label, description, icon_name, action) in enumerate(CARDS):
            card = SummaryCard(label, icon_name, description)
            card.clicked.connect(lambda _=False, a=action: self._card_clicked(a))
            self.cards[key] = card
            row.addWidget(card, 0, number)
        return row

    def _key_list(self) -> QWidget:
        self.provider = choice_box("Provider", [("All providers", "")])
        self.project = choice_box("Project", [("All projects", "")])
        self.status = choice_box("Status", [(s, s) for s in STATUS_FILTERS])
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search keys")
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
        self.tree.sortByColumn(COL_KEY, Qt.SortOrder.AscendingOrder)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(FullTextTips(self.tree))
        # Fixed widths: resizing to contents walks every row on every change. The key name
        # takes what the others leave, and the optional columns come and go with the width.
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fit_titles(header, widths(COLUMNS))
        self.columns = ColumnFitter(self.tree, COL_KEY, OPTIONAL, KEY_MIN_WIDTH)
        self.empty = QLabel(
            "No keys in this vault yet. Add keys (for example with `automation-admin ingest "
            "--profile NAME secrets keys.jsonl`) and let the dashboard collector report on them."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.tree)
        self.list_stack.addWidget(self.empty)
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.list_stack, 1)
        return pane

    def _key_detail(self) -> KeyDetail:
        self.detail = KeyDetail()
        self.detail.setMinimumHeight(120)
        return self.detail

    def _chart_box(self) -> QWidget:
        self.chart = TrendChart()
        self.chart_note = plain_label()
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._chart_controls())
        layout.addWidget(self.chart_note)
        layout.addWidget(self.chart, 1)
        return box

    def _chart_controls(self) -> QHBoxLayout:
        self.scope = choice_box("Chart scope", [(t, d) for t, d in SCOPES])
        self.ranges = QButtonGroup(self)
        row = QHBoxLayout()
        row.addWidget(self.scope)
        segments = QWidget()
        # The range buttons read as one control: tight, side by side.
        segments.setStyleSheet("QPushButton { padding: 5px 8px; }")
        segment_row = QHBoxLayout(segments)
        segment_row.setContentsMargins(0, 0, 0, 0)
        segment_row.setSpacing(2)
        for number, (text, days) in enumerate(RANGES):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAccessibleName(text)
            button.setToolTip(f"The last {text}" if days else "Every day in the vault")
            self.ranges.addButton(button, number)
            segment_row.addWidget(button)
        self.ranges.button(3).setChecked(True)
        row.addWidget(segments)
        row.addStretch()
        self.reset = QPushButton("Reset zoom")
        self.reset.setAccessibleName("Reset zoom")
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
        for widget in (self.reset, self.export, self.refresh):
            row.addWidget(widget)
        return row

    def _connect(self) -> None:
        self.presenter.overview_loaded.connect(self._show_overview)
        self.presenter.counts_loaded.connect(self._show_counts)
        self.presenter.trend_loaded.connect(self._show_trend)
        self.presenter.ready.connect(self._ready)
        self.tree.selectionModel().currentChanged.connect(self._key_changed)
        self.chart.finding_clicked.connect(lambda fid: self.navigate.emit("findings", fid))
        self.scope.currentIndexChanged.connect(lambda _i: self.load_trend())
        self.ranges.idClicked.connect(lambda _i: self.load_trend())
        self.reset.clicked.connect(self.chart.reset_zoom)
        self.refresh.clicked.connect(self.load)
        self.provider.currentIndexChanged.connect(self._filters_changed)
        self.project.currentIndexChanged.connect(self._filters_changed)
        self.status.currentIndexChanged.connect(self._filters_changed)
        self.search.textChanged.connect(self._filters_changed)

    # ---- loading ---------------------------------------------------------------------

    @property
    def data(self) -> Overview | None:
        return self.presenter.data

    @property
    def current_trend(self) -> Trend | None:
        """The trend the chart shows (what "Plotted data as CSV" writes)."""
        return self.presenter.current_trend

    def days(self) -> int | None:
        return RANGES[max(self.ranges.checkedId(), 0)][1]

    def load(self) -> None:
        self.presenter.load(self.days())

    def live_refresh(self, changes: Changes) -> None:
        """Keys collected, added or changed: the list again, in place; only findings or
        scripts: their cards, and the chart for its finding markers."""
        if changes.tables & KEY_TABLES:
            self.load()
            return
        self.presenter.refresh_counts()
        if "discovery_findings" in changes.tables:
            self.load_trend()

    def age(self) -> None:
        """A minute passed: freshness and "collected … ago" as of now, without the vault."""
        data = self.presenter.data
        if data is None:
            return
        now = utc_now()
        moved = set()
        for row in data.rows:
            was = row.staleness
            row.staleness = staleness(
                row.collected_at, row.collection_status, now, data.refresh_interval
            )
            if row.staleness != was:
                moved.add(row.secret_id)
        self.cards["failing_or_stale"].set_value(key_cards(data.rows, now)["failing_or_stale"])
        self.model.aged(now)
        if moved and self.filter.status == KeyFilter.FAILING:
            self.filter.set_filter()
        selected = self.selected_key()
        if selected is not None and selected.secret_id in moved:
            self.detail.show_key(selected, now)

    def open_item(self, item: object) -> None:
        """A key (a notification said it turned invalid): every key listed, that one chosen."""
        if self.status.currentIndex() != 0:
            self.status.setCurrentIndex(0)
        self._select(str(item))
        self.tree.setFocus()

    def _show_overview(self, data: Overview) -> None:
        selected = self.selected_key()
        scrolled = self.tree.verticalScrollBar().value()
        for key, value in data.cards.items():
            self.cards[key].set_value(value)
        self._refill(self.provider, "All providers", data.providers)
        self._refill(self.project, "All projects", [(p, p) for p in data.projects])
        if self.is_loaded and self.model.update_rows(data.rows, data.now):
            self._updated_in_place(selected, data)
            return
        self.model.set_rows(data.rows, data.now)
        self.tree.expandAll()
        self.list_stack.setCurrentWidget(self.tree if data.rows else self.empty)
        # The list's first key's trend came with the overview: selecting it must not ask
        # again. Whatever ends up selected, its trend is shown exactly once.
        self._preloaded = True
        self._select(selected.secret_id if selected else data.first_key)
        self.tree.verticalScrollBar().setValue(scrolled)  # the list read again stays put
        self._preloaded = False
        if self.selected_key() is not None:
            self._trend_after_overview(data)
        if not data.rows:
            self.scope.setCurrentIndex(2)
            self.load_trend()

    def _updated_in_place(self, selected: KeyRow | None, data: Overview) -> None:
        """The same keys read again (the vault changed): the list stays as it is; the detail,
        the filter and the chart follow only what changed."""
        if self.filter.status != KeyFilter.ALL:
            self.filter.set_filter()  # a key may have become (or stopped being) stale
        current = self.selected_key()
        if current is not None and current != selected:
            self.detail.show_key(current, parse_timestamp(data.now))
        # Snapshots written since fold into the chart's newest days (models/dashboard/recent).
        self._trend_after_overview(data)

    def _trend_after_overview(self, data: Overview) -> None:
        """The selected key's trend: the one read with the overview when it is that key's,
        else read now."""
        shown = self.selected_key()
        if (
            shown is not None
            and data.first_trend is not None
            and self.scope.currentData() == "key"
            and shown.secret_id == data.first_key
        ):
            self.presenter.show_trend(data.first_trend)
        else:
            self.load_trend()

    def _show_counts(self, counts: dict[str, int]) -> None:
        for key, value in counts.items():
            self.cards[key].set_value(value)

    def _refill(self, box: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        listed = [(box.itemData(i), box.itemText(i)) for i in range(1, box.count())]
        if listed == [(key, text if box is self.provider else key) for key, text in items]:
            return  # the same choices: nothing to rebuild
        current = box.currentData()
        blocker = QSignalBlocker(box)
        box.clear()
        box.addItem(everything, "")
        for key, text in items:
            add_choice(box, text if box is self.provider else key, key)
        index = box.findData(current)
        box.setCurrentIndex(max(index, 0))
        blocker.unblock()

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

    def selected_key(self) -> KeyRow | None:
        key: KeyRow | None = self.tree.currentIndex().data(KeyRole)
        return key

    def _key_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(KeyRole)
        data = self.presenter.data
        if data is not None:
            self.detail.show_key(row, parse_timestamp(data.now))
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
        self.presenter.load_trend(scope, target, self.days())

    def _show_trend(self, result: Trend) -> None:
        # The same series read again (the vault changed) keeps the person's zoom.
        row = self.selected_key()
        charted = (self.scope.currentData(), row.secret_id if row else None, self.days())
        self.chart.set_trend(result, keep_zoom=charted == self._charted)
        self._charted = charted
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

    def _ready(self) -> None:
        if not self.is_loaded:
            self.mark_loaded()

    def show_error(self, error: JobError) -> None:
        show_text(self.chart_note, f"Could not read the vault: {error.message}")
        self.chart_note.setVisible(True)
        super().show_error(error)  # the status line, and a dialog for damage or a bug

    def failed(self, error: JobError) -> None:
        self.presenter.give_up()
        super().failed(error)

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
        trend = self.presenter.current_trend
        if trend is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export plotted data", "trend.csv", "CSV (*.csv)"
        )
        if path:
            write_csv(Path(path), trend_csv_rows(trend))
            self.session.status.emit(f"Data saved to {path}.")


def write_csv(path: Path, rows: list[list[Any]]) -> None:
    """Whole file or nothing: written beside the target, then renamed over it."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    os.replace(partial, path)
