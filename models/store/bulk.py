"""Bulk inserts on a raw cursor that still go through the write policy (redaction)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from peewee import Database

from automation_admin.models.store.db import BaseModel
from automation_admin.models.store.sql import new_cursor
from automation_admin.models.store.write_policy import clean_value, is_guarded


def insert_sql(table: str, columns: Sequence[str]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'


def insert_rows(
    db: Database, model: type[BaseModel], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """executemany, with every guarded column scrubbed (or refused) on the way in."""
    guarded = [(i, c) for i, c in enumerate(columns) if is_guarded(model, c)]
    if guarded:
        rows = _cleaned(model, guarded, rows)
    new_cursor(db).executemany(insert_sql(model._meta.table_name, columns), rows)


def _cleaned(
    model: type[BaseModel], guarded: list[tuple[int, str]], rows: Iterable[Sequence[Any]]
) -> Iterable[Sequence[Any]]:
    for row in rows:
        values = list(row)
        for index, column in guarded:
            values[index] = clean_value(model, column, values[index])
        yield values
