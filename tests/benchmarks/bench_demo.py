"""Issue 3 benchmark: `demo-data` against raw executemany of the same rows.

Ours includes generating every row, scrubbing guarded columns and the screenshots; the raw
baseline replays the same batches (generated outside the timer) on a plain cursor.
Run: python -m tests.benchmarks.bench_demo [--scale large]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from automation_admin.models.demo.generator import DemoGenerator, DemoPlan, write_demo
from automation_admin.models.store.bulk import insert_sql
from tests.benchmarks.common import new_vault, report

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="large")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ours_vault = new_vault(root / "ours", "Ours", automation=True)
        start = time.perf_counter()
        result = write_demo(ours_vault, args.scale, seed=5, now=NOW)
        ours = time.perf_counter() - start
        ours_vault.lock()
        total_rows = sum(result.rows.values())

        raw_vault = new_vault(root / "raw", "Raw", automation=True)
        db = raw_vault.database()
        generator = DemoGenerator(raw_vault, DemoPlan.from_scale(args.scale), 5, NOW)
        raw = 0.0
        for model, columns, rows in generator.batches(raw_vault.require_key()):
            sql = insert_sql(model._meta.table_name, columns)
            begin = time.perf_counter()
            with db.atomic("IMMEDIATE"):
                db.cursor().executemany(sql, rows)
            raw += time.perf_counter() - begin
        raw_vault.lock()
    print(
        f"  demo-data --scale {args.scale}: {total_rows:,} rows in {ours:.1f} s "
        f"({total_rows / ours:,.0f} rows/s); raw executemany {raw:.1f} s"
    )
    ok = report(f"demo-data --scale {args.scale} vs raw executemany", ours, raw, 2.0)
    print(json.dumps({"passed": int(ok), "failed": int(not ok)}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
