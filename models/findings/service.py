"""Findings: keyset pages in any order, filters, counts, triage with undo, and the search log.

The default order is the triage order: urgency (critical first), relevance, newest. Urgency is
text, so its order is not an index order; each page walks one urgency at a time, where the
order is plain columns and an index seeks straight to the cursor. Every other column reads
its own index in order (models/findings/listing.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from automation_admin.models.findings import listing
from automation_admin.models.findings.search_text import (
    SEARCHED_TEXT,
    fts_query,
    whole_words,
)
from automation_admin.models.schema.automation import DiscoveryFinding
from automation_admin.models.schema.enums import (
    FINDING_CATEGORIES,
    FINDING_STATUSES,
    URGENCIES,
    FindingStatus,
)
from automation_admin.models.store import audit, sql
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.keyset import Key, stored_cursor
from automation_admin.models.store.paging import split_page
from automation_admin.models.store.sql import execute, new_cursor
from automation_admin.models.store.stale import ChangedMeanwhile, plural
from automation_admin.models.store.timeutil import now_timestamp
from automation_admin.models.store.vault import Vault
from automation_admin.models.store.where import day_range, one_of

PAGE_ROWS = 200
URGENCY_ORDER = ("critical", "action_needed", "advisory", "informational")
DISMISS_REASONS = ("not relevant", "already handled", "false positive", "won't act")
LIST_COLUMNS = listing.LIST_COLUMNS
# Sort key -> column. Urgency sorts by severity (the triage order), not by its words.
SORTABLE = {
    "urgency": "urgency",
    "provider": "provider_id",
    "category": "category",
    "title": "source_title",
    "discovered": "discovered_at",
    "relevance": "relevance_score",
    "status": "user_status",
}


@dataclass(frozen=True)
class FindingQuery:
    statuses: tuple[str, ...] = ("new",)  # empty: all statuses
    urgencies: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    provider: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    min_relevance: float = 0.0
    text: str = ""
    sort: str = "triage"  # or a SORTABLE key
    descending: bool = True

    def without_status(self) -> FindingQuery:
        return replace(self, statuses=())


@dataclass
class FindingRow:
    id: str
    urgency: str
    provider_id: str
    category: str
    title: str
    discovered_at: str
    relevance: float
    status: str
    rowid: int


class Page(NamedTuple):
    rows: list[FindingRow]
    cursor: tuple[Any, ...] | None  # None: no more rows


def _filters(
    vault: Vault, query: FindingQuery, after_rowid: int | None = None
) -> tuple[list[str], list[Any]]:
    """`after_rowid`: only rows written after it (the text search is bounded there too)."""
    where: list[str] = ["profile_id = ?"]
    params: list[Any] = [vault.profile_id]

    one_of(where, params, "user_status", query.statuses, FINDING_STATUSES)
    one_of(where, params, "urgency", query.urgencies, URGENCIES)
    one_of(where, params, "category", query.categories, FINDING_CATEGORIES)
    if query.provider:
        where.append("provider_id = ?")
        params.append(query.provider)
    day_range(where, params, "discovered_at", query.date_from, query.date_to)
    if query.min_relevance > 0:
        where.append("relevance_score >= ?")
        params.append(float(query.min_relevance))
    if after_rowid is not None:
        # Rows written since a rowid: the index's matches bounded there (a TEMP match set
        # made for the list would be made again over every row at each change).
        match = fts_query(query.text)
        if match is not None:
            where.append(
                "rowid IN (SELECT rowid FROM discovery_findings_fts "
                f"WHERE discovery_findings_fts MATCH ? AND rowid > {int(after_rowid)})"
            )
            params.append(match)
            for word in whole_words(query.text):
                where.append(f"instr({SEARCHED_TEXT}, ?) > 0")
                params.append(word)
        _after(where, params, after_rowid)
        return where, params
    text = _text(vault, query)
    if text is not None:
        where.append(text.clause)
        params.extend(text.params)
    return where, params


class _Text(NamedTuple):
    match: str
    whole: tuple[str, ...]  # words with `_`, looked for as written (`whole_words`)
    clause: str
    params: list[Any]
    found: int | None  # how many rows match; None when not counted (read-only vault)
    table: str | None  # the TEMP table of their rowids (column r)

    @property
    def few(self) -> bool:
        return self.found is not None and self.found <= listing.SNAPSHOT_ROWS

    @property
    def depends(self) -> tuple[str, ...]:
        """What the matches' TEMP table holds: a sorted snapshot of it depends on this."""
        return (self.match, *self.whole)


