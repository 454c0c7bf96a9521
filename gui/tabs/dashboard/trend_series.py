"""Turning a `Trend` into plot arrays: one slot per calendar day, NaN where a day is missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np

from automation_admin.models.dashboard.service import Trend, daily_spend

HEALTH_CODES = {"valid": 0, "unknown": 1, "degraded": 2, "invalid": 3, "outage": 4}


@dataclass
class Series:
    x: np.ndarray  # Unix seconds at noon UTC of each day
    days: list[str]
    avg: np.ndarray
    peak: np.ndarray
    cost: np.ndarray
    spend: np.ndarray
    successes: np.ndarray
    failures: np.ndarray
    health: list[str | None]
    states: list[dict[str, int]]  # per day: keys (or one key's collections) in each state


def day_seconds(day: str) -> float:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, 12, tzinfo=UTC).timestamp()


def build_series(trend: Trend) -> Series:
    start, end = date.fromisoformat(trend.start), date.fromisoformat(trend.end)
    days = [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    slot = {day: i for i, day in enumerate(days)}
    n = len(days)

    def blank() -> np.ndarray:
        return np.full(n, np.nan)

    avg, peak, cost, spend, ok, bad = blank(), blank(), blank(), blank(), blank(), blank()
    health: list[str | None] = [None] * n
    states: list[dict[str, int]] = [{} for _ in range(n)]
    for row, daily in zip(trend.days, daily_spend(trend.days), strict=True):
        i = slot.get(row.day)
        if i is None:
            continue
        avg[i] = np.nan if row.avg_usage is None else row.avg_usage
        peak[i] = np.nan if row.max_usage is None else row.max_usage
        cost[i] = np.nan if row.cost is None else row.cost
        spend[i] = np.nan if daily is None else daily
        ok[i], bad[i] = row.successes, row.failures
        health[i] = row.health
        states[i] = row.states
    x = np.array([day_seconds(d) for d in days], dtype=float)
    return Series(x, days, avg, peak, cost, spend, ok, bad, health, states)


def nearest_day(series: Series, seconds: float) -> int | None:
    if not len(series.x):
        return None
    i = int(np.searchsorted(series.x, seconds))
    if i >= len(series.x):
        return len(series.x) - 1
    if i > 0 and seconds - series.x[i - 1] < series.x[i] - seconds:
        return i - 1
    return i
