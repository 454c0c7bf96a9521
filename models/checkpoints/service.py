"""Checkpoints: every human-in-the-loop decision with its run, script and provider; the audit
trail of automation changes; weekly decision counts; streamed export.

Read-only: the history is never edited here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from peewee import Database

from automation_admin.models.checkpoints import listing, words
from automation_admin.models.jobs.export import (
    check_format,
    refuse_own_files,
    write_atomically,
    write_rows,
)
from automation_admin.models.schema.enums import DECISIONS
from automation_admin.models.store import snapshot
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.jsonview import JsonValue, read_json
from automation_admin.models.store.keyset import Key, Order, page_steps, stored_cursor
from automation_admin.models.store.paging import all_pages, split_page
from automation_admin.models.store.sql import execute
from automation_admin.models.store.timeutil import week_start
from automation_admin.models.store.vault import Vault
from automation_admin.models.store.where import day_range

NOTES_SQL = listing.NOTES_SQL
LIST_SQL = f"SELECT {listing.COLUMNS} {listing.WITH_SCRIPT}"


@dataclass
class CheckpointRow:
    id: str
    decided_at: str
    type: str
    description: str
    proposed_action: str
    decision: str
    has_notes: bool
    execution_id: str
    script_id: str | None  # None: the run or script is gone (another program deleted it)
    script_title: str | None
    provider_id: str | None


def _row(values: Sequence[Any]) -> CheckpointRow:
    """A LIST_SQL row (the notes flag comes back from SQLite as 0/1)."""
    return CheckpointRow(*[*values[:6], bool(values[6]), *values[7:]])


Weeks = list[tuple[str, dict[str, int]]]  # (Monday, {decision: count}), oldest first


@dataclass(frozen=True)
class CheckpointQuery:
    types: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    provider: str | None = None
    script_id: str | None = None
    execution_id: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str = ""
    sort: str = "decided"  # a SORTABLE key
    descending: bool = True


# Sort key -> the SQL expression it sorts by (models/checkpoints/listing.py reads each from
# an index in order).
SORTABLE: dict[str, str] = {
    "decided": "c.decided_at",
    "type": "c.checkpoint_type",
    "description": "c.checkpoint_description",
    "action": "c.proposed_action",
    "decision": "c.decision",
    "script": "s.title",
    "provider": "s.provider_id",
    "notes": NOTES_SQL,
}


def page(
    vault: Vault, query: CheckpointQuery, cursor: tuple[Any, ...] | None = None, limit: int = 200
) -> tuple[list[CheckpointRow], tuple[Any, ...] | None]:
    """One keyset page in the query's order; the cursor is the last row's sort key. Words
    are searched row by row within a time budget, then through all their matches found
    once (models/checkpoints/words.py)."""
    if query.sort not in SORTABLE:
        raise ValidationError("sort", "unknown column")
    db = vault.database()
    found = words.terms(query)
    if not found:
        snapshot.drop(db, "checkpoint_matches")
    matches = words.known(db, found) if found else None
    if found and matches is None and snapshot.usable(db):
        try:
            with words.budget(db):
                return _page(db, query, cursor, limit, None)
        except words.OverBudget:
            matches = words.matches(db, found)
    return _page(db, query, cursor, limit, matches)


def _page(
    db: Database,
    query: CheckpointQuery,
    cursor: tuple[Any, ...] | None,
    limit: int,
    matches: str | None,
) -> tuple[list[CheckpointRow], tuple[Any, ...] | None]:
    if query.sort == "script" and cursor is not None and cursor[0] is not None:
        cursor = stored_cursor(db, listing.WITH_SCRIPT, listing.SCRIPT_KEYS, cursor)
    elif query.sort in listing.OWN_ORDERS:
        keys = listing.own_order(query.sort, query.descending).keys
        cursor = stored_cursor(db, "FROM hitl_checkpoints c", keys, cursor)
    if query.sort == "decided":
        order = Order((Key("c.decided_at"), Key("c.id")), query.descending)
        where, params = listing.filters(query, matches=matches)
        fetch = listing.fetcher(db, listing.joins(query, listing.WITH_SCRIPT), where, params, order)
        rows = page_steps(order.steps(cursor), fetch, limit)
    elif query.sort == "script":
        rows = listing.script_page(db, query, cursor, limit, matches)
    elif query.sort == "provider":
        rows = listing.provider_page(db, query, cursor, limit, matches)
    else:
        rows = listing.own_page(db, query, cursor, limit, matches)
    rows, last = split_page(rows, limit)
    width = listing.WIDTH
    return [_row(r[:width]) for r in rows], (tuple(last[width:]) if last else None)


def script_choices(vault: Vault, provider: str | None = None) -> list[tuple[str, str]]:
    """(id, "title vN") of every script (of one provider), by title, for the filter."""
    where, params = "", []
    if provider:
        where, params = "WHERE provider_id = ?", [provider]
    return [
        (r[0], f"{r[1]} v{r[2]}")
        for r in execute(
            vault.database(),
            f"SELECT id, title, version FROM automation_scripts {where} ORDER BY title, version",
            params,
        )
    ]


@dataclass
class CheckpointDetail:
    row: dict[str, Any]
    context: JsonValue
    run: dict[str, Any]  # empty when the run is no longer in the vault
    timeline: list[CheckpointRow]  # every checkpoint of the run, in the order decided


def detail(vault: Vault, checkpoint_id: str) -> CheckpointDetail | None:
    db = vault.database()
    found = execute(
        db,
        "SELECT id, execution_id, checkpoint_type, checkpoint_description, proposed_action, "
        "context_json, decision, user_notes, decided_at FROM hitl_checkpoints WHERE id = ?",
        (checkpoint_id,),
    ).fetchone()
    if found is None:
        return None
    keys = (
        "id",
        "execution_id",
        "checkpoint_type",
        "checkpoint_description",
        "proposed_action",
        "context_json",
        "decision",
        "user_notes",
        "decided_at",
    )
    row = dict(zip(keys, found, strict=True))
    run_keys = (
        "id",
        "script_id",
        "started_at",
        "completed_at",
        "status",
        "checkpoints_reached",
        "checkpoints_approved",
        "checkpoints_rejected",
    )
    found_run = execute(
        db,
        f"SELECT {', '.join(run_keys)} FROM automation_executions WHERE id = ?",
        (row["execution_id"],),
    ).fetchone()
    # {} when another program deleted the run: the checkpoint is still history worth showing.
    run = dict(zip(run_keys, found_run, strict=True)) if found_run else {}
    timeline = [
        _row(r)
        for r in execute(
            db,
            f"{LIST_SQL} WHERE c.execution_id = ? ORDER BY c.decided_at, c.id",
            (row["execution_id"],),
        )
    ]
    return CheckpointDetail(row, read_json(row["context_json"]), run, timeline)


def weekly_decisions(vault: Vault, query: CheckpointQuery) -> Weeks:
    """(Monday of the week, {decision: count}) per week with decisions, oldest first.

    Without a provider or script filter the runs and scripts are not joined: the count is
    then a walk of the covering index on (decided_at, checkpoint_type, decision)."""
    where, params = listing.filters(query)
    joins = ""
    if query.provider or query.script_id:
        joins = (
            "LEFT JOIN automation_executions e ON e.id = c.execution_id "
            "LEFT JOIN automation_scripts s ON s.id = e.script_id "
        )
    weeks: dict[str, dict[str, int]] = {}
    for day, decision, count in execute(
        vault.database(),
        f"SELECT substr(c.decided_at, 1, 10), c.decision, count(*) FROM hitl_checkpoints c "
        f"{joins}WHERE {' AND '.join(where)} GROUP BY 1, 2",
        params,
    ):
        monday = week_start(date.fromisoformat(day)).isoformat()
        bucket = weeks.setdefault(monday, dict.fromkeys(DECISIONS, 0))
        bucket[decision] = bucket.get(decision, 0) + int(count)
    return sorted(weeks.items())


@dataclass
class AuditRow:
    id: str
    created_at: str
    event_type: str
    metadata: JsonValue


def audit_page(
    vault: Vault,
    event_type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    cursor: tuple[str, str] | None = None,
    limit: int = 200,
) -> tuple[list[AuditRow], tuple[str, str] | None]:
    """Audit events of every type (this program's and the runner's), newest first; the
    indexes on created_at and (event_type, created_at) serve the order."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if event_type:
        where = ["event_type = ?"]
        params = [event_type]
    day_range(where, params, "created_at", date_from, date_to)
    if cursor is not None:
        where.append("(created_at, id) < (?, ?)")
        params.extend(cursor)
    rows = [
        AuditRow(r[0], r[1], r[2], read_json(r[3]))
        for r in execute(
            vault.database(),
            "SELECT id, created_at, event_type, metadata_json_redacted FROM audit_events WHERE "
            f"{' AND '.join(where)} ORDER BY created_at DESC, id DESC LIMIT {int(limit) + 1}",
            params,
        )
    ]
    rows, last = split_page(rows, limit)
    return rows, (last.created_at, last.id) if last else None


