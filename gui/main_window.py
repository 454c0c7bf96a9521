"""The window: the chooser before unlock, the workspace after; lock, shortcuts, status."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from automation_admin.gui import accessibility
from automation_admin.gui.chooser import ChooserPage
from automation_admin.gui.idle import IdleLock
from automation_admin.gui.live.controller import LiveController
from automation_admin.gui.resources import app_icon, icon
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.widgets import plain_tooltips
from automation_admin.gui.widgets.vault_text import plain_label, show_text
from automation_admin.gui.window_state import WindowState
from automation_admin.gui.worker import JobError
from automation_admin.gui.workspace import Workspace
from automation_admin.models.store.index_store import ProfileRecord

APP_TITLE = "Automation Admin"
log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    workspace_ready = Signal(object)  # Workspace

    def __init__(self, session: Session, settings: QSettings, restore: bool = True) -> None:
        super().__init__()
        accessibility.install()  # before any passphrase field exists
        plain_tooltips.install(QApplication.instance())  # type: ignore[arg-type]
        self.session = session
        self.settings = settings
        self.workspace: Workspace | None = None
        self._restore = restore
        self.window_state = WindowState(settings)
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(app_icon())
        self.resize(1320, 860)
        geometry = settings.value("window/geometry") if restore else None
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

        self.stack = QStackedWidget()
        self.chooser = ChooserPage(session, settings)
        self.chooser.create_requested.connect(self.create_profile)
        self.stack.addWidget(self.chooser)
        self.setCentralWidget(self.stack)

        toolbar = QToolBar("Vault")
        toolbar.setObjectName("vault-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.profile_label = plain_label(wrap=False)  # a name any program may have written
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        toolbar.addWidget(self.profile_label)
        toolbar.addWidget(spacer)
        self.lock_action = toolbar.addAction(icon("lock"), "Lock")
        self.lock_action.setToolTip("Lock the vault (Ctrl+L)")
        self.lock_action.triggered.connect(self.lock)
        lock_button = toolbar.widgetForAction(self.lock_action)
        if lock_button is not None:
            lock_button.setAccessibleName("Lock")
            lock_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # toolbars keep it off Tab
        self.toolbar = toolbar
        self.addToolBar(toolbar)
        toolbar.setVisible(False)

        QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(self.lock)
        for number in range(1, 7):
            QShortcut(QKeySequence(f"Ctrl+{number}"), self).activated.connect(
                self._switcher(number - 1)
            )
        QShortcut(QKeySequence("F1"), self).activated.connect(self.show_shortcuts)
        QShortcut(QKeySequence("?"), self).activated.connect(self.show_shortcuts)

        self.idle = IdleLock(self.lock, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        session.unlocked.connect(self.on_unlocked)
        session.status.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        # Stays while sort indexes are built after unlock (messages above come and go).
        self.indexing = QLabel()
        self.indexing.setObjectName("indexing-status")
        self.indexing.setTextFormat(Qt.TextFormat.PlainText)
        self.indexing.setVisible(False)
        self.statusBar().addPermanentWidget(self.indexing)
        session.indexing.connect(self._show_indexing)
        session.error.connect(self.show_error)
        self.statusBar().showMessage("Locked.")
        self.chooser.reload()
        self.live = LiveController(self)

    # ---- unlock and lock -------------------------------------------------------------

    def on_unlocked(self, profile: OpenProfile) -> None:
        self.chooser.unlocked()
        self._drop_workspace()
        workspace = Workspace(self.session, profile)
        workspace.automation_enabled.connect(self.session.refresh_profile)
        self.workspace = workspace
        self.stack.addWidget(workspace)
        if self._restore:
            self.window_state.restore(self, workspace)
        self.stack.setCurrentWidget(workspace)
        self.setWindowTitle(f"{profile.profile.display_name} — {APP_TITLE}")
        show_text(self.profile_label, f"  {profile.profile.display_name}")
        self.toolbar.setVisible(True)
        self.idle.arm(profile.auto_lock_seconds)
        mode = " (read-only)" if profile.read_only else ""
        self.statusBar().showMessage(f"Unlocked {profile.profile.display_name}{mode}.", 10_000)
        workspace.focus_current()
        self.workspace_ready.emit(workspace)

    def _show_indexing(self, text: str) -> None:
        self.indexing.setText(text)
        self.indexing.setAccessibleName(text)
        self.indexing.setVisible(bool(text))

    def lock(self) -> None:
        if self.session.current is None:
            return
        self.idle.disarm()
        self._close_dialogs()
        self.session.lock()
        self._drop_workspace()
        self.toolbar.setVisible(False)
        self.setWindowTitle(APP_TITLE)
        self.stack.setCurrentWidget(self.chooser)
        self.statusBar().showMessage("Locked.")
        self.chooser.reload()

    def _drop_workspace(self) -> None:
        if self.workspace is not None:
            if self._restore:
                self.window_state.save(self, self.workspace)
            self.stack.removeWidget(self.workspace)
            self.workspace.setParent(None)
            self.workspace.deleteLater()
            self.workspace = None

    def _close_dialogs(self) -> None:
        """Nothing half-done is saved: every open dialog is rejected."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog | QMessageBox) and widget.isVisible():
                widget.reject()

    # ---- other actions ---------------------------------------------------------------

    def create_profile(self) -> None:
        from automation_admin.gui.dialogs.create_profile import CreateProfileDialog

        dialog = CreateProfileDialog(self.session, self)

        def created(record: ProfileRecord) -> None:
            self.chooser.reload(select_id=record.id)
            self.statusBar().showMessage(f"Profile {record.display_name} created.", 10_000)

        dialog.created.connect(created)
        dialog.open()

    def show_shortcuts(self) -> None:
        from automation_admin.gui.dialogs.shortcuts import ShortcutsDialog

        ShortcutsDialog(self).open()

    def _switcher(self, index: int) -> Callable[[], None]:
        return lambda: self._switch(index)

    def _switch(self, index: int) -> None:
        if self.workspace is not None:
            self.workspace.show_index(index)

    def show_error(self, error: JobError) -> None:
        """A failure no view handled (the worker logged a bug's details already)."""
        self.session.report_failure(self, error)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._restore:
            self.settings.setValue("window/geometry", self.saveGeometry())
            if self.workspace is not None:
                self.window_state.save(self, self.workspace)
        self.live.closing()
        self.session.shutdown()
        super().closeEvent(event)
