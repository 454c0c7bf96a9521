"""JSON columns: every string scrubbed at every depth, keys included, always re-serialised;
credential pairs; deep nesting refused with a clear message (issue 14, findings 1 and 3)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from automation_admin.models.schema import model_for_table
from automation_admin.models.security.read_mask import raw_cursor
from automation_admin.models.security.redaction import REDACTED
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.validation import RowValidator
from automation_admin.models.store.vault import Vault
from tests.factories import make_secret, row_for

SECRET = "sk-test-value"  # what tests.factories.make_secret stores
ESCAPED = "".join(f"\\u{ord(c):04x}" for c in SECRET)
JSON_COLUMNS = [
    ("audit_events", "metadata_json_redacted"),
    ("automation_scripts", "plan_data_json"),
    ("automation_scripts", "research_data_json"),
    ("hitl_checkpoints", "context_json"),
    ("automation_executions", "result_summary_json"),
    ("dashboard_snapshots", "usage_stats_json"),
    ("dashboard_snapshots", "warnings_json"),
    ("secrets", "tags_json"),
]
HOSTILE = [
    pytest.param('{"v":"' + SECRET + '","v":0}', id="duplicate key hides the value"),
    pytest.param('{"v":"' + ESCAPED + '"}', id="unicode-escaped value"),
    pytest.param('{"a":[{"b":{"' + ESCAPED + '":1}}]}', id="escaped value as a deep key"),
    pytest.param('{"password": "Sup3rS3cret!9"}', id="password pair"),
    pytest.param('{"api_key": "abcd1234efgh5678"}', id="api_key pair"),
    pytest.param('{"headers":{"X-Api-Key":"abcd1234efgh5678"}}', id="header pair"),
]
CLEAR = [SECRET, "Sup3rS3cret!9", "abcd1234efgh5678"]


def _row(vault: Vault, table: str) -> dict[str, Any]:
    if table == "audit_events":
        return {"event_type": "t", "created_at": "2026-11-01T10:00:00Z"}
    if table == "secrets":
        return {
            "provider_id": "generic",
            "key_name": "K",
            "secret_value": "another-value-123",
            "created_at": "2026-11-01T10:00:00Z",
            "updated_at": "2026-11-01T10:00:00Z",
        }
    return row_for(vault, table)


def _stored(vault: Vault, table: str, column: str) -> str:
    cursor = raw_cursor(vault.database())
    return str(cursor.execute(f"SELECT {column} FROM {table} ORDER BY rowid DESC").fetchone()[0])


def _assert_clean(text: str) -> None:
    parsed = json.loads(text)
    decoded = json.dumps(parsed, ensure_ascii=False)
    for value in CLEAR:
        assert value not in text and value not in decoded, text


@pytest.mark.parametrize(("table", "column"), JSON_COLUMNS)
@pytest.mark.parametrize("hostile", HOSTILE)
def test_json_text_through_ingest_rows_is_cleaned(
    vault: Vault, table: str, column: str, hostile: str
) -> None:
    from automation_admin.models.jobs.ingest import make_validator
    from automation_admin.models.store.bulk import insert_sql

    make_secret(vault)
    validator = make_validator(vault, table)
    values = validator.values(_row(vault, table) | {column: hostile})
    vault.database().execute_sql(insert_sql(table, validator.columns), values)
    stored = _stored(vault, table, column)
    _assert_clean(stored)
    assert stored != hostile  # always re-serialised


@pytest.mark.parametrize("hostile", HOSTILE)
def test_json_text_through_the_model_api_is_cleaned(vault: Vault, hostile: str) -> None:
    from automation_admin.models.store import audit

    make_secret(vault)
    audit.record(vault.profile_id, "t", json.loads(hostile))
    _assert_clean(_stored(vault, "audit_events", "metadata_json_redacted"))
    model = model_for_table("audit_events")
    model.update(metadata_json_redacted=hostile).execute()
    _assert_clean(_stored(vault, "audit_events", "metadata_json_redacted"))


def test_credential_pairs_keep_placeholders_flags_and_ids(vault: Vault) -> None:
    from automation_admin.models.store import audit

    kept = {
        "password": "{{PASSWORD}}",
        "token": None,
        "auth": True,
        "secret_id": "0190a3c4-0000-7abc-8def-0123456789ab",
        "token_type": "bearer",
        "tokens_used": 1234,
    }
    audit.record(vault.profile_id, "t", kept)
    assert json.loads(_stored(vault, "audit_events", "metadata_json_redacted")) == kept


def test_deep_json_is_refused_with_a_clear_message_not_a_crash(vault: Vault) -> None:
    validator = RowValidator(model_for_table("hitl_checkpoints"), vault.profile_id)
    for depth in (65, 5_000, 200_000):
        deep = "[" * depth + "]" * depth
        with pytest.raises(ValidationError, match=r"column 'context_json': .*nested"):
            validator.values(row_for(vault, "hitl_checkpoints") | {"context_json": deep})
    shallow = "[" * 64 + "]" * 64
    validator.values(row_for(vault, "hitl_checkpoints") | {"context_json": shallow})


def test_ingest_names_the_line_of_deep_or_oversized_text(cli, vault: Vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    row = row_for(vault, "hitl_checkpoints")
    vault.lock()
    path = tmp_path / "rows.jsonl"
    for bad, message in [
        ({"context_json": "[" * 3000 + "]" * 3000}, "column 'context_json': JSON nested"),
        ({"user_notes": "x" * 1_000_001}, "column 'user_notes': text longer than 1,000,000"),
    ]:
        path.write_text(json.dumps(row) + "\n" + json.dumps(row | bad) + "\n")
        result = cli(
            "ingest",
            "--profile",
            "Work",
            "--passphrase-stdin",
            "hitl_checkpoints",
            str(path),
            stdin="correct horse battery staple\n",
        )
        assert result.code == 1 and f"line 2: {message}" in result.err, result.err
        assert len(result.err.splitlines()) == 1


def test_a_million_characters_are_accepted(vault: Vault) -> None:
    validator = RowValidator(model_for_table("hitl_checkpoints"), vault.profile_id)
    values = validator.values(row_for(vault, "hitl_checkpoints") | {"user_notes": "x" * 10**6})
    assert "x" * 10**6 in values


def test_unknown_column_message_never_repeats_the_key(vault: Vault) -> None:
    validator = RowValidator(model_for_table("hitl_checkpoints"), vault.profile_id)
    with pytest.raises(ValidationError) as err:
        validator.values(row_for(vault, "hitl_checkpoints") | {SECRET: 1})
    assert SECRET not in str(err.value)
    assert "checkpoint_description" in str(err.value)  # the table's own columns, listed
    assert REDACTED not in str(err.value)
