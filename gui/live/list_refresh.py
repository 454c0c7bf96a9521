"""A paged list read again after the vault changed, without moving what the person reads.

The worker reads the list's first pages again, as far as the viewport plus a page. Rows that
only changed are replaced where they are; if rows came or went, the model is filled again and
the selection, the current row and the row at the top of the viewport are put back. New rows
that land above the viewport go to the bar instead of pushing the list down.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTableView

from automation_admin.gui.jobs import Jobs
from automation_admin.gui.live.keep_place import IdOf, capture, restore, row_id
from automation_admin.gui.live.new_rows_bar import NewRowsBar
from automation_admin.gui.qtmodels.paged_model import PagedModel
from automation_admin.models.live.pages import PageQuery, Pages, first_pages
from automation_admin.models.store.vault import Vault


class ListRefresher(QObject):
    refreshed = Signal(bool)  # True when rows came or went (False: changed in place, or not)
    reread_done = Signal(int)  # rows re-read by id that had changed (replaced in place)

    def __init__(
        self,
        view: QTableView,
        model: PagedModel,
        jobs: Jobs,
        key: str,
        bar: NewRowsBar | None = None,
        id_of: IdOf = row_id,
    ) -> None:
        super().__init__()
        self.view, self.model, self.jobs, self.key = view, model, jobs, key
        self.bar = bar
        self.id_of = id_of

    def refresh(
        self,
        fn: PageQuery,
        *args: Any,
        is_new: Callable[[Any], bool] | None = None,
    ) -> None:
        """Read the list (`fn(vault, *args, cursor=…, limit=…)`, the query it shows) again.
        `is_new(row)`: whether a row is one the person has not seen (by default: a row that
        was not in the list)."""
        model = self.model
        if model.loading and not model.rowCount():
            return  # a first page is on its way: it reads the vault as it is now
        # Through the viewport and no further: rows below it are fetched again on scrolling.
        rows_per_screen = max(self.view.viewport().height() // 20, 1)
        needed = max(self.view.rowAt(0), 0) + rows_per_screen + 1
        count = max(1, math.ceil(needed / model.page_rows))
        generation = model.generation

        def apply(pages: Pages) -> None:
            if generation == model.generation:  # else a new query was started meanwhile
                self._apply(pages, is_new)

        self.jobs.run(first_pages, fn, args, model.page_rows, count, done=apply, key=self.key)

    def _apply(self, pages: Pages, is_new: Callable[[Any], bool] | None) -> None:
        model = self.model
        rows = [row for page_rows, _cursor in pages for row in page_rows]
        cached = dict(model.cached())
        ended = not pages or pages[-1][1] is None or len(pages[-1][0]) < model.page_rows
        same = (not ended or model.rowCount() == len(rows)) and all(
            cached.get(n) is not None and self.id_of(cached[n]) == self.id_of(row)
            for n, row in enumerate(rows)
        )
        if same:
            for number, row in enumerate(rows):
                if cached[number] != row:
                    model.replace_row(number, row)  # in place: nothing moves
            self.refreshed.emit(False)
            return
        known = {self.id_of(row) for row in cached.values()}
        new = is_new or (lambda row: self.id_of(row) not in known)
        place = capture(self.view, self.id_of)
        model.refill(pages)
        positions = {self.id_of(row): n for n, row in model.cached()}
        anchor = restore(self.view, place, positions)
        if self.bar is not None:
            self.bar.moved(positions)
            top = anchor if anchor is not None else max(self.view.rowAt(0), 0)
            above = {self.id_of(r): n for n, r in enumerate(rows) if n < top and new(r)}
            self.bar.announce(above)
        self.refreshed.emit(True)

    def reread(self, by_id: Callable[[Vault, list[str]], dict[str, Any]]) -> None:
        """Rows changed in place (no row came or went, as far as the marks say): the rows
        around the viewport read again by id (`by_id(vault, ids)` -> id -> row) and replaced
        where they are, whatever the filter says of them now, as a triage here does."""
        model, view = self.model, self.view
        if not model.rowCount():
            return
        top = max(view.rowAt(0), 0)
        bottom = view.rowAt(view.viewport().height() - 1)
        bottom = model.rowCount() - 1 if bottom < 0 else bottom
        low, high = max(0, top - model.page_rows), bottom + model.page_rows
        held = {n: row for n, row in model.cached() if low <= n <= high}
        generation = model.generation

        def apply(found: dict[str, Any]) -> None:
            if generation != model.generation:
                return
            changed = 0
            for number, row in held.items():
                now = found.get(self.id_of(row))
                if now is not None and now != row and model.row_at(number) is row:
                    model.replace_row(number, now)
                    changed += 1
            self.reread_done.emit(changed)

        ids = [self.id_of(row) for row in held.values()]
        self.jobs.run(by_id, ids, done=apply, key=f"{self.key}.reread")
