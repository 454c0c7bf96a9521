"""How every list in the window behaves: whole rows, one line each, no row numbers, named
for screen readers, the given column widths and one column taking the rest."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from automation_admin.gui.qtmodels.headers import SortKeyRole
from automation_admin.gui.widgets.full_text_tips import FullTextTips


def list_table(
    name: str,
    model: QAbstractItemModel,
    widths: Sequence[int | None] = (),
    stretch: int | None = None,
    *,
    single: bool = True,
    alternating: bool = True,
    sortable: bool = False,
) -> QTableView:
    """`widths`: starting widths by column (None: Qt's default), never narrower than the
    column's title; `stretch`: the column that takes the spare width (None: the last one);
    `sortable`: the header is clicked to sort and shows the order."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(alternating)
    table.setWordWrap(False)
    table.setItemDelegate(FullTextTips(table))
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    if sortable:
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
    fit_titles(header, widths)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fit_titles(header: QHeaderView, widths: Sequence[int | None] = ()) -> None:
    """Each column at its starting width (None: Qt's default), and never narrower than its
    title (with the sort arrow, where the header shows one)."""
    for column in range(header.count()):
        width = widths[column] if column < len(widths) else None
        title = header.sectionSizeFromContents(column).width()
        header.resizeSection(column, max(width or header.sectionSize(column), title))


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
