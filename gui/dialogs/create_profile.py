"""Create a profile: a name and the passphrase twice, with a strength hint."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.dialogs.fields import busy_bar, error_label, password_field
from automation_admin.gui.dialogs.passphrase_strength import hint
from automation_admin.gui.session import Session
from automation_admin.gui.worker import JobError
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.keys import calibrated_kdf
from automation_admin.models.store.profiles import create_profile


class CreateProfileDialog(QDialog):
    created = Signal(object)  # ProfileRecord

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Create profile")
        self.name = QLineEdit()
        self.name.setAccessibleName("Profile name")
        self.first = password_field("Passphrase")
        self.second = password_field("Repeat passphrase")
        self.strength = QLabel(hint(""))
        self.strength.setProperty("role", "hint")
        self.message = error_label()
        self.busy = busy_bar()
        self.first.textChanged.connect(lambda text: self.strength.setText(hint(text)))
        form = QFormLayout()
        form.addRow("Profile name", self.name)
        form.addRow("Passphrase", self.first)
        form.addRow("Repeat passphrase", self.second)
        form.addRow("", self.strength)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create")
        ok.setAccessibleName("Create")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        name, first, second = self.name.text().strip(), self.first.text(), self.second.text()
        if not name:
            self.message.setText("Give the profile a name.")
            return
        if not first:
            self.message.setText("Choose a passphrase.")
            return
        if first != second:
            self.message.setText("The two passphrases differ.")
            self.second.selectAll()
            self.second.setFocus()
            return
        self.busy.setVisible(True)
        self.buttons.setEnabled(False)
        self.message.clear()
        layout = self.session.layout
        # Calibrated here, on the worker: the measurement takes one Argon2id pass.
        self.session.worker.submit(
            lambda _v: create_profile(layout, name, first, calibrated_kdf()),
            self._done,
            self._failed,
        )

    def _done(self, record: ProfileRecord) -> None:
        self.created.emit(record)
        self.accept()

    def _failed(self, error: JobError) -> None:
        self.busy.setVisible(False)
        self.buttons.setEnabled(True)
        self.message.setText(error.message)