def _text(vault: Vault, query: FindingQuery) -> _Text | None:
    match = fts_query(query.text)
    if match is None:
        return None
    whole = tuple(whole_words(query.text))
    checks = [f"instr({SEARCHED_TEXT}, ?) > 0" for _ in whole]
    return _Text(match, whole, *listing.matches_clause(vault, match, checks, whole))


def _rows(vault: Vault, sql: str, params: Sequence[Any]) -> list[FindingRow]:
    return [FindingRow(*r) for r in execute(vault.database(), sql, params)]


def page(
    vault: Vault, query: FindingQuery, cursor: tuple[Any, ...] | None = None, limit: int = PAGE_ROWS
) -> Page:
    """The next `limit` rows after `cursor` (None: the first page)."""
    if query.sort != "triage" and query.sort not in SORTABLE:
        raise ValidationError("sort", "unknown column")
    statuses = listing.statuses_of(query)
    text = _text(vault, query)
    listing.forget_unneeded(vault.database(), text is not None, text is not None and text.few)
    if query.sort in ("triage", "urgency"):
        if text is not None and text.few and text.table:
            return _triage_snapshot_page(vault, query, text, statuses, cursor, limit)
        return _triage_page(vault, query, cursor, limit)
    db = vault.database()
    # Every order here keys its pages by columns of the findings, the rowid last.
    keys = listing.index_order(query.sort, query.descending).keys
    if query.sort == "status":
        keys = (Key("user_status"), *keys)
    cursor = stored_cursor(db, "FROM discovery_findings", keys, cursor)
    if text is not None and text.few and text.table:
        where, params = listing.list_filters(vault, query, None)
        rows = listing.from_snapshot(
            db,
            text.table,
            statuses,
            where,
            params,
            keys,
            query.descending,
            cursor,
            limit,
            text.depends,
        )
    elif query.sort == "status":
        where, params = listing.list_filters(vault, query, text and (text.clause, text.params))
        rows = listing.by_status(db, statuses, where, params, query.descending, cursor, limit)
    else:
        where, params = listing.list_filters(vault, query, text and (text.clause, text.params))
        order = listing.index_order(query.sort, query.descending)
        arms = listing.arms_of(query, statuses)
        fixed = listing.arm_columns(query)
        rows = listing.walk(db, arms, fixed, where, params, order, cursor, limit)
    rows, last = split_page(rows, limit)
    width = len(listing.LIST_COLUMNS)
    return Page([FindingRow(*r[:width]) for r in rows], tuple(last[width:]) if last else None)


def _triage_snapshot_page(
    vault: Vault,
    query: FindingQuery,
    text: _Text,
    statuses: list[str],
    cursor: tuple[Any, ...] | None,
    limit: int,
) -> Page:
    """The triage order of the few findings that match the words, from a TEMP table sorted
    once; the cursor is the same as the index walk's."""
    where, params = listing.list_filters(vault, query, None)
    keys = (Key(listing.URGENCY_RANK), Key("relevance_score"), Key("discovered_at"), Key("id"))
    after = None
    if cursor is not None:
        after = (URGENCY_ORDER[::-1].index(cursor[0]), *cursor[1:])
    rows = listing.from_snapshot(
        vault.database(),
        text.table or "",
        statuses,
        where,
        params,
        keys,
        query.descending,
        after,
        limit,
        (*text.depends, "triage"),
    )
    rows, last = split_page(rows, limit)
    found = [FindingRow(*r[: len(listing.LIST_COLUMNS)]) for r in rows]
    if last is None:
        return Page(found, None)
    tail = found[-1]
    return Page(found, (tail.urgency, tail.relevance, tail.discovered_at, tail.id))


