"""The version 2 schema is exactly the seed's: checked from PRAGMA output, not from our models.

The expectations below are transcribed by hand from
`shared/seed/data-model-automation-extensions.md` (§2, §3.1 to §3.9) and DESIGN §2.
"""

from __future__ import annotations

from typing import Any

import pytest

from automation_admin.models.schema import ALL_MODELS, enums
from automation_admin.models.store.db import DATABASE_ERRORS
from automation_admin.models.store.vault import Vault
from tests.factories import insert, row_for

# column: (declared type, NOT NULL, default as PRAGMA prints it)
T, R, INT = "TEXT", "REAL", "INTEGER"


def req(kind: str, default: str | None = None) -> tuple[str, bool, str | None]:
    return (kind, True, default)


def opt(kind: str, default: str | None = None) -> tuple[str, bool, str | None]:
    return (kind, False, default)


SEED_COLUMNS: dict[str, dict[str, tuple[str, bool, str | None]]] = {
    "dashboard_snapshots": {
        "id": req(T),
        "profile_id": req(T),
        "secret_id": req(T),
        "provider_id": req(T),
        "collected_at": req(T),
        "collection_method": req(T),
        "collection_status": req(T),
        "usage_stats_json": opt(T),
        "config_attributes_json": opt(T),
        "restrictions_json": opt(T),
        "health_status": req(T),
        "service_status": req(T),
        "warnings_json": opt(T),
        "error_message_redacted": opt(T),
    },
    "dashboard_daily_summaries": {
        "id": req(T),
        "profile_id": req(T),
        "secret_id": req(T),
        "provider_id": req(T),
        "summary_date": req(T),
        "avg_usage_percent": opt(R),
        "max_usage_percent": opt(R),
        "total_cost": opt(R),
        "cost_currency": opt(T),
        "health_summary": req(T),
        "collection_success_count": req(INT),
        "collection_failure_count": req(INT),
        # documented extensions (README, data section)
        "usage_sample_count": req(INT, "0"),
        "usage_percent_sum_micro": req(INT, "0"),
        "health_valid_count": req(INT, "0"),
        "health_invalid_count": req(INT, "0"),
        "health_degraded_count": req(INT, "0"),
        "health_outage_count": req(INT, "0"),
        "health_unknown_count": req(INT, "0"),
    },
    "discovery_findings": {
        "id": req(T),
        "profile_id": req(T),
        "provider_id": req(T),
        "discovered_at": req(T),
        "source_url": req(T),
        "source_title": req(T),
        "source_snippet": req(T),
        "category": req(T),
        "impact_summary": req(T),
        "action_recommendation": req(T),
        "urgency": req(T),
        "relevance_score": req(R),
        "user_status": req(T, "'new'"),
        "reviewed_at": opt(T),
        "user_notes": opt(T),
        "created_at": req(T),
    },
    "discovery_search_log": {
        "id": req(T),
        "profile_id": req(T),
        "provider_id": req(T),
        "searched_at": req(T),
        "trigger_type": req(T),
        "queries_executed": req(INT),
        "results_found": req(INT),
        "findings_generated": req(INT),
        "status": req(T),
        "error_message_redacted": opt(T),
    },
    "automation_scripts": {
        "id": req(T),
        "profile_id": req(T),
        "provider_id": req(T),
        "task_type": req(T),
        "title": req(T),
        "description": req(T),
        "script_content": req(T),
        "model_used": req(T),
        "research_data_json": opt(T),
        "plan_data_json": opt(T),
        "approval_status": req(T, "'pending'"),
        "approved_at": opt(T),
        "version": req(INT, "1"),
        "execution_count": req(INT, "0"),
        "last_executed_at": opt(T),
        "last_execution_status": opt(T),
        "auto_approve_repeat": req(INT, "0"),
        "created_at": req(T),
        "updated_at": req(T),
    },
    "automation_executions": {
        "id": req(T),
        "profile_id": req(T),
        "script_id": req(T),
        "started_at": req(T),
        "completed_at": opt(T),
        "status": req(T),
        "checkpoints_reached": req(INT, "0"),
        "checkpoints_approved": req(INT, "0"),
        "checkpoints_rejected": req(INT, "0"),
        "error_message_redacted": opt(T),
        "debug_screenshot_paths_json": opt(T),
        "result_summary_json": opt(T),
    },
    "hitl_checkpoints": {
        "id": req(T),
        "profile_id": req(T),
        "execution_id": req(T),
        "checkpoint_type": req(T),
        "checkpoint_description": req(T),
        "proposed_action": req(T),
        "context_json": req(T),
        "decision": req(T),
        "user_notes": opt(T),
        "decided_at": req(T),
    },
    "provider_selectors": {
        "id": req(T),
        "provider_id": req(T),
        "data_type": req(T),
        "selector_type": req(T),
        "selector_value": req(T),
        "verified_at": opt(T),
        "verification_status": req(T, "'unverified'"),
        "version": req(INT, "1"),
        "created_at": req(T),
        "updated_at": req(T),
    },
    "service_recommendations": {
        "id": req(T),
        "profile_id": req(T),
        "project_id": opt(T),
        "requirement_text": req(T),
        "capability_needed": req(T),
        "recommended_provider_id": opt(T),
        "recommended_service_name": req(T),
        "rationale": req(T),
        "pricing_summary": opt(T),
        "free_tier_available": opt(INT),
        "documentation_url": opt(T),
        "match_score": req(R),
        "user_status": req(T, "'new'"),
        "created_at": req(T),
    },
}

