"""The list refresh on its own (no vault): rows changed in place stay put; rows added above
the viewport go to the bar; the current row, the selection and the top row are kept."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.live.list_refresh import ListRefresher
from automation_admin.gui.live.new_rows_bar import NewRowsBar, with_bar
from automation_admin.gui.qtmodels.headers import Column
from automation_admin.gui.qtmodels.paged_model import PagedModel, RowRole


@dataclass(frozen=True)
class Item:
    id: str
    number: int
    status: str = "new"


class ItemsModel(PagedModel):
    columns = (Column("Number", 80), Column("Status"))
    page_rows = 10

    def row_data(self, row: Item, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(row.number) if column == 0 else row.status
        return None


class Store:
    """The 'vault': items newest (largest number) first, paged by number."""

    def __init__(self, count: int) -> None:
        self.items = {f"id-{n}": Item(f"id-{n}", n) for n in range(count)}

    def ordered(self) -> list[Item]:
        return sorted(self.items.values(), key=lambda i: -i.number)

    def page(
        self, _vault: Any, cursor: int | None = None, limit: int = 10
    ) -> tuple[list[Item], Any]:
        rows = [i for i in self.ordered() if cursor is None or i.number < cursor][:limit]
        return rows, (rows[-1].number if len(rows) == limit else None)

    def by_id(self, _vault: Any, ids: list[str]) -> dict[str, Item]:
        return {i: self.items[i] for i in ids if i in self.items}


class FakeVault:
    def database(self) -> Any:
        return self

    def atomic(self) -> Any:
        return nullcontext()


class AtOnce(Jobs):
    """Jobs answered on the spot, against the fake vault."""

    def __init__(self) -> None:
        self.failed = lambda error: pytest.fail(str(error))

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        done: Any = None,
        key: Any = None,
        failed: Any = None,
    ) -> None:  # type: ignore[override]
        result = fn(FakeVault(), *args)
        if done is not None:
            done(result)

    def pages(self, fn: Any, *args: Any, limit: int) -> Any:
        return lambda cursor, deliver: deliver(*fn(FakeVault(), *args, cursor=cursor, limit=limit))


@pytest.fixture
def listed(qtbot):  # type: ignore[no-untyped-def]
    store = Store(100)
    model = ItemsModel()
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().setDefaultSectionSize(20)
    bar = NewRowsBar(view, "item", "items")
    box = with_bar(bar, view)
    box.resize(300, 300)
    qtbot.addWidget(box)
    box.show()
    jobs = AtOnce()
    model.restart(jobs.pages(store.page, limit=model.page_rows))
    while model.canFetchMore():
        model.fetchMore()
    refresher = ListRefresher(view, model, jobs, "test", bar)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    yield store, model, view, bar, refresher, resets
    box.close()  # held until here: the view lives inside it


def scroll_to(view: QTableView, row: int) -> None:
    view.scrollTo(view.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)


def test_rows_changed_in_place_do_not_reset_the_list(listed) -> None:  # type: ignore[no-untyped-def]
    store, model, view, bar, refresher, resets = listed
    scroll_to(view, 30)
    view.selectRow(35)
    store.items["id-60"] = Item("id-60", 60, "reviewed")  # row 39 (newest first)
    refresher.refresh(store.page)
    assert model.row_at(39).status == "reviewed" and resets == []
    assert view.currentIndex().row() == 35 and view.rowAt(0) == 30
    assert not bar.isVisible()


def test_rows_added_above_go_to_the_bar_and_nothing_moves(listed) -> None:  # type: ignore[no-untyped-def]
    store, model, view, bar, refresher, resets = listed
    scroll_to(view, 30)
    view.selectRow(35)
    top_id, current_id = model.row_at(30).id, model.row_at(35).id
    for n in (100, 101, 102):
        store.items[f"id-{n}"] = Item(f"id-{n}", n)
    refresher.refresh(store.page)
    assert resets == [1]
    assert model.row_at(view.rowAt(0)).id == top_id  # the top row is still at the top
    assert view.currentIndex().data(RowRole).id == current_id
    assert [i.data(RowRole).id for i in view.selectionModel().selectedRows()] == [current_id]
    assert bar.isVisible() and bar.accessibleName() == "3 new items — show"
    store.items["id-103"] = Item("id-103", 103)
    refresher.refresh(store.page)
    assert bar.accessibleName() == "4 new items — show"  # still unseen: they add up
    bar.click()
    assert view.rowAt(0) == 0 and not bar.isVisible()


def test_a_row_added_below_the_viewport_needs_no_bar(listed) -> None:  # type: ignore[no-untyped-def]
    store, _model, view, bar, refresher, _resets = listed
    store.items["id-x"] = Item("id-x", -1)  # sorts last
    scroll_to(view, 0)
    refresher.refresh(store.page)
    assert not bar.isVisible() and view.rowAt(0) == 0


def test_rows_deleted_above_keep_the_top_row(listed) -> None:  # type: ignore[no-untyped-def]
    store, model, view, _bar, refresher, _resets = listed
    scroll_to(view, 30)
    top_id = model.row_at(30).id
    for n in (99, 98):
        del store.items[f"id-{n}"]
    refresher.refresh(store.page)
    assert model.row_at(view.rowAt(0)).id == top_id and view.rowAt(0) == 28


def test_an_answer_for_an_older_query_is_dropped(listed) -> None:  # type: ignore[no-untyped-def]
    store, model, _view, _bar, refresher, resets = listed
    held: list[Callable[[], None]] = []

    class Later(AtOnce):
        def run(self, fn, *args, done=None, key=None, failed=None):  # type: ignore[no-untyped-def, override]
            held.append(lambda: done(fn(FakeVault(), *args)))

    refresher.jobs = Later()
    store.items["id-200"] = Item("id-200", 200)
    refresher.refresh(store.page)
    model.restart(AtOnce().pages(store.page, limit=model.page_rows))  # a new query meanwhile
    resets.clear()
    held[0]()
    assert resets == []


def test_reread_replaces_rows_whatever_the_filter_says(listed) -> None:  # type: ignore[no-untyped-def]
    store, model, view, _bar, refresher, resets = listed
    scroll_to(view, 10)
    store.items["id-85"] = Item("id-85", 85, "dismissed")  # row 14
    changed: list[int] = []
    refresher.reread_done.connect(changed.append)
    refresher.reread(store.by_id)
    assert model.row_at(14).status == "dismissed" and changed == [1] and resets == []


def test_a_page_still_on_its_way_does_not_stop_a_refresh(listed) -> None:  # type: ignore[no-untyped-def]
    store, model, view, bar, refresher, resets = listed
    model._appending = True  # the view asked for the next page; it has not arrived
    assert model.loading
    scroll_to(view, 30)
    store.items["id-300"] = Item("id-300", 300)
    refresher.refresh(store.page)
    assert resets == [1] and bar.accessibleName() == "1 new item — show"
    assert not model.loading  # the page asked for belongs to the list before: dropped
