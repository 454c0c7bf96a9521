"""The Scripts tab: the queue, the review, decisions by keyboard, auto-approve, run history."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.qtmodels.scripts_model import RunsModel, ScriptsModel
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.factories import TS, insert
from tests.gui.conftest import unlock_ui, unlocked
from tests.raw_vault import read


@pytest.fixture
def scripts(qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord):  # type: ignore[no-untyped-def]
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=6)
        pending = scripts_data.queue_page(vault, scripts_data.ScriptQuery(statuses=("pending",)))[0]
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    tab = window.workspace.pages["scripts"]
    qtbot.waitUntil(lambda: tab.is_loaded and tab.info is not None, timeout=15_000)
    return window, tab, pending


def test_opens_on_the_oldest_pending_script(scripts) -> None:  # type: ignore[no-untyped-def]
    window, tab, pending = scripts
    assert window.workspace.tabs.currentWidget() is tab
    assert tab.info.row["id"] == pending[0].id
    assert tab.queue.hasFocus()
    assert tab.code.toPlainText() == tab.info.row["script_content"]
    assert tab.verdict.text()


def test_approve_by_keyboard_with_confirmation(qtbot, scripts, layout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, tab, _pending = scripts
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: (asked.append(a[2]), QMessageBox.StandardButton.Yes)[1],
    )
    target = tab.info.row["id"]
    assert not tab.info.review.blocked  # demo scripts are clean by design
    qtbot.keyClick(tab.queue, Qt.Key.Key_A)
    qtbot.waitUntil(
        lambda: (
            read(layout, "SELECT approval_status FROM automation_scripts WHERE id = ?", (target,))
            == [("approved",)]
        ),
        timeout=10_000,
    )
    assert tab.info.review.verdict in asked[0]
    ((kind,),) = read(
        layout, "SELECT event_type FROM audit_events ORDER BY created_at DESC, id DESC LIMIT 1"
    )
    assert kind == "automation.script.approved"


def test_reject_asks_a_reason_then_return_to_pending(qtbot, scripts, layout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui.tabs.scripts import reject_dialog as reject

    _, tab, _ = scripts
    target = tab.info.row["id"]

    def answer(self) -> int:  # type: ignore[no-untyped-def]
        assert not self.buttons.button(self.buttons.StandardButton.Ok).isEnabled()
        self.reason.setText("Clicks an unknown domain")
        return reject.RejectDialog.DialogCode.Accepted

    monkeypatch.setattr(reject.RejectDialog, "exec", answer)
    qtbot.keyClick(tab.queue, Qt.Key.Key_X)
    qtbot.waitUntil(
        lambda: (
            read(layout, "SELECT approval_status FROM automation_scripts WHERE id = ?", (target,))
            == [("rejected",)]
        ),
        timeout=10_000,
    )
    # after a decision the tab moves on to the next script; then open the rejected one again
    qtbot.waitUntil(lambda: tab.info is not None and tab.info.row["id"] != target, timeout=10_000)
    tab.show_script(target)
    qtbot.waitUntil(
        lambda: tab.info.row["id"] == target and tab.pending_button.isEnabled(), timeout=10_000
    )
    tab.pending_button.click()
    qtbot.waitUntil(
        lambda: (
            read(layout, "SELECT approval_status FROM automation_scripts WHERE id = ?", (target,))
            == [("pending",)]
        ),
        timeout=10_000,
    )


def test_auto_approve_only_where_allowed(qtbot, scripts, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = scripts
    (billing,) = read(
        layout,
        "SELECT id FROM automation_scripts WHERE approval_status = "
        "'approved' AND task_type = 'billing_restriction' LIMIT 1",
    )
    tab.show_script(billing[0])
    qtbot.waitUntil(lambda: tab.info.row["id"] == billing[0], timeout=10_000)
    assert not tab.auto.isEnabled()
    assert "financial checkpoints are never bypassed" in tab.auto_reason.text()
    (scrape,) = read(
        layout,
        "SELECT id FROM automation_scripts WHERE approval_status = "
        "'approved' AND task_type NOT IN ('payment_config', 'billing_restriction') LIMIT 1",
    )
    tab.show_script(scrape[0])
    qtbot.waitUntil(lambda: tab.info.row["id"] == scrape[0], timeout=10_000)
    assert tab.auto.isEnabled()


def test_review_items_jump_to_their_line_and_find_works(qtbot, scripts) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = scripts
    tab.code.go_to_line(12)
    assert tab.code.textCursor().blockNumber() == 11
    qtbot.keyClick(tab, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.find.hasFocus()
    assert tab.code.find_text("checkpoint")
    assert "checkpoint" in tab.code.textCursor().selectedText()


def test_run_history_with_present_and_expired_screenshots(qtbot, qtmodeltester, vault) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    image = vault.layout.screenshots_dir(vault.profile_id) / "step-1.png"
    picture = QImage(64, 40, QImage.Format.Format_RGB32)
    picture.fill(0x2563EB)
    picture.save(str(image))
    sid = uuid7()
    insert(
        vault,
        "automation_scripts",
        {
            "id": sid,
            "profile_id": vault.profile_id,
            "provider_id": "generic",
            "task_type": "custom",
            "title": "t",
            "description": "d",
            "script_content": "pass",
            "model_used": "m",
            "created_at": TS,
            "updated_at": TS,
        },
    )
    for day in range(1, 4):
        insert(
            vault,
            "automation_executions",
            {
                "id": uuid7(),
                "profile_id": vault.profile_id,
                "script_id": sid,
                "started_at": f"2026-10-0{day}T10:00:00Z",
                "completed_at": f"2026-10-0{day}T10:01:30Z",
                "status": "failure",
                "error_message_redacted": "Timeout waiting for #usage",
                "debug_screenshot_paths_json": json.dumps([str(image), str(image) + ".gone"]),
                "result_summary_json": json.dumps({"outcome": "failure", "steps": 3}),
            },
        )
    runs = RunsModel()
    page = scripts_data.runs_page(vault, sid)
    runs.restart(lambda cursor, deliver: deliver(*page))
    qtmodeltester.check(runs)
    assert runs.index(0, 1).data() == "1 min 30 s"
    assert runs.index(0, 6).data() == "1 of 2"
    assert runs.index(0, 4).data() == "outcome: failure, steps: 3"
    queue = ScriptsModel()
    rows = scripts_data.queue_page(vault, scripts_data.ScriptQuery())
    queue.restart(lambda cursor, deliver: deliver(*rows))
    qtmodeltester.check(queue)


def test_thumbnails_open_full_size(qtbot, scripts, layout) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from PySide6.QtWidgets import QDialog, QPushButton

    _, tab, _ = scripts
    candidates = read(
        layout,
        "SELECT script_id, id, debug_screenshot_paths_json FROM "
        "automation_executions WHERE debug_screenshot_paths_json IS NOT "
        "NULL ORDER BY started_at DESC",
    )
    script_id, run_id = next(
        (s, r) for s, r, paths in candidates if any(Path(p).exists() for p in json.loads(paths))
    )
    tab.show_script(script_id)
    tab.pages.setCurrentIndex(3)
    qtbot.waitUntil(
        lambda: (
            tab.info.row["id"] == script_id and tab.runs.rowCount() > 0 and not tab.runs.loading
        ),
        timeout=10_000,
    )
    row = next(n for n, run in tab.runs.cached() if run.id == run_id)
    tab.runs_view.selectRow(row)
    thumbs = tab.shots_box.findChildren(QPushButton)
    assert thumbs
    thumbs[0].click()
    dialog = tab.findChild(QDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
