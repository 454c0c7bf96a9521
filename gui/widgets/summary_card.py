"""A clickable number on the Dashboard: what it counts, in words and an icon.

One line high (the number beside a short caption that may wrap once) so the list and the
charts below keep their room on a small screen; the tooltip says exactly what is counted.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from automation_admin.gui.widgets.icon_label import IconLabel


class SummaryCard(QPushButton):
    def __init__(self, label: str, icon_name: str, description: str = "") -> None:
        super().__init__()
        self.label = label
        self.description = description or label
        self.setAccessibleName(label)
        self.setToolTip(self.description)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(50)
        self.setStyleSheet(
            "QPushButton { text-align: left; border: 1px solid palette(mid); "
            "border-radius: 8px; background: palette(base); padding: 4px 8px; }"
            "QPushButton:hover { border-color: palette(highlight); }"
        )
        self.glyph = IconLabel(icon_name, 20)
        self.number = QLabel("…")
        self.number.setStyleSheet("font-size: 20px; font-weight: 700; border: none;")
        self.caption = QLabel(label)
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("border: none;")
        row = self.row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.glyph, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.number, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.caption, 1)

    def set_value(self, value: int) -> None:
        self.number.setText(f"{value:,}")
        self.setAccessibleName(f"{self.label}: {value:,}")
        self.setAccessibleDescription(f"{value:,}: {self.description}")
        self.setToolTip(f"{value:,}: {self.description}")

    def sizeHint(self) -> QSize:  # the layout's, not QPushButton's text-only hint
        return self.row.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.row.minimumSize()
