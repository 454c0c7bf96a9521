"""The review's findings and the verdict that sums them up.

Every item says what the script does, where (its line) and why that matters. Blockers refuse
approval; warnings must each be acknowledged by the person approving; info items only explain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    BLOCKER = "blocker"
    WARNING = "warning"
    INFO = "info"


_ORDER = {Severity.BLOCKER: 0, Severity.WARNING: 1, Severity.INFO: 2}
CLEAN_VERDICT = (
    "No problems found: every address, request, file, import and placeholder was checked."
)


@dataclass(frozen=True)
class ReviewItem:
    severity: Severity
    line: int
    what: str  # what the script does, in plain words
    why: str = ""  # why it matters
    code: str = ""  # a stable name for the kind of finding (for tests and the audit)

    @property
    def message(self) -> str:
        return self.what

    @property
    def text(self) -> str:
        """The line as shown and as acknowledged in the audit trail."""
        return f"Line {self.line}: {self.what}"

    @property
    def unverifiable(self) -> bool:
        return "cannot be verified" in self.what


@dataclass
class Review:
    items: list[ReviewItem] = field(default_factory=list)
    domains: dict[str, bool] = field(default_factory=dict)  # host -> known site of the provider

    @property
    def blocked(self) -> bool:
        return any(i.severity is Severity.BLOCKER for i in self.items)

    @property
    def blockers(self) -> list[ReviewItem]:
        return [i for i in self.items if i.severity is Severity.BLOCKER]

    @property
    def warnings(self) -> list[ReviewItem]:
        return [i for i in self.items if i.severity is Severity.WARNING]

    @property
    def kind(self) -> str:
        """blocked, warnings or clean."""
        return "blocked" if self.blocked else "warnings" if self.warnings else "clean"

    @property
    def verdict(self) -> str:
        blockers, warnings = self.blockers, self.warnings
        if blockers:
            first = blockers[0]
            more = len(blockers) - 1
            tail = f" {more} more blocker{'s' if more != 1 else ''} below." if more else ""
            return f"Cannot be approved: {first.what} (line {first.line}).{tail}"
        if warnings:
            unverified = sum(1 for w in warnings if w.unverifiable)
            count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
            detail = f"; {unverified} of them cannot be verified" if unverified else ""
            return f"{count}{detail}. Acknowledge each one to approve."
        return CLEAN_VERDICT

    def add(self, item: ReviewItem) -> None:
        self.items.append(item)

    def finish(self) -> Review:
        """One item per finding and line, blockers first, then by line."""
        unique: dict[tuple[str, int, str], ReviewItem] = {}
        for item in self.items:
            unique.setdefault((item.severity, item.line, item.what), item)
        self.items = sorted(unique.values(), key=lambda i: (_ORDER[i.severity], i.line, i.what))
        return self
