"""One focus ring for the whole window: a 2 px outline, in the scheme's focus colour, around
whichever control has keyboard focus.

Fusion's own focus marks are faint, differ per control, and vanish on any control a style
sheet restyles (the primary buttons, the summary cards). The ring is drawn by one overlay
instead, outside the control with a 1 px gap (so it also shows around a blue button), or
inside its edge where a scroll area would cut it. Like a browser's :focus-visible it shows
while the keyboard is in use and hides after a mouse click, when the pointer already says
where one is.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from shiboken6 import isValid

WIDTH = 2
GAP = 1
MARGIN = WIDTH + GAP
_MOVES = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)


class _Ring(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("focus-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.inset = False

    def paintEvent(self, event: QPaintEvent) -> None:
        from automation_admin.gui.style import scheme

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(scheme().focus), WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        half = WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 4, 4)
        painter.end()


class FocusRing(QObject):
    """Follows the focus and places the ring; one per application."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.keyboard = False
        self.target: QWidget | None = None
        self.ring: _Ring | None = None
        app.focusChanged.connect(self._focus_changed)
        app.installEventFilter(self)

    @classmethod
    def install(cls, app: QApplication) -> FocusRing:
        existing = app.findChild(FocusRing)
        return existing if existing is not None else cls(app)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            if not self.keyboard:
                self.keyboard = True
                self.place()
        elif kind == QEvent.Type.MouseButtonPress:
            if self.keyboard:
                self.keyboard = False
                self.place()
        elif kind in _MOVES and self._moves_target(watched):
            self.place()
        return False

    def _moves_target(self, watched: QObject) -> bool:
        target = self.target
        if target is None or not watched.isWidgetType() or watched is self.ring:
            return False
        if not isValid(target):
            self.target = None
            return False
        return watched is target or watched.isAncestorOf(target)  # type: ignore[attr-defined]

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self.target = new
        self.place()

    def place(self) -> None:
        """Put the ring around the focused control, or hide it."""
        target = self.target
        shown = (
            self.keyboard
            and target is not None
            and isValid(target)
            and target.isVisible()
            and not target.isWindow()
            and target.window().windowType() != Qt.WindowType.Popup
        )
        if not shown or target is None:
            if self.ring is not None and isValid(self.ring):
                self.ring.hide()
            return
        window = target.window()
        ring = self._ring_in(window)
        corner = target.mapTo(window, QPoint(0, 0))
        rect = QRect(corner, target.size())
        outer = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        ring.inset = not _clip(target, window).contains(outer)
        ring.setGeometry(rect if ring.inset else outer)
        ring.raise_()
        ring.show()
        ring.update()

    def _ring_in(self, window: QWidget) -> _Ring:
        ring = self.ring
        if ring is None or not isValid(ring):
            ring = self.ring = _Ring(window)
        elif ring.parentWidget() is not window:
            ring.setParent(window)
        return ring


def _clip(target: QWidget, window: QWidget) -> QRect:
    """What of the window can show the ring: scroll areas cut off what they scroll."""
    clip = window.rect()
    widget = target.parentWidget()
    while widget is not None and widget is not window:
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            clip = clip.intersected(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))
        widget = parent
    return clip
