"""Locking after `auto_lock_timeout_seconds` without input, measured on the wall clock.

The check runs on every event the application receives, paint events included, so after a
suspend the vault is locked before anything repaints; a timer catches a quiet desktop.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.ShortcutOverride,
}


class IdleLock(QObject):
    def __init__(self, on_idle: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_idle = on_idle
        self._timeout = 0.0
        self._last = time.time()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)

    def arm(self, timeout_seconds: float) -> None:
        """Start watching (0 disables auto-lock)."""
        self._timeout = float(timeout_seconds)
        self._last = time.time()
        if self._timeout > 0:
            self._timer.start()
        else:
            self._timer.stop()

    def disarm(self) -> None:
        self._timeout = 0.0
        self._timer.stop()

    def check(self) -> bool:
        if self._timeout > 0 and time.time() - self._last >= self._timeout:
            self.disarm()
            self._on_idle()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._timeout > 0:
            if self.check():
                return event.type() == QEvent.Type.Paint  # nothing of the vault repaints
            if event.type() in INPUT_EVENTS:
                self._last = time.time()
        return False
