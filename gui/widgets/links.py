"""Web links from vault data open in the browser only after the user saw where they lead."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_and_open(parent: QWidget, url: QUrl) -> bool:
    """Ask, naming the host and the whole address; True when the link was opened."""
    if url.scheme() not in ("http", "https"):
        QMessageBox.information(
            parent, "Open link", f"Only web links open from here:\n\n{url.toString()}"
        )
        return False
    answer = QMessageBox.question(
        parent,
        "Open link",
        f"Open {url.host() or url.toString()} in the web browser?\n\n{url.toString()}",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    return QDesktopServices.openUrl(url)
