"""Issue 3 benchmark: retention's fold against hand-written SQL over the same rows.

200 secrets x 30 days of hourly snapshots; the newest 24 per secret stay.
Run: python -m tests.benchmarks.bench_retention [--secrets 200 --days 30]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from automation_admin.models.jobs.retention import run_retention
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.vault import Vault
from tests.benchmarks.common import best_of, new_vault, report

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SNAPSHOT_SQL = (
    "INSERT INTO dashboard_snapshots (id, profile_id, secret_id, provider_id, collected_at, "
    "collection_method, collection_status, usage_stats_json, health_status, service_status) "
    "VALUES (?, ?, ?, 'generic', ?, 'api', ?, ?, ?, 'operational')"
)
HAND_WRITTEN = """
INSERT INTO dashboard_daily_summaries (id, profile_id, secret_id, provider_id, summary_date,
    avg_usage_percent, max_usage_percent, total_cost, cost_currency, health_summary,
    collection_success_count, collection_failure_count)
SELECT lower(hex(randomblob(16))), profile_id, secret_id, provider_id, day,
    avg(q), max(q), max(cost), 'USD', 'valid',
    sum(collection_status != 'failed'), sum(collection_status = 'failed')
FROM (
    SELECT *, substr(collected_at, 1, 10) AS day,
        json_extract(usage_stats_json, '$.quota_used_percent') AS q,
        json_extract(usage_stats_json, '$.cost_this_month') AS cost
    FROM dashboard_snapshots WHERE id IN (
        SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY secret_id
            ORDER BY collected_at DESC, id DESC) AS n FROM dashboard_snapshots) WHERE n > 24)
)
GROUP BY secret_id, day
"""
HAND_DELETE = """
DELETE FROM dashboard_snapshots WHERE id IN (
    SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY secret_id
        ORDER BY collected_at DESC, id DESC) AS n FROM dashboard_snapshots) WHERE n > 24)
"""


def fill(vault: Vault, secrets: int, days: int) -> None:
    db = vault.database()
    key = vault.require_key()
    for s in range(secrets):
        sid = uuid7()
        db.execute_sql(
            "INSERT INTO secrets (id, profile_id, provider_id, key_name, secret_value_enc, "
            "created_at, updated_at) VALUES (?, ?, 'generic', ?, ?, ?, ?)",
            (
                sid,
                vault.profile_id,
                f"KEY_{s}",
                key.encrypt_secret(f"value-{s}-xxxxxxxx", sid),
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z",
            ),
        )
        rows = []
        for h in range(days * 24):
            at = (NOW - timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ")
            usage = json.dumps(
                {
                    "requests_today": h * 10,
                    "quota_used_percent": (h * 7) % 100,
                    "cost_this_month": h * 0.5,
                    "cost_currency": "USD",
                }
            )
            rows.append(
                (
                    uuid7(),
                    vault.profile_id,
                    sid,
                    at,
                    "failed" if h % 13 == 0 else "success",
                    usage,
                    "degraded" if h % 17 == 0 else "valid",
                )
            )
        with db.atomic():
            db.cursor().executemany(SNAPSHOT_SQL, rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--secrets", type=int, default=200)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ours_vault = new_vault(root / "ours", "Ours")
        fill(ours_vault, args.secrets, args.days)
        ours = best_of(1, lambda: run_retention(ours_vault, NOW))
        folded = (
            ours_vault.database()
            .execute_sql(
                "SELECT sum(collection_success_count + collection_failure_count) "
                "FROM dashboard_daily_summaries"
            )
            .fetchone()[0]
        )
        ours_vault.lock()
        raw_vault = new_vault(root / "raw", "Raw")
        fill(raw_vault, args.secrets, args.days)
        db = raw_vault.database()

        def hand() -> None:
            with db.atomic():
                db.execute_sql(HAND_WRITTEN)
                db.execute_sql(HAND_DELETE)

        raw = best_of(1, hand)
        raw_vault.lock()
    print(f"  folded {folded:,} snapshots of {args.secrets} secrets x {args.days} days")
    ok = report("retention fold vs INSERT...SELECT...GROUP BY + DELETE", ours, raw, 3.0)
    print(json.dumps({"passed": int(ok), "failed": int(not ok)}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
