"""After unlock: what happened since this profile was last locked, one line per kind, each
opening the list it counts. Dismissable; nothing is shown when nothing happened."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from automation_admin.gui.formatting import relative
from automation_admin.gui.live.links import ListFilter
from automation_admin.models.live.since import SinceSummary
from automation_admin.models.schema.enums import DECISIONS, Urgency
from automation_admin.models.store import audit


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def summary_lines(summary: SinceSummary) -> list[tuple[str, ListFilter]]:
    """(what the line says, what it opens), most urgent first."""
    day = summary.since[:10]
    lines: list[tuple[str, ListFilter]] = []
    for urgency in reversed(Urgency):
        count = summary.findings.get(urgency, 0)
        if count:
            label = urgency.words.label.lower()
            text = _plural(count, f"new {label} finding", f"new {label} findings")
            lines.append((text, ListFilter("findings", day, urgencies=(urgency.value,))))
    if summary.scripts_waiting:
        text = _plural(
            summary.scripts_waiting,
            "new script waiting for approval",
            "new scripts waiting for approval",
        )
        lines.append((text, ListFilter("scripts", status="pending")))
    for count, kind, word in (
        (summary.approvals, audit.SCRIPT_APPROVED, "approved"),
        (summary.rejections, audit.SCRIPT_REJECTED, "rejected"),
    ):
        if count:
            text = f"{_plural(count, 'script', 'scripts')} {word}"
            lines.append((text, ListFilter("checkpoints", day, event_type=kind)))
    if summary.failed_runs:
        text = _plural(summary.failed_runs, "failed run", "failed runs")
        lines.append((text, ListFilter("scripts", script_id=summary.last_failed_script)))
    total = sum(summary.decisions.values())
    if total:
        parts = ", ".join(
            f"{summary.decisions[d]:,} {d}" for d in DECISIONS if d in summary.decisions
        )
        text = f"{_plural(total, 'checkpoint decision', 'checkpoint decisions')} ({parts})"
        lines.append((text, ListFilter("checkpoints", day)))
    return lines


class SinceBanner(QFrame):
    open_requested = Signal(object)  # ListFilter

    COLUMNS = 3  # lines side by side: the summary stays a few lines tall above the tabs

    def __init__(self, summary: SinceSummary, now: datetime) -> None:
        super().__init__()
        self.setProperty("role", "banner")
        self.setObjectName("since-banner")
        self.setStyleSheet(
            "QFrame#since-banner { background: palette(alternate-base); border-radius: 4px; }"
        )
        self.setAccessibleName("Since you last locked")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 4, 10, 4)
        column.setSpacing(0)
        heading_row = QHBoxLayout()
        self.heading = QLabel(
            f"<b>Since you last locked this profile</b> ({relative(summary.since, now)}):"
        )
        self.heading.setStyleSheet("color: palette(text);")
        self.heading.setAccessibleName("Since you last locked this profile")
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setAccessibleName("Dismiss summary")
        self.dismiss.clicked.connect(self.hide)
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.dismiss)
        column.addLayout(heading_row)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(0)
        self.lines: list[QPushButton] = []
        for number, (text, target) in enumerate(summary_lines(summary)):
            line = QPushButton(f"• {text}")
            line.setFlat(True)
            line.setAccessibleName(text)
            line.setToolTip("Open the list")
            line.setCursor(Qt.CursorShape.PointingHandCursor)
            line.setStyleSheet(
                "QPushButton { text-align: left; padding: 1px 2px; color: palette(link); }"
                "QPushButton:hover { text-decoration: underline; }"
            )
            line.clicked.connect(lambda _c=False, t=target: self.open_requested.emit(t))
            self.lines.append(line)
            grid.addWidget(line, number // self.COLUMNS, number % self.COLUMNS)
        grid.setColumnStretch(self.COLUMNS, 1)
        column.addLayout(grid)
