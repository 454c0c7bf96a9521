"""Run in a fresh process, as the automation runner: one small write to a demo vault (three
findings, a script's next version, a snapshot), committed at once.

python -m tests.benchmarks.live_writer ROOT NAME [SCRIPT_ID]
"""

from __future__ import annotations

import sys
from pathlib import Path

from automation_admin.models.store.paths import DataLayout
from tests.benchmarks.common import PASSPHRASE
from tests.gui.live.runner import add_finding, add_script_version, add_snapshot
from tests.raw_vault import connect


def write(layout: DataLayout, name: str, script_id: str | None = None) -> None:
    with connect(layout, name, PASSPHRASE) as raw:
        provider, secret = raw.execute("SELECT provider_id, id FROM secrets LIMIT 1").fetchone()
        for n in range(3):
            add_finding(raw, provider, f"Benchmark advisory {n}")
        if script_id is not None:
            add_script_version(raw, script_id)
        add_snapshot(raw, secret, "valid")
        raw.commit()


if __name__ == "__main__":
    root, name, *rest = sys.argv[1:]
    write(DataLayout(Path(root) / name), name, rest[0] if rest else None)
