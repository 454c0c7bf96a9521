"""Finding `resources/` (icons, style sheets) from source, installed, or frozen alike."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from automation_admin.gui.themed_icon import themed_icon


@cache
def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "resources"] if frozen else []
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "resources"]
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError("the resources folder is missing from this installation")


@cache
def icon(name: str, on_accent: bool = False) -> QIcon:
    """A named icon in the colours of the scheme in use when it paints; `on_accent` for a
    line icon on a primary (blue) button."""
    return themed_icon(str(resources_dir() / "icons" / f"{name}.svg"), name, on_accent)


APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@cache
def app_icon() -> QIcon:
    """The application icon: the PNG renderings (crisp at small sizes), then the SVG."""
    result = QIcon()
    for size in APP_ICON_SIZES:
        result.addFile(str(resources_dir() / "icons" / "app" / f"{size}.png"))
    result.addFile(str(resources_dir() / "icons" / "app.svg"))
    return result
