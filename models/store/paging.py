"""Keyset pages: every list query fetches LIMIT n + 1 rows to learn whether more follow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def split_page(rows: list[T], limit: int) -> tuple[list[T], T | None]:
    """The page (at most `limit` rows) and, when more rows follow, its last row: the one the
    next page's keyset starts after. None when this is the last page."""
    page = rows[:limit]
    return page, (page[-1] if len(rows) > limit and page else None)


def all_pages(fetch: Callable[[Any], tuple[list[T], Any]]) -> Iterator[list[T]]:
    """Every page of a keyset query, in order: `fetch(cursor)` returns (rows, next cursor),
    the first call gets None and a None next cursor ends it."""
    cursor = None
    while True:
        rows, cursor = fetch(cursor)
        yield rows
        if cursor is None:
            return
