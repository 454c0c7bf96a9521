"""Drop-down filters: a named combo box whose first choice is "all"."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox

from automation_admin.gui.formatting import words

# Choices are often names from the vault: one of 100 KB would make the combo box, and the
# window with it, wider than any screen. Longer ones are shortened; the tooltip has it all.
MAX_CHOICE_CHARS = 80


def add_choice(box: QComboBox, text: str, data: Any) -> None:
    if len(text) <= MAX_CHOICE_CHARS:
        box.addItem(text, data)
        return
    box.addItem(text[: MAX_CHOICE_CHARS - 1] + "…", data)
    box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)


def choice_box(name: str, items: Iterable[tuple[str, Any]]) -> QComboBox:
    """A combo box named for screen readers, holding (text, data) items.

    On Linux the accessibility bridge names a combo box by its current value and leaves the
    label to a relation ("Stripe, combo box"); these filters have no visible label, so the
    description says what the box chooses."""
    box = QComboBox()
    box.setAccessibleName(name)
    box.setAccessibleDescription(name)
    for text, data in items:
        add_choice(box, text, data)
    return box


def enum_box(
    name: str,
    all_text: str,
    values: Iterable[str],
    label: Callable[[str], str] = words,
    all_data: Any = "",
) -> QComboBox:
    """ "All …" (data `all_data`), then one item per enum value, labelled in words."""
    return choice_box(name, [(all_text, all_data), *((label(v).capitalize(), v) for v in values)])


def append_choices(box: QComboBox, items: Iterable[tuple[str, Any]]) -> None:
    """Add (text, data) items without announcing a change of the current choice."""
    blocker = QSignalBlocker(box)
    for text, data in items:
        add_choice(box, text, data)
    blocker.unblock()
