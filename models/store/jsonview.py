"""Reading JSON columns written by anyone: parsed when valid, raw text with a warning when not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from automation_admin.models.security.json_scrub import MAX_JSON_DEPTH, JsonTooDeep, too_deep

# One limit for every JSON reader and writer (json_scrub.MAX_JSON_DEPTH): deeper JSON is
# refused on write and read as raw text, since every walker of it recurses or loops per level.
MAX_DEPTH = MAX_JSON_DEPTH

__all__ = ["MAX_DEPTH", "JsonValue", "loads", "number", "read_json", "too_deep"]


def loads(text: str | bytes) -> Any:
    """json.loads for text from any writer: nesting deeper than MAX_DEPTH is a ValueError
    (JsonTooDeep), never a RecursionError."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if not isinstance(text, str):
        raise TypeError("JSON must be text")
    if too_deep(text):
        raise JsonTooDeep()
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonTooDeep() from None


@dataclass(frozen=True)
class JsonValue:
    raw: str | None
    value: Any  # the parsed value, or None when missing or invalid
    valid: bool

    @property
    def present(self) -> bool:
        return self.raw is not None

    def get(self, key: str, default: Any = None) -> Any:
        return self.value.get(key, default) if isinstance(self.value, dict) else default


def read_json(raw: str | None) -> JsonValue:
    """Parsed JSON; JSON nested too deeply for a view to walk counts as invalid (raw text)."""
    if raw is None:
        return JsonValue(None, None, True)
    try:
        return JsonValue(raw, loads(raw), True)
    except (ValueError, TypeError):
        return JsonValue(raw, None, False)


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
