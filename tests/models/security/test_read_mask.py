"""Masking on read and the re-scrub: rows another program wrote with a vault value in clear
(issue 14, finding 6)."""

from __future__ import annotations

import json

import pytest

from automation_admin.models.checkpoints import service as checkpoints_data
from automation_admin.models.jobs.export import write_export
from automation_admin.models.schema.automation import HitlCheckpoint
from automation_admin.models.security import read_mask, redaction, rescrub
from automation_admin.models.security.read_mask import raw_cursor
from automation_admin.models.security.redaction import REDACTED
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.vault import Vault
from tests import raw_vault
from tests.factories import TS, insert, row_for
from tests.hostile_rows import VALUES, escaped, secrets_rows

VALUE = VALUES[0]


def _checkpoint(vault: Vault, **columns: object) -> str:
    """A checkpoint written with raw SQL, past every write path, as another program would."""
    row = row_for(vault, "hitl_checkpoints") | columns
    insert(vault, "hitl_checkpoints", row)
    return str(row["id"])


def test_every_reader_sees_the_value_masked(vault: Vault) -> None:
    secrets_rows(vault)
    cid = _checkpoint(
        vault,
        checkpoint_description=f"pay with {VALUE}",
        context_json='{"card":"' + escaped(VALUE) + '"}',
        user_notes=VALUE.encode(),  # a blob where text belongs
    )
    db = vault.database()
    description, context, notes = db.execute_sql(
        "SELECT checkpoint_description, context_json, user_notes FROM hitl_checkpoints"
    ).fetchone()
    assert description == f"pay with {REDACTED}"
    assert json.loads(context) == {"card": REDACTED}
    assert notes == REDACTED.encode()
    assert HitlCheckpoint.get_by_id(cid).checkpoint_description == f"pay with {REDACTED}"
    rows, _ = checkpoints_data.page(vault, checkpoints_data.CheckpointQuery())
    assert VALUE not in repr(rows) and REDACTED in repr(rows)

    class Out:
        text = ""

        def write(self, chunk: str) -> int:
            self.text += chunk
            return len(chunk)

    for fmt in ("csv", "json", "jsonl"):
        out = Out()
        write_export(vault, "hitl_checkpoints", fmt, out)  # type: ignore[arg-type]
        assert VALUE not in out.text and REDACTED in out.text
    # The one way past the mask is explicit.
    (stored,) = raw_cursor(db).execute("SELECT checkpoint_description FROM hitl_checkpoints")
    assert stored == (f"pay with {VALUE}",)


def test_a_value_another_program_adds_while_we_are_open_is_masked(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_mask, "PROBE_SECONDS", 0.0)  # the probe runs once a second
    monkeypatch.setattr(read_mask, "_probe_due", 0.0)
    _checkpoint(vault, checkpoint_description=f"uses {VALUE}")
    db = vault.database()
    sql = "SELECT checkpoint_description FROM hitl_checkpoints"
    assert db.execute_sql(sql).fetchone() == (f"uses {VALUE}",)  # not a secret yet
    with raw_vault.connect(vault.layout) as other:
        sid = uuid7()
        other.execute(
            "INSERT INTO secrets (id, profile_id, provider_id, key_name, secret_value_enc,"
            " created_at, updated_at) VALUES (?, ?, 'generic', 'K', ?, ?, ?)",
            (sid, vault.profile_id, vault.require_key().encrypt_secret(VALUE, sid), TS, TS),
        )
        other.commit()
    assert db.execute_sql(sql).fetchone() == (f"uses {REDACTED}",)


def test_lock_drops_the_matcher(vault: Vault) -> None:
    secrets_rows(vault)
    redaction.invalidate()
    assert read_mask.current() is not None
    vault.lock()
    assert read_mask.current() is None