# §2.1 and §2.2 additions, then DESIGN §2's retention extensions.
SEED_ADDED_COLUMNS = {
    "profile_settings": {
        "autonomous_mode_enabled": req(INT, "0"),
        "discovery_network_enabled": req(INT, "0"),
        "discovery_schedule_hour": req(INT, "3"),
        "dashboard_refresh_interval_seconds": req(INT, "3600"),
        "dashboard_quiet_hours_start": opt(INT),
        "dashboard_quiet_hours_end": opt(INT),
        "automation_max_retries": req(INT, "3"),
        "discovery_retention_days": req(INT, "90"),
        "snapshots_kept_per_secret": req(INT, "24"),
        "summary_retention_days": req(INT, "365"),
        "search_log_retention_days": req(INT, "30"),
        "execution_retention_days": req(INT, "90"),
        "checkpoint_retention_days": req(INT, "90"),
        "screenshot_retention_days": req(INT, "7"),
    },
    "providers": {
        "dashboard_url": opt(T),
        "api_base_url": opt(T),
        "dashboard_supported": req(INT, "0"),
        "discovery_enabled": req(INT, "1"),
    },
}

# (table, [(column, descending)], unique) exactly as the seed lists them.
SEED_INDEXES = [
    ("dashboard_snapshots", [("secret_id", False), ("collected_at", True)], False),
    ("dashboard_snapshots", [("profile_id", False), ("collected_at", True)], False),
    ("dashboard_daily_summaries", [("secret_id", False), ("summary_date", False)], True),
    (
        "discovery_findings",
        [("profile_id", False), ("provider_id", False), ("discovered_at", True)],
        False,
    ),
    (
        "discovery_findings",
        [("profile_id", False), ("user_status", False), ("urgency", False)],
        False,
    ),
    (
        "discovery_search_log",
        [("profile_id", False), ("provider_id", False), ("searched_at", True)],
        False,
    ),
    (
        "automation_scripts",
        [("profile_id", False), ("provider_id", False), ("task_type", False)],
        False,
    ),
    ("automation_scripts", [("profile_id", False), ("approval_status", False)], False),
    ("automation_executions", [("script_id", False), ("started_at", True)], False),
    ("hitl_checkpoints", [("execution_id", False), ("decided_at", False)], False),
    (
        "provider_selectors",
        [("provider_id", False), ("data_type", False), ("version", False)],
        True,
    ),
    (
        "service_recommendations",
        [("profile_id", False), ("project_id", False), ("user_status", False)],
        False,
    ),
]

