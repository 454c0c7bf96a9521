"""What a notification says: counts by kind, and titles only while the window is unlocked.
Titles were scrubbed on the worker; nothing else from the vault is ever put in one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from automation_admin.models.live.events import Event, EventKind

ONE = {
    EventKind.SCRIPT_WAITING: "Script waiting for approval",
    EventKind.CRITICAL_FINDING: "Critical finding",
    EventKind.RUN_FAILED: "Run failed",
    EventKind.KEY_INVALID: "Key turned invalid",
}
TITLES_SHOWN = 3
# Desktop notification servers read a body as markup (links, images) and Qt passes it on as
# it is; escaping would show "&lt;" on servers that do not. Look-alikes read the same
# everywhere. Control characters go: D-Bus strings end at a NUL.
_DESKTOP = str.maketrans(
    {"<": "\u2039", ">": "\u203a", "&": "\uff06"}
    | {c: None for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if c != 0x0A}
)


def counts_line(counts: Counter[EventKind]) -> str:
    """'2 scripts waiting for approval, 1 new critical finding', in the order of the kinds."""
    return ", ".join(kind.counted(counts[kind]) for kind in EventKind if counts[kind])


def batch_text(
    events: Sequence[Event], locked: bool, more: Mapping[EventKind, int] | None = None
) -> tuple[str, str]:
    """(title, body) of one desktop notification for a batch of events; `more`: how many of
    a kind there were beyond those listed (a flood is counted, its titles not read)."""
    counts = Counter(event.kind for event in events) + Counter(more or {})
    if locked:
        return counts_line(counts), "Unlock Automation Admin to see them."
    if len(events) == 1 and counts.total() == 1:
        return ONE[events[0].kind], events[0].title
    lines = [f"{ONE[e.kind]}: {e.title}" for e in events[:TITLES_SHOWN]]
    rest = counts.total() - len(lines)
    if rest > 0:
        lines.append(f"and {rest:,} more")
    return counts_line(counts), "\n".join(lines)


def entry_text(event: Event) -> str:
    """One line of the in-window list."""
    return f"{ONE[event.kind]}: {event.title}"


def desktop_text(text: str) -> str:
    """`text` as a desktop notification may carry it: never markup, lines kept."""
    return text.translate(_DESKTOP)
