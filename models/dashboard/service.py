"""Read queries for the Dashboard: every key's latest state, the cards, trends and markers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from automation_admin.models.dashboard.recent import recent_days
from automation_admin.models.dashboard.summaries import DayStats
from automation_admin.models.live.settings import read_live_settings
from automation_admin.models.schema.enums import HEALTH_SEVERITY, HEALTH_STATUSES
from automation_admin.models.store import sql
from automation_admin.models.store.jsonview import JsonValue, number, read_json
from automation_admin.models.store.sql import execute
from automation_admin.models.store.timeutil import format_timestamp, parse_timestamp, utc_now
from automation_admin.models.store.vault import Vault

# The seed's default refresh interval, for vaults without the setting.
FRESH_SECONDS = 3600
# A collection may be late by up to one more interval before the key counts as stale: one
# missed collection is news, a slow one is not.
GRACE_FACTOR = 2.0
EXPIRING_DAYS = 14
MARKER_CATEGORIES = ("pricing_update", "deprecation", "security_advisory")

_LATEST = """
SELECT s.id, s.key_name, s.provider_id, p.display_name,
       d.id, d.collected_at, d.collection_method, d.collection_status, d.health_status,
       d.service_status, d.usage_stats_json, d.config_attributes_json, d.restrictions_json,
       d.warnings_json, d.error_message_redacted
FROM secrets s
JOIN providers p ON p.id = s.provider_id
LEFT JOIN dashboard_snapshots d ON d.id = (
    SELECT id FROM dashboard_snapshots WHERE secret_id = s.id
    ORDER BY collected_at DESC, id DESC LIMIT 1)
