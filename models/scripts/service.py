"""Automation scripts: the approval queue, review, decisions (audited), versions and runs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from automation_admin.models.schema.automation import AutomationScript
from automation_admin.models.scripts.review import Review, review_script
from automation_admin.models.security.screenshots import screenshot_states
from automation_admin.models.store import audit
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.jsonview import read_json
from automation_admin.models.store.paging import split_page
from automation_admin.models.store.timeutil import now_timestamp
from automation_admin.models.store.vault import Vault

QUEUE_ORDER = ("pending", "approved", "rejected")
NO_AUTO_APPROVE = {
    "payment_config": "financial checkpoints are never bypassed",
    "billing_restriction": "financial checkpoints are never bypassed",
}
QUEUE_COLUMNS = (
    "id",
    "approval_status",
    "provider_id",
    "task_type",
    "title",
    "version",
    "created_at",
)


@dataclass
class ScriptRow:
    id: str
    status: str
    provider_id: str
    task_type: str
    title: str
    version: int
    created_at: str


@dataclass(frozen=True)
class ScriptQuery:
    statuses: tuple[str, ...] = ()
    provider: str | None = None
    task_type: str | None = None
    title: str = ""


def queue_page(
    vault: Vault, query: ScriptQuery, cursor: tuple[Any, ...] | None = None, limit: int = 200
) -> tuple[list[ScriptRow], tuple[Any, ...] | None]:
    """Pending first (oldest first, the next to decide), then approved, then rejected."""
    wanted = [s for s in QUEUE_ORDER if not query.statuses or s in query.statuses]
    start = wanted.index(cursor[0]) if cursor and cursor[0] in wanted else 0
    rows: list[ScriptRow] = []
    for position in range(start, len(wanted)):
        # One profile per vault: no profile condition, so (approval_status, created_at, id)
        # gives the queue order without a sort.
        where = ["approval_status = ?"]
        params: list[Any] = [wanted[position]]
        if query.provider:
            where.append("provider_id = ?")
            params.append(query.provider)
        if query.task_type:
            where.append("task_type = ?")
            params.append(query.task_type)
        if query.title.strip():
            where.append("title LIKE ? ESCAPE '\\'")
            escaped = (
                query.title.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
            params.append(f"%{escaped}%")
        if cursor and position == start and cursor[0] == wanted[position]:
            where.append("(created_at, id) > (?, ?)")
            params.extend(cursor[1:])
        rows += [
            ScriptRow(*r)
            for r in vault.database().execute_sql(
                f"SELECT {', '.join(QUEUE_COLUMNS)} FROM automation_scripts WHERE "
                f"{' AND '.join(where)} ORDER BY created_at, id LIMIT {limit - len(rows) + 1}",
                params,
            )
        ]
        if len(rows) > limit:
            break
    rows, last = split_page(rows, limit)
    return rows, (last.status, last.created_at, last.id) if last else None


def _row(vault: Vault, script_id: str) -> dict[str, Any]:
    row = AutomationScript.select().where(AutomationScript.id == script_id).dicts().first()
    if row is None:
        raise ValidationError("id", "no such script")
    return dict(row)


def known_urls(vault: Vault, provider_id: str) -> list[str]:
    row = (
        vault.database()
        .execute_sql(
            "SELECT homepage_url, docs_url, dashboard_url, api_base_url FROM providers "
            "WHERE id = ?",
            (provider_id,),
        )
        .fetchone()
    )
    return [u for u in (row or ()) if u]


@dataclass
class ScriptDetail:
    row: dict[str, Any]
    review: Review
    research: Any
    plan: Any
    versions: list[ScriptRow]
    diff: list[str]  # unified diff against the last approved other version; empty if none
    auto_approve_blocked: str | None


def detail(vault: Vault, script_id: str) -> ScriptDetail:
    row = _row(vault, script_id)
    review = review_script(
        row["script_content"], row["task_type"], known_urls(vault, row["provider"])
    )
    versions = [
        ScriptRow(*r)
        for r in vault.database().execute_sql(
            f"SELECT {', '.join(QUEUE_COLUMNS)} FROM automation_scripts WHERE profile_id = ? AND "
            "provider_id = ? AND task_type = ? AND title = ? ORDER BY version, created_at",
            (vault.profile_id, row["provider"], row["task_type"], row["title"]),
        )
    ]
    base = next(
        (v for v in reversed(versions) if v.status == "approved" and v.id != row["id"]), None
    )
    diff: list[str] = []
    if base is not None:
        old = _row(vault, base.id)["script_content"]
        diff = list(
            difflib.unified_diff(
                old.splitlines(),
                row["script_content"].splitlines(),
                fromfile=f"version {base.version} (approved)",
                tofile=f"version {row['version']}",
                lineterm="",
            )
        )
    return ScriptDetail(
        row,
        review,
        read_json(row["research_data_json"]),
        read_json(row["plan_data_json"]),
        versions,
        diff,
        NO_AUTO_APPROVE.get(row["task_type"]),
    )


def _decide(
    vault: Vault, script_id: str, changes: dict[str, Any], event: str, metadata: dict[str, Any]
) -> dict[str, Any]:
    vault.require_writable()
    with vault.database().atomic("IMMEDIATE"):
        AutomationScript.update(**changes, updated_at=now_timestamp()).where(
            AutomationScript.id == script_id
        ).execute()
        audit.record(vault.profile_id, event, {"script": script_id, **metadata})
    return _row(vault, script_id)


def approve(vault: Vault, script_id: str) -> dict[str, Any]:
    """Refused while the review finds a blocker (a secret, a syntax error, a missing
    checkpoint)."""
    info = detail(vault, script_id)
    if info.review.blocked:
        raise ValidationError("script_content", info.review.verdict)
    if info.row["approval_status"] == "approved":
        return info.row
    return _decide(
        vault,
        script_id,
        {"approval_status": "approved", "approved_at": now_timestamp()},
        audit.SCRIPT_APPROVED,
        {
            "title": info.row["title"],
            "version": info.row["version"],
            "verdict": info.review.verdict,
        },
    )


def reject(vault: Vault, script_id: str, reason: str) -> dict[str, Any]:
    if not reason.strip():
        raise ValidationError("reason", "say why the script is rejected")
    row = _row(vault, script_id)
    return _decide(
        vault,
        script_id,
        {"approval_status": "rejected", "approved_at": None, "auto_approve_repeat": False},
        audit.SCRIPT_REJECTED,
        {"title": row["title"], "reason": reason.strip()},
    )


def return_to_pending(vault: Vault, script_id: str) -> dict[str, Any]:
    row = _row(vault, script_id)
    if row["approval_status"] != "rejected":
        raise ValidationError("approval_status", "only a rejected script returns to pending")
    return _decide(
        vault,
        script_id,
        {"approval_status": "pending"},
        audit.SCRIPT_RETURNED,
        {"title": row["title"]},
    )


def set_auto_approve(vault: Vault, script_id: str, on: bool) -> dict[str, Any]:
    row = _row(vault, script_id)
    if row["approval_status"] != "approved":
        raise ValidationError(
            "auto_approve_repeat", "only an approved script can repeat without review"
        )
    if on and row["task_type"] in NO_AUTO_APPROVE:
        raise ValidationError("auto_approve_repeat", NO_AUTO_APPROVE[row["task_type"]])
    return _decide(
        vault,
        script_id,
        {"auto_approve_repeat": bool(on)},
        audit.SCRIPT_AUTO_APPROVE,
        {"on": bool(on)},
    )


@dataclass
class Run:
    id: str
    started_at: str
    completed_at: str | None
    status: str
    reached: int
    approved: int
    rejected: int
    error: str | None
    result: Any
    screenshots: list[tuple[str, str]]  # (path, PRESENT | EXPIRED | OUTSIDE the profile)


def runs_page(
    vault: Vault, script_id: str, cursor: tuple[str, str] | None = None, limit: int = 100
) -> tuple[list[Run], tuple[str, str] | None]:
    where, params = ["script_id = ?"], [script_id]
    if cursor:
        where.append("(started_at, id) < (?, ?)")
        params.extend(cursor)
    raw = (
        vault.database()
        .execute_sql(
            "SELECT id, started_at, completed_at, status, checkpoints_reached,"
            " checkpoints_approved, checkpoints_rejected, error_message_redacted,"
            " result_summary_json,"
            f" debug_screenshot_paths_json FROM automation_executions WHERE {' AND '.join(where)}"
            f" ORDER BY started_at DESC, id DESC LIMIT {int(limit) + 1}",
            params,
        )
        .fetchall()
    )
    runs = []
    for rid, started, completed, status, reached, ok, bad, error, result, shots in raw[:limit]:
        paths = read_json(shots).value
        listed = [str(p) for p in paths] if isinstance(paths, list) else []
        runs.append(
            Run(
                rid,
                started,
                completed,
                status,
                reached,
                ok,
                bad,
                error,
                read_json(result),
                screenshot_states(listed, vault.layout.screenshots_dir(vault.profile_id)),
            )
        )
    more = len(raw) > limit
    return runs, (runs[-1].started_at, runs[-1].id) if more and runs else None
