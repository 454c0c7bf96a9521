"""Checkpoints: who allowed what, when, on which run of which script, and why (read-only),
plus the audit trail of every automation change made here."""

from __future__ import annotations

from dataclasses import replace
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
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.formatting import exact, status_icon, week_label, words
from automation_admin.gui.live.links import ListFilter
from automation_admin.gui.live.list_refresh import ListRefresher
from automation_admin.gui.live.new_rows_bar import NewRowsBar, with_bar
from automation_admin.gui.qtmodels.checkpoints_model import (
    COL_DECIDED,
    COL_DESCRIPTION,
    COLUMNS,
    OPTIONAL,
    type_icon,
)
from automation_admin.gui.qtmodels.headers import widths
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.checkpoints.audit_view import AuditView
from automation_admin.gui.tabs.checkpoints.presenter import CheckpointsPresenter
from automation_admin.gui.tabs.checkpoints.summary import detail_html, run_text
from automation_admin.gui.tabs.checkpoints.weekly_chart import WeeklyChart
from automation_admin.gui.widgets.choices import add_choice, append_choices, choice_box
from automation_admin.gui.widgets.date_range import date_range_edits, range_from
from automation_admin.gui.widgets.fit_columns import ColumnFitter
from automation_admin.gui.widgets.json_tree import fill_tree, key_value_tree
from automation_admin.gui.widgets.list_table import empty_state, list_table, sort_by_header
from automation_admin.gui.widgets.menu_button import MenuButton
from automation_admin.gui.widgets.multi_choice import MultiChoice
from automation_admin.gui.widgets.row_keys import install_row_keys
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.gui.widgets.view_switcher import ViewSwitcher
from automation_admin.gui.worker import JobError
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.live.watch import Changes
from automation_admin.models.schema.enums import CHECKPOINT_TYPES, DECISIONS
from automation_admin.models.store.jsonview import JsonValue


