"""SIGKILL at random moments, 20 times each, of retention, migration, ingest, export and a
triage in the window: afterwards the vault opens, every check passes, the schema is at one
version or the other, no row is lost or half-written, and running the work again completes.

The kill moments are spread over the whole work: the first run of each is timed, the kills
land uniformly inside that time, and every SQL statement is slowed a little (randomly), so
the process dies inside transactions as often as between them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from automation_admin.models.findings import service as findings_data
from automation_admin.models.jobs.export import export_to_file
from automation_admin.models.jobs.ingest import ingest_file
from automation_admin.models.jobs.retention import run_retention
from automation_admin.models.store.backup import list_backups
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.timeutil import format_timestamp, now_timestamp
from automation_admin.models.store.vault import Vault, unlock
from tests.conftest import PASSPHRASE
from tests.factories import insert, make_secret, row_for
from tests.raw_vault import connect
from tests.reliability.helpers import (
    PW,
    ForkServer,
    assert_healthy,
    build_root,
    copy_root,
    count,
    digest,
    findings_file,
    fork_server,
    vault_path,
)

pytestmark = pytest.mark.slow

TRIALS = 20
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SECRETS, HOURS, KEEP = 12, 60, 24


@pytest.fixture(scope="module")
def server() -> Any:
    with fork_server() as running:
        yield running


def kill_at_random(
    server: ForkServer,
    template: Path,
    work: Path,
    request: Callable[[Path], dict[str, Any]],
    after: Callable[[DataLayout, dict[str, Any]], None],
    seed: int,
    slow: tuple[float, float] = (0.0005, 0.003),
) -> list[dict[str, Any]]:
    """Time one whole run, then kill TRIALS runs at uniform moments inside it; `after`
    checks the vault each time (and runs the work again)."""
    layout = copy_root(template, work / "timing")
    whole = server.trial(**request(layout.root), seed=seed, slow=list(slow), delay=None)
    assert whole["ready"] and whole["status"] == 0, whole
    after(layout, whole)
    rng = random.Random(seed)
    answers = []
    for trial in range(TRIALS):
        layout = copy_root(template, work / "trial")
        delay = rng.uniform(0.0, whole["seconds"])
        answer = server.trial(
            **request(layout.root), seed=seed + trial, slow=list(slow), delay=delay
        )
        assert answer["ready"], answer
        answers.append(answer)
        after(layout, answer)
    killed = sum(a["killed"] for a in answers)
    assert killed >= TRIALS * 0.6, f"only {killed} of {TRIALS} runs were killed mid-work"
    return answers


def cli_request(*args: str) -> Callable[[Path], dict[str, Any]]:
    return lambda root: {
        "kind": "cli",
        "argv": ["--data-dir", str(root), *args],
        "stdin": PW,
        "log": str(root.parent / "child-error.txt"),
    }


# ---- retention ---------------------------------------------------------------------------------


def snapshots_and_old_rows(vault: Vault) -> None:
    rows = []
    for _ in range(SECRETS):
        sid = make_secret(vault)
        for h in range(HOURS):
            usage = {"quota_used_percent": h % 100, "cost_this_month": h, "cost_currency": "USD"}
            rows.append(
                (
                    uuid7(),
                    vault.profile_id,
                    sid,
                    format_timestamp(NOW - timedelta(hours=h)),
                    "failed" if h % 7 == 0 else "success",
                    json.dumps(usage),
                )
            )
    vault.database().cursor().executemany(
        "INSERT INTO dashboard_snapshots (id, profile_id, secret_id, provider_id, collected_at, "
        "collection_method, collection_status, usage_stats_json, health_status, service_status) "
        "VALUES (?, ?, ?, 'generic', ?, 'api', ?, ?, 'valid', 'operational')",
        rows,
    )
    vault.database().execute_sql("UPDATE profile_settings SET checkpoint_retention_days = 365")
    for days in range(0, 400, 10):
        at = format_timestamp(NOW - timedelta(days=days))
        insert(
            vault,
            "discovery_findings",
            row_for(vault, "discovery_findings") | {"discovered_at": at},
        )
        execution = row_for(vault, "automation_executions") | {"started_at": at}
        insert(vault, "automation_executions", execution)
        checkpoint = row_for(vault, "hitl_checkpoints")
        insert(
            vault,
            "hitl_checkpoints",
            checkpoint | {"execution_id": execution["id"], "decided_at": at},
        )


INSIDE_POLICY = "SELECT count(*) FROM hitl_checkpoints WHERE decided_at >= ?"


def snapshot_rows(layout: DataLayout) -> int:
    """Rows left + rows folded: what retention must keep equal to what was written."""
    left = count(layout, "SELECT count(*) FROM dashboard_snapshots")
    folded = count(
        layout,
        "SELECT coalesce(sum(collection_success_count + collection_failure_count), 0) "
        "FROM dashboard_daily_summaries",
    )
    return left + folded


def test_retention_killed_at_random_moments(server: ForkServer, tmp_path: Path) -> None:
    template = build_root(tmp_path / "template", snapshots_and_old_rows)
    written = snapshot_rows(DataLayout(template))
    # the checkpoint policy (365 days) decides alone which decisions stay, although the run
    # policy (90 days) would take their runs earlier
    cutoff = format_timestamp(NOW - timedelta(days=365))
    kept = count(DataLayout(template), INSIDE_POLICY, (cutoff,))

    def after(layout: DataLayout, _answer: dict[str, Any]) -> None:
        assert_healthy(layout)
        assert snapshot_rows(layout) == written
        # whenever the kill came, every decision inside its own policy is still there
        assert count(layout, INSIDE_POLICY, (cutoff,)) == kept
        with unlock(layout, "Work", PASSPHRASE) as vault:
            run_retention(vault, NOW)
        assert count(layout, "SELECT count(*) FROM hitl_checkpoints") == kept
        assert snapshot_rows(layout) == written
        assert count(layout, "SELECT count(*) FROM dashboard_snapshots") == SECRETS * KEEP
        assert_healthy(layout)

    kill_at_random(
        server,
        template,
        tmp_path,
        cli_request(
            "retention", "--profile", "Work", "--passphrase-stdin", "--now", format_timestamp(NOW)
        ),
        after,
        seed=11,
    )


# ---- migration ---------------------------------------------------------------------------------


V2_TABLES = {"dashboard_snapshots", "discovery_findings", "automation_scripts", "hitl_checkpoints"}


def test_migration_killed_at_random_moments(server: ForkServer, tmp_path: Path) -> None:
    template = build_root(
        tmp_path / "template", lambda v: [make_secret(v) for _ in range(5)], v2=False
    )
    with connect(DataLayout(template)) as conn:
        base = conn.execute("SELECT * FROM secrets ORDER BY id").fetchall()
    seen: set[int] = set()

    def after(layout: DataLayout, _answer: dict[str, Any]) -> None:
        version = assert_healthy(layout, versions=(1, 2))
        seen.add(version)
        with connect(layout) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            assert (tables >= V2_TABLES) if version == 2 else not (tables & V2_TABLES)
            assert conn.execute("SELECT * FROM secrets ORDER BY id").fetchall() == base
        with unlock(layout, "Work", PASSPHRASE) as vault:
            vault.enable_automation()
            assert vault.schema_version == 2
        assert_healthy(layout)
        assert list_backups(layout.backups_dir, _profile_id(layout))
        assert not [
            p
            for p in layout.backups_dir.iterdir()
            if ".partial" in p.name or p.name.startswith(".claim-")
        ]

    kill_at_random(
        server,
        template,
        tmp_path,
        cli_request("migrate", "--profile", "Work", "--passphrase-stdin"),
        after,
        seed=21,
        slow=(0.001, 0.006),
    )
    assert seen == {1, 2}, f"the kills never landed on both sides: {seen}"


def _profile_id(layout: DataLayout) -> str:
    return vault_path(layout).parent.name


# ---- ingest ------------------------------------------------------------------------------------

INGEST_ROWS = 1500


def test_ingest_killed_at_random_moments(server: ForkServer, tmp_path: Path) -> None:
    template = build_root(tmp_path / "template")
    rows = findings_file(tmp_path / "findings.jsonl", INGEST_ROWS)
    before = count(DataLayout(template), "SELECT count(*) FROM discovery_findings")

    def after(layout: DataLayout, _answer: dict[str, Any]) -> None:
        assert_healthy(layout)
        found = count(layout, "SELECT count(*) FROM discovery_findings")
        assert found in (before, before + INGEST_ROWS), found
        with unlock(layout, "Work", PASSPHRASE) as vault:
            assert ingest_file(vault, "discovery_findings", rows).rows == INGEST_ROWS
        assert count(layout, "SELECT count(*) FROM discovery_findings") == found + INGEST_ROWS
        assert_healthy(layout)

    kill_at_random(
        server,
        template,
        tmp_path,
        cli_request(
            "ingest", "--profile", "Work", "--passphrase-stdin", "discovery_findings", str(rows)
        ),
        after,
        seed=31,
        slow=(0.0, 0.0005),
    )


# ---- export ------------------------------------------------------------------------------------


def test_export_killed_at_random_moments(server: ForkServer, tmp_path: Path) -> None:
    from automation_admin.models.demo.generator import write_demo

    template = build_root(tmp_path / "template", lambda v: write_demo(v, "small", seed=3))
    total = count(DataLayout(template), "SELECT count(*) FROM discovery_findings")
    untouched = digest(vault_path(DataLayout(template)))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "findings.json"

    def after(layout: DataLayout, answer: dict[str, Any]) -> None:
        assert digest(vault_path(layout)) == untouched, "export only reads"
        if target.exists():
            assert len(json.loads(target.read_text())) == total
        with unlock(layout, "Work", PASSPHRASE, read_only=True) as vault:
            assert export_to_file(vault, "discovery_findings", "json", target) == total
        assert len(json.loads(target.read_text())) == total
        assert sorted(p.name for p in out_dir.iterdir()) == ["findings.json"], "no partial left"
        assert digest(vault_path(layout)) == untouched
        target.unlink()

    kill_at_random(
        server,
        template,
        tmp_path,
        cli_request(
            "export",
            "discovery_findings",
            "--profile",
            "Work",
            "--passphrase-stdin",
            "--format",
            "json",
            "--out",
            str(target),
        ),
        after,
        seed=41,
    )


# ---- a triage in the window --------------------------------------------------------------------

FINDINGS = 40


def fresh_findings(vault: Vault) -> None:
    now = now_timestamp()
    for n in range(FINDINGS):
        insert(
            vault,
            "discovery_findings",
            row_for(vault, "discovery_findings")
            | {"discovered_at": now, "created_at": now, "source_title": f"Finding {n}"},
        )


def replayed_statuses(layout: DataLayout) -> dict[str, str]:
    """Each finding's status as the audit trail tells it: triage and its audit event are
    one transaction, so the trail and the rows agree after any kill."""
    with connect(layout) as conn:
        status = {r[0]: "new" for r in conn.execute("SELECT id FROM discovery_findings")}
        events = conn.execute(
            "SELECT metadata_json_redacted FROM audit_events WHERE event_type = ? "
            "ORDER BY created_at, id",
            ("automation.finding.triaged",),
        ).fetchall()
    for (meta,) in events:
        data = json.loads(meta)
        for finding_id in data.get("ids", []):
            status[finding_id] = data["to"]
    return status


def test_window_triage_killed_at_random_moments(tmp_path: Path) -> None:
    template = build_root(tmp_path / "template", fresh_findings)

    def after(layout: DataLayout, answer: dict[str, Any]) -> None:
        assert_healthy(layout)
        with connect(layout) as conn:
            actual = dict(conn.execute("SELECT id, user_status FROM discovery_findings"))
            stamps = conn.execute(
                "SELECT count(*) FROM discovery_findings WHERE (user_status = 'new') != "
                "(reviewed_at IS NULL)"
            ).fetchone()[0]
        if not answer["killed"]:
            assert any(v != "new" for v in actual.values()), "the keys triaged nothing"
        assert len(actual) == FINDINGS
        assert actual == replayed_statuses(layout)
        assert stamps == 0
        with unlock(layout, "Work", PASSPHRASE) as vault:
            some = sorted(actual)[:5]
            findings_data.set_status(vault, some, "actioned")
        assert replayed_statuses(layout) == dict(
            (k, "actioned" if k in some else v) for k, v in actual.items()
        )

    with fork_server(gui=True) as gui:
        kill_at_random(
            gui,
            template,
            tmp_path,
            lambda root: {
                "kind": "gui",
                "root": str(root),
                "passphrase": PASSPHRASE,
                "actions": 16,
                "log": str(root.parent / "child-error.txt"),
            },
            after,
            seed=51,
            slow=(0.001, 0.004),
        )
