"""Keyboard-only use: Tab walks every tab, view and dialog in a logical order and reaches
every enabled control; the focused control shows a ring at 3:1 or more against what was
there, in both schemes; menus, the Lock button, chart ranges, chips, view switchers, the
charts themselves and sorting all work without a mouse."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QMenu,
    QPushButton,
    QTabBar,
    QToolButton,
    QWidget,
)

from automation_admin.gui.contrast import NON_TEXT_MINIMUM
from automation_admin.gui.main_window import MainWindow
from tests.gui.painted import contrasts, pixels
from tests.gui.test_contrast import dialogs
from tests.gui.theming import (
    demo_root,
    make_profile,
    open_window,
    settle,
    system_switches_to,
    themed,
    visit,
)

__all__ = ["demo_root", "themed"]  # fixtures

TABS = "tab bar"
COUNT = re.compile(r"(: | · )[\d,]+$")
LOCK = "Lock"
SCRIPTS = [TABS, "Approval status", "Provider", "Task type", "Search titles", "Script queue"]
SCRIPTS += ["Script details", TABS]
CHIPS = [TABS, "New", "Reviewed", "Dismissed", "Actioned", "All", "Search log"]
LIBRARY = [TABS, "Recommendations", "Selectors", "Reference library"]
DATES = ["From date", "To date"]
# What Tab reaches, in order, on the demo profile, from the tab bar round to the Lock button
# (the toolbar above the tabs; the next Tab is the tab bar again).
ORDERS = {
    "dashboard": [
        TABS,
        "Active keys",
        "Keys with warnings",
        "Failing or stale",
        "Expiring soon",
        "Urgent findings",
        "Scripts to approve",
        "Provider",
        "Project",
        "Status",
        "Search key names",
        "Keys",
        "Key details",
        "Show raw JSON",
        "Chart scope",
        "7 days",
        "30 days",
        "90 days",
        "365 days",
        "All",
        "Reset zoom",
        "Export",
        "Refresh",
        "Trend chart",
        LOCK,
    ],
    "findings": [
        *CHIPS,
        "Urgency",
        "Category",
        "Provider",
        "Discovered from",
        *DATES,
        "Minimum relevance",
        "Search findings",
        "Findings",
        "Finding details",
        "Notes",
        "Save notes",
        "Mark reviewed",
        "Dismiss",
        "Mark actioned",
        "Reopen",
        "All matching",
        LOCK,
    ],
    "findings/log": [*CHIPS, "Search log provider", "Search log status", "Search log", LOCK],
    "scripts/review": [
        *SCRIPTS,
        "Review findings",
        "Find in code",
        "Script code",
        "Approve",
        "Reject",
        LOCK,
    ],
    "scripts/plan": [*SCRIPTS, "Plan", "Research", "Approve", "Reject", LOCK],
    "scripts/versions": [
        *SCRIPTS,
        "Versions",
        "Changes since the last approved version",
        "Approve",
        "Reject",
        LOCK,
    ],
    "scripts/runs": [
        *SCRIPTS,
        "Run history",
        "Show this run's checkpoints",
        "Approve",
        "Reject",
        LOCK,
    ],
    "checkpoints/decisions": [
        TABS,
        "Decisions",
        "Audit trail",
        "Type",
        "Decision",
        "Provider",
        "Script",
        "Decided from",
        *DATES,
        "Search checkpoints",
        "Export",
        "Decisions per week",
        "Checkpoint decisions",
        "Checkpoint details",
        "Checkpoint context",
        "This run's checkpoints in order",
        "Open the script in Scripts",
        LOCK,
    ],
    "checkpoints/audit": [
        TABS,
        "Decisions",
        "Audit trail",
        "Event type",
        "Between",
        *DATES,
        "Audit trail",
        "Event metadata",
        LOCK,
    ],
    "library/recommendations": [
        *LIBRARY,
        "Recommendation status",
        "Project",
        "Order",
        "Recommendations by project",
        "Recommendation details",
        "Accept",
        "Reject",
        LOCK,
    ],
    "library/selectors": [
        *LIBRARY,
        "Selector provider",
        "Verification status",
        "Current versions only",
        "Search data types",
        "Selectors",
        LOCK,
    ],
    "library/references": [
        *LIBRARY,
        "Reference library sources",
        "Verify",
        "Verify all",
        "Open folder",
        LOCK,
    ],
    "settings": [
        TABS,
        "Lock after idle",
        "Change passphrase…",
        "Autonomous read-only mode",
        "Discovery may use the network",
        "Discovery hour",
        "Refresh interval",
        "Maximum retries",
        "Quiet hours",
        "Snapshots kept per key",
        "Daily summaries",
        "Discovery findings",
        "Search log",
        "Script runs",
        "Checkpoints",
        "Debug screenshots",
        "Providers",
        "Save settings",
        LOCK,
    ],
}
WARNINGS = [
    "Line 5: opens platform.openai.com (page.goto()), which is not a known site of the "
    "provider: it cannot be verified",
    "Line 6: runs JavaScript in the page (page.evaluate()): what it does cannot be verified",
    "Line 7: writes 'usage.png' (page.screenshot()), outside the runner's temporary folder",
]
DIALOG_ORDERS = {
    "Create profile": ["Profile name", "Passphrase", "Repeat passphrase", "Create", "Cancel"],
    "Change passphrase": [
        "Current passphrase",
        "New passphrase",
        "Repeat new passphrase",
        "Change passphrase",
        "Cancel",
    ],
    # The reasons are one radio group: one Tab stop, arrows choose.
    "Dismiss": ["Not relevant", "Comment", "Dismiss", "Cancel"],
    "Reject script": ["Reason", "Cancel"],  # Reject waits for a reason
    "Keyboard shortcuts": ["Close"],
    # Approve waits until every warning is ticked (test_approving_with_warnings_by_keyboard).
    "Approve script": [*WARNINGS, "Cancel"],
    "The vault is damaged": ["Close"],
    "Something went wrong inside Automation Admin": ["Show Details...", "Close"],
}
CHOOSER = ["Profiles", "Passphrase", "Create profile…", "Unlock"]


def name_of(widget: QWidget | None) -> str:
    """The control's name without the count it shows ("Active keys: 18", "New · 230"): the
    order is what is checked, the demo's numbers are not."""
    if widget is None:
        return "nothing"
    if isinstance(widget, QTabBar):
        return TABS
    text = getattr(widget, "text", None)
    name = widget.accessibleName() or (text() if callable(text) else "") or type(widget).__name__
    return COUNT.sub("", name)


