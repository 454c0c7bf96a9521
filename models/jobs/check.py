"""`check`: SQLCipher page HMACs, SQLite structure, foreign keys and schema version.

Each check reads on its own: a damaged page that stops one (SQLite raises "malformed" on the
first page it cannot decrypt) is reported as that check failing, and the others still run,
so the report is always printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from automation_admin.models import migrations
from automation_admin.models.schema import tables_for_version
from automation_admin.models.store.db import DATABASE_ERRORS
from automation_admin.models.store.failures import explain
from automation_admin.models.store.sql import execute
from automation_admin.models.store.vault import Vault

MAX_REPORTED = 20


@dataclass
class CheckResult:
    name: str
    ok: bool
    details: list[str] = field(default_factory=list)
    # True when reading failed because the file is damaged, whatever the check was.
    damage: bool = False


@dataclass
class CheckReport:
    results: list[CheckResult]

    @property
    def damaged(self) -> bool:
        return any(
            r.damage or (not r.ok and r.name in ("cipher", "integrity")) for r in self.results
        )

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def _guarded(name: str, run: Callable[[], CheckResult]) -> CheckResult:
    try:
        return run()
    except DATABASE_ERRORS as exc:
        error = explain(exc)
        if error.kind != "damaged":
            raise error from None
        return CheckResult(name, False, [f"could not be read to the end: {exc}"], damage=True)


def check_vault(vault: Vault) -> CheckReport:
    db = vault.database()

    def cipher() -> CheckResult:
        rows = [str(r[0]) for r in execute(db, "PRAGMA cipher_integrity_check").fetchall()]
        return CheckResult("cipher", not rows, rows[:MAX_REPORTED])

    def integrity() -> CheckResult:
        rows = [str(r[0]) for r in execute(db, "PRAGMA integrity_check").fetchall()]
        return CheckResult("integrity", rows == ["ok"], [] if rows == ["ok"] else rows)

    def foreign_keys() -> CheckResult:
        rows = execute(db, "PRAGMA foreign_key_check").fetchall()
        lines = [f"{r[0]} row {r[1]} refers to a missing {r[2]} row" for r in rows[:MAX_REPORTED]]
        return CheckResult("foreign_keys", not rows, lines)

    def schema() -> CheckResult:
        version = vault.schema_version
        present = {r[0] for r in execute(db, "SELECT name FROM sqlite_master WHERE type='table'")}
        expected = set(tables_for_version(min(version, migrations.LATEST_VERSION)))
        missing = sorted(expected - present)
        notes = [f"schema version {version} (this program knows up to {migrations.LATEST_VERSION})"]
        notes += [f"table {name} is missing" for name in missing]
        return CheckResult("schema", not missing and version >= 1, notes)

    return CheckReport(
        [
            _guarded("cipher", cipher),
            _guarded("integrity", integrity),
            _guarded("foreign_keys", foreign_keys),
            _guarded("schema", schema),
        ]
    )
