"""The tray icon (where the desktop has a tray): the count of unread notifications drawn on
the application icon, one desktop notification per batch, and a menu back to the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from automation_admin.gui.notifications.center import NotificationCenter
from automation_admin.gui.resources import app_icon

SIZE = 64
MESSAGE_MS = 10_000


def badged_icon(count: int) -> QIcon:
    """The application icon with `count` in a red disc (the number says it, not the colour)."""
    if not count:
        return app_icon()
    pixmap = app_icon().pixmap(SIZE, SIZE)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    disc = QRect(SIZE - 36, 0, 36, 36)
    painter.setBrush(QColor("#b91c1c"))
    painter.setPen(QColor("#ffffff"))
    painter.drawEllipse(disc)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(20 if count < 10 else 15)
    painter.setFont(font)
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    def __init__(
        self,
        window: QWidget,
        center: NotificationCenter,
        show_list: Callable[[], None],
        lock: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.center = center
        self.icon: QSystemTrayIcon | None = None
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return  # the in-window list and its count are all there is
        self.icon = QSystemTrayIcon(app_icon(), window)
        menu = QMenu(window)
        menu.addAction("Show Automation Admin", show_list)
        menu.addAction("Lock", lock)
        self.menu = menu
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(lambda _reason: show_list())
        self.icon.messageClicked.connect(show_list)
        center.changed.connect(self.update)
        center.desktop.connect(self.notify)
        self.update()
        self.icon.show()

    def update(self) -> None:
        if self.icon is None:
            return
        count = self.center.unread
        self.icon.setIcon(badged_icon(count))
        state = " (locked)" if self.center.locked else ""
        said = f": {count:,} unread notification{'s' if count != 1 else ''}" if count else ""
        self.icon.setToolTip(f"Automation Admin{state}{said}")

    def notify(self, title: str, body: str) -> None:
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
