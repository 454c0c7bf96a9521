"""Encrypted copies of a vault in `<root>/backups/`, written whole or not at all."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

from peewee import Database

from automation_admin.models.store.partial import claim, remove_stale, sync
from automation_admin.models.store.paths import ensure_private_dir, ensure_private_file
from automation_admin.models.store.sql import execute
from automation_admin.models.store.timeutil import utc_now

BACKUP_SUFFIX = ".vault.db"
PARTIAL_SUFFIX = ".partial"


def backup_name(profile_id: str, version: int) -> str:
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    return f"{profile_id}-v{version}-{stamp}{BACKUP_SUFFIX}"


def write_backup(db: Database, backups_dir: Path, profile_id: str, version: int) -> Path:
    """Copy the open vault with VACUUM INTO: same key, same user_version, consistent.

    The copy is written under a claimed `.partial` name (see models/store/partial.py), synced,
    then linked to a name nobody has taken, so two programs backing up in the same second
    both keep their copy, and a crash leaves a stale `.partial` that the next backup removes.
    """
    ensure_private_dir(backups_dir)
    remove_stale(backups_dir, [f"{profile_id}-"], PARTIAL_SUFFIX)
    stem = backup_name(profile_id, version).removesuffix(BACKUP_SUFFIX)
    names = (f"{stem}{'' if n == 1 else f'-{n}'}{BACKUP_SUFFIX}" for n in itertools.count(1))
    for name in names:
        if (backups_dir / name).exists():
            continue
        partial = backups_dir / f"{name}{PARTIAL_SUFFIX}"
        try:
            lock = claim(partial)
        except FileExistsError:
            continue  # another program is writing this name now
        break
    try:
        execute(db, "VACUUM INTO ?", (str(partial),))
        sync(partial)
        final = _publish(partial, backups_dir, names)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    finally:
        os.close(lock)
    return final


def _publish(partial: Path, folder: Path, names: Iterator[str]) -> Path:
    """Give the whole copy its final name without ever replacing another backup."""
    final = folder / partial.name.removesuffix(PARTIAL_SUFFIX)
    while True:
        try:
            os.link(partial, final, follow_symlinks=False)
            break
        except FileExistsError:
            final = folder / next(names)
    os.unlink(partial)
    return final


def restore_hint(backups_dir: Path, profile_id: str) -> str:
    """What to do about a damaged vault, naming the newest backup when there is one."""
    backups = list_backups(backups_dir, profile_id)
    if not backups:
        return "There is no backup of this profile in the backups folder."
    return (
        f"Restore a copy: the newest backup is {backups[0]} "
        "(the profile chooser's Restore newest backup puts it in place)."
    )


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
