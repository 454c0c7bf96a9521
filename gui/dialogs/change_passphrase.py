"""Change the passphrase: the current one, then the new one twice (the PVK is re-wrapped)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.dialogs.fields import busy_bar, error_label, password_field
from automation_admin.gui.dialogs.passphrase_strength import hint
from automation_admin.gui.session import Session
from automation_admin.gui.worker import JobError
from automation_admin.models.store.errors import WrongPassphrase
from automation_admin.models.store.index_store import ProfileRecord
from automation_admin.models.store.profiles import change_passphrase


class ChangePassphraseDialog(QDialog):
    def __init__(self, session: Session, profile: ProfileRecord, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.session = session
        self.profile = profile
        self.setWindowTitle("Change passphrase")
        self.old = password_field("Current passphrase")
        self.new = password_field("New passphrase")
        self.again = password_field("Repeat new passphrase")
        self.strength = QLabel(hint(""))
        self.strength.setProperty("role", "hint")
        self.new.textChanged.connect(lambda text: self.strength.setText(hint(text)))
        self.message = error_label()
        self.busy = busy_bar()
        form = QFormLayout()
        form.addRow("Current passphrase", self.old)
        form.addRow("New passphrase", self.new)
        form.addRow("Repeat new passphrase", self.again)
        form.addRow("", self.strength)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Change passphrase")
        ok.setAccessibleName("Change passphrase")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        old, new, again = self.old.text(), self.new.text(), self.again.text()
        if new != again:
            self.message.setText("The new passphrases differ.")
            return
        if not new:
            self.message.setText("Choose a new passphrase.")
            return
        self.busy.setVisible(True)
        self.buttons.setEnabled(False)
        layout, profile_id = self.session.layout, self.profile.id
        self.session.worker.submit(
            lambda _v: change_passphrase(layout, profile_id, old, new), self._done, self._failed
        )

    def _done(self, rotation: int) -> None:
        self.session.status.emit(f"Passphrase changed (key rotation {rotation}).")
        self.accept()

    def _failed(self, error: JobError) -> None:
        self.busy.setVisible(False)
        self.buttons.setEnabled(True)
        if isinstance(error.error, WrongPassphrase):
            self.message.setText("The current passphrase is wrong; nothing was changed.")
            self.old.selectAll()
            self.old.setFocus()
        else:
            self.message.setText(error.message)
