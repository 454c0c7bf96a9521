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

from automation_admin.models.findings.service import search_words
from automation_admin.models.jobs.export import (
    check_format,
    refuse_own_files,
    write_atomically,
    write_rows,
)
from automation_admin.models.schema.enums import CHECKPOINT_TYPES, DECISIONS
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.jsonview import JsonValue, read_json
from automation_admin.models.store.paging import all_pages, split_page
from automation_admin.models.store.timeutil import week_start
from automation_admin.models.store.vault import Vault
from automation_admin.models.store.where import day_range, one_of

NOTES_SQL = "(c.user_notes IS NOT NULL AND c.user_notes != '')"
LIST_SQL = f"""
SELECT c.id, c.decided_at, c.checkpoint_type, c.checkpoint_description, c.proposed_action,
       c.decision, {NOTES_SQL}, c.execution_id,
       s.id, s.title, s.provider_id
FROM hitl_checkpoints c
LEFT JOIN automation_executions e ON e.id = c.execution_id
LEFT JOIN automation_scripts s ON s.id = e.script_id
"""


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


# Sort key -> (SQL expression, CheckpointRow attribute holding its value for the cursor).
SORTABLE: dict[str, tuple[str, str]] = {
    "decided": ("c.decided_at", "decided_at"),
    "type": ("c.checkpoint_type", "type"),
    "description": ("c.checkpoint_description", "description"),
    "action": ("c.proposed_action", "proposed_action"),
    "decision": ("c.decision", "decision"),
    "script": ("coalesce(s.title, '')", "script_title"),
    "provider": ("coalesce(s.provider_id, '')", "provider_id"),
    "notes": (NOTES_SQL, "has_notes"),
}


def _filters(query: CheckpointQuery) -> tuple[list[str], list[Any]]:
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    one_of(where, params, "c.checkpoint_type", query.types, CHECKPOINT_TYPES)
    one_of(where, params, "c.decision", query.decisions, DECISIONS)
    for column, value in (
        ("s.provider_id", query.provider),
        ("s.id", query.script_id),
        ("c.execution_id", query.execution_id),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    day_range(where, params, "c.decided_at", query.date_from, query.date_to)
    terms = [w.lower() for w in search_words(query.text)]
    if terms:
        # Checkpoints have no search table: description, action and notes are short, and the
        # match runs only over rows the other filters and the time order already narrowed.
        for term in terms:
            where.append(
                "(instr(lower(c.checkpoint_description), ?) > 0 OR "
                "instr(lower(c.proposed_action), ?) > 0 OR "
                "instr(lower(coalesce(c.user_notes, '')), ?) > 0)"
            )
            params.extend([term, term, term])
    return where, params


def page(
    vault: Vault, query: CheckpointQuery, cursor: tuple[Any, ...] | None = None, limit: int = 200
) -> tuple[list[CheckpointRow], tuple[Any, ...] | None]:
    """One keyset page in the query's order; ties fall back to (decided_at, id), so the
    default newest-first order is an index walk and every other column sorts in SQL."""
    if query.sort not in SORTABLE:
        raise ValidationError("sort", "unknown column")
    where, params = _filters(query)
    expression, attribute = SORTABLE[query.sort]
    keys = (
        ["c.decided_at", "c.id"]
        if query.sort == "decided"
        else [expression, "c.decided_at", "c.id"]
    )
    direction, compare = ("DESC", "<") if query.descending else ("ASC", ">")
    if cursor is not None:
        where.append(f"({', '.join(keys)}) {compare} ({', '.join('?' for _ in keys)})")
        params.extend(cursor)
    order = ", ".join(f"{key} {direction}" for key in keys)
    rows = [
        _row(r)
        for r in vault.database().execute_sql(
            f"{LIST_SQL} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT {int(limit) + 1}",
            params,
        )
    ]
    rows, last = split_page(rows, limit)
    if last is None:
        return rows, None
    tail = (last.decided_at, last.id)
    if query.sort == "decided":
        return rows, tail
    value = getattr(last, attribute)
    if value is None:  # a checkpoint whose run or script another program deleted
        value = ""
    return rows, (int(value) if isinstance(value, bool) else value, *tail)


def script_choices(vault: Vault, provider: str | None = None) -> list[tuple[str, str]]:
    """(id, "title vN") of every script (of one provider), by title, for the filter."""
    where, params = "", []
    if provider:
        where, params = "WHERE provider_id = ?", [provider]
    return [
        (r[0], f"{r[1]} v{r[2]}")
        for r in vault.database().execute_sql(
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
    found = db.execute_sql(
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
    found_run = db.execute_sql(
        f"SELECT {', '.join(run_keys)} FROM automation_executions WHERE id = ?",
        (row["execution_id"],),
    ).fetchone()
    # {} when another program deleted the run: the checkpoint is still history worth showing.
    run = dict(zip(run_keys, found_run, strict=True)) if found_run else {}
    timeline = [
        _row(r)
        for r in db.execute_sql(
            f"{LIST_SQL} WHERE c.execution_id = ? ORDER BY c.decided_at, c.id",
            (row["execution_id"],),
        )
    ]
    return CheckpointDetail(row, read_json(row["context_json"]), run, timeline)


def weekly_decisions(vault: Vault, query: CheckpointQuery) -> Weeks:
    """(Monday of the week, {decision: count}) per week with decisions, oldest first.

    Without a provider or script filter the runs and scripts are not joined: the count is
    then a walk of the covering index on (decided_at, checkpoint_type, decision)."""
    where, params = _filters(query)
    joins = ""
    if query.provider or query.script_id:
        joins = (
            "LEFT JOIN automation_executions e ON e.id = c.execution_id "
            "LEFT JOIN automation_scripts s ON s.id = e.script_id "
        )
    weeks: dict[str, dict[str, int]] = {}
    for day, decision, count in vault.database().execute_sql(
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
        for r in vault.database().execute_sql(
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
