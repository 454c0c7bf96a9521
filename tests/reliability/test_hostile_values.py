"""Hostile values written by another program into every column of every table: invalid and
deeply nested JSON, out-of-range numbers, 100 KB strings, control and bidi characters, HTML.
Every tab and view renders every row without a bug, no rich text is ever read from the
data, and every table exports."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QTextBrowser,
    QToolTip,
    QWidget,
)

from automation_admin.gui.main_window import MainWindow
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.schema import tables_for_version
from automation_admin.models.store.paths import DataLayout
from tests.raw_vault import connect
from tests.reliability.helpers import build_root, cli_here, copy_root, unlocked_window

pytestmark = pytest.mark.slow

MARK = "<b>bold</b>"
HOSTILE_TEXT: dict[str, Any] = {
    "invalid json": '{"usage": [1, 2, "unterminated',
    "deep arrays": "[" * 5000 + "]" * 5000,
    "deep objects": '{"a":' * 900 + "1" + "}" * 900,
    "100 KB": ("word " * 20_480)[:102_400],
    "control": "line\x00nul\x07bell\x1b[31mred\r\nnext\x7f\x08",
    "bidi": "\u202eevil\u202c \u2066isolated\u2069 \u200fRTL mark \u061c",
    "html": f"{MARK}<img src='file:///etc/passwd'><a href='https://example.com'>link</a>"
    "<script>alert(1)</script>&amp;<table><tr><td>cell",
}
HOSTILE_NUMBERS = [1e308, -1e308, 2**63 - 1, -(2**63), -1, 0.000001, "NaN", "12abc"]


def poison(conn: Any) -> dict[str, int]:
    """Write a hostile value into every column of the first rows of every table, one row per
    kind of value; a value the schema's CHECK refuses is skipped. Returns writes per table."""
    written: dict[str, int] = {}
    kinds = list(HOSTILE_TEXT.values())
    profile, project = conn.execute("SELECT profile_id, id FROM projects LIMIT 1").fetchone()
    for n in range(3):  # tables the demo leaves empty get rows from the other program
        stamp = "2026-11-01T00:00:00Z"
        conn.execute(
            "INSERT INTO project_docs (id, profile_id, project_id, relative_path, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (f"doc-{n}", profile, project, f"docs/{n}.md", stamp),
        )
        conn.execute(
            "INSERT INTO dotenv_targets (id, profile_id, project_id, relative_path, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (f"env-{n}", profile, project, f".env.{n}", stamp, stamp),
        )
    for table in tables_for_version(2):
        columns = conn.execute(f'PRAGMA table_info("{table}")').fetchall()
        rowids = [r[0] for r in conn.execute(f'SELECT rowid FROM "{table}" ORDER BY rowid LIMIT 8')]
        written[table] = 0
        for n, rowid in enumerate(rowids):
            text = kinds[n % len(kinds)]
            for _cid, name, declared, *_ in columns:
                numeric = declared.upper() in ("INTEGER", "REAL")
                values = [HOSTILE_NUMBERS[n % len(HOSTILE_NUMBERS)]] if numeric else []
                values.append(text if declared.upper() != "BLOB" else text.encode()[:4096])
                for value in values:
                    try:
                        conn.execute(
                            f'UPDATE "{table}" SET "{name}" = ? WHERE rowid = ?', (value, rowid)
                        )
                        written[table] += 1
                        break
                    except (sqlcipher.IntegrityError, sqlcipher.OperationalError):
                        continue
    conn.commit()
    return written


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = build_root(
        tmp_path_factory.mktemp("hostile") / "root", lambda v: write_demo(v, "30", seed=8)
    )
    with connect(DataLayout(root)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        written = poison(conn)
    return root, written


def test_another_program_got_its_values_into_every_table(poisoned) -> None:  # type: ignore[no-untyped-def]
    _, written = poisoned
    empty = [t for t, n in written.items() if n == 0]
    assert not empty, f"no hostile value reached {empty}"


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_every_table_exports(poisoned, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    root, _ = poisoned
    layout = copy_root(root, tmp_path / "root")
    for table in tables_for_version(2):
        out = tmp_path / f"{table}.{fmt}"
        result = cli_here(
            layout.root,
            "export",
            table,
            "--profile",
            "Work",
            "--passphrase-stdin",
            "--format",
            fmt,
            "--out",
            str(out),
        )
        assert result.code == 0, (table, result.err)
        text = out.read_text(encoding="utf-8")
        with connect(layout) as conn:
            rows = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        if fmt == "json":
            assert len(json.loads(text)) == rows
        elif fmt == "jsonl":
            assert [json.loads(line) for line in text.splitlines()].__len__() == rows
        assert "secret_value_enc" not in text and "totp_secret_enc" not in text


def rich_text_from_data(window: MainWindow) -> list[str]:
    """Every place a hostile HTML value was read as rich text instead of shown as text."""
    found = []
    for label in window.findChildren(QLabel):
        if MARK in label.text() and label.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"QLabel {label.accessibleName()!r}: {label.text()[:80]!r}")
    for browser in window.findChildren(QTextBrowser):
        html = browser.toHtml()
        if re.search(r"<img[^>]*passwd", html) or "<script" in html.lower():
            found.append(f"QTextBrowser {browser.objectName() or browser.accessibleName()!r}")
    for box in QApplication.topLevelWidgets():
        shown = box.text() + box.informativeText() if isinstance(box, QMessageBox) else ""
        if MARK in shown and box.textFormat() != Qt.TextFormat.PlainText:
            found.append("QMessageBox")
    return found


def visit_every_row(qtbot, window: MainWindow, page: Any, tooltips: list[str]) -> int:  # type: ignore[no-untyped-def]
    """Select every row (and every child row of a tree) of every list the page shows, so
    each detail pane renders it."""
    worker = window.session.worker
    seen = 0
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisible():
            continue
        while model.canFetchMore(view.rootIndex()) and model.rowCount() < 200:
            model.fetchMore(view.rootIndex())
            qtbot.waitUntil(lambda: worker.idle, timeout=15_000)
        pending = [model.index(row, 0) for row in range(min(model.rowCount(), 200))]
        while pending and seen < 600:
            index = pending.pop(0)
            view.setCurrentIndex(index)
            qtbot.waitUntil(lambda: worker.idle, timeout=15_000)
            seen += 1
            pending += [model.index(row, 0, index) for row in range(model.rowCount(index))]
            column = 0
            while index.siblingAtColumn(column).isValid():
                tooltips.append(tooltip_at(view, index.siblingAtColumn(column)))
                column += 1
    return seen


def choose_every_filter(qtbot, window: MainWindow, page: Any) -> None:  # type: ignore[no-untyped-def]
    """Pick every choice of every drop-down (providers, scripts, projects by name), so the
    summaries that name the filter show the hostile names; then back to the first."""
    worker = window.session.worker
    for box in page.findChildren(QComboBox):
        if not box.isVisible() or not box.isEnabled():
            continue
        for number in [*range(1, min(box.count(), 30)), 0]:
            box.setCurrentIndex(number)
            qtbot.waitUntil(lambda: worker.idle, timeout=15_000)
            found = rich_text_from_data(window) + too_wide(window)
            assert not found, (box.accessibleName(), box.itemText(number)[:40], found)


def tooltip_at(view: QAbstractItemView, index: Any) -> str:
    """The tooltip a pointer resting on `index` gets, as Qt would show it."""
    rect = view.visualRect(index)
    if not rect.isValid():
        return ""
    where = rect.center()
    event = QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def too_wide(window: MainWindow) -> list[str]:
    """The chain of widgets down to the one that a long value from the vault makes wider
    than any screen (each the widest child of the one before)."""

    def width(widget: QWidget) -> int:
        if widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
            return 0
        return max(widget.sizeHint().width(), widget.minimumSizeHint().width())

    chain: list[str] = []
    widget: QWidget | None = window
    while widget is not None and width(widget) > 4000:
        name = widget.accessibleName() or widget.objectName()
        chain.append(f"{type(widget).__name__} {name!r} ({width(widget)})")
        children = [c for c in widget.children() if isinstance(c, QWidget) and not c.isWindow()]
        widget = max(children, key=width, default=None)
    return chain


VIEWS = {
    "checkpoints": ("decisions", "audit"),
    "library": ("recommendations", "selectors", "references"),
}


def test_every_tab_renders_every_hostile_row(qtbot, poisoned, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    root, _ = poisoned
    layout = copy_root(root, tmp_path / "root")
    caplog.set_level(logging.ERROR)
    window = unlocked_window(qtbot, layout, tmp_path)
    session = window.session
    workspace = window.workspace
    rows = 0
    tooltips: list[str] = []
    for name, page in workspace.pages.items():
        for view in VIEWS.get(name, (None,)):
            workspace.show_tab(name)
            if view is not None:
                page.show_named_view(view)
            qtbot.waitUntil(lambda p=page: p.is_loaded and session.worker.idle, timeout=15_000)
            rows += visit_every_row(qtbot, window, page, tooltips)
            choose_every_filter(qtbot, window, page)
            window.grab().save(str(tmp_path / f"{name}-{view or 'main'}.png"))
            assert rich_text_from_data(window) == [], (name, view)
            wide = too_wide(window)
            assert not wide, f"{name}/{view}: " + "; ".join(wide)
            assert window.width() == 1320, (name, view, window.width())
    assert rows > 100
    # tooltips show hostile text as text (escaped), never as markup
    assert any("&lt;b&gt;bold" in t for t in tooltips)
    assert not [t for t in tooltips if MARK in t]
    bugs = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "failure-bug"
    ]
    assert not bugs, [b.text() + b.detailedText() for b in bugs]
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
    window.close()


def test_the_index_db_of_another_program_with_hostile_names(tmp_path: Path) -> None:
    """Profile names are shown before unlock: HTML and bidi text there stay text."""
    root = build_root(tmp_path / "root", v2=False)
    conn = sqlite3.connect(DataLayout(root).index_db)
    conn.execute("UPDATE app_profiles SET display_name = ?", (f"{MARK} \u202eevil",))
    conn.commit()
    conn.close()
    result = cli_here(root, "profile", "list")
    assert result.code == 0 and MARK in result.out
