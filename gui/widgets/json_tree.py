"""JSON columns for reading as a tree; invalid JSON written by another program shown raw.
(One line of words for a table cell is `formatting.json_summary`.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from automation_admin.gui.formatting import words
from automation_admin.gui.widgets.full_text_tips import FullTextTips
from automation_admin.models.store.jsonview import JsonValue

KEY_SHARE = 0.45  # the names column takes what its names need, up to this share of the width


def key_value_tree(name: str, key_title: str, value_title: str = "Value") -> QTreeWidget:
    """A tree of names and values with both columns titled (a screen reader announces the
    header of the cell it reads) and long values elided, whole in their tooltip."""
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels([key_title, value_title])
    tree.setItemDelegate(FullTextTips(tree))
    tree.setUniformRowHeights(True)
    return tree


def fill_tree(tree: QTreeWidget, value: JsonValue, empty: str) -> None:
    """JSON as a readable tree; invalid JSON written by another program shown raw."""
    tree.clear()
    if not value.present:
        _note(tree, empty)
        return
    if not value.valid:
        _note(tree, "⚠ Not valid JSON; shown as written:")
        _note(tree, value.raw or "")
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
    _fit_names(tree)


def _note(tree: QTreeWidget, text: str) -> None:
    """A line that is not a name and a value: across both columns."""
    item = QTreeWidgetItem(tree, [text])
    item.setFirstColumnSpanned(True)
    item.setToolTip(0, text)


def _fit_names(tree: QTreeWidget) -> None:
    tree.resizeColumnToContents(0)
    title = tree.header().sectionSizeFromContents(0).width()
    limit = max(int(max(tree.viewport().width(), 240) * KEY_SHARE), title)
    tree.setColumnWidth(0, min(max(tree.columnWidth(0), title), limit))