class CheckpointsTab(BaseTab):
    title = "Checkpoints"
    watches = frozenset({"hitl_checkpoints", "automation_scripts", "audit_events"})

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.presenter = CheckpointsPresenter(self.jobs)
        self.model = self.presenter.model
        self._scripts_stale = False  # scripts were written since the filter was filled
        self._weeks_stale = False  # decisions were written since the chart was counted
        decisions_page = QWidget()
        page_layout = QVBoxLayout(decisions_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(self._filter_row())
        page_layout.addLayout(self._summary_row())
        page_layout.addWidget(self._chart())
        page_layout.addWidget(self._list_and_detail(), 1)
        self.audit = AuditView(self.jobs)
        self.refresher = ListRefresher(
            self.table, self.model, self.jobs, "checkpoints.live", self.new_rows
        )
        self.switcher = ViewSwitcher(
            [("decisions", "Decisions", decisions_page), ("audit", "Audit trail", self.audit)]
        )
        self.views, self.pages = self.switcher.buttons, self.switcher.pages
        layout = QVBoxLayout(self)
        layout.addWidget(self.switcher)
        self._connect()
        self.presenter.clear_detail()

    # ---- layout ----------------------------------------------------------------------

    def _filter_row(self) -> QHBoxLayout:
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
        self.search.setPlaceholderText("Search decisions")
        self.search.setToolTip("Words in the description, the proposed action or the notes")
        self.search.setAccessibleName("Search checkpoints")
        self.search.setClearButtonEnabled(True)
        self.export = MenuButton("Export")
        self.export.setAccessibleName("Export")
        menu = QMenu(self.export)
        menu.addAction("Listed decisions as CSV…", lambda: self._export("csv"))
        menu.addAction("Listed decisions as JSON…", lambda: self._export("json"))
        self.export.setMenu(menu)
        row = QHBoxLayout()
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
            row.addWidget(widget)
        row.addWidget(self.search, 1)
        row.addWidget(self.export)
        return row

    def _summary_row(self) -> QHBoxLayout:
        self.summary = plain_label()  # names scripts and providers any program may have written
        self.summary.setText("Counting decisions")
        self.summary.setAccessibleName("Filter summary")
        self.narrowing = QPushButton()
        self.narrowing.setToolTip("Show every decision the other filters allow")
        self.narrowing.hide()
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.narrowing)
        return row

    def _chart(self) -> WeeklyChart:
        self.chart = WeeklyChart()
        self.chart.setMinimumHeight(120)
        self.chart.setMaximumHeight(160)
        return self.chart

    def _list_and_detail(self) -> QSplitter:
        self.table = list_table(
            "Checkpoint decisions",
            self.model,
            widths(COLUMNS),
            stretch=COL_DESCRIPTION,
            sortable=True,
        )
        header = self.table.horizontalHeader()
        header.setSortIndicator(COL_DECIDED, Qt.SortOrder.DescendingOrder)
        self.columns = ColumnFitter(self.table, COL_DESCRIPTION, OPTIONAL, 170)
        install_row_keys(self.table)
        self.empty = empty_state("No decisions match these filters.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_rows = NewRowsBar(self.table, "decision", "decisions")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(with_bar(self.new_rows, self.table), 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("checkpoints-split")
        split.addWidget(left)
        split.addWidget(self._detail_pane())
        split.setSizes([820, 440])
        split.setStretchFactor(0, 1)
        self.split = split
        return split

    def _detail_pane(self) -> QSplitter:
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Checkpoint details")
        self.context = key_value_tree("Checkpoint context", "Context")
        # The decision, its context and its run each get room the user can move.
        pane = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.detail, self.context, self._run_box()):
            pane.addWidget(widget)
            pane.setCollapsible(pane.indexOf(widget), False)
        pane.setSizes([230, 170, 230])
        return pane

    def _run_box(self) -> QWidget:
        self.run_label = plain_label()
        self.run_label.setAccessibleName("Run")
        self.timeline = QListWidget()
        self.timeline.setAccessibleName("This run's checkpoints in order")
        self.timeline.setWordWrap(True)  # each step whole, on as many lines as it needs
        self.timeline.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline.setMinimumHeight(90)
        self.open_script = QPushButton("Open the script in Scripts")
        self.open_script.setAccessibleName("Open the script in Scripts")
        self.open_script.setEnabled(False)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.run_label)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.open_script)
        return box

    def _connect(self) -> None:
        presenter = self.presenter
        presenter.scripts_loaded.connect(self._scripts_loaded)
        presenter.weeks_loaded.connect(self._weeks_loaded)
        presenter.narrowed.connect(self._show_narrowing)
        presenter.summary_changed.connect(self._show_summary)
        presenter.detail_loaded.connect(self._show_detail)
        self.model.page_loaded.connect(self._page_loaded)
        self.narrowing.clicked.connect(self.clear_narrowing)
        self.chart.week_clicked.connect(self.pick_week)
        self.table.horizontalHeader().sectionClicked.connect(self._sort_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.timeline.itemActivated.connect(self._timeline_item)
        self.timeline.itemClicked.connect(self._timeline_item)
        self.open_script.clicked.connect(self._open_script)
        self.switcher.switched.connect(self._view_shown)
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

    # ---- loading ---------------------------------------------------------------------

    @property
    def query(self) -> checkpoints_data.CheckpointQuery:
        """What the chart counts (the list may be narrowed to one week of it)."""
        return self.presenter.query

    @property
    def week(self) -> str | None:
        return self.presenter.week

    @property
    def weeks(self) -> checkpoints_data.Weeks | None:
        return self.presenter.weeks

    @property
    def info(self) -> checkpoints_data.CheckpointDetail | None:
        return self.presenter.info

    def load(self) -> None:
        self._load_scripts()
        self.reload()

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        self.presenter.set_provider_names(providers)
        append_choices(self.provider, ((name, pid) for pid, name in providers))

    def _load_scripts(self) -> None:
        self.presenter.load_scripts(self.provider.currentData() or None)

    def _scripts_loaded(self, scripts: list[tuple[str, str]]) -> None:
        chosen = self.script.currentData()
        blocker = QSignalBlocker(self.script)
        self.script.clear()
        self.script.addItem("All scripts", "")
        for script_id, label in scripts:
            add_choice(self.script, label, script_id)
        found = self.script.findData(chosen) if chosen else 0
        self.script.setCurrentIndex(max(found, 0))
        blocker.unblock()
        if chosen and found < 0:
            self.reload()  # the chosen script belongs to another provider

    def _provider_changed(self) -> None:
        self._load_scripts()
        self.reload()

    def current_query(self) -> checkpoints_data.CheckpointQuery:
        """The presenter's query (its sort, the run it shows) with what the form says now."""
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = self.date_from.date().toString("yyyy-MM-dd")
            date_to = self.date_to.date().toString("yyyy-MM-dd")
        return replace(
            self.presenter.query,
            types=self.types.values(),
            decisions=self.decisions.values(),
            provider=self.provider.currentData() or None,
            script_id=self.script.currentData() or None,
            date_from=date_from,
            date_to=date_to,
            text=self.search.text(),
        )

    def reload(self) -> None:
        self.new_rows.clear()
        self.presenter.reload(self.current_query())

    def live_refresh(self, changes: Changes) -> None:
        if "hitl_checkpoints" in changes.tables or changes.unexplained:
            self.refresher.refresh(checkpoints_data.page, self.presenter.list_query())
            # Counting every week walks every decision: only for a chart someone can see.
            if self.isVisible():
                self.presenter.recount()
            else:
                self._weeks_stale = True
        if "automation_scripts" in changes.tables:
            # A new script has no decisions yet: its filter entry can wait until the tab is
            # next brought to the front (refilling thousands of entries is not free).
            self._scripts_stale = True
        if "audit_events" in changes.tables or changes.unexplained:
            self.audit.live_refresh()

    def _weeks_loaded(self) -> None:
        if self.presenter.weeks is not None:
            self.chart.set_weeks(self.presenter.weeks, self.presenter.week)

    def _show_summary(self) -> None:
        show_text(self.summary, self.presenter.summary())

    def _show_narrowing(self) -> None:
        week, run = self.presenter.week, self.presenter.query.execution_id
        if week is not None:
            self.narrowing.setText(f"Week {week_label(week)}  ✕")
        elif run:
            self.narrowing.setText("One run only  ✕")
        self.narrowing.setAccessibleName(self.narrowing.text().replace("✕", "").strip())
        self.narrowing.setVisible(week is not None or bool(run))

    def pick_week(self, monday: str) -> None:
        self.presenter.pick_week(monday)
        self.chart.select(self.presenter.week)

    def clear_narrowing(self) -> None:
        self.chart.select(None)
        if self.presenter.clear_narrowing():
            self.reload()

    def open_item(self, item: object) -> None:
        """From the Scripts tab's run history: that run's checkpoints, every other filter off.
        From the summary after unlock: the audit trail of one type, or the decisions, from a
        day on."""
        if isinstance(item, ListFilter):
            self._open_filter(item)
            return
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
        self.presenter.open_run(str(item))
        self.table.horizontalHeader().setSortIndicator(COL_DECIDED, Qt.SortOrder.AscendingOrder)
        self.reload()

    def _open_filter(self, wanted: ListFilter) -> None:
        if wanted.event_type is not None:
            self.switcher.show_named("audit")
            self.audit.show_filtered(wanted.event_type, wanted.since_day)
            return
        self.switcher.show_view(0)
        quiet = QSignalBlocker(self.decisions)
        self.decisions.set_values(wanted.decisions)
        quiet.unblock()
        range_from(self.use_dates, self.date_from, self.date_to, wanted.since_day)
        self.reload()

    def _page_loaded(self, first: bool) -> None:
        if not first:
            return
        self.empty.setVisible(self.model.rowCount() == 0)
        if not self.model.rowCount():
            self.presenter.clear_detail()
            if not self.is_loaded:
                self.mark_loaded()
            return
        row = self.model.row_of(self.presenter.selected_id)
        self.table.selectRow(0 if row is None else row)

    def _sort_clicked(self, column: int) -> None:
        sort_by_header(self.table, column, self.presenter.sort_by)  # the presenter lists again

    def _view_shown(self, number: int) -> None:
        if number == 1:
            self.audit.load()  # approvals and triage made since are in it
            self.audit.table.setFocus()
        else:
            self.table.setFocus()

    def activated(self) -> None:
        if self._scripts_stale:
            self._scripts_stale = False
            self._load_scripts()
        if self._weeks_stale:
            self._weeks_stale = False
            self.presenter.recount()
        self._view_shown(self.switcher.current)

    def show_named_view(self, name: str) -> None:
        self.switcher.show_named(name)

    # ---- detail ----------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(RowRole)
        if row is not None:
            self.show_checkpoint(row.id)

    def show_checkpoint(self, checkpoint_id: str) -> None:
        self.presenter.show(checkpoint_id)

    def _show_detail(self, info: checkpoints_data.CheckpointDetail | None) -> None:
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
        self._fill_timeline(info)
        if not self.is_loaded:
            self.mark_loaded()

    def _fill_timeline(self, info: checkpoints_data.CheckpointDetail) -> None:
        """The run's checkpoints in order; the one shown in bold, with its type's icon."""
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

    def _timeline_item(self, item: QListWidgetItem) -> None:
        checkpoint_id = str(item.data(Qt.ItemDataRole.UserRole))
        info = self.presenter.info
        if info is None or checkpoint_id != info.row["id"]:
            self.show_checkpoint(checkpoint_id)

    def _open_script(self) -> None:
        info = self.presenter.info
        if info is not None and info.run.get("script_id"):
            self.navigate.emit("scripts", info.run["script_id"])

    # ---- export ----------------------------------------------------------------------

    def _export(self, fmt: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export decisions", f"checkpoints.{fmt}", f"{fmt.upper()} (*.{fmt})"
        )
        if path:
            self.export_to(Path(path), fmt)

    def export_to(self, target: Path, fmt: str) -> None:
        self.export.setEnabled(False)
        self.session.status.emit("Exporting decisions…")

        def done(count: int) -> None:
            self.export.setEnabled(True)
            self.session.status.emit(f"Exported {count:,} decision(s) to {target}.")

        def failed(error: JobError) -> None:
            self.export.setEnabled(True)
            self.failed(error)

        self.presenter.export(target, fmt, done, failed)
