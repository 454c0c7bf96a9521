"""Keyset pages: every list query fetches LIMIT n + 1 rows to learn whether more follow."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def split_page(rows: list[T], limit: int) -> tuple[list[T], T | None]:
    """The page (at most `limit` rows) and, when more rows follow, its last row: the one the
    next page's keyset starts after. None when this is the last page."""
    page = rows[:limit]
    return page, (page[-1] if len(rows) > limit and page else None)
