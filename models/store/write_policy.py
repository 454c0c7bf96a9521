"""What every write of a guarded column goes through: scrubbing, or refusal of secrets.

Both the Peewee model API (hooks in `models.db.BaseModel`) and the bulk paths that bind
values on a raw cursor (`models.validation.RowValidator`) call `clean_value`.
"""

from __future__ import annotations

from typing import Any

from automation_admin.models.security import redaction
from automation_admin.models.store.errors import ValidationError

PLACEHOLDER_HINT = "use a placeholder such as {{API_KEY}}"


def is_guarded(model: type, column: str) -> bool:
    return column in model.REDACTED_FIELDS or column in model.SECRET_FREE_FIELDS  # type: ignore[attr-defined]


def clean_value(model: type, column: str, value: Any) -> Any:
    """The value to store for `column`, scrubbed; raises ValidationError for a refused secret."""
    if value is None:
        return None
    redactor = redaction.active()
    if column in model.SECRET_FREE_FIELDS:  # type: ignore[attr-defined]
        if not isinstance(value, str):
            raise ValidationError(column, "expected text")
        hit = redactor.find_secret(value)
        if hit is not None:
            line, kind = hit
            raise ValidationError(column, f"line {line} holds {kind}; {PLACEHOLDER_HINT}")
        return value
    if column not in model.REDACTED_FIELDS:  # type: ignore[attr-defined]
        return value
    if isinstance(value, dict | list):
        return redactor.scrub_json_value(value)
    if not isinstance(value, str):
        raise ValidationError(column, "expected text or JSON")
    if column.endswith("_json") or column.endswith("_json_redacted"):
        return redactor.scrub_json_text(value)
    return redactor.scrub_text(value)
