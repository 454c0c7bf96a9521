"""What a line of the summary after unlock opens: a tab's list, filtered to what it counts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ListFilter:
    tab: str  # the tab to open
    since_day: str | None = None  # YYYY-MM-DD: from this (UTC) day on
    urgencies: tuple[str, ...] = ()  # Findings
    status: str | None = None  # Scripts: the approval status
    event_type: str | None = None  # Checkpoints' audit trail
    decisions: tuple[str, ...] = ()  # Checkpoints
    script_id: str | None = None  # Scripts: the script to show (its run history)
