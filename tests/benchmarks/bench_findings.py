"""Issue 6 benchmark: the Findings list on 1,000,000 findings.

- time to the rendered first page, large vault vs small;
- extra peak memory of the window after scrolling to the very end, and whether it stays flat;
- the UI thread's longest stall while filters change;
- the first page of filtered queries vs the same SQL on a raw sqlcipher3 cursor.

Run: python -m tests.benchmarks.bench_findings --cache DIR  (reuses bench_dashboard's vaults)
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

from automation_admin.models.findings import service as findings_data
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

FILTERS = {
    "default (new, triage order)": findings_data.FindingQuery(),
    "critical, one provider": findings_data.FindingQuery(
        urgencies=("critical",), provider="openai"
    ),
    "all statuses, pricing updates": findings_data.FindingQuery(
        statuses=(), categories=("pricing_update",)
    ),
    "text search": findings_data.FindingQuery(statuses=(), text="webhook signature"),
}


def open_findings(app: QApplication, root: Path, name: str):  # type: ignore[no-untyped-def]
    return open_tab(
        app, root, name, "findings", lambda t: t.is_loaded and t.presenter.count is not None
    )


def raw_first_page(root: Path, query: findings_data.FindingQuery) -> tuple[float, float]:
    """Ours (findings_data.page) and the same statements on a raw cursor, best of five each."""
    layout = DataLayout(root / "Large")
    vault = unlock(layout, "Large", PASSPHRASE)
    try:
        captured: list[tuple[str, tuple]] = []
        db = vault.database()
        original = db.execute_sql

        def spy(sql, params=None, *a, **k):  # type: ignore[no-untyped-def]
            captured.append((sql, tuple(params or ())))
            return original(sql, params, *a, **k)

        db.execute_sql = spy  # type: ignore[method-assign]
        findings_data.page(vault, query)
        db.execute_sql = original  # type: ignore[method-assign]
        ours = best_of(5, lambda: findings_data.page(vault, query))
        key = vault.require_key().sqlcipher_key_literal()
        conn = sqlcipher.connect(str(vault.path))
        conn.execute(f"PRAGMA key = {key}")
        conn.execute("PRAGMA cache_size = -131072")

        def raw() -> None:
            for sql, params in captured:
                conn.execute(sql, params).fetchall()

        raw_time = best_of(5, raw)
        conn.close()
        return ours, raw_time
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
        # first unlock of an older cached vault builds its search index: not measured
        window, tab = open_findings(app, root, "Large")
        window.close()

        times = {}
        for name in ("Small", "Large"):
            window, tab = open_findings(app, root, name)
            times[name] = min(time_reload(app, tab, tab.model, tab.table) for _ in range(7))
            window.close()
        results.append(
            report(
                "Findings first page rendered, large vs small", times["Large"], times["Small"], 1.5
            )
        )

        before = rss_mib()
        window, tab = open_findings(app, root, "Large")
        meter = StallMeter()
        settle = time.perf_counter() + 0.5
        wait(app, lambda: time.perf_counter() > settle)
        meter.start()
        for label, change in (
            ("urgency", lambda: tab.urgency.actions_by_value["critical"].setChecked(True)),
            ("provider", lambda: tab.provider.setCurrentIndex(tab.provider.findData("openai"))),
            ("all statuses", lambda: tab.chips.button(4).click()),
            ("search", lambda: tab.search.setText("webhook")),
            ("clear search", lambda: tab.search.clear()),
            ("relevance", lambda: tab.relevance.setValue(0.5)),
        ):
            change()
            wait(app, lambda: not tab.model.loading and tab.presenter.count is not None)
            print(f"  filter change ({label}): {tab.presenter.count:,} rows", flush=True)
        print(f"  longest UI-thread stall while filters changed: {meter.longest} ms (limit 100)")
        results.append(meter.longest <= 100)

        if args.quick:
            window.close()
            print(json.dumps({"passed": sum(results), "failed": len(results) - sum(results)}))
            return 0 if all(results) else 1
        tab.relevance.setValue(0)
        tab.urgency.actions_by_value["critical"].setChecked(False)
        tab.provider.setCurrentIndex(0)
        wait(app, lambda: not tab.model.loading and tab.presenter.count is not None)
        results.append(scroll_to_end(app, tab.model, tab.table, tab.presenter.count, before))
        window.close()

        for label, query in FILTERS.items():
            ours, raw = raw_first_page(root, query)
            results.append(report(f"first page, {label}", ours, raw, 2.0))
    print(json.dumps({"passed": sum(results), "failed": len(results) - sum(results)}))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
