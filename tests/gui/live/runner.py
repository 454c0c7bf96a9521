"""The automation runner, as the tests play it: another process's SQLCipher connection that
writes findings, script versions, runs and snapshots while the window is open."""

from __future__ import annotations

from typing import Any

from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.timeutil import now_timestamp
from tests.raw_vault import committing, insert_row

# One transaction of the runner, committed when the block ends.
runner = committing


def profile_id(raw: Any) -> str:
    return str(raw.execute("SELECT profile_id FROM profile_settings").fetchone()[0])


def add_finding(raw: Any, provider: str, title: str, urgency: str = "critical") -> str:
    fid = uuid7()
    now = now_timestamp()
    insert_row(
        raw,
        "discovery_findings",
        {
            "id": fid,
            "profile_id": profile_id(raw),
            "provider_id": provider,
            "discovered_at": now,
            "source_url": "https://status.example.com/advisory",
            "source_title": title,
            "source_snippet": "Rotate affected keys.",
            "category": "security_advisory",
            "impact_summary": "Keys of this provider may be exposed.",
            "action_recommendation": "Rotate the key.",
            "urgency": urgency,
            "relevance_score": 0.999,
            "created_at": now,
        },
    )
    return fid


def add_script_version(raw: Any, script_id: str) -> str:
    """The runner's next version of a script, waiting for approval."""
    sid = uuid7()
    now = now_timestamp()
    raw.execute(
        "INSERT INTO automation_scripts (id, profile_id, provider_id, task_type, title, "
        "description, script_content, model_used, version, created_at, updated_at) "
        "SELECT ?, profile_id, provider_id, task_type, title, description, "
        "script_content || '\n# retried with a longer wait\n', model_used, "
        "(SELECT max(version) FROM automation_scripts s WHERE s.title = a.title "
        "AND s.provider_id = a.provider_id AND s.task_type = a.task_type) + 1, ?, ? "
        "FROM automation_scripts a WHERE id = ?",
        (sid, now, now, script_id),
    )
    return sid


def add_snapshot(raw: Any, secret_id: str, health: str) -> str:
    snap = uuid7()
    provider = raw.execute("SELECT provider_id FROM secrets WHERE id = ?", (secret_id,))
    insert_row(
        raw,
        "dashboard_snapshots",
        {
            "id": snap,
            "profile_id": profile_id(raw),
            "secret_id": secret_id,
            "provider_id": provider.fetchone()[0],
            "collected_at": now_timestamp(),
            "collection_method": "api",
            "collection_status": "success",
            "health_status": health,
            "service_status": "operational",
        },
    )
    return snap
