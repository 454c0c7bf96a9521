"""The Checkpoints list in every header order, each read from an index in order.

- Decided (the default): the (decided_at, id) index.
- Type, decision, description, proposed action, notes: an index led by that column (notes by
  the expression that says whether there are notes), then decided_at, checkpoint_type and
  decision, the rowid ending every entry (models/migrations/indexes.py). The type and
  decision filters are checked inside the index.
- Script: the scripts in title order, each title's runs and their checkpoints through the
  (script_id, ...) and (execution_id, decided_at) indexes; SQLite orders one title's
  checkpoints at a time (a few hundred), never the table.
- Provider: one provider after another, each one's checkpoints walked newest first on the
  (decided_at, checkpoint_type, decision, execution_id) index, joined to their run and
  script before the checkpoint itself is read.

A checkpoint whose run or script another program deleted has no script or provider: in those
two orders it comes last, either way round, newest first. Finding them reads the whole
newest-first index once, which only happens on reaching the end of the list.
Descriptions, actions and titles sort case-insensitively (NOCASE, as the indexes are
declared).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peewee import Database

from automation_admin.models.checkpoints import words
from automation_admin.models.schema.enums import CHECKPOINT_TYPES, DECISIONS
from automation_admin.models.store import sql
from automation_admin.models.store.keyset import Key, Order, Step, page_steps
from automation_admin.models.store.where import day_range, one_of

NOTES_SQL = "(c.user_notes IS NOT NULL AND c.user_notes != '')"
COLUMNS = (
    "c.id, c.decided_at, c.checkpoint_type, c.checkpoint_description, c.proposed_action,"
    f" c.decision, {NOTES_SQL}, c.execution_id, s.id, s.title, s.provider_id"
)
WIDTH = 11  # values of COLUMNS
WITH_SCRIPT = (
    "FROM hitl_checkpoints c LEFT JOIN automation_executions e ON e.id = c.execution_id"
    " LEFT JOIN automation_scripts s ON s.id = e.script_id"
)
# The same rows, the checkpoints read first and only those with a run and a script kept.
ONLY_SCRIPTED = (
    "FROM hitl_checkpoints c CROSS JOIN automation_executions e ON e.id = c.execution_id"
    " CROSS JOIN automation_scripts s ON s.id = e.script_id"
)
# Scripts first, by title: their runs, then the runs' checkpoints.
BY_SCRIPT = (
    "FROM automation_scripts s CROSS JOIN automation_executions e ON e.script_id = s.id"
    " CROSS JOIN hitl_checkpoints c ON c.execution_id = e.id"
)
_TIES = ("c.decided_at", "c.checkpoint_type", "c.decision")


def joins(query: Any, usual: str) -> str:
    """One script's checkpoints are few: read them from the script (its runs, then their
    checkpoints) and let SQLite order them, rather than walk the whole order looking for
    them. One run's are fewer still, and its (execution_id, ...) index finds them."""
    return BY_SCRIPT if query.script_id else usual


OWN_ORDERS: dict[str, Key] = {
    "type": Key("c.checkpoint_type"),
    "decision": Key("c.decision"),
    "description": Key("c.checkpoint_description", "NOCASE"),
    "action": Key("c.proposed_action", "NOCASE"),
    "notes": Key(NOTES_SQL),
}


def own_order(sort: str, descending: bool) -> Order:
    lead = OWN_ORDERS[sort]
    rest = [Key(column) for column in _TIES if column != lead.sql]
    return Order((lead, *rest, Key("c.rowid")), descending)


# Newest first on the (decided_at, checkpoint_type, decision, execution_id) index: the
# provider order joins each entry to its run and script before reading the checkpoint.
NEWEST = (
    Key("c.decided_at"),
    Key("c.checkpoint_type"),
    Key("c.decision"),
    Key("c.execution_id"),
    Key("c.rowid"),
)


def filters(
    query: Any, lead: str = "c.decided_at", matches: str | None = None
) -> tuple[list[str], list[Any]]:
    """The query's conditions. Only the order's leading column may pick an index; the type,
    decision and date conditions on other columns are written `+column`, so SQLite checks
    them in the order's index instead of choosing their index and sorting. Words are
    searched in each row, or looked up in `matches` (a TEMP table of rowids) once found."""

    def column(name: str) -> str:
        return name if name == lead else f"+{name}"

    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    one_of(where, params, column("c.checkpoint_type"), query.types, CHECKPOINT_TYPES)
    one_of(where, params, column("c.decision"), query.decisions, DECISIONS)
    for name, value in (
        ("s.provider_id", query.provider),
        ("s.id", query.script_id),
        ("c.execution_id", query.execution_id),
    ):
        if value:
            where.append(f"{name} = ?")
            params.append(value)
    day_range(where, params, column("c.decided_at"), query.date_from, query.date_to)
    if matches is not None:
        where.append(f"c.rowid IN (SELECT r FROM {matches})")
    else:
        found, values = words.conditions(words.terms(query))
        where += found
        params += values
    return where, params


