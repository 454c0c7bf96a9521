"""What the list indexes of issue 19 cost: size and build time, upkeep on ingest, demo-data.

- Size and build time of each on the large vault: inside a transaction that is rolled back,
  the index is dropped (its pages go to the free list: that is its size) and built again.
- Ingest: the same JSON Lines file through the ingest job into the large vault, inside a
  transaction that is rolled back, without the table's new indexes, with all of them, and
  with each alone (its own upkeep; the machine is shared, so these are best of two and
  still noisy). The full-text trigger is
  left out of these runs: it costs the same in each and much more than the indexes.
- demo-data --scale large into new vaults, without and with the new indexes.

Run through bench_sorting (--costs), or alone:
python -m tests.benchmarks.bench_index_costs --cache DIR [--no-demo]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from automation_admin.models.demo.generator import write_demo
from automation_admin.models.jobs.ingest import ingest_file
from automation_admin.models.migrations import indexes
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault, unlock
from tests.benchmarks.common import PASSPHRASE, finding_rows, new_vault, write_jsonl

# The indexes this issue added, by table.
NEW_INDEXES: dict[str, tuple[str, ...]] = {
    "discovery_findings": (
        "discovery_findings_status_provider",
        "discovery_findings_status_category",
        "discovery_findings_status_title",
        "discovery_findings_status_relevance",
        "discovery_findings_status_newest",
    ),
    "hitl_checkpoints": (
        "hitl_checkpoints_type",
        "hitl_checkpoints_decision",
        "hitl_checkpoints_description",
        "hitl_checkpoints_action",
        "hitl_checkpoints_notes",
        "hitl_checkpoints_newest",
    ),
    "discovery_search_log": (
        "discovery_search_log_status_searched",
        "discovery_search_log_provider_status_searched",
    ),
    "automation_scripts": ("automation_scripts_title", "automation_scripts_queue_filters"),
}
INGEST_ROWS = {"discovery_findings": 50_000, "hitl_checkpoints": 50_000}
RUNS = 2  # best of, for each set of indexes


def _used_pages(vault: Vault) -> int:
    db = vault.database()
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    free = db.execute_sql("PRAGMA freelist_count").fetchone()[0]
    return int(pages) - int(free)


@contextmanager
def _undone(vault: Vault) -> Iterator[None]:
    """Everything inside is rolled back, schema changes included. SQLCipher overwrites
    freed pages by default (secure_delete); nothing here is kept, so dropping an index
    need not write hundreds of megabytes of zeros first."""
    db = vault.database()
    db.execute_sql("PRAGMA secure_delete = OFF")
    try:
        with db.atomic() as transaction:
            yield
            transaction.rollback()
    finally:
        db.execute_sql("PRAGMA secure_delete = ON")


def size_and_build(vault: Vault) -> None:
    print("\nEach new index on the large vault (built again inside a rolled-back transaction):")
    db = vault.database()
    page_size = int(db.execute_sql("PRAGMA page_size").fetchone()[0])
    total_size = total_time = 0.0
    for table, names in NEW_INDEXES.items():
        for name in names:
            with _undone(vault):
                before = _used_pages(vault)
                db.execute_sql(f"DROP INDEX {name}")
                size = (before - _used_pages(vault)) * page_size / 1e6
                start = time.perf_counter()
                db.execute_sql(indexes.PERFORMANCE_INDEXES[name])
                took = time.perf_counter() - start
            total_size, total_time = total_size + size, total_time + took
            print(f"  {name:<48} {size:7.1f} MB  built in {took:5.1f} s  ({table})", flush=True)
    print(f"  {'all new indexes':<48} {total_size:7.1f} MB  built in {total_time:5.1f} s")


def _finding_rows(vault: Vault, n: int) -> list[dict[str, Any]]:
    """Findings like the vault's own (their titles, providers and categories), discovered at
    random times over the vault's span: each index takes them at random places, as a real
    feed's do, not appended at one end."""
    rng = random.Random(5)
    db = vault.database()
    samples = list(
        db.execute_sql(
            "SELECT provider_id, category, source_title, urgency, discovered_at"
            " FROM discovery_findings WHERE rowid % 997 = 1"
        )
    )
    rows = finding_rows(vault.profile_id, n, 7)
    for row in rows:
        provider, category, title, urgency, discovered = rng.choice(samples)
        row.update(
            provider_id=provider,
            category=category,
            source_title=title,
            urgency=urgency,
            discovered_at=discovered,
            created_at=discovered,
        )
    return rows


