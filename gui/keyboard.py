"""Keyboard-only use, for every tab at once: each toggle button is a Tab stop, Tab leaves a
list or a notes field instead of moving inside it, and a list's columns sort from its
context menu (the Menu key or Shift+F10) as a header click would sort them."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QButtonGroup,
    QHeaderView,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QTableView,
    QTextBrowser,
    QTextEdit,
    QTreeView,
    QWidget,
)

from automation_admin.gui.qtmodels.headers import SortKeyRole

TAB_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def prepare(root: QWidget) -> None:
    """Make everything under `root` usable from the keyboard (call once it is built)."""
    for group in root.findChildren(QButtonGroup):
        every_button_a_tab_stop(group)
    for view in root.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView):
            continue
        if isinstance(view, QTableView):
            # Tab moves from cell to cell in a table and never leaves it: arrows do that.
            view.setTabKeyNavigation(False)
        if isinstance(view, QTableView | QTreeView) and sortable_columns(view):
            sort_from_keyboard(view)
    for edit in root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
        if not isinstance(edit, QTextBrowser):  # a browser's Tab walks its links, then leaves
            edit.setTabChangesFocus(True)
    for area in root.findChildren(QAbstractScrollArea):
        if type(area).__name__ == "QScrollArea":
            # A page that scrolls is not a control; its fields are (Qt scrolls to them).
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)


# ---- toggle buttons ----------------------------------------------------------------------


class _EveryButton(QObject):
    """Qt gives a button group one Tab stop (the focused button; arrows move within). Chips,
    ranges and view switchers read as separate buttons, so each is a Tab stop; arrows still
    move between them. Qt takes the Tab stop from the others whenever one gets focus, so it
    is given back as a Tab is pressed or the focus leaves."""

    def __init__(self, group: QButtonGroup) -> None:
        super().__init__(group)
        self.group = group
        for button in group.buttons():
            button.installEventFilter(self)
        self.restore()

    def restore(self) -> None:
        for button in self.group.buttons():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut or (
            kind == QEvent.Type.KeyPress and event.key() in TAB_KEYS  # type: ignore[attr-defined]
        ):
            self.restore()
        return False


def every_button_a_tab_stop(group: QButtonGroup) -> None:
    """Push buttons only: radio buttons keep the radio group's one Tab stop and arrows."""
    if any(isinstance(button, QRadioButton) for button in group.buttons()):
        return
    if group.findChild(_EveryButton) is None:
        _EveryButton(group)


# ---- sorting without a mouse -------------------------------------------------------------


def _header(view: QAbstractItemView) -> QHeaderView | None:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    return None


def _sorts_itself(view: QAbstractItemView) -> bool:
    return isinstance(view, QTableView | QTreeView) and view.isSortingEnabled()


def sortable_columns(view: QAbstractItemView) -> list[int]:
    """The columns a header click sorts: any, on a view that sorts itself; else those the
    model names a sort key for (the list sorts in SQL)."""
    header, model = _header(view), view.model()
    if header is None or model is None:
        return []
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    if _sorts_itself(view):
        return shown
    if not header.sectionsClickable():
        return []
    return [c for c in shown if model.headerData(c, Qt.Orientation.Horizontal, SortKeyRole)]


def sort_menu(view: QAbstractItemView) -> QMenu:
    """ "Sort by …" for each sortable column; choosing one is a click on its header."""
    header = _header(view)
    assert header is not None
    menu = QMenu(view)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # made afresh each time
    model = view.model()
    for column in sortable_columns(view):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        current = header.sortIndicatorSection() == column and header.isSortIndicatorShown()
        action = menu.addAction(f"Sort by {title}" + ("  (again: reverse)" if current else ""))
        action.triggered.connect(lambda _=False, c=column: click_header(view, c))
    return menu


def click_header(view: QAbstractItemView, column: int) -> None:
    header = _header(view)
    if header is None:
        return
    if _sorts_itself(view):
        # What a click does on a view that sorts itself: the same column flips its order.
        order = header.sortIndicatorOrder()
        if header.sortIndicatorSection() == column:
            flipped = (
                Qt.SortOrder.DescendingOrder
                if order == Qt.SortOrder.AscendingOrder
                else Qt.SortOrder.AscendingOrder
            )
        else:
            flipped = Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column, flipped)
    else:
        header.sectionClicked.emit(column)


def sort_from_keyboard(view: QAbstractItemView) -> None:
    """The Menu key (a context menu) or Shift+F10 opens the sort menu at the current row."""
    if view.property("keyboard-sort"):
        return
    view.setProperty("keyboard-sort", True)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(position: QPoint | None = None) -> None:
        menu = sort_menu(view)
        if position is None:
            rect = view.visualRect(view.currentIndex())
            position = rect.bottomLeft() if rect.isValid() else QPoint(0, 0)
        menu.popup(view.viewport().mapToGlobal(position))

    view.customContextMenuRequested.connect(show)
    for keys in ("Shift+F10", "Menu"):
        shortcut = QShortcut(QKeySequence(keys), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(show)


def focus_chain(widgets: list[QWidget | None]) -> None:
    """Tab visits `widgets` in this order (None and hidden ones are skipped by Qt)."""
    present = [w for w in widgets if w is not None]
    for first, second in pairwise(present):
        QWidget.setTabOrder(first, second)
