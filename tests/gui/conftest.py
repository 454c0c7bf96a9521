"""Window fixtures: offscreen Qt, private QSettings, one MainWindow per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

from automation_admin.gui import gc_guard
from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.session import Session
from automation_admin.models.store.paths import DataLayout
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_ui_thread(qapp):  # type: ignore[no-untyped-def]
    """As the program does (gui/gc_guard.py): a collection on the worker thread that frees a
    widget crashes Qt."""
    gc_guard.install(qapp)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "qsettings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, layout: DataLayout, settings: QSettings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    session = Session(layout)
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.chooser.list.count() > 0 or win.chooser.empty.isVisible())
    yield win
    win.close()


def unlock_ui(qtbot, win: MainWindow, passphrase: str = PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    win.chooser.passphrase.setText(passphrase)
    win.chooser.unlock_button.click()
    qtbot.waitUntil(lambda: not win.chooser.busy.isVisible(), timeout=15_000)


def unlocked(win: MainWindow) -> bool:
    return win.workspace is not None and win.stack.currentWidget() is win.workspace
