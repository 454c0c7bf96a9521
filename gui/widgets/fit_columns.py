"""Columns that come and go with the width: a list keeps its most useful columns on screen
and adds the optional ones, in order, while the stretching column keeps a readable width.
A narrow window never hides a column behind a horizontal scroll bar."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView, QTreeView


class ColumnFitter(QObject):
    def __init__(
        self,
        view: QTableView | QTreeView,
        stretch: int,
        optional: Sequence[int],
        least: int,
    ) -> None:
        """`stretch`: the column that takes the spare width and never gets less than
        `least` pixels while an optional column is shown; `optional`: shown in this order
        while there is room."""
        super().__init__(view)
        self.view = view
        self.stretch = stretch
        self.optional = tuple(optional)
        self.least = least
        header = self.header
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # A hidden section measures 0: remember what each optional column wants.
        self.widths = {column: header.sectionSize(column) for column in self.optional}
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)

    def _resized(self, column: int, _old: int, new: int) -> None:
        if column in self.widths and new > 0:
            self.widths[column] = new

    @property
    def header(self) -> QHeaderView:
        view = self.view
        return view.horizontalHeader() if isinstance(view, QTableView) else view.header()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.header
        room = self.view.viewport().width() - self.least
        for column in range(header.count()):
            if column != self.stretch and column not in self.optional:
                room -= 0 if header.isSectionHidden(column) else header.sectionSize(column)
        fits = True
        for column in self.optional:
            fits = fits and self.widths[column] <= room
            if header.isSectionHidden(column) == fits:
                header.setSectionHidden(column, not fits)
                if fits:
                    header.resizeSection(column, self.widths[column])
            if fits:
                room -= self.widths[column]
