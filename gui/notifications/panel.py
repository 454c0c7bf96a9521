"""The in-window list of recent notifications, each opening its row in its tab, and the
choice of which kinds reach the desktop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from automation_admin.gui.formatting import relative
from automation_admin.gui.notifications.center import NotificationCenter
from automation_admin.gui.notifications.text import entry_text
from automation_admin.gui.resources import icon
from automation_admin.models.live.events import Event, EventKind
from automation_admin.models.store.timeutil import format_timestamp

KIND_ICONS = {
    EventKind.SCRIPT_WAITING: "pending",
    EventKind.CRITICAL_FINDING: "critical",
    EventKind.RUN_FAILED: "error",
    EventKind.KEY_INVALID: "key",
}
EventRole = Qt.ItemDataRole.UserRole + 1


class NotificationsPanel(QDockWidget):
    open_requested = Signal(object)  # Event
    kinds_chosen = Signal(set)  # the kinds that reach the desktop

    def __init__(self, center: NotificationCenter) -> None:
        super().__init__("Notifications")
        self.setObjectName("notifications-dock")
        self.setAccessibleName("Notifications")
        self.center = center
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Notification status")
        self.list = QListWidget()
        self.list.setAccessibleName("Recent notifications")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.clear_button = QPushButton("Clear list")
        self.clear_button.setAccessibleName("Clear list")
        self.clear_button.clicked.connect(center.clear)
        self.boxes: dict[EventKind, QCheckBox] = {}
        choices = QGroupBox("Desktop notifications for")
        column = QVBoxLayout(choices)
        for kind in EventKind:
            box = QCheckBox(kind.label)
            box.setAccessibleName(kind.label)
            box.toggled.connect(self._chosen)
            self.boxes[kind] = box
            column.addWidget(box)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.state)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        layout.addWidget(choices)
        self.setWidget(body)
        self.setMinimumWidth(300)
        center.changed.connect(self.fill)
        self.fill()

    def show_kinds(self, kinds: set[EventKind]) -> None:
        for kind, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(kind in kinds)
            box.blockSignals(False)

    def _chosen(self) -> None:
        self.kinds_chosen.emit({kind for kind, box in self.boxes.items() if box.isChecked()})

    def fill(self) -> None:
        center = self.center
        self.list.clear()
        for notice in center.notices:
            item = QListWidgetItem(icon(KIND_ICONS[notice.event.kind]), entry_text(notice.event))
            item.setData(EventRole, notice.event)
            at = format_timestamp(notice.received)
            item.setToolTip(f"{relative(at, center.clock())}; opens it in {notice.event.tab}")
            self.list.addItem(item)
        self.state.setText(self._state_text())
        self.clear_button.setEnabled(bool(center.notices))

    def _state_text(self) -> str:
        center = self.center
        if center.locked:
            return "Locked: unlock to see what needs you."
        parts = []
        if not center.notices:
            parts.append("Nothing new since the vault was unlocked.")
        if center.is_quiet():
            start, end = center.quiet
            parts.append(
                f"Quiet hours ({start:02d}:00 to {end:02d}:00): desktop notifications wait."
            )
        if center.waiting:
            parts.append(f"{center.waiting:,} waiting for the end of quiet hours.")
        return " ".join(parts)

    def _activated(self, item: QListWidgetItem) -> None:
        event = item.data(EventRole)
        if isinstance(event, Event):
            self.open_requested.emit(event)
