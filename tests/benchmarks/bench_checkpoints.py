"""Issue 8 benchmark: the Checkpoints list on 500,000 decisions.

- time to the rendered first page, large vault vs small (limit 1.5);
- the UI thread's longest stall while filters, the week and the sort change (limit 100 ms);
- extra peak memory after scrolling to the very end of the list (limit 150 MB), and flat;
- the first page vs the same SQL on a raw sqlcipher3 cursor (limit 2).

Run: python -m tests.benchmarks.bench_checkpoints --cache DIR  (reuses bench_dashboard's vaults)
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

import sqlcipher3.dbapi2 as sqlcipher
from PySide6.QtWidgets import QApplication

from automation_admin.gui.qtmodels.checkpoints_model import COL_SCRIPT
from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import unlock
from tests.benchmarks.bench_dashboard import (
    StallMeter,
    ensure_demo_vaults,
    open_tab,
    scroll_to_end,
    time_reload,
    wait,
)
from tests.benchmarks.common import PASSPHRASE, best_of, report, rss_mib


def open_checkpoints(app: QApplication, root: Path, name: str):  # type: ignore[no-untyped-def]
    return open_tab(app, root, name, "checkpoints", settled)


def settled(tab) -> bool:  # type: ignore[no-untyped-def]
    return not tab.model.loading and tab.weeks is not None and tab.session.worker.idle


def raw_first_page(root: Path) -> tuple[float, float]:
    """Ours (checkpoints_data.page) and the same statement on a raw cursor, best of seven each."""
    layout = DataLayout(root / "Large")
    vault = unlock(layout, "Large", PASSPHRASE)
    try:
        ours = best_of(7, lambda: checkpoints_data.page(vault, checkpoints_data.CheckpointQuery()))
        sql = (
            f"{checkpoints_data.LIST_SQL} WHERE 1 = 1 "
            "ORDER BY c.decided_at DESC, c.id DESC LIMIT 201"
        )
        conn = sqlcipher.connect(str(vault.path))
        conn.execute(f"PRAGMA key = {vault.require_key().sqlcipher_key_literal()}")
        conn.execute("PRAGMA cache_size = -131072")
        raw = best_of(7, lambda: conn.execute(sql).fetchall())
        conn.close()
        return ours, raw
    finally:
        vault.lock()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", help="folder with the Small and Large demo vaults")
    parser.add_argument("--quick", action="store_true", help="skip scrolling to the end")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.cache) if args.cache else Path(tmp)
        ensure_demo_vaults(root)

        times = {}
        for name in ("Small", "Large"):
            window, tab = open_checkpoints(app, root, name)
            times[name] = min(time_reload(app, tab, tab.model, tab.table) for _ in range(7))
            start = time.perf_counter()
            tab.reload()
            wait(app, lambda tab=tab: settled(tab))
            print(
                f"  {name}: {tab.model.rowCount():,} rows on the first page; weekly chart of "
                f"{sum(sum(c.values()) for _w, c in tab.weeks):,} decisions ready in "
                f"{(time.perf_counter() - start) * 1000:.0f} ms (worker thread)"
            )
            window.close()
        results.append(
            report(
                "Checkpoints first page rendered, large vs small",
                times["Large"],
                times["Small"],
                1.5,
            )
        )

        before = rss_mib()
        window, tab = open_checkpoints(app, root, "Large")
        meter = StallMeter()
        settle = time.perf_counter() + 0.5
        wait(app, lambda: time.perf_counter() > settle)
        meter.start()
        busiest = max(tab.weeks, key=lambda week: sum(week[1].values()))[0]
        for label, change in (
            ("decision", lambda: tab.decisions.actions_by_value["rejected"].setChecked(True)),
            ("type", lambda: tab.types.actions_by_value["billing"].setChecked(True)),
            ("provider", lambda: tab.provider.setCurrentIndex(tab.provider.findData("stripe"))),
            ("search", lambda: tab.search.setText("invoice")),
            ("clear search", lambda: tab.search.clear()),
            ("week", lambda: tab.pick_week(busiest)),
            (
                "sort by script",
                lambda: tab.table.horizontalHeader().sectionClicked.emit(COL_SCRIPT),
            ),
        ):
            change()
            wait(app, lambda: settled(tab))
            print(f"  filter change ({label}): {tab.summary.text()}", flush=True)
        print(f"  longest UI-thread stall while filters changed: {meter.longest} ms (limit 100)")
        results.append(meter.longest <= 100)

        if not args.quick:
            tab.open_item("no-such-run")  # every filter off in one step
            tab.clear_narrowing()
            wait(app, lambda: settled(tab))
            total = sum(sum(c.values()) for _w, c in tab.weeks)
            results.append(scroll_to_end(app, tab.model, tab.table, total, before))
        window.close()

        ours, raw = raw_first_page(root)
        results.append(report("first page, newest first", ours, raw, 2.0))
    print(json.dumps({"passed": sum(results), "failed": len(results) - sum(results)}))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
