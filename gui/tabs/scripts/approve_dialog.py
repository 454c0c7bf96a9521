"""Approving a script whose review has warnings: each warning must be ticked (acknowledged)
before Approve is enabled; the ticked texts go into the audit trail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.tabs.scripts.review_panel import verdict_text
from automation_admin.models.scripts.review import Review


class _ClickableLabel(QLabel):
    """The warning's words: clicking them ticks its box, as a check box's own text would."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.box.toggle()
        super().mouseReleaseEvent(event)


class ApproveDialog(QDialog):
    def __init__(
        self, title: str, version: int, review: Review, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Approve script")
        self.texts = [w.text for w in review.warnings]
        layout = QVBoxLayout(self)
        heading = QLabel(f"Approve “{title}” version {version}?")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        verdict = QLabel(verdict_text(review))
        verdict.setTextFormat(Qt.TextFormat.PlainText)
        verdict.setWordWrap(True)
        layout.addWidget(verdict)
        layout.addWidget(
            QLabel("Tick each warning once you have read the code it points to and accept it:")
        )
        rows = QWidget()
        grid = QGridLayout(rows)
        grid.setColumnStretch(1, 1)
        self.boxes: list[QCheckBox] = []
        for row, warning in enumerate(review.warnings):
            box = QCheckBox()
            box.setAccessibleName(warning.text)
            box.setToolTip(warning.why)
            box.toggled.connect(self._update)
            words = _ClickableLabel(f"{warning.text}\n{warning.why}", box)
            grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(words, row, 1, Qt.AlignmentFlag.AlignTop)
            self.boxes.append(box)
        grid.setRowStretch(len(self.boxes), 1)  # rows stay together at the top
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # Not a Tab stop of its own: Tab goes box to box, and the area scrolls to each.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(rows)
        layout.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.approve_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.approve_button.setText("Approve")
        self.approve_button.setAccessibleName("Approve")
        self.approve_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(680, min(620, 240 + 64 * len(self.boxes)))
        if self.boxes:
            self.boxes[0].setFocus()

    def _update(self) -> None:
        self.approve_button.setEnabled(all(b.isChecked() for b in self.boxes))

    def acknowledged(self) -> list[str]:
        return [text for text, box in zip(self.texts, self.boxes, strict=True) if box.isChecked()]
