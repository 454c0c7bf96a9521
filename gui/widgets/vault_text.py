"""Labels that show text from the vault, which any program may have written: plain text
(never read as HTML), and never wider or taller than their place however long it is."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

WRAPPED_CHARS = 600
LINE_CHARS = 160
# A run this long with no space in it gets a zero-width space, where word wrap may break:
# otherwise one long word sets the label's minimum width.
_UNBROKEN = re.compile(r"(\S{40})(?=\S)")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain_label(label: QLabel | None = None, wrap: bool = True) -> QLabel:
    """`label` (or a new one) set up for vault text: plain text, word wrap where asked."""
    label = label if label is not None else QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def show_text(label: QLabel, text: str) -> None:
    """Put vault text in a label made by `plain_label`, shortened to fit its place."""
    if label.wordWrap():
        label.setText(_UNBROKEN.sub("\\1\u200b", shorten(text, WRAPPED_CHARS)))
    else:
        label.setText(shorten(" ".join(text.split()), LINE_CHARS))
