"""Indexes that match the lists' orders and the retention purges.

They are not part of the schema contract (a reader never needs them), so they are created
idempotently whenever a version 2 vault is opened for writing, including vaults that another
program migrated. Adding one here never needs a schema version.
"""

from __future__ import annotations

from peewee import Database

PERFORMANCE_INDEXES: dict[str, str] = {
    "dashboard_daily_summaries_date": (
        "CREATE INDEX IF NOT EXISTS dashboard_daily_summaries_date"
        " ON dashboard_daily_summaries (summary_date)"
    ),
    "dashboard_daily_summaries_provider_date": (
        "CREATE INDEX IF NOT EXISTS dashboard_daily_summaries_provider_date"
        " ON dashboard_daily_summaries (provider_id, summary_date)"
    ),
    "discovery_findings_discovered": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_discovered"
        " ON discovery_findings (discovered_at DESC, id DESC)"
    ),
    "discovery_search_log_searched": (
        "CREATE INDEX IF NOT EXISTS discovery_search_log_searched"
        " ON discovery_search_log (searched_at DESC, id DESC)"
    ),
    "automation_executions_started": (
        "CREATE INDEX IF NOT EXISTS automation_executions_started"
        " ON automation_executions (started_at DESC, id DESC)"
    ),
    "hitl_checkpoints_decided": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_decided"
        " ON hitl_checkpoints (decided_at DESC, id DESC)"
    ),
}


def missing_indexes(existing: set[str]) -> list[str]:
    return [name for name in PERFORMANCE_INDEXES if name not in existing]


def ensure_indexes(db: Database, existing: set[str]) -> list[str]:
    """Create the missing ones in one transaction; returns their names."""
    missing = missing_indexes(existing)
    if missing:
        with db.atomic("IMMEDIATE"):
            for name in missing:
                db.execute_sql(PERFORMANCE_INDEXES[name])
    return missing
