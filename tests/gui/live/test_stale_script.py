"""A script the runner supersedes while the person reviews it: the queue shows the new
version, the review on screen is not swapped, and approving the old one is refused with a
clear message; no audit event claims a version nobody reviewed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from automation_admin.gui.dialogs import failure
from automation_admin.gui.live.watcher import POLL_MS
from automation_admin.gui.tabs.scripts.reject_dialog import RejectDialog
from tests.gui.live.runner import add_script_version, runner
from tests.raw_vault import read

SOON = 10_000


def open_pending(qtbot, window):  # type: ignore[no-untyped-def]
    window.workspace.show_tab("scripts")
    tab = window.workspace.pages["scripts"]
    qtbot.waitUntil(lambda: tab.info is not None and tab.model.rowCount() > 0)
    script = tab.model.row_at(0)
    assert script.status == "pending"
    qtbot.waitUntil(lambda: tab.info.row["id"] == script.id)
    return tab, script


def approvals_of(layout, script_id: str) -> list[tuple[str]]:  # type: ignore[no-untyped-def]
    return read(
        layout,
        "SELECT metadata_json_redacted FROM audit_events WHERE event_type = "
        "'automation.script.approved' AND metadata_json_redacted LIKE ?",
        (f"%{script_id}%",),
    )


def test_a_new_version_is_shown_and_the_old_one_cannot_be_approved(  # type: ignore[no-untyped-def]
    qtbot, live, layout, monkeypatch
) -> None:
    window = live
    tab, script = open_pending(qtbot, window)
    said: list[str] = []
    window.session.status.connect(said.append)
    shown = tab.info
    with runner(layout) as raw:
        version = add_script_version(raw, script.id)
    qtbot.waitUntil(lambda: tab.stale_notice.isVisibleTo(tab), timeout=SOON)
    newest = max(v.version for v in shown.versions) + 1
    assert tab.stale_notice.text.text() == (
        f"Another program wrote version {newest} of this script since you opened version "
        f"{script.version}."
    )
    assert tab.info is shown  # the review on screen is the one that was read
    assert tab.queue.currentIndex().data().lower() == "pending"  # still on the same row
    qtbot.waitUntil(lambda: any(r.id == version for _n, r in tab.model.cached()), timeout=SOON)
    assert tab.queue.currentIndex().row() == tab.model.row_of(script.id)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(tab.queue, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: any(s.startswith("Not approved:") for s in said))
    assert f"wrote version {newest}" in said[-1] and said[-1].endswith(
        "Review it as it is now first."
    )
    assert read(
        layout, "SELECT approval_status FROM automation_scripts WHERE id = ?", (script.id,)
    ) == [("pending",)]
    assert not approvals_of(layout, script.id) and not approvals_of(layout, version)

    tab.stale_notice.button.click()
    qtbot.waitUntil(lambda: tab.info is not None and tab.info.row["id"] == version)
    assert not tab.stale_notice.isVisibleTo(tab)


def test_approval_racing_the_runner_is_refused_in_the_transaction(  # type: ignore[no-untyped-def]
    qtbot, live, layout, monkeypatch
) -> None:
    """The runner writes a new version between two polls and the person approves at once:
    the window has not seen it yet, the approval's own transaction has."""
    window = live
    tab, script = open_pending(qtbot, window)
    window.live.watcher.stop()  # the poll must not get there first
    said: list[str] = []
    window.session.status.connect(said.append)
    with runner(layout) as raw:
        version = add_script_version(raw, script.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(tab.queue, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: any("Not approved" in s for s in said), timeout=SOON)
    assert read(
        layout, "SELECT approval_status FROM automation_scripts WHERE id = ?", (script.id,)
    ) == [("pending",)]
    assert not approvals_of(layout, script.id) and not approvals_of(layout, version)


def test_a_version_written_as_text_is_said_not_a_bug(  # type: ignore[no-untyped-def]
    qtbot, live, layout, monkeypatch
) -> None:
    """The CHECK (version >= 1) lets text into the column: the runner marking the script on
    screen "draft", and adding a sibling version "next", is a change to tell, and approval
    is refused with words, never a bug dialog at every poll."""
    window = live
    reported: list[tuple[str, str]] = []
    monkeypatch.setattr(
        failure,
        "report_failure",
        lambda _p, error, *_a: reported.append((error.kind, error.message)),
    )
    tab, script = open_pending(qtbot, window)
    with runner(layout) as raw:
        sibling = add_script_version(raw, script.id)
        raw.execute("UPDATE automation_scripts SET version = 'next' WHERE id = ?", (sibling,))
        raw.execute("UPDATE automation_scripts SET version = 'draft' WHERE id = ?", (script.id,))
    qtbot.waitUntil(lambda: tab.stale_notice.isVisibleTo(tab), timeout=SOON)
    assert tab.stale_notice.text.text() == (
        "Another program changed this script since you opened it (it is now version draft)."
    )
    tab.show_script(script.id)  # as it is now
    qtbot.waitUntil(lambda: tab.info is not None and tab.info.row["version"] == "draft")
    said: list[str] = []
    window.session.status.connect(said.append)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(tab.queue, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: window.session.worker.idle)
    qtbot.wait(2 * POLL_MS)  # polls go on without a failure
    assert reported == []


def test_a_rejection_while_the_runner_rewrites_the_script_is_refused(  # type: ignore[no-untyped-def]
    qtbot, live, layout, monkeypatch
) -> None:
    """The reason was written for the text on screen; the runner rewrites the script while
    the dialog is open: nothing is rejected, no audit event gives the reason to a text
    nobody read, and the script is shown as it is now."""
    window = live
    tab, script = open_pending(qtbot, window)
    said: list[str] = []
    window.session.status.connect(said.append)

    def runner_rewrites_then_reject(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.reason.setText("Navigates to an unknown domain")
        with runner(layout) as raw:
            raw.execute(
                "UPDATE automation_scripts SET script_content = script_content || '\n# v2' "
                "WHERE id = ?",
                (script.id,),
            )
        return RejectDialog.DialogCode.Accepted

    monkeypatch.setattr(RejectDialog, "exec", runner_rewrites_then_reject)
    qtbot.keyClick(tab.queue, Qt.Key.Key_X)
    qtbot.waitUntil(
        lambda: any("Not rejected: the script changed" in s for s in said), timeout=SOON
    )
    assert read(
        layout, "SELECT approval_status FROM automation_scripts WHERE id = ?", (script.id,)
    ) == [("pending",)]
    assert not read(
        layout,
        "SELECT 1 FROM audit_events WHERE event_type = 'automation.script.rejected' "
        "AND metadata_json_redacted LIKE ?",
        (f"%{script.id}%",),
    )
    qtbot.waitUntil(lambda: tab.info.row["script_content"].endswith("# v2"), timeout=SOON)
