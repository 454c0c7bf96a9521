"""Encrypted copies of a vault in `<root>/backups/`, written whole or not at all."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from peewee import Database

from automation_admin.models.store.paths import ensure_private_dir, ensure_private_file
from automation_admin.models.store.timeutil import utc_now

BACKUP_SUFFIX = ".vault.db"
PARTIAL_SUFFIX = ".partial"


def backup_name(profile_id: str, version: int) -> str:
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    return f"{profile_id}-v{version}-{stamp}{BACKUP_SUFFIX}"


def write_backup(db: Database, backups_dir: Path, profile_id: str, version: int) -> Path:
    """Copy the open vault with VACUUM INTO: same key, same user_version, consistent.

    The copy is written under a temporary name, synced, then renamed, so a crash leaves
    either a whole backup or a `.partial` file that the next backup removes.
    """
    ensure_private_dir(backups_dir)
    for stale in backups_dir.glob(f"{profile_id}-*{PARTIAL_SUFFIX}"):
        stale.unlink(missing_ok=True)
    final = backups_dir / backup_name(profile_id, version)
    counter = 1
    while final.exists():
        counter += 1
        final = backups_dir / backup_name(profile_id, version).replace(
            BACKUP_SUFFIX, f"-{counter}{BACKUP_SUFFIX}"
        )
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    ensure_private_file(partial)
    try:
        db.execute_sql("VACUUM INTO ?", (str(partial),))
        fd = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, final)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return final


def list_backups(backups_dir: Path, profile_id: str) -> list[Path]:
    """Whole backups of the profile, newest first."""
    if not backups_dir.is_dir():
        return []
    found = [p for p in backups_dir.glob(f"{profile_id}-v*{BACKUP_SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def restore_newest(vault_path: Path, backups_dir: Path, profile_id: str) -> Path:
    """Put the newest whole backup in place of a damaged vault; the damaged file is kept aside.

    Returns the path the damaged file was moved to.
    """
    backups = list_backups(backups_dir, profile_id)
    if not backups:
        raise FileNotFoundError("no backup of this profile")
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    aside = vault_path.with_name(f"vault.damaged-{stamp}.db")
    staging = vault_path.with_name("vault.db.restoring")
    ensure_private_file(staging)
    with backups[0].open("rb") as source, staging.open("wb") as target:
        while chunk := source.read(1 << 20):
            target.write(chunk)
        target.flush()
        os.fsync(target.fileno())
    for suffix in ("-wal", "-shm"):
        sidecar = vault_path.with_name(vault_path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, aside.with_name(aside.name + suffix))
    if vault_path.exists():
        os.replace(vault_path, aside)
    os.replace(staging, vault_path)
    return aside
