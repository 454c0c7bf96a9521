"""One dialog per kind of failure, saying what happened and what to do (gui/dialogs/failure)."""

from __future__ import annotations

import peewee
import sqlcipher3.dbapi2 as sqlcipher
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from automation_admin.gui.main_window import MainWindow
from automation_admin.models.store.backup import list_backups
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked


def boxes(kind: str) -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == f"failure-{kind}" and w.isVisible()
    ]


def fail_with(exc: BaseException):  # type: ignore[no-untyped-def]
    def job(_vault: object) -> None:
        raise exc

    return job


def test_damage_and_bugs_each_open_one_dialog_that_says_what_to_do(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.enable_automation()
    (backup,) = list_backups(layout.backups_dir, profile.id)
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    tab = window.workspace.pages["findings"]
    worker = window.session.worker
    # As the driver raises it mid-read, as Peewee wraps it: three queries fail together.
    damage = peewee.DatabaseError(sqlcipher.DatabaseError("database disk image is malformed"))
    for _ in range(3):
        worker.submit(fail_with(damage), on_error=tab.failed)
    qtbot.waitUntil(lambda: len(boxes("damaged")) == 1 and worker.idle)
    (box,) = boxes("damaged")
    assert "damaged" in box.text() and "malformed" in box.text()
    assert backup.name in box.informativeText()
    assert all(
        label.textFormat() == Qt.TextFormat.PlainText
        for label in box.findChildren(QLabel)
        if label.text()
    )
    assert window.statusBar().currentMessage().startswith("Findings: The vault file is damaged")

    worker.submit(fail_with(KeyError("column")), on_error=tab.failed)
    qtbot.waitUntil(lambda: len(boxes("bug")) == 1)
    (bug,) = boxes("bug")
    assert "bug" in bug.text() and "KeyError" in bug.detailedText()
    assert len(boxes("damaged")) == 1

    # A refusal answers what the person did: the status line says it, no dialog.
    from automation_admin.models.store.errors import ValidationError

    worker.submit(fail_with(ValidationError("user_notes", "too long")), on_error=tab.failed)
    qtbot.waitUntil(lambda: "too long" in window.statusBar().currentMessage())
    assert not boxes("refused") and not boxes("user")
    for open_box in (*boxes("damaged"), *boxes("bug")):
        open_box.close()


def test_a_failure_after_its_dialog_was_closed_opens_a_new_one(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """A closed dialog is deleted (WA_DeleteOnClose) while Python may still hold its wrapper
    (here `first`): the next failure of that kind must open a new dialog, not fail on it."""
    from automation_admin.gui.dialogs.failure import report_failure
    from automation_admin.gui.worker import classify

    damage = peewee.DatabaseError(sqlcipher.DatabaseError("database disk image is malformed"))
    first = report_failure(window, classify(damage))
    assert first is not None
    first.close()
    qtbot.waitUntil(lambda: not boxes("damaged"))
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # deleted now
    second = report_failure(window, classify(damage))
    assert second is not None and second.isVisible()
    second.close()
