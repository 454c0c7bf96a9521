"""The vault's own secret values, found in one linear pass (DESIGN §2 "Redaction").

Every value is looked for in the forms it travels in: raw, JSON-escaped, percent-encoded
(both hex cases of the whole form) and base64 at every byte alignment. All forms of all
values go into one Aho-Corasick automaton, so a vault of hundreds of keys still costs one
scan of each text, whatever the text holds. The same matcher serves writes (scrubbing) and
reads (masking).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from typing import TypeVar
from urllib.parse import quote, quote_plus

import ahocorasick_rs

REDACTED = "[REDACTED]"
MIN_SECRET_LENGTH = 8
# Masking replaces text with REDACTED, which a crafted value could re-form with what is left
# around it; a few passes reach a fixed point, and anything still matching is dropped whole.
_MASK_PASSES = 3
_T = TypeVar("_T", str, bytes)
_LEFTMOST = ahocorasick_rs.MatchKind.LeftmostLongest


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


class VaultMatcher:
    """Finds and masks the given secret values; immutable once built."""

    def __init__(self, values: Iterable[str]) -> None:
        kept = {v for v in values if isinstance(v, str) and len(v) >= MIN_SECRET_LENGTH}
        variants: set[str] = set()
        for value in kept:
            variants |= secret_variants(value)
        self.value_count = len(kept)
        self._patterns = sorted(variants)
        # Finding is done on UTF-8 bytes: the binding's str path costs more per call. The
        # default (contiguous NFA) automaton: a DFA scans about a third faster but takes
        # ten times the memory (about 50 MiB for 200 keys).
        encoded = [p.encode("utf-8") for p in self._patterns]
        self._bytes = ahocorasick_rs.BytesAhoCorasick(encoded, matchkind=_LEFTMOST)
        self._text: ahocorasick_rs.AhoCorasick | None = None  # for masking, built when needed

    def _text_automaton(self) -> ahocorasick_rs.AhoCorasick:
        if self._text is None:
            self._text = ahocorasick_rs.AhoCorasick(self._patterns, matchkind=_LEFTMOST)
        return self._text

    def holds(self, text: str) -> bool:
        """Whether `text` holds any form of any value (the hot path of the read mask)."""
        return bool(self._bytes.find_matches_as_indexes(text.encode("utf-8", "surrogatepass")))

    def holds_bytes(self, data: bytes) -> bool:
        return bool(self._bytes.find_matches_as_indexes(data))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) of every value found, left to right."""
        if not self.holds(text):
            return []
        return [(s, e) for _, s, e in self._text_automaton().find_matches_as_indexes(text)]

    def mask(self, text: str) -> str:
        """`text` with every value replaced by REDACTED."""
        for _ in range(_MASK_PASSES):
            found = self.spans(text)
            if not found:
                return text
            text = _replace(text, found, REDACTED)
        return text if not self.holds(text) else REDACTED

    def mask_bytes(self, data: bytes) -> bytes:
        marker = REDACTED.encode()
        for _ in range(_MASK_PASSES):
            found = self._bytes.find_matches_as_indexes(data)
            if not found:
                return data
            data = _replace(data, [(s, e) for _, s, e in found], marker)
        return data if not self.holds_bytes(data) else marker


def _replace(text: _T, spans: list[tuple[int, int]], marker: _T) -> _T:
    parts: list[_T] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(marker)
        last = end
    parts.append(text[last:])
    return text[:0].join(parts)
