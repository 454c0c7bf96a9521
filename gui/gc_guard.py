"""Python's cyclic garbage collector, run on the UI thread only.

The collector runs on whichever thread happens to allocate when a generation's threshold is
reached. On the database worker that means a cycle holding a Qt widget (a closed dialog, a
lambda connected to a button) is destroyed off the UI thread, which crashes Qt. So automatic
collection is turned off and a timer on the UI thread collects with the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class UiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)
        gc.disable()

    def collect(self) -> None:
        """Collect the generations past their thresholds, as automatic collection would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = -1
        for index in range(3):
            if counts[index] > thresholds[index]:
                generation = index
        if generation >= 0:
            gc.collect(generation)


def install(app: QObject) -> UiThreadCollector:
    """One collector for the application (a second install returns the first)."""
    found = app.findChild(UiThreadCollector)
    return found if found is not None else UiThreadCollector(app)
