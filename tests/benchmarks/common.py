"""Helpers for benchmarks: ratios against a raw baseline measured in the same run."""

from __future__ import annotations

import gc
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.keys import KdfParams
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.profiles import create_profile
from automation_admin.models.store.vault import Vault, unlock

BENCH_KDF = KdfParams(memory_kib=8192, time_cost=1)
PASSPHRASE = "bench"


def best_of(runs: int, func: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def rss_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def report(name: str, ours: float, raw: float, limit: float) -> bool:
    ratio = ours / raw if raw else float("inf")
    verdict = "ok" if ratio <= limit else "OVER"
    print(
        f"{name:<52} ours {ours * 1000:10.2f} ms  raw {raw * 1000:10.2f} ms  "
        f"ratio {ratio:5.2f} (limit {limit})  {verdict}",
        flush=True,
    )
    return ratio <= limit


def new_vault(root: Path, name: str = "Bench", automation: bool = True) -> Vault:
    layout = DataLayout(root)
    create_profile(layout, name, PASSPHRASE, BENCH_KDF)
    vault = unlock(layout, name, PASSPHRASE)
    if automation:
        vault.enable_automation()
    return vault


CATEGORIES = (
    "capability_change",
    "pricing_update",
    "deprecation",
    "security_advisory",
    "new_alternative",
    "service_modification",
)
URGENCIES = ("informational", "advisory", "action_needed", "critical")
STATUSES = ("new", "reviewed", "dismissed", "actioned")


def finding_rows(profile_id: str, n: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    base = 1_760_000_000
    rows = []
    for i in range(n):
        t = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + i * 30))
        rows.append(
            {
                "id": uuid7(),
                "profile_id": profile_id,
                "provider_id": "generic",
                "discovered_at": t,
                "source_url": f"https://example.com/news/{i}",
                "source_title": f"Change {i} to the platform API",
                "source_snippet": "The provider announced changes to rate limits and pricing tiers "
                * 2,
                "category": rng.choice(CATEGORIES),
                "impact_summary": "Keys on the old tier are affected.",
                "action_recommendation": "Review usage and move to the new tier.",
                "urgency": rng.choice(URGENCIES),
                "relevance_score": round(rng.random(), 3),
                "user_status": rng.choice(STATUSES),
                "reviewed_at": None,
                "user_notes": None,
                "created_at": t,
            }
        )
    return rows


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
