"""Demo data: believable, complete, deterministic for a seed, and clean of secrets."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from automation_admin.models.demo.generator import DemoPlan, write_demo
from automation_admin.models.jobs.retention import run_retention
from automation_admin.models.store.errors import UsageError
from automation_admin.models.store.vault import Vault

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


@pytest.fixture
def demo(vault_v1: Vault) -> Vault:
    write_demo(vault_v1, "small", seed=3, now=NOW)
    return vault_v1


def q(vault: Vault, sql: str, *params: object) -> list[tuple]:
    return vault.database().execute_sql(sql, params).fetchall()


def test_every_table_has_rows_and_links(demo: Vault) -> None:
    plan = DemoPlan.from_scale("small")
    counts = {
        t: q(demo, f"SELECT count(*) FROM {t}")[0][0]
        for t in (
            "secrets",
            "dashboard_daily_summaries",
            "dashboard_snapshots",
            "discovery_findings",
            "discovery_search_log",
            "automation_scripts",
            "automation_executions",
            "hitl_checkpoints",
            "provider_selectors",
            "service_recommendations",
        )
    }
    assert counts["secrets"] == plan.secrets
    assert counts["discovery_findings"] == plan.findings
    assert counts["dashboard_snapshots"] == 24 * plan.secrets
    assert counts["dashboard_daily_summaries"] > 350 * plan.secrets
    assert counts["hitl_checkpoints"] >= plan.checkpoints
    assert counts["automation_executions"] == plan.executions
    assert all(counts.values()), counts
    assert q(demo, "PRAGMA foreign_key_check") == []
    assert {r[0] for r in q(demo, "SELECT DISTINCT approval_status FROM automation_scripts")} == {
        "pending",
        "approved",
        "rejected",
    }
    assert {r[0] for r in q(demo, "SELECT DISTINCT urgency FROM discovery_findings")} == {
        "informational",
        "advisory",
        "action_needed",
        "critical",
    }
    assert {r[0] for r in q(demo, "SELECT DISTINCT checkpoint_type FROM hitl_checkpoints")} == {
        "financial",
        "account",
        "irreversible",
        "api_key",
        "billing",
        "script_review",
    }


def test_charts_end_today_and_nothing_is_already_expired(demo: Vault) -> None:
    assert q(demo, "SELECT max(summary_date) FROM dashboard_daily_summaries")[0][0] == "2026-11-19"
    newest = q(demo, "SELECT max(collected_at) FROM dashboard_snapshots")[0][0]
    assert newest.startswith("2026-11-20T1")
    report = run_retention(demo, NOW)
    assert report.snapshots_folded == 0 and not any(report.purged.values()), report


def test_summaries_carry_consistent_statistics(demo: Vault) -> None:
    for avg, count, micro in q(
        demo,
        "SELECT avg_usage_percent, "
        "usage_sample_count, usage_percent_sum_micro "
        "FROM dashboard_daily_summaries LIMIT 500",
    ):
        if count:
            assert avg == pytest.approx(micro / count / 1_000_000)
        else:
            assert avg is None


def test_no_secret_value_appears_in_any_text_column(demo: Vault) -> None:
    values = demo.secret_values()
    lengths = sorted(len(v) for v in values)  # never the values: test output stays clean
    assert len(lengths) == 18 and lengths[0] >= 20
    for (table,) in q(demo, "SELECT name FROM sqlite_master WHERE type='table'"):
        columns = [r[1] for r in q(demo, f"PRAGMA table_info({table})") if r[2] == "TEXT"]
        for column in columns:
            for value in values:
                hits = q(demo, f"SELECT count(*) FROM {table} WHERE instr({column}, ?) > 0", value)
                assert hits == [(0,)], (table, column)
    errors = [
        r[0]
        for r in q(
            demo,
            "SELECT error_message_redacted FROM automation_executions "
            "WHERE error_message_redacted LIKE '%Bearer%'",
        )
    ]
    assert errors and all("[REDACTED]" in e for e in errors)


def test_scripts_are_real_python_with_placeholders(demo: Vault) -> None:
    import ast

    for content, task in q(demo, "SELECT script_content, task_type FROM automation_scripts"):
        ast.parse(content)
        assert "{{ACCOUNT_PASSWORD}}" in content
        if task != "dashboard_scrape":
            assert "checkpoint(" in content


def test_recent_failed_runs_have_real_png_screenshots(demo: Vault) -> None:
    import json
    from pathlib import Path

    paths = [
        p
        for (raw,) in q(
            demo,
            "SELECT debug_screenshot_paths_json FROM "
            "automation_executions WHERE debug_screenshot_paths_json "
            "IS NOT NULL",
        )
        for p in json.loads(raw)
    ]
    existing = [Path(p) for p in paths if Path(p).exists()]
    assert existing
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in existing)


def test_same_seed_same_rows(layout, vault_v1: Vault) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.models.store.profiles import create_profile
    from automation_admin.models.store.vault import unlock
    from tests.conftest import FAST_KDF

    write_demo(vault_v1, "small", seed=11, now=NOW)
    first = q(
        vault_v1,
        "SELECT id, source_title, urgency, user_status FROM discovery_findings ORDER BY id",
    )
    scripts = q(vault_v1, "SELECT id, script_content FROM automation_scripts ORDER BY id")
    vault_v1.lock()
    create_profile(layout, "Twin", "pw", FAST_KDF)
    with unlock(layout, "Twin", "pw") as twin:
        write_demo(twin, "small", seed=11, now=NOW)
        assert (
            q(
                twin,
                "SELECT id, source_title, urgency, user_status FROM discovery_findings ORDER BY id",
            )
            == first
        )
        assert q(twin, "SELECT id, script_content FROM automation_scripts ORDER BY id") == scripts


def test_demo_data_refuses_a_profile_with_keys(demo: Vault) -> None:
    with pytest.raises(UsageError, match="without keys"):
        write_demo(demo, "small", seed=3, now=NOW)


def test_scale_by_number(vault_v1: Vault) -> None:
    assert DemoPlan.from_scale("5000").findings == 5000
    with pytest.raises(UsageError):
        DemoPlan.from_scale("lots")


def test_review_audit_events_match_the_scripts_they_decided(demo: Vault) -> None:
    approved = dict(
        q(demo, "SELECT id, approved_at FROM automation_scripts WHERE approval_status = 'approved'")
    )
    decided = {
        json.loads(meta)["script"]: (kind, at)
        for kind, at, meta in q(
            demo,
            "SELECT event_type, created_at, metadata_json_redacted FROM audit_events "
            "WHERE event_type LIKE 'automation.script.%'",
        )
    }
    (not_pending,) = q(
        demo, "SELECT count(*) FROM automation_scripts WHERE approval_status != 'pending'"
    )[0]
    assert len(decided) == not_pending
    for script_id, approved_at in approved.items():
        assert decided[script_id] == ("automation.script.approved", approved_at)
    assert max(at for _kind, at in decided.values()) < NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