def reachable(window: QWidget) -> set[QWidget]:
    """Every control of the window Tab should reach: shown, enabled, taking Tab focus."""
    found = set()
    for widget in window.findChildren(QWidget):
        if not (widget.isVisible() and widget.isEnabled() and widget.window() is window):
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy():
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # a spin box's or combo box's own line edit: the box takes the focus
        found.add(widget)
    return found


class Look:
    """A control's surroundings as painted, and where that is in the control's coordinates."""

    def __init__(self, window: QWidget, widget: QWidget) -> None:
        corner = widget.mapTo(window, widget.rect().topLeft())
        rect = QRect(corner, widget.size()).adjusted(-4, -4, 4, 4).intersected(window.rect())
        self.image = pixels(window.grab(rect))
        self.local = rect.translated(-corner)

    def common(self, other: Look) -> tuple[np.ndarray, np.ndarray]:
        """Both looks cut to the part of the control both show (a page may have scrolled)."""
        both = self.local.intersected(other.local)

        def cut(look: Look) -> np.ndarray:
            top, left = both.top() - look.local.top(), both.left() - look.local.left()
            return look.image[top : top + both.height(), left : left + both.width()]

        return cut(self), cut(other)


Looks = dict[QWidget, tuple[Look, Look]]


def walk(qtbot, window: QWidget, start: QWidget) -> tuple[list[QWidget], Looks]:  # type: ignore[no-untyped-def]
    """Tab from `start` until the focus comes back: the widgets in order, and how each
    looked with the focus on it and just after the focus left it (Tab may scroll a page,
    so each is seen both ways where it stands)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(start, Qt.Key.Key_Shift)  # the keyboard is in use: the ring shows
    order: list[QWidget] = [start]
    looks: Looks = {}
    shown = Look(window, start)
    for _ in range(120):
        current = QApplication.focusWidget()
        assert current is not None, f"the focus was lost after {name_of(order[-1])}"
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is not current and current not in looks:
            looks[current] = (shown, Look(window, current))
        if widget is start or widget is None:
            break
        if widget is not order[-1]:  # a date's sections, a browser's links: one control
            order.append(widget)
        shown = Look(window, widget)
    else:
        pytest.fail(f"Tab never came back to {name_of(start)}: a trap at {name_of(order[-1])}")
    return order, looks


def faint_rings(looks: Looks) -> list[str]:
    """Controls whose focused look differs from their unfocused look by less than a ring:
    fewer changed pixels at 3:1 or more than one pixel all round the control."""
    faint = []
    for widget, (focused, unfocused) in looks.items():
        shown, bare = focused.common(unfocused)
        changed = contrasts(shown.reshape(-1, 3), bare.reshape(-1, 3))
        strong = int((changed >= NON_TEXT_MINIMUM).sum())
        visible = widget.visibleRegion().boundingRect()
        perimeter = 2 * (visible.width() + visible.height())
        if strong < perimeter:
            faint.append(f"{name_of(widget)}: {strong} ring pixels at 3:1, wanted {perimeter}")
    return faint


def opened(qtbot, layout, settings, demo_root, kind: str) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window unlocked on profile `kind` (tests/gui/theming.make_profile), active."""
    make_profile(kind, layout, demo_root)
    window = open_window(qtbot, layout, settings, kind)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def demo(qtbot, themed, layout, settings, demo_root) -> MainWindow:  # type: ignore[no-untyped-def]
    return opened(qtbot, layout, settings, demo_root, "demo")


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tab_walks_every_view_in_order_with_a_visible_ring(qtbot, themed, demo, scheme) -> None:  # type: ignore[no-untyped-def]
    system_switches_to(themed, scheme)
    settle(qtbot, demo)
    problems = []
    for view, expected in ORDERS.items():
        visit(qtbot, demo, view)
        bar = demo.workspace.tabs.tabBar()
        wanted = reachable(demo)
        order, focused = walk(qtbot, demo, bar)
        names = [name_of(w) for w in order]
        if names != expected:
            problems.append(f"{view}: Tab goes {names}")
        missed = wanted - set(order)
        if missed:
            problems.append(f"{view}: Tab never reaches {sorted(name_of(w) for w in missed)}")
        problems += [f"{view}: {p}" for p in faint_rings(focused)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["empty", "v1"])
