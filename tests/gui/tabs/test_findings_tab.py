"""The Findings tab: keyboard-first triage, undo, bulk over a filter, search log, badge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.qtmodels.findings_model import COL_DISCOVERED
from automation_admin.gui.qtmodels.paged_model import RowRole
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.findings import service as findings_data
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked
from tests.raw_vault import read


@pytest.fixture
def findings(qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord):  # type: ignore[no-untyped-def]
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=6)
        new = findings_data.status_counts(vault, findings_data.FindingQuery())["new"]
        urgent = findings_data.urgent_new_count(vault)
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    window.workspace.show_tab("findings")
    tab = window.workspace.pages["findings"]
    qtbot.waitUntil(lambda: tab.is_loaded and counted(tab), timeout=15_000)
    return window, tab, new, urgent


def counted(tab) -> bool:  # type: ignore[no-untyped-def]
    """The summary line shows a count, not "Counting…"."""
    return not tab.summary.text().startswith("Counting")


@pytest.fixture
def said(findings) -> list[str]:  # type: ignore[no-untyped-def]
    """Every message the status bar shows from now on."""
    messages: list[str] = []
    findings[0].session.status.connect(messages.append)
    return messages


def statuses(layout: DataLayout, ids: list[str]) -> list[str]:
    marks = ", ".join("?" for _ in ids)
    rows = dict(
        read(
            layout,
            f"SELECT id, user_status FROM discovery_findings WHERE id IN ({marks})",
            tuple(ids),
        )
    )
    return [rows[i] for i in ids]


def test_opens_on_new_findings_with_counts_and_badge(findings) -> None:  # type: ignore[no-untyped-def]
    window, tab, new, urgent = findings
    assert tab.summary.text() == f"{new:,} new findings"
    assert tab.chips.button(0).text() == f"New · {new:,}"
    assert window.workspace.tabs.tabText(1) == f"Findings ({urgent:,} urgent)"
    assert "critical or need action" in window.workspace.tabs.tabToolTip(1)
    # The New chip and the tab count different things, and the chip says how.
    chip = tab.chips.button(0)
    assert chip.accessibleName() == f"New · {new:,}"
    assert f"{new:,} new findings" in chip.toolTip() and f"{urgent:,} new" in chip.toolTip()
    first = tab.model.row_at(0)
    assert first.urgency == "critical" and first.status == "new"
    assert tab.table.currentIndex().row() == 0


def test_keyboard_triage_and_undo(qtbot, findings, said, layout: DataLayout) -> None:  # type: ignore[no-untyped-def]
    _window, tab, new, _ = findings
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_J)
    assert tab.table.currentIndex().row() == 1
    qtbot.keyClick(tab.table, Qt.Key.Key_K)
    target = tab.model.row_at(0).id
    following = tab.model.row_at(1).id
    qtbot.keyClick(tab.table, Qt.Key.Key_R)
    done = "1 finding(s) marked reviewed"
    qtbot.waitUntil(lambda: f"{done}. Ctrl+Z undoes." in said, timeout=10_000)
    # reviewed in place, and the next finding is selected for the next key press
    assert tab.model.row_at(0).status == "reviewed"
    assert tab.table.currentIndex().row() == 1 and tab.model.row_at(1).id == following
    assert statuses(layout, [target]) == ["reviewed"]
    qtbot.waitUntil(lambda: tab.summary.text() == f"{new - 1:,} new findings", timeout=10_000)
    assert tab.chips.button(0).text() == f"New · {new - 1:,}"
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: f"Undone: {done}." in said and tab.summary.text() == f"{new:,} new findings",
        timeout=10_000,
    )
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert said[-1] == "Nothing to undo."
    assert statuses(layout, [target]) == ["new"]
    assert tab.model.row_at(0).status == "new"


def test_dismiss_asks_the_reason(qtbot, findings, said, layout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui.tabs.findings import dismiss_dialog as dismiss

    _, tab, _, _ = findings
    target = tab.model.row_at(0).id

    def choose(self) -> int:  # type: ignore[no-untyped-def]
        self.group.button(2).setChecked(True)  # false positive
        self.comment.setText("duplicate of an older advisory")
        return dismiss.DismissDialog.DialogCode.Accepted

    monkeypatch.setattr(dismiss.DismissDialog, "exec", choose)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: "1 finding(s) dismissed. Ctrl+Z undoes." in said, timeout=10_000)
    assert statuses(layout, [target]) == ["dismissed"]
    ((meta,),) = read(
        layout,
        "SELECT metadata_json_redacted FROM audit_events WHERE "
        "event_type = 'automation.finding.triaged' ORDER BY created_at "
        "DESC, id DESC LIMIT 1",
    )
    assert '"reason":"false positive"' in meta and "duplicate of an older advisory" in meta


def test_bulk_over_the_filter_confirms_the_count(
    qtbot, findings, said, layout, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _, tab, _new, _ = findings
    ((count,),) = read(
        layout,
        "SELECT count(*) FROM discovery_findings WHERE "
        "urgency = 'informational' AND user_status = 'new'",
    )
    assert count > 0
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: (asked.append(a[2]), QMessageBox.StandardButton.Yes)[1],
    )
    tab.urgency.actions_by_value["informational"].setChecked(True)
    qtbot.waitUntil(
        lambda: (
            tab.summary.text() == f"{count:,} new informational findings"
            and tab.model.rowCount() > 0
            and all(r.urgency == "informational" for _, r in tab.model.cached())
        ),
        timeout=10_000,
    )
    tab.act("actioned", everything=True)
    assert f"all {count:,} findings" in asked[0]
    qtbot.waitUntil(
        lambda: (
            f"{count:,} finding(s) marked actioned. Ctrl+Z undoes." in said
            and tab.summary.text() == "0 new informational findings"
        ),
        timeout=10_000,
    )
    ((left,),) = read(
        layout,
        "SELECT count(*) FROM discovery_findings WHERE "
        "urgency = 'informational' AND user_status = 'new'",
    )
    assert left == 0


def test_search_box_and_column_sort(qtbot, findings) -> None:  # type: ignore[no-untyped-def]
    _, tab, _, _ = findings
    tab.chips.button(4).click()
    qtbot.keyClick(tab, Qt.Key.Key_Slash)
    assert tab.search.hasFocus()
    qtbot.keyClicks(tab.search, "webhook")
    qtbot.waitUntil(
        lambda: counted(tab) and "matching “webhook”" in tab.summary.text(),
        timeout=10_000,
    )
    qtbot.keyClick(tab.search, Qt.Key.Key_Escape)
    assert tab.search.text() == ""
    header = tab.table.horizontalHeader()
    header.sectionClicked.emit(COL_DISCOVERED)  # discovered, newest first
    assert header.sortIndicatorSection() == COL_DISCOVERED
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    qtbot.waitUntil(
        lambda: tab.query.sort == "discovered" and tab.model.rowCount() > 10, timeout=10_000
    )
    times = [r.discovered_at for _, r in tab.model.cached()]
    assert times == sorted(times, reverse=True)


def test_search_log_view(qtbot, findings) -> None:  # type: ignore[no-untyped-def]
    _, tab, _, _ = findings
    tab.log_toggle.click()
    qtbot.waitUntil(lambda: tab.log_model.rowCount() > 0, timeout=10_000)
    tab.log_view.status.setCurrentIndex(tab.log_view.status.findData("failed"))
    qtbot.waitUntil(
        lambda: (
            tab.log_model.rowCount() > 0
            and all(r.status == "failed" for _, r in tab.log_model.cached())
        ),
        timeout=10_000,
    )
    assert all(r.error for _, r in tab.log_model.cached())


def test_notes_save_on_leaving_the_field_and_are_redacted(qtbot, findings, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab, _, _ = findings
    selected = tab.table.currentIndex().data(RowRole)
    qtbot.waitUntil(lambda: selected.title in tab.detail.toPlainText(), timeout=10_000)
    target = selected.id
    tab.notes.setFocus()
    tab.notes.setPlainText("Owner: ops. Token ghp_" + "a1B2c3D4" * 5)
    assert "Unsaved" in tab.notes_state.text()
    tab.table.setFocus()
    qtbot.waitUntil(lambda: "saved" in tab.notes_state.text(), timeout=10_000)
    ((stored,),) = read(layout, "SELECT user_notes FROM discovery_findings WHERE id = ?", (target,))
    assert stored == "Owner: ops. Token [REDACTED]"
    assert tab.notes.toPlainText() == stored
