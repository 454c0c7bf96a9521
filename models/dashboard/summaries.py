"""Folding dashboard snapshots into daily summaries, exactly and in any order (DESIGN §2).

A day's row keeps sufficient statistics: the number of usage samples and their sum in
millionths of a percent (integers, so addition is exact and order-free), the highest
usage, the highest month-to-date cost with its currency (ties to the greater currency
code), a count per health status and the success and failure counts. Every published
column is a fixed function of those, so folding in any batches gives the same row.

Rows written by another program without statistics count as one sample at their average
and one health observation of their summary status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from peewee import Database

from automation_admin.models.schema.enums import HEALTH_SEVERITY, HEALTH_STATUSES
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.sql import execute, new_cursor

MICRO = 1_000_000
# Reading a snapshot: its UTC day and the parts of usage_stats_json that folding uses. JSON
# that is invalid or holds the wrong type counts as missing (CASE keeps json_type from ever
# seeing invalid text). The percent is turned into integer millionths here, once.
SNAPSHOT_FACTS = """
SELECT secret_id, substr(collected_at, 1, 10), profile_id, provider_id,
       CASE WHEN q BETWEEN 0 AND 100 THEN CAST(round(q * 1000000) AS INTEGER) END,
       CASE WHEN q BETWEEN 0 AND 100 THEN q END,
       CASE WHEN cost >= 0 THEN cost END, currency, health_status, collection_status
