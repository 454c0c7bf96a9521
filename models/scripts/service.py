"""Automation scripts: the approval queue, review, decisions (audited), versions and runs."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from automation_admin.models.schema.automation import AutomationScript
from automation_admin.models.scripts.review import Review, review_script
from automation_admin.models.scripts.review_inputs import review_context
from automation_admin.models.security.screenshots import screenshot_states
from automation_admin.models.store import audit
from automation_admin.models.store.errors import AdminError, ValidationError
from automation_admin.models.store.jsonview import read_json
from automation_admin.models.store.paging import split_page
from automation_admin.models.store.sql import execute
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
            for r in execute(
                vault.database(),
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


class ApprovalRefused(AdminError):
    """A decision refused: a blocker, a warning not acknowledged, or a script that changed
    since the person reviewed it."""


def content_digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Seen:
    """What the reviewer had in front of them: approval is for exactly this."""

    version: int
    updated_at: str
    status: str
    content_sha256: str
    latest_version: int  # the newest version of the script they could see


@dataclass
class ScriptDetail:
    row: dict[str, Any]
    review: Review
    research: Any
    plan: Any
    versions: list[ScriptRow]
    diff: list[str]  # unified diff against the last approved other version; empty if none
    auto_approve_blocked: str | None

    @property
    def seen(self) -> Seen:
        return Seen(
            self.row["version"],
            self.row["updated_at"],
            self.row["approval_status"],
            content_digest(self.row["script_content"]),
            newest_version(self.versions, self.row["version"]),
        )


def newest(versions: Iterable[ScriptRow]) -> ScriptRow | None:
    """The version of a family with the largest number. The CHECK (version >= 1) lets
    another program write text or a fraction there; only whole numbers are compared."""
    numbered = [v for v in versions if type(v.version) is int]
    return max(numbered, key=lambda v: v.version, default=None)


def newest_version(versions: Iterable[ScriptRow], default: object = 0) -> int:
    latest = newest(versions)
    if latest is not None:
        return latest.version
    return default if type(default) is int else 0


def _versions(vault: Vault, row: dict[str, Any]) -> list[ScriptRow]:
    return [
        ScriptRow(*r)
        for r in execute(
            vault.database(),
            f"SELECT {', '.join(QUEUE_COLUMNS)} FROM automation_scripts WHERE profile_id = ? AND "
            "provider_id = ? AND task_type = ? AND title = ? ORDER BY version, created_at",
            (vault.profile_id, row["provider"], row["task_type"], row["title"]),
        )
    ]


def detail(vault: Vault, script_id: str) -> ScriptDetail:
    row = _row(vault, script_id)
    review = review_script(
        row["script_content"], row["task_type"], review_context(vault, row["provider"])
    )
    versions = _versions(vault, row)
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


def approve(
    vault: Vault, script_id: str, seen: Seen, acknowledged: Sequence[str] = ()
) -> dict[str, Any]:
    """Approve exactly the version the person reviewed, with every warning acknowledged (by
    its text). Checked again inside the write: refused if the script changed or a newer
    version appeared meanwhile (the runner writes this table too), or if the review blocks."""
    vault.require_writable()
    with vault.database().atomic("IMMEDIATE"):
        row = _row(vault, script_id)
        changed = _changed_since(vault, row, seen)
        if changed:
            raise ApprovalRefused(changed)
        if row["approval_status"] == "approved":
            return row
        review = review_script(
            row["script_content"], row["task_type"], review_context(vault, row["provider"])
        )
        if review.blocked:
            raise ApprovalRefused(review.verdict)
        warnings = [w.text for w in review.warnings]
        missing = [w for w in warnings if w not in set(acknowledged)]
        if missing:
            raise ApprovalRefused(
                f"Not approved: {len(missing)} warning{'s' if len(missing) != 1 else ''} not "
                f"acknowledged, starting with “{missing[0]}”."
            )
        AutomationScript.update(
            approval_status="approved", approved_at=now_timestamp(), updated_at=now_timestamp()
        ).where(AutomationScript.id == script_id).execute()
        audit.record(
            vault.profile_id,
            audit.SCRIPT_APPROVED,
            {
                "script": script_id,
                "title": row["title"],
                "version": row["version"],
                "content_sha256": seen.content_sha256,
                "verdict": review.verdict,
                "acknowledged": warnings,
            },
        )
    return _row(vault, script_id)


def _changed_since(
    vault: Vault, row: dict[str, Any], seen: Seen, verb: str = "approved"
) -> str | None:
    if (
        row["version"] != seen.version
        or row["updated_at"] != seen.updated_at
        or content_digest(row["script_content"]) != seen.content_sha256
    ):
        return (
            f"Not {verb}: the script changed since you reviewed it (it is now version "
            f"{row['version']}, updated {row['updated_at']}). Review it again."
        )
    if row["approval_status"] != seen.status:
        return (
            f"Not {verb}: another program marked the script {row['approval_status']} since "
            "you reviewed it."
        )
    if verb != "approved":
        return None  # a newer version matters to an approval only
    newest = newest_version(_versions(vault, row), row["version"])
    if newest > seen.latest_version:
        return (
            f"Not approved: version {newest} of this script was written since you reviewed "
            f"version {seen.version}. Review the new version first."
        )
    return None


def _still_as_seen(vault: Vault, script_id: str, seen: Seen | None, verb: str) -> dict[str, Any]:
    """The script as stored, inside the decision's transaction; refused if it is not the
    one the person decided on (`seen`, when given)."""
    row = _row(vault, script_id)
    changed = _changed_since(vault, row, seen, verb) if seen is not None else None
    if changed:
        raise ApprovalRefused(changed)
    return row


def reject(vault: Vault, script_id: str, reason: str, seen: Seen | None = None) -> dict[str, Any]:
    """`seen`: the script the person rejected, with their reason; refused if the runner
    changed or decided it since."""
    if not reason.strip():
        raise ValidationError("reason", "say why the script is rejected")
    vault.require_writable()
    with vault.database().atomic("IMMEDIATE"):
        row = _still_as_seen(vault, script_id, seen, "rejected")
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


def set_auto_approve(
    vault: Vault, script_id: str, on: bool, seen: Seen | None = None
) -> dict[str, Any]:
    """`seen`: the script the person looked at; refused if the runner changed it since (its
    runs would repeat a text nobody reviewed)."""
    vault.require_writable()
    with vault.database().atomic("IMMEDIATE"):
        row = _still_as_seen(vault, script_id, seen, "changed")
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
    raw = execute(
        vault.database(),
        "SELECT id, started_at, completed_at, status, checkpoints_reached,"
        " checkpoints_approved, checkpoints_rejected, error_message_redacted,"
        " result_summary_json,"
        f" debug_screenshot_paths_json FROM automation_executions WHERE {' AND '.join(where)}"
        f" ORDER BY started_at DESC, id DESC LIMIT {int(limit) + 1}",
        params,
    ).fetchall()
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