SEED_ENUMS = {
    ("dashboard_snapshots", "collection_method"): ("api", "scrape", "cached"),
    ("dashboard_snapshots", "collection_status"): ("success", "partial", "failed"),
    ("dashboard_snapshots", "health_status"): ("valid", "invalid", "degraded", "outage", "unknown"),
    ("dashboard_snapshots", "service_status"): ("operational", "degraded", "outage", "unknown"),
    ("dashboard_daily_summaries", "health_summary"): (
        "valid",
        "invalid",
        "degraded",
        "outage",
        "unknown",
    ),
    ("discovery_findings", "category"): (
        "capability_change",
        "pricing_update",
        "deprecation",
        "security_advisory",
        "new_alternative",
        "service_modification",
    ),
    ("discovery_findings", "urgency"): ("informational", "advisory", "action_needed", "critical"),
    ("discovery_findings", "user_status"): ("new", "reviewed", "dismissed", "actioned"),
    ("discovery_search_log", "trigger_type"): ("scheduled", "on_demand", "launch_catchup"),
    ("discovery_search_log", "status"): ("success", "partial", "failed"),
    ("automation_scripts", "task_type"): (
        "account_creation",
        "payment_config",
        "billing_restriction",
        "api_key_management",
        "dashboard_scrape",
        "custom",
    ),
    ("automation_scripts", "approval_status"): ("pending", "approved", "rejected"),
    ("automation_scripts", "last_execution_status"): ("success", "failure", "aborted"),
    ("automation_executions", "status"): (
        "running",
        "success",
        "failure",
        "aborted",
        "paused_at_checkpoint",
    ),
    ("hitl_checkpoints", "checkpoint_type"): (
        "financial",
        "account",
        "irreversible",
        "api_key",
        "billing",
        "script_review",
    ),
    ("hitl_checkpoints", "decision"): ("approved", "rejected", "modified"),
    ("provider_selectors", "selector_type"): ("css", "xpath", "json_path"),
    ("provider_selectors", "verification_status"): ("verified", "unverified", "broken"),
    ("service_recommendations", "user_status"): ("new", "accepted", "rejected"),
}

SEED_BOOLS = [
    ("automation_scripts", "auto_approve_repeat"),
    ("service_recommendations", "free_tier_available"),
]

SEED_FOREIGN_KEYS = {
    ("dashboard_snapshots", "secret_id"): "secrets",
    ("dashboard_snapshots", "provider_id"): "providers",
    ("dashboard_daily_summaries", "secret_id"): "secrets",
    ("dashboard_daily_summaries", "provider_id"): "providers",
    ("discovery_findings", "provider_id"): "providers",
    ("discovery_search_log", "provider_id"): "providers",
    ("automation_scripts", "provider_id"): "providers",
    ("automation_executions", "script_id"): "automation_scripts",
    ("hitl_checkpoints", "execution_id"): "automation_executions",
    ("provider_selectors", "provider_id"): "providers",
    ("service_recommendations", "project_id"): "projects",
    ("service_recommendations", "recommended_provider_id"): "providers",
}


def table_info(vault: Vault, table: str) -> dict[str, tuple[str, bool, str | None]]:
    rows = vault.database().execute_sql(f"PRAGMA table_info({table})").fetchall()
    return {r[1]: (r[2], bool(r[3]), r[4]) for r in rows}


def index_shapes(vault: Vault, table: str) -> list[tuple[list[tuple[str, bool]], bool]]:
    db = vault.database()
    shapes = []
    for _, name, unique, *_ in db.execute_sql(f"PRAGMA index_list({table})").fetchall():
        cols = [
            (r[2], bool(r[3]))
            for r in db.execute_sql(f"PRAGMA index_xinfo({name})").fetchall()
            if r[5]
        ]
        shapes.append((cols, bool(unique)))
    return shapes


@pytest.mark.parametrize("table", sorted(SEED_COLUMNS))
def test_every_seed_column_with_type_nullability_and_default(vault: Vault, table: str) -> None:
    assert table_info(vault, table) == SEED_COLUMNS[table]


@pytest.mark.parametrize("table", sorted(SEED_ADDED_COLUMNS))
def test_columns_added_to_base_tables(vault: Vault, table: str) -> None:
    info = table_info(vault, table)
    for column, expected in SEED_ADDED_COLUMNS[table].items():
        assert info[column] == expected, column


@pytest.mark.parametrize(("table", "columns", "unique"), SEED_INDEXES)
def test_every_seed_index_in_column_order_and_direction(
    vault: Vault, table: str, columns: list[tuple[str, bool]], unique: bool
) -> None:
    assert (columns, unique) in index_shapes(vault, table)


