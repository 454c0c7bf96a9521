"""A clickable number on the Dashboard: what it counts, in words and an icon."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from automation_admin.gui.widgets.icon_label import IconLabel


class SummaryCard(QPushButton):
    def __init__(self, label: str, icon_name: str) -> None:
        super().__init__()
        self.label = label
        self.setAccessibleName(label)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(78)
        self.setStyleSheet(
            "QPushButton { text-align: left; border: 1px solid palette(mid); "
            "border-radius: 8px; background: palette(base); padding: 6px 10px; }"
            "QPushButton:hover { border-color: palette(highlight); }"
        )
        self.glyph = IconLabel(icon_name, 22)
        self.number = QLabel("…")
        self.number.setStyleSheet("font-size: 20px; font-weight: 700; border: none;")
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("border: none;")
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.number)
        text.addWidget(self.caption)
        row = QHBoxLayout(self)
        row.addWidget(self.glyph, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)

    def set_value(self, value: int) -> None:
        self.number.setText(f"{value:,}")
        self.setAccessibleDescription(f"{value} {self.label}")
