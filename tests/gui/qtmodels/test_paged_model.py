"""PagedModel on its own: a fake keyset query answers (now, or when the test says), no vault."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from automation_admin.gui.qtmodels.headers import Column, SortKeyRole
from automation_admin.gui.qtmodels.paged_model import PagedModel, RowRole

Deliver = Callable[[list[Any], Any], None]


@dataclass(frozen=True)
class Item:
    id: str
    number: int


class NumbersModel(PagedModel):
    columns = (Column("Id", 80, "id"), Column("Number"))
    page_rows = 10

    def row_data(self, row: Item, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.id if column == 0 else str(row.number)
        return None


class FakeQuery:
    """`total` rows in keyset pages: a page starts after the cursor (the last number seen).
    With `hold`, answers wait in `waiting` until the test calls `answer`."""

    def __init__(self, total: int, hold: bool = False, start: int = 0) -> None:
        self.total, self.hold, self.start = total, hold, start
        self.asked: list[Any] = []
        self.waiting: list[tuple[Any, Deliver]] = []

    def __call__(self, cursor: Any, deliver: Deliver) -> None:
        self.asked.append(cursor)
        if self.hold:
            self.waiting.append((cursor, deliver))
        else:
            deliver(*self.page(cursor))

    def page(self, cursor: Any, limit: int = 10) -> tuple[list[Item], Any]:
        first = 0 if cursor is None else cursor + 1
        numbers = range(first, min(first + limit, self.total))
        rows = [Item(f"id-{n}", self.start + n) for n in numbers]
        return rows, (numbers[-1] if len(rows) == limit else None)

    def answer(self) -> None:
        cursor, deliver = self.waiting.pop(0)
        deliver(*self.page(cursor))


def fetch_all(model: PagedModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def test_pages_arrive_as_the_view_asks_and_pass_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = NumbersModel()
    query = FakeQuery(35)
    firsts: list[bool] = []
    model.page_loaded.connect(firsts.append)
    model.restart(query)
    assert model.rowCount() == 10 and firsts == [True]
    assert model.canFetchMore(QModelIndex())
    fetch_all(model)
    assert model.rowCount() == 35 and firsts == [True, False, False, False]
    assert query.asked == [None, 9, 19, 29]
    assert not model.canFetchMore(QModelIndex())
    assert model.index(34, 0).data() == "id-34" and model.index(34, 1).data() == "34"
    assert model.index(7, 0).data(RowRole) == Item("id-7", 7)
    qtmodeltester.check(model)


def test_header_names_each_column_and_its_sort_key() -> None:
    model = NumbersModel()
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(c, horizontal) for c in range(2)] == ["Id", "Number"]
    assert [model.headerData(c, horizontal, SortKeyRole) for c in range(2)] == ["id", None]
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_a_list_of_exactly_whole_pages_ends_on_an_empty_page() -> None:
    model = NumbersModel()
    query = FakeQuery(20)
    model.restart(query)
    fetch_all(model)
    assert model.rowCount() == 20 and query.asked == [None, 9, 19]


def test_an_empty_list() -> None:
    model = NumbersModel()
    firsts: list[bool] = []
    model.page_loaded.connect(firsts.append)
    model.restart(FakeQuery(0))
    assert model.rowCount() == 0 and firsts == [True] and not model.loading
    assert not model.canFetchMore(QModelIndex())


def test_loading_until_the_page_arrives_and_one_request_at_a_time() -> None:
    model = NumbersModel()
    query = FakeQuery(25, hold=True)
    model.restart(query)
    assert model.loading and model.rowCount() == 0
    model.fetchMore(QModelIndex())  # the view asks again while the first page is on its way
    assert query.asked == [None]
    query.answer()
    assert not model.loading and model.rowCount() == 10


def test_memory_stays_flat_and_an_evicted_row_shows_an_ellipsis_until_fetched(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = NumbersModel()
    model.keep_pages = 3
    query = FakeQuery(100)
    model.restart(query)
    fetch_all(model)
    assert model.rowCount() == 100 and model.pages_in_memory == 3
    query.hold = True
    repainted: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom: repainted.append((top.row(), bottom.row())))
    assert model.row_at(5) is None  # its page was dropped: asked for again
    assert model.index(5, 0).data() == "…" and model.index(5, 1).data() is None
    assert model.index(5, 0).data(RowRole) is None
    model.row_at(6)
    assert query.waiting and len(query.waiting) == 1  # one request for the page, not per row
    query.answer()
    assert model.row_at(5) == Item("id-5", 5) and model.index(5, 0).data() == "id-5"
    assert repainted == [(0, 9)] and model.pages_in_memory == 3


def test_a_new_query_drops_the_answers_of_the_old_one() -> None:
    model = NumbersModel()
    old = FakeQuery(30, hold=True)
    model.restart(old)
    new = FakeQuery(5, start=1000)
    model.restart(new)
    old.answer()  # arrives late
    assert model.rowCount() == 5
    assert [model.row_at(n).number for n in range(5)] == [1000, 1001, 1002, 1003, 1004]


def test_rows_found_by_id_and_replaced_in_place() -> None:
    model = NumbersModel()
    model.restart(FakeQuery(15))
    fetch_all(model)
    assert model.row_of("id-12") == 12 and model.row_of("missing") is None
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom: changed.append(top.row()))
    model.replace_row(12, Item("id-12", -1))
    assert model.index(12, 1).data() == "-1" and changed == [12]
    assert [n for n, _row in model.cached()] == list(range(15))


def test_clear_forgets_the_query() -> None:
    model = NumbersModel()
    model.restart(FakeQuery(25))
    model.clear()
    assert model.rowCount() == 0 and not model.canFetchMore(QModelIndex())


@pytest.mark.parametrize("row", [-1, 15])
def test_rows_outside_the_list_are_none(row: int) -> None:
    model = NumbersModel()
    model.restart(FakeQuery(15))
    fetch_all(model)
    assert model.row_at(row) is None
