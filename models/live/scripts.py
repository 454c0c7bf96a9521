"""A script as it is stored now, cheaply, to tell whether the one on screen is out of date:
its review-relevant fields (text, version, status) and the newest version of its family
(same provider, task and title), without running the review again."""

from __future__ import annotations

from dataclasses import dataclass

from automation_admin.models.store import sql
from automation_admin.models.store.vault import Vault


@dataclass(frozen=True)
class ScriptState:
    exists: bool
    version: int = 0
    status: str = ""
    content: str = ""
    updated_at: str = ""
    execution_count: int = 0
    last_executed_at: str | None = None
    newest_version: int = 0
    newest_id: str | None = None


def script_state(vault: Vault, script_id: str) -> ScriptState:
    db = vault.database()
    row = sql.first(
        db,
        "SELECT version, approval_status, script_content, updated_at, execution_count, "
        "last_executed_at, provider_id, task_type, title FROM automation_scripts WHERE id = ?",
        (script_id,),
    )
    if row is None:
        return ScriptState(False)
    version, status, content, updated, runs, last_run, provider, task, title = row
    newest = sql.first(
        db,
        "SELECT id, version FROM automation_scripts WHERE profile_id = ? AND provider_id = ? "
        "AND task_type = ? AND title = ? ORDER BY version DESC, created_at DESC LIMIT 1",
        (vault.profile_id, provider, task, title),
    )
    return ScriptState(
        True,
        int(version),
        str(status),
        str(content),
        str(updated),
        int(runs),
        last_run,
        int(newest[1]) if newest else int(version),
        str(newest[0]) if newest else script_id,
    )


def pending_count(vault: Vault) -> int:
    """Scripts waiting for approval (the Scripts tab's badge): a range of the queue index."""
    return sql.count(
        vault.database(),
        "SELECT count(*) FROM automation_scripts WHERE approval_status = 'pending'",
    )
