"""The look: Fusion with a palette that follows the system's light or dark scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

LIGHT = {
    QPalette.ColorRole.Window: "#f6f7f9",
    QPalette.ColorRole.WindowText: "#1f2933",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f1f3f6",
    QPalette.ColorRole.Text: "#1f2933",
    QPalette.ColorRole.Button: "#eef0f3",
    QPalette.ColorRole.ButtonText: "#1f2933",
    QPalette.ColorRole.Highlight: "#2563eb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#1f2933",
    QPalette.ColorRole.ToolTipText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#7b8794",
    QPalette.ColorRole.Link: "#1d4ed8",
}
DARK = {
    QPalette.ColorRole.Window: "#1e2127",
    QPalette.ColorRole.WindowText: "#e4e7eb",
    QPalette.ColorRole.Base: "#16181d",
    QPalette.ColorRole.AlternateBase: "#20242b",
    QPalette.ColorRole.Text: "#e4e7eb",
    QPalette.ColorRole.Button: "#2a2f37",
    QPalette.ColorRole.ButtonText: "#e4e7eb",
    QPalette.ColorRole.Highlight: "#3b82f6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#e4e7eb",
    QPalette.ColorRole.ToolTipText: "#16181d",
    QPalette.ColorRole.PlaceholderText: "#8a94a3",
    QPalette.ColorRole.Link: "#93c5fd",
}
SHEET = """
QTabWidget::pane { border: 1px solid palette(mid); border-radius: 6px; top: -1px; }
QTabBar::tab { padding: 7px 16px; }
QLineEdit, QSpinBox, QComboBox { padding: 4px 6px; }
QPushButton { padding: 6px 14px; }
QPushButton[primary="true"] { background: palette(highlight); color: palette(highlighted-text);
    border: none; border-radius: 5px; font-weight: 600; }
QPushButton[primary="true"]:disabled { background: palette(mid); }
QFrame[role="banner"] { border-radius: 6px; padding: 2px; }
QLabel[role="title"] { font-size: 20px; font-weight: 600; }
QLabel[role="hint"] { color: palette(placeholder-text); }
QLabel[role="error"] { color: #dc2626; font-weight: 600; }
"""


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colours = DARK if is_dark() else LIGHT
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    # setColor(role, …) sets every colour group, the disabled one too: without this a
    # disabled button or field reads exactly like an enabled one.
    muted = QColor(colours[QPalette.ColorRole.PlaceholderText])
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    app.setPalette(palette)
    app.setStyleSheet(SHEET)
