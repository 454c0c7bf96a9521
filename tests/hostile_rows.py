"""Rows for every vault table with vault secret values in every free-text and JSON column,
and checks that a text, a file or a table holds none of them in clear (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from automation_admin.models.schema import ALL_MODELS
from automation_admin.models.schema.columns import (
    REDACTED_JSON,
    REDACTED_TEXT,
    REFUSE_SECRETS,
    VAULT_VALUES_ONLY,
)
from automation_admin.models.security import redaction
from automation_admin.models.store.ids import uuid7
from automation_admin.models.store.vault import Vault
from tests.factories import TS, insert, make_project, make_secret, row_for

# Three values of the vault: a long all-letter passphrase, a random key, a key shape.
VALUES = (
    "correcthorsebatterystaplemoonrise",
    "Zq8vN2pLx7RtY4wKb9JmC3sHd6FgA1eU",
    "sk-proj-Abc123Def456Ghi789Jkl012",
)


def escaped(value: str) -> str:
    """`value` as a JSON string body with every character \\u-escaped."""
    return "".join(f"\\u{ord(c):04x}" for c in value)


def hostile_text(n: int) -> str:
    a, b, c = VALUES
    return f"row {n}: {a} then {b}, url https://x.example.com/?q={quote(c)} and {c}."


def hostile_json(n: int) -> str:
    """JSON text hiding the values in a value, a key, an escape and a duplicate key."""
    a, b, c = VALUES
    parts = [
        f'"n":{n}',
        f'"note":"{a}"',
        f'"{b}":["{escaped(c)}"]',
        f'"v":"{a}"',
        '"v":0',
        f'"nested":{{"deep":[{{"x":"{escaped(b)}"}}]}}',
    ]
    return "{" + ",".join(parts) + "}"


def free_columns(table: str) -> dict[str, str]:
    """Every free-text and JSON column of `table`, with how it is filled ("text"/"json")."""
    out = {c: "text" for c in REDACTED_TEXT.get(table, ())}
    out |= {c: "text" for c in VAULT_VALUES_ONLY.get(table, ())}
    out |= {c: "text" for c in REFUSE_SECRETS.get(table, ())}
    out |= {c: "json" for c in REDACTED_JSON.get(table, ())}
    return out


def base_row(vault: Vault, table: str) -> dict[str, Any]:
    """A valid row for `table` (parents inserted first), before the hostile text."""
    p = vault.profile_id
    if table in {"providers"}:
        return {
            "id": f"acme-{uuid7()[-8:]}",
            "display_name": "Acme",
            "created_at": TS,
            "updated_at": TS,
        }
    if table == "secrets":
        return {
            "id": uuid7(),
            "profile_id": p,
            "provider_id": "generic",
            "key_name": f"KEY_{uuid7()[-8:]}",
            "created_at": TS,
            "updated_at": TS,
        }
    if table == "projects":
        return {
            "id": uuid7(),
            "profile_id": p,
            "root_path": "/p",
            "display_name": "P",
            "created_at": TS,
            "updated_at": TS,
        }
    if table in {"project_docs", "project_requirements", "dotenv_targets"}:
        row = {"id": uuid7(), "profile_id": p, "project_id": make_project(vault), "created_at": TS}
        if table == "project_requirements":
            return row | {"requirement_text": "r"}
        row["relative_path"] = "docs/x.md"
        return row | ({"updated_at": TS} if table == "dotenv_targets" else {})
    if table == "validations":
        return {"secret_id": make_secret(vault), "status": "error", "checked_at": TS}
    if table == "audit_events":
        return {"id": uuid7(), "profile_id": p, "event_type": "t", "created_at": TS}
    if table == "profile_settings":
        raise KeyError(table)
    return row_for(vault, table)


def hostile_row(vault: Vault, table: str, n: int, refused: bool = True) -> dict[str, Any]:
    """`base_row` with every free column holding the values (script_content too, unless
    `refused` is False: the write path refuses it, as it should)."""
    row = base_row(vault, table)
    for column, kind in free_columns(table).items():
        if not refused and column in REFUSE_SECRETS.get(table, ()):
            continue
        row[column] = hostile_json(n) if kind == "json" else hostile_text(n)
    return row


def tables() -> list[str]:
    return [m._meta.table_name for m in ALL_MODELS if free_columns(m._meta.table_name)]


def insert_raw(conn: Any, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))


def clear_values_in(text: str) -> list[str]:
    """The values `text` holds in clear: raw, lower-cased, or behind JSON escapes."""
    found = [v for v in VALUES if v in text or v.lower() in text.lower()]
    try:
        decoded = json.dumps(json.loads(text), ensure_ascii=False)
    except (ValueError, RecursionError):
        decoded = ""
    return found + [v for v in VALUES if v in decoded and v not in found]


def assert_clean(texts: Iterable[str], where: str) -> None:
    for text in texts:
        found = clear_values_in(text)
        assert not found, f"{where} holds a vault value in clear"


def secrets_rows(vault: Vault) -> None:
    """Store the three values as the profile's secrets (as the vault's own write path does)."""
    key = vault.require_key()
    for value in VALUES:
        sid = uuid7()
        insert(
            vault,
            "secrets",
            {
                "id": sid,
                "profile_id": vault.profile_id,
                "provider_id": "generic",
                "key_name": f"KEY_{sid[-6:]}",
                "secret_value_enc": key.encrypt_secret(value, sid),
                "created_at": TS,
                "updated_at": TS,
            },
        )
    redaction.invalidate()  # our own connection wrote them: say so, as the data layer does
