"""Issue 19 benchmark: every list in every header order, both ways, with and without filters.

On the `large` demo vault (1M findings, 500k checkpoints), through the data layer the tabs
use. For each list and filter the default order is measured first; every other order is then
held against it in the same run:

- first page: the first page of a new query on a cold page cache (the connection is opened
  again, so nothing the previous query read is still decrypted), best of --runs;
- each next page: the pages that follow it while scrolling, best of --runs for each one.

A line passes when its first page is within 20x the default order's first page, and its
next pages within 3x the default order's: the typical (median) next page against the
default's typical one, the slowest against the default's slowest (ratios taken against at
least 1 ms). Lists without sortable headers (Scripts, the audit trail, the search
log, selectors) hold each filter against their unfiltered default. Then memory
while reading two big sorted lists to the very end. `--costs` adds what the new indexes
cost (models/migrations/indexes.py): their size and build time on the large vault, and
their upkeep on ingest (bench_index_costs.py).

Run: python -m tests.benchmarks.bench_sorting --cache DIR [--quick] [--only LIST] [--costs]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.findings import search_log
from automation_admin.models.findings import service as findings_data
from automation_admin.models.library import recommendations as recommendations_data
from automation_admin.models.library import selectors as selectors_data
from automation_admin.models.scripts import service as scripts_data
from automation_admin.models.store.db import CACHE_KIB
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault, unlock
from tests.benchmarks.common import PASSPHRASE, rss_mib

FIRST_LIMIT = 20.0
NEXT_LIMIT = 3.0
# Ratios are taken against at least this: a page this quick reads as instant, and below it
# a ratio measures the timer and the machine's other work, not the query.
FLOOR_SECONDS = 0.001
Fetch = Callable[[Any], tuple[list[Any], Any]]


@dataclass
class Timing:
    first: float
    nexts: list[float]

    @property
    def typical(self) -> float:
        return statistics.median(self.nexts) if self.nexts else self.first

    @property
    def slowest(self) -> float:
        return max(self.nexts) if self.nexts else 0.0


def cold(vault: Vault) -> None:
    """Open the connection again: an empty page cache, and no TEMP tables."""
    db = vault.database()
    db.close()
    db.connect()


def measure(vault: Vault, fetch: Fetch, pages: int, runs: int) -> Timing:
    firsts: list[float] = []
    nexts: list[list[float]] = []
    for _ in range(runs):
        cold(vault)
        cursor = None
        for number in range(pages + 1):
            start = time.perf_counter()
            _rows, cursor = fetch(cursor)
            took = time.perf_counter() - start
            if number == 0:
                firsts.append(took)
            else:
                if len(nexts) < number:
                    nexts.append([])
                nexts[number - 1].append(took)
            if cursor is None:
                break
    return Timing(min(firsts), [min(times) for times in nexts])


@dataclass
class Case:
    filter: str
    order: str
    fetch: Fetch
    default: bool = False  # the default order: the baseline of its filter's lines
    # Lists without sortable headers compare a filter with the unfiltered default instead.
    against: str | None = None


@dataclass
class Result:
    list: str
    case: Case
    timing: Timing
    baseline: Timing

    @property
    def first_ratio(self) -> float:
        return self.timing.first / max(self.baseline.first, FLOOR_SECONDS)

    @property
    def next_ratio(self) -> float:
        """The next pages against the default order's: the typical page against its typical
        page, the slowest against its slowest (the machine's own hiccups show in both),
        whichever is worse."""
        if not self.timing.nexts:
            return 0.0
        typical = self.timing.typical / max(self.baseline.typical, FLOOR_SECONDS)
        slowest = self.timing.slowest / max(self.baseline.slowest, FLOOR_SECONDS)
        return max(typical, slowest)

    @property
    def ok(self) -> bool:
        return self.first_ratio <= FIRST_LIMIT and self.next_ratio <= NEXT_LIMIT


def show(result: Result) -> None:
    t = result.timing
    verdict = "ok" if result.ok else "OVER"
    print(
        f"  {result.case.filter:<28} {result.case.order:<18} first {t.first * 1000:8.1f} ms"
        f" ({result.first_ratio:5.1f}x)  next {t.typical * 1000:6.1f} ms typical, slowest"
        f" {t.slowest * 1000:7.1f} ms ({result.next_ratio:4.1f}x)  {verdict}",
        flush=True,
    )


# ---- the lists --------------------------------------------------------------------------

FINDING_FILTERS: dict[str, findings_data.FindingQuery] = {
    "new (the default)": findings_data.FindingQuery(),
    "all statuses": findings_data.FindingQuery(statuses=()),
    "reviewed": findings_data.FindingQuery(statuses=("reviewed",)),
    "dismissed": findings_data.FindingQuery(statuses=("dismissed",)),
    "actioned": findings_data.FindingQuery(statuses=("actioned",)),
    "all, critical": findings_data.FindingQuery(statuses=(), urgencies=("critical",)),
    "all, pricing updates": findings_data.FindingQuery(statuses=(), categories=("pricing_update",)),
    "all, one provider": findings_data.FindingQuery(statuses=(), provider="openai"),
    "new, critical, one provider": findings_data.FindingQuery(
        urgencies=("critical",), provider="openai"
    ),
    "all, last 7 days": findings_data.FindingQuery(statuses=(), date_from="LAST7"),
    "all, relevance >= 0.9": findings_data.FindingQuery(statuses=(), min_relevance=0.9),
    "all, words (90k match)": findings_data.FindingQuery(statuses=(), text="webhook signature"),
    "all, words (18k match)": findings_data.FindingQuery(statuses=(), text="waf"),
    "all, words (2.6k match)": findings_data.FindingQuery(statuses=(), text="waf free"),
    "all, words (none match)": findings_data.FindingQuery(statuses=(), text="tax deprecates"),
}
FINDING_ORDERS = [("triage", True), ("triage", False)] + [
    (sort, descending)
    for sort in ("provider", "category", "title", "discovered", "relevance", "status")
    for descending in (True, False)
]


def order_name(sort: str, descending: bool) -> str:
    return f"{sort} {'desc' if descending else 'asc'}"


def finding_cases(vault: Vault) -> list[Case]:
    newest = vault.database().execute_sql("SELECT max(discovered_at) FROM discovery_findings")
    last7 = _days_before(newest.fetchone()[0], 7)
    cases = []
    for label, base in FINDING_FILTERS.items():
        if base.date_from == "LAST7":
            base = replace(base, date_from=last7)
        for sort, descending in FINDING_ORDERS:
            query = replace(base, sort=sort, descending=descending)

            def fetch(cursor: Any, q: findings_data.FindingQuery = query) -> Any:
                page = findings_data.page(vault, q, cursor)
                return page.rows, page.cursor

            default = (sort, descending) == ("triage", True)
            cases.append(Case(label, order_name(sort, descending), fetch, default))
    return cases


CHECKPOINT_FILTERS: dict[str, dict[str, Any]] = {
    "none (the default)": {},
    "financial, rejected": {"types": ("financial",), "decisions": ("rejected",)},
    "last 30 days": {"date_from": "LAST30"},
    "one provider": {"provider": "stripe"},
    "one script": {"script_id": "SCRIPT"},
    "words": {"text": "spend"},
}


def checkpoint_cases(vault: Vault) -> list[Case]:
    db = vault.database()
    newest = db.execute_sql("SELECT max(decided_at) FROM hitl_checkpoints").fetchone()[0]
    script = db.execute_sql(
        "SELECT e.script_id FROM automation_executions e GROUP BY e.script_id "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    cases = []
    for label, fields in CHECKPOINT_FILTERS.items():
        fields = {
            k: {"LAST30": _days_before(newest, 30), "SCRIPT": script}.get(v, v)
            for k, v in fields.items()
        }
        for sort in checkpoints_data.SORTABLE:
            for descending in (True, False):
                query = checkpoints_data.CheckpointQuery(sort=sort, descending=descending, **fields)

                def fetch(cursor: Any, q: checkpoints_data.CheckpointQuery = query) -> Any:
                    return checkpoints_data.page(vault, q, cursor)

                default = (sort, descending) == ("decided", True)
                cases.append(Case(label, order_name(sort, descending), fetch, default))
    return cases


def audit_cases(vault: Vault) -> list[Case]:
    newest = vault.database().execute_sql("SELECT max(created_at) FROM audit_events")
    month = _days_before(newest.fetchone()[0], 120)
    filters: dict[str, dict[str, Any]] = {
        "none (the default)": {},
        "one event type": {"event_type": "automation.script.rejected"},
        "last 120 days": {"date_from": month},
    }
    return [
        Case(
            label,
            "created desc",
            lambda cursor, f=fields: checkpoints_data.audit_page(vault, cursor=cursor, **f),
            True,
            "none (the default)",
        )
        for label, fields in filters.items()
    ]


def search_log_cases(vault: Vault) -> list[Case]:
    filters = {
        "none (the default)": search_log.SearchLogQuery(),
        "one provider": search_log.SearchLogQuery(provider="openai"),
        "failed": search_log.SearchLogQuery(status="failed"),
        "one provider, failed": search_log.SearchLogQuery(provider="openai", status="failed"),
    }
    return [
        Case(
            label,
            "searched desc",
            lambda cursor, q=query: tuple(search_log.search_log_page(vault, q, cursor)),
            True,
            "none (the default)",
        )
        for label, query in filters.items()
    ]


def script_cases(vault: Vault) -> list[Case]:
    filters = {
        "none (the default)": scripts_data.ScriptQuery(),
        "pending": scripts_data.ScriptQuery(statuses=("pending",)),
        "one provider": scripts_data.ScriptQuery(provider="openai"),
        "one task": scripts_data.ScriptQuery(task_type="payment_config"),
        "title words": scripts_data.ScriptQuery(title="spend"),
    }
    return [
        Case(
            label,
            "queue",
            lambda cursor, q=query: scripts_data.queue_page(vault, q, cursor, 50),
            True,
            "none (the default)",
        )
        for label, query in filters.items()
    ]


def library_cases(vault: Vault) -> list[Case]:
    cases = []
    for label, query in {
        "recommendations": recommendations_data.RecommendationQuery(),
        "recommendations, new": recommendations_data.RecommendationQuery(statuses=("new",)),
    }.items():
        for descending in (True, False):
            q = replace(query, descending=descending)
            group = recommendations_data.groups(vault, q)[0].project

            def fetch(cursor: Any, q: Any = q, group: str = group) -> Any:
                return recommendations_data.page(vault, q, group, cursor)

            cases.append(Case(label, order_name("match", descending), fetch, descending))
    selectors = {
        "selectors": selectors_data.SelectorQuery(),
        "selectors, broken": selectors_data.SelectorQuery(statuses=("broken",)),
        "selectors, current only": selectors_data.SelectorQuery(current_only=True),
    }
    for label, query in selectors.items():
        cases.append(
            Case(
                label,
                "broken first",
                lambda cursor, q=query: selectors_data.page(vault, q, cursor),
                True,
                "selectors",
            )
        )
    return cases


LISTS: dict[str, Callable[[Vault], list[Case]]] = {
    "Findings": finding_cases,
    "Checkpoints": checkpoint_cases,
    "Scripts": script_cases,
    "Audit trail": audit_cases,
    "Search log": search_log_cases,
    "Library": library_cases,
}


def _days_before(timestamp: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(timestamp[:10]) - timedelta(days=days)).isoformat()


# ---- memory -----------------------------------------------------------------------------


def scroll_to_end(vault: Vault, label: str, fetch: Fetch) -> bool:
    """Read every page of a list, as the window does when scrolled to the end. The process
    grows while SQLite's page cache fills (up to CACHE_KIB), then must stay flat: the data
    layer keeps nothing per page (the Qt model keeps its own bounded page cache)."""
    cold(vault)
    cursor, pages, rows = None, 0, 0
    samples = [rss_mib()]
    slowest = 0.0
    start = time.perf_counter()
    while True:
        began = time.perf_counter()
        found, cursor = fetch(cursor)
        slowest = max(slowest, time.perf_counter() - began)
        pages, rows = pages + 1, rows + len(found)
        if pages % 100 == 0:
            samples.append(rss_mib())
        if cursor is None:
            break
    samples.append(rss_mib())
    half = samples[len(samples) // 2]
    later = max(samples[len(samples) // 2 :]) - half
    flat = later < 16
    print(
        f"  {label:<34} {rows:>9,} rows, {pages:,} pages in {time.perf_counter() - start:5.1f} s;"
        f" slowest page {slowest * 1000:6.1f} ms; memory +{max(samples) - samples[0]:5.1f} MiB"
        f" (page cache up to {CACHE_KIB // 1024} MiB), +{later:4.1f} MiB over the second half"
        f"  {'ok' if flat else 'OVER'}",
        flush=True,
    )
    return flat


# ---- main -------------------------------------------------------------------------------


def run_list(vault: Vault, name: str, pages: int, runs: int) -> list[Result]:
    print(f"{name}:", flush=True)
    results = []
    baselines: dict[str, Timing] = {}
    for case in LISTS[name](vault):
        timing = measure(vault, case.fetch, pages, runs)
        if case.default or case.filter not in baselines:
            baselines[case.filter] = timing
        baseline = baselines[case.against or case.filter]
        result = Result(name, case, timing, baseline)
        show(result)
        results.append(result)
    return results


def summary(results: list[Result]) -> None:
    print("\nSummary: worst ratios per list (against the default order, same filter)")
    for name in LISTS:
        mine = [r for r in results if r.list == name]
        if not mine:
            continue
        first = max(mine, key=lambda r: r.first_ratio)
        following = max(mine, key=lambda r: r.next_ratio)
        over = sum(not r.ok for r in mine)
        print(
            f"  {name:<12} {len(mine):4} lines, {over:3} over;  first page up to"
            f" {first.first_ratio:5.1f}x ({first.case.filter}, {first.case.order});"
            f"  next pages up to {following.next_ratio:4.1f}x ({following.case.filter},"
            f" {following.case.order})"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", help="folder with the Small and Large demo vaults")
    parser.add_argument("--quick", action="store_true", help="one run, five pages, no scroll")
    parser.add_argument("--only", choices=list(LISTS), action="append")
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--costs", action="store_true", help="also measure the indexes' costs")
    args = parser.parse_args()
    pages, runs = (5, 1) if args.quick else (args.pages, args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.cache) if args.cache else Path(tmp)
        from tests.benchmarks.bench_dashboard import ensure_demo_vaults

        ensure_demo_vaults(root)
        start = time.perf_counter()
        vault = unlock(DataLayout(root / "Large"), "Large", PASSPHRASE)
        print(f"unlocked the large vault in {time.perf_counter() - start:.1f} s", flush=True)
        results: list[Result] = []
        passed = True
        try:
            for name in args.only or LISTS:
                results += run_list(vault, name, pages, runs)
            summary(results)
            if not args.quick:
                print("\nScrolling to the end:")
                everything = findings_data.FindingQuery(statuses=(), sort="title")
                passed &= scroll_to_end(
                    vault,
                    "Findings, all statuses, by title",
                    lambda c: (lambda p: (p.rows, p.cursor))(
                        findings_data.page(vault, everything, c)
                    ),
                )
                by_provider = checkpoints_data.CheckpointQuery(sort="provider", descending=False)
                passed &= scroll_to_end(
                    vault,
                    "Checkpoints, by provider",
                    lambda c: checkpoints_data.page(vault, by_provider, c),
                )
        finally:
            vault.lock()
        if args.costs:
            from tests.benchmarks.bench_index_costs import index_costs

            index_costs(root)
    ok = sum(r.ok for r in results)
    failed = len(results) - ok + (0 if passed else 1)
    print(json.dumps({"passed": ok, "failed": failed}))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