def _triage_page(
    vault: Vault, query: FindingQuery, cursor: tuple[Any, ...] | None, limit: int
) -> Page:
    order = URGENCY_ORDER if query.descending else tuple(reversed(URGENCY_ORDER))
    wanted = [u for u in order if not query.urgencies or u in query.urgencies]
    start = 0
    if cursor is not None:
        start = wanted.index(cursor[0]) if cursor[0] in wanted else len(wanted)
    direction, compare = ("DESC", "<") if query.descending else ("ASC", ">")
    rows: list[FindingRow] = []
    for position in range(start, len(wanted)):
        urgency = wanted[position]
        where, params = _filters(vault, replace(query, urgencies=(urgency,)))
        if cursor is not None and position == start and cursor[0] == urgency:
            where.append(f"(relevance_score, discovered_at, id) {compare} (?, ?, ?)")
            params.extend(cursor[1:])
        need = limit - len(rows) + 1
        sql = (
            f"SELECT {', '.join(LIST_COLUMNS)} FROM discovery_findings"
            f" WHERE {' AND '.join(where)} ORDER BY relevance_score {direction},"
            f" discovered_at {direction}, id {direction} LIMIT {need}"
        )
        rows += _rows(vault, sql, params)
        if len(rows) > limit:
            break
    rows, last = split_page(rows, limit)
    if last is None:
        return Page(rows, None)
    return Page(rows, (last.urgency, last.relevance, last.discovered_at, last.id))


def status_counts(
    vault: Vault, query: FindingQuery, after_rowid: int | None = None
) -> dict[str, int]:
    """How many match the filters in each status (the chips), whatever status is chosen.
    `after_rowid`: count only rows written after it (what to add to earlier counts)."""
    where, params = _filters(vault, query.without_status(), after_rowid)
    counts = dict.fromkeys(FINDING_STATUSES, 0)
    for status, count in execute(
        vault.database(),
        f"SELECT user_status, count(*) FROM {_table(after_rowid)} WHERE {' AND '.join(where)}"
        " GROUP BY user_status",
        params,
    ):
        counts[status] = int(count)
    return counts


def urgent_new_count(vault: Vault, after_rowid: int | None = None) -> int:
    where = ["profile_id = ?", "user_status = 'new'", "urgency IN ('critical', 'action_needed')"]
    params: list[Any] = [vault.profile_id]
    _after(where, params, after_rowid)
    return sql.count(
        vault.database(),
        f"SELECT count(*) FROM {_table(after_rowid)} WHERE {' AND '.join(where)}",
        params,
    )


@dataclass(frozen=True)
class Counts:
    """The chips' counts by status, the badge's urgent new findings, and the largest rowid
    they include (what was written after it is not counted yet)."""

    by_status: dict[str, int]
    urgent: int
    rowid: int | None


def counts(vault: Vault, query: FindingQuery, after_rowid: int | None = None) -> Counts:
    """Read in one snapshot, so `rowid` is exactly where the counts stop; `after_rowid`: only
    the rows written since (what to add to earlier counts)."""
    db = vault.database()
    with db.atomic():
        return Counts(
            status_counts(vault, query, after_rowid),
            urgent_new_count(vault, after_rowid),
            sql.value(db, "SELECT max(rowid) FROM discovery_findings"),
        )


def _table(after_rowid: int | None) -> str:
    """Rows written after a rowid are one range of the table: NOT INDEXED keeps the planner
    on it (an index on profile_id looks selective to it, and would walk every row)."""
    return "discovery_findings" if after_rowid is None else "discovery_findings NOT INDEXED"


def _after(where: list[str], params: list[Any], after_rowid: int | None) -> None:
    if after_rowid is not None:
        where.append("rowid > ?")
        params.append(int(after_rowid))


