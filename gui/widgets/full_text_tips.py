"""Cells elide what does not fit; hovering an elided cell shows its whole text.

Every list uses this delegate, so a narrow column never hides anything for good: the text a
cell cannot show is in its tooltip (with the model's own tooltip, if it has one, after it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

Index = QModelIndex | QPersistentModelIndex


class FullTextTips(QStyledItemDelegate):
    def tip(self, view: QAbstractItemView, index: Index, rect: QRect) -> str:
        """What hovering the cell at `rect` shows: its text when elided, then the model's
        own tooltip."""
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        own_text = "" if own is None else str(own)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None or not str(text).strip():
            return own_text
        # The view's own measure: its options (icon size, font) and this delegate's hint.
        if view.sizeHintForIndex(index).width() <= rect.width() or str(text) in own_text:
            return own_text
        return f"{text}\n{own_text}" if own_text else str(text)

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event is None or event.type() != QEvent.Type.ToolTip or not index.isValid():
            return super().helpEvent(event, view, option, index)
        text = self.tip(view, index, option.rect)
        if text:
            QToolTip.showText(event.globalPos(), text, view, option.rect)
        else:
            QToolTip.hideText()
        return True
