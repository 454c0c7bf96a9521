"""Cyclic garbage is collected on the UI thread only (gui/gc_guard.py)."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication, QWidget

from automation_admin.gui import gc_guard


class _Cycle:
    def __init__(self) -> None:
        self.me = self
        self.widget = QWidget()


def test_a_cycle_holding_a_widget_is_freed_by_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    collector = gc_guard.install(QApplication.instance())
    assert not gc.isenabled()
    collected_on: list[str] = []
    cycle = _Cycle()
    cycle.widget.destroyed.connect(lambda: collected_on.append(threading.current_thread().name))
    gone = weakref.ref(cycle)
    del cycle
    # Garbage made on another thread, past every threshold: nothing is collected there.
    worker = threading.Thread(target=lambda: [[] for _ in range(100_000)], name="worker")
    worker.start()
    worker.join()
    assert gone() is not None
    thresholds = gc.get_threshold()
    gc.set_threshold(1, 1, 1)
    try:
        qtbot.waitUntil(lambda: gone() is None, timeout=5_000)
    finally:
        gc.set_threshold(*thresholds)
    assert collected_on == [threading.main_thread().name]
    assert gc_guard.install(QApplication.instance()) is collector
