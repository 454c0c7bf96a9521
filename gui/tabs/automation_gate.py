"""Shown in place of the automation tabs while the vault is at schema version 1."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.worker import JobError
from automation_admin.models.store.vault import Vault


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
        # A column of readable width, centred. Word-wrapped labels must fill their column:
        # aligned in a layout they would get their size hint's width and too little height.
        column = QWidget()
        column.setMaximumWidth(620)
        words = QVBoxLayout(column)
        words.addWidget(heading)
        words.addWidget(text)
        words.addSpacing(8)
        words.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignLeft)
        words.addWidget(self.progress)
        words.addWidget(self.message)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(column, 4)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(2)

    def enable(self) -> None:
        self.button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.message.setText("Writing the backup and migrating…")
        self.run(_enable, done=self._done, failed=self._failed)

    def _done(self, backup: str | None) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.message.setText(f"Enabled. Backup: {backup}" if backup else "Enabled.")
        self.enabled.emit()

    def _failed(self, error: JobError) -> None:
        self.progress.setVisible(False)
        self.button.setEnabled(True)
        self.message.setText(f"Nothing was changed: {error.message}")
        self.show_error(error)  # the status line, and a dialog for damage or a bug


def _enable(vault: Vault) -> str | None:
    backup = vault.enable_automation()
    return backup.name if backup else None
