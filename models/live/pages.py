"""A paged list's first pages read again in one go (the window follows another program's
writes): each page with the cursor after it, in one read snapshot so they agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from automation_admin.models.store.vault import Vault

Pages = list[tuple[list[Any], Any]]
# A keyset page query of the data layer: fn(vault, *args, cursor=…, limit=…) -> (rows, next).
PageQuery = Callable[..., tuple[list[Any], Any]]


def first_pages(
    vault: Vault, fn: PageQuery, args: tuple[Any, ...], limit: int, count: int
) -> Pages:
    """The first `count` pages of `fn(vault, *args)`, fewer if the list ends."""
    pages: Pages = []
    cursor = None
    with vault.database().atomic():
        for _ in range(count):
            rows, cursor = fn(vault, *args, cursor=cursor, limit=limit)
            pages.append((list(rows), cursor))
            if cursor is None or len(rows) < limit:
                break
    return pages
