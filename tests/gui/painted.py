"""Colours the way the window paints them: grab a region of the window, take the text away,
grab it again, and compare pixel by pixel. The pixels that changed are the text; the same
pixels without the text are what it is drawn on, style sheets, banners and selections
included. The best of those contrasts is a fully covered pixel of a glyph's stem."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QModelIndex, QRect, QSignalBlocker, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStatusBar,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabBar,
    QTextEdit,
    QWidget,
)

Blank = Callable[[], AbstractContextManager[None]]


@dataclass(frozen=True)
class Reading:
    what: str  # the widget's class and its text, for the failure message
    contrast: float


def pixels(pixmap: QPixmap) -> np.ndarray:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB888)
    if image.isNull():
        return np.zeros((0, 0, 3), np.uint8)
    height, width, line = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, line * height).reshape(height, line)
    return raw[:, : width * 3].reshape(height, width, 3).copy()


def luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def contrasts(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    la, lb = luminance(a), luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def region(window: QWidget, widget: QWidget, rect: QRect | None = None) -> QRect:
    """`rect` of `widget` (all of it by default) in the window's coordinates, as shown."""
    local = rect if rect is not None else widget.rect()
    shown = widget.visibleRegion().boundingRect().intersected(local)
    return QRect(widget.mapTo(window, shown.topLeft()), shown.size())


def changed_contrast(window: QWidget, rect: QRect, blank: Blank) -> float | None:
    """The best contrast between a pixel of `rect` and the same pixel with the text taken
    away by `blank`; None when nothing changed (no text shown there)."""
    if rect.isEmpty():
        return None
    shown = pixels(window.grab(rect))
    with blank():
        bare = pixels(window.grab(rect))
    moved = np.abs(shown.astype(int) - bare.astype(int)).sum(axis=2) > 0
    if not moved.any():
        return None
    return float(contrasts(shown[moved], bare[moved]).max())


def extreme_contrast(window: QWidget, rect: QRect) -> float | None:
    """Where the text cannot be taken away: the pixel furthest from the region's dominant
    colour (its background) against that colour."""
    if rect.isEmpty():
        return None
    image = pixels(window.grab(rect)).reshape(-1, 3)
    colours, counts = np.unique(image, axis=0, return_counts=True)
    background = colours[counts.argmax()]
    return float(contrasts(image, np.broadcast_to(background, image.shape)).max())


# ---- taking text away, widget by widget --------------------------------------------------


@contextmanager
def _quiet(widget: QWidget) -> Iterator[None]:
    blocker = QSignalBlocker(widget)
    try:
        yield
    finally:
        blocker.unblock()


def _swap(set_value: Callable[[str], None], value: str, widget: QWidget) -> Blank:
    @contextmanager
    def blank() -> Iterator[None]:
        with _quiet(widget):
            set_value("")
        try:
            yield
        finally:
            with _quiet(widget):
                set_value(value)

    return blank


def _no_icon(button: QAbstractButton) -> AbstractContextManager[None]:
    @contextmanager
    def bare() -> Iterator[None]:
        icon = button.icon()
        button.setIcon(QIcon())
        try:
            yield
        finally:
            button.setIcon(icon)

    return bare()


def text_readings(window: QWidget, widget: QWidget) -> list[Reading]:
    """Each piece of text `widget` paints itself, with its contrast as painted."""
    name = f"{type(widget).__name__} “{_text_of(widget)}”"
    if isinstance(widget, QLabel) and widget.text():
        return _one(window, widget, name, _swap(widget.setText, widget.text(), widget))
    if isinstance(widget, QAbstractButton) and widget.text():
        with _no_icon(widget):  # an icon beside the words is not the words
            return _one(window, widget, name, _swap(widget.setText, widget.text(), widget))
    if isinstance(widget, QLineEdit):
        if widget.text():
            return _one(window, widget, name, _swap(widget.setText, widget.text(), widget))
        if widget.placeholderText():
            blank = _swap(widget.setPlaceholderText, widget.placeholderText(), widget)
            return _one(window, widget, f"placeholder {name}", blank)
        return []
    if isinstance(widget, QPlainTextEdit) and widget.document().isEmpty():
        if widget.placeholderText():
            blank = _swap(widget.setPlaceholderText, widget.placeholderText(), widget)
            return _one(window, widget, f"placeholder {name}", blank)
        return []
    if isinstance(widget, QComboBox) and not widget.isEditable() and widget.currentText():
        index = widget.currentIndex()
        blank = _swap(lambda text: widget.setItemText(index, text), widget.currentText(), widget)
        return _one(window, widget, name, blank)
    if isinstance(widget, QGroupBox) and widget.title():
        rect = QRect(0, 0, widget.width(), widget.fontMetrics().height() + 4)
        blank = _swap(widget.setTitle, widget.title(), widget)
        return _one(window, widget, name, blank, rect)
    if isinstance(widget, QTabBar):
        return _tab_readings(window, widget)
    if isinstance(widget, QStatusBar) and widget.currentMessage():
        message = widget.currentMessage()
        blank = _swap(lambda text: _show_message(widget, text), message, widget)
        return _one(window, widget, f"status “{message}”", blank)
    if isinstance(widget, QHeaderView) and widget.isVisible():
        return _header_readings(window, widget)
    return []


def _show_message(bar: QStatusBar, text: str) -> None:
    if text:
        bar.showMessage(text)
    else:
        bar.clearMessage()


def _one(
    window: QWidget, widget: QWidget, what: str, blank: Blank, rect: QRect | None = None
) -> list[Reading]:
    value = changed_contrast(window, region(window, widget, rect), blank)
    return [] if value is None else [Reading(what, value)]


