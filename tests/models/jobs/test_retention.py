"""Retention and folding: exact, order-free, bounded, idempotent (DESIGN §2, seed §5.3)."""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from automation_admin.models.dashboard.summaries import SUMMARY_COLUMNS, fold_snapshots
from automation_admin.models.jobs.retention import run_retention
from automation_admin.models.schema.enums import COLLECTION_STATUSES, HEALTH_STATUSES
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.timeutil import format_timestamp
from automation_admin.models.store.vault import Vault
from tests.factories import CHECKPOINT, insert, make_secret, row_for

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def snapshot(vault: Vault, secret_id: str, at: datetime, **usage: Any) -> dict[str, Any]:
    health = usage.pop("health", "valid")
    status = usage.pop("status", "success")
    raw = usage.pop("raw_usage", None)
    return {
        "id": uuid7(),
        "profile_id": vault.profile_id,
        "secret_id": secret_id,
        "provider_id": "generic",
        "collected_at": format_timestamp(at),
        "collection_method": "api",
        "collection_status": status,
        "usage_stats_json": raw if raw is not None else json.dumps(usage),
        "health_status": health,
        "service_status": "operational",
    }


def summaries(vault: Vault, secret_id: str) -> list[dict[str, Any]]:
    cols = [c for c in SUMMARY_COLUMNS if c not in ("id", "secret_id")]
    rows = (
        vault.database()
        .execute_sql(
            f"SELECT {', '.join(cols)} FROM dashboard_daily_summaries WHERE secret_id = ? "
            "ORDER BY summary_date",
            (secret_id,),
        )
        .fetchall()
    )
    return [dict(zip(cols, r, strict=True)) for r in rows]


def fold_ids(vault: Vault, ids: list[str]) -> None:
    db = vault.database()
    with db.atomic():
        marks = ", ".join("?" for _ in ids)
        fold_snapshots(db, f"id IN ({marks})", ids)


def test_fold_against_hand_computed_values(vault: Vault) -> None:
    sid = make_secret(vault)
    day = datetime(2026, 11, 10, tzinfo=UTC)
    rows = [
        snapshot(
            vault,
            sid,
            day + timedelta(hours=1),
            quota_used_percent=10,
            cost_this_month=5.0,
            cost_currency="USD",
            health="valid",
        ),
        snapshot(
            vault,
            sid,
            day + timedelta(hours=2),
            quota_used_percent=20.5,
            cost_this_month=7.25,
            cost_currency="USD",
            health="degraded",
            status="partial",
        ),
        snapshot(
            vault,
            sid,
            day + timedelta(hours=3),
            cost_this_month=7.25,
            cost_currency="EUR",
            health="degraded",
            status="failed",
        ),
        snapshot(
            vault,
            sid,
            day + timedelta(hours=4),
            health="valid",
            status="failed",
            raw_usage="{not json",
        ),
        snapshot(vault, sid, day + timedelta(hours=5), quota_used_percent="high", health="outage"),
    ]
    for row in rows:
        insert(vault, "dashboard_snapshots", row)
    fold_ids(vault, [r["id"] for r in rows])
    (summary,) = summaries(vault, sid)
    assert summary["summary_date"] == "2026-11-10"
    assert summary["avg_usage_percent"] == pytest.approx(15.25)
    assert summary["max_usage_percent"] == 20.5
    assert (summary["total_cost"], summary["cost_currency"]) == (7.25, "USD")  # tie: greater code
    # valid 2, degraded 2, outage 1: a tie between valid and degraded goes to the worse
    assert summary["health_summary"] == "degraded"
    assert (summary["collection_success_count"], summary["collection_failure_count"]) == (3, 2)
    assert vault.database().execute_sql("SELECT count(*) FROM dashboard_snapshots").fetchone() == (
        0,
    )


def test_days_without_usage_have_null_averages(vault: Vault) -> None:
    sid = make_secret(vault)
    row = snapshot(vault, sid, NOW, health="unknown", status="failed")
    insert(vault, "dashboard_snapshots", row)
    fold_ids(vault, [row["id"]])
    (summary,) = summaries(vault, sid)
    assert summary["avg_usage_percent"] is None and summary["max_usage_percent"] is None
    assert summary["total_cost"] is None and summary["health_summary"] == "unknown"


snapshot_specs = st.lists(
    st.tuples(
        st.integers(0, 2),  # day
        st.integers(0, 86399),  # second of the day
        st.one_of(st.none(), st.floats(0, 100, allow_nan=False)),  # quota percent
        st.one_of(st.none(), st.floats(0, 1000, allow_nan=False)),  # cost
        st.sampled_from(["USD", "EUR", None]),
        st.sampled_from(HEALTH_STATUSES),
        st.sampled_from(COLLECTION_STATUSES),
    ),
    min_size=1,
    max_size=30,
)


