"""What needs the person, found among the rows written since the last look: a script waiting
for approval, a new critical finding, a run that failed, a key that turned invalid.

Each query reads only the new rows (a rowid or timestamp range on an index; a unary `+`
keeps the planner off the status indexes, which would walk every old row of that status), so
the cost follows what was written, not the size of the vault. Titles are scrubbed again before they
leave: a notification says counts and titles, never a value from the vault's secrets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from automation_admin.models.live.marks import PROBES, max_rowid
from automation_admin.models.security import redaction
from automation_admin.models.store import sql
from automation_admin.models.store.vault import Vault

MAX_PER_KIND = 50  # a runner that writes thousands at once: this many titles, and a count
TITLE_CHARS = 120
VERSION_CHARS = 20
# Of a title, this much is read and scrubbed: a key that starts where it is shortened ends
# well inside it, so the detectors see it whole.
SCRUBBED_CHARS = 4096
_WORD = re.compile(rf"\S{{1,{SCRUBBED_CHARS}}}")


class EventKind(StrEnum):
    SCRIPT_WAITING = "script_waiting"
    CRITICAL_FINDING = "critical_finding"
    RUN_FAILED = "run_failed"
    KEY_INVALID = "key_invalid"

    @property
    def label(self) -> str:
        """What the preference and the list call this kind."""
        return _LABELS[self]

    def counted(self, count: int) -> str:
        """'3 scripts waiting for approval'."""
        one, many = _COUNTED[self]
        return f"{count:,} {one if count == 1 else many}"


_LABELS = {
    EventKind.SCRIPT_WAITING: "Scripts waiting for approval",
    EventKind.CRITICAL_FINDING: "New critical findings",
    EventKind.RUN_FAILED: "Failed runs",
    EventKind.KEY_INVALID: "Keys turned invalid",
}
_COUNTED = {
    EventKind.SCRIPT_WAITING: ("script waiting for approval", "scripts waiting for approval"),
    EventKind.CRITICAL_FINDING: ("new critical finding", "new critical findings"),
    EventKind.RUN_FAILED: ("failed run", "failed runs"),
    EventKind.KEY_INVALID: ("key turned invalid", "keys turned invalid"),
}


@dataclass(frozen=True)
class Event:
    kind: EventKind
    tab: str  # where it opens: "scripts", "findings", "dashboard"
    item: str  # the row to open there (a script, finding or key id)
    title: str  # one line, scrubbed; never a secret value
    at: str  # when it happened, as the vault says


def _title(text: object, chars: int = TITLE_CHARS) -> str:
    """One line of at most `chars`, scrubbed before it is shortened: a key cut in half no
    longer looks like one to the detectors, and its first half would be shown."""
    words = []
    size = 0
    for word in _WORD.finditer(str(text or "")):  # a bounded read of any size of text
        words.append(word.group())
        size += len(words[-1]) + 1
        if size > SCRUBBED_CHARS:
            break
    line = redaction.active().scrub_text(" ".join(words)[:SCRUBBED_CHARS])
    return line if len(line) <= chars else line[: chars - 1] + "…"


def _version(value: object) -> str:
    """The schema's CHECK (version >= 1) lets any text into the INTEGER column."""
    return str(value) if isinstance(value, int) else _title(value, VERSION_CHARS)


def _mark(marks: Mapping[str, tuple[object, ...]], table: str, expression: str) -> object:
    names = [e for e, _ in PROBES[table]]
    values = marks.get(table)
    return values[names.index(expression)] if values else None


def new_events(
    vault: Vault,
    before: Mapping[str, tuple[object, ...]],
    after: Mapping[str, tuple[object, ...]],
    invalid_keys: set[str],
    more: Counter[EventKind] | None = None,
) -> list[Event]:
    """The events among rows written between two readings of the marks. `invalid_keys`: the
    keys whose validation said invalid at the last look (updated here). `more`: how many of
    a kind there were beyond the MAX_PER_KIND listed (counted, their titles not read)."""
    more = Counter() if more is None else more
    events: list[Event] = []
    if _grew(before, after, "automation_scripts"):
        events += _scripts_waiting(vault, max_rowid(before, "automation_scripts"), more)
    if _grew(before, after, "discovery_findings"):
        events += _critical_findings(vault, max_rowid(before, "discovery_findings"), more)
    if before.get("automation_executions") != after.get("automation_executions"):
        # No run had finished at the last look: any run that finished since is new.
        since = _mark(before, "automation_executions", "max(completed_at)") or ""
        events += _failed_runs(vault, max_rowid(before, "automation_executions"), since)
    if _grew(before, after, "dashboard_snapshots"):
        events += _invalid_snapshots(vault, max_rowid(before, "dashboard_snapshots"))
    if before.get("validations") != after.get("validations"):
        events += _invalid_validations(vault, invalid_keys, more)
    return _one_per_item(events)


def _grew(
    before: Mapping[str, tuple[object, ...]], after: Mapping[str, tuple[object, ...]], table: str
) -> bool:
    return max_rowid(after, table) > max_rowid(before, table)


def _one_per_item(events: list[Event]) -> list[Event]:
    seen: set[tuple[EventKind, str]] = set()
    unique = []
    for event in events:
        if (event.kind, event.item) not in seen:
            seen.add((event.kind, event.item))
            unique.append(event)
    return unique


