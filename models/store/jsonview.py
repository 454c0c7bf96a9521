"""Reading JSON columns written by anyone: parsed when valid, raw text with a warning when not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from automation_admin.models.security.json_scrub import MAX_JSON_DEPTH


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
        value = json.loads(raw)
    except (ValueError, TypeError, RecursionError):
        return JsonValue(raw, None, False)
    # Counting brackets is cheap, and fewer of them than the limit cannot nest past it.
    brackets = raw.count("[") + raw.count("{") if isinstance(raw, str) else MAX_JSON_DEPTH + 1
    if brackets > MAX_JSON_DEPTH and _depth(value) > MAX_JSON_DEPTH:
        return JsonValue(raw, None, False)
    return JsonValue(raw, value, True)


def _depth(value: Any) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
