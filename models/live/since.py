"""Since you last unlocked: what happened in the vault between the last lock and now.

Every count reads an index range that starts at the given time (findings by discovery time,
scripts by approval status and creation, audit events by type and time, runs by completion,
decisions by time), so the summary costs what was written since, not the vault's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from automation_admin.models.schema.enums import DECISIONS, URGENCIES
from automation_admin.models.store import audit, sql
from automation_admin.models.store.vault import Vault


@dataclass(frozen=True)
class SinceSummary:
    since: str  # the timestamp it counts from (UTC, the vault's format)
    findings: dict[str, int] = field(default_factory=dict)  # urgency -> new findings
    scripts_waiting: int = 0  # pending scripts written since
    approvals: int = 0  # scripts approved since (the audit trail says)
    rejections: int = 0
    failed_runs: int = 0
    last_failed_script: str | None = None  # the script of the latest failed run
    decisions: dict[str, int] = field(default_factory=dict)  # checkpoint decision -> count

    @property
    def empty(self) -> bool:
        return not (
            sum(self.findings.values())
            or self.scripts_waiting
            or self.approvals
            or self.rejections
            or self.failed_runs
            or sum(self.decisions.values())
        )


def since_summary(vault: Vault, since: str) -> SinceSummary:
    """What changed after `since`; an empty summary on a vault without automation."""
    if not vault.automation_enabled:
        return SinceSummary(since)
    db = vault.database()

    def count(query: str, *params: object) -> int:
        return sql.count(db, query, (since, *params))

    findings = {
        urgency: n
        for urgency, n in sql.rows(
            db,
            "SELECT urgency, count(*) FROM discovery_findings WHERE discovered_at > ? "
            "GROUP BY urgency",
            (since,),
        )
        if urgency in URGENCIES and n
    }
    waiting = count(
        "SELECT count(*) FROM automation_scripts WHERE created_at > ? "
        "AND approval_status = 'pending'"
    )
    events = "SELECT count(*) FROM audit_events WHERE created_at > ? AND event_type = ?"
    failed = sql.count(
        db,
        "SELECT count(*) FROM automation_executions WHERE completed_at > ? AND status = 'failure'",
        (since,),
    )
    last_script = None
    if failed:
        last_script = sql.value(
            db,
            "SELECT script_id FROM automation_executions WHERE completed_at > ? "
            "AND status = 'failure' ORDER BY completed_at DESC LIMIT 1",
            (since,),
        )
    decisions = {
        decision: n
        for decision, n in sql.rows(
            db,
            "SELECT decision, count(*) FROM hitl_checkpoints WHERE decided_at > ? "
            "GROUP BY decision",
            (since,),
        )
        if decision in DECISIONS and n
    }
    return SinceSummary(
        since,
        findings,
        waiting,
        count(events, audit.SCRIPT_APPROVED),
        count(events, audit.SCRIPT_REJECTED),
        failed,
        last_script,
        decisions,
    )
