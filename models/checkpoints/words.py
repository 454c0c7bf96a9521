"""Words to find in checkpoints: their description, proposed action and notes.

Checkpoints have no full-text index, so each row is read and searched. Walking a list order
and searching each row it passes is quick when matches are common among the rows the order
reaches first; when they are rare there (a word that names a script, in the script order),
the walk would read most of the table. So the walk gets a time budget; past it, every match
is found once by reading the table in storage order and kept in a TEMP table while the
words and the vault stay the same, and the order's index is walked against that set (the
rowid is in every index, so no row is read for a checkpoint that does not match).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import Database

from automation_admin.models.findings.search_text import search_words
from automation_admin.models.store import snapshot, sql
from automation_admin.models.store.db import OPERATIONAL_ERRORS

BUDGET_SECONDS = 0.25
_CHECK_EVERY = 1_000  # SQLite virtual machine steps between looks at the clock
_TABLE = "checkpoint_matches"
_COLUMNS = "r INTEGER PRIMARY KEY"


class OverBudget(Exception):
    """The walk took longer than its budget and was stopped."""


def terms(query: Any) -> list[str]:
    return [w.lower() for w in search_words(query.text)]


def conditions(words: list[str]) -> tuple[list[str], list[Any]]:
    """Every word somewhere in the description, the proposed action or the notes."""
    where, params = [], []
    for word in words:
        where.append(
            "(instr(lower(c.checkpoint_description), ?) > 0 OR "
            "instr(lower(c.proposed_action), ?) > 0 OR "
            "instr(lower(coalesce(c.user_notes, '')), ?) > 0)"
        )
        params.extend([word, word, word])
    return where, params


def _fill(words: list[str]) -> tuple[str, list[Any]]:
    where, params = conditions(words)
    return f"SELECT c.rowid FROM hitl_checkpoints c WHERE {' AND '.join(where)}", params


def known(db: Database, words: list[str]) -> str | None:
    """The TEMP table of the words' matches, if it is already made and still current."""
    fill, params = _fill(words)
    return snapshot.current(db, _TABLE, _COLUMNS, fill, params)


def matches(db: Database, words: list[str]) -> str:
    """Find every match once (a read of the whole table); returns the TEMP table."""
    fill, params = _fill(words)
    table, _rows = snapshot.temp_table(db, _TABLE, _COLUMNS, fill, params)
    return table


@contextmanager
def budget(db: Database) -> Iterator[None]:
    """Stop the statements run inside after BUDGET_SECONDS (raising OverBudget)."""
    connection = sql.connection(db)
    deadline = time.perf_counter() + BUDGET_SECONDS
    connection.set_progress_handler(lambda: int(time.perf_counter() > deadline), _CHECK_EVERY)
    try:
        yield
    except OPERATIONAL_ERRORS as exc:
        if "interrupt" in str(exc).lower():
            raise OverBudget() from None
        raise
    finally:
        connection.set_progress_handler(None, 0)