def test_tab_reaches_every_control_of_a_new_profile(
    qtbot, themed, layout, settings, demo_root, kind, scheme
) -> None:  # type: ignore[no-untyped-def]
    system_switches_to(themed, scheme)
    window = opened(qtbot, layout, settings, demo_root, kind)
    problems = []
    for view in ORDERS if kind == "empty" else ("dashboard", "settings"):
        visit(qtbot, window, view)
        wanted = reachable(window)
        order, focused = walk(qtbot, window, window.workspace.tabs.tabBar())
        missed = wanted - set(order)
        if missed:
            problems.append(f"{view}: Tab never reaches {sorted(name_of(w) for w in missed)}")
        if order[-1] is not window.toolbar.widgetForAction(window.lock_action):
            problems.append(f"{view}: the last stop is {name_of(order[-1])}, not Lock")
        problems += [f"{view}: {p}" for p in faint_rings(focused)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["demo", "empty"])
def test_dialogs_and_the_unlock_screen_walk_in_order(  # type: ignore[no-untyped-def]
    qtbot, themed, layout, settings, demo_root, kind, scheme
) -> None:
    system_switches_to(themed, scheme)
    window = opened(qtbot, layout, settings, demo_root, kind)
    problems = []
    for dialog in dialogs(window):
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda dialog=dialog: QApplication.activeWindow() is dialog)
        first = dialog.focusWidget()
        order, focused = walk(qtbot, dialog, first)
        names = [name_of(w) for w in order]
        if names != DIALOG_ORDERS[dialog.windowTitle()]:
            problems.append(f"{dialog.windowTitle()}: Tab goes {names}")
        if set(order) != reachable(dialog):
            problems.append(f"{dialog.windowTitle()}: Tab misses controls")
        if len(order) > 1:
            problems += faint_rings(focused)
        dialog.reject()
    window.lock()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.chooser)
    settle(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    order, focused = walk(qtbot, window, window.chooser.list)
    assert [name_of(w) for w in order] == CHOOSER
    problems += faint_rings(focused)
    assert not problems, "\n".join(problems)


def test_lock_is_a_tab_stop_and_space_locks(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    bar = demo.workspace.tabs.tabBar()
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(bar, Qt.Key.Key_Backtab)
    lock = QApplication.focusWidget()
    assert name_of(lock) == LOCK
    qtbot.keyClick(lock, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: demo.stack.currentWidget() is demo.chooser)


def menu_items(qtbot, button: QAbstractButton) -> list[str]:  # type: ignore[no-untyped-def]
    """Open `button`'s menu with Space and walk it with Down: the items the keyboard reaches."""
    reached: list[str] = []

    def walk_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu), "Space opened no menu"
        for _ in range(len(menu.actions()) + 1):
            qtbot.keyClick(menu, Qt.Key.Key_Down)
            action = menu.activeAction()
            if action is not None and action.text() not in reached:
                reached.append(action.text())
        qtbot.keyClick(menu, Qt.Key.Key_Escape)

    QTimer.singleShot(50, walk_menu)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    return reached


def test_every_menu_item_is_reached_from_the_keyboard(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    missed = []
    seen = 0
    for view in ORDERS:
        visit(qtbot, demo, view)
        for button in demo.findChildren(QPushButton) + demo.findChildren(QToolButton):
            menu = button.menu()
            if menu is None or not button.isVisible() or not button.isEnabled():
                continue
            seen += 1
            items = [a.text() for a in menu.actions() if a.isEnabled() and not a.isSeparator()]
            reached = menu_items(qtbot, button)
            if set(items) - set(reached):
                missed.append(f"{view} {name_of(button)}: {set(items) - set(reached)}")
    assert seen >= 6  # two Exports, All matching, Urgency, Category, Type, Decision
    assert not missed, "\n".join(missed)


def test_lists_sort_from_the_context_menu_key(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    visit(qtbot, demo, "findings")
    tab = demo.workspace.pages["findings"]
    table = tab.table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    chosen: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.text().startswith("Sort by Discovered"):
                menu.setActiveAction(action)
                chosen.append(action.text())
                qtbot.keyClick(menu, Qt.Key.Key_Return)
                return

    QTimer.singleShot(50, choose)
    qtbot.keyClick(table, Qt.Key.Key_Menu)
    qtbot.waitUntil(lambda: bool(chosen))
    header = table.horizontalHeader()
    qtbot.waitUntil(
        lambda: (
            header.model().headerData(header.sortIndicatorSection(), Qt.Orientation.Horizontal)
            == "Discovered"
        )
    )
    assert tab.presenter.query.sort == "discovered"


def test_the_charts_read_and_pick_from_the_keyboard(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    chart = demo.workspace.pages["dashboard"].chart
    chart.view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(chart.view, Qt.Key.Key_End)
    last = chart.series.days[-1]
    assert chart.readout.text().startswith(last)
    qtbot.keyClick(chart.view, Qt.Key.Key_Left)
    assert chart.readout.text().startswith(chart.series.days[-2])

    visit(qtbot, demo, "checkpoints/decisions")
    tab = demo.workspace.pages["checkpoints"]
    weeks = list(tab.chart.counts)
    tab.chart.view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tab.chart.view, Qt.Key.Key_End)
    qtbot.keyClick(tab.chart.view, Qt.Key.Key_Left)
    qtbot.keyClick(tab.chart.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.presenter.week == weeks[-2])
    assert tab.narrowing.isVisible()


def test_approving_with_warnings_by_keyboard(qtbot, themed) -> None:  # type: ignore[no-untyped-def]
    """Space ticks the focused warning, Tab goes to the next; once all are ticked Tab
    reaches Approve and Space approves."""
    from automation_admin.gui.tabs.scripts.approve_dialog import ApproveDialog
    from automation_admin.models.scripts.review import review_script
    from tests.gui.tabs.test_scripts_tab import TWO_WARNINGS

    dialog = ApproveDialog("Collect usage", 4, review_script(TWO_WARNINGS, "custom"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    for box in dialog.boxes:
        assert QApplication.focusWidget() is box
        qtbot.keyClick(box, Qt.Key.Key_Space)
        assert box.isChecked()
        qtbot.keyClick(box, Qt.Key.Key_Tab)
    approve = QApplication.focusWidget()
    assert approve is dialog.approve_button and approve.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(approve, Qt.Key.Key_Space)
    assert dialog.acknowledged() == dialog.texts


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_bug_reports_details_from_the_keyboard(qtbot, themed, demo, scheme) -> None:  # type: ignore[no-untyped-def]
    """Space on Show Details… opens the details; Tab then reaches them (Qt leaves them out of
    the Tab chain), with a ring, and they read at 4.5:1."""
    from tests.gui.test_contrast import failure_dialogs, too_faint

    system_switches_to(themed, scheme)
    *_, bug = failure_dialogs(demo)
    bug.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is bug)
    details = next(b for b in bug.findChildren(QPushButton) if b.text().startswith("Show"))
    details.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(details, Qt.Key.Key_Space)
    order, focused = walk(qtbot, bug, details)
    names = [name_of(w) for w in order]
    # The details open below the buttons: Tab reads them in that order.
    assert names == ["Hide Details...", "Close", "Details"]
    assert "KeyError" in order[2].toPlainText()
    assert set(order) == reachable(bug)
    assert not faint_rings(focused)
    assert not too_faint(bug, "the bug's details")
    bug.reject()
