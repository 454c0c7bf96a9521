"""Findings: keyboard-first triage of discovery findings, and the search log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QSignalBlocker, Qt, QUrl, Signal
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
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.live.links import ListFilter
from automation_admin.gui.live.list_refresh import ListRefresher
from automation_admin.gui.live.new_rows_bar import NewRowsBar, with_bar
from automation_admin.gui.qtmodels.findings_model import COL_RELEVANCE, COL_TITLE, COLUMNS
from automation_admin.gui.qtmodels.headers import widths
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.findings.dismiss_dialog import DismissDialog
from automation_admin.gui.tabs.findings.presenter import FindingsPresenter
from automation_admin.gui.tabs.findings.relevance_delegate import RelevanceDelegate
from automation_admin.gui.tabs.findings.search_log_view import SearchLogView
from automation_admin.gui.tabs.findings.summary import describe_filter, detail_html
from automation_admin.gui.widgets.choices import append_choices, choice_box
from automation_admin.gui.widgets.date_range import date_range_edits, range_from
from automation_admin.gui.widgets.links import confirm_and_open
from automation_admin.gui.widgets.list_table import list_table, sort_by_header
from automation_admin.gui.widgets.menu_button import MenuButton
from automation_admin.gui.widgets.multi_choice import MultiChoice
from automation_admin.gui.widgets.row_keys import install_row_keys, widget_key
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.models.findings import search_log
from automation_admin.models.findings import service as findings_data
from automation_admin.models.live.marks import only_inserted
from automation_admin.models.live.watch import Changes
from automation_admin.models.schema.enums import FINDING_CATEGORIES, URGENCIES, FindingStatus

UNSAVED = "● Unsaved notes"
# One chip per status (the statuses it lists), then every status.
STATUS_CHIPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    *((status.words.label, (status.value,)) for status in FindingStatus),
    ("All", ()),
)
# The triage actions in button order, with their key in the list.
ACTIONS = (
    (FindingStatus.REVIEWED, "R"),
    (FindingStatus.DISMISSED, "D"),
    (FindingStatus.ACTIONED, "A"),
    (FindingStatus.NEW, "U"),
)


class FindingsTab(BaseTab):
    title = "Findings"
    badge = Signal(int)
    # The tab's count is not the New chip's: say which findings it counts.
    badge_format = "{count:,} urgent"
    badge_tip = "{count:,} new findings are critical or need action (the Dashboard's card)"
    watches = frozenset({"discovery_findings", "discovery_search_log"})

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        self.presenter = FindingsPresenter(self.jobs)
        self.model = self.presenter.model
        self.action_buttons: dict[str, QPushButton] = {}
        self._notes_for: str | None = None  # the finding the notes field holds
        findings_page = QWidget()
        page_layout = QVBoxLayout(findings_page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(self._filter_row())
        page_layout.addWidget(self.summary)
        page_layout.addWidget(self._list_and_detail(), 1)
        self.log_view = SearchLogView(self.jobs)
        self.log_model = self.log_view.model
        self.refresher = ListRefresher(
            self.table, self.model, self.jobs, "findings.live", self.new_rows
        )
        self.log_refresher = ListRefresher(
            self.log_view.table, self.log_model, self.jobs, "findings.log.live"
        )
        self.refresher.reread_done.connect(self._reread_done)
        self.pages = QStackedWidget()
        self.pages.addWidget(findings_page)
        self.pages.addWidget(self.log_view)
        layout = QVBoxLayout(self)
        layout.addLayout(self._chip_row())
        layout.addWidget(self.pages, 1)
        self._connect()
        self._shortcuts()
        self._set_actions_enabled(False)

    # ---- layout ----------------------------------------------------------------------

    def _chip_row(self) -> QHBoxLayout:
        self.chips = QButtonGroup(self)
        row = QHBoxLayout()
        for number, (label, _statuses) in enumerate(STATUS_CHIPS):
            chip = QPushButton(label)
            chip.setCheckable(True)
            chip.setAccessibleName(label)
            self.chips.addButton(chip, number)
            row.addWidget(chip)
        self.chips.button(0).setChecked(True)
        row.addStretch()
        self.log_toggle = QPushButton("Search log")
        self.log_toggle.setCheckable(True)
        self.log_toggle.setAccessibleName("Search log")
        row.addWidget(self.log_toggle)
        return row

    def _filter_row(self) -> QHBoxLayout:
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
        self.search.setPlaceholderText("Search findings  (/)")
        self.search.setToolTip("Words in the title, snippet, impact or recommendation (/)")
        self.search.setAccessibleName("Search findings")
        self.search.setClearButtonEnabled(True)
        self.summary = plain_label(wrap=False)  # names a provider any program may have written
        self.summary.setAccessibleName("Filter summary")
        row = QHBoxLayout()
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
            row.addWidget(widget)
        row.addWidget(self.search, 1)
        return row

    def _list_and_detail(self) -> QSplitter:
        # Several rows at once: bulk triage works on a selection.
        self.table = list_table(
            "Findings", self.model, widths(COLUMNS), stretch=COL_TITLE, single=False, sortable=True
        )
        self.table.setItemDelegateForColumn(COL_RELEVANCE, RelevanceDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.new_rows = NewRowsBar(self.table, "finding", "findings")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(with_bar(self.new_rows, self.table))
        split.addWidget(self._detail_pane())
        split.setSizes([900, 400])
        return split

    def _detail_pane(self) -> QWidget:
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Finding details")
        self.detail.setOpenLinks(False)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes (saved with Save notes, or when you leave the field)")
        self.notes.setAccessibleName("Notes")
        self.notes.setMaximumHeight(90)
        self.notes.installEventFilter(self)
        self.notes_state = QLabel()
        self.save_notes = QPushButton("Save notes")
        self.save_notes.setAccessibleName("Save notes")
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.notes_state, 1)
        notes_row.addWidget(self.save_notes)
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.notes)
        layout.addLayout(notes_row)
        layout.addLayout(self._action_grid())
        return pane

    def _action_grid(self) -> QGridLayout:
        # Two rows: one row of five buttons would make the detail pane too wide for the list.
        grid = QGridLayout()
        for number, (status, key) in enumerate(ACTIONS):
            label = status.words.action
            button = QPushButton(f"{label} ({key})")
            button.setAccessibleName(label)
            button.clicked.connect(self._action(status))
            self.action_buttons[status] = button
            grid.addWidget(button, number // 2, number % 2)
        self.bulk = MenuButton("All matching…")
        self.bulk.setAccessibleName("All matching")
        menu = QMenu(self.bulk)
        for status, _key in ACTIONS:
            menu.addAction(
                f"{status.words.action}: every finding matching the filter…",
                self._action(status, everything=True),
            )
        menu.addSeparator()
        menu.addAction("Delete dismissed findings…", self._delete_dismissed)
        self.bulk.setMenu(menu)
        grid.addWidget(self.bulk, 0, 2)
        return grid

    def _connect(self) -> None:
        presenter = self.presenter
        presenter.counted.connect(self._counts_shown)
        presenter.badge.connect(self.badge)
        presenter.detail_loaded.connect(self._show_detail)
        presenter.notes_saved.connect(self._notes_saved)
        presenter.triaged.connect(self._move_on)
        presenter.reload_wanted.connect(self.reload)
        presenter.rows_changed.connect(self._reread_rows)
        presenter.message.connect(self.session.status)
        self.model.page_loaded.connect(self._page_loaded)
        self.table.horizontalHeader().sectionClicked.connect(self._sort_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.chips.idClicked.connect(lambda _i: self.reload())
        self.log_toggle.toggled.connect(self._toggle_log)
        self.detail.anchorClicked.connect(self._open_link)
        self.notes.textChanged.connect(self._notes_edited)
        self.save_notes.clicked.connect(self._save_notes)
        self.urgency.changed.connect(self.reload)
        self.category.changed.connect(self.reload)
        self.provider.currentIndexChanged.connect(lambda _i: self.reload())
        self.use_dates.toggled.connect(lambda _on: self.reload())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(
                lambda _d: self.reload() if self.use_dates.isChecked() else None
            )
        self.relevance.valueChanged.connect(lambda _v: self.reload())
        self.search.textChanged.connect(lambda _t: self.reload())

    # ---- keyboard --------------------------------------------------------------------

    def _shortcuts(self) -> None:
        install_row_keys(self.table)
        for status, letter in ACTIONS:
            widget_key(self.table, letter, self._action(status))
        slash = QShortcut(QKeySequence("/"), self)
        slash.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        slash.activated.connect(self._focus_search)
        escape = QShortcut(QKeySequence("Esc"), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._leave_search)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo)

    def _action(self, status: FindingStatus, everything: bool = False) -> Callable[[], None]:
        """What a triage button, its key or its bulk menu entry does."""
        return lambda: self.act(status, everything)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _leave_search(self) -> None:
        self.search.clear()
        self.table.setFocus()

    def activated(self) -> None:
        self.table.setFocus()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    # ---- query -----------------------------------------------------------------------

    def current_query(self) -> findings_data.FindingQuery:
        """The presenter's query (its sort) with what the form says now."""
        statuses = STATUS_CHIPS[max(self.chips.checkedId(), 0)][1]
        date_from = date_to = None
        if self.use_dates.isChecked():
            date_from = self.date_from.date().toString("yyyy-MM-dd")
            date_to = self.date_to.date().toString("yyyy-MM-dd")
        return replace(
            self.presenter.query,
            statuses=statuses,
            urgencies=self.urgency.values(),
            categories=self.category.values(),
            provider=self.provider.currentData() or None,
            date_from=date_from,
            date_to=date_to,
            min_relevance=round(self.relevance.value(), 2),
            text=self.search.text(),
        )

    @property
    def query(self) -> findings_data.FindingQuery:
        """What the list shows now."""
        return self.presenter.query

    def load(self) -> None:
        self.reload()

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        names = dict(providers)
        self.presenter.set_provider_names(names)
        self.log_model.provider_names = names
        for box in (self.provider, self.log_view.provider):
            append_choices(box, ((name, provider_id) for provider_id, name in providers))

    def reload(self) -> None:
        selected = self.table.currentIndex().data(RowRole)
        self.new_rows.clear()
        self.presenter.reload(self.current_query(), selected.id if selected else None)

    # ---- live ------------------------------------------------------------------------

    def live_refresh(self, changes: Changes) -> None:
        """Findings added or purged: the list read again around the place kept, the counts
        brought up to date. Changed in place only (no mark moved): the rows around the
        viewport read again and updated where they are."""
        if "discovery_findings" in changes.tables:
            added = only_inserted(changes.before, changes.after, "discovery_findings")
            self.presenter.live_counts(added)
            seen = changes.rowid_before("discovery_findings")
            self.refresher.refresh(
                findings_data.page, self.presenter.query, is_new=lambda row: row.rowid > seen
            )
            self.presenter.recheck_detail()
        elif changes.unexplained:
            self._reread_rows()
        if "discovery_search_log" in changes.tables and self.log_model.rowCount():
            self.log_refresher.refresh(search_log.search_log_page, self.log_view.query())

    def _reread_rows(self) -> None:
        """The rows on screen as they are stored now (a refused triage, an update elsewhere)."""
        self.refresher.reread(findings_data.rows_by_id)
        self.presenter.recheck_detail()

    def _reread_done(self, changed: int) -> None:
        if changed:  # statuses moved elsewhere: the chips count again
            self.presenter.refresh_counts()

    def _counts_shown(self) -> None:
        counts = self.presenter.counts
        if counts is not None and self.presenter.count is not None:
            for number, (label, statuses) in enumerate(STATUS_CHIPS):
                total = sum(counts.values()) if not statuses else counts[statuses[0]]
                chip = self.chips.button(number)
                chip.setText(f"{label} · {total:,}")
                chip.setAccessibleName(chip.text())  # the count too, as it reads
                chip.setToolTip(self._chip_tip(label, statuses, total))
        show_text(self.summary, self.presenter.summary())

    def _chip_tip(self, label: str, statuses: tuple[str, ...], total: int) -> str:
        what = f"{label.lower()} findings" if statuses else "findings in every status"
        tip = f"{total:,} {what} match the other filters"
        urgent = self.presenter.urgent
        if statuses == (FindingStatus.NEW,) and urgent is not None:
            tip += (
                f"; {urgent:,} new findings in the whole vault are critical or need action"
                " (the count on the tab)"
            )
        return tip + "."

    def _page_loaded(self, first: bool) -> None:
        if first:
            self._restore_selection()
            if not self.is_loaded:
                self.mark_loaded()

    def _restore_selection(self) -> None:
        row = self.model.row_of(self.presenter.selected_id)
        if row is not None or self.model.rowCount():
            self.table.selectRow(0 if row is None else row)
        else:
            self.presenter.clear_detail()

    def _sort_clicked(self, column: int) -> None:
        if sort_by_header(self.table, column, self.presenter.sort_by):
            self.reload()

    # ---- detail ----------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._commit_notes()
        finding = current.data(RowRole)
        self._set_actions_enabled(finding is not None)
        if finding is not None:
            self.presenter.show(finding.id)

    def open_item(self, item: object) -> None:
        if isinstance(item, ListFilter):
            self.apply_filter(item)
            return
        row = self.presenter.open(str(item))
        if row is not None:
            self.table.selectRow(row)

    def apply_filter(self, wanted: ListFilter) -> None:
        """Every status, the urgencies asked for, discovered from that day on; one reload."""
        self.log_toggle.setChecked(False)
        quiet = [QSignalBlocker(w) for w in (self.chips, self.urgency)]
        self.chips.button(len(STATUS_CHIPS) - 1).setChecked(True)
        self.urgency.set_values(wanted.urgencies)
        for blocker in quiet:
            blocker.unblock()
        range_from(self.use_dates, self.date_from, self.date_to, wanted.since_day)
        self.reload()

    def _show_detail(self, info: findings_data.FindingDetail | None) -> None:
        typing = self.notes_state.text() == UNSAVED and self._notes_for is not None
        if info is None:
            self.detail.setHtml("<p>Select a finding to read it.</p>")
            if not typing:
                self._set_notes("")
            return
        self.detail.setHtml(detail_html(info))
        if typing and self._notes_for == info.row["id"]:
            return  # the same finding read again: what is being typed stays
        self._notes_for = info.row["id"]
        self._set_notes(info.row["user_notes"] or "")
        self.notes_state.setText("")

    def _set_notes(self, text: str) -> None:
        """Show stored notes without marking them as edited."""
        blocker = QSignalBlocker(self.notes)
        self.notes.setPlainText(text)
        blocker.unblock()

    def _open_link(self, url: QUrl) -> None:
        confirm_and_open(self, url)

    # ---- notes -----------------------------------------------------------------------

    def _notes_edited(self) -> None:
        self.notes_state.setText(UNSAVED)

    def _commit_notes(self) -> None:
        if self.notes_state.text() and self.presenter.detail is not None:
            self._save_notes()

    def _save_notes(self) -> None:
        if self.presenter.save_notes(self.notes.toPlainText()):
            self.notes_state.setText("Saving…")

    def _notes_saved(self, stored: str | None, typed: str) -> None:
        if stored != typed:
            self._set_notes(stored or "")
        self.notes_state.setText("Notes saved (secrets are redacted).")

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
        return list(self.selected_statuses())

    def selected_statuses(self) -> dict[str, str]:
        """The status each selected finding shows: the triage is for exactly these."""
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        if not rows and self.table.currentIndex().isValid():
            rows = {self.table.currentIndex().row()}
        chosen = [self.model.row_at(r) for r in sorted(rows)]
        return {finding.id: finding.status for finding in chosen if finding is not None}

    def act(self, status: FindingStatus | str, everything: bool = False) -> None:
        if self.profile.read_only:
            return
        status = FindingStatus(status)
        ids: list[str] | None = None
        seen: dict[str, str] | None = None
        confirmed: tuple[int, int | None] | None = None
        if everything:
            count = self.presenter.count
            if count is None:
                self.session.status.emit("Still counting; try again in a moment.")
                return
            # What the dialog says is what is done, whatever the runner writes while it is open.
            confirmed = (count, self.presenter.count_rowid)
            if not self._confirm_all(status, count):
                return
        else:
            ids = self.selected_ids()
            if not ids:
                return
            count = len(ids)
            seen = self.selected_statuses()
        reason = comment = None
        if status == FindingStatus.DISMISSED:
            dialog = DismissDialog(count, self)
            if dialog.exec() != DismissDialog.DialogCode.Accepted:
                return
            reason, comment = dialog.reason, dialog.comment.text() or None
        self.presenter.triage(
            status, ids, reason, comment, self.table.currentIndex().row(), seen, confirmed
        )

    def _confirm_all(self, status: FindingStatus, count: int) -> bool:
        verb = status.words.action.lower()
        answer = QMessageBox.question(
            self,
            "Apply to all matching",
            f"{verb.capitalize()} all {count:,} findings matching the filter "
            f"({describe_filter(self.presenter.query, count, None)})?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _move_on(self, row: int) -> None:
        if row + 1 < self.model.rowCount():
            self.table.selectRow(row + 1)

    def undo(self) -> None:
        self.presenter.undo()

    def _delete_dismissed(self) -> None:
        answer = QMessageBox.question(
            self,
            "Delete dismissed findings",
            "Delete every dismissed finding for good? This cannot be undone.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.presenter.delete_dismissed()

    # ---- search log ------------------------------------------------------------------

    def _toggle_log(self, on: bool) -> None:
        self.pages.setCurrentIndex(1 if on else 0)
        if on and not self.log_model.rowCount():
            self.load_log()

    def load_log(self) -> None:
        self.log_view.load()