def _checkpoint_rows(vault: Vault, n: int) -> list[dict[str, Any]]:
    rng = random.Random(3)
    db = vault.database()
    runs = [r[0] for r in db.execute_sql("SELECT id FROM automation_executions LIMIT 5000")]
    types = ("financial", "account", "irreversible", "api_key", "billing", "script_review")
    rows = []
    for i in range(n):
        at = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T{i % 24:02d}:00:00Z"
        rows.append(
            {
                "id": uuid7(),
                "profile_id": vault.profile_id,
                "execution_id": rng.choice(runs),
                "checkpoint_type": rng.choice(types),
                "checkpoint_description": f"Step {rng.randint(1, 400)} of a sample run",
                "proposed_action": rng.choice(("Click 'Save'", "Revoke the previous key")),
                "context_json": {"step": i},
                "decision": rng.choice(("approved", "approved", "modified", "rejected")),
                "user_notes": "checked" if rng.random() < 0.4 else None,
                "decided_at": at,
            }
        )
    return rows


def ingest_upkeep(vault: Vault, folder: Path) -> None:
    print("\nIngest into the large vault (rolled back), by which of the new indexes exist:")
    files = {
        "discovery_findings": folder / "findings.jsonl",
        "hitl_checkpoints": folder / "checkpoints.jsonl",
    }
    write_jsonl(
        files["discovery_findings"], _finding_rows(vault, INGEST_ROWS["discovery_findings"])
    )
    write_jsonl(files["hitl_checkpoints"], _checkpoint_rows(vault, INGEST_ROWS["hitl_checkpoints"]))
    db = vault.database()
    for table, path in files.items():
        names = NEW_INDEXES[table]

        def timed(dropped: tuple[str, ...], table: str = table, path: Path = path) -> float:
            return min(once(dropped, table, path) for _ in range(RUNS))

        def once(dropped: tuple[str, ...], table: str, path: Path) -> float:
            with _undone(vault):
                # The full-text trigger costs the same in every run and far more than any
                # index here (each insert flushes the search index: about 1.6 ms a row into
                # the large vault), so it is left out to see the indexes' own upkeep.
                db.execute_sql("DROP TRIGGER discovery_findings_fts_insert")
                for name in dropped:
                    db.execute_sql(f"DROP INDEX {name}")
                start = time.perf_counter()
                ingest_file(vault, table, path)
                return time.perf_counter() - start

        rows = INGEST_ROWS[table]
        timed(names)  # warms the table's pages: the first run would pay for that
        without = timed(names)
        every = timed(())
        print(
            f"  {table}: {rows:,} rows in {without:5.1f} s without the new indexes,"
            f" {every:5.1f} s with them (+{(every / without - 1) * 100:.0f}%,"
            f" {(every - without) / rows * 1e6:.0f} µs a row)",
            flush=True,
        )
        for name in names:
            alone = timed(tuple(n for n in names if n != name))
            print(
                f"    {name:<46} alone +{max(alone - without, 0.0):5.2f} s"
                f" ({max(alone - without, 0.0) / rows * 1e6:5.0f} µs a row)",
                flush=True,
            )


def demo_data(folder: Path) -> None:
    """demo-data --scale large three ways, back to back: as before this change (the older
    list indexes kept in order row by row), the older indexes built once at the end, and
    every index built once at the end (what demo-data does now)."""
    from automation_admin.models.demo import generator

    print("\ndemo-data --scale large into a new vault:", flush=True)
    new = {name for names in NEW_INDEXES.values() for name in names}
    every = dict(indexes.PERFORMANCE_INDEXES)
    older = {k: v for k, v in every.items() if k not in new}
    deferred = generator.drop_list_indexes
    times = {}
    for label, chosen, defer in (
        ("before: older indexes, row by row", older, False),
        ("older indexes, built at the end", older, True),
        ("all indexes, built at the end", every, True),
    ):
        indexes.PERFORMANCE_INDEXES.clear()
        indexes.PERFORMANCE_INDEXES.update(chosen)
        generator.drop_list_indexes = deferred if defer else (lambda db: [])  # type: ignore[assignment]
        try:
            vault = new_vault(folder / str(len(times)), "Demo")
            start = time.perf_counter()
            write_demo(vault, "large", seed=9)
            times[label] = time.perf_counter() - start
            vault.lock()
        finally:
            indexes.PERFORMANCE_INDEXES.clear()
            indexes.PERFORMANCE_INDEXES.update(every)
            generator.drop_list_indexes = deferred  # type: ignore[assignment]
        print(f"  {label:<36} {times[label]:6.1f} s", flush=True)
    before = times["before: older indexes, row by row"]
    now = times["all indexes, built at the end"]
    print(f"  now against before: {(now / before - 1) * 100:+.0f}%")


def index_costs(root: Path, demo: bool = True) -> None:
    """Everything above, on `root`'s Large vault (no other vault may be open)."""
    vault = unlock(DataLayout(root / "Large"), "Large", PASSPHRASE)
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        try:
            size_and_build(vault)
            ingest_upkeep(vault, Path(tmp))
        finally:
            vault.lock()
        if demo:
            demo_data(Path(tmp))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", required=True, help="folder with the Large demo vault")
    parser.add_argument("--no-demo", action="store_true", help="skip demo-data (minutes)")
    args = parser.parse_args()
    index_costs(Path(args.cache), demo=not args.no_demo)
    print(json.dumps({"passed": 1, "failed": 0}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
