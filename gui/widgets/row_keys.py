"""Keys that act on a focused list: j / k move through any list or tree (as in mail
readers), and a tab's own letters (A, X, R…) act on the selected row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget


def step(view: QAbstractItemView, offset: int) -> None:
    """Select the next (1) or previous (-1) row; at the end of a paged list, load more."""
    current = view.currentIndex()
    model = view.model()
    if isinstance(view, QTreeView):
        target = view.indexBelow(current) if offset > 0 else view.indexAbove(current)
        if not current.isValid() and model.rowCount():
            target = model.index(0, 0)
    else:
        row = current.row() + offset if current.isValid() else 0
        target = model.index(row, 0) if 0 <= row < model.rowCount() else QModelIndex()
        if not target.isValid() and offset > 0 and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
    if target.isValid():
        view.setCurrentIndex(target)
        view.scrollTo(target)


def widget_key(widget: QWidget, sequence: str, slot: Callable[[], object]) -> None:
    """A key that acts while `widget` has the focus (and does not steal typing elsewhere)."""
    shortcut = QShortcut(QKeySequence(sequence), widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(slot)


def install_row_keys(view: QAbstractItemView) -> None:
    widget_key(view, "J", lambda: step(view, 1))
    widget_key(view, "K", lambda: step(view, -1))
