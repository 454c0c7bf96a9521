"""Dismissing findings: why (one of four reasons) and an optional comment; Enter confirms."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from automation_admin.models.findings.service import DISMISS_REASONS


class DismissDialog(QDialog):
    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dismiss")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Dismiss {count:,} finding{'s' if count != 1 else ''}. Why?"))
        self.group = QButtonGroup(self)
        for i, reason in enumerate(DISMISS_REASONS):
            button = QRadioButton(reason.capitalize())
            button.setAccessibleName(reason.capitalize())
            self.group.addButton(button, i)
            layout.addWidget(button)
        self.group.button(0).setChecked(True)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("Comment (optional)")
        self.comment.setAccessibleName("Comment")
        layout.addWidget(self.comment)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Dismiss")
        ok.setAccessibleName("Dismiss")
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def reason(self) -> str:
        return DISMISS_REASONS[max(self.group.checkedId(), 0)]
