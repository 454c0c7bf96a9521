"""Indexes that match the lists' orders and the retention purges.

They are not part of the schema contract (a reader never needs them), so they are created
idempotently whenever a version 2 vault is opened for writing, including vaults that another
program migrated. Adding one here never needs a schema version. The window opens a vault
without waiting for the plain ones and builds them in the background (gui/session.py): every
query is right without them, only slower.
"""

from __future__ import annotations

from peewee import Database

from automation_admin.models.store import sql

PERFORMANCE_INDEXES: dict[str, str] = {
    "dashboard_daily_summaries_date": (
        "CREATE INDEX IF NOT EXISTS dashboard_daily_summaries_date"
        " ON dashboard_daily_summaries (summary_date)"
    ),
    "dashboard_daily_summaries_provider_date": (
        "CREATE INDEX IF NOT EXISTS dashboard_daily_summaries_provider_date"
        " ON dashboard_daily_summaries (provider_id, summary_date)"
    ),
    # Findings triage order, one urgency at a time (see models/findings.py).
    "discovery_findings_triage_status": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_triage_status ON discovery_findings"
        " (user_status, urgency, relevance_score DESC, discovered_at DESC, id DESC)"
    ),
    "discovery_findings_triage": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_triage ON discovery_findings"
        " (urgency, relevance_score DESC, discovered_at DESC, id DESC)"
    ),
    "discovery_findings_status_discovered": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_status_discovered ON discovery_findings"
        " (user_status, discovered_at DESC, id DESC)"
    ),
    # Full-text search over the words a person looks for; kept in step by triggers, so rows
    # written by any program are searchable. detail='none' keeps no word positions (the
    # search needs none) and makes every insert much cheaper.
    "discovery_findings_fts": (
        "CREATE VIRTUAL TABLE IF NOT EXISTS discovery_findings_fts USING fts5("
        "source_title, source_snippet, impact_summary, action_recommendation,"
        " content='discovery_findings', content_rowid='rowid', tokenize='unicode61',"
        " detail='none')"
    ),
    "discovery_findings_fts_insert": (
        "CREATE TRIGGER IF NOT EXISTS discovery_findings_fts_insert AFTER INSERT ON"
        " discovery_findings BEGIN INSERT INTO discovery_findings_fts(rowid, source_title,"
        " source_snippet, impact_summary, action_recommendation) VALUES (new.rowid,"
        " new.source_title, new.source_snippet, new.impact_summary,"
        " new.action_recommendation); END"
    ),
    "discovery_findings_fts_delete": (
        "CREATE TRIGGER IF NOT EXISTS discovery_findings_fts_delete AFTER DELETE ON"
        " discovery_findings BEGIN INSERT INTO discovery_findings_fts(discovery_findings_fts,"
        " rowid, source_title, source_snippet, impact_summary, action_recommendation) VALUES"
        " ('delete', old.rowid, old.source_title, old.source_snippet, old.impact_summary,"
        " old.action_recommendation); END"
    ),
    "discovery_findings_fts_update": (
        "CREATE TRIGGER IF NOT EXISTS discovery_findings_fts_update AFTER UPDATE OF"
        " source_title, source_snippet, impact_summary, action_recommendation ON"
        " discovery_findings BEGIN INSERT INTO discovery_findings_fts(discovery_findings_fts,"
        " rowid, source_title, source_snippet, impact_summary, action_recommendation) VALUES"
        " ('delete', old.rowid, old.source_title, old.source_snippet, old.impact_summary,"
        " old.action_recommendation); INSERT INTO discovery_findings_fts(rowid, source_title,"
        " source_snippet, impact_summary, action_recommendation) VALUES (new.rowid,"
        " new.source_title, new.source_snippet, new.impact_summary,"
        " new.action_recommendation); END"
    ),
    # Findings in every other header order, one status at a time (the chips), the filter
    # columns after the order's so a filter is checked without reading the row; "All"
    # merges the statuses' ranges (models/findings/listing.py). Provider and category break
    # ties by title, which makes them the title order of one provider or category too.
    "discovery_findings_status_provider": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_status_provider ON discovery_findings"
        " (user_status, provider_id, source_title COLLATE NOCASE, discovered_at, urgency,"
        " category, relevance_score)"
    ),
    "discovery_findings_status_category": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_status_category ON discovery_findings"
        " (user_status, category, source_title COLLATE NOCASE, discovered_at, urgency,"
        " provider_id, relevance_score)"
    ),
    "discovery_findings_status_title": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_status_title ON discovery_findings"
        " (user_status, source_title COLLATE NOCASE, discovered_at, urgency, category,"
        " provider_id, relevance_score)"
    ),
    "discovery_findings_status_relevance": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_status_relevance ON discovery_findings"
        " (user_status, relevance_score, discovered_at, urgency, category, provider_id)"
    ),
    "discovery_findings_status_newest": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_status_newest ON discovery_findings"
        " (user_status, discovered_at, urgency, category, provider_id, relevance_score)"
    ),
    "discovery_findings_discovered": (
        "CREATE INDEX IF NOT EXISTS discovery_findings_discovered"
        " ON discovery_findings (discovered_at DESC, id DESC)"
    ),
    "discovery_search_log_searched": (
        "CREATE INDEX IF NOT EXISTS discovery_search_log_searched"
        " ON discovery_search_log (searched_at DESC, id DESC)"
    ),
    "discovery_search_log_provider_searched": (
        "CREATE INDEX IF NOT EXISTS discovery_search_log_provider_searched"
        " ON discovery_search_log (provider_id, searched_at DESC, id DESC)"
    ),
    # A status filter of the search log, alone or with a provider: its rows in order.
    "discovery_search_log_status_searched": (
        "CREATE INDEX IF NOT EXISTS discovery_search_log_status_searched"
        " ON discovery_search_log (status, searched_at DESC, id DESC)"
    ),
    "discovery_search_log_provider_status_searched": (
        "CREATE INDEX IF NOT EXISTS discovery_search_log_provider_status_searched"
        " ON discovery_search_log (provider_id, status, searched_at DESC, id DESC)"
    ),
    "automation_scripts_queue": (
        "CREATE INDEX IF NOT EXISTS automation_scripts_queue"
        " ON automation_scripts (approval_status, created_at, id)"
    ),
    # What the window watches (models/live): the newest change is one seek on each.
    "automation_scripts_updated": (
        "CREATE INDEX IF NOT EXISTS automation_scripts_updated ON automation_scripts (updated_at)"
    ),
    "automation_executions_completed": (
        "CREATE INDEX IF NOT EXISTS automation_executions_completed"
        " ON automation_executions (completed_at)"
    ),
    # The queue with every column it shows: a provider, task or title filter is checked in
    # the index and the table is never read (scripts are few; their entries are small).
    "automation_scripts_queue_filters": (
        "CREATE INDEX IF NOT EXISTS automation_scripts_queue_filters ON automation_scripts"
        " (approval_status, created_at, id, provider_id, task_type, title, version)"
    ),
    "automation_executions_started": (
        "CREATE INDEX IF NOT EXISTS automation_executions_started"
        " ON automation_executions (started_at DESC, id DESC)"
    ),
    # Recommendations inside one project group, best match first.
    "service_recommendations_project_score": (
        "CREATE INDEX IF NOT EXISTS service_recommendations_project_score"
        " ON service_recommendations (project_id, match_score DESC, created_at DESC, id DESC)"
    ),
    "hitl_checkpoints_decided": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_decided"
        " ON hitl_checkpoints (decided_at DESC, id DESC)"
    ),
    # Checkpoints in every other header order (models/checkpoints/listing.py): the column,
    # then decided_at and the type and decision filters, checked inside the index.
    "hitl_checkpoints_type": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_type"
        " ON hitl_checkpoints (checkpoint_type, decided_at, decision)"
    ),
    "hitl_checkpoints_decision": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_decision"
        " ON hitl_checkpoints (decision, decided_at, checkpoint_type)"
    ),
    "hitl_checkpoints_description": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_description ON hitl_checkpoints"
        " (checkpoint_description COLLATE NOCASE, decided_at, checkpoint_type, decision)"
    ),
    "hitl_checkpoints_action": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_action ON hitl_checkpoints"
        " (proposed_action COLLATE NOCASE, decided_at, checkpoint_type, decision)"
    ),
    # Whether a decision has notes, the same expression the list sorts by.
    "hitl_checkpoints_notes": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_notes ON hitl_checkpoints"
        " ((user_notes IS NOT NULL AND user_notes != ''), decided_at, checkpoint_type,"
        " decision)"
    ),
    # Checkpoints by script title: the scripts in that order (covering what the list shows of
    # them, or SQLite prefers reading the table and sorting), then their runs' checkpoints.
    "automation_scripts_title": (
        "CREATE INDEX IF NOT EXISTS automation_scripts_title"
        " ON automation_scripts (title COLLATE NOCASE, id, provider_id)"
    ),
    # The provider order's walk newest first: the run of each entry is at hand, so a
    # checkpoint of another provider is skipped without reading it.
    "hitl_checkpoints_newest": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_newest ON hitl_checkpoints"
        " (decided_at, checkpoint_type, decision, execution_id)"
    ),
    # Decisions per week (the Checkpoints chart): a covering walk instead of a table scan.
    "hitl_checkpoints_week": (
        "CREATE INDEX IF NOT EXISTS hitl_checkpoints_week"
        " ON hitl_checkpoints (decided_at, checkpoint_type, decision)"
    ),
}


