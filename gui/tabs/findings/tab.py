"""Findings: keyboard-first triage of discovery findings, and the search log."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.qtmodels.findings_model import SORT_KEYS, FindingsModel
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.findings.dismiss_dialog import DismissDialog
from automation_admin.gui.tabs.findings.relevance_delegate import RelevanceDelegate
from automation_admin.gui.tabs.findings.search_log_view import SearchLogView
from automation_admin.gui.tabs.findings.summary import describe_filter, detail_html
from automation_admin.gui.widgets.choices import append_choices, choice_box
from automation_admin.gui.widgets.date_range import date_range_edits
from automation_admin.gui.widgets.links import confirm_and_open
from automation_admin.gui.widgets.list_table import list_table
from automation_admin.gui.widgets.multi_choice import MultiChoice
from automation_admin.gui.widgets.row_keys import install_row_keys, widget_key
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.gui.worker import JobError, page_fetcher, require_open
from automation_admin.models.findings import service as findings_data
from automation_admin.models.schema.enums import FINDING_CATEGORIES, URGENCIES
from automation_admin.models.store.vault import Vault

STATUS_CHIPS = (
    ("New", ("new",)),
    ("Reviewed", ("reviewed",)),
    ("Dismissed", ("dismissed",)),
    ("Actioned", ("actioned",)),
    ("All", ()),
)
ACTIONS = (
    ("Mark reviewed", "reviewed", "R"),
    ("Dismiss", "dismissed", "D"),
    ("Mark actioned", "actioned", "A"),
    ("Reopen", "new", "U"),
)


class FindingsTab(BaseTab):
    title = "Findings"
    badge = Signal(int)

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.query = findings_data.FindingQuery()
        self.undo_stack: list[findings_data.Undo] = []
        self.provider_names: dict[str, str] = {}
        self._selected_id: str | None = None
        self._count: int | None = None
        self._detail: findings_data.FindingDetail | None = None

        self.chips = QButtonGroup(self)
        chip_row = QHBoxLayout()
        for i, (label, _statuses) in enumerate(STATUS_CHIPS):
            chip = QPushButton(label)
            chip.setCheckable(True)
            chip.setAccessibleName(label)
            self.chips.addButton(chip, i)
            chip_row.addWidget(chip)
        self.chips.button(0).setChecked(True)
        self.chips.idClicked.connect(self._chip_clicked)
        chip_row.addStretch()
        self.log_toggle = QPushButton("Search log")
        self.log_toggle.setCheckable(True)
        self.log_toggle.setAccessibleName("Search log")
        self.log_toggle.toggled.connect(self._toggle_log)
        chip_row.addWidget(self.log_toggle)

        self.urgency = MultiChoice("Urgency", tuple(reversed(URGENCIES)))
        self.category = MultiChoice("Category", FINDING_CATEGORIES)
        self.provider = choice_box("Provider", [("All providers", "")])
        self.use_dates, self.date_from, self.date_to = date_range_edits("Discovered from", 30)
        self.relevance = QDoubleSpinBox()
        self.relevance.setRange(0, 1)
        self.relevance.setSingleStep(0.1)
        self.relevance.setPrefix("Relevance ≥ ")
        self.relevance.setAccessibleName("Minimum relevance")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title, snippet, impact, recommendation  (/)")
        self.search.setAccessibleName("Search findings")
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        for widget in (
            self.urgency,
            self.category,
            self.provider,
            self.use_dates,
            self.date_from,
            QLabel("to"),
            self.date_to,
            self.relevance,
        ):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        self.summary = plain_label(wrap=False)
        self.summary.setAccessibleName("Filter summary")

        self.model = FindingsModel()
        # Several rows at once: bulk triage works on a selection.
        self.table = list_table(
            "Findings", self.model, (118, 105, 140, 300, 92, 100, 100), stretch=3, single=False
        )
        self.table.setItemDelegateForColumn(5, RelevanceDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._sort_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.page_loaded.connect(self._page_loaded)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Finding details")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._open_link)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes (saved with Save notes, or when you leave the field)")
        self.notes.setAccessibleName("Notes")
        self.notes.setMaximumHeight(90)
        self.notes.textChanged.connect(self._notes_edited)
        self.notes.installEventFilter(self)
        self.notes_state = QLabel()
        self.save_notes = QPushButton("Save notes")
        self.save_notes.setAccessibleName("Save notes")
        self.save_notes.clicked.connect(self._save_notes)
        self.action_buttons: dict[str, QPushButton] = {}
        # Two rows: one row of five buttons would make the detail pane too wide for the list.
        actions = QGridLayout()
        for number, (label, status, key) in enumerate(ACTIONS):
            button = QPushButton(f"{label} ({key})")
            button.setAccessibleName(label)
            button.clicked.connect(lambda _=False, s=status: self.act(s))
            self.action_buttons[status] = button
            actions.addWidget(button, number // 2, number % 2)
        self.bulk = QToolButton()
        self.bulk.setText("All matching…")
        self.bulk.setAccessibleName("All matching")
        self.bulk.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bulk_menu = QMenu(self.bulk)
        for label, status, _key in ACTIONS:
            bulk_menu.addAction(
                f"{label}: every finding matching the filter…",
                lambda s=status: self.act(s, everything=True),
            )
        bulk_menu.addSeparator()
        bulk_menu.addAction("Delete dismissed findings…", self._delete_dismissed)
        self.bulk.setMenu(bulk_menu)
        actions.addWidget(self.bulk, 0, 2)
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.notes_state, 1)
        notes_row.addWidget(self.save_notes)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.notes)
        right_layout.addLayout(notes_row)
        right_layout.addLayout(actions)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([900, 400])
        self.empty = QLabel(
            "No findings match. Widen the filter, or wait for the next discovery run."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        findings_page = QWidget()
        page_layout = QVBoxLayout(findings_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(filters)
        page_layout.addWidget(self.summary)
        page_layout.addWidget(split, 1)

        self.log_view = SearchLogView(session, self)
        self.log_model = self.log_view.model
        self.pages = QStackedWidget()
        self.pages.addWidget(findings_page)
        self.pages.addWidget(self.log_view)
        layout = QVBoxLayout(self)
        layout.addLayout(chip_row)
        layout.addWidget(self.pages, 1)

        self.urgency.changed.connect(self.reload)
        self.category.changed.connect(self.reload)
        self.provider.currentIndexChanged.connect(lambda _i: self.reload())
        self.use_dates.toggled.connect(lambda _on: self.reload())
        self.date_from.dateChanged.connect(
            lambda _d: self.reload() if self.use_dates.isChecked() else None
        )
        self.date_to.dateChanged.connect(
            lambda _d: self.reload() if self.use_dates.isChecked() else None
        )
        self.relevance.valueChanged.connect(lambda _v: self.reload())
        self.search.textChanged.connect(lambda _t: self.reload())
        self._shortcuts()
        self._set_actions_enabled(False)

    # ---- keyboard --------------------------------------------------------------------

    def _shortcuts(self) -> None:
        install_row_keys(self.table)
        for _label, status, letter in ACTIONS:
            widget_key(self.table, letter, lambda s=status: self.act(s))
        slash = QShortcut(QKeySequence("/"), self)
        slash.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        slash.activated.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        escape = QShortcut(QKeySequence("Esc"), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(lambda: (self.search.clear(), self.table.setFocus()))
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo)

    def activated(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    # ---- query -----------------------------------------------------------------------

    def current_query(self) -> findings_data.FindingQuery:
        statuses = STATUS_CHIPS[max(self.chips.checkedId(), 0)][1]
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = self.date_from.date().toString("yyyy-MM-dd")
            date_to = self.date_to.date().toString("yyyy-MM-dd")
        return replace(
            self.query,
            statuses=statuses,
            urgencies=self.urgency.values(),
            categories=self.category.values(),
            provider=self.provider.currentData() or None,
            date_from=date_from,
            date_to=date_to,
            min_relevance=round(self.relevance.value(), 2),
            text=self.search.text(),
        )

    def load(self) -> None:
        self.reload()

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        self.provider_names = dict(providers)
        self.model.provider_names = self.provider_names
        self.log_model.provider_names = self.provider_names
        for box in (self.provider, self.log_view.provider):
            append_choices(box, ((name, provider_id) for provider_id, name in providers))

    def reload(self) -> None:
        query = self.query = self.current_query()
        selected = self.table.currentIndex().data(RowRole)
        self._selected_id = selected.id if selected else self._selected_id
        self.model.now = datetime.now(UTC)

        self.model.restart(
            page_fetcher(
                self.session.worker,
                lambda v, cursor: findings_data.page(v, query, cursor),
                self._failed,
            )
        )
        self._count = None
        self._show_summary()
        self.session.worker.submit(
            lambda v: _counts(require_open(v), query),
            self._counts_loaded,
            self._failed,
            key="findings.counts",
        )

    def _counts_loaded(self, data: dict[str, Any]) -> None:
        counts, urgent = data["counts"], data["urgent"]
        for i, (label, statuses) in enumerate(STATUS_CHIPS):
            total = sum(counts.values()) if not statuses else counts[statuses[0]]
            self.chips.button(i).setText(f"{label} · {total:,}")
            self.chips.button(i).setAccessibleName(label)
        statuses = self.query.statuses
        self._count = sum(counts[s] for s in statuses) if statuses else sum(counts.values())
        self._show_summary()
        self.badge.emit(urgent)

    def _show_summary(self) -> None:
        provider = self.provider_names.get(self.query.provider or "")
        show_text(self.summary, describe_filter(self.query, self._count, provider))

    def _page_loaded(self, first: bool) -> None:
        if first:
            self._restore_selection()
            if not self.is_loaded:
                self.mark_loaded()

    def _restore_selection(self) -> None:
        row = self.model.row_of(self._selected_id)
        if row is not None or self.model.rowCount():
            self.table.selectRow(0 if row is None else row)
        else:
            self._show_detail(None)

    def _chip_clicked(self, _index: int) -> None:
        self.reload()

    def _sort_clicked(self, column: int) -> None:
        key = SORT_KEYS[column]
        if self.query.sort == key:
            descending = not self.query.descending
        else:
            descending = key in ("discovered", "relevance", "urgency")
        if key == "urgency":
            key = "triage"  # urgency sorts by severity, then relevance and recency
        self.query = replace(self.query, sort=key, descending=descending)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.reload()

    # ---- detail ----------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._commit_notes()
        finding = current.data(RowRole)
        self._set_actions_enabled(finding is not None)
        if finding is None:
            return
        self._selected_id = finding.id
        self.session.worker.submit(
            lambda v: findings_data.detail(require_open(v), finding.id),
            self._show_detail,
            self._failed,
            key="findings.detail",
        )

    def open_item(self, item: object) -> None:
        finding_id = str(item)
        self._selected_id = finding_id
        row = self.model.row_of(finding_id)
        if row is not None:
            self.table.selectRow(row)
            return
        self.session.worker.submit(
            lambda v: findings_data.detail(require_open(v), finding_id),
            self._show_detail,
            self._failed,
            key="findings.detail",
        )

    def _show_detail(self, info: findings_data.FindingDetail | None) -> None:
        self._detail = info
        if info is None:
            self.detail.setHtml("<p>Select a finding to read it.</p>")
            self.notes.blockSignals(True)
            self.notes.clear()
            self.notes.blockSignals(False)
            return
        row = info.row
        self.detail.setHtml(detail_html(info))
        self.notes.blockSignals(True)
        self.notes.setPlainText(row["user_notes"] or "")
        self.notes.blockSignals(False)
        self.notes_state.setText("")

    def _open_link(self, url: QUrl) -> None:
        confirm_and_open(self, url)

    # ---- notes -----------------------------------------------------------------------

    def _notes_edited(self) -> None:
        self.notes_state.setText("● Unsaved notes")

    def _commit_notes(self) -> None:
        if self.notes_state.text() and self._detail is not None:
            self._save_notes()

    def _save_notes(self) -> None:
        if self._detail is None:
            return
        finding_id, text = self._detail.row["id"], self.notes.toPlainText()
        self.notes_state.setText("Saving…")

        def saved(stored: str | None) -> None:
            if self._detail is not None and self._detail.row["id"] == finding_id:
                self._detail.row["user_notes"] = stored
                if stored != text:
                    self.notes.blockSignals(True)
                    self.notes.setPlainText(stored or "")
                    self.notes.blockSignals(False)
                self.notes_state.setText("Notes saved (secrets are redacted).")

        self.session.worker.submit(
            lambda v: findings_data.save_notes(require_open(v), finding_id, text),
            saved,
            self._failed,
        )

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.notes and event.type() == QEvent.Type.FocusOut:
            self._commit_notes()  # leaving the field saves, as the marker promised
        return False

    # ---- triage ----------------------------------------------------------------------

    def _set_actions_enabled(self, on: bool) -> None:
        for button in self.action_buttons.values():
            button.setEnabled(on and not self.profile.read_only)
        self.save_notes.setEnabled(on and not self.profile.read_only)

    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        if not rows and self.table.currentIndex().isValid():
            rows = {self.table.currentIndex().row()}
        chosen = [self.model.row_at(r) for r in sorted(rows)]
        return [finding.id for finding in chosen if finding is not None]

    def act(self, status: str, everything: bool = False) -> None:
        if self.profile.read_only:
            return
        query = self.query
        if everything:
            count = self._count
            if count is None:
                self.session.status.emit("Still counting; try again in a moment.")
                return
            verb = dict((s, label) for label, s, _ in ACTIONS)[status].lower()
            if (
                QMessageBox.question(
                    self,
                    "Apply to all matching",
                    f"{verb.capitalize()} all {count:,} findings matching the filter "
                    f"({describe_filter(query, count, None)})?",
                )
                != QMessageBox.StandardButton.Yes
            ):
                return
            ids: list[str] | None = None
        else:
            ids = self.selected_ids()
            if not ids:
                return
            count = len(ids)
        reason = comment = None
        if status == "dismissed":
            dialog = DismissDialog(count, self)
            if dialog.exec() != DismissDialog.DialogCode.Accepted:
                return
            reason, comment = dialog.reason, dialog.comment.text() or None

        def job(vault: Vault | None) -> findings_data.TriageResult:
            chosen = (
                ids if ids is not None else findings_data.matching_ids(require_open(vault), query)
            )
            return findings_data.set_status(require_open(vault), chosen, status, reason, comment)

        next_row = self.table.currentIndex().row()
        self.session.worker.submit(
            job, lambda result: self._acted(result, next_row), self._failed, key="findings.triage"
        )

    def _acted(self, result: findings_data.TriageResult, row: int) -> None:
        self.undo_stack.append(result.undo)
        self.session.status.emit(f"{result.undo.description}. Ctrl+Z undoes.")
        self._apply_statuses({fid: result.undo.to_status for fid, _s, _r in result.undo.previous})
        # The rows stay where they are with their new status (a refresh hides them), so
        # the list does not jump; the next finding is selected.
        if row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)
        self._refresh_counts()

    def _apply_statuses(self, statuses: dict[str, str]) -> None:
        for row, finding in list(self.model.cached()):
            if finding.id in statuses:
                self.model.replace_row(row, replace(finding, status=statuses[finding.id]))

    def undo(self) -> None:
        if not self.undo_stack:
            self.session.status.emit("Nothing to undo.")
            return
        record = self.undo_stack.pop()

        def undone(_count: int) -> None:
            self.session.status.emit(f"Undone: {record.description}.")
            self._apply_statuses({fid: status for fid, status, _r in record.previous})
            self._refresh_counts()

        self.session.worker.submit(
            lambda v: findings_data.undo(require_open(v), record), undone, self._failed
        )

    def _refresh_counts(self) -> None:
        query = self.query
        self.session.worker.submit(
            lambda v: _counts(require_open(v), query),
            self._counts_loaded,
            self._failed,
            key="findings.counts",
        )

    def _delete_dismissed(self) -> None:
        if (
            QMessageBox.question(
                self,
                "Delete dismissed findings",
                "Delete every dismissed finding for good? This cannot be undone.",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.session.worker.submit(
            lambda v: findings_data.delete_dismissed(require_open(v)),
            lambda n: (
                self.session.status.emit(f"Deleted {n:,} dismissed findings."),
                self.reload(),
            ),
            self._failed,
        )

    # ---- search log ------------------------------------------------------------------

    def _toggle_log(self, on: bool) -> None:
        self.pages.setCurrentIndex(1 if on else 0)
        if on and not self.log_model.rowCount():
            self.load_log()

    def load_log(self) -> None:
        self.log_view.load()

    def _failed(self, error: JobError) -> None:
        self.report(error)
        if not self.is_loaded:
            self.mark_loaded()


def _counts(vault: Vault, query: findings_data.FindingQuery) -> dict[str, Any]:
    return {
        "counts": findings_data.status_counts(vault, query),
        "urgent": findings_data.urgent_new_count(vault),
    }
