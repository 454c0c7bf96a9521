"""Does every text on screen fit? A walk over the visible widgets of a window.

Each check compares what a text needs (Qt's own size hints: `heightForWidth` for word-wrapped
labels, `sizeHint` for buttons, `sectionSizeFromContents` for headers, the delegate's size
hint for cells) with the geometry the layout gave it. Eliding is allowed only where it is
meant: a cell, a combo box or a label whose text does not fit must carry the whole text in
its tooltip, and a label says it elides on purpose with the `elided` property.

Widgets inside a scroll area may be scrolled out of view (the user scrolls to them); every
other widget must be entirely inside its parents and not covered by a sibling.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QTabBar,
    QToolButton,
    QWidget,
)

SLACK = 1  # a pixel of rounding


def _name(widget: QWidget) -> str:
    parts = []
    current: QWidget | None = widget
    while current is not None and len(parts) < 4:
        label = current.accessibleName() or current.objectName() or type(current).__name__
        parts.append(label)
        current = current.parentWidget()
    return " < ".join(parts)


def _showing(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _tip_holds(widget_tip: str, text: str) -> bool:
    return bool(text) and " ".join(text.split()) in " ".join(widget_tip.split())


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


# ---- one check per kind of widget ------------------------------------------------------


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text.strip() or not label.pixmap().isNull():
        return None
    if label.property("elided"):
        full = label.property("full_text") or ""
        if not _tip_holds(label.toolTip(), full):
            return f"elided label without its text in the tooltip: {full[:60]!r}"
        return None
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + SLACK:
            return (
                f"word-wrapped label needs {need} px of height, has {label.height()}: {text[:60]!r}"
            )
        return None
    hint = label.sizeHint()
    if hint.width() > label.width() + SLACK or hint.height() > label.height() + SLACK:
        return (
            f"label needs {hint.width()}x{hint.height()}, has {label.width()}x{label.height()}:"
            f" {text[:60]!r}"
        )
    return None


def button_problem(button: QAbstractButton) -> str | None:
    text = _plain(button.text())
    if not text.strip():
        return None
    hint = button.sizeHint()
    if (
        isinstance(button, QToolButton)
        and button.menu() is not None
        and button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup
        and type(button).sizeHint is QToolButton.sizeHint
    ):
        # Qt draws this arrow over the text and leaves it out of the size hint.
        arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
        hint.setWidth(hint.width() + arrow)
    if hint.width() > button.width() + SLACK or hint.height() > button.height() + SLACK:
        return (
            f"button needs {hint.width()}x{hint.height()}, has "
            f"{button.width()}x{button.height()}: {text!r}"
        )
    return None


def combo_problem(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text or combo.isEditable():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    need = combo.fontMetrics().horizontalAdvance(text)
    if not combo.itemIcon(combo.currentIndex()).isNull():
        need += combo.iconSize().width() + 4
    if need > field.width() + SLACK and not _tip_holds(combo.toolTip(), text):
        return f"combo box shows {need} px of text in {field.width()}: {text!r}"
    return None


def placeholder_problem(edit: QLineEdit) -> str | None:
    text = edit.placeholderText()
    if edit.text() or not text:
        return None
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    available = room.width() - margins.left() - margins.right() - 4  # QLineEdit's own margin
    need = edit.fontMetrics().horizontalAdvance(text)
    if need > available + SLACK:
        return f"placeholder needs {need} px, has {available}: {text!r}"
    return None


def tab_bar_problems(bar: QTabBar) -> Iterator[str]:
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        need = bar.tabSizeHint(index).width()
        have = bar.tabRect(index).width()
        if need > have + SLACK:
            yield f"tab needs {need} px, has {have}: {bar.tabText(index)!r}"
        if bar.tabRect(index).right() > bar.width():
            yield f"tab out of the bar: {bar.tabText(index)!r}"


def header_problems(header: QHeaderView) -> Iterator[str]:
    if header.orientation() != Qt.Orientation.Horizontal:
        return
    model = header.model()
    if model is None:
        return
    width = header.viewport().width()
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        title = str(model.headerData(logical, Qt.Orientation.Horizontal) or "")
        start = header.sectionViewportPosition(logical)
        size = header.sectionSize(logical)
        if start + size > width + SLACK or start < -SLACK:
            yield f"column out of view (scroll to read it): {title!r}"
            continue
        if not title:
            continue
        need = header.sectionSizeFromContents(logical).width()
        if need > size + SLACK:
            yield f"header needs {need} px, has {size}: {title!r}"


def _cell_tip(view: QAbstractItemView, cell: QModelIndex) -> str:
    """What hovering the cell shows: the delegate's answer where it computes one (the lists'
    `FullTextTips`), else the model's tooltip."""
    delegate = view.itemDelegateForIndex(cell)
    tip = getattr(delegate, "tip", None)
    if tip is not None:
        return str(tip(view, cell, view.visualRect(cell)))
    return str(cell.data(Qt.ItemDataRole.ToolTipRole) or "")


