"""The Scripts tab: the queue, the review, decisions by keyboard, auto-approve, run history."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from automation_admin.gui.main_window import MainWindow
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.factories import insert
from tests.gui.conftest import unlock_ui, unlocked
from tests.raw_vault import connect, read

# Two warnings and nothing worse, for the OpenAI provider of the demo.
TWO_WARNINGS = (
    "from automation_runtime import record_result\n\n\n"
    "def run(page):\n"
    "    page.goto('https://platform.openai.com/usage')\n"
    "    page.evaluate('() => window.__USAGE__')\n"
    "    page.screenshot(path='usage.png')\n"
    "    return record_result(done=True)\n"
)
WARNED_ID = "01900000-0000-7000-8000-000000000020"


@pytest.fixture
def scripts(qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord):  # type: ignore[no-untyped-def]
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=6)
        insert(
            vault,
            "automation_scripts",
            {
                "id": WARNED_ID,
                "profile_id": vault.profile_id,
                "provider_id": "openai",
                "task_type": "dashboard_scrape",
                "title": "Read usage through JavaScript",
                "description": "d",
                "script_content": TWO_WARNINGS,
                "model_used": "m",
                "version": 3,
                "created_at": "2030-01-01T00:00:00Z",
                "updated_at": "2030-01-01T00:00:00Z",
            },
        )
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
    assert tab.find_in_code.hasFocus()
    assert tab.code.find_text("checkpoint")
    assert "checkpoint" in tab.code.textCursor().selectedText()


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


def open_script(qtbot, tab, script_id: str) -> None:  # type: ignore[no-untyped-def]
    tab.show_script(script_id)
    qtbot.waitUntil(
        lambda: tab.info is not None and tab.info.row["id"] == script_id, timeout=10_000
    )
    tab.queue.setFocus()


def status_of(layout: DataLayout, script_id: str) -> str:
    ((status,),) = read(
        layout, "SELECT approval_status FROM automation_scripts WHERE id = ?", (script_id,)
    )
    return str(status)


def test_approving_with_warnings_needs_each_ticked(qtbot, scripts, layout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui.tabs.scripts import approve_dialog

    _, tab, _ = scripts
    open_script(qtbot, tab, WARNED_ID)
    warnings = [w.text for w in tab.info.review.warnings]
    assert len(warnings) == 2 and tab.verdict.text().startswith("⚠ 2 warnings")
    assert tab.approve_button.isEnabled()
    shown = []

    def tick_each(self) -> int:  # type: ignore[no-untyped-def]
        assert [b.accessibleName() for b in self.boxes] == warnings
        assert not self.approve_button.isEnabled()
        self.boxes[0].click()
        assert not self.approve_button.isEnabled()  # one of two is not enough
        self.boxes[1].click()
        assert self.approve_button.isEnabled()
        shown.append(self.windowTitle())
        return approve_dialog.ApproveDialog.DialogCode.Accepted

    monkeypatch.setattr(approve_dialog.ApproveDialog, "exec", tick_each)
    qtbot.keyClick(tab.queue, Qt.Key.Key_A)  # the keyboard path opens the dialog
    qtbot.waitUntil(lambda: status_of(layout, WARNED_ID) == "approved", timeout=10_000)
    assert shown == ["Approve script"]
    ((metadata,),) = read(
        layout,
        "SELECT metadata_json_redacted FROM audit_events WHERE event_type = "
        "'automation.script.approved' AND metadata_json_redacted LIKE ?",
        (f"%{WARNED_ID}%",),
    )
    event = json.loads(metadata)
    assert event["acknowledged"] == warnings
    assert event["version"] == 3


def test_a_warning_left_unticked_approves_nothing(qtbot, scripts, layout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui.tabs.scripts import approve_dialog

    _, tab, _ = scripts
    open_script(qtbot, tab, WARNED_ID)

    def tick_one_then_cancel(self) -> int:  # type: ignore[no-untyped-def]
        self.boxes[0].click()
        assert not self.approve_button.isEnabled()
        return approve_dialog.ApproveDialog.DialogCode.Rejected

    monkeypatch.setattr(approve_dialog.ApproveDialog, "exec", tick_one_then_cancel)
    tab.approve_button.click()
    qtbot.wait(300)
    assert status_of(layout, WARNED_ID) == "pending"


def test_the_dialog_ticks_a_warning_when_its_words_are_clicked(qtbot) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui.tabs.scripts.approve_dialog import ApproveDialog
    from automation_admin.models.scripts.review import review_script

    dialog = ApproveDialog("t", 1, review_script(TWO_WARNINGS, "custom"))
    qtbot.addWidget(dialog)
    dialog.show()
    words = dialog.findChildren(approve_dialog_label())
    assert len(words) == len(dialog.boxes) == 3  # no known sites here: the host is a warning too
    for label in words:
        assert not dialog.approve_button.isEnabled()
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert dialog.approve_button.isEnabled()
    assert dialog.acknowledged() == dialog.texts


def approve_dialog_label():  # type: ignore[no-untyped-def]
    from automation_admin.gui.tabs.scripts.approve_dialog import _ClickableLabel

    return _ClickableLabel


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "UPDATE automation_scripts SET script_content = script_content || "
            "'    page.goto(\"https://collector.example/\")\n' WHERE id = ?",
            "Not approved: the script changed since you reviewed it",
        ),
        (
            "INSERT INTO automation_scripts (id, profile_id, provider_id, task_type, title, "
            "description, script_content, model_used, version, created_at, updated_at) "
            "SELECT '01900000-0000-7000-8000-0000000000ff', profile_id, provider_id, task_type, "
            "title, description, script_content, model_used, version + 1, "
            "'2031-01-01T00:00:00Z', '2031-01-01T00:00:00Z' FROM automation_scripts WHERE id = ?",
            "was written since you reviewed version",
        ),
    ],
)
def test_approval_after_another_program_changed_the_script_is_refused(  # type: ignore[no-untyped-def]
    qtbot, scripts, layout, monkeypatch, change, message
) -> None:
    window, tab, pending = scripts
    target = pending[0].id
    open_script(qtbot, tab, target)
    assert tab.info.review.kind == "clean"
    reviewed = tab.info.seen
    with connect(layout) as raw:  # the automation runner, writing the vault meanwhile
        raw.execute(change, (target,))
        raw.commit()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(tab.queue, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: message in window.statusBar().currentMessage(), timeout=10_000)
    assert status_of(layout, target) == "pending"
    assert not read(
        layout,
        "SELECT id FROM audit_events WHERE event_type = 'automation.script.approved' AND "
        "metadata_json_redacted LIKE ?",
        (f"%{target}%",),
    )
    # the tab shows the script as it is now, ready to be reviewed again
    qtbot.waitUntil(lambda: tab.info.seen != reviewed, timeout=10_000)


def test_a_blocked_demo_script_cannot_be_approved(qtbot, scripts, layout) -> None:  # type: ignore[no-untyped-def]
    _, tab, _ = scripts
    ((blocked,),) = read(
        layout,
        "SELECT id FROM automation_scripts WHERE script_content LIKE '%print(%' LIMIT 1",
    )
    open_script(qtbot, tab, blocked)
    assert tab.verdict.text().startswith("✖ Cannot be approved: prints {{")
    assert tab.verdict.textFormat() == Qt.TextFormat.PlainText  # it quotes the script
    assert not tab.approve_button.isEnabled()
    first = tab.review.item(0)
    assert first.text().startswith("Line ") and "(blocker)" in first.text()
    assert "Logs and error messages are kept and shown." in first.text()
    qtbot.keyClick(tab.queue, Qt.Key.Key_A)
    qtbot.wait(200)
    assert status_of(layout, blocked) == "pending"
