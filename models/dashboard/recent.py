"""The newest days of a trend, from the raw snapshots that retention has not folded yet.

The collector writes snapshots; retention folds all but the newest N per key into daily
summaries. A trend read from the summaries alone would stop at yesterday, so a key that turned
invalid today would still chart green. Here the snapshots in scope are folded in memory, the
way retention would fold them, and merged with whatever summary rows already hold part of the
same days: each (key, day) comes out exactly as it will once retention has run.
"""

from __future__ import annotations

from typing import Any

from automation_admin.models.dashboard.summaries import SNAPSHOT_FACTS, SUMMARY_COLUMNS, DayStats
from automation_admin.models.store import sql
from automation_admin.models.store.vault import Vault

_SCOPES = {"key": " AND secret_id = ?", "provider": " AND provider_id = ?", "all": ""}


def recent_days(
    vault: Vault, scope: str, target: str | None, start: str, end: str
) -> dict[str, list[DayStats]]:
    """Day -> one `DayStats` per key, for every day from `start` to `end` (YYYY-MM-DD) that
    has raw snapshots in scope: the snapshots folded onto that day's summary rows."""
    db = vault.database()
    scope_sql = _SCOPES[scope]
    params: list[Any] = [start, f"{end}T23:59:59Z"]
    if scope != "all":
        params.append(target)
    folded: dict[tuple[str, str], DayStats] = {}
    where = f"collected_at >= ? AND collected_at <= ?{scope_sql}"
    for secret, day, _profile, _provider, micro, pct, cost, cur, health, status in sql.rows(
        db, SNAPSHOT_FACTS.format(where=where), params
    ):
        stats = folded.get((secret, day))
        if stats is None:
            stats = folded[(secret, day)] = DayStats()
        stats.add_snapshot(micro, pct, cost, cur, health, status)
    if not folded:
        return {}
    days = sorted({day for _secret, day in folded})
    summary_params: list[Any] = [days[0], days[-1]]
    if scope != "all":
        summary_params.append(target)
    for values in sql.rows(
        db,
        f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM dashboard_daily_summaries "
        f"WHERE summary_date BETWEEN ? AND ?{scope_sql}",
        summary_params,
    ):
        row = dict(zip(SUMMARY_COLUMNS, values, strict=True))
        key = (row["secret_id"], row["summary_date"])
        if row["summary_date"] not in days:
            continue
        stored = DayStats.from_row(row)
        if key in folded:
            stored.merge(folded[key])
        folded[key] = stored
    by_day: dict[str, list[DayStats]] = {}
    for (_secret, day), stats in sorted(folded.items()):
        by_day.setdefault(day, []).append(stats)
    return by_day
