"""Reading JSON columns written by anyone: parsed when valid, raw text with a warning when not."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

# Deeper JSON than this is refused on write and read as raw text: no collector writes it,
# and every reader (redaction, the tree view, the json module itself) recurses per level.
MAX_DEPTH = 100
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def too_deep(text: str) -> bool:
    """Whether JSON text nests deeper than MAX_DEPTH (brackets inside strings not counted)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def loads(text: str | bytes) -> Any:
    """json.loads for text from any writer: nesting deeper than MAX_DEPTH is a ValueError,
    never a RecursionError."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if too_deep(text):
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(f"JSON nested deeper than {MAX_DEPTH} levels") from None


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
        return JsonValue(raw, loads(raw), True)
    except (ValueError, TypeError):
        return JsonValue(raw, None, False)


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
