"""A button that opens a menu at once (Export, All matching…, the filter drop-downs).

Qt draws the arrow of such a button over its text without making room for it; this one
asks for the arrow's width too, so "All matching…" never loses its last letters.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStyle, QToolButton


class MenuButton(QToolButton):
    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.setText(text)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        arrow = self.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, self)
        return QSize(hint.width() + arrow, hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
