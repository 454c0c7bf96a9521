"""Shown in place of the automation tabs while the vault is at schema version 1."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout

from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.worker import JobError


class AutomationGate(BaseTab):
    title = "Automation"
    enabled = Signal()

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__(session, profile)
        heading = QLabel("Automation features are not enabled for this profile")
        heading.setProperty("role", "title")
        heading.setWordWrap(True)
        text = QLabel(
            "Enabling them adds the dashboard, discovery findings, script approval and "
            "checkpoint history to this vault. An encrypted copy of the vault is written to the "
            "backups folder first; your keys and settings are not changed."
        )
        text.setWordWrap(True)
        text.setMaximumWidth(560)
        self.button = QPushButton("Enable automation features")
        self.button.setAccessibleName("Enable automation features")
        self.button.setProperty("primary", True)
        self.button.setEnabled(not profile.read_only)
        self.button.clicked.connect(self.enable)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Migration progress")
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (heading, text, self.button, self.progress, self.message):
            layout.addWidget(widget, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def enable(self) -> None:
        self.button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.message.setText("Writing the backup and migrating…")
        self.session.worker.submit(_enable, self._done, self._failed)

    def _done(self, backup: str | None) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.message.setText(f"Enabled. Backup: {backup}" if backup else "Enabled.")
        self.enabled.emit()

    def _failed(self, error: JobError) -> None:
        self.progress.setVisible(False)
        self.button.setEnabled(True)
        self.message.setText(f"Nothing was changed: {error.message}")
        self.report(error)


def _enable(vault: object) -> str | None:
    from automation_admin.models.store.vault import Vault

    if not isinstance(vault, Vault):
        raise RuntimeError("the vault is locked")
    backup = vault.enable_automation()
    return backup.name if backup else None
