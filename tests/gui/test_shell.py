"""The window shell: unlock outcomes, lock, enabling automation, settings."""

from __future__ import annotations

import os
import sys

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from automation_admin.gui.main_window import MainWindow
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked
from tests.raw_vault import raw_key


def test_chooser_lists_profiles_and_focuses_the_passphrase(
    qtbot, window: MainWindow, profile: ProfileRecord
) -> None:
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    assert window.windowTitle() == "Automation Admin"
    assert window.chooser.selected().id == profile.id
    assert window.chooser.passphrase.echoMode() == window.chooser.passphrase.EchoMode.Password
    assert window.chooser.passphrase.accessibleName() == "Passphrase"
    assert window.chooser.unlock_button.accessibleName() == "Unlock"


@pytest.fixture
def ready(qtbot, window: MainWindow, profile: ProfileRecord) -> MainWindow:  # type: ignore[no-untyped-def]
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    return window


def test_right_passphrase_opens_the_workspace(qtbot, ready: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock_ui(qtbot, ready)
    qtbot.waitUntil(lambda: unlocked(ready))
    assert ready.windowTitle() == "Work — Automation Admin"
    assert ready.chooser.passphrase.text() == ""
    tabs = [ready.workspace.tabs.tabText(i) for i in range(ready.workspace.tabs.count())]
    assert tabs[-1] == "Settings"


def test_wrong_passphrase_says_so_in_place(qtbot, ready: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock_ui(qtbot, ready, "not it")
    assert not unlocked(ready)
    assert ready.chooser.message.isVisible()
    assert ready.chooser.message.text().startswith("Wrong passphrase")
    assert ready.chooser.passphrase.selectedText() == "not it"
    assert not ready.chooser.restore.isVisible()


def test_caps_lock_warning(qtbot, ready: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(ready.chooser.passphrase, "A")  # upper case without Shift: Caps Lock
    assert ready.chooser.caps.isVisibleTo(ready.chooser)
    qtbot.keyClick(ready.chooser.passphrase, "a")
    assert not ready.chooser.caps.isVisibleTo(ready.chooser)


def test_damaged_vault_offers_the_backup(  # type: ignore[no-untyped-def]
    qtbot, ready: MainWindow, layout: DataLayout, profile: ProfileRecord, monkeypatch
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.enable_automation()  # writes the backup
    layout.vault_db(profile.id).write_bytes(os.urandom(8192))
    unlock_ui(qtbot, ready)
    assert "damaged or was replaced" in ready.chooser.message.text()
    assert ready.chooser.restore.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    ready.chooser.restore.click()
    qtbot.waitUntil(lambda: "Restored" in ready.chooser.message.text(), timeout=10_000)
    assert list(layout.profile_dir(profile.id).glob("vault.damaged-*.db"))
    unlock_ui(qtbot, ready)
    qtbot.waitUntil(lambda: unlocked(ready))


def test_newer_vault_opens_read_only_with_a_banner(  # type: ignore[no-untyped-def]
    qtbot, ready: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    conn = sqlcipher.connect(str(layout.vault_db(profile.id)))
    conn.execute(f"PRAGMA key = \"x'{raw_key(layout, profile.id, PASSPHRASE)}'\"")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    unlock_ui(qtbot, ready)
    qtbot.waitUntil(lambda: unlocked(ready))
    texts = [w.accessibleName() for w in ready.workspace.findChildren(type(ready.chooser.message))]
    assert any("read-only" in t for t in texts)
    settings_tab = ready.workspace.pages["settings"]
    assert not settings_tab.save.isEnabled()


def test_lock_by_button_and_ctrl_l(qtbot, ready: MainWindow) -> None:  # type: ignore[no-untyped-def]
    unlock_ui(qtbot, ready)
    qtbot.waitUntil(lambda: unlocked(ready))
    ready.lock_action.trigger()
    assert ready.workspace is None and ready.windowTitle() == "Automation Admin"
    assert ready.stack.currentWidget() is ready.chooser
    unlock_ui(qtbot, ready)
    qtbot.waitUntil(lambda: unlocked(ready))
    qtbot.keyClick(ready, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ready.workspace is None)
    assert ready.session.current is None


def test_idle_timeout_locks_even_with_a_dialog_open(  # type: ignore[no-untyped-def]
    qtbot, ready: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.database().execute_sql("UPDATE profile_settings SET auto_lock_timeout_seconds = 1")
    unlock_ui(qtbot, ready)
    qtbot.waitUntil(lambda: unlocked(ready))
    settings_tab = ready.workspace.pages["settings"]
    qtbot.waitUntil(lambda: settings_tab.is_loaded)
    settings_tab.passwd.click()
    dialogs = [w for w in ready.findChildren(type(ready)) if False]
    from automation_admin.gui.dialogs.change_passphrase import ChangePassphraseDialog

    dialog = ready.findChild(ChangePassphraseDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.old.setText("typed but not submitted")
    qtbot.waitUntil(lambda: ready.workspace is None, timeout=5_000)
    # Gone with the workspace: hidden, or already deleted (deleteLater) on a busy machine.
    assert not isValid(dialog) or not dialog.isVisible()
    assert ready.session.current is None and not dialogs


def test_enable_automation_from_the_call_to_action(  # type: ignore[no-untyped-def]
    qtbot, ready: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    unlock_ui(qtbot, ready)
    qtbot.waitUntil(lambda: unlocked(ready))
    gate = ready.workspace.tabs.widget(0)
    assert gate.button.text() == "Enable automation features"
    assert gate.button.accessibleName() == "Enable automation features"
    gate.button.click()
    qtbot.waitUntil(
        lambda: ready.session.current is not None and ready.session.current.automation_enabled,
        timeout=15_000,
    )
    qtbot.waitUntil(
        lambda: (
            (ready.workspace is not None and "automation" not in ready.workspace.pages)
            or ready.workspace.pages["settings"].profile.automation_enabled
        )
    )
    assert list(layout.backups_dir.glob(f"{profile.id}-v1-*.vault.db"))


def test_settings_validate_and_save(
    qtbot,
    ready: MainWindow,
    layout: DataLayout,  # type: ignore[no-untyped-def]
    profile: ProfileRecord,
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.enable_automation()
    unlock_ui(qtbot, ready)
    qtbot.waitUntil(lambda: unlocked(ready))
    tab = ready.workspace.pages["settings"]
    qtbot.waitUntil(lambda: tab.is_loaded)
    hour = tab.inputs["discovery_schedule_hour"]
    hour.setValue(99)
    assert hour.value() == 23  # the field itself refuses hours past 23
    tab.inputs["discovery_retention_days"].setValue(0)
    assert tab.inputs["discovery_retention_days"].value() == 1
    tab.inputs["discovery_retention_days"].setValue(45)
    tab.quiet.setChecked(True)
    tab.quiet_start.setValue(22)
    tab.quiet_end.setValue(6)
    model = tab.providers
    row = next(i for i in range(model.rowCount()) if model.index(i, 0).data() == "Unassigned")
    url_index = model.index(row, 1)
    assert not model.setData(url_index, "http://insecure.example.com")
    assert "https" in tab.message.text()
    assert model.setData(url_index, "https://dashboard.example.com")
    tab.save.click()
    qtbot.waitUntil(lambda: tab.message.text() == "Saved.", timeout=10_000)
    ready.lock()
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        row = (
            vault.database()
            .execute_sql(
                "SELECT discovery_schedule_hour, discovery_retention_days, "
                "dashboard_quiet_hours_start, dashboard_quiet_hours_end FROM profile_settings"
            )
            .fetchone()
        )
        assert row == (23, 45, 22, 6)
        url = (
            vault.database()
            .execute_sql("SELECT dashboard_url FROM providers WHERE id = 'generic'")
            .fetchone()
        )
        assert url == ("https://dashboard.example.com",)
        events = {r[0] for r in vault.database().execute_sql("SELECT event_type FROM audit_events")}
        assert {"automation.settings.changed", "automation.provider.changed"} <= events


def test_create_profile_dialog(qtbot, window: MainWindow, layout: DataLayout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.gui.dialogs import create_profile as module
    from tests.conftest import FAST_KDF

    real = module.create_profile
    chosen = []
    monkeypatch.setattr(module, "calibrated_kdf", lambda: FAST_KDF)
    monkeypatch.setattr(
        module, "create_profile", lambda lay, n, p, kdf: chosen.append(kdf) or real(lay, n, p, kdf)
    )
    window.create_profile()
    dialog = window.findChild(module.CreateProfileDialog)
    dialog.name.setText("Home")
    dialog.first.setText("one two three four")
    dialog.second.setText("one two three fuor")
    dialog.submit()
    assert "differ" in dialog.message.text()
    dialog.second.setText("one two three four")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    assert window.chooser.selected().display_name == "Home"
    assert chosen == [FAST_KDF]  # the dialog creates with the calibrated settings


def test_pyside_void_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20_000):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 100
