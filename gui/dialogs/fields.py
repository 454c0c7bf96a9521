"""The pieces the passphrase dialogs share: a password field, an error line, a busy bar."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar


def password_field(label: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(label)
    return edit


def error_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    return label


def busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setVisible(False)
    return bar