def is_sort_index(name: str) -> bool:
    """A plain index (not the search table or its triggers): it only makes lists and purges
    fast, so it may be built after the vault is open (`build_index`)."""
    return PERFORMANCE_INDEXES[name].startswith("CREATE INDEX")


def drop_list_indexes(db: Database) -> list[str]:
    """Drop the plain indexes above (not the search table or its triggers) before filling an
    empty vault in bulk: building each once afterwards (`ensure_indexes`, a sort) costs a
    fraction of keeping it in order row by row. Returns the names dropped."""
    present = {r[0] for r in sql.rows(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    dropped = [name for name in PERFORMANCE_INDEXES if name in present and is_sort_index(name)]
    with db.atomic("IMMEDIATE"):
        for name in dropped:
            sql.run(db, f'DROP INDEX IF EXISTS "{name}"')
    return dropped


def missing_indexes(existing: set[str]) -> list[str]:
    return [name for name in PERFORMANCE_INDEXES if name not in existing]


def ensure_indexes(db: Database, existing: set[str], *, sort_indexes: bool = True) -> list[str]:
    """Create the missing ones in one transaction; returns their names. Without
    `sort_indexes` only the search table and its triggers, which searching needs to be
    right; the plain indexes are then left to `build_index`.

    A search table made after findings already exist is filled from them once ('rebuild').
    """
    missing = [n for n in missing_indexes(existing) if sort_indexes or not is_sort_index(n)]
    if missing:
        with db.atomic("IMMEDIATE"):
            for name in missing:
                sql.run(db, PERFORMANCE_INDEXES[name])
            if "discovery_findings_fts" in missing:
                sql.run(
                    db,
                    "INSERT INTO discovery_findings_fts(discovery_findings_fts) VALUES ('rebuild')",
                )
    return missing


def build_index(db: Database, name: str) -> None:
    """One plain index in its own transaction. All of them take about a minute on a vault of
    a million findings, so the window builds them one per worker job after unlock, and the
    lists' queries run in between."""
    if not is_sort_index(name):
        raise ValueError(f"{name} is not a plain index")
    with db.atomic("IMMEDIATE"):
        sql.run(db, PERFORMANCE_INDEXES[name])
