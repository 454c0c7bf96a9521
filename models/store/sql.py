"""Raw SQL on a Peewee database, typed. Peewee's `execute_sql` is untyped (every result is
`Any` to mypy); these say what comes back, so callers keep their types without casts.

Use them where hand-written SQL beats the model API (aggregates, keyset pages, bulk paths):
`sql.value(db, "SELECT count(*) FROM secrets")`, `sql.rows(db, query, params)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from peewee import Database

Row = tuple[Any, ...]
Params = Sequence[Any] | Mapping[str, Any]  # positional ? or named :name


class Cursor(Protocol):
    """What a DB-API cursor offers (sqlite3's, sqlcipher3's), as the callers use it."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ...) -> list[Any]: ...

    def execute(self, query: str, params: Params = ..., /) -> Cursor: ...

    def executemany(self, query: str, rows: Iterable[Params], /) -> Cursor: ...

    def __iter__(self) -> Iterator[Any]: ...


def execute(db: Database, query: str, params: Params = ()) -> Cursor:
    """`db.execute_sql` typed: the cursor, for statements whose rows are read as they come
    (large scans) or whose results need more than `rows`/`value` give."""
    cursor: Cursor = db.execute_sql(query, params)  # type: ignore[no-untyped-call]
    return cursor


def new_cursor(db: Database) -> Cursor:
    """A fresh cursor on the connection (`executemany` for bulk loads)."""
    cursor: Cursor = db.cursor()  # type: ignore[no-untyped-call]
    return cursor


def rows(db: Database, query: str, params: Params = ()) -> list[Row]:
    """Every row the query gives, as tuples."""
    return [tuple(row) for row in db.execute_sql(query, params)]  # type: ignore[no-untyped-call]


def first(db: Database, query: str, params: Params = ()) -> Row | None:
    """The first row, or None when there is none."""
    row = db.execute_sql(query, params).fetchone()  # type: ignore[no-untyped-call]
    return None if row is None else tuple(row)


def value(db: Database, query: str, params: Params = ()) -> Any:
    """The first column of the first row (None when there is no row): counts, one setting."""
    row = first(db, query, params)
    return None if row is None else row[0]


def count(db: Database, query: str, params: Params = ()) -> int:
    """A `SELECT count(*) …` as an int."""
    return int(value(db, query, params) or 0)


def connection(db: Database) -> Any:
    """The open DB-API connection under `db` (for its own calls: progress handlers, counts
    of changes)."""
    return db.connection()  # type: ignore[no-untyped-call]


def run(db: Database, statement: str, params: Params = ()) -> int:
    """A statement that changes rows; how many it changed."""
    cursor = db.execute_sql(statement, params)  # type: ignore[no-untyped-call]
    return int(cursor.rowcount)
