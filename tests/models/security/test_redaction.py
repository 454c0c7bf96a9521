"""Redaction on every write path: the model API, bulk paths, ingest; secrets refused in scripts."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, unquote, unquote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from automation_admin.models.schema.automation import (
    AutomationScript,
    DiscoveryFinding,
    HitlCheckpoint,
)
from automation_admin.models.schema.base import AuditEvent
from automation_admin.models.security.read_mask import raw_cursor
from automation_admin.models.security.redaction import REDACTED, Redactor
from automation_admin.models.store.errors import ValidationError
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.vault import Vault
from tests.factories import TS, insert, row_for

SECRET = "sk-test-value"  # what tests.factories.make_secret stores (too short for a key shape)


@pytest.fixture
def guarded(vault: Vault) -> Vault:
    """A vault holding one secret value, with one execution to hang checkpoints on."""
    from tests.factories import make_secret

    make_secret(vault)
    return vault


def checkpoint_fields(vault: Vault, **extra: Any) -> dict[str, Any]:
    row = row_for(vault, "hitl_checkpoints")
    row["execution"] = row.pop("execution_id")
    row["profile"] = row.pop("profile_id")
    return row | extra


def stored(vault: Vault, table: str, column: str) -> list[str]:
    """What the file holds, read past the mask on read."""
    rows = raw_cursor(vault.database()).execute(f"SELECT {column} FROM {table} ORDER BY rowid")
    return [r[0] for r in rows]


def test_create_and_save_scrub(guarded: Vault) -> None:
    cp = HitlCheckpoint.create(
        **checkpoint_fields(
            guarded,
            user_notes=f"pasted {SECRET} by mistake",
            context_json={"headers": {"Authorization": f"Bearer {SECRET}"}, SECRET: 1},
        )
    )
    assert stored(guarded, "hitl_checkpoints", "user_notes") == [f"pasted {REDACTED} by mistake"]
    context = json.loads(stored(guarded, "hitl_checkpoints", "context_json")[0])
    # "Authorization" names a credential: its whole value goes, not only the token.
    assert context == {"headers": {"Authorization": REDACTED}, REDACTED: 1}
    cp.user_notes = f"again {SECRET}"
    cp.save()
    assert stored(guarded, "hitl_checkpoints", "user_notes") == [f"again {REDACTED}"]


def test_insert_update_replace_scrub(guarded: Vault) -> None:
    row = row_for(guarded, "discovery_findings")
    DiscoveryFinding.insert(row | {"user_notes": SECRET}).execute()
    DiscoveryFinding.update(user_notes=f"x {SECRET} y").execute()
    assert stored(guarded, "discovery_findings", "user_notes") == [f"x {REDACTED} y"]
    DiscoveryFinding.replace(row | {"user_notes": f"{SECRET}!"}).execute()
    assert stored(guarded, "discovery_findings", "user_notes") == [f"{REDACTED}!"]


def test_insert_many_with_dicts_tuples_and_bulk_create(guarded: Vault) -> None:
    rows = [
        row_for(guarded, "discovery_findings") | {"user_notes": f"n{i} {SECRET}"} for i in range(3)
    ]
    DiscoveryFinding.insert_many(rows[:1]).execute()
    fields = [DiscoveryFinding._meta.combined[k] for k in rows[1]]
    DiscoveryFinding.insert_many([tuple(rows[1].values())], fields=fields).execute()
    DiscoveryFinding.bulk_create(
        [
            DiscoveryFinding(
                **{
                    ("provider" if k == "provider_id" else "profile" if k == "profile_id" else k): v
                    for k, v in rows[2].items()
                }
            )
        ]
    )
    assert stored(guarded, "discovery_findings", "user_notes") == [
        f"n{i} {REDACTED}" for i in range(3)
    ]


def test_bulk_update_scrubs(guarded: Vault) -> None:
    insert(guarded, "discovery_findings", row_for(guarded, "discovery_findings"))
    finding = DiscoveryFinding.get()
    finding.user_notes = f"note {SECRET}"
    DiscoveryFinding.bulk_update([finding], fields=["user_notes"])
    assert stored(guarded, "discovery_findings", "user_notes") == [f"note {REDACTED}"]


def test_unverifiable_writes_are_refused(guarded: Vault) -> None:
    from peewee import fn

    insert(guarded, "discovery_findings", row_for(guarded, "discovery_findings"))
    with pytest.raises(ValidationError, match="plain value"):
        DiscoveryFinding.update(user_notes=fn.upper(DiscoveryFinding.source_title)).execute()
    with pytest.raises(ValidationError, match="cannot be checked"):
        DiscoveryFinding.insert_from(DiscoveryFinding.select(), [DiscoveryFinding.id])


def test_audit_metadata_and_plan_json_are_scrubbed(guarded: Vault) -> None:
    AuditEvent.create(
        id=uuid7(),
        profile=guarded.profile_id,
        event_type="t",
        created_at=TS,
        metadata_json_redacted={"error": f"401 for key {SECRET}"},
    )
    assert SECRET not in stored(guarded, "audit_events", "metadata_json_redacted")[0]
    row = row_for(guarded, "automation_scripts")
    row["provider"], row["profile"] = row.pop("provider_id"), row.pop("profile_id")
    AutomationScript.create(**row, plan_data_json={"steps": [{"fill": SECRET}]})
    assert REDACTED in stored(guarded, "automation_scripts", "plan_data_json")[0]


SCRIPT = """from playwright.sync_api import sync_playwright

