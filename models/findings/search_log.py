"""The discovery search log: one row per search the runner made, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from automation_admin.models.findings.service import PAGE_ROWS
from automation_admin.models.store.paging import split_page
from automation_admin.models.store.sql import execute
from automation_admin.models.store.vault import Vault


@dataclass
class SearchRun:
    id: str
    searched_at: str
    provider_id: str
    trigger: str
    queries: int
    results: int
    findings: int
    status: str
    error: str | None


@dataclass(frozen=True)
class SearchLogQuery:
    provider: str | None = None
    status: str | None = None


class SearchLogPage(NamedTuple):
    rows: list[SearchRun]
    cursor: tuple[str, str] | None  # None: no more rows


def search_log_page(
    vault: Vault,
    query: SearchLogQuery,
    cursor: tuple[str, str] | None = None,
    limit: int = PAGE_ROWS,
) -> SearchLogPage:
    # A vault holds one profile (profile_id refers to its single settings row), so no
    # profile condition: the (searched_at, id) and (provider_id, searched_at, id) indexes
    # then give the order without a sort.
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if query.provider:
        where = ["provider_id = ?"]
        params = [query.provider]
    if query.status:
        where.append("status = ?")
        params.append(query.status)
    if cursor is not None:
        where.append("(searched_at, id) < (?, ?)")
        params.extend(cursor)
    rows = [
        SearchRun(*r)
        for r in execute(
            vault.database(),
            "SELECT id, searched_at, provider_id, trigger_type, queries_executed, results_found, "
            f"findings_generated, status, error_message_redacted FROM discovery_search_log WHERE "
            f"{' AND '.join(where)} ORDER BY searched_at DESC, id DESC LIMIT {int(limit) + 1}",
            params,
        )
    ]
    rows, last = split_page(rows, limit)
    return SearchLogPage(rows, (last.searched_at, last.id) if last else None)
