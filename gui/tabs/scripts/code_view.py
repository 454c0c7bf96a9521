"""A read-only Python viewer: line numbers, highlighting, {{PLACEHOLDER}} tokens, find."""

from __future__ import annotations

import keyword
import re
from functools import cache

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from automation_admin.gui.formatting import monospace_font
from automation_admin.gui.palette import Scheme
from automation_admin.gui.style import scheme


def _format(colour: str, bold: bool = False, background: str | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if background:
        fmt.setBackground(QColor(background))
    return fmt


# (pattern, which group to colour, the colour's name in the scheme's syntax colours, bold);
# later rules win, so placeholders come last.
RULES = [
    (re.compile(r"\b(?:" + "|".join(keyword.kwlist) + r")\b"), 0, "keyword", True),
    (re.compile(r"\bdef\s+(\w+)"), 1, "definition", True),
    (re.compile(r"\b\d+(?:\.\d+)?\b"), 0, "number", False),
    (re.compile(r"\"[^\"\n]*\"|'[^'\n]*'"), 0, "string", False),
    (re.compile(r"#[^\n]*"), 0, "comment", False),
    (re.compile(r"\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}"), 0, "placeholder", True),
]


@cache
def _formats(chosen: Scheme) -> tuple[QTextCharFormat, ...]:
    colours = chosen.syntax
    return tuple(
        _format(colours[name], bold, colours["placeholder_back"] if name == "placeholder" else None)
        for _pattern, _group, name, bold in RULES
    )


class PythonHighlighter(QSyntaxHighlighter):
    def highlightBlock(self, text: str) -> None:
        for (pattern, group, _name, _bold), fmt in zip(RULES, _formats(scheme()), strict=True):
            for match in pattern.finditer(text):
                start, end = match.span(group)
                self.setFormat(start, end - start, fmt)


class _Gutter(QWidget):
    def __init__(self, editor: CodeView) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: object) -> None:
        self.editor.paint_gutter(event)


class CodeView(QPlainTextEdit):
    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setAccessibleName("Script code")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(monospace_font())
        self.highlighter = PythonHighlighter(self.document())
        self.gutter = _Gutter(self)
        self.blockCountChanged.connect(
            lambda _n: self.setViewportMargins(self.gutter_width(), 0, 0, 0)
        )
        self.updateRequest.connect(self._scroll_gutter)
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.rehighlight()  # the scheme changed: its syntax colours too

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 12 + self.fontMetrics().horizontalAdvance("9") * digits

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def paint_gutter(self, event: object) -> None:
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), self.palette().alternateBase())  # type: ignore[attr-defined]
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        painter.setPen(self.palette().placeholderText().color())
        while block.isValid() and top <= event.rect().bottom():  # type: ignore[attr-defined]
            if block.isVisible() and bottom >= event.rect().top():  # type: ignore[attr-defined]
                painter.drawText(
                    0,
                    top,
                    self.gutter.width() - 6,
                    self.fontMetrics().height(),
                    Qt.AlignmentFlag.AlignRight,
                    str(number + 1),
                )
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        cursor.select(QTextCursor.SelectionType.LineUnderCursor)
        self.setTextCursor(cursor)
        self.centerCursor()
        highlight = QTextEdit.ExtraSelection()
        highlight.format.setBackground(QColor(scheme().syntax["line"]))
        highlight.format.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
        highlight.cursor = QTextCursor(block)
        self.setExtraSelections([highlight])

    def find_text(self, text: str, backwards: bool = False) -> bool:
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        if self.find(text, flags):
            return True
        cursor = self.textCursor()
        cursor.movePosition(
            QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
        )
        self.setTextCursor(cursor)
        return self.find(text, flags)
