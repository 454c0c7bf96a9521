"""One view of a tab at a time: a row of toggle buttons over stacked pages."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


class ViewSwitcher(QWidget):
    switched = Signal(int)  # the view now shown, by number

    def __init__(self, views: Sequence[tuple[str, str, QWidget]]) -> None:
        """`views`: (name used by --tab TAB/VIEW, button label, page) in button order."""
        super().__init__()
        self.names = [name for name, _label, _page in views]
        self.buttons = QButtonGroup(self)
        self.pages = QStackedWidget()
        row = QHBoxLayout()
        for number, (_name, label, page) in enumerate(views):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setAccessibleName(label)
            self.buttons.addButton(button, number)
            row.addWidget(button)
            self.pages.addWidget(page)
        self.buttons.button(0).setChecked(True)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.pages, 1)
        self.buttons.idClicked.connect(self.show_view)

    @property
    def current(self) -> int:
        return self.pages.currentIndex()

    def show_view(self, number: int) -> None:
        self.buttons.button(number).setChecked(True)
        self.pages.setCurrentIndex(number)
        self.switched.emit(number)

    def show_named(self, name: str) -> None:
        self.show_view(self.names.index(name))
