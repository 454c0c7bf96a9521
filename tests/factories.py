"""Valid rows for every vault table, inserted with raw SQL so tests can probe the schema itself."""

from __future__ import annotations

from typing import Any

from automation_admin.models.security import redaction
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.vault import Vault

TS = "2026-11-01T10:00:00Z"


def insert(vault: Vault, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    vault.database().execute_sql(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values())
    )


def make_secret(vault: Vault) -> str:
    sid = uuid7()
    insert(
        vault,
        "secrets",
        {
            "id": sid,
            "profile_id": vault.profile_id,
            "provider_id": "generic",
            "key_name": f"KEY_{sid[-6:]}",
            "secret_value_enc": vault.require_key().encrypt_secret("sk-test-value", sid),
            "created_at": TS,
            "updated_at": TS,
        },
    )
    redaction.invalidate()  # raw SQL, as another program would write it
    return sid


def make_project(vault: Vault) -> str:
    pid = uuid7()
    insert(
        vault,
        "projects",
        {
            "id": pid,
            "profile_id": vault.profile_id,
            "root_path": "/home/me/app",
            "display_name": "App",
            "created_at": TS,
            "updated_at": TS,
        },
    )
    return pid


# Rows without their ids and parents, for building other rows and JSON Lines for ingest.
FINDING: dict[str, Any] = {
    "provider_id": "generic",
    "discovered_at": TS,
    "source_url": "https://example.com/post",
    "source_title": "Title",
    "source_snippet": "Snippet",
    "category": "deprecation",
    "impact_summary": "Impact",
    "action_recommendation": "Act",
    "urgency": "advisory",
    "relevance_score": 0.5,
    "created_at": TS,
}
CHECKPOINT: dict[str, Any] = {
    "checkpoint_type": "financial",
    "checkpoint_description": "Pay",
    "proposed_action": "Click pay",
    "context_json": "{}",
    "decision": "approved",
    "decided_at": TS,
}


def row_for(vault: Vault, table: str) -> dict[str, Any]:
    """A complete valid row for `table`; parents it needs are inserted first."""
    p = vault.profile_id
    base: dict[str, Any] = {"id": uuid7(), "profile_id": p}
    if table == "dashboard_snapshots":
        return base | {
            "secret_id": make_secret(vault),
            "provider_id": "generic",
            "collected_at": TS,
            "collection_method": "api",
            "collection_status": "success",
            "health_status": "valid",
            "service_status": "operational",
        }
    if table == "dashboard_daily_summaries":
        return base | {
            "secret_id": make_secret(vault),
            "provider_id": "generic",
            "summary_date": "2026-11-01",
            "health_summary": "valid",
            "collection_success_count": 1,
            "collection_failure_count": 0,
        }
    if table == "discovery_findings":
        return base | FINDING
    if table == "discovery_search_log":
        return base | {
            "provider_id": "generic",
            "searched_at": TS,
            "trigger_type": "scheduled",
            "queries_executed": 3,
            "results_found": 2,
            "findings_generated": 1,
            "status": "success",
        }
    if table == "automation_scripts":
        return base | {
            "provider_id": "generic",
            "task_type": "custom",
            "title": "Script",
            "description": "Does things",
            "script_content": "print('{{API_KEY}}')",
            "model_used": "model-x",
            "created_at": TS,
            "updated_at": TS,
        }
    if table == "automation_executions":
        script = row_for(vault, "automation_scripts")
        insert(vault, "automation_scripts", script)
        return base | {"script_id": script["id"], "started_at": TS, "status": "running"}
    if table == "hitl_checkpoints":
        execution = row_for(vault, "automation_executions")
        insert(vault, "automation_executions", execution)
        return base | CHECKPOINT | {"execution_id": execution["id"]}
    if table == "provider_selectors":
        return {
            "id": uuid7(),
            "provider_id": "generic",
            "data_type": f"usage_{uuid7()[-6:]}",
            "selector_type": "css",
            "selector_value": "#usage",
            "created_at": TS,
            "updated_at": TS,
        }
    if table == "service_recommendations":
        return base | {
            "project_id": make_project(vault),
            "requirement_text": "Send email",
            "capability_needed": "email",
            "recommended_service_name": "SendGrid",
            "rationale": "Reliable",
            "match_score": 0.7,
            "created_at": TS,
        }
    raise KeyError(table)
