"""Every failure of the command line is one line on stderr with its exit status (DESIGN §3),
and a command that only reads never changes a file."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault
from tests.conftest import PASSPHRASE
from tests.factories import insert, row_for
from tests.raw_vault import connect

PW = f"{PASSPHRASE}\n"
ROOT = Path(__file__).resolve().parents[3]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def findings_vault(vault: Vault, rows: int = 400) -> Path:
    """A vault whose findings fill many pages; locked, its WAL folded into the file."""
    for _ in range(rows):
        insert(vault, "discovery_findings", row_for(vault, "discovery_findings"))
    path = vault.path
    vault.lock()
    return path


def page_of_table(layout: DataLayout, table: str) -> int:
    """A page deep inside `table`'s b-tree (not page 1): its last page by rowid order."""
    with connect(layout) as conn:
        # The root page of a table that spans many pages is an interior page: damaging it
        # damages every read of the table.
        return int(
            conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[
                0
            ]
        )


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


# ---- 1. damage is damage (exit 4), never "the vault refused the write" ------------------


def test_a_flipped_byte_beyond_page_one_is_damage_for_check_and_export(cli, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    layout = vault.layout
    path = findings_vault(vault)
    page = page_of_table(layout, "discovery_findings")
    assert page > 1
    flip(path, (page - 1) * 4096 + 200)
    before = digest(path)
    check = cli("check", "--profile", "Work", "--passphrase-stdin", stdin=PW)
    assert check.code == 4, check.err
    assert "damaged" in one_line(check.err)
    assert "refused the write" not in check.err
    assert "FAILED" in check.out, "check prints its report before saying the vault is damaged"
    export = cli(
        "export", "discovery_findings", "--profile", "Work", "--passphrase-stdin", stdin=PW
    )
    assert export.code == 4, export.err
    assert "damaged" in one_line(export.err)
    assert digest(path) == before


def test_a_damaged_index_db_is_exit_4(cli, profile: ProfileRecord, layout: DataLayout) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(layout.index_db.read_bytes())
    for page_start in range(4096, len(data), 4096):
        data[page_start : page_start + 8] = b"\xff" * 8  # every b-tree page header
    layout.index_db.write_bytes(bytes(data))
    before = digest(layout.index_db)
    for args in (
        ("check", "--profile", "Work", "--passphrase-stdin"),
        ("export", "secrets", "--profile", "Work", "--passphrase-stdin"),
        ("profile", "list"),
    ):
        result = cli(*args, stdin=PW)
        assert result.code == 4, (args, result.err)
        assert "index.db" in one_line(result.err) and "damaged" in result.err
    assert digest(layout.index_db) == before


# ---- 2. read-only commands never write -----------------------------------------------------


def test_check_on_a_zero_byte_vault_leaves_it_zero_bytes(
    cli, profile: ProfileRecord, layout: DataLayout
) -> None:  # type: ignore[no-untyped-def]
    path = layout.vault_db(profile.id)
    path.write_bytes(b"")
    for command in ("check", "export"):
        args = ("check",) if command == "check" else ("export", "secrets")
        result = cli(*args, "--profile", "Work", "--passphrase-stdin", stdin=PW)
        assert result.code == 4, result.err
        assert "empty" in one_line(result.err)
        assert path.stat().st_size == 0
        assert not Path(f"{path}-wal").exists()


def test_check_and_export_never_create_an_index(cli, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    layout = vault.layout
    path = findings_vault(vault, rows=3)
    with connect(layout) as conn:
        conn.execute("DROP INDEX discovery_findings_triage")
        conn.execute("PRAGMA journal_mode = DELETE")
    before = digest(path)
    assert cli("check", "--profile", "Work", "--passphrase-stdin", stdin=PW).code == 0
    export = cli(
        "export", "discovery_findings", "--profile", "Work", "--passphrase-stdin", stdin=PW
    )
    assert export.code == 0, export.err
    assert digest(path) == before
    with connect(layout) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "discovery_findings_triage" not in names
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


# ---- 3. export never overwrites the program's own files -------------------------------------


def test_export_refuses_an_out_that_is_the_vault_or_index_db(
    cli, vault: Vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    layout = vault.layout
    insert(vault, "discovery_findings", row_for(vault, "discovery_findings"))
    vault_path = vault.path
    vault.lock()
    link = tmp_path / "innocent.csv"
    link.symlink_to(vault_path)
    before = {p: digest(p) for p in (vault_path, layout.index_db)}
    for out in (
        vault_path,
        layout.index_db,
        link,
        layout.root / "profiles" / "export.csv",
        layout.backups_dir / "findings.csv",
    ):
        result = cli(
            "export",
            "discovery_findings",
            "--profile",
            "Work",
            "--passphrase-stdin",
            "--out",
            str(out),
            stdin=PW,
        )
        assert result.code == 2, (out, result.err)
        assert "data folder" in one_line(result.err)
    assert {p: digest(p) for p in before} == before
    assert cli("check", "--profile", "Work", "--passphrase-stdin", stdin=PW).code == 0


def test_a_planted_partial_symlink_does_not_redirect_the_export(
    cli, vault: Vault, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    insert(vault, "discovery_findings", row_for(vault, "discovery_findings"))
    vault.lock()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    target = tmp_path / "findings.csv"
    Path(f"{target}.partial").symlink_to(victim)
    result = cli(
        "export",
        "discovery_findings",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "--out",
        str(target),
        stdin=PW,
    )
    assert victim.read_text() == "keep me\n"
    assert result.code == 1, result.err
    assert ".partial" in one_line(result.err)
    assert not target.exists()


# ---- 5. one line, never a traceback -----------------------------------------------------------


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_a_passphrase_that_is_not_utf8_is_one_line(
    profile: ProfileRecord, layout: DataLayout, locale: str
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LC_ALL=locale, LANG=locale, PYTHONUTF8="0")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "automation_admin.gui.cli",
            "--data-dir",
            str(layout.root),
            "check",
            "--profile",
            "Work",
            "--passphrase-stdin",
        ],
        input=b"\xff\xfe caf\xe9\n",
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "UTF-8" in one_line(err)


@pytest.mark.parametrize("depth", [200, 900, 3000])
def test_json_nested_deep_is_one_line_for_ingest(
    cli, vault: Vault, tmp_path: Path, depth: int
) -> None:  # type: ignore[no-untyped-def]
    row = row_for(vault, "hitl_checkpoints")
    vault.lock()
    deep = "[" * depth + "]" * depth
    as_text = json.dumps(row | {"context_json": deep})
    as_value = json.dumps(row | {"context_json": {}}).replace(
        '"context_json": {}', f'"context_json": {deep}'
    )
    rows = tmp_path / "rows.jsonl"
    for line in (as_text, as_value):
        rows.write_text(line + "\n")
        result = cli(
            "ingest",
            "--profile",
            "Work",
            "--passphrase-stdin",
            "hitl_checkpoints",
            str(rows),
            stdin=PW,
        )
        assert result.code == 1, result.err
        assert "line 1" in one_line(result.err)


def test_retention_at_the_start_of_time_is_one_line_or_done(cli, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    vault.lock()
    for now in ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"):
        result = cli("retention", "--profile", "Work", "--passphrase-stdin", "--now", now, stdin=PW)
        assert "Traceback" not in result.err
        assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"memory_kib": 2**40, "time_cost": 4, "parallelism": 1, "hash_len": 32}, "damaged"),
        ({"memory_kib": 131072, "time_cost": 10**9, "parallelism": 1, "hash_len": 32}, "damaged"),
        ({"memory_kib": 131072, "time_cost": 4, "parallelism": 10**6, "hash_len": 32}, "damaged"),
        ({"memory_kib": 1024, "time_cost": 4, "parallelism": 1, "hash_len": 32}, "damaged"),
        ({"memory_kib": 131072, "time_cost": 0, "parallelism": 1, "hash_len": 32}, "damaged"),
        ({"memory_kib": "lots"}, "damaged"),
    ],
)
def test_argon2_settings_in_index_db_out_of_range_are_damage(
    cli, profile: ProfileRecord, layout: DataLayout, params: dict, words: str
) -> None:  # type: ignore[no-untyped-def,type-arg]
    conn = sqlite3.connect(layout.index_db)
    conn.execute("UPDATE profile_vault_meta SET kdf_params_json = ?", (json.dumps(params),))
    conn.commit()
    conn.close()
    result = cli("check", "--profile", "Work", "--passphrase-stdin", stdin=PW)
    assert result.code == 4, result.err
    assert words in one_line(result.err) and "index.db" in result.err


# ---- 6. a vault from a newer program is never migrated ------------------------------------------


def test_migrate_refuses_a_vault_from_a_newer_program(cli, vault: Vault) -> None:  # type: ignore[no-untyped-def]
    layout, path = vault.layout, vault.path
    vault.lock()
    with connect(layout) as conn:
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
    before = digest(path)
    result = cli("migrate", "--profile", "Work", "--passphrase-stdin", stdin=PW)
    assert result.code == 1, result.out
    assert "99" in one_line(result.err) and "newer" in result.err
    assert "already enabled" not in result.out
    assert digest(path) == before