@pytest.mark.parametrize(("table", "column"), sorted(SEED_FOREIGN_KEYS))
def test_foreign_keys_declared(vault: Vault, table: str, column: str) -> None:
    fks = vault.database().execute_sql(f"PRAGMA foreign_key_list({table})").fetchall()
    assert (column, SEED_FOREIGN_KEYS[(table, column)]) in {(r[3], r[2]) for r in fks}


def test_profile_id_refers_to_the_profile(vault: Vault) -> None:
    for table in SEED_COLUMNS:
        if "profile_id" in SEED_COLUMNS[table]:
            fks = vault.database().execute_sql(f"PRAGMA foreign_key_list({table})").fetchall()
            assert ("profile_id", "profile_settings") in {(r[3], r[2]) for r in fks}, table


def _accepts(vault: Vault, table: str, row: dict[str, Any]) -> bool:
    db = vault.database()
    try:
        with db.atomic() as txn:
            insert(vault, table, row)
            txn.rollback()
    except DATABASE_ERRORS:
        return False
    return True


@pytest.mark.parametrize(("table", "column"), sorted(SEED_ENUMS))
def test_enums_enforced_by_sqlite_itself(vault: Vault, table: str, column: str) -> None:
    for value in SEED_ENUMS[(table, column)]:
        assert _accepts(vault, table, row_for(vault, table) | {column: value}), value
    assert not _accepts(vault, table, row_for(vault, table) | {column: "bogus"})
    assert not _accepts(vault, table, row_for(vault, table) | {column: "Approved"})


@pytest.mark.parametrize(("table", "column"), SEED_BOOLS)
def test_bools_enforced(vault: Vault, table: str, column: str) -> None:
    assert _accepts(vault, table, row_for(vault, table) | {column: 1})
    assert not _accepts(vault, table, row_for(vault, table) | {column: 2})


@pytest.mark.parametrize("table", sorted(SEED_COLUMNS))
def test_not_null_columns_refuse_null(vault: Vault, table: str) -> None:
    for column, (_, notnull, _default) in SEED_COLUMNS[table].items():
        if notnull and column != "id":
            assert not _accepts(vault, table, row_for(vault, table) | {column: None}), column


def test_timestamps_must_be_the_contract_format(vault: Vault) -> None:
    row = row_for(vault, "discovery_findings")
    assert not _accepts(vault, "discovery_findings", row | {"discovered_at": "2026-11-01 10:00"})
    assert not _accepts(
        vault, "discovery_findings", row | {"discovered_at": "2026-11-01T10:00:00.123Z"}
    )
    assert _accepts(vault, "discovery_findings", row)


def test_scores_are_bounded(vault: Vault) -> None:
    row = row_for(vault, "discovery_findings")
    assert not _accepts(vault, "discovery_findings", row | {"relevance_score": 1.5})
    assert not _accepts(vault, "discovery_findings", row | {"relevance_score": -0.1})


def test_python_enum_lists_match_the_seed() -> None:
    assert SEED_ENUMS[("discovery_findings", "urgency")] == enums.URGENCIES
    assert SEED_ENUMS[("automation_scripts", "task_type")] == enums.TASK_TYPES
    assert SEED_ENUMS[("hitl_checkpoints", "checkpoint_type")] == enums.CHECKPOINT_TYPES


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m._meta.table_name)
def test_models_match_the_migrated_schema(vault: Vault, model: Any) -> None:
    """Migrations are literal SQL; the Peewee models must describe the same columns."""
    info = table_info(vault, model._meta.table_name)
    fields = {f.column_name: f for f in model._meta.sorted_fields}
    assert set(fields) == set(info)
    for name, field in fields.items():
        _, notnull, default = info[name]
        assert notnull == (not field.null), name
        if default is not None and field.default is not None:
            value = field.db_value(field.default)
            value = int(value) if isinstance(value, bool) else value
            assert str(value) == default.strip("'"), name
        values = getattr(field, "values", None)
        if values is not None and (model._meta.table_name, name) in SEED_ENUMS:
            assert values == SEED_ENUMS[(model._meta.table_name, name)]


def test_generic_provider_row_exists(vault_v1: Vault) -> None:
    row = (
        vault_v1.database()
        .execute_sql("SELECT display_name FROM providers WHERE id = 'generic'")
        .fetchone()
    )
    assert row == ("Unassigned",)
