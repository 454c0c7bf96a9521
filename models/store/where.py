"""The WHERE clauses every list query shares: enum choices and day ranges.

Each adds to a list of clauses and a list of parameters that the caller joins with AND;
values always travel as parameters, never inside the SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from automation_admin.models.store.errors import ValidationError


def one_of(
    where: list[str],
    params: list[Any],
    column: str,
    values: Sequence[str],
    allowed: Sequence[str],
) -> None:
    """`column IN (values)`; no clause when `values` is empty (every value). A value the
    program does not know is refused, naming the column."""
    if any(value not in allowed for value in values):
        raise ValidationError(column.rsplit(".", 1)[-1], "unknown value")
    if values:
        where.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)


def day_range(
    where: list[str],
    params: list[Any],
    column: str,
    date_from: str | None,
    date_to: str | None,
) -> None:
    """A UTC timestamp column between two days (YYYY-MM-DD), both whole days included."""
    if date_from:
        where.append(f"{column} >= ?")
        params.append(f"{date_from}T00:00:00Z")
    if date_to:
        where.append(f"{column} <= ?")
        params.append(f"{date_to}T23:59:59Z")
