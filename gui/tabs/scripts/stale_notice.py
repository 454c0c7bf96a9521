"""Above a script's review: another program changed it since it was opened. The review on
screen stays as it was read (approval is for what was reviewed); the button shows the
script as it is now."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from automation_admin.gui.resources import icon


class StaleNotice(QFrame):
    show_requested = Signal(str)  # the script to show

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "banner")
        self.setStyleSheet("QFrame[role='banner'] { background: #fef3c7; }")
        self.target: str | None = None
        glyph = QLabel()
        glyph.setPixmap(icon("warning").pixmap(18, 18))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet("color: #1f2933;")
        self.button = QPushButton("Show it as it is now")
        self.button.setAccessibleName("Show it as it is now")
        self.button.clicked.connect(self._clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(glyph)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.hide()

    def say(self, note: str, target: str | None) -> None:
        self.target = target
        self.text.setText(note)
        self.text.setAccessibleName(note)
        self.button.setVisible(target is not None)
        self.show()

    def _clicked(self) -> None:
        if self.target is not None:
            self.show_requested.emit(self.target)