EXPORT_COLUMNS = (
    "id",
    "decided_at",
    "checkpoint_type",
    "checkpoint_description",
    "proposed_action",
    "decision",
    "has_notes",
    "execution_id",
    "script_id",
    "script_title",
    "provider_id",
)


def _export_values(row: CheckpointRow) -> tuple[Any, ...]:
    return (
        row.id,
        row.decided_at,
        row.type,
        row.description,
        row.proposed_action,
        row.decision,
        row.has_notes,
        row.execution_id,
        row.script_id,
        row.script_title,
        row.provider_id,
    )


def write_export(vault: Vault, query: CheckpointQuery, fmt: str, out: TextIO) -> int:
    """The filtered list as CSV, a JSON array or JSON Lines, streamed page by page in the
    list's order. Stored text is already redacted; notes are only flagged, never copied out."""
    check_format(fmt)
    pages = all_pages(lambda cursor: page(vault, query, cursor, 2000))
    chunks = ([_export_values(row) for row in rows] for rows in pages)
    return write_rows(out, fmt, EXPORT_COLUMNS, chunks)


def export_to_file(vault: Vault, query: CheckpointQuery, fmt: str, target: Path) -> int:
    """Whole file or nothing (see `models.export.write_atomically`)."""
    target = refuse_own_files(vault.layout, target)
    return write_atomically(target, lambda out: write_export(vault, query, fmt, out))