def test_fold_is_exact_and_order_free_over_random_batches(vault: Vault) -> None:
    base = datetime(2026, 11, 1, tzinfo=UTC)
    db = vault.database()

    @settings(
        max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(specs=snapshot_specs, seed=st.integers(0, 2**32 - 1))
    def check(specs: list[tuple[Any, ...]], seed: int) -> None:
        rng = random.Random(seed)
        whole, batched = make_secret(vault), make_secret(vault)
        rows: dict[str, list[dict[str, Any]]] = {whole: [], batched: []}
        for day, second, pct, cost, cur, health, status in specs:
            usage: dict[str, Any] = {}
            if pct is not None:
                usage["quota_used_percent"] = pct
            if cost is not None:
                usage["cost_this_month"], usage["cost_currency"] = cost, cur
            at = base + timedelta(days=day, seconds=second)
            for sid in rows:
                rows[sid].append(snapshot(vault, sid, at, health=health, status=status, **usage))
        with db.atomic() as txn:
            for row in rows[whole]:
                insert(vault, "dashboard_snapshots", row)
            fold_ids(vault, [r["id"] for r in rows[whole]])
            pending = rows[batched][:]
            rng.shuffle(pending)
            while pending:
                cut = rng.randint(1, len(pending))
                batch, pending = pending[:cut], pending[cut:]
                for row in batch:
                    insert(vault, "dashboard_snapshots", row)
                fold_ids(vault, [r["id"] for r in batch])
            assert summaries(vault, whole) == summaries(vault, batched)
            txn.rollback()

    check()


def populate(vault: Vault, secrets: int = 3, hours: int = 72) -> list[str]:
    ids = []
    for _ in range(secrets):
        sid = make_secret(vault)
        ids.append(sid)
        for h in range(hours):
            at = NOW - timedelta(hours=h)
            insert(
                vault,
                "dashboard_snapshots",
                snapshot(
                    vault,
                    sid,
                    at,
                    quota_used_percent=h % 100,
                    cost_this_month=h,
                    cost_currency="USD",
                    status="failed" if h % 7 == 0 else "success",
                ),
            )
    return ids


def counted(vault: Vault) -> int:
    db = vault.database()
    left = db.execute_sql("SELECT count(*) FROM dashboard_snapshots").fetchone()[0]
    folded = db.execute_sql(
        "SELECT coalesce(sum(collection_success_count + collection_failure_count), 0) "
        "FROM dashboard_daily_summaries"
    ).fetchone()[0]
    return int(left + folded)


def test_keeps_newest_n_folds_the_rest_and_is_idempotent(vault: Vault) -> None:
    secrets = populate(vault)
    written = counted(vault)
    report = run_retention(vault, NOW)
    assert report.snapshots_folded == 3 * (72 - 24)
    db = vault.database()
    for sid in secrets:
        assert db.execute_sql(
            "SELECT count(*) FROM dashboard_snapshots WHERE secret_id = ?", (sid,)
        ).fetchone() == (24,)
        newest = db.execute_sql(
            "SELECT min(collected_at) FROM dashboard_snapshots WHERE secret_id = ?", (sid,)
        ).fetchone()[0]
        assert newest == format_timestamp(NOW - timedelta(hours=23))
    assert counted(vault) == written
    events = db.execute_sql(
        "SELECT count(*) FROM audit_events WHERE event_type = 'automation.retention.run'"
    ).fetchone()[0]
    before = db.execute_sql(
        "SELECT count(*), total_changes() FROM dashboard_daily_summaries"
    ).fetchone()[0]
    again = run_retention(vault, NOW)
    assert not again.changed and again.snapshots_folded == 0
    assert db.execute_sql("SELECT count(*) FROM dashboard_daily_summaries").fetchone()[0] == before
    assert (
        db.execute_sql(
            "SELECT count(*) FROM audit_events WHERE event_type = 'automation.retention.run'"
        ).fetchone()[0]
        == events
    )


def test_purges_by_age_with_their_settings(vault: Vault) -> None:
    db = vault.database()
    old, fresh = NOW - timedelta(days=100), NOW - timedelta(days=5)
    for at in (old, fresh):
        insert(
            vault,
            "discovery_findings",
            row_for(vault, "discovery_findings") | {"discovered_at": format_timestamp(at)},
        )
        insert(
            vault,
            "discovery_search_log",
            row_for(vault, "discovery_search_log") | {"searched_at": format_timestamp(at)},
        )
        execution = row_for(vault, "automation_executions") | {"started_at": format_timestamp(at)}
        insert(vault, "automation_executions", execution)
        insert(
            vault,
            "hitl_checkpoints",
            row_for(vault, "hitl_checkpoints")
            | {"execution_id": execution["id"], "decided_at": format_timestamp(fresh)},
        )
    db.execute_sql("UPDATE profile_settings SET search_log_retention_days = 200")
    report = run_retention(vault, NOW)
    assert report.purged["discovery_findings"] == 1
    assert report.purged["discovery_search_log"] == 0
    # the old run stays: its decision is inside the checkpoint policy (see below)
    assert report.purged["automation_executions"] == 0
    assert db.execute_sql("SELECT count(*) FROM hitl_checkpoints").fetchone()[0] == 2


def count(vault: Vault, table: str) -> int:
    return int(vault.database().execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_decisions_inside_their_policy_outlive_their_run_and_every_purge_is_counted(
    vault: Vault,
) -> None:
    db = vault.database()
    db.execute_sql(
        "UPDATE profile_settings SET execution_retention_days = 30, checkpoint_retention_days = 365"
    )

    def run(started: datetime, *decided: datetime) -> tuple[str, list[str]]:
        execution = row_for(vault, "automation_executions") | {
            "started_at": format_timestamp(started)
        }
        insert(vault, "automation_executions", execution)
        ids = []
        for at in decided:
            checkpoint = CHECKPOINT | {
                "id": uuid7(),
                "profile_id": vault.profile_id,
                "execution_id": execution["id"],
                "decided_at": format_timestamp(at),
            }
            insert(vault, "hitl_checkpoints", checkpoint)
            ids.append(checkpoint["id"])
        return execution["id"], ids

    day = timedelta(days=1)
    kept_run, (kept, expired) = run(NOW - 100 * day, NOW - 90 * day, NOW - 400 * day)
    bare_run, _ = run(NOW - 100 * day)
    expired_run, _ = run(NOW - 500 * day, NOW - 450 * day)
    recent_run, _ = run(NOW - 2 * day, NOW - 2 * day)
    before = {t: count(vault, t) for t in ("automation_executions", "hitl_checkpoints")}

    report = run_retention(vault, NOW)

    exists = "SELECT count(*) FROM {} WHERE id = ?"
    assert db.execute_sql(exists.format("hitl_checkpoints"), (kept,)).fetchone()[0] == 1
    assert db.execute_sql(exists.format("automation_executions"), (kept_run,)).fetchone()[0] == 1
    assert db.execute_sql(exists.format("hitl_checkpoints"), (expired,)).fetchone()[0] == 0
    for gone in (bare_run, expired_run):
        assert db.execute_sql(exists.format("automation_executions"), (gone,)).fetchone()[0] == 0
    assert db.execute_sql(exists.format("automation_executions"), (recent_run,)).fetchone()[0]
    # every run and every decision removed is in the report, cascades included
    for table, rows in before.items():
        assert rows - count(vault, table) == report.purged[table], table
    assert report.purged["hitl_checkpoints"] == 2
    assert report.purged["automation_executions"] == 2
    assert report.kept["automation_executions"] == 1

    # later on, the kept decision is past its own policy, and its run goes with it
    later = run_retention(vault, NOW + 300 * day)
    assert later.purged["hitl_checkpoints"] == 1 and later.purged["automation_executions"] == 1
    assert count(vault, "hitl_checkpoints") == count(vault, "automation_executions") == 1


def test_summaries_purged_by_date(vault: Vault) -> None:
    row = row_for(vault, "dashboard_daily_summaries") | {"summary_date": "2025-01-01"}
    insert(vault, "dashboard_daily_summaries", row)
    assert run_retention(vault, NOW).purged["dashboard_daily_summaries"] == 1


def test_old_screenshots_expire(vault: Vault) -> None:
    folder = vault.layout.screenshots_dir(vault.profile_id)
    old, new = folder / "run1" / "step1.png", folder / "run2" / "step1.png"
    for path in (old, new):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x89PNG")
    stamp = (NOW - timedelta(days=8)).timestamp()
    os.utime(old, (stamp, stamp))
    os.utime(new, (NOW.timestamp(), NOW.timestamp()))
    assert run_retention(vault, NOW).files_removed == 1
    assert not old.exists() and new.exists()


def test_retention_command_json_report(cli, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    populate(vault, secrets=1, hours=30)
    vault.lock()
    result = cli(
        "retention",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--now",
        format_timestamp(NOW),
        "--json",
        stdin="correct horse battery staple\n",
    )
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["snapshots_folded"] == 6 and report["now"] == format_timestamp(NOW)
    assert set(report["purged"]) >= {"discovery_findings", "hitl_checkpoints"}
    bad = cli(
        "retention",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--now",
        "yesterday",
        stdin="correct horse battery staple\n",
    )
    assert bad.code == 2 and "--now" in bad.err


def test_periods_below_one_day_are_refused_by_the_schema(vault: Vault) -> None:
    from automation_admin.models.store.db import DATABASE_ERRORS

    with pytest.raises(DATABASE_ERRORS):
        vault.database().execute_sql("UPDATE profile_settings SET discovery_retention_days = 0")
