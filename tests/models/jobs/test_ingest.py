"""`ingest`: validated JSON Lines, all or nothing, a one-line error naming line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from automation_admin.models.store.vault import Vault

FINDING: dict[str, Any] = {
    "provider_id": "generic",
    "discovered_at": "2026-11-01T10:00:00Z",
    "source_url": "https://example.com/changelog",
    "source_title": "API v2 sunset",
    "source_snippet": "v1 endpoints stop on March 1.",
    "category": "deprecation",
    "impact_summary": "Two keys use v1.",
    "action_recommendation": "Move to v2.",
    "urgency": "action_needed",
    "relevance_score": 0.82,
    "created_at": "2026-11-01T10:00:01Z",
}


def write_lines(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def count(vault: Vault, table: str) -> int:
    return int(vault.database().execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def run_ingest(cli, vault: Vault, tmp_path: Path):  # type: ignore[no-untyped-def]
    vault.lock()  # the command line opens the vault itself

    def run(table: str, rows: list[Any]):  # type: ignore[no-untyped-def]
        path = write_lines(tmp_path / "rows.jsonl", rows)
        return cli(
            "ingest",
            "--profile",
            "Work",
            "--passphrase-stdin",
            table,
            str(path),
            stdin="correct horse battery staple\n",
        )

    return run


def rows_in(layout, table: str) -> int:  # type: ignore[no-untyped-def]
    from automation_admin.models.store.vault import unlock

    with unlock(layout, "Work", "correct horse battery staple") as vault:
        return count(vault, table)


def test_good_file_lands_whole(run_ingest, layout) -> None:  # type: ignore[no-untyped-def]
    result = run_ingest("discovery_findings", [FINDING, "", FINDING | {"urgency": "critical"}])
    assert result.code == 0, result.err
    assert result.out.strip() == "Ingested 2 rows into discovery_findings."
    assert rows_in(layout, "discovery_findings") == 2


BAD_CASES = [
    ("{not json", 2, "invalid JSON"),
    (FINDING | {"colour": "red"}, 2, "key 12 of the row is not a column of this table (action_"),
    (FINDING | {"urgency": "urgent"}, 2, "column 'urgency': not one of"),
    (FINDING | {"discovered_at": "2026-11-01 10:00"}, 2, "column 'discovered_at': expected a UTC"),
    (
        {k: v for k, v in FINDING.items() if k != "source_url"},
        2,
        "column 'source_url': missing required column",
    ),
    (
        FINDING | {"provider_id": "nosuchco"},
        2,
        "column 'provider_id': no row in providers has this id",
    ),
    (FINDING | {"relevance_score": 7}, 2, "column 'relevance_score': must be at most 1.0"),
    (FINDING | {"relevance_score": "high"}, 2, "column 'relevance_score': expected a number"),
    (FINDING | {"id": "not-a-uuid"}, 2, "column 'id': expected a lowercase hyphenated UUID"),
    ("[1, 2]", 2, "expected a JSON object"),
]


@pytest.mark.parametrize(("bad", "line", "message"), BAD_CASES)
def test_bad_line_is_named_and_nothing_is_written(  # type: ignore[no-untyped-def]
    run_ingest, layout, bad: Any, line: int, message: str
) -> None:
    result = run_ingest("discovery_findings", [FINDING, bad, FINDING])
    assert result.code == 1
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert f"line {line}" in result.err and message in result.err, result.err
    assert rows_in(layout, "discovery_findings") == 0


def test_unknown_foreign_key_after_the_first_batch_is_still_all_or_nothing(  # type: ignore[no-untyped-def]
    run_ingest, layout
) -> None:
    rows = [FINDING] * 2500 + [FINDING | {"provider_id": "ghost"}]
    result = run_ingest("discovery_findings", rows)
    assert result.code == 1 and "line 2501" in result.err, result.err
    assert rows_in(layout, "discovery_findings") == 0


def test_duplicate_id_names_the_line(run_ingest, layout) -> None:  # type: ignore[no-untyped-def]
    row = FINDING | {"id": "01890a5d-ac96-774b-bcce-b302099a8057"}
    result = run_ingest("discovery_findings", [row, row])
    assert result.code == 1 and "line 2" in result.err and "exists" in result.err


def test_secrets_are_encrypted_and_never_taken_as_ciphertext(  # type: ignore[no-untyped-def]
    run_ingest, layout
) -> None:
    secret = {
        "provider_id": "generic",
        "key_name": "OPENAI_API_KEY",
        "secret_value": "sk-proj-abcdefghijklmnop",
        "created_at": "2026-11-01T10:00:00Z",
        "updated_at": "2026-11-01T10:00:00Z",
    }
    assert run_ingest("secrets", [secret]).code == 0
    from automation_admin.models.store.vault import unlock

    with unlock(layout, "Work", "correct horse battery staple") as vault:
        sid, blob = (
            vault.database().execute_sql("SELECT id, secret_value_enc FROM secrets").fetchone()
        )
        assert b"sk-proj" not in blob
        assert vault.require_key().decrypt_secret(blob, sid) == "sk-proj-abcdefghijklmnop"
    forged = run_ingest("secrets", [secret | {"key_name": "B", "secret_value_enc": "AA"}])
    assert forged.code == 1 and "ciphertext cannot be written directly" in forged.err
    assert "sk-proj" not in forged.err


def test_json_columns_take_values_or_strings_holding_json(  # type: ignore[no-untyped-def]
    run_ingest, layout
) -> None:
    rows = [
        {
            "provider_id": "generic",
            "searched_at": "2026-11-01T10:00:00Z",
            "trigger_type": "scheduled",
            "queries_executed": 1,
            "results_found": 0,
            "findings_generated": 0,
            "status": "success",
        }
    ]
    assert run_ingest("discovery_search_log", rows).code == 0
    from tests.factories import TS

    scripts = [
        {
            "provider_id": "generic",
            "task_type": "custom",
            "title": "t",
            "description": "d",
            "script_content": "pass",
            "model_used": "m",
            "plan_data_json": {"steps": [1, 2]},
            "research_data_json": '{"a": 1}',
            "created_at": TS,
            "updated_at": TS,
        }
    ]
    assert run_ingest("automation_scripts", scripts).code == 0
    broken = run_ingest("automation_scripts", [scripts[0] | {"plan_data_json": "{oops"}])
    assert broken.code == 1 and "plan_data_json': text is not valid JSON" in broken.err


def test_automation_tables_need_automation_enabled(  # type: ignore[no-untyped-def]
    cli, vault_v1: Vault, tmp_path: Path
) -> None:
    vault_v1.lock()
    path = write_lines(tmp_path / "f.jsonl", [FINDING])
    result = cli(
        "ingest",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "discovery_findings",
        str(path),
        stdin="correct horse battery staple\n",
    )
    assert result.code == 1 and "not enabled" in result.err
