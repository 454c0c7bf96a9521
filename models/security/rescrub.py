"""Re-scrub what is stored: rows another program wrote with a vault value in clear.

Runs at unlock (in the background on the worker, one chunk per job so views interleave) and
with `automation-admin redact`. Each table is read in rowid order past the mask, one chunk
at a time with no lock held; a row holding a vault value in clear (or behind JSON escapes)
is read again and rewritten inside a short IMMEDIATE transaction, every guarded column
passing the write policy again. Rewritten findings update the full-text index through its
triggers; the index is then merged (`optimize`) so the old terms leave its shadow tables,
and `secure_delete` zeroes the freed cells. One audit event tells the counts, nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from automation_admin.models.migrations import LATEST_VERSION
from automation_admin.models.schema import model_for_table, tables_for_version
from automation_admin.models.security import read_mask, redaction
from automation_admin.models.security.matcher import VaultMatcher
from automation_admin.models.store import audit, write_policy
from automation_admin.models.store.sql import execute
from automation_admin.models.store.vault import Vault

CHUNK_ROWS = 5000
FTS_TABLE = "discovery_findings_fts"
FTS_CONTENT = "discovery_findings"


@dataclass
class RescrubReport:
    checked: int = 0
    rewritten: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.rewritten.values())

    def summary(self) -> str:
        if not self.rows:
            return f"Redaction: {self.checked:,} rows checked, none held a secret value."
        tables = ", ".join(f"{t} {n:,}" for t, n in sorted(self.rewritten.items()))
        return (
            f"Redaction: {self.checked:,} rows checked, {self.rows:,} rewritten "
            f"to remove secret values ({tables})."
        )


@dataclass
class RescrubState:
    """Where a re-scrub is: the worker advances it one chunk per `step`."""

    tables: list[tuple[str, list[tuple[str, str]]]]
    index: int = 0
    after_rowid: int = -(2**63)
    report: RescrubReport = field(default_factory=RescrubReport)
    started: float = field(default_factory=time.perf_counter)

    @property
    def done(self) -> bool:
        return self.index >= len(self.tables)


def start(vault: Vault) -> RescrubState:
    """A re-scrub of every table this vault has (nothing to do when it keeps no secret)."""
    vault.require_writable()
    redaction.invalidate()  # learn secrets other programs added since unlock
    tables = []
    if redaction.active().matcher is not None:
        for table in tables_for_version(min(vault.schema_version, LATEST_VERSION)):
            guarded = _guarded_columns(vault, table)
            if guarded:
                tables.append((table, guarded))
    return RescrubState(tables)


def rewrite_table(vault: Vault, table: str) -> int:
    """Check one table now (inside the caller's transaction); returns the rows rewritten."""
    state = RescrubState([(table, _guarded_columns(vault, table))])
    while not state.done:
        step(vault, state)
    return state.report.rows


def _guarded_columns(vault: Vault, table: str) -> list[tuple[str, str]]:
    rules = write_policy.rules_of(model_for_table(table))
    present = vault.column_names(table)
    return [(c, rules.get(c, "text")) for c in present if rules.get(c, "text") != "none"]


def step(vault: Vault, state: RescrubState, rows: int = CHUNK_ROWS) -> RescrubState:
    """Check (and rewrite where needed) the next chunk of rows; returns the state."""
    if state.done:
        return state
    matcher = read_mask.current()
    table, columns = state.tables[state.index]
    names = ", ".join(f'"{c}"' for c, _ in columns)
    db = vault.database()
    chunk = (
        read_mask.raw_cursor(db)
        .execute(
            f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT ?',
            (state.after_rowid, rows),
        )
        .fetchall()
    )
    if matcher is not None:
        flagged = [row[0] for row in chunk if _holds(row[1:], matcher)]
        if flagged:
            count = _rewrite(vault, table, columns, flagged, matcher)
            if count:
                state.report.rewritten[table] = state.report.rewritten.get(table, 0) + count
    state.report.checked += len(chunk)
    if len(chunk) < rows:
        state.index += 1
        state.after_rowid = -(2**63)
    else:
        state.after_rowid = chunk[-1][0]
    return state


def finish(vault: Vault, state: RescrubState) -> RescrubReport:
    """Merge the full-text index if findings were rewritten, and audit the counts."""
    report = state.report
    if report.rewritten.get(FTS_CONTENT):
        db = vault.database()
        exists = execute(db, "SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone()
        if exists:
            with _secure_delete(vault), db.atomic("IMMEDIATE"):
                execute(db, f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")
    report.seconds = round(time.perf_counter() - state.started, 3)
    if report.rows:
        audit.record(
            vault.profile_id,
            audit.REDACTION_RESCRUB,
            {"rows_checked": report.checked, "rows_rewritten": dict(report.rewritten)},
        )
    return report


def rescrub(vault: Vault) -> RescrubReport:
    """The whole re-scrub at once (the `redact` command)."""
    state = start(vault)
    while not state.done:
        step(vault, state)
    return finish(vault, state)


def _holds(values: tuple[Any, ...], matcher: VaultMatcher) -> bool:
    texts = [v for v in values if v.__class__ is str]
    if texts:
        joined = "\x00".join(texts)
        if matcher.holds(joined):
            return True
        if "\\" in joined and any(read_mask.holds(t, matcher) for t in texts):
            return True
    return any(matcher.holds_bytes(v) for v in values if v.__class__ is bytes)


def _clean(rule: str, value: Any, matcher: VaultMatcher) -> Any:
    """A stored value made safe: the vault's values masked (escapes included), then the
    column's write rule (a script keeps its text, minus the values)."""
    if value.__class__ is bytes:
        return matcher.mask_bytes(value)
    if value.__class__ is not str:
        return value
    text = read_mask.mask_text(value, matcher)
    redactor = redaction.active()
    if rule == "text":
        return redactor.scrub_text(text)
    if rule == "json":
        return redactor.scrub_json_text(text)  # too deep: scrubbed as plain text
    return text


def _rewrite(
    vault: Vault,
    table: str,
    columns: list[tuple[str, str]],
    rowids: list[int],
    matcher: VaultMatcher,
) -> int:
    db = vault.database()
    names = ", ".join(f'"{c}"' for c, _ in columns)
    rewritten = 0
    with _secure_delete(vault), db.atomic("IMMEDIATE"):
        cursor = read_mask.raw_cursor(db)
        for rowid in rowids:
            row = cursor.execute(
                f'SELECT {names} FROM "{table}" WHERE rowid = ?', (rowid,)
            ).fetchone()
            if row is None or not _holds(row, matcher):
                continue  # deleted or rewritten meanwhile
            changes = {}
            for (column, rule), value in zip(columns, row, strict=True):
                if value is None:
                    continue
                cleaned = _clean(rule, value, matcher)
                if cleaned != value:
                    changes[column] = cleaned
            if changes:
                sets = ", ".join(f'"{c}" = ?' for c in changes)
                execute(
                    db, f'UPDATE "{table}" SET {sets} WHERE rowid = ?', (*changes.values(), rowid)
                )
                rewritten += 1
    return rewritten


@contextmanager
def _secure_delete(vault: Vault) -> Iterator[None]:
    """`PRAGMA secure_delete` on for the block: freed cells are zeroed, not left behind."""
    db = vault.database()
    saved = int(execute(db, "PRAGMA secure_delete").fetchone()[0])
    execute(db, "PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        execute(db, f"PRAGMA secure_delete = {saved}")
