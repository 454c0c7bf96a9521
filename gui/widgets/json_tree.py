"""JSON columns for reading: a tree, or one line of words; invalid JSON written by another
program shown raw."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from automation_admin.gui.formatting import words
from automation_admin.models.store.ids import is_uuid
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


def json_summary(value: JsonValue) -> str:
    """One line: the scalar entries in stored order, lists as a count. Nested objects and
    row ids are left to the tree (a line of UUIDs reads as noise)."""
    if value.present and not value.valid:
        return f"⚠ not valid JSON: {value.raw}"
    if not isinstance(value.value, dict):
        return "" if value.value is None else str(value.value)
    parts = []
    for key, item in value.value.items():
        if isinstance(item, dict) or is_uuid(item):
            continue
        shown = f"{len(item)} item(s)" if isinstance(item, list) else item
        parts.append(f"{words(str(key))}: {shown}")
    return ", ".join(parts)
