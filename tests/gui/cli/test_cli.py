"""The command line contract of DESIGN §3: commands, exit codes, passphrases never in argv."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from automation_admin.models import __version__
from automation_admin.models.store.paths import DataLayout

PW = "correct horse battery staple"


def test_version_from_the_one_place() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "automation_admin.gui.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == f"automation-admin {__version__}"


def test_create_list_and_passwd(cli, layout: DataLayout) -> None:  # type: ignore[no-untyped-def]
    made = cli(
        "profile",
        "create",
        "--name",
        "Home",
        "--passphrase-stdin",
        "--kdf-memory-kib",
        "8192",
        "--kdf-time-cost",
        "1",
        stdin="old\n",
    )
    assert made.code == 0 and "warning: key derivation settings below" in made.err
    dup = cli(
        "profile",
        "create",
        "--name",
        "HOME",
        "--passphrase-stdin",
        "--kdf-memory-kib",
        "8192",
        "--kdf-time-cost",
        "1",
        stdin="x\n",
    )
    assert dup.code == 1 and "already exists" in dup.err
    listed = json.loads(cli("profile", "list", "--json").out)
    assert [p["display_name"] for p in listed] == ["Home"]
    assert (
        cli(
            "profile", "passwd", "--profile", "home", "--passphrase-stdin", stdin="wrong\nnew\n"
        ).code
        == 3
    )
    changed = cli(
        "profile", "passwd", "--profile", "home", "--passphrase-stdin", stdin="old\nnew\n"
    )
    assert changed.code == 0 and "key rotation 2" in changed.out
    assert cli("check", "--profile", "Home", "--passphrase-stdin", stdin="old\n").code == 3
    assert cli("check", "--profile", "Home", "--passphrase-stdin", stdin="new\n").code == 0


def test_exit_codes(cli, profile, layout: DataLayout) -> None:  # type: ignore[no-untyped-def]
    assert cli("check", "--profile", "Work", "--passphrase-stdin", stdin=f"{PW}\n").code == 0
    wrong = cli("check", "--profile", "Work", "--passphrase-stdin", stdin="nope\n")
    assert (wrong.code, wrong.err.strip()) == (3, "automation-admin: Wrong passphrase.")
    assert cli("check", "--profile", "Nobody", "--passphrase-stdin", stdin="x\n").code == 1
    assert cli("frobnicate").code == 2
    assert cli("check", "--profile", "Work", "--passphrase-stdin", stdin="").code == 2
    layout.vault_db(profile.id).write_bytes(b"\0" * 4096)
    damaged = cli("check", "--profile", "Work", "--passphrase-stdin", stdin=f"{PW}\n")
    assert damaged.code == 4 and len(damaged.err.strip().splitlines()) == 1


def test_no_terminal_means_usage_error_not_a_hang(cli, profile) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", "--profile", "Work")
    assert result.code == 2 and "--passphrase-stdin" in result.err


def test_there_is_no_way_to_pass_a_passphrase_in_argv(cli, profile) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", "--profile", "Work", "--passphrase", PW)
    assert result.code == 2
    assert PW not in result.err


def test_passphrase_never_reaches_output(cli, profile) -> None:  # type: ignore[no-untyped-def]
    for stdin in (f"{PW}\n", "wrong-passphrase-value\n"):
        result = cli("check", "--profile", "Work", "--passphrase-stdin", stdin=stdin)
        assert stdin.strip() not in result.out + result.err


def test_migrate_command(cli, profile) -> None:  # type: ignore[no-untyped-def]
    first = cli("migrate", "--profile", "Work", "--passphrase-stdin", stdin=f"{PW}\n")
    assert first.code == 0 and "backup written to" in first.out
    again = cli("migrate", "--profile", "Work", "--passphrase-stdin", stdin=f"{PW}\n")
    assert again.code == 0 and "already enabled" in again.out


def test_refuses_to_run_on_a_sqlite_that_does_not_encrypt(cli, layout, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from automation_admin.models.store import db

    db.require_encryption.cache_clear()
    monkeypatch.setattr(db.sqlcipher, "connect", sqlite3.connect)
    result = cli("profile", "list")
    assert result.code == 1
    assert "does not encrypt (no cipher_version)" in result.err
    assert not layout.index_db.exists()


def test_the_cipher_probe_reads_the_file_it_wrote(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from automation_admin.models.store import db
    from automation_admin.models.store.errors import NoEncryption

    db.require_encryption.cache_clear()
    assert db.require_encryption().startswith("4.")
    # A library that answers cipher_version but ignores the key still writes plain pages.
    db.require_encryption.cache_clear()
    real = db.sqlcipher.connect

    class IgnoresKey:
        def __init__(self, path: str) -> None:
            self.conn = real(path)

        def execute(self, sql: str):  # type: ignore[no-untyped-def]
            return self.conn.execute("SELECT 1" if sql.startswith("PRAGMA key") else sql)

        def commit(self) -> None:
            self.conn.commit()

        def close(self) -> None:
            self.conn.close()

    monkeypatch.setattr(db.sqlcipher, "connect", IgnoresKey)
    with pytest.raises(NoEncryption, match="written in plain text"):
        db.require_encryption()
