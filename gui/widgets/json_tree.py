"""JSON columns for reading as a tree; invalid JSON written by another program shown raw.
(One line of words for a table cell is `formatting.json_summary`.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from automation_admin.gui.formatting import words
from automation_admin.models.store.jsonview import JsonValue


def fill_tree(tree: QTreeWidget, value: JsonValue, empty: str) -> None:
    """JSON as a readable tree; invalid JSON written by another program shown raw."""
    tree.clear()
    if not value.present:
        QTreeWidgetItem(tree, [empty])
        return
    if not value.valid:
        QTreeWidgetItem(tree, ["⚠ Not valid JSON; shown as written:"])
        QTreeWidgetItem(tree, [value.raw or ""])
        return

    def add(parent: Any, key: str, item: Any) -> None:
        if isinstance(item, dict):
            node = QTreeWidgetItem(parent, [words(key) if key else "", ""])
            for k, v in item.items():
                add(node, str(k), v)
        elif isinstance(item, list):
            node = QTreeWidgetItem(parent, [words(key), f"{len(item)} item(s)"])
            for i, v in enumerate(item, start=1):
                add(node, f"{i}.", v)
        else:
            QTreeWidgetItem(parent, [words(key), str(item)])

    if isinstance(value.value, dict):
        for key, item in value.value.items():
            add(tree, str(key), item)
    else:
        add(tree, "value", value.value)
    tree.expandAll()
