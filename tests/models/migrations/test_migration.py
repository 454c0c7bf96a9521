"""Version 1 to 2: backup first, one transaction, never half-applied (killed at random
moments: tests/reliability/test_kill.py)."""

from __future__ import annotations

import sqlcipher3.dbapi2 as sqlcipher

from automation_admin.models.store.backup import list_backups
from automation_admin.models.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.factories import make_secret
from tests.raw_vault import raw_key

V2_TABLES = {
    "dashboard_snapshots",
    "dashboard_daily_summaries",
    "discovery_findings",
    "discovery_search_log",
    "automation_scripts",
    "automation_executions",
    "hitl_checkpoints",
    "provider_selectors",
    "service_recommendations",
}


def tables(vault: Vault) -> set[str]:
    rows = vault.database().execute_sql("SELECT name FROM sqlite_master WHERE type='table'")
    return {r[0] for r in rows}


def columns(vault: Vault, table: str) -> set[str]:
    return {r[1] for r in vault.database().execute_sql(f"PRAGMA table_info({table})")}


def test_migration_adds_everything_and_keeps_base_rows(vault_v1: Vault) -> None:
    secret_id = make_secret(vault_v1)
    before = vault_v1.database().execute_sql("SELECT * FROM secrets").fetchall()
    backup = vault_v1.enable_automation()
    assert backup is not None and backup.exists()
    assert vault_v1.schema_version == 2
    assert tables(vault_v1) >= V2_TABLES
    assert vault_v1.database().execute_sql("SELECT * FROM secrets").fetchall() == before
    row = (
        vault_v1.database()
        .execute_sql(
            "SELECT discovery_schedule_hour, snapshots_kept_per_secret FROM profile_settings"
        )
        .fetchone()
    )
    assert row == (3, 24)
    assert secret_id


def test_migration_twice_does_nothing(vault: Vault) -> None:
    assert vault.enable_automation() is None
    assert len(list_backups(vault.layout.backups_dir, vault.profile_id)) == 1


def test_backup_is_an_encrypted_copy_at_version_1(vault: Vault) -> None:
    (backup,) = list_backups(vault.layout.backups_dir, vault.profile_id)
    assert not backup.read_bytes()[:16].startswith(b"SQLite format 3")
    key = raw_key(vault.layout, vault.profile_id, PASSPHRASE)
    conn = sqlcipher.connect(str(backup))
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM profile_settings").fetchone() == (1,)
    conn.close()


def test_a_version_1_program_still_reads_and_writes_its_tables(vault: Vault) -> None:
    layout, profile_id = vault.layout, vault.profile_id
    vault.lock()
    conn = sqlcipher.connect(str(layout.vault_db(profile_id)), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{raw_key(layout, profile_id, PASSPHRASE)}'\"")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(
        "INSERT INTO providers (id, display_name, created_at, updated_at) "
        "VALUES ('acme', 'Acme', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
    )
    conn.execute("UPDATE profile_settings SET auto_lock_timeout_seconds = 120")
    conn.execute(
        "INSERT INTO secrets (id, profile_id, provider_id, key_name, secret_value_enc, "
        "created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', ?, 'acme', "
        "'K', x'01', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        (profile_id,),
    )
    assert conn.execute("SELECT discovery_enabled FROM providers WHERE id='acme'").fetchone() == (
        1,
    )
    conn.close()