def fetcher(
    db: Database, joins: str, where: Sequence[str], params: Sequence[Any], order: Order
) -> Any:
    def fetch(step: Step, n: int) -> list[tuple[Any, ...]]:
        statement = (
            f"SELECT {COLUMNS}, {order.select_keys()} {joins}"
            f" WHERE {' AND '.join([*where, step.where])}"
            f" ORDER BY {order.order_by(step.keys)} LIMIT {int(n)}"
        )
        return sql.rows(db, statement, [*params, *step.params])

    return fetch


def own_page(
    db: Database, query: Any, cursor: Sequence[Any] | None, limit: int, matches: str | None
) -> list[tuple[Any, ...]]:
    """Rows (list columns, then the sort key) in the order of one of the checkpoint's own
    columns; at most `limit + 1`."""
    order = own_order(query.sort, query.descending)
    where, params = filters(query, order.keys[0].sql, matches)
    fetch = fetcher(db, joins(query, WITH_SCRIPT), where, params, order)
    return page_steps(order.steps(cursor), fetch, limit)


def _orphans(
    db: Database, query: Any, cursor: Sequence[Any] | None, limit: int, matches: str | None
) -> list[tuple[Any, ...]]:
    """Checkpoints without a run or a script, newest first: the key is (None, *NEWEST)."""
    if query.provider or query.script_id:
        return []
    order = Order(NEWEST, query.descending)
    where, params = filters(query, matches=matches)
    where = [*where, "s.id IS NULL"]
    rows = page_steps(order.steps(cursor), fetcher(db, WITH_SCRIPT, where, params, order), limit)
    return [(*r[:WIDTH], None, *r[WIDTH:]) for r in rows]


SCRIPT_KEYS = (Key("s.title", "NOCASE"), Key("c.decided_at"), Key("c.rowid"))


def script_page(
    db: Database, query: Any, cursor: Sequence[Any] | None, limit: int, matches: str | None
) -> list[tuple[Any, ...]]:
    """By script title (case-insensitive), each title's checkpoints by decision time; the
    key is (title, decided_at, rowid), or (None, *NEWEST) for the checkpoints last."""
    rows: list[tuple[Any, ...]] = []
    if cursor is None or cursor[0] is not None:
        order = Order(SCRIPT_KEYS, query.descending)
        where, params = filters(query, matches=matches)
        fetch = fetcher(db, BY_SCRIPT, where, params, order)
        rows = page_steps(order.steps(cursor), fetch, limit)
        cursor = None
    if len(rows) <= limit:
        rows += _orphans(db, query, cursor[1:] if cursor else None, limit - len(rows), matches)
    return rows


def provider_page(
    db: Database, query: Any, cursor: Sequence[Any] | None, limit: int, matches: str | None
) -> list[tuple[Any, ...]]:
    """One provider after another, each one's checkpoints newest first (oldest first
    ascending); the key is (provider, *NEWEST), or (None, *NEWEST) for the checkpoints
    last."""
    where, params = filters(query, matches=matches)
    providers = [
        r[0]
        for r in sql.rows(
            db,
            "SELECT DISTINCT provider_id FROM automation_scripts ORDER BY provider_id "
            + ("DESC" if query.descending else "ASC"),
        )
        if not query.provider or r[0] == query.provider
    ]
    rows: list[tuple[Any, ...]] = []
    if cursor is None or cursor[0] is not None:
        start = 0
        if cursor is not None:
            past = [p for p in providers if (p < cursor[0] if query.descending else p > cursor[0])]
            start = (
                providers.index(cursor[0]) if cursor[0] in providers else len(providers) - len(past)
            )
        order = Order(NEWEST, query.descending)
        for position in range(start, len(providers)):
            provider = providers[position]
            resume = cursor is not None and cursor[0] == provider
            fetch = fetcher(
                db,
                joins(query, ONLY_SCRIPTED),
                [*where, "s.provider_id = ?"],
                [*params, provider],
                order,
            )
            found = page_steps(
                order.steps(cursor[1:] if resume and cursor else None), fetch, limit - len(rows)
            )
            rows += [(*r[:WIDTH], provider, *r[WIDTH:]) for r in found]
            if len(rows) > limit:
                return rows
        cursor = None
    rows += _orphans(db, query, cursor[1:] if cursor else None, limit - len(rows), matches)
    return rows
