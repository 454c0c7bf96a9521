"""Dashboard queries: latest state, staleness edges, cards, trends against hand computation."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta

import pytest

from automation_admin.models.dashboard import service as dashboard
from automation_admin.models.store.timeutil import format_timestamp
from automation_admin.models.store.vault import Vault
from tests.factories import insert, make_secret, row_for

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def summary(vault: Vault, secret_id: str, day: str, **values: object) -> None:
    from automation_admin.models.store.ids import uuid7

    row = {
        "id": uuid7(),
        "profile_id": vault.profile_id,
        "secret_id": secret_id,
        "provider_id": "generic",
        "summary_date": day,
        "health_summary": "valid",
        "collection_success_count": 0,
        "collection_failure_count": 0,
    }
    insert(vault, "dashboard_daily_summaries", row | values)


def snapshot(vault: Vault, secret_id: str, minutes_ago: float, **values: object) -> None:
    from automation_admin.models.store.ids import uuid7

    row = {
        "id": uuid7(),
        "profile_id": vault.profile_id,
        "secret_id": secret_id,
        "provider_id": "generic",
        "collection_method": "api",
        "collection_status": "success",
        "health_status": "valid",
        "service_status": "operational",
        "collected_at": format_timestamp(NOW - timedelta(minutes=minutes_ago)),
    }
    insert(vault, "dashboard_snapshots", row | values)


@pytest.mark.parametrize(
    ("minutes", "status", "interval", "expected"),
    [
        (59, "success", 3600, "fresh"),
        (60, "success", 3600, "aging"),
        (120, "success", 3600, "aging"),
        (121, "success", 3600, "stale"),
        (4, "success", 300, "fresh"),
        (5, "success", 300, "aging"),
        (11, "success", 300, "stale"),
        (23 * 60, "success", 86400, "fresh"),
        (1, "failed", 3600, "stale"),
        (None, None, 3600, "stale"),
    ],
)
def test_staleness_follows_the_refresh_interval(
    minutes: float | None, status: str | None, interval: int, expected: str
) -> None:
    at = None if minutes is None else format_timestamp(NOW - timedelta(minutes=minutes))
    assert dashboard.staleness(at, status, NOW, interval) == expected


def test_key_rows_use_the_profiles_refresh_interval(vault: Vault) -> None:
    sid = make_secret(vault)
    snapshot(vault, sid, 150)
    (row,) = dashboard.key_rows(vault, NOW)
    assert row.staleness == "stale"  # the default hourly interval: two collections missed
    assert row.next_expected == format_timestamp(NOW - timedelta(minutes=90))
    vault.database().execute_sql(
        "UPDATE profile_settings SET dashboard_refresh_interval_seconds = 14400"
    )
    (row,) = dashboard.key_rows(vault, NOW)
    assert row.staleness == "fresh"
    assert row.next_expected == format_timestamp(NOW + timedelta(minutes=90))
    assert dashboard.overview(vault, NOW).refresh_interval == 14400


@pytest.mark.parametrize("interval", [10**12, 2**63 - 1])
def test_an_interval_beyond_the_calendar_expects_no_next_collection(
    vault: Vault, interval: int
) -> None:
    """The CHECK is only `>= 60`: another program may write an interval of millennia. Every
    key is fresh and none is expected again (it was an OverflowError, a bug dialog at every
    refresh of the Dashboard)."""
    sid = make_secret(vault)
    snapshot(vault, sid, 150)
    vault.database().execute_sql(
        "UPDATE profile_settings SET dashboard_refresh_interval_seconds = ?", (interval,)
    )
    (row,) = dashboard.key_rows(vault, NOW)
    assert (row.staleness, row.next_expected) == ("fresh", None)
    assert dashboard.overview(vault, NOW).refresh_interval == interval


def test_latest_snapshot_and_its_json(vault: Vault) -> None:
    sid = make_secret(vault)
    snapshot(vault, sid, 120, usage_stats_json=json.dumps({"quota_used_percent": 10}))
    snapshot(
        vault,
        sid,
        5,
        usage_stats_json=json.dumps(
            {"quota_used_percent": 42.5, "cost_this_month": 12.3, "cost_currency": "EUR"}
        ),
        restrictions_json=json.dumps({"expiration_date": "2026-11-30"}),
        warnings_json=json.dumps(["Key expires soon"]),
        health_status="degraded",
    )
    (row,) = dashboard.key_rows(vault, NOW)
    assert (row.usage_percent, row.cost, row.currency) == (42.5, 12.3, "EUR")
    assert row.health == "degraded" and row.staleness == "fresh"
    assert row.warnings == ["Key expires soon"] and row.days_to_expiry(NOW.date()) == 10
    cards = dashboard.cards(vault, [row], NOW)
    assert (cards.active_keys, cards.keys_with_warnings, cards.expiring_soon) == (1, 1, 1)


def test_invalid_json_from_another_writer_is_kept_raw(vault: Vault) -> None:
    sid = make_secret(vault)
    snapshot(vault, sid, 5, usage_stats_json="{broken", config_attributes_json="[1, 2")
    (row,) = dashboard.key_rows(vault, NOW)
    assert row.usage_percent is None
    assert row.invalid_json == ["usage", "config"]
    assert row.usage.raw == "{broken"


def test_key_without_snapshots_is_stale_and_listed(vault: Vault) -> None:
    make_secret(vault)
    (row,) = dashboard.key_rows(vault, NOW)
    assert row.snapshot_id is None and row.staleness == "stale"


def test_trend_aggregates_by_hand_with_gaps(vault: Vault) -> None:
    a, b = make_secret(vault), make_secret(vault)
    # key a: 2 samples averaging 10 %, key b: 3 samples averaging 40 % on the same day
    summary(
        vault,
        a,
        "2026-11-10",
        avg_usage_percent=10.0,
        max_usage_percent=15.0,
        total_cost=5.0,
        cost_currency="USD",
        usage_sample_count=2,
        usage_percent_sum_micro=20_000_000,
        collection_success_count=2,
        collection_failure_count=1,
        health_valid_count=2,
        health_outage_count=1,
    )
    summary(
        vault,
        b,
        "2026-11-10",
        avg_usage_percent=40.0,
        max_usage_percent=55.0,
        total_cost=7.5,
        cost_currency="USD",
        usage_sample_count=3,
        usage_percent_sum_micro=120_000_000,
        collection_success_count=3,
        collection_failure_count=0,
        health_outage_count=2,
        health_valid_count=1,
    )
    summary(
        vault,
        a,
        "2026-11-12",
        avg_usage_percent=12.0,
        usage_sample_count=1,
        usage_percent_sum_micro=12_000_000,
        total_cost=6.0,
        cost_currency="USD",
        collection_success_count=1,
        collection_failure_count=0,
        health_valid_count=1,
    )
    result = dashboard.trend(vault, "all", None, 30, NOW)
    days = {d.day: d for d in result.days}
    assert set(days) == {"2026-11-10", "2026-11-12"}  # 11 Nov is a gap, not a zero
    tenth = days["2026-11-10"]
    assert tenth.avg_usage == pytest.approx(140 / 5)  # weighted by samples, not 25
    assert (tenth.max_usage, tenth.cost, tenth.successes, tenth.failures) == (55.0, 12.5, 5, 1)
    assert tenth.health == "valid" or tenth.health == "outage"
    assert tenth.health == "outage"  # 3 valid vs 3 outage: the tie goes to the worse
    only_a = dashboard.trend(vault, "key", a, 30, NOW)
    assert [d.avg_usage for d in only_a.days] == [10.0, 12.0]
    assert dashboard.daily_spend(only_a.days) == [None, None]  # 11 Nov missing: unknown


def test_chart_series_equal_the_summaries_including_gaps(vault: Vault) -> None:
    from automation_admin.gui.tabs.dashboard.trend_series import build_series

    a = make_secret(vault)
    for day, pct in (("2026-11-17", 10.0), ("2026-11-19", 30.0)):
        summary(
            vault,
            a,
            day,
            avg_usage_percent=pct,
            usage_sample_count=1,
            usage_percent_sum_micro=int(pct * 1e6),
            max_usage_percent=pct + 5,
            total_cost=pct,
            cost_currency="USD",
            collection_success_count=1,
            collection_failure_count=0,
            health_valid_count=1,
        )
    series = build_series(dashboard.trend(vault, "key", a, 7, NOW))
    assert series.days[0] == "2026-11-13" and series.days[-1] == "2026-11-20"
    by_day = dict(zip(series.days, series.avg, strict=True))
    assert by_day["2026-11-17"] == 10.0 and by_day["2026-11-19"] == 30.0
    assert math.isnan(by_day["2026-11-18"]) and math.isnan(by_day["2026-11-20"])
    assert series.health[series.days.index("2026-11-18")] is None


def test_month_to_date_gives_daily_spend(vault: Vault) -> None:
    a = make_secret(vault)
    for day, cost in (("2026-10-31", 90.0), ("2026-11-01", 3.0), ("2026-11-02", 7.5)):
        summary(
            vault,
            a,
            day,
            total_cost=cost,
            cost_currency="USD",
            collection_success_count=1,
            collection_failure_count=0,
        )
    result = dashboard.trend(vault, "key", a, 30, NOW)
    assert dashboard.daily_spend(result.days) == [None, 3.0, 4.5]
    rows = dashboard.trend_csv_rows(result)
    assert rows[0][0] == "date" and rows[2][:5] == ["2026-11-01", None, None, 3.0, 3.0]


def test_findings_appear_as_markers_for_the_provider(vault: Vault) -> None:
    a = make_secret(vault)
    for category in ("pricing_update", "capability_change"):
        insert(
            vault,
            "discovery_findings",
            row_for(vault, "discovery_findings")
            | {"category": category, "discovered_at": format_timestamp(NOW - timedelta(days=2))},
        )
    markers = dashboard.trend(vault, "key", a, 30, NOW).markers
    assert [m["category"] for m in markers] == ["pricing_update"]
