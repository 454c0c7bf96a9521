"""A script as it is stored now, cheaply, to tell whether the one on screen is out of date:
its review-relevant fields (text, version, status) and the newest version of its family
(same provider, task and title), without running the review again."""

from __future__ import annotations

from dataclasses import dataclass

from automation_admin.models.store import sql
from automation_admin.models.store.vault import Vault

# A CHECK such as (version >= 1) lets text, fractions and infinity into an INTEGER column;
# a number is compared as Peewee reads it (a whole number when it is one, else as stored).
Number = int | float | str


def stored_number(value: object) -> Number:
    if isinstance(value, int | float | str):
        try:
            return int(value)
        except (ValueError, OverflowError):
            return value
    return str(value)


@dataclass(frozen=True)
class ScriptState:
    exists: bool
    version: Number = 0
    status: str = ""
    content: str = ""
    updated_at: str = ""
    execution_count: Number = 0
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
    # Only a number is newer than another: text sorts above every number in SQLite.
    newest = sql.first(
        db,
        "SELECT id, version FROM automation_scripts WHERE profile_id = ? AND provider_id = ? "
        "AND task_type = ? AND title = ? AND typeof(version) = 'integer' "
        "ORDER BY version DESC, created_at DESC LIMIT 1",
        (vault.profile_id, provider, task, title),
    )
    version = stored_number(version)
    return ScriptState(
        True,
        version,
        str(status),
        str(content),
        str(updated),
        stored_number(runs),
        last_run,
        int(newest[1]) if newest else (version if isinstance(version, int) else 0),
        str(newest[0]) if newest else script_id,
    )


def pending_count(vault: Vault) -> int:
    """Scripts waiting for approval (the Scripts tab's badge): a range of the queue index."""
    return sql.count(
        vault.database(),
        "SELECT count(*) FROM automation_scripts WHERE approval_status = 'pending'",
    )
