"""Since you last unlocked: counts of what was written after a moment, by kind."""

from __future__ import annotations

from automation_admin.models.live.since import since_summary
from automation_admin.models.store import audit
from automation_admin.models.store.vault import Vault
from tests.factories import insert, row_for

BEFORE, LOCKED, AFTER = "2026-11-01T08:00:00Z", "2026-11-01T11:00:00Z", "2026-11-01T12:00:00Z"


def test_counts_only_what_came_after_the_lock(vault: Vault) -> None:
    for at, urgency in ((BEFORE, "critical"), (AFTER, "critical"), (AFTER, "advisory")):
        row = row_for(vault, "discovery_findings")
        insert(vault, "discovery_findings", row | {"discovered_at": at, "urgency": urgency})
    for at, status in ((BEFORE, "pending"), (AFTER, "pending"), (AFTER, "approved")):
        row = row_for(vault, "automation_scripts")
        insert(vault, "automation_scripts", row | {"created_at": at, "approval_status": status})
    audit.record(vault.profile_id, audit.SCRIPT_APPROVED, {"script": "s"}, at=AFTER)
    audit.record(vault.profile_id, audit.SCRIPT_REJECTED, {"script": "s"}, at=BEFORE)
    run = row_for(vault, "automation_executions")
    insert(vault, "automation_executions", run | {"status": "failure", "completed_at": AFTER})
    checkpoint = row_for(vault, "hitl_checkpoints")
    insert(vault, "hitl_checkpoints", checkpoint | {"decision": "rejected", "decided_at": AFTER})

    summary = since_summary(vault, LOCKED)
    assert summary.findings == {"critical": 1, "advisory": 1}
    assert summary.scripts_waiting == 1
    assert (summary.approvals, summary.rejections) == (1, 0)
    assert summary.failed_runs == 1 and summary.last_failed_script == run["script_id"]
    assert summary.decisions == {"rejected": 1}
    assert not summary.empty
    assert since_summary(vault, "2030-01-01T00:00:00Z").empty


def test_nothing_to_say_on_a_vault_without_automation(vault_v1: Vault) -> None:
    assert since_summary(vault_v1, LOCKED).empty


def test_the_counts_read_index_ranges(vault: Vault) -> None:
    db = vault.database()
    for sql in (
        "SELECT urgency, count(*) FROM discovery_findings WHERE discovered_at > ? GROUP BY urgency",
        "SELECT count(*), max(completed_at) FROM automation_executions "
        "WHERE completed_at > ? AND status = 'failure'",
        "SELECT decision, count(*) FROM hitl_checkpoints WHERE decided_at > ? GROUP BY decision",
    ):
        plan = " ".join(str(r[3]) for r in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", (LOCKED,)))
        assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan
