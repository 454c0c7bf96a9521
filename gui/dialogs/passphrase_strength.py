"""A plain-words strength hint for a new passphrase (no dictionary: length and variety)."""

from __future__ import annotations

import math


def estimate_bits(passphrase: str) -> float:
    pool = 0
    if any(c.islower() for c in passphrase):
        pool += 26
    if any(c.isupper() for c in passphrase):
        pool += 26
    if any(c.isdigit() for c in passphrase):
        pool += 10
    if any(not c.isalnum() for c in passphrase):
        pool += 33
    unique = len(set(passphrase))
    return unique and len(passphrase) * math.log2(max(pool, 2)) * min(1.0, unique / 8)


def hint(passphrase: str) -> str:
    if not passphrase:
        return "Use four or more random words, or 16+ characters."
    bits = estimate_bits(passphrase)
    if bits < 40:
        return "Weak: easy to guess. Add more words."
    if bits < 70:
        return "Fair: add another word or two."
    return "Strong."