def _text_of(widget: QWidget) -> str:
    for getter in ("text", "title", "currentText", "placeholderText"):
        method = getattr(widget, getter, None)
        if callable(method):
            try:
                value = method()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                return value[:60]
    return widget.accessibleName()


def _tab_readings(window: QWidget, bar: QTabBar) -> list[Reading]:
    readings = []
    for index in range(bar.count()):

        @contextmanager
        def blank(index: int = index) -> Iterator[None]:
            # A transparent text colour: the tab keeps its size, only the words go.
            bar.setTabTextColor(index, QColor(0, 0, 0, 0))
            try:
                yield
            finally:
                bar.setTabTextColor(index, QColor())

        value = changed_contrast(window, region(window, bar, bar.tabRect(index)), blank)
        if value is not None:
            readings.append(Reading(f"tab “{bar.tabText(index)}”", value))
    return readings


def _header_readings(window: QWidget, header: QHeaderView) -> list[Reading]:
    readings = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        position = header.sectionViewportPosition(section)
        size = header.sectionSize(section)
        rect = (
            QRect(position, 0, size, header.height())
            if header.orientation().name == "Horizontal"
            else QRect(0, position, header.width(), size)
        )
        value = extreme_contrast(window, region(window, header.viewport(), rect))
        if value is not None:
            model = header.model()
            text = model.headerData(section, header.orientation()) if model else ""
            readings.append(Reading(f"header “{text}”", value))
    return readings


# ---- rows of lists ---------------------------------------------------------------------


class _NoText(QStyledItemDelegate):
    """Paints cells exactly as the default delegate does, less their text."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.text = ""


def visible_indexes(view: QAbstractItemView) -> list[QModelIndex]:
    model = view.model()
    if model is None:
        return []
    area = view.viewport().rect()
    found: list[QModelIndex] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            first = model.index(row, 0, parent)
            column = 0
            # hasIndex, not columnCount: a list widget's model keeps columnCount private.
            while model.hasIndex(row, column, parent):
                index = model.index(row, column, parent)
                column += 1
                rect = view.visualRect(index)
                if rect.isValid() and rect.intersects(area):
                    found.append(index)
            expanded = getattr(view, "isExpanded", None)
            if expanded is not None and expanded(first):
                walk(first)

    walk(QModelIndex())
    return found


def row_readings(window: QWidget, view: QAbstractItemView) -> list[Reading]:
    """The text of every visible cell, selected or not, against what it is painted on. Cells
    a delegate of its own paints (the relevance bar) are left to that delegate's test."""
    indexes = visible_indexes(view)
    if not indexes:
        return []
    viewport = view.viewport()
    rect = region(window, viewport)
    if rect.isEmpty():
        return []
    shown = pixels(window.grab(rect))
    plain = view.itemDelegate()
    blanker = _NoText(view)
    view.setItemDelegate(blanker)
    try:
        bare = pixels(window.grab(rect))
    finally:
        view.setItemDelegate(plain)
        blanker.deleteLater()
    origin = viewport.visibleRegion().boundingRect().topLeft()
    selection = view.selectionModel()
    readings = []
    for index in indexes:
        if view.itemDelegateForIndex(index) is not plain:
            continue
        cell = (
            view.visualRect(index)
            .translated(-origin)
            .intersected(QRect(0, 0, shown.shape[1], shown.shape[0]))
        )
        if cell.isEmpty():
            continue
        top, left = cell.top(), cell.left()
        a = shown[top : top + cell.height(), left : left + cell.width()]
        b = bare[top : top + cell.height(), left : left + cell.width()]
        moved = np.abs(a.astype(int) - b.astype(int)).sum(axis=2) > 0
        if not moved.any():
            continue
        selected = selection is not None and selection.isSelected(index)
        text = str(index.data())[:50]
        label = f"{view.accessibleName() or type(view).__name__} row “{text}”"
        best = float(contrasts(a[moved], b[moved]).max())
        readings.append(Reading(label + (" (selected)" if selected else ""), best))
    return readings


def document_pairs(edit: QTextEdit | QPlainTextEdit) -> list[tuple[str, QColor, QColor]]:
    """(what, text colour, background) of every run of text in a document, as formatted:
    the palette's text and link colours, each character format's, and a highlighter's."""
    palette = edit.viewport().palette()
    base, text, link = palette.base().color(), palette.text().color(), palette.link().color()

    def colours(fmt: QTextCharFormat, default: QColor) -> tuple[QColor, QColor]:
        painted = fmt.foreground().style() != Qt.BrushStyle.NoBrush
        filled = fmt.background().style() != Qt.BrushStyle.NoBrush
        return (
            fmt.foreground().color() if painted else default,
            fmt.background().color() if filled else base,
        )

    pairs = []
    block = edit.document().begin()
    while block.isValid():
        for extra in block.layout().formats():
            fmt = QTextCharFormat(extra.format)
            if fmt.foreground().style() != Qt.BrushStyle.NoBrush:
                pairs.append((f"highlighted “{block.text()[:40]}”", *colours(fmt, text)))
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.text().strip():
                fmt = fragment.charFormat()
                default = link if fmt.isAnchor() else text
                pairs.append((fragment.text()[:40], *colours(fmt, default)))
            iterator += 1
        block = block.next()
    return pairs


def widgets_shown(window: QWidget) -> list[QWidget]:
    """Every widget of the window that shows, including those in scroll areas' views."""
    return [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible() and not w.visibleRegion().isEmpty() and w.window() is window
    ]


__all__ = [
    "Reading",
    "changed_contrast",
    "document_pairs",
    "extreme_contrast",
    "region",
    "row_readings",
    "text_readings",
    "widgets_shown",
]
