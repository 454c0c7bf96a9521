"""Visiting every tab and every view of an unlocked window, waiting for its data each time."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication, QTabWidget

from automation_admin.gui.main_window import MainWindow
from automation_admin.gui.widgets.view_switcher import ViewSwitcher


def settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Every job answered and every layout done."""
    worker = window.session.worker
    for _ in range(3):
        qtbot.waitUntil(lambda: worker.idle, timeout=20_000)
        QApplication.processEvents()
        qtbot.wait(30)


def views(qtbot, window: MainWindow) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Show each tab, each of its views (view switchers, inner tabs, the search log) in turn,
    and yield its name (`tab`, `tab/view`) while it is on screen."""
    workspace = window.workspace
    assert workspace is not None
    tabs = workspace.tabs
    for number in range(tabs.count()):
        tabs.setCurrentIndex(number)
        page = tabs.widget(number)
        name = next(key for key, value in workspace.pages.items() if value is page)
        qtbot.waitUntil(lambda p=page: p.is_loaded, timeout=20_000)
        settle(qtbot, window)
        yield name
        for switcher in page.findChildren(ViewSwitcher):
            for view in range(len(switcher.names)):
                switcher.show_view(view)
                settle(qtbot, window)
                if view:
                    yield f"{name}/{switcher.names[view]}"
                yield from _inner_tabs(qtbot, window, switcher.pages.currentWidget(), name)
            switcher.show_view(0)
        if not page.findChildren(ViewSwitcher):
            yield from _inner_tabs(qtbot, window, page, name)
        toggle = getattr(page, "log_toggle", None)
        if toggle is not None:
            toggle.setChecked(True)
            settle(qtbot, window)
            yield f"{name}/search-log"
            toggle.setChecked(False)
            settle(qtbot, window)


def _inner_tabs(qtbot, window: MainWindow, page, name: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    for inner in page.findChildren(QTabWidget):
        if not inner.isVisible():
            continue
        for number in range(1, inner.count()):
            inner.setCurrentIndex(number)
            settle(qtbot, window)
            yield f"{name}/{inner.tabText(number).lower()}"
        inner.setCurrentIndex(0)
        settle(qtbot, window)
