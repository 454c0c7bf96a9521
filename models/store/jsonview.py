"""Reading JSON columns written by anyone: parsed when valid, raw text with a warning when not."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


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
    if raw is None:
        return JsonValue(None, None, True)
    try:
        return JsonValue(raw, json.loads(raw), True)
    except (ValueError, TypeError):
        return JsonValue(raw, None, False)


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
