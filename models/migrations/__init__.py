"""Numbered, linear schema migrations in literal SQL; `PRAGMA user_version` is the version.

Every run is one IMMEDIATE transaction and sets `user_version` last, so a process killed at
any moment leaves the old version or the new one, never a mix (SQLite rolls the rest back).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from peewee import Database

from automation_admin.models.migrations import v001_base, v002_automation
from automation_admin.models.store.errors import VaultTooNew
from automation_admin.models.store.sql import execute

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: v001_base.STEPS,
    2: v002_automation.STEPS,
}
BASE_VERSION = 1
AUTOMATION_VERSION = 2
LATEST_VERSION = max(MIGRATIONS)


def schema_version(db: Database) -> int:
    return int(execute(db, "PRAGMA user_version").fetchone()[0])


def migrate(
    db: Database,
    target: int,
    params: Mapping[str, Any],
    before: Callable[[int], None] | None = None,
    on_step: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Bring the vault to `target`; returns (version before, version after).

    `before(current)` runs first when there is work to do (the backup); `on_step(done, total)`
    reports progress. Running on a vault already at `target` does nothing.
    """
    if target > LATEST_VERSION:
        raise ValueError(f"no migration to version {target}")
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise VaultTooNew(current, LATEST_VERSION)
    if current >= target:
        return current, current
    if before is not None:
        before(current)
    with db.atomic("IMMEDIATE"):
        # Another writer may have migrated while we made the backup.
        current = schema_version(db)
        if current >= target:
            return current, current
        steps = [sql for v in range(current + 1, target + 1) for sql in MIGRATIONS[v]]
        for done, sql in enumerate(steps, start=1):
            execute(db, sql, _params_for(sql, params))
            if on_step is not None:
                on_step(done, len(steps))
        execute(db, f"PRAGMA user_version = {int(target)}")
    return current, target


def _params_for(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if f":{k}" in sql}
