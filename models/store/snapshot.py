"""Working sets kept in TEMP tables of the connection, made once and reused page after page.

A list that needs the same expensive set on every page (the findings that match some words,
or a small result sorted once) keeps it in a TEMP table named for its purpose. The table is
made again when the query that fills it changes, or when the vault changed since: another
connection's commit (`PRAGMA data_version`) or a change on this one (its total number of
row changes, not counting the ones these tables cause themselves). TEMP tables live in
memory (`temp_store = MEMORY`), belong to one connection and vanish when it closes; each
purpose holds one table at a time, so memory stays bounded by the largest set kept.

A read-only vault cannot write even TEMP tables (`query_only`): `usable` says so, and the
callers then run the plain query instead.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import Database

from automation_admin.models.store import sql

_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz_")


@dataclass
class _Made:
    key: tuple[Any, ...]
    data_version: int
    changes: int
    rows: int


@dataclass
class _ConnectionState:
    connection: Any
    temp_changes: int = 0  # row changes caused by filling these tables
    made: dict[str, _Made] = field(default_factory=dict)


_STATES: weakref.WeakKeyDictionary[Database, dict[int, _ConnectionState]] = (
    weakref.WeakKeyDictionary()
)


def _state(db: Database) -> _ConnectionState:
    connection = sql.connection(db)
    states = _STATES.setdefault(db, {})
    state = states.get(id(connection))
    if state is None or state.connection is not connection:
        states.clear()  # a new connection: the old one's TEMP tables went with it
        state = states[id(connection)] = _ConnectionState(connection)
    return state


def usable(db: Database) -> bool:
    return not bool(getattr(db, "read_only", False))


def _vault_state(db: Database, state: _ConnectionState) -> tuple[int, int]:
    version = int(sql.value(db, "PRAGMA main.data_version"))
    return version, int(state.connection.total_changes) - state.temp_changes


def current(
    db: Database,
    name: str,
    columns: str,
    fill: str,
    params: Sequence[Any],
    index: str | None = None,
    depends: Sequence[Any] = (),
) -> str | None:
    """`temp.<name>` if it already holds what `temp_table` would make now, else None."""
    if not usable(db):
        return None
    state = _state(db)
    made = state.made.get(name)
    if made is None:
        return None
    version, changes = _vault_state(db, state)
    key = (columns, fill, tuple(params), index, tuple(depends))
    return (
        f"temp.{name}"
        if (made.key, made.data_version, made.changes) == (key, version, changes)
        else None
    )


def temp_table(
    db: Database,
    name: str,
    columns: str,
    fill: str,
    params: Sequence[Any],
    index: str | None = None,
    depends: Sequence[Any] = (),
) -> tuple[str, int]:
    """`temp.<name>` holding the rows of `fill` (an INSERT's SELECT) under `columns` (its
    column definitions), with an index on `index` if given; made again only when `fill`,
    `params`, `depends` (what else the rows depend on, such as another TEMP table's
    contents) or the vault changed. Returns the qualified name and the number of rows."""
    if not name or set(name) - _NAME_CHARS:
        raise ValueError("a TEMP table name is lower-case letters and underscores")
    state = _state(db)
    key = (columns, fill, tuple(params), index, tuple(depends))
    made = state.made.get(name)
    version, changes = _vault_state(db, state)
    if made is not None and (made.key, made.data_version, made.changes) == (
        key,
        version,
        changes,
    ):
        return f"temp.{name}", made.rows
    before = int(state.connection.total_changes)
    with db.atomic():
        sql.run(db, f"DROP TABLE IF EXISTS temp.{name}")
        sql.run(db, f"CREATE TEMP TABLE {name} ({columns})")
        sql.run(db, f"INSERT INTO temp.{name} {fill}", tuple(params))
        if index:
            sql.run(db, f"CREATE INDEX temp.{name}_order ON {name} ({index})")
    rows = sql.count(db, f"SELECT count(*) FROM temp.{name}")
    state.temp_changes += int(state.connection.total_changes) - before
    state.made[name] = _Made(key, version, changes, rows)
    return f"temp.{name}", rows


def drop(db: Database, name: str) -> None:
    """Forget `temp.<name>` (the query that needed it is gone)."""
    state = _state(db)
    if state.made.pop(name, None) is not None:
        sql.run(db, f"DROP TABLE IF EXISTS temp.{name}")
