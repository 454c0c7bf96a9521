"""j / k move through any list or tree, as in the rest of the window (and in mail readers)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTreeView


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


def install_row_keys(view: QAbstractItemView) -> None:
    for key, offset in (("J", 1), ("K", -1)):
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda o=offset: step(view, o))
