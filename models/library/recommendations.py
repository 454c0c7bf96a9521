"""Service recommendations grouped by project: group counts, keyset pages inside a group by
match score, and accept/reject (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from automation_admin.models.schema.automation import ServiceRecommendation
from automation_admin.models.schema.enums import RECOMMENDATION_STATUSES, RecommendationStatus
from automation_admin.models.store import audit
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.paging import split_page
from automation_admin.models.store.sql import execute
from automation_admin.models.store.stale import ChangedMeanwhile
from automation_admin.models.store.vault import Vault
from automation_admin.models.store.where import one_of

NO_PROJECT = ""  # the group of recommendations without a project

COLUMNS = (
    "r.id",
    "r.project_id",
    "r.requirement_text",
    "r.capability_needed",
    "r.recommended_provider_id",
    "r.recommended_service_name",
    "r.rationale",
    "r.pricing_summary",
    "r.free_tier_available",
    "r.documentation_url",
    "r.match_score",
    "r.user_status",
    "r.created_at",
)


@dataclass(frozen=True)
class RecommendationQuery:
    statuses: tuple[str, ...] = ()  # empty: every status
    project: str | None = None  # a project id, NO_PROJECT, or None for every group
    descending: bool = True  # by match score


@dataclass(frozen=True)
class ProjectGroup:
    project: str  # the project id, or NO_PROJECT
    name: str
    count: int
    new: int


@dataclass(frozen=True)
class Recommendation:
    id: str
    project: str
    requirement: str
    capability: str
    provider_id: str | None
    service: str
    rationale: str
    pricing: str | None
    free_tier: bool | None
    documentation_url: str | None
    score: float
    status: str
    created_at: str


def _row(values: tuple[Any, ...]) -> Recommendation:
    free = values[8]
    return Recommendation(
        *[
            values[0],
            values[1] or NO_PROJECT,
            *values[2:8],
            None if free is None else bool(free),
            *values[9:],
        ]
    )


def _filters(vault: Vault, query: RecommendationQuery) -> tuple[list[str], list[Any]]:
    where, params = ["r.profile_id = ?"], [vault.profile_id]
    one_of(where, params, "r.user_status", query.statuses, RECOMMENDATION_STATUSES)
    if query.project is not None:
        where.append("coalesce(r.project_id, '') = ?")
        params.append(query.project)
    return where, params


def groups(vault: Vault, query: RecommendationQuery) -> list[ProjectGroup]:
    """One group per project with matching recommendations, by name; "no project" last."""
    where, params = _filters(vault, query)
    return [
        ProjectGroup(project or NO_PROJECT, name or "No project", int(count), int(new or 0))
        for project, name, count, new in execute(
            vault.database(),
            "SELECT r.project_id, p.display_name, count(*), sum(r.user_status = 'new') "
            "FROM service_recommendations r LEFT JOIN projects p ON p.id = r.project_id "
            f"WHERE {' AND '.join(where)} GROUP BY r.project_id "
            "ORDER BY r.project_id IS NULL, lower(p.display_name), r.project_id",
            params,
        )
    ]


def page(
    vault: Vault,
    query: RecommendationQuery,
    project: str,
    cursor: tuple[Any, ...] | None = None,
    limit: int = 100,
) -> tuple[list[Recommendation], tuple[Any, ...] | None]:
    """One group's recommendations by match score, keyset on (match_score, created_at, id)."""
    where, params = _filters(vault, query)
    if project == NO_PROJECT:
        where.append("r.project_id IS NULL")
    else:
        where.append("r.project_id = ?")
        params.append(project)
    direction, compare = ("DESC", "<") if query.descending else ("ASC", ">")
    if cursor is not None:
        where.append(f"(r.match_score, r.created_at, r.id) {compare} (?, ?, ?)")
        params.extend(cursor)
    rows = [
        _row(tuple(r))
        for r in execute(
            vault.database(),
            f"SELECT {', '.join(COLUMNS)} FROM service_recommendations r "
            f"WHERE {' AND '.join(where)} ORDER BY r.match_score {direction}, "
            f"r.created_at {direction}, r.id {direction} LIMIT {int(limit) + 1}",
            params,
        )
    ]
    rows, last = split_page(rows, limit)
    return rows, (last.score, last.created_at, last.id) if last else None


def get(vault: Vault, recommendation_id: str) -> Recommendation:
    found = execute(
        vault.database(),
        f"SELECT {', '.join(COLUMNS)} FROM service_recommendations r "
        "WHERE r.id = ? AND r.profile_id = ?",
        (recommendation_id, vault.profile_id),
    ).fetchone()
    if found is None:
        raise ValidationError("id", "no such recommendation (it may have been deleted)")
    return _row(tuple(found))


def decide(
    vault: Vault, recommendation_id: str, status: str, seen: str | None = None
) -> Recommendation:
    """Accept, reject or reopen ("new") one recommendation; audited with what it was before.
    `seen`: the status the person saw; refused, with nothing written, if another program
    changed it since."""
    vault.require_writable()
    if status not in RECOMMENDATION_STATUSES:
        raise ValidationError("user_status", "unknown value")
    with vault.database().atomic("IMMEDIATE"):
        before = get(vault, recommendation_id)
        if seen is not None and before.status != seen:
            known = before.status in RECOMMENDATION_STATUSES  # else written with CHECKs off
            now = (
                RecommendationStatus(before.status).words.label.lower()
                if known
                else str(before.status)[:40]
            )
            raise ChangedMeanwhile(
                f"Nothing changed: another program marked “{before.service}” {now} since you "
                "looked. It is shown as it is now."
            )
        if before.status == status:
            return before
        ServiceRecommendation.update(user_status=status).where(
            ServiceRecommendation.id == recommendation_id
        ).execute()
        audit.record(
            vault.profile_id,
            audit.RECOMMENDATION_DECIDED,
            {
                "recommendation": recommendation_id,
                "service": before.service,
                "from": before.status,
                "to": status,
            },
        )
    return get(vault, recommendation_id)
