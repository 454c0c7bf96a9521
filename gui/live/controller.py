"""The window follows the vault: the poll while unlocked, each change sent to the tabs that
show it, what needs the person to the notifications, and the summary after unlock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction

from automation_admin.gui.live.last_locked import LockRecord
from automation_admin.gui.live.links import ListFilter
from automation_admin.gui.live.since_banner import SinceBanner
from automation_admin.gui.live.watcher import POLL_MS, LiveWatcher
from automation_admin.gui.notifications.center import Clock, NotificationCenter, local_now
from automation_admin.gui.notifications.panel import NotificationsPanel
from automation_admin.gui.notifications.preferences import NotificationPreferences
from automation_admin.gui.notifications.tray import Tray
from automation_admin.gui.resources import icon
from automation_admin.gui.session import OpenProfile
from automation_admin.gui.worker import JobError
from automation_admin.gui.workspace import Workspace
from automation_admin.models.live.events import Event, EventKind
from automation_admin.models.live.settings import LiveSettings
from automation_admin.models.live.since import SinceSummary, since_summary
from automation_admin.models.live.watch import Changes

if TYPE_CHECKING:
    from automation_admin.gui.main_window import MainWindow

HEARTBEAT_MS = 60_000
PANEL_HEIGHT = 520  # px: the notifications list, floating over the window
PANEL_MARGIN = 8


class LiveController(QObject):
    def __init__(
        self, window: MainWindow, clock: Clock = local_now, poll_ms: int = POLL_MS
    ) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.watcher = LiveWatcher(self.session, poll_ms)
        self.center = NotificationCenter(clock)
        self.preferences = NotificationPreferences(window.settings)
        self.record = LockRecord(window.settings)
        self.profile: OpenProfile | None = None
        self.banner: SinceBanner | None = None
        self.panel = NotificationsPanel(self.center)
        self.panel.hide()
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        # Over the window, not docked beside the tabs: docked, it would take its width from
        # every tab, whose layouts are fitted to the window (tests/gui/test_layout_fits).
        self.panel.setAllowedAreas(Qt.DockWidgetArea.NoDockWidgetArea)
        self.panel.setFloating(True)
        self.action = QAction(icon("bell"), "Notifications", window)
        self.action.setCheckable(True)
        self.action.setToolTip("Recent notifications: what needs you")
        self.action.toggled.connect(self._toggle_panel)
        window.toolbar.insertAction(window.lock_action, self.action)
        button = window.toolbar.widgetForAction(self.action)
        if button is not None:
            button.setAccessibleName("Notifications")
        self.panel.visibilityChanged.connect(self._panel_shown)
        self.panel.open_requested.connect(self.open_event)
        self.panel.kinds_chosen.connect(self._kinds_chosen)
        self.tray = Tray(window, self.center, self.show_list, window.lock)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self._heartbeat)
        self.watcher.started.connect(self._settings)
        self.watcher.changed.connect(self.changed)
        self.watcher.trouble.connect(self.session.status)
        self.watcher.lost.connect(self._vault_lost)
        self.center.changed.connect(self._count_shown)
        window.workspace_ready.connect(self._workspace_ready)
        self.session.locked.connect(self._locked)

    # ---- unlock and lock -------------------------------------------------------------

    def _workspace_ready(self, workspace: Workspace) -> None:
        """After unlock, and again after enabling automation (new tables to watch)."""
        profile = workspace.profile
        first = self.profile is None or self.profile.profile.id != profile.profile.id
        self.profile = profile
        self.watcher.stop()
        self.watcher.start()
        self.center.unlocked(profile.profile.id)
        kinds = self.preferences.kinds(profile.profile.id)
        self.center.set_kinds(kinds)
        self.panel.show_kinds(kinds)
        self.panel.fill()
        if first:
            since = self.record.last_locked(profile.profile.id)
            if since is not None:
                self.session.jobs.run(
                    since_summary,
                    since,
                    done=self._show_since,
                    failed=lambda error: self.session.status.emit(
                        f"What changed since you last locked: {error.message}"
                    ),
                    key="live.since",
                )
            self.heartbeat.start()

    def _locked(self) -> None:
        self.watcher.stop()
        self.heartbeat.stop()
        if self.profile is not None:
            self.record.record(self.profile.profile.id)
        self.profile = None
        self.banner = None
        self.center.lock()
        self.panel.hide()  # the chooser is not the place for it; the tray keeps the count

    def _vault_lost(self, error: JobError) -> None:
        """Locked first, so nothing more is written to the file that is no longer the vault."""
        self.window.lock()
        self.session.report_failure(self.window, error, "Following the vault")

    def closing(self) -> None:
        """The window closes while unlocked: that is a lock, as far as the summary goes."""
        if self.profile is not None:
            self.record.record(self.profile.profile.id)
        self.watcher.stop()
        self.tray.hide()

    def _heartbeat(self) -> None:
        if self.profile is not None:
            self.record.record(self.profile.profile.id)

    def _show_since(self, summary: SinceSummary) -> None:
        workspace = self.window.workspace
        if summary.empty or workspace is None or self.profile is None:
            return
        self.banner = SinceBanner(summary, datetime.now(UTC))
        self.banner.open_requested.connect(self.open_filter)
        workspace.show_notice(self.banner)

    # ---- changes ---------------------------------------------------------------------

    def changed(self, changes: Changes) -> None:
        workspace = self.window.workspace
        if workspace is not None:
            workspace.live_refresh(changes)
        if changes.settings is not None:
            self._settings(changes.settings)
        self.center.add(changes.events, changes.more)

    def _settings(self, settings: LiveSettings) -> None:
        self.center.set_quiet_hours(settings.quiet_start, settings.quiet_end)
        self.panel.fill()

    # ---- the list --------------------------------------------------------------------

    def _count_shown(self) -> None:
        count = self.center.unread
        text = f"Notifications ({count:,})" if count else "Notifications"
        self.action.setText(text)
        button = self.window.toolbar.widgetForAction(self.action)
        if button is not None:
            button.setAccessibleName(text)  # the count is said, as it is shown

    def _toggle_panel(self, on: bool) -> None:
        if on:
            self._place_panel()
        self.panel.setVisible(on)

    def _place_panel(self) -> None:
        """At the window's top right corner, below the toolbar, as tall as the window allows."""
        window = self.window
        top = window.toolbar.geometry().bottom() + PANEL_MARGIN
        height = min(PANEL_HEIGHT, max(window.height() - top - PANEL_MARGIN, 200))
        self.panel.resize(self.panel.minimumWidth(), height)
        corner = QPoint(window.width() - self.panel.width() - PANEL_MARGIN, top)
        self.panel.move(window.mapToGlobal(corner))

    def _panel_shown(self, visible: bool) -> None:
        self.action.blockSignals(True)
        self.action.setChecked(visible)
        self.action.blockSignals(False)
        if visible:
            self.center.mark_read()

    def show_list(self) -> None:
        """From the tray: the window, in front, with the list open."""
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        self._place_panel()
        self.panel.show()

    def _kinds_chosen(self, kinds: set[EventKind]) -> None:
        self.center.set_kinds(kinds)
        if self.profile is not None:
            self.preferences.set_kinds(self.profile.profile.id, kinds)

    def open_event(self, event: Event) -> None:
        """The row the notification is about, in its tab (a failed run: its script's runs)."""
        workspace = self.window.workspace
        if workspace is None:
            return
        if event.kind == EventKind.RUN_FAILED:
            workspace.navigate(event.tab, ListFilter(event.tab, script_id=event.item))
        else:
            workspace.navigate(event.tab, event.item)

    def open_filter(self, target: ListFilter) -> None:
        workspace = self.window.workspace
        if workspace is not None:
            workspace.navigate(target.tab, target)
