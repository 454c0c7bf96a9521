"""Issue 7 benchmark: the script queue (large vs small), and opening a script with 1,000 runs
(the UI thread's longest stall; run history paged).

Run: python -m tests.benchmarks.bench_scripts --cache DIR  (reuses bench_dashboard's vaults)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.benchmarks.bench_dashboard import (
    StallMeter,
    ensure_demo_vaults,
    open_tab,
    time_reload,
    wait,
)
from tests.benchmarks.common import PASSPHRASE, report

BUSY_SCRIPT_TITLE = "Benchmark script with 1,000 runs"


def ensure_busy_script(root: Path) -> str:
    """A script with 1,000 executions in the Small vault (made once)."""
    with unlock(DataLayout(root / "Small"), "Small", PASSPHRASE) as vault:
        db = vault.database()
        found = db.execute_sql(
            "SELECT id FROM automation_scripts WHERE title = ?", (BUSY_SCRIPT_TITLE,)
        ).fetchone()
        if found:
            return str(found[0])
        sid = uuid7()
        db.execute_sql(
            "INSERT INTO automation_scripts (id, profile_id, provider_id, task_type, title, "
            "description, script_content, model_used, created_at, updated_at) VALUES "
            "(?, ?, 'generic', 'custom', ?, 'd', 'pass', 'm', '2026-01-01T00:00:00Z', "
            "'2026-01-01T00:00:00Z')",
            (sid, vault.profile_id, BUSY_SCRIPT_TITLE),
        )
        rows = [
            (
                uuid7(),
                vault.profile_id,
                sid,
                f"2026-10-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                "success",
            )
            for i in range(1000)
        ]
        with db.atomic():
            db.cursor().executemany(
                "INSERT INTO automation_executions (id, profile_id, script_id, started_at, "
                "status) VALUES (?, ?, ?, ?, ?)",
                rows,
            )
        return sid


def open_scripts(app: QApplication, root: Path, name: str):  # type: ignore[no-untyped-def]
    return open_tab(app, root, name, "scripts")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", help="folder with the Small and Large demo vaults")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.cache) if args.cache else Path(tmp)
        ensure_demo_vaults(root)
        busy = ensure_busy_script(root)
        times = {}
        for name in ("Small", "Large"):
            window, tab = open_scripts(app, root, name)
            times[name] = min(time_reload(app, tab, tab.model, tab.queue) for _ in range(7))
            window.close()
        results.append(
            report("script queue rendered, large vs small", times["Large"], times["Small"], 1.5)
        )
        window, tab = open_scripts(app, root, "Small")
        meter = StallMeter()
        meter.start()
        tab.show_script(busy)
        wait(
            app,
            lambda: (
                tab.info is not None
                and tab.info.row["id"] == busy
                and tab.runs.rowCount() > 0
                and not tab.runs.loading
            ),
        )
        settle = time.perf_counter() + 0.3
        wait(app, lambda: time.perf_counter() > settle)
        print(
            f"  opened a script with 1,000 runs: {tab.runs.rowCount()} runs on the first page "
            f"(paged), longest UI-thread stall {meter.longest} ms (limit 100)"
        )
        results.append(meter.longest <= 100 and tab.runs.rowCount() <= 100)
        window.close()
    print(json.dumps({"passed": sum(results), "failed": len(results) - sum(results)}))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
