"""List orders that an index delivers, paged by key.

An `Order` names its keys in the column order of the index that serves it, ending with a key
that is unique (usually the rowid), all ascending or all descending: SQLite then reads the
index forwards or backwards and never sorts. Every page starts after the last row's key
values (the cursor).

A row-value range `(a, b, c) < (?, ?, ?)` seeks the index only when every key is a plain
column compared with the index's own collation. A key that is an expression, or that sorts
case-insensitively, cannot take part, so such an order pages in steps: the rest of the
cursor's group (`a = ? AND (b, c) < (?, ?)`), then the groups after it (`a < ?`). Each step
is an index range; together they are the same order.

A page's rows are read through the mask (models/security/read_mask.py), so a key that holds a
vault value comes back masked, and seeking past the masked text would skip or repeat rows:
`stored_cursor` reads such a cursor again from its row.

Lists whose rows come from several equal-key ranges of one index (for example one per
status) merge them: `merged_select` joins one SELECT per range with UNION ALL under the
common ORDER BY, which SQLite runs as a merge of ordered streams, again without a sort.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from peewee import Database

from automation_admin.models.security import read_mask
from automation_admin.models.security.matcher import REDACTED

T = TypeVar("T")


@dataclass(frozen=True)
class Key:
    sql: str  # a column or an expression over the list's tables
    collation: str | None = None  # "NOCASE" when the index column is declared so

    def sorted_sql(self, name: str | None = None) -> str:
        text = name or self.sql
        return f"{text} COLLATE {self.collation}" if self.collation else text


@dataclass(frozen=True)
class Step:
    """One index range of a page: its WHERE clause, its parameters and the keys it orders by
    (a step with the first key fixed by equality leaves that key out of its ORDER BY)."""

    where: str
    params: tuple[Any, ...]
    keys: tuple[int, ...]


@dataclass(frozen=True)
class Order:
    keys: tuple[Key, ...]
    descending: bool = True

    @property
    def _loose(self) -> int | None:
        """The position of the first key a row-value range cannot use (None: none)."""
        for position, key in enumerate(self.keys):
            if key.collation is not None or not key.sql.replace(".", "").isidentifier():
                return position
        return None

    @property
    def direction(self) -> str:
        return "DESC" if self.descending else "ASC"

    def order_by(self, positions: Sequence[int] | None = None, alias: str | None = None) -> str:
        """ORDER BY terms for the keys at `positions` (all by default); `alias` names the
        selected key columns (`k0`, `k1`, ...) instead of their expressions."""
        chosen = range(len(self.keys)) if positions is None else positions
        return ", ".join(
            f"{self.keys[i].sorted_sql(f'{alias}{i}' if alias else None)} {self.direction}"
            for i in chosen
        )

    def select_keys(self, alias: str = "k") -> str:
        """The key values as extra result columns: the cursor of the page's last row."""
        return ", ".join(f"{key.sql} AS {alias}{i}" for i, key in enumerate(self.keys))

    def steps(self, cursor: Sequence[Any] | None) -> list[Step]:
        """The index ranges that make up the page after `cursor`, in order.

        Rows after the cursor are those equal to it up to some key and past it on that key.
        Runs of plain columns collapse into one row-value range; the first key that cannot
        take part (position j) splits the page into up to three ranges: equal up to and
        including j and past it on the rest, equal before j and past it on j, past it
        before j."""
        every = tuple(range(len(self.keys)))
        if cursor is None:
            return [Step("1 = 1", (), every)]
        if len(cursor) != len(self.keys):
            raise ValueError("the cursor does not belong to this order")
        compare = "<" if self.descending else ">"
        values = tuple(cursor)
        loose = self._loose
        if loose is None:
            return [Step(_past(self.keys, compare), values, every)]
        head, rest = self.keys[: loose + 1], self.keys[loose + 1 :]
        equal = [f"{key.sorted_sql()} = ?" for key in head]
        steps = []
        if rest:
            where = " AND ".join([*equal, _past(rest, compare)])
            steps.append(Step(where, values, every[loose + 1 :]))
        where = " AND ".join([*equal[:loose], f"{head[-1].sorted_sql()} {compare} ?"])
        steps.append(Step(where, values[: loose + 1], every[loose:]))
        if loose:
            steps.append(Step(_past(head[:-1], compare), values[:loose], every))
        return steps


def _past(keys: Sequence[Key], compare: str) -> str:
    columns = ", ".join(key.sql for key in keys)
    marks = ", ".join("?" for _ in keys)
    return f"({columns}) {compare} ({marks})" if len(keys) > 1 else f"{columns} {compare} ?"


def merged_select(
    arms: Sequence[tuple[str, Sequence[Any]]], order_by: str, limit: int
) -> tuple[str, list[Any]]:
    """One SELECT per arm (each ordered by its index), merged in `order_by` (which must name
    result columns) and cut at `limit`; SQLite merges the arms' ordered streams."""
    sql = " UNION ALL ".join(select for select, _ in arms)
    params = [value for _, values in arms for value in values]
    return f"{sql} ORDER BY {order_by} LIMIT {int(limit)}", params


def page_steps(steps: Sequence[Step], fetch: Callable[[Step, int], list[T]], limit: int) -> list[T]:
    """Run the steps in order until `limit + 1` rows are known (the extra row says whether
    another page follows)."""
    rows: list[T] = []
    for step in steps:
        rows += fetch(step, limit + 1 - len(rows))
        if len(rows) > limit:
            break
    return rows


def stored_cursor(
    db: Database, source: str, keys: Sequence[Key], cursor: Sequence[Any] | None
) -> tuple[Any, ...] | None:
    """`cursor` with its values as stored. One that holds masked text is read again from its
    row (`source` is the FROM clause the keys' expressions read; the last key is the row's
    rowid), past the mask: the values only serve as the next page's parameters and never
    leave the data layer. A row deleted since keeps the cursor as it was."""
    if cursor is None:
        return None
    if not any(isinstance(value, str) and REDACTED in value for value in cursor):
        return tuple(cursor)
    selected = ", ".join(key.sql for key in keys)
    row = (
        read_mask.raw_cursor(db)
        .execute(f"SELECT {selected} {source} WHERE {keys[-1].sql} = ?", (cursor[-1],))
        .fetchone()
    )
    return tuple(cursor) if row is None else tuple(row)
