"""Scripts: review and approve AI-written automation scripts; the program never runs them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.formatting import exact, status_icon, words
from automation_admin.gui.live.links import ListFilter
from automation_admin.gui.live.list_refresh import ListRefresher
from automation_admin.gui.live.new_rows_bar import NewRowsBar, with_bar
from automation_admin.gui.qtmodels.headers import widths
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.qtmodels.scripts_model import (
    COL_TITLE,
    QUEUE_COLUMNS,
    QUEUE_OPTIONAL,
    RUN_COLUMNS,
    RUN_ERROR,
    RUN_RESULT,
    RUN_SCREENSHOTS,
    run_words,
)
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.scripts.approve_dialog import ApproveDialog
from automation_admin.gui.tabs.scripts.code_view import CodeView
from automation_admin.gui.tabs.scripts.presenter import ScriptsPresenter
from automation_admin.gui.tabs.scripts.reject_dialog import RejectDialog
from automation_admin.gui.tabs.scripts.review_panel import show_review
from automation_admin.gui.tabs.scripts.stale_notice import StaleNotice
from automation_admin.gui.tabs.scripts.summary import header_html
from automation_admin.gui.widgets.choices import append_choices, choice_box, enum_box
from automation_admin.gui.widgets.fit_columns import ColumnFitter
from automation_admin.gui.widgets.json_tree import fill_tree, key_value_tree
from automation_admin.gui.widgets.list_table import list_table
from automation_admin.gui.widgets.row_keys import install_row_keys, widget_key
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.gui.worker import JobError
from automation_admin.models.live.watch import Changes
from automation_admin.models.schema.enums import APPROVAL_STATUSES, TASK_TYPES, ApprovalStatus
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.scripts.decisions import Rejection
from automation_admin.models.security.screenshots import EXPIRED, OUTSIDE_TEXT, PRESENT


class ScriptsTab(BaseTab):
    title = "Scripts"
    badge = Signal(int)
    watches = frozenset({"automation_scripts", "automation_executions"})

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.presenter = ScriptsPresenter(self.jobs)
        self.model, self.runs = self.presenter.model, self.presenter.runs
        self.provider_names: dict[str, str] = {}
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._queue_pane())
        split.addWidget(self._detail_pane())
        split.setSizes([560, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.refresher = ListRefresher(
            self.queue, self.model, self.jobs, "scripts.live", self.new_rows
        )
        self.runs_refresher = ListRefresher(self.runs_view, self.runs, self.jobs, "runs.live")
        self._connect()
        self._shortcuts()
        self._set_actions(None)

    # ---- layout ----------------------------------------------------------------------

    def _queue_pane(self) -> QWidget:
        self.status = enum_box("Approval status", "All statuses", APPROVAL_STATUSES)
        self.provider = choice_box("Provider", [("All providers", "")])
        self.task = enum_box("Task type", "All tasks", TASK_TYPES)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles")
        self.search.setAccessibleName("Search titles")
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        for widget in (self.status, self.provider, self.task):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        self.queue = list_table(
            "Script queue", self.model, widths(QUEUE_COLUMNS), alternating=False
        )
        self.queue_columns = ColumnFitter(self.queue, COL_TITLE, QUEUE_OPTIONAL, 220)
        self.new_rows = NewRowsBar(self.queue, "script", "scripts")
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(with_bar(self.new_rows, self.queue), 1)
        return pane

    def _detail_pane(self) -> QWidget:
        self.header = QTextBrowser()
        self.header.setAccessibleName("Script details")
        self.header.setMaximumHeight(130)
        self.pages = QTabWidget()
        self.pages.addTab(self._review_page(), "Review")
        self.pages.addTab(self._plan_page(), "Research and plan")
        self.pages.addTab(self._versions_page(), "Versions")
        self.pages.addTab(self._runs_page(), "Run history")
        self.auto_reason = plain_label()
        self.auto_reason.setProperty("role", "hint")
        self.stale_notice = StaleNotice()
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stale_notice)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self._action_row())
        # Its own line: the reason can be long, and in the row it would widen the whole pane.
        layout.addWidget(self.auto_reason)
        return pane

    def _review_page(self) -> QWidget:
        self.rejection = plain_label()  # the reason another program may have written
        self.rejection.setAccessibleName("Why it was rejected")
        self.rejection.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rejection.hide()
        self.verdict = plain_label()
        self.verdict.setAccessibleName("Review verdict")
        for label in (self.rejection, self.verdict):  # clear of the pane's edge
            label.setContentsMargins(4, 3, 4, 3)
        self.review = QListWidget()
        self.review.setAccessibleName("Review findings")
        self.review.setMaximumHeight(170)
        self.code = CodeView()
        self.find_in_code = QLineEdit()
        self.find_in_code.setPlaceholderText("Find in code (Ctrl+F, Enter for next)")
        self.find_in_code.setAccessibleName("Find in code")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.rejection, self.verdict, self.review, self.find_in_code):
            layout.addWidget(widget)
        layout.addWidget(self.code, 1)
        return page

    def _plan_page(self) -> QSplitter:
        self.research = key_value_tree("Research", "Research")
        self.plan = key_value_tree("Plan", "Plan")
        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(self.plan)
        page.addWidget(self.research)
        return page

    def _versions_page(self) -> QWidget:
        self.versions = QListWidget()
        self.versions.setAccessibleName("Versions")
        self.versions.setMaximumHeight(110)
        self.diff = QPlainTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setAccessibleName("Changes since the last approved version")
        self.diff.setFont(self.code.font())
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.versions)
        layout.addWidget(self.diff, 1)
        return page

    def _runs_page(self) -> QWidget:
        self.runs_view = list_table(
            "Run history", self.runs, widths(RUN_COLUMNS), stretch=RUN_ERROR, alternating=False
        )
        # The selected run is shown in full below (with its screenshots): the table keeps
        # the columns that fit.
        self.runs_columns = ColumnFitter(
            self.runs_view, RUN_ERROR, (RUN_SCREENSHOTS, RUN_RESULT), 140
        )
        # The selected run in full: cells elide, this wraps.
        self.run_detail = plain_label()  # a run's error and summary: any program's text
        self.run_detail.setAccessibleName("Selected run")
        self.run_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shots = QHBoxLayout()
        self.shots_box = QWidget()
        self.shots_box.setLayout(self.shots)
        self.open_checkpoints = QPushButton("Show this run's checkpoints")
        self.open_checkpoints.setAccessibleName("Show this run's checkpoints")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.runs_view, 1)
        layout.addWidget(self.run_detail)
        layout.addWidget(self.shots_box)
        layout.addWidget(self.open_checkpoints)
        return page

    def _action_row(self) -> QHBoxLayout:
        approve = ApprovalStatus.APPROVED.words.action
        self.approve_button = QPushButton(f"{approve} (A)")
        self.approve_button.setAccessibleName(approve)
        self.approve_button.setProperty("primary", True)
        reject = ApprovalStatus.REJECTED.words.action
        self.reject_button = QPushButton(f"{reject} (X)")
        self.reject_button.setAccessibleName(reject)
        pending = ApprovalStatus.PENDING.words.action
        self.pending_button = QPushButton(pending)
        self.pending_button.setAccessibleName(pending)
        self.auto = QCheckBox("Repeat runs without review")
        self.auto.setAccessibleName("Repeat runs without review")
        row = QHBoxLayout()
        for widget in (self.approve_button, self.reject_button, self.pending_button, self.auto):
            row.addWidget(widget)
        row.addStretch()
        return row

    def _connect(self) -> None:
        self.presenter.detail_loaded.connect(self._show)
        self.presenter.rejection_loaded.connect(self._show_rejection)
        self.presenter.decided.connect(self._decided)
        self.presenter.message.connect(self.session.status)
        self.presenter.badge.connect(self.badge)
        self.presenter.stale.connect(self.stale_notice.say)
        self.presenter.detail_refreshed.connect(self._header_refreshed)
        self.stale_notice.show_requested.connect(self.show_script)
        self.model.page_loaded.connect(self._page_loaded)
        self.queue.selectionModel().currentRowChanged.connect(self._row_changed)
        self.review.itemActivated.connect(self._jump)
        self.review.itemClicked.connect(self._jump)
        self.find_in_code.returnPressed.connect(
            lambda: self.code.find_text(self.find_in_code.text())
        )
        self.versions.itemActivated.connect(self._open_version)
        self.runs_view.selectionModel().currentRowChanged.connect(self._run_changed)
        self.open_checkpoints.clicked.connect(self._to_checkpoints)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.pending_button.clicked.connect(self.return_to_pending)
        self.auto.clicked.connect(self._auto_clicked)
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.provider.currentIndexChanged.connect(lambda _i: self.reload())
        self.task.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.textChanged.connect(lambda _t: self.reload())

    def _shortcuts(self) -> None:
        install_row_keys(self.queue)
        widget_key(self.queue, "A", self.approve)
        widget_key(self.queue, "X", self.reject)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._find)

    # ---- loading ---------------------------------------------------------------------

    @property
    def info(self) -> scripts_data.ScriptDetail | None:
        """The script shown."""
        return self.presenter.info

    def load(self) -> None:
        self.reload()
        self.presenter.count_pending()

    def live_refresh(self, changes: Changes) -> None:
        if "automation_scripts" in changes.tables or changes.unexplained:
            self.refresher.refresh(scripts_data.queue_page, self.presenter.query)
            self.presenter.count_pending()
            self.presenter.live_check()
        if "automation_executions" in changes.tables and self.info is not None:
            self.runs_refresher.refresh(scripts_data.runs_page, self.info.row["id"])
            self.presenter.live_check()  # the header's run count

    def _header_refreshed(self, info: scripts_data.ScriptDetail) -> None:
        provider = self.provider_names.get(info.row["provider"], info.row["provider"])
        self.header.setHtml(header_html(info, provider))

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        self.provider_names = dict(providers)
        self.presenter.set_provider_names(self.provider_names)
        append_choices(self.provider, ((name, pid) for pid, name in providers))

    def reload(self) -> None:
        self.new_rows.clear()
        status = self.status.currentData()
        self.presenter.reload(
            scripts_data.ScriptQuery(
                (status,) if status else (),
                self.provider.currentData() or None,
                self.task.currentData() or None,
                self.search.text(),
            )
        )

    def _page_loaded(self, first: bool) -> None:
        if first:
            row = self.model.row_of(self.presenter.shown_id)
            if row is not None or self.model.rowCount():
                self.queue.selectRow(0 if row is None else row)  # else the oldest pending
            if not self.model.rowCount() and not self.is_loaded:
                self.mark_loaded()

    def activated(self) -> None:
        self.queue.setFocus()

    def _find_next(self) -> None:
        self.code.find_text(self.find_in_code.text())

    def _find(self) -> None:
        self.pages.setCurrentIndex(0)
        self.find_in_code.setFocus()
        self.find_in_code.selectAll()

    # ---- detail ----------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        script = current.data(RowRole)
        if script is None:
            return
        self.show_script(script.id)

    def show_script(self, script_id: str) -> None:
        self.presenter.show(script_id)

    def open_item(self, item: object) -> None:
        if isinstance(item, ListFilter):
            if item.status is not None:
                self.status.setCurrentIndex(max(self.status.findData(item.status), 0))
            if item.script_id is not None:
                self.show_script(item.script_id)
                self.pages.setCurrentIndex(3)  # its run history
            return
        self.show_script(str(item))

    def _show(self, info: scripts_data.ScriptDetail) -> None:
        self.stale_notice.hide()
        row = info.row
        provider = self.provider_names.get(row["provider"], row["provider"])
        self.header.setHtml(header_html(info, provider))
        show_review(self.verdict, self.review, info.review)
        self.code.setPlainText(row["script_content"])
        fill_tree(self.plan, info.plan, "No plan recorded.")
        fill_tree(self.research, info.research, "No research recorded.")
        self._show_versions(info)
        self._set_actions(info)
        if not self.is_loaded:
            self.mark_loaded()

    def _show_rejection(self, rejection: Rejection | None) -> None:
        """A rejected script says why first; the review below is of its text only."""
        if rejection is None:
            self.rejection.hide()
            return
        reason = rejection.reason or "no reason was recorded"
        show_text(
            self.rejection,
            f"⛔ Rejected {exact(rejection.decided_at)} by its reviewer: {reason}. "
            "The automatic review below looks at the text only.",
        )
        self.rejection.show()

    def _show_versions(self, info: scripts_data.ScriptDetail) -> None:
        self.versions.clear()
        for version in info.versions:
            entry = QListWidgetItem(
                status_icon(version.status),
                f"v{version.version} · {words(version.status)} · {exact(version.created_at)}",
            )
            entry.setData(Qt.ItemDataRole.UserRole, version.id)
            self.versions.addItem(entry)
        self.diff.setPlainText(
            "\n".join(info.diff) if info.diff else "No earlier approved version to compare with."
        )

    def _set_actions(self, info: scripts_data.ScriptDetail | None) -> None:
        writable = info is not None and not self.profile.read_only
        status = info.row["approval_status"] if info else None
        self.approve_button.setEnabled(
            writable and status != ApprovalStatus.APPROVED and not (info and info.review.blocked)
        )
        self.reject_button.setEnabled(writable and status != ApprovalStatus.REJECTED)
        self.pending_button.setEnabled(writable and status == ApprovalStatus.REJECTED)
        blocked = info.auto_approve_blocked if info else None
        self.auto.setChecked(bool(info and info.row["auto_approve_repeat"]))
        self.auto.setEnabled(writable and status == ApprovalStatus.APPROVED and not blocked)
        self.auto_reason.setText(
            f"Not offered: {blocked}."
            if blocked
            else ""
            if status == ApprovalStatus.APPROVED
            else "Approve first."
        )

    def _jump(self, item: QListWidgetItem) -> None:
        line = item.data(Qt.ItemDataRole.UserRole)
        if line:
            self.pages.setCurrentIndex(0)
            self.code.go_to_line(int(line))

    def _open_version(self, item: QListWidgetItem) -> None:
        self.show_script(str(item.data(Qt.ItemDataRole.UserRole)))

    # ---- runs ------------------------------------------------------------------------

    def _run_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        while self.shots.count():
            item = self.shots.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        run = current.data(RowRole)
        show_text(self.run_detail, run_words(run) if run is not None else "")
        if run is None:
            return
        for path, state in run.screenshots:
            if state == PRESENT:
                self.shots.addWidget(self._thumbnail(path))
            else:
                self.shots.addWidget(_unshown("expired" if state == EXPIRED else OUTSIDE_TEXT))
        self.shots.addStretch()

    def _thumbnail(self, path: str) -> QPushButton:
        button = QPushButton()
        button.setIcon(QPixmap(path))
        button.setIconSize(
            QPixmap(path).size().scaled(160, 100, Qt.AspectRatioMode.KeepAspectRatio)
        )
        button.setToolTip(f"{path}\nClick to open full size")
        button.setAccessibleName(f"Screenshot {path}")
        button.clicked.connect(lambda _=False, p=path: self._full_size(p))
        return button

    def _full_size(self, path: str) -> None:
        from PySide6.QtWidgets import QDialog, QScrollArea

        dialog = QDialog(self)
        dialog.setWindowTitle(path)
        view = QLabel()
        view.setPixmap(QPixmap(path))
        view.setAccessibleName("Screenshot")
        scroll = QScrollArea()
        scroll.setWidget(view)
        layout = QVBoxLayout(dialog)
        layout.addWidget(scroll)
        dialog.resize(
            min(1000, view.sizeHint().width() + 40), min(760, view.sizeHint().height() + 40)
        )
        dialog.open()

    def _to_checkpoints(self) -> None:
        run = self.runs_view.currentIndex().data(RowRole)
        if run is not None:
            self.navigate.emit("checkpoints", run.id)

    # ---- decisions -------------------------------------------------------------------

    def approve(self) -> None:
        info = self.info
        if info is None or not self.approve_button.isEnabled():
            return
        if self.presenter.stale_note is not None:
            # What is on screen is not what is stored: approval is only for what was reviewed.
            self.session.status.emit(
                f"Not approved: {self.presenter.stale_note} Review it as it is now first."
            )
            return
        acknowledged: list[str] = []
        if info.review.warnings:  # each one ticked in the dialog, or no approval
            dialog = ApproveDialog(info.row["title"], info.row["version"], info.review, self)
            if dialog.exec() != ApproveDialog.DialogCode.Accepted:
                return
            acknowledged = dialog.acknowledged()
        elif (
            QMessageBox.question(
                self,
                "Approve script",
                f"Approve “{info.row['title']}” v{info.row['version']}?\n\n{info.review.verdict}",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        script_id = info.row["id"]

        def refused(error: JobError) -> None:
            self.failed(error)
            self.show_script(script_id)  # as it is now, to be reviewed again

        self.presenter.approve(script_id, info.seen, acknowledged, refused)

    def reject(self) -> None:
        info = self.info
        if info is None or not self.reject_button.isEnabled():
            return
        dialog = RejectDialog(info.row["title"], self)
        if dialog.exec() != RejectDialog.DialogCode.Accepted:
            return
        self.presenter.reject(info.row["id"], dialog.reason.text(), info.seen)

    def return_to_pending(self) -> None:
        if self.info is not None:
            self.presenter.return_to_pending(self.info.row["id"])

    def _auto_clicked(self, on: bool) -> None:
        if self.info is not None:
            self.presenter.set_auto_approve(self.info.row["id"], on, self.info.seen)

    def _decided(self, row: dict[str, Any]) -> None:
        current = self.queue.currentIndex().row()
        if current + 1 < self.model.rowCount() and row["approval_status"] != ApprovalStatus.PENDING:
            self.queue.selectRow(current + 1)

    def failed(self, error: JobError) -> None:
        if self.info is not None:
            self._set_actions(self.info)  # a refused decision leaves the buttons as they were
        super().failed(error)


def _unshown(why: str) -> QLabel:
    """In place of a screenshot that is gone or that lies outside the profile's folder."""
    label = QLabel(why)
    label.setAccessibleName(f"Screenshot {why}")
    return label
