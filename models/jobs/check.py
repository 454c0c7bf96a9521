"""`check`: SQLCipher page HMACs, SQLite structure, foreign keys and schema version."""

from __future__ import annotations

from dataclasses import dataclass, field

from automation_admin.models import migrations
from automation_admin.models.schema import tables_for_version
from automation_admin.models.store.vault import Vault

MAX_REPORTED = 20


@dataclass
class CheckResult:
    name: str
    ok: bool
    details: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    results: list[CheckResult]

    @property
    def damaged(self) -> bool:
        return any(not r.ok for r in self.results if r.name in ("cipher", "integrity"))

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def check_vault(vault: Vault) -> CheckReport:
    db = vault.database()
    results = []
    cipher = [str(r[0]) for r in db.execute_sql("PRAGMA cipher_integrity_check").fetchall()]
    results.append(CheckResult("cipher", not cipher, cipher[:MAX_REPORTED]))
    integrity = [str(r[0]) for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
    results.append(
        CheckResult("integrity", integrity == ["ok"], [] if integrity == ["ok"] else integrity)
    )
    fk_rows = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    fk = [f"{r[0]} row {r[1]} refers to a missing {r[2]} row" for r in fk_rows[:MAX_REPORTED]]
    results.append(CheckResult("foreign_keys", not fk_rows, fk))
    version = vault.schema_version
    present = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    expected = set(tables_for_version(min(version, migrations.LATEST_VERSION)))
    missing = sorted(expected - present)
    version_notes = [
        f"schema version {version} (this program knows up to {migrations.LATEST_VERSION})"
    ]
    version_notes += [f"table {name} is missing" for name in missing]
    results.append(CheckResult("schema", not missing and version >= 1, version_notes))
    return CheckReport(results)