def run(page):
    page.goto("https://platform.openai.com/api-keys")
    page.fill("#key", "{{API_KEY}}")
    page.fill("#other", "%s")
"""


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (SECRET, "a secret value from this vault"),
        ("ghp_" + "a1B2c3D4" * 5, "GitHub token"),
        ("AKIA" + "ABCDEFGHIJ123456", "AWS access key"),
    ],
)
def test_script_content_holding_a_secret_is_refused_naming_the_line(
    guarded: Vault, value: str, kind: str
) -> None:
    row = row_for(guarded, "automation_scripts")
    row["provider"], row["profile"] = row.pop("provider_id"), row.pop("profile_id")
    with pytest.raises(ValidationError) as err:
        AutomationScript.create(**row | {"script_content": SCRIPT % value})
    assert f"line 6 holds {kind}" in str(err.value)
    assert value not in str(err.value)
    AutomationScript.create(**row | {"script_content": SCRIPT % "{{OTHER_TOKEN}}"})


def test_ingest_scrubs_and_refuses_too(cli, guarded: Vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    execution = row_for(guarded, "hitl_checkpoints")
    guarded.lock()
    path = tmp_path / "cp.jsonl"
    path.write_text(
        json.dumps(execution | {"user_notes": f"typed {SECRET}", "context_json": {"k": SECRET}})
        + "\n"
    )
    result = cli(
        "ingest",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "hitl_checkpoints",
        str(path),
        stdin="correct horse battery staple\n",
    )
    assert result.code == 0, result.err
    script = {k: v for k, v in row_for_script().items()} | {"script_content": SCRIPT % SECRET}
    path.write_text(json.dumps(script) + "\n")
    refused = cli(
        "ingest",
        "--profile",
        "Work",
        "--passphrase-stdin",
        "automation_scripts",
        str(path),
        stdin="correct horse battery staple\n",
    )
    assert refused.code == 1 and "line 1: column 'script_content': line 6 holds" in refused.err
    from automation_admin.models.store.vault import unlock

    with unlock(guarded.layout, "Work", "correct horse battery staple") as vault:
        ((notes, context),) = (
            raw_cursor(vault.database())
            .execute("SELECT user_notes, context_json FROM hitl_checkpoints")
            .fetchall()
        )
        assert notes == f"typed {REDACTED}" and json.loads(context) == {"k": REDACTED}


def row_for_script() -> dict[str, Any]:
    return {
        "provider_id": "generic",
        "task_type": "custom",
        "title": "t",
        "description": "d",
        "model_used": "m",
        "created_at": TS,
        "updated_at": TS,
    }


# ---- fuzz: a secret in any common wrapping never survives into the stored row ------------

SECRET_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+="
_B64_RUN = re.compile(r"[A-Za-z0-9+/=_\-]{8,}")


def _decodings(text: str) -> list[bytes]:
    out = [text.encode(), unquote(text).encode(), unquote_plus(text).encode()]
    for run in _B64_RUN.findall(text):
        for start in range(4):
            chunk = run[start:]
            chunk += "=" * (-len(chunk) % 4)
            for decode in (base64.b64decode, base64.urlsafe_b64decode):
                with contextlib.suppress(binascii.Error, ValueError):
                    out.append(decode(chunk))
    with contextlib.suppress(ValueError):
        out.append(json.dumps(json.loads(text), ensure_ascii=False).encode())
    return out


def survives(secret: str, text: str) -> bool:
    needle = secret.encode()
    return any(needle in decoded for decoded in _decodings(text))


noise = st.text(max_size=40)
wrappings = st.sampled_from(["raw", "json", "json_key", "url", "base64", "percent", "plus"])


def wrap(kind: str, secret: str, before: str, after: str) -> Any:
    if kind == "raw":
        return before + secret + after
    if kind == "json":
        return {"ctx": [before, {"v": before + secret + after}]}
    if kind == "json_key":
        return {before + secret: after}
    if kind == "url":
        return f"{before} https://api.example.com/v1/items?key={quote(secret)}&q={quote(after)}"
    if kind == "base64":
        raw = before.encode() + secret.encode() + after.encode()
        return before + " " + base64.b64encode(raw).decode() + " " + after
    if kind == "percent":
        return before + quote(secret, safe="") + after
    return before + quote_plus(before + secret + after)


def test_fuzz_secrets_never_survive_storage(vault: Vault) -> None:
    from automation_admin.models.security import redaction
    from tests.factories import make_secret

    execution_row = row_for(vault, "hitl_checkpoints")
    execution_id = execution_row["execution_id"]
    db = vault.database()
    make_secret(vault)

    @settings(
        max_examples=5000,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        secret=st.text(SECRET_ALPHABET, min_size=12, max_size=48),
        kind=wrappings,
        before=noise,
        after=noise,
    )
    def check(secret: str, kind: str, before: str, after: str) -> None:
        redaction.activate(lambda: [secret])
        value = wrap(kind, secret, before, after)
        with db.atomic() as txn:
            HitlCheckpoint.create(
                id=uuid7(),
                profile=vault.profile_id,
                execution=execution_id,
                checkpoint_type="api_key",
                checkpoint_description="d",
                proposed_action="p",
                context_json=value if not isinstance(value, str) else {"note": value},
                user_notes=value if isinstance(value, str) else json.dumps(value),
                decision="approved",
                decided_at=TS,
            )
            notes, context = (
                raw_cursor(db)
                .execute(
                    "SELECT user_notes, context_json FROM hitl_checkpoints"
                    " ORDER BY rowid DESC LIMIT 1"
                )
                .fetchone()
            )
            txn.rollback()
        assert not survives(secret, notes), (kind, notes)
        assert not survives(secret, context), (kind, context)

    try:
        check()
    finally:
        redaction.activate(vault.secret_values)


def test_key_shapes_without_vault_values() -> None:
    redactor = Redactor()
    text = (
        "openai sk-proj-"
        + "Ab1" * 10
        + " github github_pat_"
        + "x1Y2" * 8
        + " slack xoxb-123456789012-abcdefghij stripe sk_live_"
        + "9z" * 10
        + " jwt eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f"
    )
    scrubbed = redactor.scrub_text(text)
    assert scrubbed.count(REDACTED) == 5, scrubbed
    assert redactor.scrub_text("see https://docs.example.com/v1/rate-limits") == (
        "see https://docs.example.com/v1/rate-limits"
    )


def test_backup_file_names_are_public_but_random_tails_are_not() -> None:
    redactor = Redactor()
    name = f"{uuid7()}-v2-20261126T140000Z.sqlite"
    assert redactor.scrub_text(f"backup: {name}") == f"backup: {name}"
    tail = "Zq8vN2pLx7RtY4wKb9JmC3sHd6FgA1eU"  # 32 random characters after an id
    assert redactor.scrub_text(f"{uuid7()}-{tail}").endswith(REDACTED)
