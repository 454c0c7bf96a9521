"""Charts read from the keyboard: arrows move along the days or weeks (Home and End to the
ends, Page Up and Page Down a stretch at a time), Enter or Space does what a click would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

STEPS = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_Down: -1,
    Qt.Key.Key_Up: 1,
    Qt.Key.Key_PageUp: -7,
    Qt.Key.Key_PageDown: 7,
}
ENDS = {Qt.Key.Key_Home: "first", Qt.Key.Key_End: "last"}
ACTIVATE = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class ChartKeys(QObject):
    """`step(delta)` moves by `delta` places, `to_end("first" | "last")` jumps, `activate()`
    acts on the place reached."""

    def __init__(
        self,
        view: QWidget,
        step: Callable[[int], None],
        to_end: Callable[[str], None],
        activate: Callable[[], None],
    ) -> None:
        super().__init__(view)
        self.step, self.to_end, self.activate = step, to_end, activate
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:  # type: ignore[attr-defined]
            return False  # Ctrl+…, Alt+…: the window's shortcuts
        if key in STEPS:
            self.step(STEPS[key])
        elif key in ENDS:
            self.to_end(ENDS[key])
        elif key in ACTIVATE:
            self.activate()
        else:
            return False
        return True
