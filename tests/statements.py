"""The statements the data layer sends, captured for plan tests (EXPLAIN QUERY PLAN)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import Database

Statement = tuple[str, tuple[Any, ...]]


@contextmanager
def statements(db: Database) -> Iterator[list[Statement]]:
    """Every (SQL, parameters) sent through `db.execute_sql` inside the block, in order."""
    captured: list[Statement] = []
    original = db.execute_sql

    def spy(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        captured.append((sql, tuple(params or ())))
        return original(sql, params, *args, **kwargs)

    db.execute_sql = spy  # type: ignore[method-assign]
    try:
        yield captured
    finally:
        db.execute_sql = original  # type: ignore[method-assign]
