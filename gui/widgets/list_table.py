"""How every list in the window behaves: whole rows, one line each, no row numbers, named
for screen readers, the given column widths and one column taking the rest."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from automation_admin.gui.qtmodels.headers import SortKeyRole


def list_table(
    name: str,
    model: QAbstractItemModel,
    widths: Sequence[int | None] = (),
    stretch: int | None = None,
    *,
    single: bool = True,
    alternating: bool = True,
) -> QTableView:
    """`widths`: starting widths by column (None: Qt's default); `stretch`: the column that
    takes the spare width (None: the last one)."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        if width is not None:
            header.resizeSection(column, width)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def sort_by_header(table: QTableView, column: int, sort_by: Callable[[str], bool]) -> bool:
    """A header click on a list sorted in SQL: `sort_by(key)` takes the column's sort key (its
    model's SortKeyRole) and says whether the list now runs descending; the header's
    indicator follows. False when the column does not sort."""
    key = table.model().headerData(column, Qt.Orientation.Horizontal, SortKeyRole)
    if key is None:
        return False
    descending = sort_by(key)
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    table.horizontalHeader().setSortIndicator(column, order)
    return True


def empty_state(text: str) -> QLabel:
    """What a list says when nothing matches: a quiet hint, hidden until the list is empty."""
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    label.hide()
    return label
