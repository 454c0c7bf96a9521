"""The Findings list in every header order, each read from an index in order.

Every sortable column has an index that starts with the status (the chips choose it):
(user_status, column, discovered_at, urgency, category, provider_id, relevance_score), the
rowid ending every entry (models/migrations/indexes.py). The columns after the sort column
break ties (newest first within a value, then the rest, the rowid last) and carry every
filter the window offers, so a filter is checked inside the index and a row is read only
when it matches.

- One status: one range of the index, in order.
- Several statuses ("All"): one range per status, merged by SQLite (UNION ALL under the
  common ORDER BY) into one ordered stream; no sort.
- Sorted by status: the statuses one after another, each in newest-first order.
- Words to search: the matching rows are looked up once in the full-text index and kept in
  a TEMP table while the words stay the same. When few rows match, they are sorted once into
  a TEMP table of their sort keys and paged from there; when many do, the index walk checks
  each entry against the matches.

Titles sort case-insensitively (NOCASE, as the index is declared). The cursor is the sort
key of the page's last row, so a page never repeats or skips a row, however the rows tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peewee import Database

from automation_admin.models.schema.enums import FINDING_CATEGORIES, FINDING_STATUSES, URGENCIES
from automation_admin.models.store import snapshot, sql
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.keyset import Key, Order, Step, merged_select, page_steps
from automation_admin.models.store.vault import Vault
from automation_admin.models.store.where import day_range, one_of

LIST_COLUMNS = (
    "id",
    "urgency",
    "provider_id",
    "category",
    "source_title",
    "discovered_at",
    "relevance_score",
    "user_status",
    "rowid",
)
# Fewer matches than this are read once (about 30 µs each on the large demo) and sorted
# into a TEMP table; more are found by walking the order's index, checking each entry
# against the matches without reading its row.
SNAPSHOT_ROWS = 3_000
_TIES = ("discovered_at", "urgency", "category", "provider_id", "relevance_score")
# Sort key -> the index columns after user_status that lead its order (empty: newest first).
# Provider and category break ties by title, so the same indexes also give the title order
# of one provider or of chosen categories (titles name both, so walking the title index past
# other providers' and categories' titles would be slow).
SORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "provider": ("provider_id", "source_title"),
    "category": ("category", "source_title"),
    "title": ("source_title",),
    "relevance": ("relevance_score",),
    "discovered": (),
    "status": (),
}
_COLLATIONS = {"source_title": "NOCASE"}
URGENCY_RANK = (
    "CASE urgency WHEN 'critical' THEN 3 WHEN 'action_needed' THEN 2 WHEN 'advisory' THEN 1"
    " ELSE 0 END"
)


def index_order(sort: str, descending: bool) -> Order:
    """The order of the sort key's index after its status column; the rowid ends it."""
    if sort not in SORT_COLUMNS:
        raise ValidationError("sort", "unknown column")
    lead = SORT_COLUMNS[sort]
    columns = lead + tuple(c for c in _TIES if c not in lead)
    keys = (*(Key(c, _COLLATIONS.get(c)) for c in columns), Key("rowid"))
    return Order(keys, descending)


def matches_clause(
    vault: Vault, text_match: str, checks: Sequence[str] = (), values: Sequence[Any] = ()
) -> tuple[str, list[Any], int | None, str | None]:
    """The condition 'matches the words', how many rows match and the TEMP table holding
    their rowids (None, None on a read-only vault, whose connection cannot keep one).

    `checks` (with their `values`) hold each row the index found to words it can only
    narrow down (words with `_`, looked for as written); they are part of the set kept."""
    db = vault.database()
    fts = "SELECT rowid FROM discovery_findings_fts WHERE discovery_findings_fts MATCH ?"
    params = [text_match, *values]
    if checks:
        every = " AND ".join(checks)
        fts = f"SELECT rowid FROM discovery_findings WHERE rowid IN ({fts}) AND {every}"
    if not snapshot.usable(db):
        return f"rowid IN ({fts})", params, None, None
    table, count = snapshot.temp_table(db, "finding_matches", "r INTEGER PRIMARY KEY", fts, params)
    return f"rowid IN (SELECT r FROM {table})", [], count, table


def forget_unneeded(db: Database, words: bool, few: bool) -> None:
    """Drop the TEMP tables the current query no longer reads (a new query without words, or
    with many matches), so a finished search holds no memory."""
    if not words:
        snapshot.drop(db, "finding_matches")
    if not few:
        snapshot.drop(db, "finding_snapshot")


def arm_columns(query: Any) -> tuple[str, ...]:
    """The columns each merged range fixes by equality besides the status: the title order of
    one provider reads the provider index, of chosen categories the category index."""
    if query.sort == "title" and query.provider:
        return ("provider_id",)
    if query.sort == "title" and query.categories:
        return ("category",)
    return ()


def list_filters(
    vault: Vault, query: Any, text: tuple[str, list[Any]] | None
) -> tuple[list[str], list[Any]]:
    """Every filter but the status and the arms' columns.

    Only a filter on the order's leading column may pick the index (a range on it); the
    others are written `+column` so SQLite checks them inside the order's index instead of
    choosing another index and sorting. The profile condition is always `+profile_id`: a
    vault holds one profile, and an equality on the (profile_id, ...) indexes would look
    selective enough to make the planner sort the whole table."""
    lead = SORT_COLUMNS.get(query.sort, ("",))[:1] or ("discovered_at",)
    fixed = arm_columns(query)

    def column(name: str) -> str:
        return name if name in lead else f"+{name}"

    where: list[str] = ["+profile_id = ?"]
    params: list[Any] = [vault.profile_id]
    one_of(where, params, column("urgency"), query.urgencies, URGENCIES)
    if "category" not in fixed:
        one_of(where, params, column("category"), query.categories, FINDING_CATEGORIES)
    if query.provider and "provider_id" not in fixed:
        where.append(f"{column('provider_id')} = ?")
        params.append(query.provider)
    day_range(where, params, column("discovered_at"), query.date_from, query.date_to)
    if query.min_relevance > 0:
        where.append(f"{column('relevance_score')} >= ?")
        params.append(float(query.min_relevance))
    if text is not None:
        where.append(text[0])
        params.extend(text[1])
    return where, params


