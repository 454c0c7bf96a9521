"""Issue 2 benchmarks: unlock, ingest and export against a raw sqlcipher3 cursor.

Run: python -m tests.benchmarks.bench_foundation [--findings 1000000]
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from automation_admin.models.jobs.export import write_export
from automation_admin.models.jobs.ingest import ingest_file
from automation_admin.models.store.index_store import IndexStore
from automation_admin.models.store.keys import derive_kek
from automation_admin.models.store.vault import Vault
from tests.benchmarks.common import (
    PASSPHRASE,
    best_of,
    finding_rows,
    new_vault,
    report,
    write_jsonl,
)


def raw_connect(path: Path, key_literal: str) -> sqlcipher.Connection:
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = {key_literal}")
    return conn


def bench_unlock(vault: Vault) -> bool:
    layout, profile = vault.layout, vault.profile
    key_literal = vault.require_key().sqlcipher_key_literal()
    path = vault.path
    vault.lock()
    meta = IndexStore(layout).vault_meta(profile.id)
    kek = derive_kek(PASSPHRASE, meta.kdf_salt, meta.kdf_params)

    def ours() -> None:
        fresh_meta = IndexStore(layout).vault_meta(profile.id)
        Vault.open(layout, profile, fresh_meta, kek).lock()

    def raw() -> None:
        conn = raw_connect(path, key_literal)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    return report(
        "unlock minus KDF (index read + unwrap + open + probe)",
        best_of(50, ours),
        best_of(50, raw),
        3.0,
    )


def _raw_insert(path: Path, key_literal: str, sql: str, tuples: list[tuple]) -> None:
    conn = raw_connect(path, key_literal)
    conn.execute("PRAGMA cache_size = -131072")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(sql, tuples)
    conn.execute("COMMIT")
    conn.close()


def bench_ingest(root: Path, n: int) -> bool:
    """Each run gets a fresh vault with the same schema and indexes; best of two, alternating."""
    ours_times: list[float] = []
    raw_times: list[float] = []
    for attempt in range(2):
        vault = new_vault(root / f"ingest-ours-{attempt}", f"Ours{attempt}")
        rows = finding_rows(vault.profile_id, n)
        source = root / f"findings-{attempt}.jsonl"
        write_jsonl(source, rows)
        ours_times.append(
            best_of(1, functools.partial(ingest_file, vault, "discovery_findings", source))
        )
        vault.lock()

        raw_vault = new_vault(root / f"ingest-raw-{attempt}", f"Raw{attempt}")
        columns = list(rows[0])
        sql = (
            f"INSERT INTO discovery_findings ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        for row in rows:
            row["profile_id"] = raw_vault.profile_id
        tuples = [tuple(r[c] for c in columns) for r in rows]
        key_literal = raw_vault.require_key().sqlcipher_key_literal()
        path = raw_vault.path
        raw_vault.lock()
        raw_times.append(best_of(1, functools.partial(_raw_insert, path, key_literal, sql, tuples)))
    ours, raw_time = min(ours_times), min(raw_times)
    print(
        f"  ingest throughput: ours {n / ours:,.0f} rows/s, raw executemany {n / raw_time:,.0f}"
        " rows/s (raw gets pre-built tuples; ours reads, parses, validates and batches)"
    )
    return report(f"ingest {n:,} findings (JSONL) vs raw executemany", ours, raw_time, 2.0)


def bench_export(root: Path, n: int) -> bool:
    vault = new_vault(root / "export", "Export")
    db = vault.database()
    batch = 50_000
    columns = None
    for start in range(0, n, batch):
        rows = finding_rows(vault.profile_id, min(batch, n - start), seed=start)
        columns = columns or list(rows[0])
        sql = (
            f"INSERT INTO discovery_findings ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        with db.atomic():
            db.cursor().executemany(sql, [tuple(r[c] for c in columns) for r in rows])
    print(f"  loaded {n:,} findings", flush=True)

    def ours() -> None:
        with open(os.devnull, "w") as out:
            write_export(vault, "discovery_findings", "csv", out)

    key_literal = vault.require_key().sqlcipher_key_literal()
    from automation_admin.models.jobs.export import exported_columns

    names = exported_columns(vault, "discovery_findings")

    def raw() -> None:
        conn = raw_connect(vault.path, key_literal)
        conn.execute("PRAGMA cache_size = -131072")
        cur = conn.execute(f"SELECT {', '.join(names)} FROM discovery_findings")
        with open(os.devnull, "w") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(names)
            writer.writerows(cur)
        conn.close()

    ok = report(
        f"export {n:,} findings to CSV vs raw cursor", best_of(2, ours), best_of(2, raw), 2.0
    )
    vault.lock()
    cmd = [
        sys.executable,
        "-m",
        "tests.benchmarks.export_child",
        str(root / "export"),
        "Export",
        str(n),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    early, final = (int(v) for v in out.stdout.split())
    flat = final <= early * 1.10
    print(
        f"  export peak RSS: {early / 1024:.0f} MiB after {n // 10:,} rows, "
        f"{final / 1024:.0f} MiB after {n:,} rows ({'flat' if flat else 'GROWS'})"
    )
    return ok and flat


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ingest", type=int, default=100_000)
    parser.add_argument("--findings", type=int, default=1_000_000)
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        results = [
            bench_unlock(new_vault(root / "unlock", "Unlock")),
            bench_ingest(root, args.ingest),
            bench_export(root, args.findings),
        ]
    print(json.dumps({"passed": sum(results), "failed": len(results) - sum(results)}))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
