"""Issue 14, done when: each of three vault values in every free-text and JSON column of every
table, written through ingest and straight into the file as another program would; then no
export holds one (masking on read), and after the re-scrub no table holds one either, the
full-text index's shadow tables included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from automation_admin.models.store.paths import DataLayout
from automation_admin.models.store.vault import Vault, unlock
from tests import raw_vault
from tests.conftest import PASSPHRASE
from tests.hostile_rows import (
    VALUES,
    assert_clean,
    clear_values_in,
    hostile_row,
    insert_raw,
    secrets_rows,
    tables,
)

FORMATS = ("csv", "json", "jsonl")


def _prepare(vault: Vault, tmp_path: Path) -> dict[str, Path]:
    """Rows for ingest (one file per table) and rows written raw, parents inserted now."""
    secrets_rows(vault)
    key = vault.require_key()
    raw_rows: list[tuple[str, dict[str, Any]]] = []
    files: dict[str, Path] = {}
    for n, table in enumerate(tables()):
        raw = hostile_row(vault, table, n)
        ingested = hostile_row(vault, table, n + 100, refused=False)
        if table == "secrets":
            raw["secret_value_enc"] = key.encrypt_secret("other-value-1", raw["id"])
            ingested["secret_value"] = "other-value-2"
        raw_rows.append((table, raw))
        files[table] = tmp_path / f"{table}.jsonl"
        files[table].write_text(json.dumps(ingested) + "\n")
    vault.lock()
    with raw_vault.connect(vault.layout) as conn:
        for table, row in raw_rows:
            insert_raw(conn, table, row)
        conn.commit()
    return files


def _table_texts(layout: DataLayout) -> dict[str, list[str]]:
    """Every value of every table in the file, FTS shadow tables included, read raw."""
    out: dict[str, list[str]] = {}
    with raw_vault.connect(layout) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for name in names:
            texts = out.setdefault(name, [])
            for row in conn.execute(f'SELECT * FROM "{name}"'):
                for value in row:
                    if isinstance(value, bytes):
                        texts.append(value.decode("utf-8", "replace"))
                    elif isinstance(value, str):
                        texts.append(value)
        conn.execute(
            "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, discovery_findings_fts, row)"
        )
        out["fts5vocab terms"] = [r[0] for r in conn.execute("SELECT term FROM temp.terms")]
    return out


def _exports(cli, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out = {}
    for table in tables():
        for fmt in FORMATS:
            target = tmp_path / f"export-{table}.{fmt}"
            result = cli(
                "export",
                table,
                "--profile",
                "Work",
                "--passphrase-stdin",
                "--format",
                fmt,
                "--out",
                str(target),
                stdin=PASSPHRASE + "\n",
            )
            assert result.code == 0, result.err
            assert_clean([result.out, result.err], f"export {table} {fmt} messages")
            out[f"{table}.{fmt}"] = target.read_text()
    return out


@pytest.mark.slow
def test_no_vault_value_in_clear_in_any_table_export_or_index(
    cli,  # type: ignore[no-untyped-def]
    vault: Vault,
    tmp_path: Path,
) -> None:
    layout = vault.layout
    files = _prepare(vault, tmp_path)
    # The other program's rows are in the file as written: the test would prove nothing else.
    before = _table_texts(layout)
    assert {t for t, texts in before.items() if any(clear_values_in(x) for x in texts)} >= {
        *tables(),
        "discovery_findings_fts_data",
    }
    for table, path in files.items():
        result = cli(
            "ingest", "--profile", "Work", "--passphrase-stdin", table, str(path),
            stdin=PASSPHRASE + "\n",
        )  # fmt: skip
        assert result.code == 0, (table, result.err)

    # Masked on read: every export is clean before anything is rewritten.
    for name, text in _exports(cli, tmp_path).items():
        assert_clean([text], f"export {name} (masked on read)")

    result = cli("redact", "--profile", "Work", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.code == 0, result.err
    assert "rewritten" in result.out and not clear_values_in(result.out)

    for table, texts in _table_texts(layout).items():
        assert_clean(texts, f"table {table} after the re-scrub")
    for name, text in _exports(cli, tmp_path).items():
        assert_clean([text], f"export {name} after the re-scrub")

    with unlock(layout, "Work", PASSPHRASE) as again:
        rows = (
            again.database()
            .execute_sql(
                "SELECT metadata_json_redacted FROM audit_events WHERE event_type = ?",
                ("automation.redaction.rescrub",),
            )
            .fetchall()
        )
    (metadata,) = rows[0]
    counts = json.loads(metadata)
    assert counts["rows_rewritten"]["hitl_checkpoints"] >= 1
    assert set(counts) == {"rows_checked", "rows_rewritten"}  # counts only
    assert not any(v in metadata for v in VALUES)
