"""Every unlock outcome of DESIGN §2, and a vault readable by an independent SQLCipher reader."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import apsw
import pytest
import sqlcipher3.dbapi2 as sqlcipher

from automation_admin.models.store.errors import (
    VaultDamaged,
    VaultMissing,
    VaultTooNew,
    WrongPassphrase,
)
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.profiles import create_profile
from automation_admin.models.store.vault import unlock
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.raw_vault import raw_key


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_right_passphrase_opens_version_1(layout: DataLayout, profile: ProfileRecord) -> None:
    with unlock(layout, "work", PASSPHRASE) as vault:
        assert vault.schema_version == 1
        assert not vault.read_only
        assert not vault.automation_enabled


def test_unlock_by_id_and_by_name_in_any_case(layout: DataLayout, profile: ProfileRecord) -> None:
    for name in (profile.id, "WORK", " work "):
        with unlock(layout, name, PASSPHRASE) as vault:
            assert vault.profile.id == profile.id


def test_wrong_passphrase_never_touches_the_vault(
    layout: DataLayout, profile: ProfileRecord
) -> None:
    path = layout.vault_db(profile.id)
    before = (digest(path), path.stat().st_mtime_ns)
    with pytest.raises(WrongPassphrase) as err:
        unlock(layout, "Work", PASSPHRASE + "x")
    assert str(err.value) == "Wrong passphrase."
    assert (digest(path), path.stat().st_mtime_ns) == before
    assert not Path(str(path) + "-wal").exists()


def test_passphrase_is_nfc_normalised(layout: DataLayout) -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    create_profile(layout, "Accents", composed, FAST_KDF)
    with unlock(layout, "Accents", decomposed) as vault:
        assert vault.schema_version == 1


def test_replaced_vault_is_damaged_not_wrong_passphrase(
    layout: DataLayout, profile: ProfileRecord
) -> None:
    other = create_profile(layout, "Other", PASSPHRASE, FAST_KDF)
    path = layout.vault_db(profile.id)
    shutil.copyfile(layout.vault_db(other.id), path)
    before = digest(path)
    with pytest.raises(VaultDamaged) as err:
        unlock(layout, "Work", PASSPHRASE)
    assert "damaged or was replaced" in str(err.value)
    assert err.value.exit_code == 4
    assert digest(path) == before


def test_corrupted_vault_is_damaged(layout: DataLayout, profile: ProfileRecord) -> None:
    path = layout.vault_db(profile.id)
    data = bytearray(path.read_bytes())
    data[100:200] = os.urandom(100)
    path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged):
        unlock(layout, "Work", PASSPHRASE)


def test_plain_sqlite_file_in_place_of_the_vault_is_damaged(
    layout: DataLayout, profile: ProfileRecord
) -> None:
    path = layout.vault_db(profile.id)
    path.unlink()
    sqlite3.connect(path).execute("CREATE TABLE t (a)").connection.close()
    with pytest.raises(VaultDamaged):
        unlock(layout, "Work", PASSPHRASE)


def test_missing_vault(layout: DataLayout, profile: ProfileRecord) -> None:
    layout.vault_db(profile.id).unlink()
    with pytest.raises(VaultMissing) as err:
        unlock(layout, "Work", PASSPHRASE)
    assert err.value.exit_code == 4
    assert not layout.vault_db(profile.id).exists(), "unlock must not create a vault"


def test_newer_vault_opens_read_only(layout: DataLayout, profile: ProfileRecord) -> None:
    path = layout.vault_db(profile.id)
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{raw_key(layout, profile.id, PASSPHRASE)}'\"")
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()
    before = digest(path)
    with unlock(layout, "Work", PASSPHRASE) as vault:
        assert vault.read_only and vault.schema_version == 9
        with pytest.raises(VaultTooNew):
            vault.enable_automation()
        with pytest.raises(Exception, match="readonly"):
            vault.database().execute_sql("UPDATE providers SET display_name = 'x'")
    assert digest(path) == before


def test_independent_sqlcipher_reader_opens_the_vault(vault) -> None:  # type: ignore[no-untyped-def]
    profile_id, layout = vault.profile_id, vault.layout
    vault.lock()
    key = raw_key(layout, profile_id, PASSPHRASE)
    conn = apsw.Connection(str(layout.vault_db(profile_id)))
    conn.execute("PRAGMA cipher = 'sqlcipher'")
    conn.execute("PRAGMA legacy = 4")
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    assert conn.execute("PRAGMA user_version").fetchone() == (2,)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"secrets", "discovery_findings", "hitl_checkpoints"} <= tables
    assert conn.execute("SELECT display_name FROM providers").fetchall() == [("Unassigned",)]
    conn.close()
    with open(layout.vault_db(profile_id), "rb") as handle:
        assert not handle.read(16).startswith(b"SQLite format 3")


def test_files_0600_and_folders_0700(vault) -> None:  # type: ignore[no-untyped-def]
    root = vault.layout.root
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
