"""Icons painted in the scheme's colours at paint time, so they follow a change of scheme.

The SVGs in resources/icons/ mark their parts with classes; the file's own colours are the
light scheme's. A status icon's body ("fill") takes its kind's colour, its marks and its rim
("glyph", "glyph-stroke") the glyph colour: white on the light scheme's dark bodies,
near-black on the dark scheme's light ones, so the rim also parts the icon from a selected
row. Line icons ("ink") take the ink colour, or the selected text's colour on a selected row
or, made `on_accent`, on a primary (blue) button.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from automation_admin.gui.palette import Scheme

SVG_NS = "http://www.w3.org/2000/svg"
ElementTree.register_namespace("", SVG_NS)
# The status kind of each status icon (palette.STATUS_KINDS).
ICON_KINDS = {
    "ok": "ok",
    "warning": "warning",
    "error": "error",
    "critical": "critical",
    "outage": "outage",
    "unknown": "neutral",
    "info": "info",
    "pending": "warning",
}
# Which attribute each class colours: fill, stroke, or whichever of the two is painted.
TARGETS = {
    "fill": ("fill",),
    "paper": ("fill",),
    "glyph-stroke": ("stroke",),
    "accent-stroke": ("stroke",),
    "glyph": ("fill", "stroke"),
    "ink": ("fill", "stroke"),
}


def part_colours(
    name: str, scheme: Scheme, mode: QIcon.Mode, on_accent: bool = False
) -> dict[str, str]:
    """The colour of each marked part of icon `name`, drawn in `mode`."""
    roles = scheme.roles
    banner = scheme.banners["demo"]
    fill = scheme.icon[ICON_KINDS.get(name, "neutral")]
    glyph = scheme.icon["glyph"]
    light = mode == QIcon.Mode.Selected or on_accent
    ink = roles["highlighted-text"] if light else scheme.icon["ink"]
    if mode == QIcon.Mode.Disabled:
        fill = ink = roles["placeholder-text"]
    return {
        "fill": fill,
        "glyph": glyph,
        "glyph-stroke": glyph,
        "ink": ink,
        "paper": banner.background,
        "accent-stroke": banner.accent,
    }


@cache
def _source(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@cache
def themed_svg(path: str, name: str, scheme: Scheme, mode: QIcon.Mode, on_accent: bool) -> bytes:
    root = ElementTree.fromstring(_source(path))
    colours = part_colours(name, scheme, mode, on_accent)
    for element in root.iter():
        classes = (element.get("class") or "").split()
        for attribute in ("fill", "stroke"):
            value = element.get(attribute)
            if value is None or value == "none":
                continue
            for cls in classes:
                if attribute in TARGETS.get(cls, ()):
                    element.set(attribute, colours[cls])
                    break
    return ElementTree.tostring(root)


class ThemedIconEngine(QIconEngine):
    def __init__(self, path: str, name: str, on_accent: bool) -> None:
        super().__init__()
        self.path, self.name, self.on_accent = path, name, on_accent

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        from automation_admin.gui.style import scheme

        data = themed_svg(self.path, self.name, scheme(), mode, self.on_accent)
        QSvgRenderer(QByteArray(data)).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def clone(self) -> QIconEngine:
        return ThemedIconEngine(self.path, self.name, self.on_accent)

    def key(self) -> str:
        return "automation-admin-themed-svg"


def themed_icon(path: str, name: str, on_accent: bool = False) -> QIcon:
    return QIcon(ThemedIconEngine(path, name, on_accent))
