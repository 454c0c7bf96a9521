"""Every tooltip as plain text.

Tooltips show vault text (a finding's title, a script's path, a proposed action), and Qt
reads any tooltip that looks like HTML as rich text: `<img src=…>` written by another
program would be fetched and drawn. One application-wide filter shows every tooltip as
escaped text instead, for widgets and for the rows and headers of every item view.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QToolTip, QWidget

MAX_CHARS = 2000


def as_plain(text: str) -> str:
    """Rich text that shows `text` exactly as written (line breaks kept, nothing read as markup)."""
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1] + "…"
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


class PlainToolTips(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(watched, QWidget):
            return False
        if not isinstance(event, QHelpEvent):
            return False
        text = _tooltip_of(watched, event)
        if text:
            QToolTip.showText(event.globalPos(), as_plain(text), watched)
        else:
            QToolTip.hideText()
            event.ignore()
        return True


def _tooltip_of(widget: QWidget, event: QHelpEvent) -> str:
    view = widget.parentWidget()
    if isinstance(view, QHeaderView) and widget is view.viewport():
        section = view.logicalIndexAt(event.pos())
        model = view.model()
        if section < 0 or model is None:
            return ""
        value = model.headerData(section, view.orientation(), Qt.ItemDataRole.ToolTipRole)
        return "" if value is None else str(value)
    if isinstance(view, QAbstractItemView) and widget is view.viewport():
        index = view.indexAt(event.pos())
        value = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
        return "" if value is None else str(value)
    return widget.toolTip()


_installed: list[PlainToolTips] = []


def install(app: QApplication) -> None:
    """Once per application."""
    if not _installed:
        _installed.append(PlainToolTips(app))
        app.installEventFilter(_installed[0])
