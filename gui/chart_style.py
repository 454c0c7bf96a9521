"""What every chart shares in the scheme's colours: axes, their words, legends and lines.

pyqtgraph's default grey (150, 150, 150) reads at 2.8:1 on the light window; here the axes
and their words take the scheme's axis colour (4.5:1 or more on the window), and series take
the scheme's chart colours (3:1 or more). Charts call these again on a palette change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPen

from automation_admin.gui.style import scheme


def chart_colour(key: str) -> QColor:
    return QColor(scheme().chart[key])


def pen(key: str, width: float = 1, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    made: QPen = pg.mkPen(chart_colour(key), width=width, style=style)
    return made


def style_axes(
    plot: pg.PlotItem, names: Iterable[str] = ("left", "bottom", "right", "top")
) -> None:
    """The axes `names` of `plot` (their lines, ticks and words) in the scheme's axis ink."""
    ink = chart_colour("axis")
    for name in names:
        axis = plot.getAxis(name)
        axis.setPen(ink)
        axis.setTextPen(ink)
        if axis.labelText or axis.labelUnits:
            axis.setLabel(axis.labelText, axis.labelUnits, axis.labelUnitPrefix, color=ink.name())


def style_legends(legends: Iterable[pg.LegendItem]) -> None:
    for legend in legends:
        legend.setLabelTextColor(chart_colour("axis"))
        legend.update()


def style_line(line: pg.InfiniteLine, key: str, style: Qt.PenStyle, width: float = 1) -> None:
    line.setPen(pen(key, width, style))
    label = getattr(line, "label", None)
    if label is not None:
        label.setColor(chart_colour("axis"))


def recolour_on_palette_change(widget: QObject, recolour: Any) -> None:
    """Call `recolour()` whenever `widget`'s palette changes (the scheme changed)."""
    watcher = _PaletteWatcher(widget, recolour)
    widget.installEventFilter(watcher)


class _PaletteWatcher(QObject):
    def __init__(self, parent: QObject, recolour: Any) -> None:
        super().__init__(parent)
        self.recolour = recolour

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self.recolour()
        return False
