"""The Library tab: recommendations grouped by project (accept/reject, audited), selectors
with their syntax checks, and the reference library's verification (the models under the
model tester: tests/gui/qtmodels)."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt, QUrl

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.qtmodels import recommendations_model as recommendation_columns
from automation_admin.gui.qtmodels import references_model as reference_columns
from automation_admin.gui.qtmodels import selectors_model as selector_columns
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.library.references import ReferenceLibrary
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked
from tests.raw_vault import read


@pytest.fixture
def library(qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord):  # type: ignore[no-untyped-def]
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=4)
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    tab = window.workspace.pages["library"]
    assert window.workspace.tabs.currentWidget() is tab
    qtbot.waitUntil(
        lambda: (
            tab.is_loaded and tab.recommendations.current is not None and tab.session.worker.idle
        ),
        timeout=20_000,
    )
    return window, tab


def test_recommendations_grouped_by_project_as_sql(library, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab = library
    view = tab.recommendations
    model = view.model
    counts = read(
        layout,
        "SELECT coalesce(p.display_name, 'No project'), count(*) FROM service_recommendations r "
        "LEFT JOIN projects p ON p.id = r.project_id GROUP BY r.project_id "
        "ORDER BY r.project_id IS NULL, lower(p.display_name)",
    )
    shown = [(g.name, g.count) for g in model.groups]
    assert shown == [(name, count) for name, count in counts]
    first = model.index(0, 0)
    assert model.rowCount(first) == model.groups[0].count
    scores = [model.group_rows[0][i].score for i in range(model.rowCount(first))]
    assert scores == sorted(scores, reverse=True)
    assert model.index(0, 0).data().startswith(f"{model.groups[0].name} (")
    assert view.current is model.group_rows[0][0] and view.tree.hasFocus()
    assert "Why this service" in view.detail.toPlainText()
    assert view.summary.text().startswith(f"{sum(c for _n, c in counts):,} recommendations")


def test_accept_by_keyboard_is_written_and_audited(qtbot, library, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab = library
    view = tab.recommendations
    target = next(r for rows in view.model.group_rows for r in rows if r.status == "new")
    group = next(g for g, rows in enumerate(view.model.group_rows) if target in rows)
    view.tree.setCurrentIndex(
        view.model.index(view.model.group_rows[group].index(target), 0, view.model.index(group, 0))
    )
    qtbot.keyClick(view.tree, Qt.Key.Key_A)
    qtbot.waitUntil(
        lambda: (
            read(
                layout, "SELECT user_status FROM service_recommendations WHERE id = ?", (target.id,)
            )
            == [("accepted",)]
        )
    )
    qtbot.waitUntil(lambda: view.current is not None and view.current.status == "accepted")
    assert not view.accept_button.isEnabled() and view.reopen_button.isEnabled()
    ((metadata,),) = read(
        layout,
        "SELECT metadata_json_redacted FROM audit_events WHERE event_type = "
        "'automation.recommendation.decided'",
    )
    assert json.loads(metadata)["to"] == "accepted"
    view.reject_button.click()
    qtbot.waitUntil(
        lambda: (
            read(
                layout, "SELECT user_status FROM service_recommendations WHERE id = ?", (target.id,)
            )
            == [("rejected",)]
        )
    )


def test_status_and_project_filters(qtbot, library, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab = library
    view = tab.recommendations
    view.status.setCurrentIndex(view.status.findData("accepted"))
    qtbot.waitUntil(lambda: view.query().statuses == ("accepted",) and tab.session.worker.idle)
    ((accepted,),) = read(
        layout, "SELECT count(*) FROM service_recommendations WHERE user_status = 'accepted'"
    )
    assert sum(g.count for g in view.model.groups) == accepted
    view.project.setCurrentIndex(view.project.findData(recommendations_data.NO_PROJECT))
    qtbot.waitUntil(
        lambda: view.query().project == recommendations_data.NO_PROJECT and tab.session.worker.idle
    )
    assert [g.name for g in view.model.groups] in ([], ["No project"])


def test_selectors_show_order_current_version_and_syntax(qtbot, library, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab = library
    tab.views.button(1).click()
    view = tab.selectors
    assert tab.pages.currentWidget() is view and view.table.hasFocus()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not view.model.loading)
    # It opens on the versions in use: older ones are history, most of them broken by design.
    assert view.current_only.isChecked()
    assert all(row.current for _n, row in view.model.cached())
    view.current_only.setChecked(False)
    qtbot.waitUntil(lambda: not view.model.loading and not view.query().current_only)
    expected = read(
        layout,
        "SELECT id FROM provider_selectors ORDER BY verification_status = 'broken' DESC, "
        "provider_id, data_type, version DESC LIMIT 200",
    )
    assert [row.id for _n, row in view.model.cached()] == [r[0] for r in expected]
    rows = dict(view.model.cached())
    bad = next(n for n, row in rows.items() if row.syntax.ok is False)
    assert view.model.index(bad, selector_columns.COL_SYNTAX).data().startswith("CSS: ")
    assert (
        view.model.index(bad, selector_columns.COL_SELECTOR)
        .data(Qt.ItemDataRole.FontRole)
        .fixedPitch()
    )
    current = next(n for n, row in rows.items() if row.current)
    assert view.model.index(current, selector_columns.COL_VERSION).data().endswith("· current")
    view.table.selectRow(bad)
    assert "Syntax: CSS:" in view.detail.text()


def test_reference_library_verify_and_open(qtbot, library, layout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices

    _, tab = library
    tab.views.button(2).click()
    view = tab.references
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    view.verify_all_button.click()
    qtbot.waitUntil(lambda: set(view.model.verdicts.values()) == {"match"})
    assert view.model.index(0, reference_columns.COL_ON_DISK).data() == "matches the manifest"
    library_folder = ReferenceLibrary(layout).folder
    (library_folder / "playwright-python" / "README.md").write_text("tampered\n")
    shutil.rmtree(library_folder / "puppeteer")
    view.verify_all_button.click()
    qtbot.waitUntil(lambda: sorted(view.model.verdicts.values()) == ["mismatch", "missing"])
    on_disk = reference_columns.COL_ON_DISK
    texts = {view.model.index(r, 0).data(): view.model.index(r, on_disk).data() for r in range(2)}
    assert texts == {
        "playwright-python": "changed since download",
        "puppeteer": "missing on disk",
    }
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    names = [view.model.index(r, 0).data() for r in range(2)]
    view.table.selectRow(names.index("playwright-python"))
    view.open_button.click()
    assert opened and opened[0].toLocalFile() == str(library_folder / "playwright-python")


def test_j_and_k_walk_the_tree_across_groups(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    _, tab = library
    view = tab.recommendations
    model = view.model
    last = model.index(model.rowCount(model.index(0, 0)) - 1, 0, model.index(0, 0))
    view.tree.setCurrentIndex(last)
    qtbot.keyClick(view.tree, Qt.Key.Key_J)
    assert view.tree.currentIndex() == model.index(1, 0)  # the next project's row
    qtbot.keyClick(view.tree, Qt.Key.Key_J)
    assert view.current is model.group_rows[1][0]
    qtbot.keyClick(view.tree, Qt.Key.Key_K)
    qtbot.keyClick(view.tree, Qt.Key.Key_K)
    assert view.current is model.group_rows[0][-1]


def test_match_header_flips_the_order(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    _, tab = library
    view = tab.recommendations
    view.tree.header().sectionClicked.emit(recommendation_columns.COL_MATCH)
    qtbot.waitUntil(lambda: not view.query().descending and tab.session.worker.idle)
    qtbot.waitUntil(lambda: len(view.model.group_rows[0]) == view.model.groups[0].count)
    scores = [r.score for r in view.model.group_rows[0]]
    assert scores == sorted(scores)


def test_every_button_is_named_as_it_reads(library) -> None:  # type: ignore[no-untyped-def]
    """DESIGN §4: a control's accessible name is its visible label (shortcut hints, counts
    and drop-down values aside)."""
    import re

    from PySide6.QtWidgets import QAbstractButton

    window, _tab = library
    unnamed, different = [], []
    for button in window.workspace.findChildren(QAbstractButton):
        text = re.sub(r"\s*\((?:[A-Z]|Ctrl\+\w)\)$", "", button.text().replace("&", ""))
        text = text.replace("✕", "").replace("…", "").strip()
        name = button.accessibleName().replace("…", "").strip()
        if not name and text:
            unnamed.append(text)
        elif text and name != text and not text.startswith((f"{name}:", f"{name} ·")):
            different.append((text, name))
    assert not unnamed, unnamed
    assert not different, different
