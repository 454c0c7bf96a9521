"""Unlock never waits for sort indexes: the lists show while the worker builds the missing
ones, one per job, with a line in the status bar until the last is done."""

from __future__ import annotations

import threading

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.qtmodels.findings_model import COL_TITLE
from automation_admin.models.demo.generator import write_demo
from automation_admin.models.migrations import indexes
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault, unlock
from tests.conftest import PASSPHRASE
from tests.gui.conftest import unlock_ui, unlocked
from tests.raw_vault import read


def test_lists_show_and_sort_while_the_indexes_are_built(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord, monkeypatch
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        write_demo(vault, "small", seed=6)
        dropped = indexes.drop_list_indexes(vault.database())  # as after an update
    assert len(dropped) > 2
    # Each index waits for the test's permission, so what the window shows meanwhile is
    # what it shows while a large vault's index takes seconds.
    gate = threading.Semaphore(0)
    built: list[str] = []
    build = Vault.build_sort_index

    def gated(vault: Vault, name: str) -> None:
        assert gate.acquire(timeout=30), "the test never let the index build go on"
        build(vault, name)
        built.append(name)

    monkeypatch.setattr(Vault, "build_sort_index", gated)
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    unlock_ui(qtbot, window)
    qtbot.waitUntil(lambda: unlocked(window))
    findings = window.workspace.pages["findings"]
    checkpoints = window.workspace.pages["checkpoints"]
    qtbot.waitUntil(lambda: window.indexing.isVisible(), timeout=10_000)
    qtbot.waitUntil(
        lambda: findings.model.rowCount() > 0 and checkpoints.model.rowCount() > 0,
        timeout=10_000,
    )
    assert built == []  # the lists came first; the first index is still waiting
    text = window.indexing.text()
    assert text.startswith(f"Building sort indexes (1 of {len(dropped)})"), text
    assert "lists may be slow until done" in text
    assert window.indexing.accessibleName() == text

    # A header click waits for the index being built, not for all of them.
    window.workspace.show_tab("findings")
    findings.table.horizontalHeader().sectionClicked.emit(COL_TITLE)
    gate.release()
    qtbot.waitUntil(
        lambda: findings.query.sort == "title" and findings.model.rowCount() > 10, timeout=10_000
    )
    assert len(built) == 1
    assert window.indexing.isVisible()
    assert window.indexing.text().startswith(f"Building sort indexes (2 of {len(dropped)})")
    titles = [row.title.casefold() for _, row in findings.model.cached()]
    assert titles == sorted(titles) or titles == sorted(titles, reverse=True)

    gate.release(len(dropped))
    qtbot.waitUntil(lambda: not window.indexing.isVisible(), timeout=30_000)
    assert sorted(built) == sorted(dropped)
    assert "Sort indexes built" in window.statusBar().currentMessage()
    window.lock()
    qtbot.waitUntil(lambda: window.session.worker.idle, timeout=10_000)
    names = {r[0] for r in read(layout, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert set(dropped) <= names


def test_nothing_to_build_says_nothing(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, layout: DataLayout, profile: ProfileRecord
) -> None:
    with unlock(layout, profile.id, PASSPHRASE) as vault:
        vault.enable_automation()
    shown: list[str] = []
    window.session.indexing.connect(shown.append)
    window.chooser.reload()
    qtbot.waitUntil(lambda: window.chooser.list.count() == 1)
    with qtbot.waitSignal(window.session.indexing, timeout=10_000):  # the look found none
        unlock_ui(qtbot, window)
    assert shown == [""]
    assert not window.indexing.isVisible()
