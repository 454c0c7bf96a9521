"""The typed raw-SQL helpers, on a plain in-memory database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from peewee import SqliteDatabase

from automation_admin.models.store import sql


@pytest.fixture
def db() -> Iterator[SqliteDatabase]:
    database = SqliteDatabase(":memory:")
    database.connect()
    database.execute_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    database.execute_sql("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')")
    yield database
    database.close()


def test_rows_first_value_and_count(db: SqliteDatabase) -> None:
    assert sql.rows(db, "SELECT id, name FROM t WHERE id > ? ORDER BY id", (1,)) == [
        (2, "b"),
        (3, "c"),
    ]
    assert sql.first(db, "SELECT name FROM t ORDER BY id DESC") == ("c",)
    assert sql.first(db, "SELECT name FROM t WHERE id = 99") is None
    assert sql.value(db, "SELECT name FROM t WHERE id = ?", (2,)) == "b"
    assert sql.value(db, "SELECT name FROM t WHERE id = 99") is None
    assert sql.count(db, "SELECT count(*) FROM t") == 3


def test_run_says_how_many_rows_changed(db: SqliteDatabase) -> None:
    assert sql.run(db, "UPDATE t SET name = upper(name) WHERE id <= ?", (2,)) == 2
    assert sql.rows(db, "SELECT name FROM t ORDER BY id") == [("A",), ("B",), ("c",)]