def test_rescrub_rewrites_only_rows_holding_a_value_and_audits_counts(vault: Vault) -> None:
    secrets_rows(vault)
    clean = _checkpoint(vault, checkpoint_description="nothing secret here")
    dirty = _checkpoint(
        vault,
        proposed_action=f"type {VALUE}",
        context_json='{"k":"' + escaped(VALUES[1]) + '"}',
    )
    script = row_for(vault, "automation_scripts") | {"script_content": f"key = '{VALUES[2]}'"}
    insert(vault, "automation_scripts", script)
    state = rescrub.start(vault)
    while not state.done:
        rescrub.step(vault, state, rows=1)  # many chunks, as the background job runs them
    report = rescrub.finish(vault, state)
    assert report.rewritten == {"hitl_checkpoints": 1, "automation_scripts": 1}
    cursor = raw_cursor(vault.database())
    by_id = {
        r[0]: r[1:]
        for r in cursor.execute(
            "SELECT id, checkpoint_description, proposed_action, context_json FROM hitl_checkpoints"
        )
    }
    assert by_id[clean][0] == "nothing secret here"
    assert by_id[dirty][1] == f"type {REDACTED}"
    assert json.loads(by_id[dirty][2]) == {"k": REDACTED}
    (content,) = cursor.execute(
        "SELECT script_content FROM automation_scripts WHERE id = ?", (script["id"],)
    ).fetchone()
    assert content == f"key = '{REDACTED}'"
    events_sql = (
        "SELECT metadata_json_redacted FROM audit_events WHERE event_type = ?",
        ("automation.redaction.rescrub",),
    )
    events = cursor.execute(*events_sql).fetchall()
    assert len(events) == 1
    assert json.loads(events[0][0])["rows_rewritten"] == report.rewritten

    again = rescrub.rescrub(vault)  # nothing changed: nothing rewritten, nothing audited
    assert again.rows == 0 and again.checked == report.checked + 1  # + the audit event
    assert len(cursor.execute(*events_sql).fetchall()) == 1


def test_rescrub_clears_the_full_text_index(vault: Vault) -> None:
    secrets_rows(vault)
    row = row_for(vault, "discovery_findings") | {"source_title": f"Leaked {VALUES[1]}"}
    insert(vault, "discovery_findings", row)
    db = vault.database()
    terms_sql = "SELECT term FROM temp.terms"
    db.execute_sql(
        "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, discovery_findings_fts, row)"
    )
    token = VALUES[1].lower()
    assert (token,) in raw_cursor(db).execute(terms_sql).fetchall()
    report = rescrub.rescrub(vault)
    assert report.rewritten == {"discovery_findings": 1}
    terms = [r[0] for r in raw_cursor(db).execute(terms_sql)]
    assert token not in terms and "leaked" in terms
    blobs = raw_cursor(db).execute("SELECT block FROM discovery_findings_fts_data").fetchall()
    assert not any(token.encode() in (b or b"") for (b,) in blobs)


def test_rescrub_does_nothing_without_secrets(vault: Vault) -> None:
    _checkpoint(vault, checkpoint_description=f"uses {VALUE}")
    state = rescrub.start(vault)
    assert state.done and rescrub.finish(vault, state).checked == 0


def test_secret_written_in_a_new_row_through_the_model_api_is_scrubbed(vault: Vault) -> None:
    secrets_rows(vault)
    redaction.invalidate()
    row = row_for(vault, "hitl_checkpoints")
    HitlCheckpoint.insert(
        row | {"id": uuid7(), "decided_at": TS, "checkpoint_description": f"x {VALUE}"}
    ).execute()
    stored = raw_cursor(vault.database()).execute(
        "SELECT checkpoint_description FROM hitl_checkpoints"
    )
    assert stored.fetchone() == (f"x {REDACTED}",)


def test_a_script_another_program_stored_with_a_value_cannot_be_approved(vault: Vault) -> None:
    from automation_admin.models.scripts import service as scripts_data

    secrets_rows(vault)
    content = f"def run(page):\n    page.fill('#key', '{VALUES[0]}')\n"
    script = row_for(vault, "automation_scripts") | {"script_content": content}
    insert(vault, "automation_scripts", script)
    info = scripts_data.detail(vault, script["id"])
    shown = info.row["script_content"]
    assert VALUES[0] not in shown and REDACTED in shown  # shown masked
    assert info.review.blocked  # and still refused: the file holds the value
    blocker = next(i for i in info.review.items if i.severity == "blocker")
    assert blocker.line == 2
    with pytest.raises(scripts_data.ApprovalRefused):
        scripts_data.approve(vault, script["id"], info.seen)


def test_ingesting_secrets_checks_their_own_rows_against_the_new_values(
    cli, vault: Vault, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    vault.lock()
    a, b = VALUES[0], VALUES[1]
    lines = [
        {"provider_id": "generic", "key_name": "A", "secret_value": a, "notes": f"it is {a}"},
        {"provider_id": "generic", "key_name": "B", "secret_value": b, "notes": f"not {a}"},
    ]
    path = tmp_path / "secrets.jsonl"
    path.write_text(
        "".join(json.dumps(r | {"created_at": TS, "updated_at": TS}) + "\n" for r in lines)
    )
    result = cli(
        "ingest", "--profile", "Work", "--passphrase-stdin", "secrets", str(path),
        stdin="correct horse battery staple\n",
    )  # fmt: skip
    assert result.code == 0, result.err
    notes = [r[0] for r in raw_vault.read(vault.layout, "SELECT notes FROM secrets")]
    assert sorted(notes) == sorted([f"it is {REDACTED}", f"not {REDACTED}"])
