"""The notifications of the open profile: the recent list (newest first, with an unread count)
and the desktop notifications, one per batch of changes, for the kinds the person chose.

In quiet hours (profile settings) a batch waits and goes out as one notification when they
end; the list still fills. Locked, the list is emptied (it holds titles from the vault) and
only counts remain, so a notification sent while locked says counts and nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from automation_admin.gui.notifications.text import batch_text, counts_line, desktop_text
from automation_admin.models.live.events import Event, EventKind
from automation_admin.models.live.quiet_hours import is_quiet

Clock = Callable[[], datetime]
RECENT = 100
CHECK_QUIET_MS = 60_000


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class Notice:
    event: Event
    received: datetime
    held: bool  # it arrived in quiet hours: its desktop notification waited


class NotificationCenter(QObject):
    changed = Signal()  # the list or the unread count changed
    desktop = Signal(str, str)  # a desktop notification to show now: title, body

    def __init__(self, clock: Clock = local_now) -> None:
        super().__init__()
        self.clock = clock
        self.notices: list[Notice] = []
        self.unread = 0
        self.kinds: set[EventKind] = set(EventKind)
        self.quiet: tuple[int | None, int | None] = (None, None)
        self.locked = True
        self.profile_id: str | None = None  # whose notifications these are
        self.delivered: list[tuple[str, str]] = []  # every desktop notification raised
        self._held: list[Event] = []
        self._held_counts: Counter[EventKind] = Counter()  # what waits once titles are gone
        self._held_more: Counter[EventKind] = Counter()  # held beyond the events listed
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_QUIET_MS)
        self._timer.timeout.connect(self.release_held)
        self._timer.start()

    # ---- state -----------------------------------------------------------------------

    def set_quiet_hours(self, start: int | None, end: int | None) -> None:
        self.quiet = (start, end)
        self.release_held()

    def set_kinds(self, kinds: Iterable[EventKind]) -> None:
        self.kinds = set(kinds)

    def is_quiet(self) -> bool:
        return is_quiet(*self.quiet, self.clock())

    @property
    def waiting(self) -> int:
        """Desktop notifications held back by quiet hours (in events)."""
        return sum(self._held_counts.values())

    def unlocked(self, profile_id: str) -> None:
        """The counts kept while locked are that profile's: another one starts with none
        (no count for a list it does not have, nothing held for rows it never had)."""
        if profile_id != self.profile_id:
            self.profile_id = profile_id
            self.notices.clear()
            self.unread = 0
            self._held.clear()
            self._held_counts.clear()
            self._held_more.clear()
            self.changed.emit()
        self.locked = False

    def lock(self) -> None:
        """The list holds titles from the vault: it goes; the counts stay."""
        self.locked = True
        self.notices.clear()
        self._held.clear()
        self._held_more.clear()  # counted in _held_counts: said as counts from now on
        self.changed.emit()

    def mark_read(self) -> None:
        if self.unread:
            self.unread = 0
            self.changed.emit()

    def clear(self) -> None:
        self.notices.clear()
        self.unread = 0
        self.changed.emit()

    # ---- events ----------------------------------------------------------------------

    def add(self, events: Iterable[Event], more: Mapping[EventKind, int] | None = None) -> None:
        """One batch (what one poll found); `more`: how many of a kind beyond those listed."""
        batch = list(events)
        if not batch:
            return
        extra = Counter({kind: n for kind, n in (more or {}).items() if n > 0})
        now = self.clock()
        quiet = self.is_quiet()
        self.notices[:0] = [Notice(e, now, quiet) for e in batch]  # newest batch first
        del self.notices[RECENT:]
        self.unread += len(batch) + extra.total()
        self.changed.emit()
        wanted = [e for e in batch if e.kind in self.kinds]
        wanted_more = Counter({kind: n for kind, n in extra.items() if kind in self.kinds})
        if not wanted:
            return
        if quiet:
            self._held += wanted
            self._held_counts.update(e.kind for e in wanted)
            self._held_counts.update(wanted_more)
            self._held_more.update(wanted_more)
            return
        self._deliver(*batch_text(wanted, self.locked, wanted_more))

    def release_held(self) -> None:
        """Quiet hours are over: what waited goes out as one notification."""
        if not self._held_counts or self.is_quiet():
            return
        if self.locked or not self._held:
            title, body = counts_line(self._held_counts), "Unlock Automation Admin to see them."
            if not self.locked:
                body = "Open the notifications list to see them."
        else:
            title, body = batch_text(self._held, locked=False, more=self._held_more)
        self._held.clear()
        self._held_counts.clear()
        self._held_more.clear()
        self._deliver(f"While quiet: {title}", body)

    def _deliver(self, title: str, body: str) -> None:
        title, body = desktop_text(title), desktop_text(body)
        self.delivered.append((title, body))
        del self.delivered[:-RECENT]
        self.desktop.emit(title, body)
