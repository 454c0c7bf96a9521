"""Masking on read: the vault's own values never leave the connection in clear.

The automation runner writes the vault directly, so a row may hold a secret value whatever
our write path does. `mask_row` is installed as the row factory of every vault connection
(models/store/db.py), so every row any query fetches (views, exports, the clipboard, the
re-scrub's writes) passes the one matcher: one Aho-Corasick pass over the row's text joined,
and work per value only when something was found. Text holding backslash escapes is also
checked as JSON, where `\\u0061`-style escapes could hide a value from a literal match.

`raw_cursor` is the one way around the mask, for the code that must see stored text as it
is (learning the secret values, the re-scrub finding rows to rewrite).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from automation_admin.models.security import json_scrub
from automation_admin.models.security.matcher import REDACTED, VaultMatcher

_matcher: VaultMatcher | None = None
_refresh: Callable[[], object] | None = None
_local = threading.local()
# Another program may add a secret while we are open: at most once a second, a read asks
# SQLite whether another connection committed (`PRAGMA data_version`), and if one did the
# values are learned again before the row is masked.
PROBE_SECONDS = 1.0
_watch: Callable[[], object] | None = None
_probe_due = 0.0
_data_version: int | None = None
_JSON_STARTS = ("{", "[", '"')
_TOO_DEEP: list[str] = []  # compared by identity: JSON nested too deeply to check


def watch(refresh: Callable[[], object] | None) -> None:
    """Start (a refresh function) or stop (None) watching for other programs' commits."""
    global _watch, _data_version, _probe_due
    _watch, _data_version, _probe_due = refresh, None, 0.0


def _probe(cursor: Any, now: float) -> None:
    global _probe_due, _data_version
    _probe_due = now + PROBE_SECONDS
    if getattr(_local, "building", False) or _watch is None:
        return
    with building():
        version = cursor.connection.execute("PRAGMA data_version").fetchone()[0]
    changed = _data_version is not None and version != _data_version
    _data_version = version
    if changed:
        _watch()  # redaction.invalidate: this very row is masked with the new values


def saw_version(version: int) -> None:
    """Another reader of the vault connection (the window's poll) read `PRAGMA data_version`:
    a commit the probe has not seen yet is acted on now, not up to a second later (the
    runner may change a key's value and write it into a row in one transaction)."""
    global _data_version
    if _watch is None:
        return
    changed = _data_version is not None and version != _data_version
    _data_version = version
    if changed:
        _watch()


def publish(matcher: VaultMatcher | None) -> None:
    """The matcher reads are masked with from now on (None: nothing to mask)."""
    global _matcher, _refresh
    _matcher, _refresh = matcher, None


def mark_stale(refresh: Callable[[], object]) -> None:
    """Secrets changed: the next read calls `refresh` (which publishes a new matcher)."""
    global _refresh
    _refresh = refresh


@contextmanager
def building() -> Iterator[None]:
    """While the matcher is being built its own reads use the previous one."""
    _local.building = True
    try:
        yield
    finally:
        _local.building = False


def current() -> VaultMatcher | None:
    if _refresh is not None and not getattr(_local, "building", False):
        _refresh()
    return _matcher


def mask_row(cursor: Any, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Row factory: the row itself, or a copy with every vault value masked. This runs for
    every row any query fetches, so the common path is kept to one join and one scan."""
    if _watch is not None:
        now = time.monotonic()
        if now >= _probe_due:
            _probe(cursor, now)
    matcher = _matcher if _refresh is None else current()
    if matcher is None:
        return row
    joined = "\x00".join([v for v in row if v.__class__ is str])
    if "\\" in joined or matcher.holds(joined):
        return tuple([_mask_value(v, matcher) for v in row])
    if bytes in map(type, row) and any(matcher.holds_bytes(v) for v in row if v.__class__ is bytes):
        return tuple([_mask_value(v, matcher) for v in row])
    return row


def _mask_value(value: Any, matcher: VaultMatcher) -> Any:
    if value.__class__ is str:
        return mask_text(value, matcher)
    if value.__class__ is bytes:
        return matcher.mask_bytes(value)
    return value


def _escaped_strings(text: str) -> list[str] | None:
    """The strings of `text` read as JSON when it holds escapes (None: nothing to decode)."""
    if "\\" not in text or not text.lstrip().startswith(_JSON_STARTS):
        return None
    try:
        parsed = json_scrub.parse(text)
    except json_scrub.JsonTooDeep:
        return _TOO_DEEP
    except ValueError:
        return None
    return json_scrub.strings(parsed)


def holds(text: str, matcher: VaultMatcher) -> bool:
    """Whether `text` holds a vault value, in clear or behind JSON escapes."""
    if matcher.holds(text):
        return True
    decoded = _escaped_strings(text)
    if decoded is None:
        return False
    return decoded is _TOO_DEEP or any(matcher.holds(s) for s in decoded)


def mask_text(text: str, matcher: VaultMatcher) -> str:
    """`text` with every vault value masked, JSON re-serialised when escapes hid one."""
    text = matcher.mask(text)
    decoded = _escaped_strings(text)
    if decoded is None:
        return text
    if decoded is _TOO_DEEP or any(matcher.holds(s) for s in decoded):
        try:
            return json_scrub.dumps(json_scrub.scrub_value(json_scrub.parse(text), matcher.mask))
        except json_scrub.JsonTooDeep:
            return REDACTED
    return text


def raw_cursor(db: Any) -> Any:
    """A cursor on `db` that reads stored text as it is (no mask)."""
    cursor = db.cursor()
    cursor.row_factory = None
    return cursor
