"""Retention (seed §5.3, DESIGN §2): fold old snapshots, purge by age, expire screenshots.

Work is done in bounded transactions (one secret's fold, or one chunk of a purge), so a
large vault never holds the write lock for long and a kill between them loses nothing.
Running it twice in a row changes nothing the second time.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from automation_admin.models.dashboard.summaries import fold_snapshots
from automation_admin.models.security import redaction
from automation_admin.models.settings.store import RetentionSettings
from automation_admin.models.store import audit
from automation_admin.models.store.sql import count as count_rows
from automation_admin.models.store.sql import execute
from automation_admin.models.store.sql import run as sql_run
from automation_admin.models.store.timeutil import days_before, format_timestamp, utc_now
from automation_admin.models.store.vault import Vault

PURGE_CHUNK = 2000
FOLD_CHUNK_ROWS = 10_000
# Which rows of each table are old: (table, timestamp column, settings attribute).
# Decisions go by their own policy before runs go by theirs, and a run keeps every decision
# still inside its policy: a run past its retention stays while a decision refers to it
# (counted in `kept`), so neither policy cuts the other short and nothing is removed by
# ON DELETE CASCADE behind the report's back.
PURGES: tuple[tuple[str, str, str], ...] = (
    ("dashboard_daily_summaries", "summary_date", "summary_retention_days"),
    ("discovery_findings", "discovered_at", "discovery_retention_days"),
    ("discovery_search_log", "searched_at", "search_log_retention_days"),
    ("hitl_checkpoints", "decided_at", "checkpoint_retention_days"),
    ("automation_executions", "started_at", "execution_retention_days"),
)
# Rows past their age that stay, and why (the condition a purged row must also meet).
KEEP_WHEN: dict[str, str] = {
    "automation_executions": (
        "NOT EXISTS (SELECT 1 FROM hitl_checkpoints c WHERE c.execution_id = {table}.id)"
    ),
}
# The newest snapshot that is kept; everything strictly older than it is folded.
_KEPT_BOUNDARY = (
    "SELECT collected_at, id FROM dashboard_snapshots WHERE secret_id = ? "
    "ORDER BY collected_at DESC, id DESC LIMIT 1 OFFSET ?"
)
_OLDER_THAN_BOUNDARY = "secret_id = ? AND (collected_at, id) < (?, ?)"


@dataclass
class RetentionReport:
    now: str
    snapshots_folded: int = 0
    summary_days_written: int = 0
    purged: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)  # past their age, kept (KEEP_WHEN)
    files_removed: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.snapshots_folded or any(self.purged.values()) or self.files_removed)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        purged = sum(self.purged.values())
        kept = self.kept.get("automation_executions", 0)
        kept_words = f", kept {kept} old runs for their decisions" if kept else ""
        return (
            f"Retention: folded {self.snapshots_folded} snapshots into "
            f"{self.summary_days_written} daily summaries, purged {purged} old rows"
            f"{kept_words}, removed {self.files_removed} screenshots."
        )


def run_retention(vault: Vault, now: datetime | None = None) -> RetentionReport:
    vault.require_writable()
    vault.require_automation()
    started = time.perf_counter()
    redaction.invalidate()  # learn secrets other programs added since unlock
    now = now or utc_now()
    settings = RetentionSettings.load(vault)
    report = RetentionReport(now=format_timestamp(now))
    _fold_old_snapshots(vault, settings.snapshots_kept_per_secret, report)
    for table, column, attribute in PURGES:
        cutoff = days_before(now, getattr(settings, attribute))
        bound = cutoff.date().isoformat() if column == "summary_date" else format_timestamp(cutoff)
        report.purged[table] = _purge_older(vault, table, column, bound, KEEP_WHEN.get(table))
        if table in KEEP_WHEN:
            report.kept[table] = _count_older(vault, table, column, bound)
    report.purged["audit_events"] = _purge_audit(vault, settings, now)
    report.files_removed = _expire_screenshots(
        vault.layout.screenshots_dir(vault.profile_id),
        days_before(now, settings.screenshot_retention_days),
    )
    report.seconds = round(time.perf_counter() - started, 3)
    if report.changed:
        audit.record(vault.profile_id, audit.RETENTION_RUN, report.to_json())
    return report


def _fold_old_snapshots(vault: Vault, keep: int, report: RetentionReport) -> None:
    """Fold per secret, several secrets to a transaction up to FOLD_CHUNK_ROWS rows.

    Each transaction stays short, and one commit per chunk rather than per secret spares
    rewriting the index pages that all secrets share.
    """
    db = vault.database()
    pending = [
        (r[0], r[1] - keep)
        for r in execute(
            db,
            "SELECT secret_id, count(*) FROM dashboard_snapshots GROUP BY secret_id "
            "HAVING count(*) > ?",
            (keep,),
        ).fetchall()
    ]
    while pending:
        chunk: list[str] = []
        rows = 0
        while pending and (not chunk or rows + pending[0][1] <= FOLD_CHUNK_ROWS):
            secret_id, excess = pending.pop(0)
            chunk.append(secret_id)
            rows += excess
        with db.atomic("IMMEDIATE"):
            for secret_id in chunk:
                boundary = execute(db, _KEPT_BOUNDARY, (secret_id, keep - 1)).fetchone()
                if boundary is None:
                    continue
                result = fold_snapshots(db, _OLDER_THAN_BOUNDARY, (secret_id, *boundary))
                report.snapshots_folded += result.snapshots
                report.summary_days_written += result.days


def _purge_older(
    vault: Vault, table: str, column: str, bound: str, unless_kept: str | None = None
) -> int:
    db = vault.database()
    total = 0
    extra = f" AND {unless_kept.format(table=table)}" if unless_kept else ""
    sql = (
        f"DELETE FROM {table} WHERE rowid IN "
        f"(SELECT rowid FROM {table} WHERE {column} < ?{extra} LIMIT {PURGE_CHUNK})"
    )
    while True:
        with db.atomic("IMMEDIATE"):
            deleted = sql_run(db, sql, (bound,))
        total += deleted
        if deleted < PURGE_CHUNK:
            return total


def _count_older(vault: Vault, table: str, column: str, bound: str) -> int:
    query = f"SELECT count(*) FROM {table} WHERE {column} < ?"
    return count_rows(vault.database(), query, (bound,))


def _purge_audit(vault: Vault, settings: RetentionSettings, now: datetime) -> int:
    removed = 0
    if settings.audit_retention_max_days:
        bound = format_timestamp(days_before(now, settings.audit_retention_max_days))
        removed += _purge_older(vault, "audit_events", "created_at", bound)
    if settings.audit_retention_max_count:
        db = vault.database()
        with db.atomic("IMMEDIATE"):
            removed += execute(
                db,
                "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events "
                "ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?)",
                (settings.audit_retention_max_count,),
            ).rowcount
    return removed


def _expire_screenshots(folder: Path, cutoff: datetime) -> int:
    if not folder.is_dir():
        return 0
    limit = cutoff.timestamp()
    removed = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_mtime < limit:
            try:
                path.unlink()
                removed += 1
            except OSError:
                continue  # a file in use is tried again next run
    return removed
