"""'3 new findings — show': rows another program wrote above what the person is reading are
announced here instead of pushing the list down; the bar leaves once they are in view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QStyle, QTableView, QVBoxLayout, QWidget


class NewRowsBar(QPushButton):
    def __init__(self, view: QTableView, one: str, many: str) -> None:
        super().__init__()
        self.view = view
        self.one, self.many = one, many
        self.setProperty("role", "new-rows")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # The arrow says where they are: above what is being read.
        self.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.setStyleSheet(
            "QPushButton { background: palette(highlight); color: palette(highlighted-text);"
            " border: 1px solid palette(mid);"
            " border-radius: 4px; padding: 2px 8px; }"
        )
        self.unseen: dict[str, int] = {}  # id -> its row now
        self.clicked.connect(self.reveal)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self._seen_by_scrolling())
        self.hide()

    def announce(self, rows: dict[str, int]) -> None:
        """`rows`: the new rows (id -> row number) now above the viewport; the
        ones announced before keep counting until they are seen."""
        self.unseen.update(rows)
        self._show()

    def moved(self, positions: dict[str, int]) -> None:
        """The list was filled again: where the unseen rows are now (gone ones drop out)."""
        self.unseen = {i: positions[i] for i in self.unseen if i in positions}
        self._show()

    def _show(self) -> None:
        count = len(self.unseen)
        text = f"{count:,} new {self.one if count == 1 else self.many} — show"
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(count > 0)

    def reveal(self) -> None:
        """Scroll to the first of them (they are above: toward the top)."""
        first = min(self.unseen.values(), default=0)
        self.unseen.clear()
        self._show()
        self.view.scrollTo(self.view.model().index(first, 0), QTableView.ScrollHint.PositionAtTop)

    def _seen_by_scrolling(self) -> None:
        if not self.unseen:
            return
        top = max(self.view.rowAt(0), 0)
        still = {i: r for i, r in self.unseen.items() if r < top}
        if len(still) != len(self.unseen):
            self.unseen = still
            self._show()

    def clear(self) -> None:
        self.unseen.clear()
        self._show()


def with_bar(bar: NewRowsBar, view: QTableView) -> QWidget:
    """The list with its bar on top, as one widget for a splitter or a layout."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(bar)
    layout.addWidget(view, 1)
    return box
