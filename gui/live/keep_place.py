"""A list's place, kept across a refresh: the current and selected rows (by id) and the row at
the top of the viewport with its offset, so nothing the person looks at moves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSignalBlocker
from PySide6.QtWidgets import QAbstractItemView, QTableView

from automation_admin.gui.qtmodels.paged_model import RowRole

IdOf = Callable[[Any], str]


def row_id(row: Any) -> str:
    return str(row.id)


@dataclass(frozen=True)
class Place:
    current: str | None
    selected: tuple[str, ...]
    anchor: str | None  # the row at the top of the viewport
    offset: int  # how many pixels of it are scrolled out of view
    scroll: int  # the scroll bar's value, for when the anchor is gone


def capture(view: QTableView, id_of: IdOf = row_id) -> Place:
    model = view.model()

    def ident(row_number: int) -> str | None:
        row = model.index(row_number, 0).data(RowRole)
        return None if row is None else id_of(row)

    top = view.rowAt(0)
    selection = view.selectionModel()
    selected = tuple(
        i for i in (ident(index.row()) for index in selection.selectedRows()) if i is not None
    )
    return Place(
        ident(view.currentIndex().row()) if view.currentIndex().isValid() else None,
        selected,
        ident(top) if top >= 0 else None,
        -view.rowViewportPosition(top) if top >= 0 else 0,
        view.verticalScrollBar().value(),
    )


def restore(view: QTableView, place: Place, rows: dict[str, int]) -> int | None:
    """Put `place` back after the model was filled again (`rows`: id -> row number now).
    Selection signals stay quiet: the detail pane (and a note being typed in it) is not
    reloaded for a row that did not change. Returns the anchor's row now (None: gone)."""
    model = view.model()
    selection = view.selectionModel()
    last_column = model.columnCount() - 1
    quiet = QSignalBlocker(selection)
    wanted = QItemSelection()
    for ident in place.selected:
        row = rows.get(ident)
        if row is not None:
            wanted.select(model.index(row, 0), model.index(row, last_column))
    selection.select(wanted, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    current = rows.get(place.current) if place.current is not None else None
    if current is not None:
        selection.setCurrentIndex(
            model.index(current, 0), QItemSelectionModel.SelectionFlag.NoUpdate
        )
    quiet.unblock()
    view.doItemsLayout()  # the scroll range follows the new row count before it is set
    anchor = rows.get(place.anchor) if place.anchor is not None else None
    bar = view.verticalScrollBar()
    if anchor is None:
        bar.setValue(place.scroll)
    elif view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
        bar.setValue(anchor)
    else:
        bar.setValue(view.verticalHeader().sectionPosition(anchor) + place.offset)
    view.viewport().update()
    return anchor
