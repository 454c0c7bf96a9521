"""The unlocked view: banners and the tabs. Made per unlock, destroyed on lock, so no Qt
model holding vault data outlives the session."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from automation_admin.gui import keyboard
from automation_admin.gui.session import OpenProfile, Session
from automation_admin.gui.style import relink_under
from automation_admin.gui.tabs.automation_gate import AutomationGate
from automation_admin.gui.tabs.base import BaseTab
from automation_admin.gui.tabs.registry import AUTOMATION_TABS
from automation_admin.gui.tabs.settings.tab import SettingsTab
from automation_admin.gui.widgets.icon_label import IconLabel
from automation_admin.models.live.watch import Changes
from automation_admin.models.settings.providers import provider_choices


def banner(icon_name: str, text: str, kind: str) -> QFrame:
    """A line across the window; `kind` ("demo" or "warning") picks its colours in the
    scheme's style sheet (gui/style.py), so it follows a change of scheme."""
    frame = QFrame()
    frame.setProperty("role", "banner")
    frame.setProperty("kind", kind)
    row = QHBoxLayout(frame)
    row.setContentsMargins(10, 6, 10, 6)
    glyph = IconLabel(icon_name, 18)
    words = QLabel(text)
    words.setWordWrap(True)
    words.setAccessibleName(text)
    row.addWidget(glyph)
    row.addWidget(words, 1)
    return frame


class Workspace(QWidget):
    automation_enabled = Signal()

    def __init__(self, session: Session, profile: OpenProfile) -> None:
        super().__init__()
        self.session = session
        self.profile = profile
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        if profile.is_demo:
            layout.addWidget(
                banner(
                    "demo",
                    "Demo profile: the keys and data here are made up. Its passphrase is “demo”.",
                    "demo",
                )
            )
        if profile.read_only:
            layout.addWidget(
                banner(
                    "warning",
                    f"This vault has schema version {profile.schema_version}, newer than "
                    "this program knows. It is open read-only; update Automation Admin to "
                    "change it.",
                    "warning",
                )
            )
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Sections")
        layout.addWidget(self.tabs, 1)
        self.pages: dict[str, BaseTab] = {}
        if profile.automation_enabled:
            for name, cls in AUTOMATION_TABS:
                self._add(name, cls(session, profile))
        else:
            gate = AutomationGate(session, profile)
            gate.enabled.connect(self.automation_enabled)
            if AUTOMATION_TABS:
                for name, cls in AUTOMATION_TABS:
                    page = (
                        gate if name == AUTOMATION_TABS[0][0] else AutomationGate(session, profile)
                    )
                    if page is not gate:
                        page.enabled.connect(self.automation_enabled)
                    self.tabs.addTab(page, cls.title)
                    self.pages[name] = page
            else:
                self._add("automation", gate)
        self._add("settings", SettingsTab(session, profile))
        self.tabs.currentChanged.connect(self._activated)
        if profile.automation_enabled:
            # First on the worker, so the names are there before any tab's first page.
            session.jobs.run(
                provider_choices,
                done=self._providers_loaded,
                failed=lambda error: session.status.emit(f"Providers: {error.message}"),
            )
        for tab in self.pages.values():
            tab.load()
        keyboard.prepare(self)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            relink_under(self)  # a change of scheme: links in the text views follow it

    def _providers_loaded(self, providers: list[tuple[str, str]]) -> None:
        for page in self.pages.values():
            page.providers_loaded(providers)

    def _add(self, name: str, page: BaseTab) -> None:
        self.tabs.addTab(page, page.title)
        self.pages[name] = page
        page.navigate.connect(self.navigate)
        badge = getattr(page, "badge", None)
        if badge is not None:
            badge.connect(lambda count, p=page: self._badge(p, count))

    def _badge(self, page: BaseTab, count: int) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            shown = getattr(page, "badge_format", "{count:,}").format(count=count)
            self.tabs.setTabText(index, f"{page.title} ({shown})" if count else page.title)
            tip = getattr(page, "badge_tip", "")
            self.tabs.setTabToolTip(index, tip.format(count=count) if count and tip else "")

    def navigate(self, name: str, item: object) -> None:
        page = self.show_tab(name)
        if page is None:
            self.session.status.emit(f"The {name} view is not available in this version.")
        elif item is not None:
            page.open_item(item)

    def show_tab(self, name: str) -> BaseTab | None:
        page = self.pages.get(name)
        if page is not None:
            self.tabs.setCurrentWidget(page)
        return page

    def show_index(self, index: int) -> None:
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def _activated(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, BaseTab):
            page.activated()

    def live_refresh(self, changes: Changes) -> None:
        """Each tab that shows a changed table; an unexplained change (an update no mark
        sees) only to the tab in front, which reads again what it shows."""
        current = self.tabs.currentWidget()
        for page in self.pages.values():
            if changes.tables & page.watches or (changes.unexplained and page is current):
                page.live_refresh(changes)

    def show_notice(self, notice: QWidget) -> None:
        """A dismissable notice above the tabs (the summary after unlock)."""
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(self.tabs), notice)

    def focus_current(self) -> None:
        self._activated(self.tabs.currentIndex())
        self.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
