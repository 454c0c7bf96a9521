"""In-process accessibility: every passphrase field has the masked interface (named, a
password, no value), the interfaces come and go with their fields, Escape closes every
dialog, and only the bridge's two expected complaints are kept out of the log."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QEvent, QLoggingCategory, Qt, qCWarning, qInstallMessageHandler
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QTreeWidget,
    QWidget,
)

from automation_admin.gui import accessibility
from automation_admin.gui.dialogs.change_passphrase import ChangePassphraseDialog
from automation_admin.gui.dialogs.create_profile import CreateProfileDialog
from automation_admin.gui.dialogs.shortcuts import ShortcutsDialog
from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.tabs.findings.dismiss_dialog import DismissDialog
from automation_admin.gui.tabs.scripts.reject_dialog import RejectDialog
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked


def passphrase_fields(widget: QWidget) -> list[QLineEdit]:
    return [
        edit
        for edit in widget.findChildren(QLineEdit)
        if edit.echoMode() != QLineEdit.EchoMode.Normal
    ]


def assert_masked(field: QLineEdit) -> None:
    field.setText("hunter2 secret")
    interface = QAccessible.queryAccessibleInterface(field)
    assert isinstance(interface, accessibility.MaskedPasswordEdit)
    assert interface.text(QAccessible.Text.Value) == ""
    assert interface.text(QAccessible.Text.Name) == field.accessibleName() != ""
    assert interface.textInterface() is None  # nothing for the bridge to read or send
    state = interface.state()
    assert state.passwordEdit and state.editable
    assert interface.role() == QAccessible.Role.EditableText


def test_every_passphrase_field_is_masked(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, profile: ProfileRecord
) -> None:
    fields = passphrase_fields(window.chooser)
    dialogs = [
        CreateProfileDialog(window.session, window),
        ChangePassphraseDialog(window.session, profile, window),
    ]
    for dialog in dialogs:
        dialog.show()
        fields += passphrase_fields(dialog)
    names = sorted(f.accessibleName() for f in fields)
    assert names == [
        "Current passphrase",
        "New passphrase",
        "Passphrase",
        "Passphrase",
        "Repeat new passphrase",
        "Repeat passphrase",
    ]
    for field in fields:
        assert_masked(field)
    for dialog in dialogs:
        dialog.reject()


def test_masked_interfaces_live_and_die_with_their_fields(qtbot) -> None:  # type: ignore[no-untyped-def]
    accessibility.install()
    app = QApplication.instance()
    made = []
    for _ in range(300):
        holder = QWidget()
        field = QLineEdit(holder)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName("Passphrase")
        holder.show()
        field.insert("abc")
        interface = QAccessible.queryAccessibleInterface(field)
        assert interface.text(QAccessible.Text.Value) == ""
        assert id(interface) in accessibility._alive  # held while Qt uses it
        made.append(interface)
        holder.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    gc.collect()
    # Qt deleted each with its field; the references are let go a turn later, never twice.
    qtbot.waitUntil(lambda: not any(id(i) in accessibility._alive for i in made))


DIALOGS = {
    "shortcuts": lambda window, profile: ShortcutsDialog(window),
    "create profile": lambda window, profile: CreateProfileDialog(window.session, window),
    "change passphrase": lambda window, profile: ChangePassphraseDialog(
        window.session, profile, window
    ),
    "dismiss findings": lambda window, profile: DismissDialog(3, window),
    "reject script": lambda window, profile: RejectDialog("Cap monthly spend", window),
    "question": lambda window, profile: QMessageBox(
        QMessageBox.Icon.Question,
        "Approve script",
        "Approve?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    ),
}


@pytest.mark.parametrize("kind", list(DIALOGS))
def test_escape_closes_every_dialog(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, profile: ProfileRecord, kind: str
) -> None:
    dialog: QDialog = DIALOGS[kind](window, profile)
    dialog.open()
    qtbot.waitExposed(dialog)
    focus = dialog.focusWidget() or dialog
    qtbot.keyClick(focus, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() in (
        QDialog.DialogCode.Rejected,
        QMessageBox.StandardButton.No,
    )


def test_only_the_expected_bridge_complaints_are_kept_out_of_the_log() -> None:
    heard: list[tuple[str, str]] = []
    previous = qInstallMessageHandler(
        lambda _mode, context, text: heard.append((context.category, text))
    )
    try:
        accessibility.quiet_dropped_text_events()
        bridge = QLoggingCategory("qt.accessibility.atspi")
        qCWarning(bridge, "Received text event for invalid interface.")
        qCWarning(
            bridge, "Sending TextCaretMoved from object that does not implement text interface:"
        )
        qCWarning(bridge, "Something else went wrong")
        qCWarning(QLoggingCategory("qt.widgets"), "Received text event for invalid interface.")
    finally:
        qInstallMessageHandler(previous)
    assert heard == [
        ("qt.accessibility.atspi", "Something else went wrong"),
        ("qt.widgets", "Received text event for invalid interface."),
    ]


def test_the_key_value_trees_name_both_columns(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.enable_automation()
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window), timeout=15_000)
    trees = {
        tree.accessibleName(): [tree.headerItem().text(c) for c in range(tree.columnCount())]
        for tree in window.workspace.findChildren(QTreeWidget)
    }
    assert trees == {
        "Checkpoint context": ["Context", "Value"],
        "Research": ["Research", "Value"],
        "Plan": ["Plan", "Value"],
        "Event metadata": ["Metadata (redacted)", "Value"],
    }
