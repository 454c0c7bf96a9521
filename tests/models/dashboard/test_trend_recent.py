"""Trends include the newest days from the raw snapshots, and never outvote a failing key."""

from __future__ import annotations

import json
import random

import pytest

from automation_admin.models.dashboard import service as dashboard
from automation_admin.models.jobs.retention import run_retention
from automation_admin.models.store.vault import Vault
from tests.factories import make_secret
from tests.models.dashboard.test_dashboard_queries import NOW, snapshot, summary


def test_a_key_that_turned_invalid_today_charts_invalid_today(vault: Vault) -> None:
    key = make_secret(vault)
    for day in ("2026-11-18", "2026-11-19"):
        summary(vault, key, day, health_valid_count=24, collection_success_count=24)
    for minutes in (600, 300, 120):
        snapshot(vault, key, minutes)  # this morning: still valid
    for minutes in (60, 5):
        snapshot(vault, key, minutes, health_status="invalid", collection_status="failed")
    result = dashboard.trend(vault, "key", key, 7, NOW)
    today = result.days[-1]
    assert today.day == "2026-11-20"  # the snapshots' day is charted, not only summaries
    assert today.health == "invalid"  # 3 valid and 2 invalid: the worst shows
    assert today.states == {"valid": 3, "invalid": 2}
    assert (today.successes, today.failures) == (3, 2)
    assert [d.health for d in result.days[:-1]] == ["valid", "valid"]


def test_all_keys_show_the_worst_state_and_how_many_keys_are_in_each(vault: Vault) -> None:
    keys = [make_secret(vault) for _ in range(6)]
    for number, key in enumerate(keys):
        counts = {"health_valid_count": 24}
        if number == 0:
            counts = {"health_valid_count": 20, "health_invalid_count": 4}
        summary(vault, key, "2026-11-19", **counts)
    (day,) = dashboard.trend(vault, "all", None, 7, NOW).days
    assert day.health == "invalid"  # a majority of 140 valid collections does not hide it
    assert day.states == {"valid": 5, "invalid": 1}


def test_the_chart_shows_what_retention_will_write(vault: Vault) -> None:
    """Folding the snapshots in memory gives exactly the days retention writes later."""
    rng = random.Random(5)
    keys = [make_secret(vault) for _ in range(3)]
    for key in keys:
        summary(
            vault,
            key,
            "2026-11-19",
            health_valid_count=10,
            collection_success_count=10,
            usage_sample_count=10,
            usage_percent_sum_micro=300_000_000,
            avg_usage_percent=30.0,
            max_usage_percent=40.0,
            total_cost=50.0,
            cost_currency="USD",
        )
        for minutes in range(30, 2000, 97):  # from yesterday morning to now
            usage = {"quota_used_percent": round(rng.uniform(5, 95), 3)}
            usage |= {"cost_this_month": round(50 + minutes / 100, 2), "cost_currency": "USD"}
            snapshot(
                vault,
                key,
                minutes,
                usage_stats_json=json.dumps(usage),
                health_status=rng.choice(["valid", "valid", "degraded", "invalid"]),
                collection_status=rng.choice(["success", "partial", "failed"]),
            )
    before = {
        scope: dashboard.trend(vault, scope, target, 7, NOW)
        for scope, target in (("key", keys[0]), ("all", None))
    }
    vault.database().execute_sql("UPDATE profile_settings SET snapshots_kept_per_secret = 1")
    report = run_retention(vault, NOW)
    assert report.snapshots_folded > 40
    for scope, target in (("key", keys[0]), ("all", None)):
        after = dashboard.trend(vault, scope, target, 7, NOW)
        assert [d.day for d in after.days] == [d.day for d in before[scope].days]
        for was, now in zip(before[scope].days, after.days, strict=True):
            assert now.avg_usage == pytest.approx(was.avg_usage)
            assert (now.max_usage, now.cost, now.successes, now.failures) == (
                was.max_usage,
                was.cost,
                was.successes,
                was.failures,
            )
            assert (now.health, now.states) == (was.health, was.states)


def test_absurd_counts_another_program_wrote_still_chart(vault: Vault) -> None:
    """Two keys' counts near the float maximum add up to infinity: the day is still charted
    (as nothing counted), in every scope, instead of failing the whole trend."""
    keys = [make_secret(vault) for _ in range(2)]
    for key in keys:
        summary(vault, key, "2026-11-19", collection_success_count=1e308, health_valid_count=1e308)
    for scope, target in (("all", None), ("provider", "generic"), ("key", keys[0])):
        (day,) = dashboard.trend(vault, scope, target, 7, NOW).days
        assert day.day == "2026-11-19" and isinstance(day.successes, int), scope
    (day,) = dashboard.trend(vault, "all", None, 7, NOW).days
    assert day.states == {"valid": 2}  # each key's own day is still valid
