"""Render the application icon (resources/icons/app.svg) to the PNG sizes desktops ask for.

Run after changing the SVG: python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from automation_admin.gui.resources import APP_ICON_SIZES

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def render(svg: Path, size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise OSError(f"could not write {target}")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    (ICONS / "app").mkdir(exist_ok=True)
    for size in APP_ICON_SIZES:
        render(ICONS / "app.svg", size, ICONS / "app" / f"{size}.png")
    print(f"Wrote {len(APP_ICON_SIZES)} PNGs to {ICONS / 'app'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
