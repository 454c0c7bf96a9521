"""Each profile's window comes back as it was left (size, last tab, splitters, column
widths), from the Qt settings file, which never holds anything read from the vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QHeaderView

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.session import Session
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.profiles import create_profile
from automation_admin.models.store.vault import unlock
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked
from tests.gui.walk import settle


def open_window(qtbot, layout: DataLayout, settings: QSettings, name: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Session(layout), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chooser.list.count() > 0)
    names = [p.display_name for p in window.chooser._profiles]
    window.chooser.list.setCurrentRow(names.index(name))
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window), timeout=15_000)
    settle(qtbot, window)
    return window


def test_a_profile_comes_back_as_it_was_left(  # type: ignore[no-untyped-def]
    qtbot, layout: DataLayout, profile: ProfileRecord, settings: QSettings, tmp_path: Path
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=3)
        secret_words = [
            row[0]
            for row in vault.database().execute_sql(
                "SELECT key_name FROM secrets UNION ALL SELECT title FROM automation_scripts "
                "UNION ALL SELECT source_title FROM discovery_findings LIMIT 400"
            )
        ]
    create_profile(layout, "Other", PASSPHRASE, FAST_KDF)
    window = open_window(qtbot, layout, settings, "Work")
    window.resize(QSize(1400, 860))
    dashboard = window.workspace.pages["dashboard"]
    split = dashboard.splitters[0]
    split.setSizes([700, 600])
    wanted_split = split.sizes()
    findings = window.workspace.pages["findings"]
    window.workspace.show_tab("findings")
    settle(qtbot, window)
    header: QHeaderView = findings.table.horizontalHeader()
    header.resizeSection(0, 150)
    window.workspace.show_tab("checkpoints")
    settle(qtbot, window)
    window.lock()
    qtbot.waitUntil(lambda: window.workspace is None)
    assert settings.value(f"profiles/{profile.id}/tab") == "checkpoints"

    # Another profile keeps its own state (and starts from the defaults).
    window.resize(QSize(1280, 720))
    other = open_window(qtbot, layout, settings, "Other")
    assert other.workspace.tabs.currentIndex() == 0
    other.lock()
    other.close()

    window.resize(QSize(1280, 720))
    window.chooser.list.setCurrentRow(
        [p.display_name for p in window.chooser._profiles].index("Work")
    )
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window), timeout=15_000)
    settle(qtbot, window)
    assert window.size() == QSize(1400, 860)
    assert window.workspace.tabs.currentWidget() is window.workspace.pages["checkpoints"]
    window.workspace.show_tab("dashboard")  # a page's layout comes back when it is shown
    settle(qtbot, window)
    assert window.workspace.pages["dashboard"].splitters[0].sizes() == wanted_split
    window.workspace.show_tab("findings")
    settle(qtbot, window)
    table = window.workspace.pages["findings"].table
    assert table.horizontalHeader().sectionSize(0) == 150
    window.close()

    # The settings file: layout under the profile's id, nothing from the vault.
    settings.sync()
    text = Path(settings.fileName()).read_text(encoding="utf-8", errors="replace")
    assert profile.id in text
    assert PASSPHRASE not in text
    leaked = [word for word in secret_words if word and word in text]
    assert leaked == []
