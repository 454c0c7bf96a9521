"""The keyboard shortcut sheet (F1 or ?)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

SHORTCUTS = (
    ("Ctrl+1 … Ctrl+6", "Dashboard, Findings, Scripts, Checkpoints, Library, Settings"),
    ("Ctrl+L", "Lock the vault"),
    ("F1 or ?", "This sheet"),
    ("j / k", "Next / previous row in a list"),
    ("/", "Search in the current list"),
    ("R, D, A, U", "Findings: reviewed, dismiss, actioned, reopen"),
    ("A, X", "Scripts: approve, reject"),
    ("A, X", "Library recommendations: accept, reject"),
    ("Ctrl+Z", "Undo the last triage"),
    ("Tab, Shift+Tab", "Next / previous control; Space presses a button or opens its menu"),
    ("Menu or Shift+F10", "In a list: sort by a column"),
    ("← → Home End", "In a chart: day by day (week by week); Enter opens or picks it"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = "".join(
            f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in SHORTCUTS
        )
        text = QLabel(f"<table cellpadding='4'>{rows}</table>")
        text.setAccessibleName("Keyboard shortcuts")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