FROM (
    SELECT secret_id, collected_at, profile_id, provider_id, health_status, collection_status,
        CASE WHEN json_type(u, '$.quota_used_percent') IN ('integer', 'real')
             THEN json_extract(u, '$.quota_used_percent') END AS q,
        CASE WHEN json_type(u, '$.cost_this_month') IN ('integer', 'real')
             THEN json_extract(u, '$.cost_this_month') END AS cost,
        CASE WHEN json_type(u, '$.cost_currency') = 'text'
             THEN json_extract(u, '$.cost_currency') END AS currency
    FROM (
        SELECT *, CASE WHEN json_valid(usage_stats_json) THEN usage_stats_json END AS u
        FROM dashboard_snapshots WHERE {where}
    )
)
"""
SUMMARY_COLUMNS = (
    "id",
    "profile_id",
    "secret_id",
    "provider_id",
    "summary_date",
    "avg_usage_percent",
    "max_usage_percent",
    "total_cost",
    "cost_currency",
    "health_summary",
    "collection_success_count",
    "collection_failure_count",
    "usage_sample_count",
    "usage_percent_sum_micro",
    "health_valid_count",
    "health_invalid_count",
    "health_degraded_count",
    "health_outage_count",
    "health_unknown_count",
)
_UPSERT = (
    f"INSERT INTO dashboard_daily_summaries ({', '.join(SUMMARY_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in SUMMARY_COLUMNS)}) "
    "ON CONFLICT (secret_id, summary_date) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in SUMMARY_COLUMNS[5:])
)


def _cost_key(cost: float | None, currency: str | None) -> tuple[float, str]:
    return (-1.0 if cost is None else cost, currency or "")


@dataclass
class DayStats:
    samples: int = 0
    sum_micro: int = 0
    usage_max: float | None = None
    cost: float | None = None
    currency: str | None = None
    health: dict[str, int] = field(default_factory=lambda: dict.fromkeys(HEALTH_STATUSES, 0))
    successes: int = 0
    failures: int = 0

    def add_snapshot(
        self,
        micro: int | None,
        percent: float | None,
        cost: float | None,
        currency: str | None,
        health: str,
        status: str,
    ) -> None:
        """One snapshot, folded in place (the hot loop: no objects made per row)."""
        if micro is not None:
            self.samples += 1
            self.sum_micro += micro
            if self.usage_max is None or percent > self.usage_max:  # type: ignore[operator]
                self.usage_max = percent
        if cost is not None and _cost_key(cost, currency) > _cost_key(self.cost, self.currency):
            self.cost, self.currency = cost, currency
        self.health[health] = self.health.get(health, 0) + 1
        if status == "failed":
            self.failures += 1
        else:
            self.successes += 1

    def merge(self, other: DayStats) -> None:
        self.samples += other.samples
        self.sum_micro += other.sum_micro
        if other.usage_max is not None and (
            self.usage_max is None or other.usage_max > self.usage_max
        ):
            self.usage_max = other.usage_max
        if other.cost is not None and _cost_key(other.cost, other.currency) > _cost_key(
            self.cost, self.currency
        ):
            self.cost, self.currency = other.cost, other.currency
        for status, count in other.health.items():
            self.health[status] = self.health.get(status, 0) + count
        self.successes += other.successes
        self.failures += other.failures

    @property
    def average(self) -> float | None:
        return self.sum_micro / (self.samples * MICRO) if self.samples else None

    @property
    def health_summary(self) -> str:
        """Most common status; ties go to the worse one."""
        rank = {status: i for i, status in enumerate(HEALTH_SEVERITY)}
        return min(HEALTH_STATUSES, key=lambda s: (-self.health.get(s, 0), rank[s]))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DayStats:
        stats = cls(
            samples=row["usage_sample_count"],
            sum_micro=row["usage_percent_sum_micro"],
            usage_max=row["max_usage_percent"],
            cost=row["total_cost"],
            currency=row["cost_currency"],
            health={h: row[f"health_{h}_count"] for h in HEALTH_STATUSES},
            successes=row["collection_success_count"],
            failures=row["collection_failure_count"],
        )
        if stats.samples == 0 and row["avg_usage_percent"] is not None:
            stats = replace(stats, samples=1, sum_micro=round(row["avg_usage_percent"] * MICRO))
        if not any(stats.health.values()) and row["health_summary"] in stats.health:
            stats.health[row["health_summary"]] = 1
        return stats

    def row_values(
        self, row_id: str, profile_id: str, secret_id: str, provider_id: str, day: str
    ) -> tuple[Any, ...]:
        return (
            row_id,
            profile_id,
            secret_id,
            provider_id,
            day,
            self.average,
            self.usage_max,
            self.cost,
            self.currency,
            self.health_summary,
            self.successes,
            self.failures,
            self.samples,
            self.sum_micro,
            *(self.health[h] for h in HEALTH_STATUSES),
        )


@dataclass(frozen=True)
class FoldResult:
    snapshots: int
    days: int


def fold_snapshots(db: Database, where: str, params: Iterable[Any]) -> FoldResult:
    """Fold the snapshots matching `where` (an SQL condition), then delete them.

    Runs inside the caller's transaction; the caller commits the fold and the delete
    together, so a kill leaves either both or neither.
    """
    params = tuple(params)
    days: dict[tuple[str, str], DayStats] = {}
    owners: dict[tuple[str, str], tuple[str, str]] = {}
    count = 0
    for secret, day, profile, provider, micro, pct, cost, cur, health, status in execute(
        db, SNAPSHOT_FACTS.format(where=where), params
    ):
        key = (secret, day)
        stats = days.get(key)
        if stats is None:
            stats = days[key] = DayStats()
            owners[key] = (profile, provider)
        stats.add_snapshot(micro, pct, cost, cur, health, status)
        count += 1
    if not days:
        return FoldResult(0, 0)
    existing = _existing_rows(db, days)
    rows = []
    for key, stats in days.items():
        old = existing.get(key)
        row_id = uuid7()
        if old is not None:
            merged = DayStats.from_row(old)
            merged.merge(stats)
            stats, row_id = merged, old["id"]
        profile, provider = owners[key]
        rows.append(stats.row_values(row_id, profile, key[0], provider, key[1]))
    new_cursor(db).executemany(_UPSERT, rows)
    execute(db, f"DELETE FROM dashboard_snapshots WHERE {where}", params)
    return FoldResult(count, len(days))


def _existing_rows(
    db: Database, days: dict[tuple[str, str], DayStats]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Summary rows already there for the folded days: one range query per secret."""
    spans: dict[str, list[str]] = {}
    for secret, day in days:
        spans.setdefault(secret, []).append(day)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for secret, secret_days in spans.items():
        for values in execute(
            db,
            f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM dashboard_daily_summaries "
            "WHERE secret_id = ? AND summary_date BETWEEN ? AND ?",
            (secret, min(secret_days), max(secret_days)),
        ):
            row = dict(zip(SUMMARY_COLUMNS, values, strict=True))
            key = (secret, row["summary_date"])
            if key in days:
                found[key] = row
    return found
