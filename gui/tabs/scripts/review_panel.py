"""The review as the Scripts tab shows it: the verdict, then each finding with its line (a
click jumps to the code), what the script does there and why it matters, then the sites it
visits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from automation_admin.gui.formatting import status_icon
from automation_admin.gui.resources import icon
from automation_admin.models.scripts.review import Review, Severity

SEVERITY_ICONS = {Severity.BLOCKER: "error", Severity.WARNING: "warning", Severity.INFO: "info"}
SEVERITY_WORDS = {
    Severity.BLOCKER: "blocker",
    Severity.WARNING: "warning, to acknowledge",
    Severity.INFO: "note",
}


def verdict_text(review: Review) -> str:
    mark = "✖ " if review.blocked else "⚠ " if review.warnings else "✔ "
    return mark + review.verdict


def show_review(verdict: QLabel, findings: QListWidget, review: Review) -> None:
    verdict.setTextFormat(Qt.TextFormat.PlainText)  # findings quote the script: never markup
    verdict.setText(verdict_text(review))
    findings.setWordWrap(True)  # a finding is a sentence and its reason: never cut off
    findings.clear()
    for item in review.items:
        entry = QListWidgetItem(
            icon(SEVERITY_ICONS[item.severity]),
            f"{item.text} ({SEVERITY_WORDS[item.severity]})\n{item.why}",
        )
        entry.setToolTip(item.why)
        entry.setData(Qt.ItemDataRole.UserRole, item.line)
        findings.addItem(entry)
    for domain, known in sorted(review.domains.items()):
        findings.addItem(
            QListWidgetItem(
                status_icon("valid" if known else "degraded"),
                f"Site {domain}: {'a known site of the provider' if known else 'unknown'}",
            )
        )