def _beyond(vault: Vault, rows: list[sql.Row], table: str, where: str, after_rowid: int) -> int:
    """How many rows after `after_rowid` match `where` beyond the `rows` a LIMIT listed."""
    if len(rows) < MAX_PER_KIND:
        return 0
    query = f"SELECT count(*) FROM {table} WHERE rowid > ? AND {where}"
    return sql.count(vault.database(), query, (after_rowid,)) - len(rows)


def _scripts_waiting(vault: Vault, after_rowid: int, more: Counter[EventKind]) -> list[Event]:
    where = "+approval_status = 'pending'"
    rows = sql.rows(
        vault.database(),
        "SELECT id, title, version, created_at FROM automation_scripts WHERE rowid > ? "
        f"AND {where} ORDER BY rowid LIMIT {MAX_PER_KIND}",
        (after_rowid,),
    )
    more[EventKind.SCRIPT_WAITING] += _beyond(vault, rows, "automation_scripts", where, after_rowid)
    return [
        Event(
            EventKind.SCRIPT_WAITING,
            "scripts",
            sid,
            f"{_title(title)} (version {_version(version)})",
            at,
        )
        for sid, title, version, at in rows
    ]


def _critical_findings(vault: Vault, after_rowid: int, more: Counter[EventKind]) -> list[Event]:
    where = "+urgency = 'critical' AND +user_status = 'new'"
    rows = sql.rows(
        vault.database(),
        "SELECT id, source_title, discovered_at FROM discovery_findings WHERE rowid > ? "
        f"AND {where} ORDER BY rowid LIMIT {MAX_PER_KIND}",
        (after_rowid,),
    )
    more[EventKind.CRITICAL_FINDING] += _beyond(
        vault, rows, "discovery_findings", where, after_rowid
    )
    return [
        Event(EventKind.CRITICAL_FINDING, "findings", fid, _title(t), at) for fid, t, at in rows
    ]


def _failed_runs(vault: Vault, after_rowid: int, completed_after: object) -> list[Event]:
    """Runs written as failed, and runs that finished failed since (the runner inserts a run
    as running, then updates it): the second reads the index on completed_at."""
    select = (
        "SELECT e.id, e.script_id, s.title, coalesce(e.completed_at, e.started_at) "
        "FROM automation_executions e LEFT JOIN automation_scripts s ON s.id = e.script_id "
    )
    db = vault.database()
    rows = sql.rows(
        db,
        f"{select} WHERE e.rowid > ? AND +e.status = 'failure' LIMIT {MAX_PER_KIND}",
        (after_rowid,),
    )
    if isinstance(completed_after, str):
        rows += sql.rows(
            db,
            f"{select} WHERE e.completed_at > ? AND +e.status = 'failure' LIMIT {MAX_PER_KIND}",
            (completed_after,),
        )
    return [
        Event(EventKind.RUN_FAILED, "scripts", script_id, _title(title or "a script"), at)
        for _run, script_id, title, at in rows
    ]


def _invalid_snapshots(vault: Vault, after_rowid: int) -> list[Event]:
    """A new snapshot says invalid, and the key's collection before it did not."""
    db = vault.database()
    found = []
    for secret_id, collected_at, key_name in sql.rows(
        db,
        "SELECT d.secret_id, d.collected_at, s.key_name FROM dashboard_snapshots d "
        "JOIN secrets s ON s.id = d.secret_id WHERE d.rowid > ? AND +d.health_status = 'invalid' "
        f"ORDER BY d.rowid LIMIT {MAX_PER_KIND}",
        (after_rowid,),
    ):
        before = sql.first(
            db,
            "SELECT health_status FROM dashboard_snapshots WHERE secret_id = ? "
            "AND collected_at < ? ORDER BY collected_at DESC LIMIT 1",
            (secret_id, collected_at),
        )
        if before is None or before[0] != "invalid":
            found.append(
                Event(EventKind.KEY_INVALID, "dashboard", secret_id, _title(key_name), collected_at)
            )
    return found


def invalid_validations(vault: Vault) -> dict[str, tuple[str, str | None]]:
    """secret id -> (key name, checked at) of every key whose validation says invalid (the
    table holds one row per key)."""
    return {
        sid: (name, at)
        for sid, name, at in sql.rows(
            vault.database(),
            "SELECT v.secret_id, s.key_name, v.checked_at FROM validations v "
            "JOIN secrets s ON s.id = v.secret_id WHERE v.status = 'invalid'",
        )
    }


def _invalid_validations(vault: Vault, known: set[str], more: Counter[EventKind]) -> list[Event]:
    """Keys that turned invalid since the last look (a key checked invalid again is not
    news); `known` follows the table."""
    now = invalid_validations(vault)
    turned = [
        Event(EventKind.KEY_INVALID, "dashboard", sid, _title(name), at or "")
        for sid, (name, at) in now.items()
        if sid not in known
    ]
    known.clear()
    known.update(now)
    more[EventKind.KEY_INVALID] += max(len(turned) - MAX_PER_KIND, 0)
    return turned[:MAX_PER_KIND]