ORDER BY p.display_name, s.key_name
"""


def staleness(
    collected_at: str | None, status: str | None, now: datetime, interval: int = FRESH_SECONDS
) -> str:
    """By the profile's refresh interval: fresh until the next collection is due, aging while
    it is late, stale once older than the interval times GRACE_FACTOR, when the last
    collection failed, or with none."""
    if collected_at is None:
        return "stale"
    age = (now - parse_timestamp(collected_at)).total_seconds()
    if status == "failed" or age > interval * GRACE_FACTOR:
        return "stale"
    return "fresh" if age < interval else "aging"


def next_expected(collected_at: str | None, interval: int = FRESH_SECONDS) -> str | None:
    """When the collector should report again: one refresh interval after the last time."""
    if collected_at is None:
        return None
    try:
        return format_timestamp(parse_timestamp(collected_at) + timedelta(seconds=interval))
    except OverflowError:
        return None  # the CHECK is only `>= 60`: an interval past the calendar expects none


@dataclass
class KeyRow:
    secret_id: str
    key_name: str
    provider_id: str
    provider_name: str
    snapshot_id: str | None
    collected_at: str | None
    collection_method: str | None
    collection_status: str | None
    health: str
    service: str
    staleness: str
    usage_percent: float | None
    cost: float | None
    currency: str | None
    warnings: list[str]
    expires_on: str | None
    error: str | None
    projects: list[str] = field(default_factory=list)
    next_expected: str | None = None  # the next collection, by the refresh interval
    usage: JsonValue = field(default_factory=lambda: read_json(None))
    config: JsonValue = field(default_factory=lambda: read_json(None))
    restrictions: JsonValue = field(default_factory=lambda: read_json(None))
    warnings_json: JsonValue = field(default_factory=lambda: read_json(None))

    @property
    def invalid_json(self) -> list[str]:
        parts = {
            "usage": self.usage,
            "config": self.config,
            "restrictions": self.restrictions,
            "warnings": self.warnings_json,
        }
        return [name for name, value in parts.items() if value.present and not value.valid]

    def days_to_expiry(self, today: date) -> int | None:
        if not self.expires_on:
            return None
        try:
            return (date.fromisoformat(self.expires_on) - today).days
        except ValueError:
            return None


def key_rows(
    vault: Vault, now: datetime | None = None, interval: int | None = None
) -> list[KeyRow]:
    """`interval`: the refresh interval in seconds (None: the profile's setting)."""
    now = now or utc_now()
    if interval is None:
        interval = read_live_settings(vault).refresh_interval_seconds or FRESH_SECONDS
    projects = _projects_by_key(vault)
    rows = []
    for (
        sid,
        name,
        provider_id,
        provider_name,
        snap_id,
        collected,
        method,
        status,
        health,
        service,
        usage_raw,
        config_raw,
        restrictions_raw,
        warnings_raw,
        error,
    ) in execute(vault.database(), _LATEST):
        usage, restrictions = read_json(usage_raw), read_json(restrictions_raw)
        warnings_value = read_json(warnings_raw)
        warnings = (
            [str(w) for w in warnings_value.value] if isinstance(warnings_value.value, list) else []
        )
        expires = restrictions.get("expiration_date")
        rows.append(
            KeyRow(
                secret_id=sid,
                key_name=name,
                provider_id=provider_id,
                provider_name=provider_name,
                snapshot_id=snap_id,
                collected_at=collected,
                collection_method=method,
                collection_status=status,
                health=health or "unknown",
                service=service or "unknown",
                staleness=staleness(collected, status, now, interval),
                usage_percent=number(usage.get("quota_used_percent")),
                cost=number(usage.get("cost_this_month")),
                currency=usage.get("cost_currency")
                if isinstance(usage.get("cost_currency"), str)
                else None,
                warnings=warnings,
                expires_on=expires if isinstance(expires, str) else None,
                error=error,
                projects=projects.get((provider_id, name), []),
                usage=usage,
                config=read_json(config_raw),
                restrictions=restrictions,
                warnings_json=warnings_value,
                next_expected=next_expected(collected, interval),
            )
        )
    return rows


def _projects_by_key(vault: Vault) -> dict[tuple[str, str], list[str]]:
    """A key belongs to a project that requires its provider under the key's variable name."""
    found: dict[tuple[str, str], list[str]] = {}
    for provider_id, env_name, project in execute(
        vault.database(),
        "SELECT r.provider_id, r.env_var_name, p.display_name FROM project_requirements r "
        "JOIN projects p ON p.id = r.project_id WHERE r.provider_id IS NOT NULL "
        "AND r.env_var_name IS NOT NULL ORDER BY p.display_name",
    ):
        found.setdefault((provider_id, env_name), []).append(project)
    return found


@dataclass(frozen=True)
class Cards:
    active_keys: int
    keys_with_warnings: int
    failing_or_stale: int
    expiring_soon: int
    urgent_findings: int
    scripts_pending: int


def key_cards(rows: list[KeyRow], now: datetime | None = None) -> dict[str, int]:
    """The cards that come from the key list itself (no query)."""
    today = (now or utc_now()).date()
    expiring = 0
    for row in rows:
        days = row.days_to_expiry(today)
        if days is not None and 0 <= days <= EXPIRING_DAYS:
            expiring += 1
    return {
        "active_keys": len(rows),
        "keys_with_warnings": sum(1 for r in rows if r.warnings),
        "failing_or_stale": sum(1 for r in rows if r.staleness == "stale"),
        "expiring_soon": expiring,
    }


def queue_counts(vault: Vault) -> dict[str, int]:
    """The cards that count other tables: run after the list and chart, never before."""
    db = vault.database()
    urgent = execute(
        db,
        "SELECT count(*) FROM discovery_findings WHERE profile_id = ? AND user_status = 'new' "
        "AND urgency IN ('critical', 'action_needed')",
        (vault.profile_id,),
    ).fetchone()[0]
    pending = execute(
        db,
        "SELECT count(*) FROM automation_scripts WHERE profile_id = ? "
        "AND approval_status = 'pending'",
        (vault.profile_id,),
    ).fetchone()[0]
    return {"urgent_findings": int(urgent), "scripts_pending": int(pending)}


def cards(vault: Vault, rows: list[KeyRow], now: datetime | None = None) -> Cards:
    return Cards(**key_cards(rows, now), **queue_counts(vault))


@dataclass(frozen=True)
class Overview:
    rows: list[KeyRow]
    cards: dict[str, int]
    providers: list[tuple[str, str]]
    projects: list[str]
    now: str
    first_trend: Trend | None  # the first key's trend, so the chart needs no second trip
    first_key: str | None = None  # whose trend that is: the key the list shows first
    refresh_interval: int = FRESH_SECONDS  # seconds, the profile's (freshness ages by it)


def list_order(row: KeyRow) -> tuple[str, str]:
    """The order the Dashboard lists keys in: by provider, then name, ignoring case."""
    return (row.provider_name.lower(), row.key_name.lower())


def overview(vault: Vault, now: datetime | None = None, days: int | None = 365) -> Overview:
    now = now or utc_now()
    interval = read_live_settings(vault).refresh_interval_seconds or FRESH_SECONDS
    rows = key_rows(vault, now, interval)
    providers = sorted({(r.provider_id, r.provider_name) for r in rows}, key=lambda p: p[1])
    projects = sorted({p for r in rows for p in r.projects})
    first_key = min(rows, key=list_order).secret_id if rows else None
    first = trend(vault, "key", first_key, days, now) if first_key else None
    return Overview(
        rows,
        key_cards(rows, now),
        providers,
        projects,
        format_timestamp(now),
        first,
        first_key,
        interval,
    )


# ---- trends -----------------------------------------------------------------------------


@dataclass
class TrendDay:
    day: str
    avg_usage: float | None
    max_usage: float | None
    cost: float | None  # month-to-date at day end (sum over keys in scope)
    successes: int
    failures: int
    health: str  # the worst state seen that day: one failing key is never outvoted
    # How many of each state: collections of the one key (key scope), else keys by the worst
    # state each had that day.
    states: dict[str, int] = field(default_factory=dict)


@dataclass
class Trend:
    scope: str
    days: list[TrendDay]  # one per calendar day in range; missing days have no entry
    start: str
    end: str
    currencies: list[str]
    snapshots_begin: str | None  # where daily summaries end and raw snapshots begin
    markers: list[dict[str, Any]]


# A summary row's worst state: from its counts, or its summary where a writer left no counts.
_WORST = (
    "CASE WHEN health_outage_count > 0 THEN 'outage' WHEN health_invalid_count > 0 THEN "
    "'invalid' WHEN health_degraded_count > 0 THEN 'degraded' WHEN health_unknown_count > 0 "
    "THEN 'unknown' WHEN health_valid_count > 0 THEN 'valid' "
    "ELSE coalesce(health_summary, 'unknown') END"
)
_TREND = f"""
SELECT summary_date,
       CASE WHEN total(usage_sample_count) > 0
            THEN total(usage_percent_sum_micro) / total(usage_sample_count) / 1000000 END,
       max(max_usage_percent), sum(total_cost), group_concat(DISTINCT cost_currency),
       total(collection_success_count), total(collection_failure_count),
       total(health_valid_count), total(health_invalid_count), total(health_degraded_count),
       total(health_outage_count), total(health_unknown_count), group_concat(health_summary),
       {", ".join(f"sum(worst = '{h}')" for h in HEALTH_STATUSES)}
FROM (SELECT *, {_WORST} AS worst FROM dashboard_daily_summaries
      WHERE summary_date BETWEEN ? AND ? {{scope}})
GROUP BY summary_date ORDER BY summary_date
"""
# total(), not sum(): a count another program wrote near 2**63 would make sum() fail with
# "integer overflow"; total() adds in floating point, exact for any real count.
_SCOPES = {"key": "AND secret_id = ?", "provider": "AND provider_id = ?", "all": ""}


def _count(value: Any) -> int:
    """A count as SQLite's total() gives it (a float): absurd values another program wrote
    may add up to infinity or NaN, which count as nothing rather than fail the trend."""
    if isinstance(value, int | float) and math.isfinite(value):
        return int(value)
    return 0


def _states(counts: list[int], summaries: str | None) -> dict[str, int]:
    """Collections per state; rows from writers without statistics count their summaries."""
    if not any(counts):
        names = (summaries or "").split(",")
        counts = [names.count(h) for h in HEALTH_STATUSES]
    return {h: c for h, c in zip(HEALTH_STATUSES, counts, strict=True) if c}


def worst_state(states: dict[str, int]) -> str:
    """The most severe state that occurred (outage > invalid > degraded > unknown > valid)."""
    return next((h for h in HEALTH_SEVERITY if states.get(h)), "unknown")


def _day_from_stats(day: str, per_key: list[DayStats], scope: str) -> TrendDay:
    """One day folded from each key's statistics (the newest days, from raw snapshots)."""
    total = DayStats()
    for stats in per_key:
        total.merge(stats)
    costs = [s.cost for s in per_key if s.cost is not None]
    if scope == "key":
        states = {h: c for h, c in total.health.items() if c}
    else:
        states = {}
        for stats in per_key:
            worst = worst_state(stats.health)
            states[worst] = states.get(worst, 0) + 1
    return TrendDay(
        day,
        total.average,
        total.usage_max,
        sum(costs) if costs else None,
        total.successes,
        total.failures,
        worst_state(states),
        states,
    )


def trend(
    vault: Vault, scope: str, target: str | None, days: int | None, now: datetime | None = None
) -> Trend:
    """Daily series for one key, one provider or all keys over the last `days` (None: all):
    the daily summaries, and the newest days from the snapshots not folded yet."""
    if scope not in _SCOPES:
        raise ValueError(scope)
    now = now or utc_now()
    db = vault.database()
    end = now.date()
    if days is None:
        first = execute(db, "SELECT min(summary_date) FROM dashboard_daily_summaries").fetchone()[0]
        start = date.fromisoformat(first) if first else end - timedelta(days=30)
    else:
        start = end - timedelta(days=days)
    params: list[Any] = [start.isoformat(), end.isoformat()]
    if scope != "all":
        params.append(target)
    by_day: dict[str, TrendDay] = {}
    currencies: set[str] = set()
    for day, avg, peak, cost, curs, ok, bad, *counts in sql.rows(
        db, _TREND.format(scope=_SCOPES[scope]), params
    ):
        currencies |= {c for c in (curs or "").split(",") if c}
        health_counts, summaries, key_states = counts[:5], counts[5], counts[6:]
        if scope == "key":
            states = _states([_count(c) for c in health_counts], summaries)
        else:
            states = {h: int(c) for h, c in zip(HEALTH_STATUSES, key_states, strict=True) if c}
        by_day[day] = TrendDay(
            day, avg, peak, cost, _count(ok), _count(bad), worst_state(states), states
        )
    for day, per_key in recent_days(
        vault, scope, target, start.isoformat(), end.isoformat()
    ).items():
        by_day[day] = _day_from_stats(day, per_key, scope)
        currencies |= {s.currency for s in per_key if s.currency}
    begin_sql = (
        "SELECT min(collected_at) FROM dashboard_snapshots WHERE 1=1 "
        + {"key": "AND secret_id = ?", "provider": "AND provider_id = ?", "all": ""}[scope]
    )
    begins = execute(db, begin_sql, params[2:]).fetchone()[0]
    return Trend(
        scope,
        [by_day[day] for day in sorted(by_day)],
        start.isoformat(),
        end.isoformat(),
        sorted(currencies),
        begins,
        finding_markers(vault, scope, target, start, end),
    )


def finding_markers(
    vault: Vault, scope: str, target: str | None, start: date, end: date, limit: int = 200
) -> list[dict[str, Any]]:
    """Pricing, deprecation and security findings of the scope's provider(s), newest first.

    A key or provider scope reads the seed's (profile_id, provider_id, discovered_at DESC)
    index; all keys read the discovered_at index, keeping critical and action-needed ones.
    """
    provider = target
    if scope == "key":
        row = execute(
            vault.database(), "SELECT provider_id FROM secrets WHERE id = ?", (target,)
        ).fetchone()
        provider = row[0] if row else None
    bounds = [
        format_timestamp(datetime(start.year, start.month, start.day, tzinfo=UTC)),
        format_timestamp(datetime(end.year, end.month, end.day, 23, 59, 59, tzinfo=UTC)),
    ]
    columns = "id, discovered_at, source_title, category, urgency"
    if scope == "all":
        sql = (
            f"SELECT {columns} FROM discovery_findings INDEXED BY discovery_findings_discovered"
            f" WHERE discovered_at BETWEEN ? AND ? AND category IN {MARKER_CATEGORIES}"
            " AND urgency IN ('critical', 'action_needed')"
        )
        params: list[Any] = bounds
    else:
        sql = (
            f"SELECT {columns} FROM discovery_findings WHERE profile_id = ? AND provider_id = ?"
            f" AND discovered_at BETWEEN ? AND ? AND category IN {MARKER_CATEGORIES}"
        )
        params = [vault.profile_id, provider, *bounds]
    rows = execute(
        vault.database(), f"{sql} ORDER BY discovered_at DESC, id DESC LIMIT {int(limit)}", params
    )
    return [
        {"id": r[0], "at": r[1], "title": r[2], "category": r[3], "urgency": r[4]} for r in rows
    ]


def trend_csv_rows(result: Trend) -> list[list[Any]]:
    """The plotted data, one row per day with data, for CSV export."""
    rows: list[list[Any]] = [
        [
            "date",
            "avg_usage_percent",
            "max_usage_percent",
            "month_to_date_cost",
            "daily_spend",
            "collection_successes",
            "collection_failures",
            "health",
        ]
    ]
    spend = daily_spend(result.days)
    for day, daily in zip(result.days, spend, strict=True):
        rows.append(
            [
                day.day,
                day.avg_usage,
                day.max_usage,
                day.cost,
                daily,
                day.successes,
                day.failures,
                day.health,
            ]
        )
    return rows


def daily_spend(days: list[TrendDay]) -> list[float | None]:
    """Spend per day from month-to-date totals; unknown where the day before is missing."""
    out: list[float | None] = []
    previous: TrendDay | None = None
    for day in days:
        value = None
        if day.cost is not None:
            current = date.fromisoformat(day.day)
            if current.day == 1:
                value = day.cost
            elif (
                previous is not None
                and previous.cost is not None
                and (date.fromisoformat(previous.day) == current - timedelta(days=1))
            ):
                value = max(0.0, day.cost - previous.cost)
        out.append(value)
        previous = day
    return out
