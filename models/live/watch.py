"""The poll the database worker runs every couple of seconds while the vault is open.

`PRAGMA data_version` changes when another connection commits (microseconds to ask); the
connection's `total_changes` when this program writes. Only when one of them moved are the
marks read, compared, and the new rows looked through for what needs the person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from automation_admin.models.live.events import (
    Event,
    EventKind,
    invalid_validations,
    new_events,
)
from automation_admin.models.live.marks import MarkReader, Marks, changed_tables, max_rowid
from automation_admin.models.live.settings import LiveSettings, read_live_settings
from automation_admin.models.security import read_mask, redaction
from automation_admin.models.store import sql
from automation_admin.models.store.vault import Vault


@dataclass(frozen=True)
class Changes:
    """What moved since the previous poll."""

    tables: frozenset[str]  # tables whose marks moved
    unexplained: bool  # the vault changed in a way no mark shows (an update in place)
    before: Marks
    after: Marks
    events: tuple[Event, ...] = ()
    more: Mapping[EventKind, int] = field(default_factory=dict)  # beyond the events listed
    settings: LiveSettings | None = None  # set when the settings row changed
    foreign: bool = True  # another program wrote (False: only this program's own writes)

    def touches(self, tables: frozenset[str] | set[str]) -> bool:
        return bool(self.tables & tables) or self.unexplained

    def rowid_before(self, table: str) -> int:
        return max_rowid(self.before, table)

    def rowid_after(self, table: str) -> int:
        return max_rowid(self.after, table)


@dataclass
class ChangeWatcher:
    """Lives on the worker thread; one per open vault."""

    reader: MarkReader | None = None
    version: int | None = None
    own_changes: int = 0
    marks: Marks = field(default_factory=dict)
    invalid_keys: set[str] = field(default_factory=set)

    def start(self, vault: Vault) -> LiveSettings:
        """Take the vault as it is now as the baseline; returns the live settings."""
        self.reader = MarkReader(vault)
        self.version, self.own_changes = self._counters(vault)
        self.marks = self.reader.read(vault)
        self.invalid_keys = set(invalid_validations(vault))
        return read_live_settings(vault)

    @staticmethod
    def _counters(vault: Vault) -> tuple[int, int]:
        db = vault.database()
        version = int(sql.value(db, "PRAGMA data_version"))
        return version, int(db.connection().total_changes)  # type: ignore[no-untyped-call]

    def poll(self, vault: Vault) -> Changes | None:
        """None when nothing was committed since the last poll (the common case: one pragma
        and one attribute read)."""
        if self.reader is None:
            self.start(vault)
            return None
        vault.check_file()  # one stat: a file put in its place is never seen by the pragma
        version, own = self._counters(vault)
        if version == self.version and own == self.own_changes:
            return None
        foreign = version != self.version
        read_mask.saw_version(version)  # a key changed in place is learnt before any read
        self.version, self.own_changes = version, own
        before, after = self.marks, self.reader.read(vault)
        self.marks = after
        tables = changed_tables(before, after)
        if "secrets" in tables:
            redaction.invalidate()  # another program added a key: learn its value to scrub it
        more: Counter[EventKind] = Counter()
        events = new_events(vault, before, after, self.invalid_keys, more) if tables else []
        settings = read_live_settings(vault) if "profile_settings" in tables else None
        return Changes(
            tables,
            unexplained=not tables,
            before=before,
            after=after,
            events=tuple(events),
            more={kind: n for kind, n in more.items() if n},
            settings=settings,
            foreign=foreign,
        )
