"""The first screen: pick a profile, type the passphrase, unlock (or create a profile)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.resources import icon
from automation_admin.gui.session import Session
from automation_admin.gui.widgets.vault_text import plain_label
from automation_admin.gui.worker import JobError
from automation_admin.models.store.errors import IndexDamaged, WrongPassphrase
from automation_admin.models.store.index_store import IndexStore, ProfileRecord

LAST_PROFILE_KEY = "chooser/last_profile"


class PassphraseEdit(QLineEdit):
    """A password field that notices Caps Lock from the letters it receives."""

    caps_lock = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setPlaceholderText("Passphrase")
        self.setAccessibleName("Passphrase")
        self.setClearButtonEnabled(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isalpha() and text.upper() != text.lower():
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.caps_lock.emit(text.isupper() != shift)
        super().keyPressEvent(event)


class ChooserPage(QWidget):
    create_requested = Signal()
    unlock_failed = Signal(object)  # JobError, after the page has shown it
    passphrase: PassphraseEdit

    def __init__(self, session: Session, settings: QSettings) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self._profiles: list[ProfileRecord] = []

        title = QLabel("Automation Admin")
        title.setProperty("role", "title")
        subtitle = QLabel("Choose a profile and unlock its vault.")
        subtitle.setProperty("role", "hint")
        self.list = QListWidget()
        self.list.setAccessibleName("Profiles")
        self.list.setMinimumHeight(140)
        self.list.itemDoubleClicked.connect(lambda _item: self.passphrase.setFocus())
        self.list.currentRowChanged.connect(lambda _row: self._clear_message())
        self.empty = QLabel("No profiles yet. Create one to get started.")
        self.empty.setProperty("role", "hint")
        self.passphrase = PassphraseEdit()
        self.passphrase.returnPressed.connect(self.unlock)
        self.passphrase.caps_lock.connect(self._caps)
        self.caps = QLabel("Caps Lock is on")
        self.caps.setProperty("role", "hint")
        self.caps.setVisible(False)
        self.message = plain_label()  # errors quote file names and SQLite's words
        self.message.setProperty("role", "error")
        self.message.setAccessibleName("Unlock message")
        self.message.setVisible(False)
        self.restore = QPushButton("Restore newest backup…")
        self.restore.setAccessibleName("Restore newest backup…")
        self.restore.setVisible(False)
        self.restore.clicked.connect(self._restore)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.setAccessibleName("Unlocking")
        self.busy.setVisible(False)
        self.unlock_button = QPushButton(icon("unlock", on_accent=True), "Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.create_button = QPushButton("Create profile…")
        self.create_button.setAccessibleName("Create profile…")
        self.create_button.clicked.connect(self.create_requested)

        card = QFrame()
        card.setMaximumWidth(460)
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(title)
        card_layout.addWidget(subtitle)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.list)
        card_layout.addWidget(self.empty)
        card_layout.addWidget(self.passphrase)
        card_layout.addWidget(self.caps)
        card_layout.addWidget(self.message)
        card_layout.addWidget(self.restore)
        card_layout.addWidget(self.busy)
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addStretch()
        buttons.addWidget(self.unlock_button)
        card_layout.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.addStretch()
        column = QVBoxLayout()
        column.addStretch()
        column.addWidget(card)
        column.addStretch(2)
        outer.addLayout(column)
        outer.addStretch()

    # ---- profiles --------------------------------------------------------------------

    def reload(self, select_id: str | None = None) -> None:
        layout = self.session.layout
        self.session.worker.submit(
            lambda _v: IndexStore(layout).list_profiles(),
            lambda profiles: self._show_profiles(profiles, select_id),
            self._show_error,
            key="chooser.profiles",
        )

    def _show_profiles(self, profiles: list[ProfileRecord], select_id: str | None) -> None:
        self._profiles = profiles
        self.list.clear()
        wanted = select_id or self.settings.value(LAST_PROFILE_KEY, "")
        for profile in profiles:
            item = QListWidgetItem(
                icon("key"), f"{profile.display_name}\ncreated {profile.created_at[:10]}"
            )
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, profile.display_name)
            self.list.addItem(item)
            if profile.id == wanted:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and profiles:
            self.list.setCurrentRow(0)
        has = bool(profiles)
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self.passphrase.setEnabled(has)
        self.unlock_button.setEnabled(has)
        self.passphrase.setFocus()

    def selected(self) -> ProfileRecord | None:
        row = self.list.currentRow()
        return self._profiles[row] if 0 <= row < len(self._profiles) else None

    # ---- unlocking -------------------------------------------------------------------

    def unlock(self) -> None:
        """The Unlock button: the selected profile with the passphrase typed."""
        profile = self.selected()
        if profile is None or self.busy.isVisible():
            return
        self.settings.setValue(LAST_PROFILE_KEY, profile.id)
        self.open_profile(profile.id, self.passphrase.text())

    def open_profile(self, profile: str, passphrase: str) -> None:
        """Unlock `profile` (a display name or an id), showing the page as busy meanwhile."""
        self.set_busy(True)
        self._clear_message()
        self.session.unlock(profile, passphrase, self._failed)

    def open_demo(self) -> None:
        self.set_busy(True)
        self._clear_message()
        self.session.open_demo(self._failed)

    def unlocked(self) -> None:
        self.set_busy(False)
        self.passphrase.clear()
        self.caps.setVisible(False)

    def _failed(self, error: JobError) -> None:
        self.set_busy(False)
        # A vault backup cannot mend index.db: offer the restore for the vault file only.
        damaged = error.kind == "damaged" and not isinstance(error.error, IndexDamaged)
        if isinstance(error.error, WrongPassphrase):
            self._show_message("Wrong passphrase. Check Caps Lock and the keyboard layout.")
        else:
            self._show_message(error.message)
        self.restore.setVisible(damaged)
        self.passphrase.setFocus()
        self.passphrase.selectAll()
        self.unlock_failed.emit(error)

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.passphrase, self.unlock_button, self.create_button, self.list):
            widget.setEnabled(not busy)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def _show_error(self, error: JobError) -> None:
        self._show_message(error.message)

    def _clear_message(self) -> None:
        self.message.setVisible(False)
        self.restore.setVisible(False)

    def _caps(self, on: bool) -> None:
        self.caps.setVisible(on)

    def _restore(self) -> None:
        profile = self.selected()
        if profile is None:
            return
        answer = QMessageBox.question(
            self,
            "Restore newest backup",
            f"Replace the vault of {profile.display_name} with its newest backup? The damaged "
            "file is kept beside it, renamed, and nothing is deleted.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from automation_admin.models.store.backup import restore_newest

        layout = self.session.layout

        def job(_vault: object) -> str:
            aside = restore_newest(layout.vault_db(profile.id), layout.backups_dir, profile.id)
            return aside.name

        def done(aside: str) -> None:
            self.restore.setVisible(False)
            self._show_message(
                f"Restored from the newest backup; the damaged file is kept as "
                f"{aside}. Unlock again."
            )

        self.session.worker.submit(job, done, self._show_error)
