"""The redaction policy of the open vault (DESIGN §2 "Redaction"): what writes scrub, what
scripts may not hold, and the matcher that reads are masked with.

A `Redactor` combines the vault-value matcher (`matcher.py`) with the key-shape detectors
(`detectors.py`) and the JSON walk (`json_scrub.py`). One vault is open per process, so the
active policy is module state: built at unlock, rebuilt after secrets change, dropped at
lock. Every rebuild also hands the new matcher to the read mask (`read_mask.py`).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from typing import Any

from automation_admin.models.security import detectors, json_scrub, read_mask
from automation_admin.models.security.json_scrub import JsonTooDeep
from automation_admin.models.security.matcher import (
    MIN_SECRET_LENGTH,
    REDACTED,
    VaultMatcher,
    secret_variants,
)

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "JsonTooDeep",
    "Redactor",
    "activate",
    "active",
    "current",
    "deactivate",
    "invalidate",
    "secret_variants",
]

CACHE_SIZE = 4096
# Texts repeat (the same error, the same context), so short ones are cached; long ones are
# not, or the cache could hold gigabytes.
CACHE_MAX_CHARS = 4096


class Redactor:
    """Scrubs text and JSON, and finds secrets in scripts. Immutable once built."""

    def __init__(self, secret_values: Iterable[str] = ()) -> None:
        matcher = VaultMatcher(secret_values)
        self.matcher: VaultMatcher | None = matcher if matcher.value_count else None
        self.secret_count = matcher.value_count
        self._cached_text = functools.lru_cache(maxsize=CACHE_SIZE)(self._scrub_text)

    # ---- text ----------------------------------------------------------------------------

    def scrub_vault_values(self, text: str) -> str:
        """Only the vault's own values (for public text such as a finding's snippet)."""
        return self.matcher.mask(text) if self.matcher is not None and text else text

    def scrub_text(self, text: str) -> str:
        """The vault's values, key shapes, credential assignments and random tokens."""
        if len(text) <= CACHE_MAX_CHARS:
            return self._cached_text(text)
        return self._scrub_text(text)

    def _scrub_text(self, text: str) -> str:
        if not text:
            return text
        return detectors.scrub_shapes(self.scrub_vault_values(text))

    # ---- JSON ----------------------------------------------------------------------------

    def scrub_json_value(self, value: Any) -> Any:
        """A cleaned copy of a parsed JSON value; raises JsonTooDeep."""
        return json_scrub.scrub_value(value, self.scrub_text)

    def scrub_json_text(self, text: str) -> str:
        """JSON text scrubbed and always re-serialised; other text scrubbed as plain text.

        Never raises: JSON nested too deeply to walk is scrubbed as plain text. Writes refuse
        such JSON before they get here (write_policy), and reads show it as raw text."""
        try:
            return json_scrub.scrub_text(text, self.scrub_text)
        except JsonTooDeep:
            return self.scrub_text(text)

    # ---- scripts -------------------------------------------------------------------------

    def find_secret(self, text: str) -> tuple[int, str] | None:
        """(line number, kind) of the first secret in `text`, ignoring {{PLACEHOLDERS}}."""
        masked = detectors.blank_placeholders(text)
        hits: list[tuple[int, str]] = []
        if self.matcher is not None:
            spans = self.matcher.spans(masked)
            if spans:
                hits.append((spans[0][0], "a secret value from this vault"))
        # Read back through the mask, a value another program stored shows as REDACTED: the
        # script still holds it on disk, so it counts as one.
        removed = masked.find(REDACTED)
        if removed >= 0:
            hits.append((removed, "a secret value (masked here)"))
        shape = detectors.first_shape(masked)
        if shape is not None:
            hits.append(shape)
        if not hits:
            return None
        offset, kind = min(hits)
        return masked.count("\n", 0, offset) + 1, kind


# ---- the active policy: one vault is open per process ------------------------------------

_lock = threading.RLock()
_loader: Callable[[], Iterable[str]] | None = None
_active: Redactor | None = None
_last: Redactor | None = None  # kept across invalidate() for `current()`
_SHAPES_ONLY = Redactor()


def _publish(redactor: Redactor | None) -> None:
    read_mask.publish(redactor.matcher if redactor is not None else None)


def activate(loader: Callable[[], Iterable[str]]) -> None:
    """Called at unlock: the secret values are loaded at once, so reads are masked from the
    first query on."""
    global _loader, _active, _last
    with _lock:
        _loader, _active, _last = loader, None, None
    active()
    read_mask.watch(invalidate)


def invalidate() -> None:
    """Called when secrets change: the next write, or read, learns the new values."""
    global _active
    with _lock:
        _active = None
        if _loader is not None:
            read_mask.mark_stale(active)


def deactivate() -> None:
    global _loader, _active, _last
    with _lock:
        _loader, _active, _last = None, None, None
        read_mask.watch(None)
        _publish(None)


def active() -> Redactor:
    """The policy of the open vault (built now if secrets changed: this may read the vault)."""
    global _active, _last
    with _lock:
        if _active is None:
            if _loader is None:
                return _SHAPES_ONLY
            with read_mask.building():
                built = Redactor(_loader())
            _active = _last = built
            _publish(built)
        return _active


def current() -> Redactor:
    """The policy as last built, never reading the vault (for logging on any thread)."""
    return _active or _last or _SHAPES_ONLY