def arms_of(query: Any, statuses: Sequence[str]) -> list[tuple[Any, ...]]:
    """The equal-key ranges to merge: (status, *the arm columns' values)."""
    fixed = arm_columns(query)
    if fixed == ("provider_id",):
        return [(status, query.provider) for status in statuses]
    if fixed == ("category",):
        return [(status, c) for status in statuses for c in query.categories]
    return [(status,) for status in statuses]


def statuses_of(query: Any) -> list[str]:
    one_of([], [], "user_status", query.statuses, FINDING_STATUSES)
    return [s for s in FINDING_STATUSES if not query.statuses or s in query.statuses]


def walk(
    db: Database,
    arms: Sequence[tuple[Any, ...]],
    fixed: Sequence[str],
    where: Sequence[str],
    params: Sequence[Any],
    order: Order,
    cursor: Sequence[Any] | None,
    limit: int,
) -> list[tuple[Any, ...]]:
    """Rows (list columns, then the sort key) after `cursor`: one index range per arm (the
    values of user_status and the `fixed` columns), merged in order; at most `limit + 1`."""
    columns = f"{', '.join(LIST_COLUMNS)}, {order.select_keys()}"
    equal = [f"{name} = ?" for name in ("user_status", *fixed)]

    def fetch(step: Step, n: int) -> list[tuple[Any, ...]]:
        conditions = " AND ".join([*where, *equal, step.where])
        selects = [
            (
                f"SELECT {columns} FROM discovery_findings WHERE {conditions}",
                [*params, *arm, *step.params],
            )
            for arm in arms
        ]
        statement, values = merged_select(selects, order.order_by(step.keys, alias="k"), n)
        return sql.rows(db, statement, values)

    return page_steps(order.steps(cursor), fetch, limit)


def by_status(
    db: Database,
    statuses: Sequence[str],
    where: Sequence[str],
    params: Sequence[Any],
    descending: bool,
    cursor: Sequence[Any] | None,
    limit: int,
) -> list[tuple[Any, ...]]:
    """Sorted by status: each status's findings newest first (or oldest first ascending),
    one status after another. The sort key is (status, *the newest-first key)."""
    order = index_order("discovered", descending)
    ranked = sorted(statuses, reverse=descending)
    start = ranked.index(cursor[0]) if cursor is not None and cursor[0] in ranked else 0
    rows: list[tuple[Any, ...]] = []
    for position in range(start, len(ranked)):
        status = ranked[position]
        resume = cursor is not None and position == start and cursor[0] == status
        after = cursor[1:] if resume and cursor is not None else None
        found = walk(db, [(status,)], (), where, params, order, after, limit - len(rows))
        width = len(LIST_COLUMNS)
        rows += [(*r[:width], status, *r[width:]) for r in found]
        if len(rows) > limit:
            break
    return rows


def from_snapshot(
    db: Database,
    matches: str,
    statuses: Sequence[str],
    where: Sequence[str],
    params: Sequence[Any],
    keys: Sequence[Key],
    descending: bool,
    cursor: Sequence[Any] | None,
    limit: int,
    depends: Sequence[Any],
) -> list[tuple[Any, ...]]:
    """Rows after `cursor` from the sort keys of the rows in the TEMP table `matches` that
    pass the filters, sorted once into a TEMP table (made again when the filters,
    `depends` or the vault change). Reading a few thousand rows once costs less than
    walking an index where matches are rare."""
    marks = ", ".join("?" for _ in statuses)
    definitions = ", ".join(
        f"k{i}{f' COLLATE {key.collation}' if key.collation else ''}" for i, key in enumerate(keys)
    )
    selected = ", ".join("f.rowid" if key.sql == "rowid" else key.sql for key in keys)
    # The matches drive (CROSS JOIN keeps them the outer loop): one row read per match,
    # however rare they are among the findings.
    fill = (
        f"SELECT {selected}, f.rowid FROM {matches} m CROSS JOIN discovery_findings f"
        f" ON f.rowid = m.r WHERE {' AND '.join(where)} AND user_status IN ({marks})"
    )
    table, _rows = snapshot.temp_table(
        db,
        "finding_snapshot",
        f"{definitions}, rid INTEGER",
        fill,
        [*params, *statuses],
        index=", ".join(f"k{i}" for i in range(len(keys))),
        depends=depends,
    )
    order = Order(tuple(Key(f"s.k{i}") for i in range(len(keys))), descending)
    columns = ", ".join(f"f.{c}" for c in LIST_COLUMNS)
    cursor_keys = ", ".join(f"s.k{i}" for i in range(len(keys)))

    def fetch(step: Step, n: int) -> list[tuple[Any, ...]]:
        statement = (
            f"SELECT {columns}, {cursor_keys} FROM {table} s CROSS JOIN discovery_findings f"
            f" ON f.rowid = s.rid WHERE {step.where} ORDER BY {order.order_by(step.keys)}"
            f" LIMIT {int(n)}"
        )
        return sql.rows(db, statement, step.params)

    return page_steps(order.steps(cursor), fetch, limit)
