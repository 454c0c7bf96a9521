"""A drop-down of checkable values (urgencies, categories); none checked means all."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from automation_admin.gui.formatting import words
from automation_admin.gui.widgets.menu_button import MenuButton


class MultiChoice(MenuButton):
    """A drop-down of checkable values; none checked means all."""

    changed = Signal()

    def __init__(self, label: str, values: tuple[str, ...]) -> None:
        super().__init__(f"{label}: all")
        self.label = label
        self.setAccessibleName(label)
        self.setMinimumWidth(130)
        menu = QMenu(self)
        self.actions_by_value: dict[str, QAction] = {}
        for value in values:
            action = menu.addAction(words(value))
            action.setCheckable(True)
            action.toggled.connect(self._toggled)
            self.actions_by_value[value] = action
        self.setMenu(menu)

    def values(self) -> tuple[str, ...]:
        return tuple(v for v, a in self.actions_by_value.items() if a.isChecked())

    def _toggled(self) -> None:
        chosen = self.values()
        self.setText(f"{self.label}: {', '.join(words(v) for v in chosen) if chosen else 'all'}")
        self.changed.emit()

    def clear(self) -> None:
        """Uncheck every value with one `changed`, not one per value."""
        self.set_values(())

    def set_values(self, values: tuple[str, ...]) -> None:
        """Check exactly `values` (unknown ones are ignored), with one `changed`."""
        for value, action in self.actions_by_value.items():
            action.blockSignals(True)
            action.setChecked(value in values)
            action.blockSignals(False)
        self._toggled()
