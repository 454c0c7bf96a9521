"""Another program writes snapshots and findings while retention runs and while the window
triages: nobody is told "locked", and no write of either side is lost."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.timeutil import format_timestamp, utc_now
from automation_admin.models.store.vault import Vault
from tests.factories import insert, make_secret, row_for
from tests.reliability.helpers import (
    PW,
    ROOT,
    assert_healthy,
    build_root,
    count,
    run_cli,
    unlocked_window,
)

pytestmark = pytest.mark.slow


@contextmanager
def other_writer(root: Path, folder: Path) -> Iterator[dict[str, Any]]:
    """Runs tests/reliability/writer.py for the length of the block; yields what it wrote."""
    stop = folder / "stop-writer"
    stop.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(root), str(stop)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(PW)
    proc.stdin.close()
    assert proc.stdout.readline() == "ready\n"
    result: dict[str, Any] = {}
    try:
        yield result
    finally:
        stop.touch()
        with proc.stdout:
            line = proc.stdout.readline()
        assert proc.wait(30) == 0
        result.update(json.loads(line))


def many_snapshots(vault: Vault) -> None:
    now = utc_now()
    rows = []
    for _ in range(20):
        sid = make_secret(vault)
        rows += [
            (uuid7(), vault.profile_id, sid, format_timestamp(now - timedelta(hours=h)))
            for h in range(1, 400)
        ]
    vault.database().cursor().executemany(
        "INSERT INTO dashboard_snapshots (id, profile_id, secret_id, provider_id, collected_at, "
        "collection_method, collection_status, usage_stats_json, health_status, service_status) "
        "VALUES (?, ?, ?, 'generic', ?, 'api', 'success', '{\"quota_used_percent\": 1}', "
        "'valid', 'operational')",
        rows,
    )


def snapshot_rows(layout: DataLayout) -> int:
    return count(layout, "SELECT count(*) FROM dashboard_snapshots") + count(
        layout,
        "SELECT coalesce(sum(collection_success_count + collection_failure_count), 0) "
        "FROM dashboard_daily_summaries",
    )


def test_retention_beside_another_writer(tmp_path: Path) -> None:
    layout = DataLayout(build_root(tmp_path / "root", many_snapshots))
    written, findings = (
        snapshot_rows(layout),
        count(layout, "SELECT count(*) FROM discovery_findings"),
    )
    with other_writer(layout.root, tmp_path) as wrote:
        time.sleep(0.2)
        result = run_cli(layout.root, "retention", "--profile", "Work", "--passphrase-stdin")
        again = run_cli(layout.root, "retention", "--profile", "Work", "--passphrase-stdin")
    assert result.code == 0 and again.code == 0, result.err + again.err
    assert "locked" not in result.err + again.err + result.out
    assert wrote["errors"] == []
    assert wrote["wrote"]["snapshots"] > 10 and wrote["wrote"]["findings"] > 10
    folded = int(re.search(r"folded (\d+) snapshots", result.out).group(1))  # type: ignore[union-attr]
    assert folded >= 20 * (399 - 24), result.out  # and the writer's newer ones push out more
    assert snapshot_rows(layout) == written + wrote["wrote"]["snapshots"]
    assert count(layout, "SELECT count(*) FROM discovery_findings") == (
        findings + wrote["wrote"]["findings"]
    )
    assert_healthy(layout)


def fresh_findings(vault: Vault) -> None:
    for n in range(60):
        at = format_timestamp(utc_now())
        insert(
            vault,
            "discovery_findings",
            row_for(vault, "discovery_findings")
            | {"discovered_at": at, "created_at": at, "source_title": f"Finding {n}"},
        )


def test_window_triage_beside_another_writer(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    layout = DataLayout(build_root(tmp_path / "root", fresh_findings))
    told: list[str] = []
    window = unlocked_window(qtbot, layout, tmp_path, told)
    session = window.session
    window.workspace.show_tab("findings")
    tab = window.workspace.pages["findings"]
    qtbot.waitUntil(lambda: tab.is_loaded and session.worker.idle, timeout=15_000)
    before = count(layout, "SELECT count(*) FROM discovery_findings")
    presses = 30
    with other_writer(layout.root, tmp_path) as wrote:
        tab.table.setFocus()
        for _ in range(presses):
            qtbot.keyClick(tab.table, Qt.Key.Key_R)
            qtbot.waitUntil(lambda: session.worker.idle, timeout=15_000)
        session.run_retention()  # the hourly retention, in the middle of it all
        qtbot.waitUntil(lambda: session.worker.idle, timeout=15_000)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert not [d for d in dialogs if d.isVisible()], [d.text() for d in dialogs]
    assert not [m for m in told if "busy" in m or "locked" in m or "did not run" in m], told
    assert wrote["errors"] == [] and wrote["wrote"]["findings"] > 10
    assert count(layout, "SELECT count(*) FROM discovery_findings") == (
        before + wrote["wrote"]["findings"]
    )
    assert (
        count(layout, "SELECT count(*) FROM discovery_findings WHERE user_status = 'reviewed'")
        == presses
    )
    assert (
        count(
            layout,
            "SELECT count(*) FROM audit_events WHERE event_type = 'automation.finding.triaged'",
        )
        == presses
    )
    window.close()
    assert_healthy(layout)
