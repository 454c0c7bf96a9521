"""Change detection: another program commits, the poll says which tables moved and what
needs the person; nothing moved, nothing is read but the pragma."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

from automation_admin.models.findings import service as findings_data
from automation_admin.models.live.events import MAX_PER_KIND, EventKind
from automation_admin.models.live.watch import ChangeWatcher
from automation_admin.models.security import read_mask, redaction
from automation_admin.models.store.errors import VaultDamaged
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.vault import Vault
from tests.factories import TS, insert, make_secret, row_for
from tests.raw_vault import committing as runner
from tests.raw_vault import insert_row as raw_insert


@pytest.fixture
def watched(vault: Vault) -> tuple[Vault, ChangeWatcher]:
    watcher = ChangeWatcher()
    watcher.start(vault)
    return vault, watcher


def test_nothing_committed_is_nothing_to_report(watched) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    assert watcher.poll(vault) is None
    assert watcher.poll(vault) is None


def test_a_finding_from_another_program_is_reported_with_its_table(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    finding = row_for(vault, "discovery_findings") | {"urgency": "critical"}
    with runner(layout) as raw:
        raw_insert(raw, "discovery_findings", finding)
    changes = watcher.poll(vault)
    assert changes is not None and changes.foreign
    assert changes.tables == {"discovery_findings"}
    assert changes.rowid_after("discovery_findings") > changes.rowid_before("discovery_findings")
    (event,) = changes.events
    assert (event.kind, event.tab, event.item) == (
        EventKind.CRITICAL_FINDING,
        "findings",
        finding["id"],
    )
    assert watcher.poll(vault) is None  # reported once


def test_an_advisory_finding_moves_the_table_but_needs_nobody(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    with runner(layout) as raw:
        raw_insert(raw, "discovery_findings", row_for(vault, "discovery_findings"))
    changes = watcher.poll(vault)
    assert changes is not None and changes.tables == {"discovery_findings"}
    assert changes.events == ()


def test_a_new_script_version_waiting_for_approval(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    script = row_for(vault, "automation_scripts") | {"title": "Rotate keys", "version": 2}
    with runner(layout) as raw:
        raw_insert(raw, "automation_scripts", script)
    changes = watcher.poll(vault)
    assert changes is not None and "automation_scripts" in changes.tables
    (event,) = changes.events
    assert event.kind == EventKind.SCRIPT_WAITING
    assert (event.item, event.title) == (script["id"], "Rotate keys (version 2)")


def test_a_run_that_finishes_failed_is_an_update_the_marks_see(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    run = row_for(vault, "automation_executions")
    insert(vault, "automation_executions", run)  # started as running, by us for brevity
    watcher.start(vault)
    with runner(layout) as raw:
        raw.execute(
            "UPDATE automation_executions SET status = 'failure', completed_at = ? WHERE id = ?",
            ("2026-11-01T10:05:00Z", run["id"]),
        )
    changes = watcher.poll(vault)
    assert changes is not None and changes.tables == {"automation_executions"}
    (event,) = changes.events
    assert (event.kind, event.item) == (EventKind.RUN_FAILED, run["script_id"])


def test_a_key_that_turns_invalid_once(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    secret = make_secret(vault)
    watcher.start(vault)

    def snapshot(health: str, at: str) -> dict[str, Any]:
        return row_for(vault, "dashboard_snapshots") | {
            "secret_id": secret,
            "health_status": health,
            "collected_at": at,
        }

    with runner(layout) as raw:
        raw_insert(raw, "dashboard_snapshots", snapshot("valid", "2026-11-01T09:00:00Z"))
    assert watcher.poll(vault).events == ()  # type: ignore[union-attr]
    with runner(layout) as raw:
        raw_insert(raw, "dashboard_snapshots", snapshot("invalid", "2026-11-01T10:00:00Z"))
    (event,) = watcher.poll(vault).events  # type: ignore[union-attr]
    assert (event.kind, event.tab, event.item) == (EventKind.KEY_INVALID, "dashboard", secret)
    with runner(layout) as raw:  # still invalid an hour later: not news
        raw_insert(raw, "dashboard_snapshots", snapshot("invalid", "2026-11-01T11:00:00Z"))
    assert watcher.poll(vault).events == ()  # type: ignore[union-attr]


def test_a_validation_that_turns_invalid(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    secret = make_secret(vault)
    insert(vault, "validations", {"secret_id": secret, "status": "valid", "checked_at": TS})
    watcher.start(vault)
    with runner(layout) as raw:
        raw.execute(
            "UPDATE validations SET status = 'invalid', checked_at = ? WHERE secret_id = ?",
            ("2026-11-01T11:00:00Z", secret),
        )
    (event,) = watcher.poll(vault).events  # type: ignore[union-attr]
    assert (event.kind, event.item) == (EventKind.KEY_INVALID, secret)
    with runner(layout) as raw:
        raw.execute("UPDATE validations SET checked_at = '2026-11-01T12:00:00Z'")
    assert watcher.poll(vault).events == ()  # type: ignore[union-attr]


def test_an_update_no_mark_sees_is_reported_as_unexplained(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    finding = row_for(vault, "discovery_findings")
    insert(vault, "discovery_findings", finding)
    watcher.start(vault)
    with runner(layout) as raw:
        raw.execute("UPDATE discovery_findings SET user_status = 'reviewed'")
    changes = watcher.poll(vault)
    assert changes is not None and changes.unexplained and not changes.tables


def test_this_programs_own_writes_are_seen_too(watched) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    insert(vault, "discovery_findings", row_for(vault, "discovery_findings"))
    changes = watcher.poll(vault)
    assert changes is not None and not changes.foreign
    assert "discovery_findings" in changes.tables


def test_settings_changed_by_another_program_come_with_the_changes(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    with runner(layout) as raw:
        raw.execute(
            "UPDATE profile_settings SET dashboard_quiet_hours_start = 22, "
            "dashboard_quiet_hours_end = 7, dashboard_refresh_interval_seconds = 600, "
            "updated_at = '2030-01-01T00:00:00Z'"
        )
    changes = watcher.poll(vault)
    assert changes is not None and changes.settings is not None
    assert (changes.settings.quiet_start, changes.settings.quiet_end) == (22, 7)
    assert changes.settings.refresh_interval_seconds == 600


def test_a_key_added_by_another_program_is_scrubbed_from_titles(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    value = "zq9-live-secret-value-7731"
    secret_id = uuid7()
    finding = row_for(vault, "discovery_findings") | {
        "urgency": "critical",
        "source_title": f"Leaked: {value}",
    }
    with runner(layout) as raw:
        raw_insert(
            raw,
            "secrets",
            {
                "id": secret_id,
                "profile_id": vault.profile_id,
                "provider_id": "generic",
                "key_name": "LEAKY",
                "secret_value_enc": vault.require_key().encrypt_secret(value, secret_id),
                "created_at": TS,
                "updated_at": TS,
            },
        )
        raw_insert(raw, "discovery_findings", finding)
    redaction.active()  # learnt before the secret existed
    (event,) = watcher.poll(vault).events  # type: ignore[union-attr]
    assert value not in event.title and "[REDACTED]" in event.title


def test_a_vault_without_automation_is_watched_on_its_base_tables(vault_v1: Vault) -> None:
    watcher = ChangeWatcher()
    settings = watcher.start(vault_v1)
    assert settings.quiet_start is None
    make_secret(vault_v1)
    changes = watcher.poll(vault_v1)
    assert changes is not None and "secrets" in changes.tables


def test_the_poll_after_a_write_reads_index_ranges_only(watched, layout) -> None:  # type: ignore[no-untyped-def]
    """No statement of the poll walks a table or a status index (a large vault has a million
    findings): every read is a seek or a range that starts where the last look stopped."""
    vault, watcher = watched
    run = row_for(vault, "automation_executions")
    insert(vault, "automation_executions", run)
    secret = make_secret(vault)
    rows = [
        ("discovery_findings", row_for(vault, "discovery_findings")),
        ("automation_scripts", row_for(vault, "automation_scripts")),
        ("dashboard_snapshots", row_for(vault, "dashboard_snapshots") | {"secret_id": secret}),
    ]
    watcher.start(vault)
    statements: list[str] = []
    with runner(layout) as raw:
        for table, row in rows:
            raw_insert(
                raw, table, row | ({"health_status": "invalid"} if "secret_id" in row else {})
            )
        raw.execute(
            "UPDATE automation_executions SET status = 'failure', completed_at = ?",
            ("2026-11-01T10:05:00Z",),
        )
    connection = vault.database().connection()
    connection.set_trace_callback(statements.append)
    try:
        assert watcher.poll(vault) is not None
    finally:
        connection.set_trace_callback(None)
    big = ("discovery_findings", "dashboard_snapshots", "automation_executions", "audit_events")
    for sql in statements:
        if not sql.startswith("SELECT"):
            continue
        plan = " | ".join(
            str(r[3]) for r in vault.database().execute_sql(f"EXPLAIN QUERY PLAN {sql}")
        )
        assert not any(f"SCAN {table}" in plan for table in big), (sql, plan)
        assert "triage_status" not in plan and "status_urgency" not in plan, (sql, plan)


def test_a_key_value_changed_in_place_is_scrubbed_from_titles(  # type: ignore[no-untyped-def]
    watched, layout, monkeypatch
) -> None:
    """The runner rotates a key's value without moving any mark of `secrets` (no new row, no
    newer updated_at) and writes a finding holding the new value in the same transaction,
    while a read less than a second ago means the read mask would not ask SQLite again yet."""
    vault, watcher = watched
    old, new = "zq9-old-secret-value-7731", "zq9-new-secret-value-8842"
    secret_id = uuid7()
    encrypt = vault.require_key().encrypt_secret
    row = {
        "id": secret_id,
        "profile_id": vault.profile_id,
        "provider_id": "generic",
        "key_name": "ROTATED",
        "secret_value_enc": encrypt(old, secret_id),
        "created_at": TS,
        "updated_at": TS,
    }
    with runner(layout) as raw:
        raw_insert(raw, "secrets", row)
    assert watcher.poll(vault) is not None  # the key as it was is learnt
    monkeypatch.setattr(read_mask, "PROBE_SECONDS", 3600.0)
    # A read just now: the read mask's next probe is an hour away.
    vault.database().execute_sql("SELECT 1").fetchall()
    finding = row_for(vault, "discovery_findings") | {
        "urgency": "critical",
        "source_title": f"Leaked: {new}",
    }
    with runner(layout) as raw:
        raw.execute(
            "UPDATE secrets SET secret_value_enc = ? WHERE id = ?",
            (encrypt(new, secret_id), secret_id),
        )
        raw_insert(raw, "discovery_findings", finding)
    changes = watcher.poll(vault)
    assert changes is not None and "secrets" not in changes.tables  # no mark of it moved
    (event,) = changes.events
    assert new not in event.title and "[REDACTED]" in event.title
    # and what the window reads next (the list refresh) is masked with the new value too
    (title,) = (
        vault.database()
        .execute_sql("SELECT source_title FROM discovery_findings WHERE id = ?", (finding["id"],))
        .fetchone()
    )
    assert new not in title


TOKEN = "Zq8vN2pLx7RtY4wKb9JmC3sHd6FgA1eUr5Tw0Xy"  # random: the long-token detector's


@pytest.mark.parametrize(
    ("title", "version"),
    [
        ("x" * 100 + " " + TOKEN, 2),  # a token where the title is shortened
        ("Rotate keys", "sk-ant-api03-" + "A1b2C3d4" * 12),  # a key where a number belongs
        ("Rotate keys", "9x" * 5_000_000),  # 10 MB of version
        ("Rotate" + " " * 10_000_000 + "sk-ant-api03-" + "A1b2C3d4" * 4, 2),  # 10 MB of space
    ],
)
def test_a_script_title_is_scrubbed_whole_and_stays_one_short_line(  # type: ignore[no-untyped-def]
    watched, layout, title: str, version: object
) -> None:
    """The schema's CHECK (version >= 1) lets any text through an INTEGER column (text sorts
    above numbers), so the version is as untrusted as the title."""
    vault, watcher = watched
    script = row_for(vault, "automation_scripts") | {"title": title, "version": version}
    with runner(layout) as raw:
        raw_insert(raw, "automation_scripts", script)
    (event,) = watcher.poll(vault).events  # type: ignore[union-attr]
    assert len(event.title) <= 160
    assert "sk-ant" not in event.title and "A1b2C3d4" not in event.title
    assert not any(TOKEN[i : i + 12] in event.title for i in range(len(TOKEN) - 11))


@pytest.mark.parametrize("how", ["replaced", "removed"])
def test_a_vault_file_replaced_while_open_stops_the_poll_and_every_write(  # type: ignore[no-untyped-def]
    watched, layout, tmp_path, how: str
) -> None:
    """Another program puts a copy (a restored backup) in the vault's place, or removes it:
    the open connection still reads and writes the old file, which is nobody's any more, so
    the runner's new rows would never show and a decision taken here would be lost."""
    vault, watcher = watched
    vault.database().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "copy.db"
    shutil.copy(vault.path, copy)
    if how == "replaced":
        os.replace(copy, vault.path)
    else:
        vault.path.unlink()
    with pytest.raises(VaultDamaged, match="replaced or removed by another program"):
        watcher.poll(vault)
    with pytest.raises(VaultDamaged, match="replaced or removed by another program"):
        findings_data.set_status(vault, [], "reviewed")


def test_thousands_at_once_are_listed_in_part_and_counted_in_full(watched, layout) -> None:  # type: ignore[no-untyped-def]
    vault, watcher = watched
    rows = [
        row_for(vault, "discovery_findings") | {"urgency": "critical"}
        for _ in range(MAX_PER_KIND + 30)
    ]
    with runner(layout) as raw:
        for row in rows:
            raw_insert(raw, "discovery_findings", row)
    changes = watcher.poll(vault)
    assert changes is not None
    assert len(changes.events) == MAX_PER_KIND  # titles read for the first ones only
    assert changes.more == {EventKind.CRITICAL_FINDING: 30}  # the rest, counted
