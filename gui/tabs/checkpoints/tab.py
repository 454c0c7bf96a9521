"""Checkpoints: who allowed what, when, on which run of which script, and why (read-only),
plus the audit trail of every automation change made here."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.formatting import exact, status_icon, week_label, words
from automation_admin.gui.qtmodels.checkpoints_model import SORT_KEYS, CheckpointsModel, type_icon
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.checkpoints.audit_view import AuditView
from automation_admin.gui.tabs.checkpoints.summary import describe_filter, detail_html, run_text
from automation_admin.gui.tabs.checkpoints.weekly_chart import WeeklyChart
from automation_admin.gui.widgets.choices import add_choice, append_choices, choice_box
from automation_admin.gui.widgets.date_range import date_range_edits
from automation_admin.gui.widgets.json_tree import fill_tree
from automation_admin.gui.widgets.list_table import empty_state, list_table
from automation_admin.gui.widgets.multi_choice import MultiChoice
from automation_admin.gui.widgets.row_keys import install_row_keys
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.gui.widgets.view_switcher import ViewSwitcher
from automation_admin.gui.worker import JobError, page_fetcher, require_open
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.schema.enums import CHECKPOINT_TYPES, DECISIONS
from automation_admin.models.store.jsonview import JsonValue
from automation_admin.models.store.timeutil import week_days


class CheckpointsTab(BaseTab):
    title = "Checkpoints"

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.query = checkpoints_data.CheckpointQuery()
        self.week: str | None = None
        self.weeks: checkpoints_data.Weeks | None = None
        self.names: dict[str, str] = {}
        self.info: checkpoints_data.CheckpointDetail | None = None
        self._selected_id: str | None = None

        self.types = MultiChoice("Type", CHECKPOINT_TYPES)
        self.decisions = MultiChoice("Decision", DECISIONS)
        self.choices = (self.types, self.decisions)
        self.provider = choice_box("Provider", [("All providers", "")])
        self.script = choice_box("Script", [("All scripts", "")])
        self.script.setMinimumContentsLength(18)
        self.script.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.use_dates, self.date_from, self.date_to = date_range_edits("Decided from", 90)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search description, action and notes")
        self.search.setAccessibleName("Search checkpoints")
        self.search.setClearButtonEnabled(True)
        self.export = QToolButton()
        self.export.setText("Export")
        self.export.setAccessibleName("Export")
        self.export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export)
        menu.addAction("Listed decisions as CSV…", lambda: self._export("csv"))
        menu.addAction("Listed decisions as JSON…", lambda: self._export("json"))
        self.export.setMenu(menu)
        filters = QHBoxLayout()
        for widget in (
            self.types,
            self.decisions,
            self.provider,
            self.script,
            self.use_dates,
            self.date_from,
            QLabel("to"),
            self.date_to,
        ):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.export)

        self.summary = plain_label()
        self.summary.setText("Counting decisions")
        self.summary.setAccessibleName("Filter summary")
        self.narrowing = QPushButton()
        self.narrowing.setToolTip("Show every decision the other filters allow")
        self.narrowing.clicked.connect(self.clear_narrowing)
        self.narrowing.hide()
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.narrowing)
        self.chart = WeeklyChart()
        self.chart.setMinimumHeight(120)
        self.chart.setMaximumHeight(160)
        self.chart.week_clicked.connect(self.pick_week)

        self.model = CheckpointsModel()
        self.table = list_table(
            "Checkpoint decisions", self.model, (84, 104, 200, 150, 92, 150, 76, 50), stretch=2
        )
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._sort_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        install_row_keys(self.table)
        self.model.page_loaded.connect(self._page_loaded)
        self.empty = empty_state("No decisions match these filters.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Checkpoint details")
        self.context = QTreeWidget()
        self.context.setHeaderLabels(["Context", ""])
        self.context.setAccessibleName("Checkpoint context")
        self.run_label = plain_label()
        self.run_label.setAccessibleName("Run")
        self.timeline = QListWidget()
        self.timeline.setAccessibleName("This run's checkpoints in order")
        self.timeline.setMinimumHeight(90)
        self.timeline.itemActivated.connect(self._timeline_item)
        self.timeline.itemClicked.connect(self._timeline_item)
        self.open_script = QPushButton("Open the script in Scripts")
        self.open_script.setAccessibleName("Open the script in Scripts")
        self.open_script.clicked.connect(self._open_script)
        self.open_script.setEnabled(False)
        run_box = QWidget()
        run_layout = QVBoxLayout(run_box)
        run_layout.setContentsMargins(0, 0, 0, 0)
        run_layout.addWidget(self.run_label)
        run_layout.addWidget(self.timeline, 1)
        run_layout.addWidget(self.open_script)
        # The decision, its context and its run each get room the user can move.
        right = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.detail, self.context, run_box):
            right.addWidget(widget)
            right.setCollapsible(right.indexOf(widget), False)
        right.setSizes([230, 170, 230])
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([940, 360])

        decisions_page = QWidget()
        page_layout = QVBoxLayout(decisions_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(filters)
        page_layout.addLayout(summary_row)
        page_layout.addWidget(self.chart)
        page_layout.addWidget(split, 1)
        self.audit = AuditView(session, self._failed)
        self.switcher = ViewSwitcher(
            [("decisions", "Decisions", decisions_page), ("audit", "Audit trail", self.audit)]
        )
        self.views, self.pages = self.switcher.buttons, self.switcher.pages
        self.switcher.switched.connect(self._view_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(self.switcher)

        for choice in self.choices:
            choice.changed.connect(self.reload)
        self.provider.currentIndexChanged.connect(lambda _i: self._provider_changed())
        self.script.currentIndexChanged.connect(lambda _i: self.reload())
        self.use_dates.toggled.connect(lambda _on: self.reload())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(
                lambda _d: self.reload() if self.use_dates.isChecked() else None
            )
        self.search.textChanged.connect(lambda _t: self.reload())
        self._show_detail(None)

    # ---- loading ---------------------------------------------------------------------

    def load(self) -> None:
        self._load_scripts()
        self.reload()

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        self.names.update(providers)
        self.model.provider_names = dict(providers)
        append_choices(self.provider, ((name, pid) for pid, name in providers))
        self.model.layoutChanged.emit()

    def _load_scripts(self) -> None:
        provider = self.provider.currentData() or None
        self.session.worker.submit(
            lambda v: checkpoints_data.script_choices(require_open(v), provider),
            self._scripts_loaded,
            self._failed,
            key="checkpoints.scripts",
        )

    def _scripts_loaded(self, scripts: list[tuple[str, str]]) -> None:
        chosen = self.script.currentData()
        self.names.update(scripts)
        self.script.blockSignals(True)
        self.script.clear()
        self.script.addItem("All scripts", "")
        for script_id, label in scripts:
            add_choice(self.script, label, script_id)
        found = self.script.findData(chosen) if chosen else 0
        self.script.setCurrentIndex(max(found, 0))
        self.script.blockSignals(False)
        if chosen and found < 0:
            self.reload()  # the chosen script belongs to another provider

    def _provider_changed(self) -> None:
        self._load_scripts()
        self.reload()

    def current_query(self) -> checkpoints_data.CheckpointQuery:
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = self.date_from.date().toString("yyyy-MM-dd")
            date_to = self.date_to.date().toString("yyyy-MM-dd")
        return replace(
            self.query,
            types=self.types.values(),
            decisions=self.decisions.values(),
            provider=self.provider.currentData() or None,
            script_id=self.script.currentData() or None,
            date_from=date_from,
            date_to=date_to,
            text=self.search.text(),
        )

    def list_query(self) -> checkpoints_data.CheckpointQuery:
        """The chart's query narrowed to the picked week, if one is picked."""
        if self.week is None:
            return self.query
        start, end = (day.isoformat() for day in week_days(self.week))
        return replace(
            self.query,
            date_from=max(start, self.query.date_from or start),
            date_to=min(end, self.query.date_to or end),
        )

    def reload(self) -> None:
        self.query = self.current_query()
        self._refresh_list()
        self.weeks = None
        self._show_summary()
        query = self.query
        # After the list's first page on the one worker, so the list is never kept waiting.
        self.session.worker.submit(
            lambda v: checkpoints_data.weekly_decisions(require_open(v), query),
            self._weeks_loaded,
            self._failed,
            key="checkpoints.weeks",
        )

    def _refresh_list(self) -> None:
        query = self.list_query()
        self.model.now = datetime.now(UTC)
        self._show_narrowing()

        self.model.restart(
            page_fetcher(
                self.session.worker,
                lambda v, cursor: checkpoints_data.page(v, query, cursor, self.model.page_rows),
                self._failed,
            )
        )

    def _weeks_loaded(self, weeks: checkpoints_data.Weeks) -> None:
        self.weeks = weeks
        if self.week is not None and self.week not in {monday for monday, _ in weeks}:
            self.week = None
            self._refresh_list()
        self.chart.set_weeks(weeks, self.week)
        self._show_summary()

    def _show_summary(self) -> None:
        show_text(self.summary, describe_filter(self.query, self.weeks, self.week, self.names))

    def _show_narrowing(self) -> None:
        if self.week is not None:
            self.narrowing.setText(f"Week {week_label(self.week)}  ✕")
        elif self.query.execution_id:
            self.narrowing.setText("One run only  ✕")
        self.narrowing.setAccessibleName(self.narrowing.text().replace("✕", "").strip())
        self.narrowing.setVisible(self.week is not None or bool(self.query.execution_id))

    def pick_week(self, monday: str) -> None:
        self.week = None if self.week == monday else monday
        self.chart.select(self.week)
        self._refresh_list()
        self._show_summary()

    def clear_narrowing(self) -> None:
        self.week = None
        self.chart.select(None)
        if self.query.execution_id:
            self.query = replace(self.query, execution_id=None)
            self.reload()
        else:
            self._refresh_list()
            self._show_summary()

    def open_item(self, item: object) -> None:
        """From the Scripts tab's run history: that run's checkpoints, every other filter off."""
        self.switcher.show_view(0)
        # Every filter back to "all" quietly; the one reload below reads them all.
        filters = (self.provider, self.script, self.use_dates, self.search, *self.choices)
        quiet = [QSignalBlocker(widget) for widget in filters]
        self.provider.setCurrentIndex(0)
        self.script.setCurrentIndex(0)
        self.use_dates.setChecked(False)
        self.search.clear()
        for choice in self.choices:
            choice.clear()
        for blocker in quiet:
            blocker.unblock()
        self.week = None
        self.query = checkpoints_data.CheckpointQuery(
            execution_id=str(item), sort="decided", descending=False
        )
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.reload()

    def _page_loaded(self, first: bool) -> None:
        if not first:
            return
        self.empty.setVisible(self.model.rowCount() == 0)
        if not self.model.rowCount():
            self._show_detail(None)
            if not self.is_loaded:
                self.mark_loaded()
            return
        row = self.model.row_of(self._selected_id)
        self.table.selectRow(0 if row is None else row)

    def _sort_clicked(self, column: int) -> None:
        key = SORT_KEYS[column]
        if self.query.sort == key:
            descending = not self.query.descending
        else:
            descending = key in ("decided", "notes")
        self.query = replace(self.query, sort=key, descending=descending)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)
        self._refresh_list()

    def _view_shown(self, number: int) -> None:
        if number == 1:
            self.audit.load()  # approvals and triage made since are in it
            self.audit.table.setFocus()
        else:
            self.table.setFocus()

    def activated(self) -> None:
        self._view_shown(self.switcher.current)

    def show_named_view(self, name: str) -> None:
        self.switcher.show_named(name)

    # ---- detail ----------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(RowRole)
        if row is not None:
            self.show_checkpoint(row.id)

    def show_checkpoint(self, checkpoint_id: str) -> None:
        self._selected_id = checkpoint_id
        self.session.worker.submit(
            lambda v: checkpoints_data.detail(require_open(v), checkpoint_id),
            self._show_detail,
            self._failed,
            key="checkpoints.detail",
        )

    def _show_detail(self, info: checkpoints_data.CheckpointDetail | None) -> None:
        self.info = info
        self.open_script.setEnabled(info is not None and bool(info.run.get("script_id")))
        self.timeline.clear()
        if info is None:
            self.detail.setHtml("<p><i>Select a decision to see its context and its run.</i></p>")
            fill_tree(self.context, JsonValue(None, None, True), "No context.")
            self.run_label.clear()
            return
        self.detail.setHtml(detail_html(info))
        fill_tree(self.context, info.context, "No context recorded.")
        show_text(self.run_label, run_text(info.run))
        for number, step in enumerate(info.timeline, start=1):
            entry = QListWidgetItem(
                status_icon(step.decision),
                f"{number}. {exact(step.decided_at)} · {words(step.type)} · "
                f"{words(step.decision)} — {step.description}",
            )
            entry.setData(Qt.ItemDataRole.UserRole, step.id)
            entry.setToolTip(step.proposed_action)
            if step.id == info.row["id"]:
                font = QFont(entry.font())
                font.setBold(True)
                entry.setFont(font)
                entry.setIcon(type_icon(step.type))
            self.timeline.addItem(entry)
            if step.id == info.row["id"]:
                self.timeline.setCurrentItem(entry)
        if not self.is_loaded:
            self.mark_loaded()

    def _timeline_item(self, item: QListWidgetItem) -> None:
        checkpoint_id = str(item.data(Qt.ItemDataRole.UserRole))
        if self.info is None or checkpoint_id != self.info.row["id"]:
            self.show_checkpoint(checkpoint_id)

    def _open_script(self) -> None:
        if self.info is not None and self.info.run.get("script_id"):
            self.navigate.emit("scripts", self.info.run["script_id"])

    # ---- export ----------------------------------------------------------------------

    def _export(self, fmt: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export decisions", f"checkpoints.{fmt}", f"{fmt.upper()} (*.{fmt})"
        )
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, target: Path, fmt: str) -> None:
        query = self.list_query()
        self.export.setEnabled(False)
        self.session.status.emit("Exporting decisions…")

        def done(count: int) -> None:
            self.export.setEnabled(True)
            self.session.status.emit(f"Exported {count:,} decision(s) to {target}.")

        def failed(error: JobError) -> None:
            self.export.setEnabled(True)
            self._failed(error)

        self.session.worker.submit(
            lambda v: checkpoints_data.export_to_file(require_open(v), query, fmt, target),
            done,
            failed,
        )

    def _failed(self, error: JobError) -> None:
        self.report(error)
        if not self.is_loaded:
            self.mark_loaded()
