"""Backups under concurrency: unique names, nobody deletes a live `.partial`, stale ones go."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from automation_admin.models.store.backup import list_backups, write_backup
from automation_admin.models.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.raw_vault import raw_key

ROOT = Path(__file__).resolve().parents[3]

# A second program making a backup of the same vault in the same second, held just after
# its copy is written and before it is renamed into place.
SLOW_BACKUP = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from automation_admin.models.store import backup
    from automation_admin.models.store.vault import unlock
    from automation_admin.models.store.paths import DataLayout
    backup.utc_now = lambda: __import__("datetime").datetime(2026, 1, 1, 12, 0, 0)
    real_fsync = os.fsync
    def held_fsync(fd):
        sys.stdout.write("ready\\n"); sys.stdout.flush()
        time.sleep(float(sys.argv[2]))
        real_fsync(fd)
    os.fsync = held_fsync
    layout = DataLayout(Path(sys.argv[1]))
    with unlock(layout, "Work", sys.stdin.readline().rstrip("\\n")) as vault:
        made = backup.write_backup(vault.database(), layout.backups_dir, vault.profile_id, 2)
    print(made.name)
    """
)


def version_of(path: Path, key: str) -> int:
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_two_programs_backing_up_at_once_both_succeed_with_their_own_files(
    vault: Vault, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from automation_admin.models.store import backup

    monkeypatch.setattr(backup, "utc_now", lambda: datetime(2026, 1, 1, 12, 0, 0))
    layout = vault.layout
    driver = tmp_path / "slow_backup.py"
    driver.write_text(SLOW_BACKUP)
    child = subprocess.Popen(
        [sys.executable, str(driver), str(layout.root), "1.5"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(PASSPHRASE + "\n")
    child.stdin.close()
    assert child.stdout.readline() == "ready\n"
    mine = write_backup(vault.database(), layout.backups_dir, vault.profile_id, 2)
    assert child.stderr is not None
    with child.stdout, child.stderr:
        out, err = child.stdout.read(), child.stderr.read()
    assert child.wait(60) == 0, err
    theirs = layout.backups_dir / out.strip()
    assert mine != theirs and mine.exists() and theirs.exists()
    key = raw_key(layout, vault.profile_id, PASSPHRASE)
    assert version_of(mine, key) == version_of(theirs, key) == 2
    assert not list(layout.backups_dir.glob("*.partial*"))


def test_stale_partial_files_of_a_killed_run_are_removed(vault: Vault) -> None:
    folder = vault.layout.backups_dir
    stale = folder / f"{vault.profile_id}-v2-20250101T000000Z.vault.db.partial"
    journal = Path(f"{stale}-journal")
    other = folder / "someone-elses.partial"
    for path in (stale, journal, other):
        path.write_bytes(b"half")
    made = write_backup(vault.database(), folder, vault.profile_id, 2)
    assert not stale.exists() and not journal.exists()
    assert other.exists(), "only this profile's files are touched"
    assert made in list_backups(folder, vault.profile_id)
