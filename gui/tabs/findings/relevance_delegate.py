"""Relevance as a bar and a number (the number carries it; the bar is a quick read)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from automation_admin.gui.qtmodels.findings_model import RelevanceRole
from automation_admin.gui.style import scheme


def bar_colours(selected: bool, selected_text: QColor) -> tuple[QColor, QColor]:
    """(track, bar), the bar at 3:1 or more against its track and the row in each scheme.
    On the blue selection a blue bar would vanish: there it is drawn in the text colour."""
    if selected:
        track = QColor(selected_text)
        track.setAlpha(60)
        return track, selected_text
    colours = scheme()
    return QColor(colours.track), QColor(colours.chart["usage"])


class RelevanceDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value = index.data(RelevanceRole)
        if value is None:
            super().paint(painter, option, index)
            return
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        rect = option.rect.adjusted(4, 6, -40, -6)
        track, bar = bar_colours(selected, option.palette.highlightedText().color())
        painter.fillRect(rect, track)
        filled = QRect(
            rect.x(), rect.y(), int(rect.width() * max(0.0, min(1.0, value))), rect.height()
        )
        painter.fillRect(filled, bar)
        text_rect = option.rect.adjusted(option.rect.width() - 36, 0, 0, 0)
        painter.setPen(
            option.palette.highlightedText().color() if selected else option.palette.text().color()
        )
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, f"{value:.2f}")
        painter.restore()
