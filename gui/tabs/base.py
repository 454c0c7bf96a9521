"""What every tab shares: the session, a `loaded` signal for screenshots and tests."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.worker import JobError


class BaseTab(QWidget):
    title = ""
    loaded = Signal()
    navigate = Signal(str, object)  # another tab's name, and what to show there

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__()
        self.session = session
        self.profile = profile
        self.is_loaded = False

    def load(self) -> None:
        """Ask the worker for this tab's data; call `mark_loaded` when it is shown."""
        self.mark_loaded()

    def report(self, error: JobError) -> None:
        """A failed job of this tab: the status line, and a dialog when the kind needs one."""
        self.session.report_failure(self, error, self.title)

    def mark_loaded(self) -> None:
        self.is_loaded = True
        self.loaded.emit()

    def activated(self) -> None:
        """The tab was brought to the front (focus the right control)."""

    def providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        """(id, display name) of every provider, read once per unlock for all tabs."""

    def show_named_view(self, name: str) -> None:
        """Bring one of the tab's views (for example "audit") to the front."""

    def open_item(self, item: object) -> None:
        """Show one item (a finding id, a script id…) that another tab asked for."""
