"""What every write of a text column goes through: scrubbing, or refusal of secrets.

Deny by default (DESIGN §2): every text and JSON column is scrubbed unless the schema's
column list (`models.schema.columns`) calls it structural. Both the Peewee model API (hooks
in `models.store.db.BaseModel`) and the paths that bind values on a raw cursor
(`models.store.validation.RowValidator`, `models.store.bulk`) call `clean_value`.
"""

from __future__ import annotations

from typing import Any

from automation_admin.models.security import json_scrub, redaction
from automation_admin.models.store.errors import ValidationError

PLACEHOLDER_HINT = "use a placeholder such as {{API_KEY}}"
# Longest text one column takes: far above any real note, error or script, and small
# enough that scrubbing it (linear time) stays well under a second.
MAX_TEXT_CHARS = 1_000_000

_rules: dict[type, dict[str, str]] = {}


def rules_of(model: type) -> dict[str, str]:
    """Column name -> rule ("none", "text", "json", "vault_values", "refuse"), per model."""
    found = _rules.get(model)
    if found is None:
        from automation_admin.models.schema.columns import rule

        table = model._meta.table_name  # type: ignore[attr-defined]
        found = {f.column_name: rule(table, f) for f in model._meta.sorted_fields}  # type: ignore[attr-defined]
        _rules[model] = found
    return found


def rule_for(model: type, column: str) -> str:
    return rules_of(model).get(column, "text")


def is_guarded(model: type, column: str) -> bool:
    return rule_for(model, column) != "none"


def has_guarded(model: type) -> bool:
    return any(r != "none" for r in rules_of(model).values())


def clean_value(model: type, column: str, value: Any) -> Any:
    """The value to store for `column`, scrubbed; raises ValidationError for a refused
    secret, a text too long to take, or JSON nested too deeply to check."""
    if value is None:
        return None
    kind = rule_for(model, column)
    if kind == "none":
        return value
    redactor = redaction.active()
    if kind == "json" and isinstance(value, dict | list):
        try:
            value = json_scrub.dumps(value)  # measured and scrubbed like any JSON text
        except (ValueError, RecursionError):
            raise ValidationError(column, "not valid JSON (or nested too deeply)") from None
    if not isinstance(value, str):
        raise ValidationError(column, "expected text" if kind != "json" else "expected JSON")
    if len(value) > MAX_TEXT_CHARS:
        raise ValidationError(column, f"text longer than {MAX_TEXT_CHARS:,} characters")
    if kind == "refuse":
        hit = redactor.find_secret(value)
        if hit is not None:
            line, found = hit
            raise ValidationError(column, f"line {line} holds {found}; {PLACEHOLDER_HINT}")
        return value
    if kind == "vault_values":
        return redactor.scrub_vault_values(value)
    if kind == "json":
        # Too deep to walk is too deep to check for secrets: refused, never stored (the
        # redactor's own scrub_json_text would fall back to plain text instead).
        try:
            return json_scrub.scrub_text(value, redactor.scrub_text)
        except json_scrub.JsonTooDeep:
            raise ValidationError(column, _too_deep()) from None
    return redactor.scrub_text(value)


def _too_deep() -> str:
    return f"JSON nested deeper than {json_scrub.MAX_JSON_DEPTH} levels"