def rows_by_id(vault: Vault, ids: Sequence[str]) -> dict[str, FindingRow]:
    """The list rows of `ids` as stored now (missing ones were deleted)."""
    found: dict[str, FindingRow] = {}
    for chunk in _chunks(list(ids)):
        marks = ", ".join("?" for _ in chunk)
        for row in _rows(
            vault,
            f"SELECT {', '.join(LIST_COLUMNS)} FROM discovery_findings WHERE id IN ({marks})",
            chunk,
        ):
            found[row.id] = row
    return found


@dataclass
class FindingDetail:
    row: dict[str, Any]
    provider_name: str
    provider_keys: list[str]


def detail(vault: Vault, finding_id: str) -> FindingDetail | None:
    row = DiscoveryFinding.select().where(DiscoveryFinding.id == finding_id).dicts().first()
    if row is None:
        return None
    db = vault.database()
    provider = row["provider"]
    name = execute(db, "SELECT display_name FROM providers WHERE id = ?", (provider,)).fetchone()
    keys = [
        r[0]
        for r in execute(
            db, "SELECT key_name FROM secrets WHERE provider_id = ? ORDER BY key_name", (provider,)
        )
    ]
    return FindingDetail(row, name[0] if name else provider, keys)


# ---- triage -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Undo:
    """What a triage changed, to put it back: (id, status, reviewed_at) before the change."""

    previous: tuple[tuple[str, str, str | None], ...]
    to_status: str
    description: str


@dataclass(frozen=True)
class TriageResult:
    changed: int
    undo: Undo


