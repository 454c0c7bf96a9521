"""Turning a `Trend` into plot arrays: one slot per calendar day, NaN where a day is missing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

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


# Beyond this a value is no usage, cost or count: another program wrote it, and a chart
# scaled to it (or overflowing on it) would show nothing else.
PLOTTABLE = 1e15


def plottable(value: Any) -> float:
    """A number the chart can draw, or NaN (a gap) for None, text and absurd magnitudes."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return math.nan
    number = float(value)
    return number if math.isfinite(number) and abs(number) <= PLOTTABLE else math.nan


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
        avg[i] = plottable(row.avg_usage)
        peak[i] = plottable(row.max_usage)
        cost[i] = plottable(row.cost)
        spend[i] = plottable(daily)
        ok[i], bad[i] = plottable(row.successes), plottable(row.failures)
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
