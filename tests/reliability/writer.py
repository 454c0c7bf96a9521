"""Another program writing the vault: the collectors' snapshots and discovery's findings, one
short transaction each, with a busy timeout as any well-behaved SQLite program has, until a
stop file appears. Prints what it wrote and every error it met as one JSON line.

Run as `python -m tests.reliability.writer ROOT STOP_FILE` with the passphrase on stdin.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from automation_admin.models.store.index_store import IndexStore
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.timeutil import now_timestamp
from tests.raw_vault import raw_key


def main() -> None:
    layout = DataLayout(Path(sys.argv[1]))
    stop = Path(sys.argv[2])
    passphrase = sys.stdin.readline().rstrip("\n")
    profile_id = IndexStore(layout).find("Work").id
    conn = sqlcipher.connect(str(layout.vault_db(profile_id)), isolation_level=None, timeout=10.0)
    conn.execute(f"PRAGMA key = \"x'{raw_key(layout, profile_id, passphrase)}'\"")
    conn.execute("PRAGMA foreign_keys = ON")
    secrets = [r[0] for r in conn.execute("SELECT id FROM secrets ORDER BY id")]
    wrote = {"snapshots": 0, "findings": 0}
    errors: list[str] = []
    print("ready", flush=True)
    turn = 0
    while not stop.exists():
        turn += 1
        now = now_timestamp()
        try:
            conn.execute("BEGIN IMMEDIATE")
            if secrets and turn % 2:
                conn.execute(
                    "INSERT INTO dashboard_snapshots (id, profile_id, secret_id, provider_id, "
                    "collected_at, collection_method, collection_status, usage_stats_json, "
                    "health_status, service_status) VALUES (?, ?, ?, 'generic', ?, 'api', "
                    "'success', '{\"quota_used_percent\": 5}', 'valid', 'operational')",
                    (str(uuid.uuid4()), profile_id, secrets[turn % len(secrets)], now),
                )
                kind = "snapshots"
            else:
                conn.execute(
                    "INSERT INTO discovery_findings (id, profile_id, provider_id, discovered_at, "
                    "source_url, source_title, source_snippet, category, impact_summary, "
                    "action_recommendation, urgency, relevance_score, created_at) VALUES "
                    "(?, ?, 'generic', ?, 'https://example.com/w', 'Written elsewhere', 's', "
                    "'deprecation', 'i', 'a', 'advisory', 0.5, ?)",
                    (str(uuid.uuid4()), profile_id, now, now),
                )
                kind = "findings"
            conn.execute("COMMIT")
            wrote[kind] += 1
        except sqlcipher.Error as exc:
            errors.append(str(exc))
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        time.sleep(0.002)
    conn.close()
    print(json.dumps({"wrote": wrote, "errors": errors}), flush=True)


if __name__ == "__main__":
    main()