def _chunks(values: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def set_status(
    vault: Vault,
    ids: Sequence[str],
    status: str,
    reason: str | None = None,
    comment: str | None = None,
    seen: Mapping[str, str] | None = None,
) -> TriageResult:
    """Move findings to `status`; the first review stamps reviewed_at. Audited, undoable.
    `seen`: the status each finding had on the person's screen; if another program changed
    or deleted one since, nothing is written (ChangedMeanwhile)."""
    vault.require_writable()
    if status not in FINDING_STATUSES:
        raise ValidationError("user_status", "unknown value")
    if status == "dismissed" and reason not in DISMISS_REASONS:
        raise ValidationError("reason", f"choose one of: {', '.join(DISMISS_REASONS)}")
    db = vault.database()
    now = now_timestamp()
    previous: list[tuple[str, str, str | None]] = []
    with db.atomic("IMMEDIATE"):
        for chunk in _chunks(list(ids)):
            marks = ", ".join("?" for _ in chunk)
            previous += [
                tuple(r)
                for r in execute(
                    db,
                    f"SELECT id, user_status, reviewed_at FROM discovery_findings WHERE id IN "
                    f"({marks}) AND profile_id = ?",
                    (*chunk, vault.profile_id),
                )
            ]
            stamp = "NULL" if status == "new" else "coalesce(reviewed_at, ?)"
            execute(
                db,
                f"UPDATE discovery_findings SET user_status = ?, reviewed_at = {stamp} "
                f"WHERE id IN ({marks}) AND profile_id = ?",
                (status, *([] if status == "new" else [now]), *chunk, vault.profile_id),
            )
        if seen is not None:
            _check_seen(seen, {p[0]: p[1] for p in previous})
        changed = [p for p in previous if p[1] != status]
        audit.record(
            vault.profile_id,
            audit.FINDING_TRIAGED,
            {
                "to": status,
                "count": len(previous),
                "reason": reason,
                "comment": comment,
                "ids": [p[0] for p in previous[:50]],
            },
        )
    done = FindingStatus(status).words.done
    return TriageResult(
        len(changed), Undo(tuple(previous), status, f"{len(previous):,} finding(s) {done}")
    )


def set_status_matching(
    vault: Vault,
    query: FindingQuery,
    status: str,
    reason: str | None,
    comment: str | None,
    confirmed: tuple[int, int | None],
) -> TriageResult:
    """Every finding matching `query` that the person confirmed: (how many they were told,
    the largest rowid that count included). Rows written since are left for them to see;
    if the counted ones no longer all match, nothing is written (ChangedMeanwhile)."""
    expected, through_rowid = confirmed
    with vault.database().atomic("IMMEDIATE"):
        ids = matching_ids(vault, query, through_rowid if through_rowid is not None else 0)
        if len(ids) != expected:
            raise ChangedMeanwhile(
                f"Nothing changed: another program changed the findings since you confirmed "
                f"({plural(len(ids), 'finding matches', 'findings match')} the filter now, "
                f"not {expected:,}). The counts now show them as they are."
            )
        return set_status(vault, ids, status, reason, comment)


def _status_words(status: str) -> str:
    """A status in words; one the schema does not allow (written with its CHECKs off) as it
    was written, shortened."""
    if status in FINDING_STATUSES:
        return FindingStatus(status).words.label.lower()
    return str(status)[:40]


def _check_seen(seen: Mapping[str, str], stored: Mapping[str, str]) -> None:
    """Raise (the transaction then writes nothing) when a finding is not as it was seen."""
    gone = [fid for fid in seen if fid not in stored]
    moved = [fid for fid, status in seen.items() if fid in stored and stored[fid] != status]
    if not gone and not moved:
        return
    parts = []
    if moved:
        now = sorted({_status_words(stored[fid]) for fid in moved})
        parts.append(
            f"{plural(len(moved), 'finding was', 'findings were')} marked {' or '.join(now)}"
        )
    if gone:
        parts.append(f"{plural(len(gone), 'finding was', 'findings were')} deleted")
    raise ChangedMeanwhile(
        f"Nothing changed: another program changed the selection since you looked "
        f"({'; '.join(parts)}). The list now shows them as they are."
    )


def undo(vault: Vault, record: Undo) -> int:
    """Put the findings of `record` back as they were; audited as an undo. A finding another
    program moved since (its status is no longer the one this triage set) is left alone:
    returns how many were put back."""
    vault.require_writable()
    db = vault.database()
    with db.atomic("IMMEDIATE"):
        current = {
            fid
            for chunk in _chunks([p[0] for p in record.previous])
            for (fid,) in sql.rows(
                db,
                f"SELECT id FROM discovery_findings WHERE id IN ({', '.join('?' for _ in chunk)})"
                " AND profile_id = ? AND user_status = ?",
                (*chunk, vault.profile_id, record.to_status),
            )
        }
        ours = [p for p in record.previous if p[0] in current]
        new_cursor(db).executemany(
            "UPDATE discovery_findings SET user_status = ?, reviewed_at = ? "
            "WHERE id = ? AND profile_id = ?",
            [(status, reviewed, fid, vault.profile_id) for fid, status, reviewed in ours],
        )
        audit.record(
            vault.profile_id,
            audit.FINDING_TRIAGED,
            {
                "undo": record.description,
                "count": len(ours),
                "left_alone": len(record.previous) - len(ours),
            },
        )
    return len(ours)


def matching_ids(vault: Vault, query: FindingQuery, through_rowid: int | None = None) -> list[str]:
    """`through_rowid`: none written after it (the rows a count the person read included)."""
    where, params = _filters(vault, query)
    if through_rowid is not None:
        where.append("rowid <= ?")
        params.append(int(through_rowid))
    return [
        r[0]
        for r in execute(
            vault.database(),
            f"SELECT id FROM discovery_findings WHERE {' AND '.join(where)}",
            params,
        )
    ]


def save_notes(vault: Vault, finding_id: str, notes: str | None) -> str | None:
    """Store notes through the model (so they are scrubbed); returns what was stored."""
    vault.require_writable()
    DiscoveryFinding.update(user_notes=notes or None).where(
        DiscoveryFinding.id == finding_id
    ).execute()
    row = (
        DiscoveryFinding.select(DiscoveryFinding.user_notes)
        .where(DiscoveryFinding.id == finding_id)
        .first()
    )
    return row.user_notes if row else None


def delete_dismissed(vault: Vault) -> int:
    vault.require_writable()
    db = vault.database()
    with db.atomic("IMMEDIATE"):
        removed = execute(
            db,
            "DELETE FROM discovery_findings WHERE profile_id = ? AND user_status = 'dismissed'",
            (vault.profile_id,),
        ).rowcount
        audit.record(vault.profile_id, audit.FINDINGS_DELETED, {"count": removed})
    return int(removed)
