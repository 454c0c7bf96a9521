"""Scripts: review and approve AI-written automation scripts; the program never runs them."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
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
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.formatting import exact, status_icon, words
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.qtmodels.scripts_model import RunsModel, ScriptsModel
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.scripts.code_view import CodeView
from automation_admin.gui.tabs.scripts.reject_dialog import RejectDialog
from automation_admin.gui.widgets.choices import append_choices, choice_box, enum_box
from automation_admin.gui.widgets.json_tree import fill_tree
from automation_admin.gui.widgets.list_table import list_table
from automation_admin.gui.widgets.row_keys import install_row_keys, widget_key
from automation_admin.gui.widgets.vault_text import plain_label
from automation_admin.gui.worker import JobError, page_fetcher, require_open
from automation_admin.models.schema.enums import APPROVAL_STATUSES, TASK_TYPES
from automation_admin.models.scripts import service as scripts_data

SEVERITY_ICONS = {"blocker": "error", "warning": "warning", "info": "info"}


class ScriptsTab(BaseTab):
    title = "Scripts"

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.info: scripts_data.ScriptDetail | None = None
        self.provider_names: dict[str, str] = {}

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

        self.model = ScriptsModel()
        self.queue = list_table(
            "Script queue", self.model, (100, 100, 130, 260, 60), alternating=False
        )
        self.queue.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.page_loaded.connect(self._page_loaded)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.queue, 1)

        self.header = QTextBrowser()
        self.header.setAccessibleName("Script details")
        self.header.setMaximumHeight(130)
        self.verdict = plain_label()
        self.verdict.setAccessibleName("Review verdict")
        self.review = QListWidget()
        self.review.setAccessibleName("Review findings")
        self.review.setMaximumHeight(120)
        self.review.itemActivated.connect(self._jump)
        self.review.itemClicked.connect(self._jump)
        self.code = CodeView()
        self.find = QLineEdit()
        self.find.setPlaceholderText("Find in code (Ctrl+F, Enter for next)")
        self.find.setAccessibleName("Find in code")
        self.find.returnPressed.connect(lambda: self.code.find_text(self.find.text()))
        review_page = QWidget()
        review_layout = QVBoxLayout(review_page)
        review_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.verdict, self.review, self.find):
            review_layout.addWidget(widget)
        review_layout.addWidget(self.code, 1)

        self.research = QTreeWidget()
        self.research.setHeaderLabels(["Research", ""])
        self.research.setAccessibleName("Research")
        self.plan = QTreeWidget()
        self.plan.setHeaderLabels(["Plan", ""])
        self.plan.setAccessibleName("Plan")
        plan_page = QSplitter(Qt.Orientation.Vertical)
        plan_page.addWidget(self.plan)
        plan_page.addWidget(self.research)

        self.versions = QListWidget()
        self.versions.setAccessibleName("Versions")
        self.versions.setMaximumHeight(110)
        self.versions.itemActivated.connect(self._open_version)
        self.diff = QPlainTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setAccessibleName("Changes since the last approved version")
        self.diff.setFont(self.code.font())
        versions_page = QWidget()
        versions_layout = QVBoxLayout(versions_page)
        versions_layout.setContentsMargins(0, 0, 0, 0)
        versions_layout.addWidget(self.versions)
        versions_layout.addWidget(self.diff, 1)

        self.runs = RunsModel()
        self.runs_view = list_table("Run history", self.runs, alternating=False)
        self.runs_view.selectionModel().currentRowChanged.connect(self._run_changed)
        self.shots = QHBoxLayout()
        self.shots_box = QWidget()
        self.shots_box.setLayout(self.shots)
        self.open_checkpoints = QPushButton("Show this run's checkpoints")
        self.open_checkpoints.setAccessibleName("Show this run's checkpoints")
        self.open_checkpoints.clicked.connect(self._to_checkpoints)
        runs_page = QWidget()
        runs_layout = QVBoxLayout(runs_page)
        runs_layout.setContentsMargins(0, 0, 0, 0)
        runs_layout.addWidget(self.runs_view, 1)
        runs_layout.addWidget(self.shots_box)
        runs_layout.addWidget(self.open_checkpoints)

        self.pages = QTabWidget()
        self.pages.addTab(review_page, "Review")
        self.pages.addTab(plan_page, "Research and plan")
        self.pages.addTab(versions_page, "Versions")
        self.pages.addTab(runs_page, "Run history")

        self.approve_button = QPushButton("Approve (A)")
        self.approve_button.setAccessibleName("Approve")
        self.approve_button.setProperty("primary", True)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button = QPushButton("Reject (X)")
        self.reject_button.setAccessibleName("Reject")
        self.reject_button.clicked.connect(self.reject)
        self.pending_button = QPushButton("Return to pending")
        self.pending_button.setAccessibleName("Return to pending")
        self.pending_button.clicked.connect(self.return_to_pending)
        self.auto = QCheckBox("Repeat runs without review")
        self.auto.setAccessibleName("Repeat runs without review")
        self.auto.clicked.connect(self._auto_clicked)
        self.auto_reason = plain_label()
        self.auto_reason.setProperty("role", "hint")
        actions = QHBoxLayout()
        for widget in (self.approve_button, self.reject_button, self.pending_button, self.auto):
            actions.addWidget(widget)
        actions.addStretch()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.pages, 1)
        right_layout.addLayout(actions)
        # Its own line: the reason can be long, and in the row it would widen the whole pane.
        right_layout.addWidget(self.auto_reason)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.provider.currentIndexChanged.connect(lambda _i: self.reload())
        self.task.currentIndexChanged.connect(lambda _i: self.reload())
        self.search.textChanged.connect(lambda _t: self.reload())
        install_row_keys(self.queue)
        widget_key(self.queue, "A", self.approve)
        widget_key(self.queue, "X", self.reject)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._find)
        self._set_actions(None)

    # ---- loading ---------------------------------------------------------------------

    def load(self) -> None:
        self.reload()

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        self.provider_names = dict(providers)
        self.model.provider_names = self.provider_names
        append_choices(self.provider, ((name, pid) for pid, name in providers))

    def reload(self) -> None:
        status = self.status.currentData()
        query = scripts_data.ScriptQuery(
            (status,) if status else (),
            self.provider.currentData() or None,
            self.task.currentData() or None,
            self.search.text(),
        )
        self.model.now = datetime.now(UTC)

        self.model.restart(
            page_fetcher(
                self.session.worker,
                lambda v, cursor: scripts_data.queue_page(v, query, cursor, self.model.page_rows),
                self._failed,
            )
        )

    def _page_loaded(self, first: bool) -> None:
        if first:
            row = self.model.row_of(self.info.row["id"] if self.info else None)
            if row is not None or self.model.rowCount():
                self.queue.selectRow(0 if row is None else row)  # else the oldest pending
            if not self.model.rowCount() and not self.is_loaded:
                self.mark_loaded()

    def activated(self) -> None:
        self.queue.setFocus()

    def _find(self) -> None:
        self.pages.setCurrentIndex(0)
        self.find.setFocus()
        self.find.selectAll()

    # ---- detail ----------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        script = current.data(RowRole)
        if script is None:
            return
        self.show_script(script.id)

    def show_script(self, script_id: str) -> None:
        self.session.worker.submit(
            lambda v: scripts_data.detail(require_open(v), script_id),
            self._show,
            self._failed,
            key="scripts.detail",
        )

    def open_item(self, item: object) -> None:
        self.show_script(str(item))

    def _show(self, info: scripts_data.ScriptDetail) -> None:
        self.info = info
        row = info.row
        e = html.escape
        last = (
            f"{words(row['last_execution_status'])} {exact(row['last_executed_at'])}"
            if row["last_executed_at"]
            else "never run"
        )
        provider = self.provider_names.get(row["provider"], row["provider"])
        self.header.setHtml(
            f"<h3>{e(row['title'])} <small>v{row['version']}</small></h3>"
            f"<p>{e(row['description'])}</p><p>{e(provider)} · {e(words(row['task_type']))} · "
            f"written by {e(row['model_used'])} · <b>{e(words(row['approval_status']))}</b>"
            f"<br>created {e(exact(row['created_at']))} · updated {e(exact(row['updated_at']))}"
            f" · {row['execution_count']} run(s), last: {e(last)}</p>"
        )
        review = info.review
        self.verdict.setText(
            ("⛔ " if review.blocked else "⚠ " if review.items else "✔ ") + review.verdict
        )
        self.review.clear()
        for item in review.items:
            entry = QListWidgetItem(
                status_icon(SEVERITY_ICONS[item.severity].replace("error", "failed")),
                f"Line {item.line}: {item.message} ({item.severity})",
            )
            entry.setData(Qt.ItemDataRole.UserRole, item.line)
            self.review.addItem(entry)
        for domain, known in sorted(review.domains.items()):
            entry = QListWidgetItem(
                status_icon("valid" if known else "degraded"),
                f"Domain {domain}: {'known' if known else 'unknown'}",
            )
            self.review.addItem(entry)
        self.code.setPlainText(row["script_content"])
        fill_tree(self.plan, info.plan, "No plan recorded.")
        fill_tree(self.research, info.research, "No research recorded.")
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
        self._set_actions(info)
        self._load_runs(row["id"])
        if not self.is_loaded:
            self.mark_loaded()

    def _set_actions(self, info: scripts_data.ScriptDetail | None) -> None:
        writable = info is not None and not self.profile.read_only
        status = info.row["approval_status"] if info else None
        self.approve_button.setEnabled(
            writable and status != "approved" and not (info and info.review.blocked)
        )
        self.reject_button.setEnabled(writable and status != "rejected")
        self.pending_button.setEnabled(writable and status == "rejected")
        blocked = info.auto_approve_blocked if info else None
        self.auto.setChecked(bool(info and info.row["auto_approve_repeat"]))
        self.auto.setEnabled(writable and status == "approved" and not blocked)
        self.auto_reason.setText(
            f"Not offered: {blocked}."
            if blocked
            else ""
            if status == "approved"
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

    def _load_runs(self, script_id: str) -> None:
        self.runs.now = datetime.now(UTC)

        self.runs.restart(
            page_fetcher(
                self.session.worker,
                lambda v, cursor: scripts_data.runs_page(v, script_id, cursor, self.runs.page_rows),
                self._failed,
            )
        )

    def _run_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        while self.shots.count():
            widget = self.shots.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        run = current.data(RowRole)
        if run is None:
            return
        for path, present in run.screenshots:
            label = QPushButton() if present else QLabel()
            if present:
                label.setIcon(QPixmap(path))
                label.setIconSize(
                    QPixmap(path).size().scaled(160, 100, Qt.AspectRatioMode.KeepAspectRatio)
                )
                label.setToolTip(f"{path}\nClick to open full size")
                label.setAccessibleName(f"Screenshot {path}")
                label.clicked.connect(lambda _=False, p=path: self._full_size(p))
            else:
                label.setText("expired")
                label.setAccessibleName("Screenshot expired")
            self.shots.addWidget(label)
        self.shots.addStretch()

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
        answer = QMessageBox.question(
            self,
            "Approve script",
            f"Approve “{info.row['title']}” v{info.row['version']}?\n\n{info.review.verdict}",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        script_id = info.row["id"]
        self.session.worker.submit(
            lambda v: scripts_data.approve(require_open(v), script_id), self._decided, self._failed
        )

    def reject(self) -> None:
        info = self.info
        if info is None or not self.reject_button.isEnabled():
            return
        dialog = RejectDialog(info.row["title"], self)
        if dialog.exec() != RejectDialog.DialogCode.Accepted:
            return
        script_id, reason = info.row["id"], dialog.reason.text()
        self.session.worker.submit(
            lambda v: scripts_data.reject(require_open(v), script_id, reason),
            self._decided,
            self._failed,
        )

    def return_to_pending(self) -> None:
        if self.info is None:
            return
        script_id = self.info.row["id"]
        self.session.worker.submit(
            lambda v: scripts_data.return_to_pending(require_open(v), script_id),
            self._decided,
            self._failed,
        )

    def _auto_clicked(self, on: bool) -> None:
        if self.info is None:
            return
        script_id = self.info.row["id"]
        self.session.worker.submit(
            lambda v: scripts_data.set_auto_approve(require_open(v), script_id, on),
            self._decided,
            self._failed,
        )

    def _decided(self, row: dict[str, Any]) -> None:
        self.session.status.emit(f"“{row['title']}” is now {words(row['approval_status'])}.")
        self.show_script(row["id"])
        current = self.queue.currentIndex().row()
        number = self.model.row_of(row["id"])
        if number is not None:
            script = self.model.row_at(number)
            self.model.replace_row(number, replace(script, status=row["approval_status"]))
        if current + 1 < self.model.rowCount() and row["approval_status"] != "pending":
            self.queue.selectRow(current + 1)

    def _failed(self, error: JobError) -> None:
        self.report(error)
        if self.info is not None:
            self._set_actions(self.info)
        if not self.is_loaded:
            self.mark_loaded()
