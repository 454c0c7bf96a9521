"""A decorative icon beside words, painted each time in the scheme's colours (a QLabel's
pixmap would keep the colours of the scheme it was made in)."""

from __future__ import annotations

from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from automation_admin.gui.resources import icon


class IconLabel(QWidget):
    def __init__(self, name: str, size: int) -> None:
        super().__init__()
        self.icon = icon(name)
        self.setFixedSize(size, size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.icon.paint(painter, self.rect())
        painter.end()