def _wrapped_cell(
    view: QAbstractItemView, cell: QModelIndex, text: str, need: int, rect: QRect
) -> Iterator[str]:
    """A word-wrapped cell: its lines must fit its height (and its width the viewport)."""
    metrics = view.fontMetrics()
    chrome = max(0, need - metrics.horizontalAdvance(text))  # icon and margins
    width = max(1, min(rect.width(), view.viewport().width() - rect.left()) - chrome)
    flags = int(Qt.TextFlag.TextWordWrap)
    lines = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, text).height()
    if lines > rect.height() + SLACK and not _tip_holds(_cell_tip(view, cell), text):
        yield f"wrapped cell needs {lines} px of height, has {rect.height()}: {text[:60]!r}"


def cell_problems(view: QAbstractItemView) -> Iterator[str]:
    """Visible cells whose text does not fit must carry the whole text in their tooltip."""
    model = view.model()
    if model is None:
        return
    viewport = view.viewport()
    height = viewport.height()
    seen: set[tuple[int, int, int]] = set()
    y = 1
    while y < height:
        index = view.indexAt(QPoint(2, y))
        if not index.isValid():
            index = view.indexAt(QPoint(viewport.width() // 2, y))
        if not index.isValid():
            y += 8
            continue
        rect = view.visualRect(index)
        if isinstance(view, QListView):
            columns = [view.modelColumn()]
        else:
            columns = list(range(model.columnCount(index.parent())))
        for column in columns:
            cell = index.siblingAtColumn(column)
            key = (cell.internalId(), cell.row(), column)
            if key in seen or not cell.isValid():
                continue
            seen.add(key)
            if hasattr(view, "isColumnHidden") and view.isColumnHidden(column):
                continue
            text = cell.data(Qt.ItemDataRole.DisplayRole)
            if text is None or not str(text).strip():
                continue
            text = str(text)
            cell_rect = view.visualRect(cell)
            visible = cell_rect.intersected(viewport.rect())
            if visible.width() <= 0:
                continue
            need = view.sizeHintForIndex(cell).width()
            if view.wordWrap():
                yield from _wrapped_cell(view, cell, text, need, cell_rect)
                continue
            # A list's item has no column to widen: past the viewport's edge it is cut off.
            cut = isinstance(view, QListView) and cell_rect.right() > viewport.width() + SLACK
            cramped = need > cell_rect.width() + SLACK or cut
            if cramped and not _tip_holds(_cell_tip(view, cell), text):
                yield (
                    f"cell needs {need} px, has {cell_rect.width()},"
                    f" no tooltip with its text: {text[:60]!r}"
                )
        y = max(rect.bottom() + 2, y + 4)


def clipping_problem(widget: QWidget) -> str | None:
    """Part of the widget is cut off by a parent or covered by a sibling."""
    if _in_scroll_area(widget):
        return None
    region = widget.visibleRegion()
    if region.isEmpty():
        return "covered or outside its parent"
    if region.boundingRect() != widget.rect() or region.rectCount() > 1:
        shown = region.boundingRect()
        return f"cut off: {shown.width()}x{shown.height()} of {widget.width()}x{widget.height()}"
    return None


# ---- the walk --------------------------------------------------------------------------


def text_problems(root: QWidget) -> list[str]:
    """Every text of a visible widget under `root` that does not fit, in words."""
    QApplication.processEvents()
    found: list[str] = []

    def report(widget: QWidget, problem: str | None) -> None:
        if problem:
            found.append(f"{_name(widget)}: {problem}")

    for widget in [root, *root.findChildren(QWidget)]:
        if not _showing(widget):
            continue
        checked = True
        if isinstance(widget, QLabel):
            report(widget, label_problem(widget))
        elif isinstance(widget, QAbstractButton):
            report(widget, button_problem(widget))
        elif isinstance(widget, QComboBox):
            report(widget, combo_problem(widget))
        elif isinstance(widget, QLineEdit):
            report(widget, placeholder_problem(widget))
        elif isinstance(widget, QTabBar):
            for problem in tab_bar_problems(widget):
                report(widget, problem)
        elif isinstance(widget, QHeaderView):
            for problem in header_problems(widget):
                report(widget, problem)
        elif isinstance(widget, QAbstractItemView):
            for problem in cell_problems(widget):
                report(widget, problem)
        else:
            checked = False
        if checked and not isinstance(widget, QAbstractScrollArea | QHeaderView):
            text = getattr(widget, "text", lambda: "")()
            if isinstance(text, str) and text.strip():
                report(widget, clipping_problem(widget))
    return found
