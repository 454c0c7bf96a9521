"""Issue 14, done when: with the vault's values in every free-text and JSON column of every
table (written past every write path, as another program would), no view's displayed text
holds one. The background re-scrub is held back, so this is masking on read at work: every
tab and view is opened, every row of every list selected, and every item model's display
and tooltip text, every label, text box, button and accessible name read."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.session import Session
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests import raw_vault
from tests.conftest import PASSPHRASE
from tests.factories import insert, row_for
from tests.gui.conftest import unlock_ui, unlocked
from tests.hostile_rows import clear_values_in, hostile_row, secrets_rows, tables

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
VIEWS = {"checkpoints": ("decisions", "audit"), "library": ("recommendations", "selectors")}


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return int(model.columnCount(parent))
    except TypeError:  # list models keep columnCount private: one column
        return 1


def _rows(model: QAbstractItemModel, parent: QModelIndex) -> int:
    if parent.isValid() and isinstance(model, QAbstractListModel | QAbstractTableModel):
        return 0  # flat models: children of a row are not asked for
    return int(model.rowCount(parent))


def _model_texts(model: QAbstractItemModel, parent: QModelIndex, depth: int = 0) -> Iterator[str]:
    columns = _columns(model, parent)
    for column in range(columns):
        for role in ROLES:
            header = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(header, str):
                yield header
    for row in range(min(_rows(model, parent), 200)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in ROLES:
                value = index.data(role)
                if value is not None:
                    yield str(value)
            if depth < 8 and column == 0 and _rows(model, index):
                yield from _model_texts(model, index, depth + 1)


def _widget_texts(root: QWidget) -> Iterator[str]:
    for widget in [root, *root.findChildren(QWidget)]:
        yield widget.toolTip()
        yield widget.accessibleName()
        yield widget.accessibleDescription()
        yield widget.windowTitle()
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            yield widget.text()
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            yield widget.toPlainText()
        elif isinstance(widget, QComboBox):
            yield from (widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QTabWidget):
            yield from (widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _model_texts(widget.model(), QModelIndex())


SHOWN = re.compile(r"row (\d+): \[REDACTED\]")
# The hostile rows some view shows (tables() order): providers, secrets, snapshots, findings,
# the search log, scripts, executions, checkpoints, selectors, recommendations.
SHOWN_ROWS = {0, 1, 8, 10, 11, 12, 13, 14, 15, 16}


def _assert_nothing_shown(window: MainWindow, where: str, shown: set[int]) -> None:
    for text in _widget_texts(window):
        found = clear_values_in(text or "")
        assert not found, f"{where}: a vault value is on screen"
        shown.update(int(n) for n in SHOWN.findall(text or ""))


@pytest.fixture
def hostile_window(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord, monkeypatch, tmp_path
):
    monkeypatch.setattr(Session, "run_rescrub", lambda self: None)  # masking on read alone
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.enable_automation()
        secrets_rows(vault)
        key = vault.require_key()
        rows = []
        for n, table in enumerate(tables()):
            row = hostile_row(vault, table, n)
            if table == "secrets":
                row["secret_value_enc"] = key.encrypt_secret("other-value-1", row["id"])
            rows.append((table, row))
        # A run whose screenshots point outside the profile (another program wrote the paths).
        run = row_for(vault, "automation_executions")
        outside = tmp_path / "elsewhere.png"
        outside.write_bytes(b"\x89PNG")
        run["debug_screenshot_paths_json"] = json.dumps([str(outside), "../../../etc/passwd"])
        run["started_at"] = "2026-11-02T10:00:00Z"
        rows.append(("automation_executions", run))
    with raw_vault.connect(layout) as conn:
        for table, row in rows:
            names = ", ".join(row)
            conn.execute(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in row)})",
                tuple(row.values()),
            )
        conn.commit()
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    return window, run["script_id"]


def _settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.session.worker.idle, timeout=20_000)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: window.session.worker.idle, timeout=20_000)


def _select_every_row(
    qtbot, window: MainWindow, page: QWidget, where: str, shown: set[int]
) -> None:  # type: ignore[no-untyped-def]
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisible():
            continue
        for row in range(min(model.rowCount(), 40)):
            view.setCurrentIndex(model.index(row, 0))
            _settle(qtbot, window)
            _assert_nothing_shown(window, f"{where}, row {row} of {type(view).__name__}", shown)


@pytest.mark.slow
def test_no_view_shows_a_vault_value(qtbot, hostile_window) -> None:  # type: ignore[no-untyped-def]
    window, _ = hostile_window
    layout = window.session.layout
    (held,) = raw_vault.read(layout, "SELECT proposed_action FROM hitl_checkpoints LIMIT 1")
    assert clear_values_in(held[0])  # the file holds the values: only the mask stands between
    workspace = window.workspace
    shown: set[int] = set()
    for name, page in workspace.pages.items():
        workspace.show_tab(name)
        qtbot.waitUntil(lambda p=page: p.is_loaded, timeout=20_000)
        for view in VIEWS.get(name, ("",)):
            if view:
                page.show_named_view(view)
            _settle(qtbot, window)
            where = f"{name}/{view}" if view else name
            _assert_nothing_shown(window, where, shown)
            stacks = [*page.findChildren(QStackedWidget), *page.findChildren(QTabWidget)]
            for stack in [s for s in stacks if s.count() > 1] or [None]:
                if stack is None:
                    _select_every_row(qtbot, window, page, where, shown)
                    continue
                for index in range(stack.count()):
                    stack.setCurrentIndex(index)
                    load = getattr(stack.currentWidget(), "load", None)
                    if callable(load):  # a view that loads when shown (the search log)
                        load()
                    _settle(qtbot, window)
                    _select_every_row(qtbot, window, page, f"{where} page {index}", shown)
    # The walk really reached the rows: each shown masked, in place of the values.
    assert shown >= SHOWN_ROWS, sorted(SHOWN_ROWS - shown)


@pytest.mark.slow
def test_screenshots_outside_the_profile_are_not_opened(qtbot, hostile_window) -> None:  # type: ignore[no-untyped-def]
    window, script_id = hostile_window
    tab = window.workspace.show_tab("scripts")
    qtbot.waitUntil(lambda: tab.is_loaded, timeout=20_000)
    tab.show_script(script_id)
    tab.pages.setCurrentIndex(3)
    qtbot.waitUntil(lambda: tab.runs.rowCount() > 0 and not tab.runs.loading, timeout=10_000)
    row = next(n for n, run in tab.runs.cached() if run.screenshots)
    tab.runs_view.selectRow(row)
    labels = [w.text() for w in tab.shots_box.findChildren(QLabel)]
    assert labels.count("outside the profile, not opened") == 2
    assert not tab.shots_box.findChildren(QAbstractButton)  # nothing to click open


def test_unlock_rewrites_stored_values_in_the_background(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.enable_automation()
        secrets_rows(vault)
        for n in range(3):
            insert(vault, "hitl_checkpoints", hostile_row(vault, "hitl_checkpoints", n))
    messages: list[str] = []
    window.session.status.connect(messages.append)
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    qtbot.waitUntil(lambda: any(m.startswith("Redaction:") for m in messages), timeout=20_000)
    assert any("3 rewritten" in m and "hitl_checkpoints 3" in m for m in messages), messages
    for (text,) in raw_vault.read(layout, "SELECT proposed_action FROM hitl_checkpoints"):
        assert not clear_values_in(text)
