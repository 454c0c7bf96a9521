"""Secret scrubbing for every write path (DESIGN §2 "Redaction").

Two kinds of detectors: the profile's own secret values (learned at unlock, decrypted in
memory) in the forms they travel in (raw, JSON-escaped, percent-encoded, base64 at every
byte alignment), and common key shapes. Literal values are compiled into one trie-shaped
regular expression so a vault of hundreds of keys costs one scan of each text.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, quote_plus

from automation_admin.models.store import jsonview
from automation_admin.models.store.ids import UUID_PATTERN

REDACTED = "[REDACTED]"
CACHE_SIZE = 4096
MIN_SECRET_LENGTH = 8
_ENTROPY_MIN_LENGTH = 32
_ENTROPY_MIN_BITS = 3.5

# Key shapes: (name, pattern, triggers). A pattern runs only on text holding one of its
# triggers (lowercase triggers are looked for in the lowercased text): a substring test is
# far cheaper than a regex, and most text holds none. Group 1, when present, is redacted.
KEY_SHAPES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "private key",
        r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----",
        ("PRIVATE KEY",),
    ),
    ("Anthropic key", r"sk-ant-[A-Za-z0-9_\-]{16,}", ("sk-ant-",)),
    ("OpenAI-style key", r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{16,}", ("sk-",)),
    ("Stripe key", r"(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}", ("_live_", "_test_")),
    ("GitHub token", r"gh[pousr]_[A-Za-z0-9]{30,}", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    ("GitHub token", r"github_pat_[A-Za-z0-9_]{22,}", ("github_pat_",)),
    ("AWS access key", r"(?:AKIA|ASIA)[0-9A-Z]{16}", ("AKIA", "ASIA")),
    ("Slack token", r"xox[abposr]-[A-Za-z0-9\-]{10,}", ("xox",)),
    ("SendGrid key", r"SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}", ("SG.",)),
    ("Google API key", r"AIza[0-9A-Za-z_\-]{30,}", ("AIza",)),
    ("Mapbox token", r"(?:sk|pk)\.eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+", (".eyJ",)),
    ("Twilio key", r"SK[0-9a-f]{32}", ("SK",)),
    ("JSON web token", r"eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", ("eyJ",)),
    (
        "bearer token",
        r"(?i:bearer|token|basic)\s+([A-Za-z0-9._~+/=\-]{12,})",
        ("bearer", "token", "basic"),
    ),
    (
        "credential assignment",
        # The value needs a digit or symbol: `token = response.json()` is code, not a secret.
        r"(?i:api[_\-]?key|secret|token|passw(?:or)?d|auth)[\"']?\s*[:=]\s*[\"']?"
        r"((?!\{\{)(?=[A-Za-z0-9_\-+/=~.!@#$%^*]*[0-9+/=~!@#$%^*])[A-Za-z0-9_\-+/=~.!@#$%^*]{8,})",
        ("key", "secret", "token", "passw", "auth"),
    ),
)
_SHAPE_LIST = [(name, re.compile(pattern), triggers) for name, pattern, triggers in KEY_SHAPES]
_TRIGGER_TABLE: list[tuple[str, list[int], bool]] = []
for _index, (_, _, _triggers) in enumerate(KEY_SHAPES):
    for _trigger in _triggers:
        _blind = _trigger == _trigger.lower()
        _entry = next((e for e in _TRIGGER_TABLE if e[0] == _trigger and e[2] == _blind), None)
        if _entry is None:
            _TRIGGER_TABLE.append((_trigger, [_index], _blind))
        else:
            _entry[1].append(_index)
_TOKEN = re.compile(rf"[A-Za-z0-9_\-+/=.~]{{{_ENTROPY_MIN_LENGTH},}}")
_HEXISH = re.compile(r"[0-9a-f\-]+")
# Public identifiers inside a longer token (a backup file name: profile id, version, time).
_IDENTIFIERS = re.compile(rf"{UUID_PATTERN}|\d{{8}}T\d{{6}}Z")
_SEPARATORS = re.compile(r"[/.\-_:~]+")
_PLACEHOLDER = re.compile(r"\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}")


def _entropy_bits(token: str) -> float:
    counts = Counter(token)
    total = len(token)
    return -sum(c / total * math.log2(c / total) for c in counts.values())


def _looks_random(token: str) -> bool:
    """A long token with letters and digits and high entropy; hashes, UUIDs and paths pass."""
    if _HEXISH.fullmatch(token):  # commit SHAs, checksums, UUIDs: public identifiers
        return False
    rest = _IDENTIFIERS.sub("", token)
    if rest != token:
        if len(_SEPARATORS.sub("", rest)) < _ENTROPY_MIN_LENGTH:
            return False
        token = rest
    words = [w for w in _SEPARATORS.split(token) if w]
    if len(words) >= 3:
        wordlike = sum(1 for w in words if w.isalpha() or len(w) <= 3)
        if wordlike / len(words) >= 0.75:  # a URL path, a host name, a dotted identifier
            return False
    has_digit = any(c.isdigit() for c in token)
    has_alpha = any(c.isalpha() for c in token)
    if not (has_digit and has_alpha):
        return False
    return _entropy_bits(token) >= _ENTROPY_MIN_BITS


def _base64_cores(value: bytes) -> set[str]:
    """Substrings present in any base64 text that encodes `value` at any byte alignment."""
    cores = set()
    for offset in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(b"\0" * offset + value + b"\0\0\0").decode()
            start = (offset * 4 + 2) // 3 + (1 if offset else 0)
            end = ((offset + len(value)) * 4) // 3
            core = text[start:end]
            if len(core) >= MIN_SECRET_LENGTH:
                cores.add(core)
    return cores


def secret_variants(value: str) -> set[str]:
    """The forms a secret takes in logs, URLs, JSON and encoded blobs."""
    variants = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    variants |= {quote(value, safe=""), quote(value), quote_plus(value)}
    variants |= {v.lower() for v in list(variants) if "%" in v}
    variants |= _base64_cores(value.encode("utf-8"))
    return {v for v in variants if len(v) >= MIN_SECRET_LENGTH}


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex that matches any of `words`, longest first, without per-word scans."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


class Redactor:
    """Scrubs text and JSON, and finds secrets in scripts. Immutable once built."""

    def __init__(self, secret_values: Iterable[str] = ()) -> None:
        values = {v for v in secret_values if isinstance(v, str) and len(v) >= MIN_SECRET_LENGTH}
        variants: set[str] = set()
        for value in values:
            variants |= secret_variants(value)
        self._literals = re.compile(_trie_pattern(variants)) if variants else None
        self.secret_count = len(values)
        # Texts repeat (the same error, the same context): scrubbing is a pure function of
        # the text for this redactor, so a bounded cache per instance is safe.
        self.scrub_text = functools.lru_cache(maxsize=CACHE_SIZE)(self._scrub_text)  # type: ignore[method-assign]
        self.scrub_json_text = functools.lru_cache(maxsize=CACHE_SIZE)(self._scrub_json_text)  # type: ignore[method-assign]

    def _literal_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._literals.finditer(text)] if self._literals else []

    def _scrub_text(self, text: str) -> str:
        if not text:
            return text
        if self._literals is not None:
            text = self._literals.sub(REDACTED, text)
        for _, pattern in _shapes_present(text):
            text = pattern.sub(_replace_shape, text)
        return _TOKEN.sub(_replace_token, text)

    def scrub_json_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                new_key = self.scrub_text(str(key))
                while new_key in out:
                    new_key += "*"
                out[new_key] = self.scrub_json_value(item)
            return out
        if isinstance(value, list):
            return [self.scrub_json_value(item) for item in value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = repr(value)
            return REDACTED if self.scrub_text(text) != text else value
        return value

    def _scrub_json_text(self, text: str) -> str:
        """Scrub inside valid JSON (keys and values at any depth); other text as plain text."""
        if "\\" not in text and self.scrub_text(text) == text:
            return text  # no escapes to hide behind, and nothing matched the text as a whole
        try:
            parsed = jsonview.loads(text)  # too deep is ValueError, never RecursionError
        except ValueError:
            return self.scrub_text(text)
        cleaned = self.scrub_json_value(parsed)
        if cleaned == parsed:
            return text
        return json.dumps(cleaned, ensure_ascii=False, separators=(",", ":"))

    def find_secret(self, text: str) -> tuple[int, str] | None:
        """(line number, kind) of the first secret in `text`, ignoring {{PLACEHOLDERS}}."""
        masked = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)
        hits: list[tuple[int, str]] = []
        spans = self._literal_spans(masked)
        if spans:
            hits.append((spans[0][0], "a secret value from this vault"))
        for name, pattern in _shapes_present(masked):
            match = pattern.search(masked)
            if match:
                hits.append((match.start(), name))
        for match in _TOKEN.finditer(masked):
            if _looks_random(match.group()):
                hits.append((match.start(), "a long random token"))
                break
        if not hits:
            return None
        offset, kind = min(hits)
        return masked.count("\n", 0, offset) + 1, kind


def _shapes_present(text: str) -> list[tuple[str, re.Pattern[str]]]:
    """The shapes whose trigger occurs in `text` (plain substring tests: cheapest here)."""
    lowered = text.lower()
    hits: set[int] = set()
    for trigger, shapes, case_blind in _TRIGGER_TABLE:
        if trigger in (lowered if case_blind else text):
            hits.update(shapes)
    return [(_SHAPE_LIST[i][0], _SHAPE_LIST[i][1]) for i in sorted(hits)]


def _replace_shape(match: re.Match[str]) -> str:
    for index, group in enumerate(match.groups(), start=1):
        if group is not None:
            start, end = match.span(index)
            whole = match.group()
            base = match.start()
            return whole[: start - base] + REDACTED + whole[end - base :]
    return REDACTED


def _replace_token(match: re.Match[str]) -> str:
    token = match.group()
    return REDACTED if _looks_random(token) and REDACTED not in token else token


# ---- the active policy: one vault is open per process ------------------------------------

_lock = threading.Lock()
_loader: Callable[[], Iterable[str]] | None = None
_active: Redactor | None = None
_SHAPES_ONLY = Redactor()


def activate(loader: Callable[[], Iterable[str]]) -> None:
    """Called at unlock: secret values are loaded from the vault on first use."""
    global _loader, _active
    with _lock:
        _loader, _active = loader, None


def invalidate() -> None:
    """Called after secrets change, so the next write learns the new values."""
    global _active
    with _lock:
        _active = None


def deactivate() -> None:
    global _loader, _active
    with _lock:
        _loader, _active = None, None


def active() -> Redactor:
    global _active
    with _lock:
        if _active is None:
            _active = Redactor(_loader()) if _loader is not None else _SHAPES_ONLY
        return _active
