"""Scrubbing JSON: every string at every depth, keys included, then always re-serialised.

The cleaned object is always written back as new text, never the original: duplicate keys
(`{"v": "<secret>", "v": 0}`) and `\\u`-escaped secrets would otherwise survive because the
parsed form looks clean. A value under a key that names a credential (`"password": "…"`)
is redacted whatever it looks like. The walk is iterative and the depth bounded, so a
hostile document cannot exhaust the stack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from automation_admin.models.security.detectors import is_credential_key, is_placeholder
from automation_admin.models.security.matcher import REDACTED

MAX_JSON_DEPTH = 64
_END: Any = object()
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


class JsonTooDeep(ValueError):
    """JSON nested deeper than MAX_JSON_DEPTH levels."""


def too_deep(text: str) -> bool:
    """Whether JSON text nests deeper than MAX_JSON_DEPTH (brackets inside strings not
    counted), found without parsing it: a linear scan, no recursion."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False  # fewer brackets than the limit cannot nest past it
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def parse(text: str) -> Any:
    """json.loads, with nesting beyond the C parser's recursion limit reported as too deep."""
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonTooDeep() from None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _credential_value(value: Any) -> bool:
    """A scalar worth redacting under a credential key (not null, not a flag, not empty)."""
    if isinstance(value, str):
        return bool(value.strip()) and value != REDACTED and not is_placeholder(value)
    return isinstance(value, int | float) and not isinstance(value, bool)


def scrub_value(value: Any, scrub: Callable[[str], str]) -> Any:
    """A cleaned copy of a parsed JSON value; raises JsonTooDeep past MAX_JSON_DEPTH."""
    if not isinstance(value, dict | list):
        return _leaf(value, scrub)
    root: dict[str, Any] | list[Any] = {} if isinstance(value, dict) else []
    stack: list[tuple[Any, dict[str, Any] | list[Any]]] = [(_items(value), root)]
    while stack:
        items, out = stack[-1]
        item: Any = next(items, _END)
        if item is _END:
            stack.pop()
            continue
        key, child = item
        if isinstance(out, dict):
            name = scrub(str(key))
            while name in out:  # two keys scrubbed to the same text both stay
                name += "*"
            if is_credential_key(str(key)) and _credential_value(child):
                out[name] = REDACTED
                continue
        if isinstance(child, dict | list):
            if len(stack) >= MAX_JSON_DEPTH:
                raise JsonTooDeep()
            inner: dict[str, Any] | list[Any] = {} if isinstance(child, dict) else []
            _put(out, name if isinstance(out, dict) else None, inner)
            stack.append((_items(child), inner))
        else:
            _put(out, name if isinstance(out, dict) else None, _leaf(child, scrub))
    return root


def _items(value: dict[str, Any] | list[Any]) -> Any:
    return iter(value.items()) if isinstance(value, dict) else ((None, v) for v in value)


def _put(out: dict[str, Any] | list[Any], key: str | None, value: Any) -> None:
    if isinstance(out, dict):
        out[key] = value  # type: ignore[index]
    else:
        out.append(value)


def _leaf(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = repr(value)
        return REDACTED if scrub(text) != text else value
    return value


def scrub_text(text: str, scrub: Callable[[str], str]) -> str:
    """Scrub JSON text (re-serialised); text that is not JSON is scrubbed as plain text.

    Raises JsonTooDeep for JSON nested too deeply to check."""
    try:
        parsed = parse(text)
    except JsonTooDeep:
        raise
    except ValueError:
        return scrub(text)
    return dumps(scrub_value(parsed, scrub))


def strings(value: Any) -> list[str]:
    """Every string of a parsed JSON value, keys included (iterative; depth is not limited
    here because `parse` already bounds it)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
