"""How each profile's window was left: its size, the last tab, every splitter and the
columns' widths, kept in the Qt settings file and given back at the next unlock.

Only layout goes there, under the profile's id (which `index.db` holds in plain text
anyway): numbers and the names of tabs, never a row, a title or anything else read from
the vault. Widgets are found by their place in the window, so a layout that changed since
is simply not restored (Qt refuses states that do not fit).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QWidget

from automation_admin.gui.workspace import Workspace

PREFIX = "profiles"


def widget_path(widget: QWidget, root: QWidget) -> str:
    """A stable name for `widget` under `root`: object names where set, else the class and
    the place among siblings of that class."""
    parts = []
    current: QWidget | None = widget
    while current is not None and current is not root:
        parent = current.parentWidget()
        name = current.objectName()
        if not name or name.startswith("qt_"):
            siblings = (
                []
                if parent is None
                else parent.findChildren(
                    type(current), options=Qt.FindChildOption.FindDirectChildrenOnly
                )
            )
            number = siblings.index(current) if current in siblings else 0
            name = f"{type(current).__name__}{number}"
        parts.append(name)
        current = parent
    return "/".join(reversed(parts))


SHOWN = "window_state_shown"  # a widget whose layout the user has seen (and may have changed)


class _WhenShown(QObject):
    """Runs `apply` the first time `widget` is shown: a splitter or a header in a page not
    shown yet has no size, and sizes given to it then would be thrown away."""

    def __init__(self, widget: QWidget, apply: Callable[[], object]) -> None:
        super().__init__(widget)
        self.apply = apply
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            self.apply()
            watched.setProperty(SHOWN, True)
            self.deleteLater()
        return False


class WindowState:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def _key(self, profile_id: str, *parts: str) -> str:
        return "/".join((PREFIX, profile_id, *parts))

    # ---- saving ----------------------------------------------------------------------

    def save(self, window: QMainWindow, workspace: Workspace) -> None:
        profile_id = workspace.profile.profile.id

        def key(*parts: str) -> str:
            return self._key(profile_id, *parts)

        self.settings.setValue(key("size"), window.size())
        self.settings.setValue(key("maximized"), window.isMaximized())
        current = workspace.tabs.currentWidget()
        tab = next((name for name, page in workspace.pages.items() if page is current), "")
        self.settings.setValue(key("tab"), tab)
        # Only what was on screen this time: a page never opened keeps what was saved before.
        for splitter in workspace.findChildren(QSplitter):
            if not splitter.property(SHOWN):
                continue
            path = widget_path(splitter, workspace)
            self.settings.setValue(key("splitters", path), splitter.saveState())
        for header in workspace.findChildren(QHeaderView):
            if header.orientation() != Qt.Orientation.Horizontal or header.count() == 0:
                continue
            if not header.property(SHOWN):
                continue
            widths = [header.sectionSize(c) for c in range(header.count())]
            self.settings.setValue(
                key("columns", widget_path(header, workspace)), ",".join(map(str, widths))
            )
        self.settings.sync()

    # ---- restoring -------------------------------------------------------------------

    def restore(self, window: QMainWindow, workspace: Workspace) -> None:
        """Before the workspace is first shown: what fits is put back, the rest left as is."""
        profile_id = workspace.profile.profile.id

        def key(*parts: str) -> str:
            return self._key(profile_id, *parts)

        size = self.settings.value(key("size"))
        if self.settings.value(key("maximized"), False, type=bool):
            window.showMaximized()
        elif isinstance(size, QSize) and size.isValid():
            window.resize(size)
        tab = self.settings.value(key("tab"), "", type=str)
        if tab in workspace.pages:
            workspace.tabs.setCurrentWidget(workspace.pages[tab])
        for splitter in workspace.findChildren(QSplitter):
            state = self.settings.value(key("splitters", widget_path(splitter, workspace)))
            # Watched even with nothing saved: what is shown is what gets saved later.
            restore = partial(splitter.restoreState, state)
            _WhenShown(splitter, restore if isinstance(state, QByteArray) else _nothing)
        for header in workspace.findChildren(QHeaderView):
            saved = self.settings.value(key("columns", widget_path(header, workspace)), "")
            _WhenShown(header, partial(_restore_widths, header, str(saved or "")))


def _nothing() -> None:
    """No layout saved yet for this widget."""


def _restore_widths(header: QHeaderView, saved: str) -> None:
    """Widths the user could have set (interactive columns), where the columns still match;
    a hidden column's saved 0 keeps its own width. Sort order and hidden columns belong to
    the lists, not to the layout, and are not touched."""
    try:
        widths = [int(part) for part in saved.split(",") if part]
    except ValueError:
        return
    if len(widths) != header.count():
        return
    for column, width in enumerate(widths):
        interactive = header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive
        if width > 0 and interactive and not header.isSectionHidden(column):
            header.resizeSection(column, max(width, header.minimumSectionSize()))
